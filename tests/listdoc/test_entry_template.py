"""Entry templates learned from the section itself (issue 13): each shape the issue names, written the
way the section writes it, through the real `insert_entry`."""

from __future__ import annotations

import re

import pytest

from tracker.listdoc.edit import insert_entry
from tracker.listdoc.entry_template import format_authors, format_date, learn
from tracker.listdoc.parse import parse_document
from tracker.listdoc.template import NewEntry

NEW = NewEntry(
    title="Gamma: A New Method",
    url="https://arxiv.org/abs/2501.05555",
    code_url="https://github.com/g/gamma",
    date="2025-01-09",
    arxiv_id="2501.05555",
    authors=["Zoe Park", "Yan Qi", "Xu Ren"],
)
ABS = "https://arxiv.org/abs/"


def _first_written(body: str, new: NewEntry = NEW) -> str:
    """The lines `insert_entry` writes on top of a `## Papers` section holding `body`; the rest of the
    section must be `body` as it was (numbers aside: a numbered list is renumbered)."""
    before = parse_document(f"# L\n\n## Papers\n\n{body}")
    section = insert_entry(before, "Papers", new).render().split("## Papers\n\n", 1)[1]
    numberless = re.compile(r"^(\s*)\d+\.", re.MULTILINE)
    rest = numberless.sub(r"\1N.", body)
    assert numberless.sub(r"\1N.", section).endswith(rest)
    return section[: len(section) - len(rest)]


CASES = {
    "bold title, indented sub-bullets": (
        "* **Alpha: One Thing**\n  * Ann Lee, Bo Chen\n  * Some University\n"
        f"  * [2024.08.02] {ABS}2408.01234\n  * great\n"
        "* **Beta Two**\n  * Cy Dee, Ed Fox\n  * Other Lab\n"
        f"  * [2024.07.01] {ABS}2407.04321\n  * fine\n",
        f"* **Gamma: A New Method**\n  * Zoe Park, Yan Qi, Xu Ren\n  * [2025.01.09] {ABS}2501.05555\n",
    ),
    "date prefix and labelled links": (
        f"* 26.03 [Alpha: One]({ABS}2603.01234) | [Paper📑]({ABS}2603.01234) [Code🖥️](https://github.com/a/alpha)\n"
        f"* 26.02 [Beta]({ABS}2602.04321) | [Paper📑]({ABS}2602.04321)\n",
        f"* 25.01 [Gamma: A New Method]({ABS}2501.05555) | [Paper📑]({ABS}2501.05555)"
        " [Code🖥️](https://github.com/g/gamma)\n",
    ),
    "bold title, semicolon, authors, note": (
        "- **Alpha One Thing;** Ann Lee, Bo Chen; nice\n- **Beta Two;** Cy Dee, Ed Fox, Gil Ho; ok\n",
        "- **Gamma: A New Method;** Zoe Park, Yan Qi, Xu Ren\n",
    ),
    "short name, linked title, spelled date, badge line": (
        f"+ **Alpha** [Alpha: One Thing]({ABS}2411.01234) (Nov. 25, 2024)\n"
        f"  [![arXiv](https://img.shields.io/badge/arXiv-2411.01234-b31b1b.svg)]({ABS}2411.01234)\n"
        f"+ **Beta** [Beta: Two]({ABS}2410.04321) (Oct. 3, 2024)\n"
        f"  [![arXiv](https://img.shields.io/badge/arXiv-2410.04321-b31b1b.svg)]({ABS}2410.04321)\n",
        f"+ **Gamma** [Gamma: A New Method]({ABS}2501.05555) (Jan. 9, 2025)\n"
        f"  [![arXiv](https://img.shields.io/badge/arXiv-2501.05555-b31b1b.svg)]({ABS}2501.05555)\n",
    ),
    "venue first, plain title, preprint venue from the section": (
        "* [NeurIPS 2024] PLIP: Pre-training [[Paper](https://papers.nips.cc/x.pdf)][[Code](https://github.com/a/b)]\n"
        "* [CVPR 2024] Other Thing Here [[Paper](https://openaccess.thecvf.com/y.pdf)]\n"
        f"* [arXiv 2024] Third One Here [[Paper]({ABS}2405.01234)]\n",
        f"* [arXiv 2025] Gamma: A New Method [[Paper]({ABS}2501.05555)][[Code](https://github.com/g/gamma)]\n",
    ),
    "numbered, bold link with period, blank line, italic authors and venue": (
        f"1. **[Alpha One Thing.]({ABS}2503.12605)** [[code](https://github.com/a/b)]\n\n"
        "    *Ann Lee, Bo Chen, Cy Dee.* Preprint'25\n\n"
        f"2. **[Beta Two.]({ABS}2502.17521)**\n\n    *Ed Fox, Gil Ho.* ACL'25\n",
        f"1. **[Gamma: A New Method.]({ABS}2501.05555)** [[code](https://github.com/g/gamma)]\n\n"
        "    *Zoe Park, Yan Qi, Xu Ren.* Preprint'25\n\n",
    ),
    "arXiv month tag, short name in brackets, emoji labels; unknown links dropped": (
        f"* [2508] [VITAL] [VITAL: Thinking]({ABS}2508.04416)  [[Project 🌐](https://v.github.io/)]"
        "  [[Code 💻](https://github.com/v/v)]\n"
        f"* [2507] [Long-R1] [Scaling RL]({ABS}2507.07966)  [[Code 💻](https://github.com/n/l)]\n",
        f"* [2501] [Gamma] [Gamma: A New Method]({ABS}2501.05555)  [[Code 💻](https://github.com/g/gamma)]\n",
    ),
}


