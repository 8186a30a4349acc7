"""Sections as printed are sections as accepted (issue 13, part 2): one label per heading
(`listdoc.headings`), printed by `tracker list`, resolved by `tracker add --section`, learned by the
classifier and offered in the PR's "place in" boxes."""

from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent

import pytest

from tests.cli_runner import Invoke
from tracker.classify.classifier import train
from tracker.classify.rules import resolve_section
from tracker.classify.training import NO_ABSTRACTS, training_examples
from tracker.errors import UsageError
from tracker.listdoc.edit import find_section
from tracker.listdoc.headings import heading_label, occurrences, path_text, section_key
from tracker.listdoc.listing import document_listing
from tracker.listdoc.model import Document
from tracker.listdoc.parse import parse_document
from tracker.models import Paper
from tracker.publish.proposals import paper_proposal
from tracker.publish.section_choice import choice_lines, ticked_choices

PROBE_URL = "https://arxiv.org/abs/2612.99999"
ODD = dedent(
    """\
    # Awesome Odd <!-- title comment -->

    ## Table of Contents <!-- omit in toc -->
    - [Models](#models)

    ## 1. <a name='models'></a>📚 Models &amp; Tools
    - [Alpha: A Model](https://arxiv.org/abs/2401.00001)

    ## Empty <!-- TODO -->

    ## 🔥 News
    - [2024-01-02] we started

    ## Group A
    ### 2024
    - [Beta](https://arxiv.org/abs/2401.00002)

    ## Group A
    ### 2024
    - [Gamma](https://arxiv.org/abs/2401.00003)

    ## <!-- only a comment -->
    - [Delta](https://arxiv.org/abs/2401.00004)
    """
)


@pytest.fixture(scope="module")
def every_version(shared_data: Path) -> list[tuple[str, Document]]:
    """Every version of every shared list, parsed once for this module."""
    paths = sorted((shared_data / "lists").glob("*/*.md"))
    assert len(paths) >= 683, "every version of every list under ../shared/data/lists"
    return [(f"{p.parent.name}/{p.name}", parse_document(p.read_bytes().decode("utf-8"))) for p in paths]


def test_every_printed_path_of_every_shared_list_names_its_own_section(every_version) -> None:
    checked = 0
    for name, doc in every_version:
        printed = [section["path"] for section in document_listing(doc)["sections"]]
        assert len(set(map(section_key, printed))) == len(printed), f"{name}: two sections print the same"
        for section, path in zip(doc.sections, printed, strict=True):
            assert find_section(doc, path) is section, f"{name}: {path!r}"
            checked += 1
    assert checked > 15000


def test_heading_label_drops_what_the_page_does_not_show() -> None:
    assert heading_label("Table of Contents <!-- omit in toc -->") == "Table of Contents"
    assert heading_label("1. <a name='vlms'></a>📚 SoTA VLMs ") == "1. 📚 SoTA VLMs"
    assert heading_label('<h3 id="lm">🤏 Scaling Smaller Models<h3/>') == "🤏 Scaling Smaller Models"
    assert heading_label("Tools &amp; Libraries&nbsp;(2024)") == "Tools & Libraries (2024)"
    assert heading_label("Unclosed <!-- to the end") == "Unclosed"


def test_heading_label_keeps_what_the_page_shows() -> None:
    kept = "🔥 **Bold** [here](#full-list) `code` <https://autolink.example> a < b > c R&D"
    assert heading_label(kept) == kept
    assert heading_label("<!-- only a comment -->") == "<!-- only a comment -->", "never an empty name"


def test_a_repeated_path_is_printed_with_its_rank_and_the_plain_path_is_ambiguous() -> None:
    doc = parse_document(ODD)
    printed = [section["path"] for section in document_listing(doc)["sections"]]
    assert printed == [
        "Awesome Odd",
        "Table of Contents",
        "1. 📚 Models & Tools",
        "Empty",
        "🔥 News",
        "Group A #1",
        "Group A > 2024 #1",
        "Group A #2",
        "Group A > 2024 #2",
        "<!-- only a comment -->",
    ]
    assert find_section(doc, "Group A > 2024 #2").entries[0].title == "Gamma"
    with pytest.raises(UsageError, match="ambiguous.*Group A > 2024 #1; Group A > 2024 #2"):
        find_section(doc, "Group A > 2024")
    assert occurrences([("A",), ("A #1",), ("A",)]) == [2, 0, 3], "a rank never repeats a real heading"


