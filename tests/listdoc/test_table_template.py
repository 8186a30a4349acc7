"""Table sections (issue 13): each column's role is found from its cells as well as its header, cells are
written like the column's own, and a value never goes into another column.

The tables are small copies of the shapes real lists use (dates `MM/DD/YYYY` and `YYYY-MM`, padded cells,
badge-and-authors title cells, `[📄 Paper]` link columns, a hidden `[//]: #` tail, `-` placeholders)."""

from __future__ import annotations

from tracker.listdoc import entry_template
from tracker.listdoc.edit import NewEntry, find_section, insert_entry, render_entry
from tracker.listdoc.fields import row_fields
from tracker.listdoc.model import strip_eol
from tracker.listdoc.parse import parse_document
from tracker.listdoc.slots import Facts, find_slots
from tracker.listdoc.table_template import coarser_forms, date_format_of, infer_table_style

ARXIV = "https://arxiv.org/abs/2606.12345"
CODE = "https://github.com/acme/probe"


def probe(**extra: object) -> NewEntry:
    fields: dict[str, object] = {"title": "Probe: A Study of Tables", "url": ARXIV, "arxiv_id": "2606.12345"}
    return NewEntry(**{**fields, **extra})  # type: ignore[arg-type]


def table(header: str, *rows: str) -> str:
    cells = header.count("|") - 1
    return "# L\n\n## T\n\n" + header + "\n" + "|---" * cells + "|\n" + "".join(row + "\n" for row in rows)


def written(text: str, new: NewEntry) -> str:
    doc = parse_document(text)
    return strip_eol(render_entry(doc, find_section(doc, "T"), new)[0])


def roles(text: str) -> list[str]:
    doc = parse_document(text)
    section = find_section(doc, "T")
    rows = [strip_eol(entry.lines[0]) for entry in section.entries]
    return [cell.role for cell in infer_table_style(section.columns or [], rows).cells]


MODELS = table(
    "| Model | Year | Architecture | Training Data | Parameters |",
    "| [Kimi K3 (Moonshot AI)](https://openrouter.ai/kimi-k3) | 07/17/2026 | MoE | Undisclosed | ~2.8T |",
    "| [Cosmos 3 (NVIDIA)](https://arxiv.org/abs/2606.02800) | 06/01/2026 | Decoder-only "
    "| [MINT-1T](https://arxiv.org/abs/2406.11271), [OBELICS](https://arxiv.org/abs/2306.16527) | 4B |",
    "| [PP-OCRv6 (Baidu)](https://arxiv.org/abs/2606.13108) | 06/11/2026 | free text | - | 0.9B |",
)


def test_a_first_column_of_linked_names_is_the_title_and_dates_keep_their_format() -> None:
    assert roles(MODELS) == ["title", "date", "free", "free", "free"]
    row = written(MODELS, probe(date="2026-06-20"))
    assert row == "| [Probe: A Study of Tables](https://arxiv.org/abs/2606.12345) | 06/20/2026 | - | - | - |"
    # the bot knows only the month (an arXiv id): the column's format without the day
    assert written(MODELS, probe()).split(" | ")[1] == "06/2026"


def test_links_to_other_papers_are_the_maintainers_content_not_a_place_for_ours() -> None:
    row = written(MODELS, probe(code_url=CODE))
    assert row.count("https://") == 1 and CODE not in row  # no column of this table holds code


BENCHMARKS = table(
    "| Dataset | Task | Size (K) | Code / Site |",
    "| MathVision | Visual Math | 3.04 | [📄 Paper](https://arxiv.org/abs/2402.14804) |",
    "| MathVista | Visual Math | 6 | [📄 Paper](https://arxiv.org/abs/2310.02255) |",
)


def test_a_resource_label_is_never_the_title_and_its_column_takes_the_link() -> None:
    doc = parse_document(BENCHMARKS)
    assert [entry.title for entry in find_section(doc, "T").entries] == ["MathVision", "MathVista"]
    row = written(BENCHMARKS, probe())
    assert row == "| Probe: A Study of Tables | - | - | [📄 Paper](https://arxiv.org/abs/2606.12345) |"


