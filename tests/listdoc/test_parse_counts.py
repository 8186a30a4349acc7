"""Entry counts per section on the two real lists (hand-counted); entry fields against the gold HEAD."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.ids import normalize_title
from tracker.listdoc.model import Document
from tracker.listdoc.parse import read_document

BRADYFU_HEAD = "bradyfu/2026-07-02_2d26f04c67.md"
YFZHANG_HEAD = "yfzhang/2026-03-15_8c27720671.md"

BRADYFU_COUNTS = {
    "Awesome Papers > Multimodal Instruction Tuning (& Latest Works)": 261,
    "Awesome Papers > Multimodal Hallucination": 46,
    "Awesome Papers > Multimodal In-Context Learning": 23,
    "Awesome Papers > Multimodal Chain-of-Thought": 19,
    "Awesome Papers > LLM-Aided Visual Reasoning": 31,
    "Awesome Papers > Foundation Models": 31,
    "Awesome Papers > Evaluation": 43,
    "Awesome Papers > Multimodal RLHF": 8,
    "Awesome Papers > Others": 10,
    "Awesome Datasets > Datasets of Pre-Training for Alignment": 21,
    "Awesome Datasets > Datasets of Multimodal Instruction Tuning": 41,
    "Awesome Datasets > Datasets of In-Context Learning": 2,
    "Awesome Datasets > Datasets of Multimodal Chain-of-Thought": 4,
    "Awesome Datasets > Datasets of Multimodal RLHF": 1,
    "Awesome Datasets > Benchmarks for Evaluation": 52,
    "Awesome Datasets > Others": 6,
}
YFZHANG_COUNTS = {
    "Survey and Outlook": 15,
    "Multimodal Reasoning And Think With Images (o3)": 32,
    "Multimodal Large Language Models": 41,
    "BenchMark and Dataset": 8,
    "Unify Multimodal Understanding and Generation": 29,
    "Alignment With Human Preference (MLLM)": 21,
    "Alignment With Human Preference (LLM)": 17,
}
HIGHLIGHTS = "✨ Highlights of NJU-MiG"
UPDATED = "🔥 Updated 2025-03-15"


@pytest.fixture(scope="module")
def bradyfu(shared_data: Path) -> Document:
    return read_document(shared_data / "lists" / BRADYFU_HEAD)


@pytest.fixture(scope="module")
def yfzhang(shared_data: Path) -> Document:
    return read_document(shared_data / "lists" / YFZHANG_HEAD)


def _counts(document: Document) -> dict[str, int]:
    return {section.path_text: len(section.entries) for section in document.sections}


def test_bradyfu_counts_are_exact(bradyfu: Document) -> None:
    counts = _counts(bradyfu)
    for path, expected in BRADYFU_COUNTS.items():
        assert counts.pop(path) == expected, path
    assert counts.pop(HIGHLIGHTS) == 10  # the highlight bullets are bold-titled paper items
    assert counts == dict.fromkeys(counts, 0), "every other heading has no entries"


def test_yfzhang_counts_are_exact(yfzhang: Document) -> None:
    counts = _counts(yfzhang)
    for path, expected in YFZHANG_COUNTS.items():
        assert counts.pop(path) == expected, path
    assert [s.path_text for s in yfzhang.sections if s.is_news] == [UPDATED]
    assert counts == dict.fromkeys(counts, 0), "news, about and table of contents have no entries"


def test_section_styles_and_columns(bradyfu: Document, yfzhang: Document) -> None:
    by_path = {s.path_text: s for s in bradyfu.sections}
    hallucination = by_path["Awesome Papers > Multimodal Hallucination"]
    assert (hallucination.style, hallucination.level) == ("table", 2)
    assert hallucination.columns == ["Title", "Venue", "Date", "Code", "Demo"]
    assert by_path["Awesome Datasets > Benchmarks for Evaluation"].columns == [
        "Name",
        "Paper",
        "Link",
        "Notes",
    ]
    assert by_path["Awesome Papers"].style == "empty"
    assert by_path[HIGHLIGHTS].style == "bullet"
    assert {s.style for s in yfzhang.sections if s.entries} == {"numbered"}


def test_table_of_contents_is_recognised_by_content_and_never_counts(yfzhang: Document) -> None:
    toc = [s for s in yfzhang.sections if s.is_toc]
    assert [s.path_text for s in toc] == ["Table of Contents (ongoing)"]
    assert toc[0].entries == []


def test_row_without_leading_pipe_still_counts(bradyfu: Document) -> None:
    section = next(s for s in bradyfu.sections if s.path_text.endswith("Instruction Tuning (& Latest Works)"))
    bare = [e for e in section.entries if not e.lines[0].lstrip().startswith("|")]
    assert len(bare) == 1
    assert bare[0].title.startswith("Pink: Unveiling the Power of Referential Comprehension")
    assert bare[0].arxiv_id is not None and bare[0].date is not None


def test_numbered_entries_read_tag_title_url_and_note(yfzhang: Document) -> None:
    section = next(
        s for s in yfzhang.sections if s.path_text == "Multimodal Reasoning And Think With Images (o3)"
    )
    first = section.entries[0]
    assert (first.kind, first.number) == ("numbered", 1)
    assert first.title.startswith("Skywork-R1V4: Toward Agentic Multimodal Intelligence")
    assert first.url == "https://zhuanlan.zhihu.com/p/1979848119471608282"
    assert first.note.startswith("(Think with images) 30K数据SFT")
    assert [e.number for e in section.entries] == list(range(1, 33))
    mllm = next(s for s in yfzhang.sections if s.path_text == "Alignment With Human Preference (MLLM)")
    dama = mllm.entries[1]  # written "[DAMA: ...)(https://arxiv.org/abs/2502.01943)(note)"
    assert dama.title == "DAMA: Data- and Model-aware Alignment of Multi-modal LLMs"
    assert dama.arxiv_id == "2502.01943"


def test_bold_titled_bullets_take_the_bold_text_and_span_their_continuation(bradyfu: Document) -> None:
    highlights = next(s for s in bradyfu.sections if s.path_text == HIGHLIGHTS)
    first = highlights.entries[0]
    assert first.title == "MME-Survey: A Comprehensive Survey on Evaluation of Multimodal LLMs"
    assert first.end - first.start == 2, "the venue line under the bullet belongs to the entry"
    assert first.arxiv_id == "2411.15296"


def _gold(shared_data: Path, name: str) -> list[dict]:
    with (shared_data / "gold" / f"{name}_head_entries.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.mark.parametrize(("name", "head"), [("bradyfu", BRADYFU_HEAD), ("yfzhang", YFZHANG_HEAD)])
def test_entries_match_the_gold_head_entries(shared_data: Path, name: str, head: str) -> None:
    document = read_document(shared_data / "lists" / head)
    by_line = {entry.line: entry for entry in document.entries()}
    gold = _gold(shared_data, name)
    agree = dict.fromkeys(("found", "section", "title", "url", "arxiv_id", "github", "date", "venue"), 0)
    for row in gold:
        entry = by_line.get(row["lineno"])
        if entry is None:
            continue
        agree["found"] += 1
        agree["section"] += entry.section_path == tuple(row["section"].split(" > "))
        agree["title"] += normalize_title(entry.title) == normalize_title(row["title"])
        agree["url"] += entry.url == row["url"]
        agree["arxiv_id"] += entry.arxiv_id == row["arxiv_id"]
        agree["github"] += entry.github == (row["github"].lower() if row["github"] else None)
        agree["date"] += entry.date == row["date"]
        agree["venue"] += entry.venue == row["venue"]
    assert agree["found"] == len(gold), "every gold entry is an entry at the same line"
    for field, count in agree.items():
        assert count / len(gold) >= 0.99, (field, count, len(gold))