def test_sections_resolve_as_printed_as_copied_from_the_readme_and_by_a_unique_tail() -> None:
    doc = parse_document(ODD)
    assert find_section(doc, "Table of Contents <!-- omit in toc -->").is_toc
    assert find_section(doc, "🔥 News").is_news, "a news block is named by its full path"
    assert find_section(doc, "Empty").entries == [], "an empty section is accepted"
    assert find_section(doc, "1. <a name='models'></a>📚 Models &amp; Tools").title == "1. 📚 Models & Tools"
    assert find_section(doc, "  1.  📚 models & tools ").title == "1. 📚 Models & Tools"
    assert find_section(doc, "<!-- only a comment -->").entries[0].title == "Delta"


def test_the_raw_heading_lines_are_untouched() -> None:
    doc = parse_document(ODD)
    assert doc.render() == ODD
    assert doc.lines[doc.sections[1].heading_line] == "## Table of Contents <!-- omit in toc -->\n"


def test_classifier_labels_and_rules_use_the_printed_paths() -> None:
    doc = parse_document(ODD)
    labels = {example.section for example in training_examples(doc)}
    assert labels == {
        "1. 📚 Models & Tools",
        "Group A > 2024 #1",
        "Group A > 2024 #2",
        "<!-- only a comment -->",
    }
    printed = [section.path_text for section in doc.sections]
    assert labels <= set(printed)
    assert resolve_section("1. <a name='models'></a>📚 Models &amp; Tools", printed) == "1. 📚 Models & Tools"
    assert path_text(("A", "B"), 2) == "A > B #2"


def test_list_then_add_every_printed_section_through_the_cli(tracker_cli: Invoke, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(ODD, encoding="utf-8")
    code, out, err = tracker_cli(["list", str(readme), "--json"])
    assert (code, err) == (0, "")
    printed = [section["path"] for section in json.loads(out)["sections"]]
    writable = [path for path in printed if path != "🔥 News"]  # a news block's items are not entries
    for n, path in enumerate(writable):
        url = f"https://arxiv.org/abs/2612.{90000 + n}"
        args = ["add", str(readme), "--section", path, "--title", f"Probe {n} Paper", "--url", url]
        code, out, err = tracker_cli(args)
        assert (code, err) == (0, ""), (path, err)
        assert out.startswith(f"added 'Probe {n} Paper' to {path} at line "), out
    doc = parse_document(readme.read_text(encoding="utf-8"))
    for n, path in enumerate(writable):
        assert f"Probe {n} Paper" in [entry.title for entry in find_section(doc, path).entries], path
    assert [s.path_text for s in doc.sections] == printed, "headings as they were"


def test_add_into_a_news_block_is_refused_with_the_reason(tracker_cli: Invoke, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(ODD, encoding="utf-8")
    args = ["add", str(readme), "--section", "🔥 News", "--title", "Probe", "--url", PROBE_URL]
    code, out, err = tracker_cli(args)
    assert (code, out) == (2, "") and "news block" in err and len(err.strip().splitlines()) == 1
    assert readme.read_text(encoding="utf-8") == ODD


def test_a_real_anchor_heading_prints_and_adds_the_same(
    tracker_cli: Invoke, shared_data: Path, tmp_path: Path
) -> None:
    readme = tmp_path / "README.md"
    latest = sorted((shared_data / "lists" / "zli-vlm-overview").glob("*.md"))[-1]
    readme.write_bytes(latest.read_bytes())
    assert "### 5.1 <a name='Hallucination'></a>Hallucination" in readme.read_text(encoding="utf-8")
    code, out, _ = tracker_cli(["list", str(readme), "--json"])
    path = "5. Challenges > 5.1 Hallucination"
    assert code == 0 and path in [s["path"] for s in json.loads(out)["sections"]]
    args = ["add", str(readme), "--section", path, "--title", "Probe Bench", "--url", PROBE_URL]
    code, out, err = tracker_cli(args)
    assert code == 0, err
    assert out.startswith(f"added 'Probe Bench' to {path} at line ")


def test_the_pr_place_in_boxes_name_sections_add_accepts() -> None:
    doc = parse_document(ODD)
    paper = Paper("2612.90001", "Gamma rays and Beta decay in 2024")
    [result] = train(doc, NO_ABSTRACTS, []).classify([paper])
    boxes = choice_lines(paper_proposal(paper, result))
    assert len(boxes) == 3
    printed = [section["path"] for section in document_listing(doc)["sections"]]
    for box in boxes:
        [choice], _ = ticked_choices(box.replace("- [ ]", "- [x]"))
        assert choice.section in printed and find_section(doc, choice.section).path_text == choice.section