@pytest.mark.parametrize("body, written", list(CASES.values()), ids=list(CASES))
def test_a_new_entry_takes_the_sections_own_shape(body: str, written: str) -> None:
    assert _first_written(body) == written


def test_missing_values_leave_with_their_group_and_free_text_is_never_copied() -> None:
    body = (
        f"* 26.03 [Alpha: One]({ABS}2603.01234) | [Paper📑]({ABS}2603.01234) [Code🖥️](https://github.com/a/a)"
        " (a hand-written note)\n"
        f"* 26.02 [Beta]({ABS}2602.04321) | [Paper📑]({ABS}2602.04321) [Code🖥️](https://github.com/b/b)"
        " (x y)\n"
    )
    bare = NewEntry(title="Delta", url=f"{ABS}2502.07777")
    assert _first_written(body, bare) == f"* 25.02 [Delta]({ABS}2502.07777) | [Paper📑]({ABS}2502.07777)\n"


def test_the_majority_shape_wins_over_an_odd_nearest_item() -> None:
    odd = f"- [Odd one]({ABS}2603.00001) — 2026-03-01\n"
    usual = "".join(f"- **[Paper {n}]({ABS}2602.0000{n})** (2026-02)\n" for n in range(1, 5))
    assert _first_written(odd + usual) == f"- **[Gamma: A New Method]({ABS}2501.05555)** (2025-01)\n"


def test_a_given_note_and_tag_are_written_even_where_the_exemplar_has_none() -> None:
    body = f"1. (Lab) [Alpha]({ABS}2603.01234)(a note)\n2. [Beta]({ABS}2602.04321)\n"
    tagged = NewEntry(title="Delta", url=f"{ABS}2502.07777", note="short note", tag="MIT")
    assert _first_written(body, tagged) == f"1. (MIT) [Delta]({ABS}2502.07777)(short note)\n"