PLAIN_TITLES = table(
    "| Title | Year | Paper | Website | Code |",
    "| Vision-R1: Incentivizing Reasoning | 2025 | [📄 Paper](https://arxiv.org/abs/2503.06749) "
    "| [🌍 Website](https://vision-r1.github.io) | [💾 Code](https://github.com/a/vision-r1) |",
    "| GR-2: A Generative Video-Language-Action Model | 2024 | [📄 Paper](https://arxiv.org/pdf/2410.06158) "
    "| [🌍 Website](https://github.com/b/gr2-site) | - |",
    "| Magma: A Foundation Model | 2025 | [📄 Paper](https://arxiv.org/pdf/2502.13130) "
    "| [🌍 Website](https://microsoft.github.io/Magma/) | [💾 Code](https://github.com/microsoft/Magma) |",
    "| Navigation World Models | 2024 | [📄 Paper](https://arxiv.org/pdf/2412.03572) "
    "| [🌍 Website](https://www.amirbar.net/nwm/) | - |",
)


def test_plain_titles_stay_plain_and_each_link_goes_to_its_own_column() -> None:
    row = written(PLAIN_TITLES, probe(code_url=CODE))
    assert row == (
        f"| Probe: A Study of Tables | 2026 | [📄 Paper]({ARXIV}) | - | [💾 Code]({CODE}) |"
    )  # the Website column once held a GitHub link: it is still no code column
    assert written(PLAIN_TITLES, probe()).endswith("| - | - |")


PADDED = table(
    "|   Date  |       keywords       |      Institute     | Paper |",
    "| 2017-06 |     Transformers     |       Google       | [Attention Is All You Need](https://x.org/a) |",
    "| 2018-06 |        GPT 1.0       |       OpenAI       | [Improving Language Models](https://x.org/b) |",
)


def test_padded_cells_keep_their_alignment_and_unknown_columns_their_placeholder() -> None:
    row = written(PADDED, probe())
    assert row.split("|")[1:4] == [" 2026-06 ", " " * 10 + "-" + " " * 11, " " * 9 + "-" + " " * 10]
    assert "[Probe: A Study of Tables](https://arxiv.org/abs/2606.12345)" in row


def test_a_short_name_column_is_filled_from_the_titles_prefix_when_the_list_writes_one() -> None:
    names = PADDED.replace("Transformers", "BERT").replace("Attention Is All You Need", "BERT: Pre-training")
    names = names.replace("GPT 1.0", "  OLMo ").replace("Improving Language Models", "OLMo: Open")
    assert roles(names)[1] == "name"
    assert written(names, probe()).split("|")[2].strip() == "Probe"
    assert written(names, probe(title="Qwen3 Technical Report")).split("|")[2].strip() == "-"


BADGES = table(
    "| Title & Authors | Introduction | Links |",
    "|[![Star](https://img.shields.io/github/stars/a/lpa.svg?style=social&label=Star)](https://github.com/a/lpa)"
    "[![Publish](https://img.shields.io/badge/Conference-EMNLP'24-blue)]()<br>"
    "[Scalable Efficient Training](https://arxiv.org/abs/2411.02063) <br> Xingtai Lv, Ning Ding |"
    '<img width="1002" alt="image" src="https://arxiv.org/html/2411.02063v1/x1.png"> |'
    "[Github](https://github.com/a/lpa) <br> [Paper](https://arxiv.org/abs/2411.02063)|[//]: #11/18",
    "|[TokenSelect: Efficient Long-Context](https://arxiv.org/abs/2411.02886) <br> Wei Wu, Zhe Pan |"
    '<img width="1002" alt="image" src="https://arxiv.org/html/2411.02886v1/x1.png"> |'
    "[Paper](https://arxiv.org/abs/2411.02886)|[//]: #11/18",
    "|:star: [Knowledge Distillation](https://arxiv.org/abs/2306.08543) <br> Yuxian Gu, Li Dong |"
    '<img width="1002" alt="image" src="https://x.org/m.png"> |'
    "[Github](https://github.com/m/lmops) <br> [Paper](https://arxiv.org/abs/2306.08543)| [//]: #Recommend",
)


def test_a_badge_and_authors_title_cell_is_written_like_a_list_item() -> None:
    row = written(BADGES, probe(code_url=CODE, authors=["Ann Lee", "Bo Chen"]))
    assert row == (
        f"|[![Star](https://img.shields.io/github/stars/acme/probe.svg?style=social&label=Star)]({CODE})<br>"
        f"[Probe: A Study of Tables]({ARXIV}) <br> Ann Lee, Bo Chen |- |"
        f"[Github]({CODE}) <br> [Paper]({ARXIV})|[//]: #"
    )  # the venue badge, the image and the hidden note are the maintainer's; the tail keeps its form