def test_date_and_author_forms() -> None:
    assert format_date("%y%m", NEW) == "2501"
    assert format_date("%b. %d, %Y", NEW) == "Jan. 9, 2025"
    assert format_date("%Y-%m-%d", NewEntry(title="t", url=f"{ABS}2501.05555")) is None  # no day known
    assert format_date("%Y-%m", NewEntry(title="t", url=f"{ABS}2501.05555")) == "2025-01"
    assert format_authors("etal:1", NEW.authors) == "Zoe Park et al."
    assert format_authors("oxford", NEW.authors) == "Zoe Park, Yan Qi, and Xu Ren"


def test_an_item_whose_title_is_not_in_its_text_gives_no_template() -> None:
    doc = parse_document("# L\n\n## P\n\n- plain words only\n")
    entry = doc.entries()[0]
    entry.title = "something else"
    assert learn(entry) is None


def test_a_section_that_appends_takes_new_papers_at_the_bottom() -> None:
    """Unsorted, but its newest papers (by arXiv id) sit at the bottom: the maintainer appends."""
    ids = ["2301.00001", "2405.00002", "2302.00003", "2410.00004", "2411.00005", "2412.00006"]
    body = "".join(f"- [Paper {n}]({ABS}{arxiv_id})\n" for n, arxiv_id in enumerate(ids))
    after = insert_entry(parse_document(f"# L\n\n## Papers\n\n{body}"), "Papers", NEW).render()
    assert after.endswith(f"{body}- [Gamma: A New Method]({ABS}2501.05555)\n")


def test_a_section_with_its_newest_papers_on_top_takes_new_papers_on_top() -> None:
    ids = ["2412.00006", "2301.00001", "2411.00005", "2302.00003", "2405.00002", "2303.00004"]
    body = "".join(f"- [Paper {n}]({ABS}{arxiv_id})\n" for n, arxiv_id in enumerate(ids))
    after = insert_entry(parse_document(f"# L\n\n## Papers\n\n{body}"), "Papers", NEW).render()
    assert after.endswith(f"- [Gamma: A New Method]({ABS}2501.05555)\n{body}")


def test_a_code_span_venue_and_a_question_mark_title_keep_the_lists_form() -> None:
    body = (
        "1. **To CoT or not to CoT? It helps.** `Preprint`\n\n    *Ann Lee, Bo Chen.* 2023.09\n\n"
        "1. **A Peek into Token Bias.** `EMNLP 2024`\n\n    *Cy Dee, Ed Fox.* 2024.06\n\n"
        "1. **Third One.** `Preprint`\n\n    *Cy Dee, Ed Fox.* 2024.07\n"
    )
    question = NewEntry(
        title="Why Does It Work?", url=f"{ABS}2501.05555", date="2025-01-09", authors=["Zoe Park"]
    )
    assert _first_written(body, question).startswith("1. **Why Does It Work?** `Preprint`\n")


def test_a_section_sorted_by_the_month_it_shows_takes_a_paper_above_its_own_month() -> None:
    months = ["2509", "2508", "2508", "2507", "2506"]
    body = "".join(f"* [{m}] [Paper {n}]({ABS}{m}.0000{n})\n" for n, m in enumerate(months))
    after = insert_entry(
        parse_document(f"# L\n\n## Papers\n\n{body}"), "Papers", NewEntry("New", f"{ABS}2508.09999")
    )
    lines = after.render().split("## Papers\n\n", 1)[1].splitlines()
    assert lines[1] == f"* [2508] [New]({ABS}2508.09999)"


def test_an_unpadded_month_is_a_date_and_no_year_is_copied_from_the_exemplar() -> None:
    body = (
        f"1. **A One.** `Preprint`\n\n    *Ann Lee, Bo Chen.* [[Paper]({ABS}2409.16298)], 2024.9\n\n"
        f"1. **B Two.** `Preprint`\n\n    *Cy Dee, Ed Fox.* [[Paper]({ABS}2410.11050)], 2024.10 (2023)\n"
    )
    old = NewEntry(title="Old One", url=f"{ABS}2301.05555", authors=["Zoe Park"])
    written = _first_written(body, old)
    assert "2023.1\n" in written and "2024" not in written