def test_without_code_or_authors_their_groups_leave_and_nothing_else() -> None:
    row = written(BADGES, probe())
    assert row == f"|[Probe: A Study of Tables]({ARXIV}) |- |[Paper]({ARXIV})|[//]: #"


VENUES = table(
    "| Paper                                             |  Published in | Code/Project |",
    "|[CLIP: Learning Transferable Visual Models](https://arxiv.org/pdf/2103.00020.pdf)|ICML 2021|"
    "[Code](https://github.com/openai/CLIP)|",
    "|[CoCa: Contrastive Captioners](https://arxiv.org/abs/2205.01917)|arXiv 2022|-|",
    "|[FLAVA: A Foundational Model](https://arxiv.org/abs/2112.04482)|CVPR 2022|-|",
)


def test_a_venue_column_found_by_its_cells_writes_the_preprint_form_and_the_venues_year() -> None:
    assert roles(VENUES) == ["title", "venue", "links"]
    assert written(VENUES, probe()) == f"|[Probe: A Study of Tables]({ARXIV})|arXiv 2026|-|"
    assert written(VENUES, probe(venue="NeurIPS 2025", code_url=CODE)).endswith(
        f"|NeurIPS 2025|[Code]({CODE})|"
    )  # the venue's own year, not the arXiv id's


def test_a_new_row_reads_back_with_its_title_link_and_date() -> None:
    for text in (MODELS, BENCHMARKS, PLAIN_TITLES, PADDED, BADGES, VENUES):
        after = insert_entry(parse_document(text), "T", probe(code_url=CODE, date="2026-06-20"))
        entry = next(e for e in find_section(after, "T").entries if e.arxiv_id == "2606.12345")
        assert entry.title == "Probe: A Study of Tables"


def test_the_title_cell_is_found_by_content() -> None:
    date_first = (
        "| 2024-05 | [A Real Title](https://arxiv.org/abs/2405.00001) | [Code](https://github.com/b) |"
    )
    assert row_fields(date_first, ["A", "B", "C"])[0].title == "A Real Title"
    typo = "|| Shifted Title | 2026/02 | [Paper](https://arxiv.org/abs/2602.00001) | - |"
    assert row_fields(typo, ["Title", "Year", "Paper", "Code"])[0].title == "Shifted Title"
    dated_note = "| | 2026 (ICLR) | [Paper](https://arxiv.org/abs/2602.00001) | Real Title |"
    assert row_fields(dated_note, ["Title", "Year", "Paper", "Note"])[0].title == "Real Title"
    header_wins = "| Plain Title | [Other Words](https://arxiv.org/abs/2401.00001) |"
    assert row_fields(header_wins, ["Title", "Paper"])[0].title == "Plain Title"


def test_date_formats_are_read_whole_and_checked() -> None:
    assert date_format_of("06/11/2026") == "%m/%d/%Y"
    assert date_format_of("[2024.08.02]") == "[%Y.%m.%d]"
    assert date_format_of("26.03") == "%y.%m"
    assert date_format_of("12.50") is None and date_format_of("2026 (TMLR)") is None
    assert coarser_forms("%m/%d/%Y") == ["%m/%d/%Y", "%m/%Y", "%Y"]
    assert coarser_forms("%b. %d, %Y") == ["%b. %d, %Y", "%b. %Y", "%Y"]


def test_a_title_without_an_address_is_text_never_an_empty_link() -> None:
    row = written(VENUES, probe(url=None, arxiv_id=None))
    assert row.startswith("|Probe: A Study of Tables|") and "]()" not in row


def test_a_row_without_outer_pipes_never_starts_a_list_item() -> None:
    text = "# L\n\n## T\n\nPaper | Venue\n--- | ---\n[Paper](https://arxiv.org/abs/2401.00003) | arXiv\n"
    row = written(text.replace("[Paper]", "[Real Title]"), probe(url="javascript:alert(1)", arxiv_id=None))
    assert not row.startswith(("-", "*", "+", "#")) and row.count("|") == 1


def test_a_cell_is_filled_through_its_slots_without_a_title() -> None:
    cell = "[Github](https://github.com/a/b), [Paper](https://arxiv.org/abs/2401.00001)"
    slots = find_slots(cell, Facts("", "2401.00001"))
    assert entry_template.fill(cell, slots, probe()) == (f"[Paper]({ARXIV})", ["code_url"])
    assert entry_template.fill(cell, slots, probe(code_url=CODE))[0] == f"[Github]({CODE}), [Paper]({ARXIV})"
