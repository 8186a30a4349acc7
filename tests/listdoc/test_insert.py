"""Insertion into real READMEs: only the new lines change (plus renumbered items), the entry lands in
its section in the section's style and order, duplicates are refused with the line, bytes survive."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from splice_checks import assert_splice_only

from tracker.errors import UsageError
from tracker.ids import normalize_title
from tracker.listdoc.edit import (
    NewEntry,
    find_section,
    insert_entries,
    insert_entry,
    render_entry,
    unified_diff,
)
from tracker.listdoc.model import BOM, Document
from tracker.listdoc.parse import parse_document, read_document

BRADYFU = ("2023-06-25_3613892ea1.md", "2024-08-22_e038309f95.md", "2026-07-02_2d26f04c67.md")
YFZHANG = ("2024-04-17_7466e7bced.md", "2025-02-18_83a5a70469.md", "2026-03-15_8c27720671.md")


def paper(n: int = 1, **extra: object) -> NewEntry:
    fields = {
        "title": f"Probing Test Paper Number {n}: A Study",
        "url": f"https://arxiv.org/abs/2612.9{n:04d}",
    }
    return NewEntry(**{**fields, **extra})  # type: ignore[arg-type]


def _version(shared_data: Path, name: str, file: str) -> Document:
    path = shared_data / "lists" / name / file
    return read_document(path)


def _cases(shared_data: Path) -> list[tuple[str, Document, str]]:
    """(label, document, section path) for several sections of several versions of both lists."""
    cases = []
    for name, files in (("bradyfu", BRADYFU), ("yfzhang", YFZHANG)):
        for file in files:
            doc = _version(shared_data, name, file)
            filled = [s for s in doc.sections if s.entries and s.style in ("table", "numbered")]
            bullets = [s for s in doc.sections if s.entries and s.style == "bullet"][:1]
            for section in (filled[0], filled[len(filled) // 2], filled[-1], *bullets):
                cases.append((f"{name}/{file}", doc, section.path_text))
    return cases


def _find(doc: Document, section_path: str, new: NewEntry):
    section = find_section(doc, section_path)
    found = [e for e in section.entries if normalize_title(e.title) == normalize_title(new.title)]
    assert len(found) == 1, [e.title for e in section.entries[:3]]
    return section, found[0]


def test_insertion_changes_only_the_new_line_and_renumbered_items(shared_data: Path) -> None:
    cases = _cases(shared_data)
    assert {section.style for _, doc, path in cases for section in [find_section(doc, path)]} >= {
        "table",
        "numbered",
        "bullet",
    }
    for label, doc, path in cases:
        section = find_section(doc, path)
        new = paper(
            7, code_url="https://github.com/example/probe", date="2026-01-15", note="a note", tag="LLM"
        )
        after = insert_entry(doc, path, new)
        span = range(section.start, section.end) if section.style == "numbered" else None
        new_section, entry = _find(after, path, new)
        # the entry's own lines (a continuation line where the section writes one) and the section's
        # blank line between items, when it has one
        gap = entry.end < len(after.lines) and not after.lines[entry.end].strip()
        written = len(entry.lines) + int(gap and section.style != "table")
        added = assert_splice_only(doc.render(), after.render(), written, span)
        assert added == list(range(added[0], added[0] + written)), label
        assert entry.url == new.url, label
        assert len(new_section.entries) == len(section.entries) + 1, label
        assert [s.path for s in after.sections] == [s.path for s in doc.sections], label
        if section.style == "numbered":
            numbers = [e.number for e in new_section.entries]
            assert numbers == list(range(1, len(numbers) + 1)), (label, numbers)


def test_duplicate_is_refused_naming_its_line(shared_data: Path) -> None:
    doc = _version(shared_data, "bradyfu", BRADYFU[-1])
    existing = find_section(doc, "Multimodal Hallucination").entries[3]
    same_arxiv = NewEntry(title="A different title", url=existing.url.replace("/pdf/", "/abs/") + "v2")
    for new, where in (
        (same_arxiv, "Evaluation"),
        (NewEntry(title=existing.title.upper(), url=None), "Others"),
    ):
        with pytest.raises(UsageError, match=f"line {existing.line}\\b"):
            insert_entry(doc, f"Awesome Papers > {where}", new)


def test_duplicate_inside_one_batch_is_refused(shared_data: Path) -> None:
    doc = _version(shared_data, "yfzhang", YFZHANG[-1])
    with pytest.raises(UsageError, match="batch item 1"):
        insert_entries(doc, [("Survey and Outlook", paper(1)), ("BenchMark and Dataset", paper(1))])


def test_table_row_follows_the_section_style(shared_data: Path) -> None:
    doc = _version(shared_data, "bradyfu", BRADYFU[-1])
    with_code = paper(1, code_url="https://github.com/Foo/Bar", date="2026-06-20", venue="arXiv")
    without = paper(2, date="2026-06-20")
    section = find_section(doc, "Multimodal Instruction Tuning (& Latest Works)")
    assert render_entry(doc, section, with_code) == [
        "| ![Star](https://img.shields.io/github/stars/Foo/Bar.svg?style=social&label=Star) <br> "
        "[**Probing Test Paper Number 1: A Study**](https://arxiv.org/abs/2612.90001) <br> "
        "| arXiv | 2026-06-20 | [Github](https://github.com/Foo/Bar) | - |\n"
    ]
    assert render_entry(doc, section, without) == [
        "| [**Probing Test Paper Number 2: A Study**](https://arxiv.org/abs/2612.90002) "
        "| arXiv | 2026-06-20 | - | - |\n"
    ]
    dataset = find_section(doc, "Benchmarks for Evaluation")
    assert render_entry(doc, dataset, paper(3, code_url="https://github.com/a/b", note="A benchmark")) == [
        "| **Probing Test Paper Number 3** | [Probing Test Paper Number 3: A Study](https://arxiv.org/abs/2612.90003)"
        " | [Link](https://github.com/a/b) | A benchmark |\n"
    ]


def test_newest_first_tables_keep_their_date_order(shared_data: Path) -> None:
    doc = _version(shared_data, "bradyfu", BRADYFU[-1])
    path = "Awesome Papers > Multimodal Hallucination"
    before = find_section(doc, path).entries
    middle = before[len(before) // 2]
    after = insert_entry(doc, path, paper(5, date=middle.date))
    entries = find_section(after, path).entries
    index = next(i for i, e in enumerate(entries) if e.title.startswith("Probing"))
    assert entries[index + 1].lines == middle.lines  # on top of the entries of the same date
    assert all(e.date >= middle.date for e in entries[:index] if e.date)
    undated = insert_entry(doc, path, paper(6))
    assert find_section(undated, path).entries[0].title.startswith("Probing")


def test_numbered_list_new_item_on_top_of_its_tag_group_and_renumbered(shared_data: Path) -> None:
    doc = _version(shared_data, "yfzhang", YFZHANG[-1])
    path = "Multimodal Reasoning And Think With Images (o3)"
    first_llm = next(i for i, e in enumerate(find_section(doc, path).entries) if "(LLM)" in e.lines[0])
    after = insert_entry(doc, path, paper(8, tag="LLM", note="笔记"))
    entries = find_section(after, path).entries
    assert entries[first_llm].lines[0] == (
        f"{first_llm + 1}. (LLM) [Probing Test Paper Number 8: A Study](https://arxiv.org/abs/2612.90008)(笔记)\n"
    )
    assert [e.number for e in entries] == list(range(1, len(entries) + 1))
    top = insert_entry(doc, "Survey and Outlook", paper(9))
    assert (
        find_section(top, "Survey and Outlook")
        .entries[0]
        .lines[0]
        .startswith("1. [Probing Test Paper Number 9")
    )


def test_batch_of_thirty_in_one_pass(shared_data: Path) -> None:
    doc = _version(shared_data, "bradyfu", BRADYFU[-1])
    sections = ["Multimodal Hallucination", "Evaluation", "Benchmarks for Evaluation", "Foundation Models"]
    items = [(sections[n % 4], paper(n, date=f"2026-0{1 + n % 6}-1{n % 10}")) for n in range(30)]
    after = insert_entries(doc, items)
    assert_splice_only(doc.render(), after.render(), 30)
    for query, new in items:
        _find(after, query, new)


def test_crlf_bom_and_missing_final_newline_are_preserved() -> None:
    text = (
        BOM + "# List\r\n\r\n## Papers\r\n1. [A](https://arxiv.org/abs/2401.00001)\r\n2. [B](https://b.org/x)"
    )
    doc = parse_document(text)
    after = insert_entry(doc, "Papers", paper(1)).render()
    assert after.startswith(BOM) and not after.endswith("\n")
    assert after == (
        BOM
        + "# List\r\n\r\n## Papers\r\n1. [Probing Test Paper Number 1: A Study](https://arxiv.org/abs/2612.90001)"
        "\r\n2. [A](https://arxiv.org/abs/2401.00001)\r\n3. [B](https://b.org/x)"
    )
    rows = "".join(f"| [P{n}](https://x.org/{n}) | 2020-0{n}-01 |\r\n" for n in (1, 2))
    oldest_first = parse_document(
        f"## T\r\n| Title | Date |\r\n|--|--|\r\n{rows}| [P3](https://x.org/3) | 2020-03-01 |"
    )
    appended = insert_entry(oldest_first, "T", paper(2, date="2021-01-01")).render()
    assert appended.endswith(
        "| [P3](https://x.org/3) | 2020-03-01 |\r\n"
        "| [Probing Test Paper Number 2: A Study](https://arxiv.org/abs/2612.90002) | 2021-01-01 |"
    )


def test_empty_section_takes_the_form_of_its_siblings() -> None:
    text = (
        "# List\n\n## Papers\n| Title | Venue | Date |\n|:--|:--:|:--:|\n"
        "| [**A**](https://arxiv.org/abs/2401.00001) | arXiv | 2024-01-02 |\n\n## Empty\n\n## Next\n"
    )
    after = insert_entry(parse_document(text), "Empty", paper(1, date="2026-02-03")).render()
    assert "## Empty\n| Title | Venue | Date |\n|:--|:--:|:--:|\n| [**Probing" in after
    assert after.endswith("| arXiv | 2026-02-03 |\n\n\n## Next\n")
    assert find_section(parse_document(after), "Empty").entries[0].url == "https://arxiv.org/abs/2612.90001"
    numbered = "# L\n\n## A\n1. (X) [A](https://a.org/1)(n)\n\n## B\nSome intro.\n"
    after = insert_entry(parse_document(numbered), "B", paper(2, tag="Y", note="m")).render()
    assert after.endswith(
        "## B\nSome intro.\n\n1. (Y) [Probing Test Paper Number 2: A Study](https://arxiv.org/abs/2612.90002)(m)\n"
    )


def test_find_section_suggests_and_lists_ambiguity(shared_data: Path) -> None:
    doc = _version(shared_data, "bradyfu", BRADYFU[-1])
    with pytest.raises(UsageError, match="did you mean 'Awesome Papers > Multimodal Hallucination'"):
        find_section(doc, "Awesome Papers > Multimodal Halucination")
    with pytest.raises(UsageError, match="ambiguous.*Awesome Papers > Others; Awesome Datasets > Others"):
        find_section(doc, "Others")
    assert find_section(doc, "awesome datasets >  others").path == ("Awesome Datasets", "Others")


def test_unified_diff_marks_only_the_splice() -> None:
    diff = unified_diff("a\nb\n", "a\nx\nb", "README.md")
    assert diff.startswith("--- a/README.md\n+++ b/README.md\n")
    assert "+x\n" in diff and "\\ No newline at end of file" in diff


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80)
_URL = st.one_of(
    st.none(), st.from_regex(r"https?://[a-z]{1,8}\.(org|com)/[\x21-\x7e]{0,30}", fullmatch=True), _TEXT
)


@pytest.fixture(scope="module")
def small_docs(shared_data: Path) -> list[Document]:
    return [_version(shared_data, "bradyfu", BRADYFU[0]), _version(shared_data, "yfzhang", YFZHANG[0])]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_TEXT, url=_URL, note=st.one_of(st.none(), _TEXT), pick=st.integers(0, 1000))
def test_random_metadata_never_corrupts_the_readme(small_docs, title, url, note, pick) -> None:
    doc = small_docs[pick % 2]
    targets = [s for s in doc.sections if s.entries]
    section = targets[pick % len(targets)]
    new = NewEntry(title=title, url=url, note=note, code_url=url, tag=note)
    try:
        after = insert_entry(doc, section.path_text, new)
    except UsageError as refused:  # only an unusable title or a paper the list already has
        assert "already in the list" in str(refused) or not normalize_title(title)
        return
    span = range(section.start, section.end) if section.style == "numbered" else None
    assert_splice_only(doc.render(), after.render(), 1, span)
    assert [(s.path, len(s.entries)) for s in after.sections] == [
        (s.path, len(s.entries) + (s.path == section.path)) for s in doc.sections
    ]


@pytest.mark.parametrize(
    ("items", "expected", "renumbered"),
    [
        ("3. [C](https://c.org)\n2. [B](https://b.org)\n1. [A](https://a.org)\n", "4. [Probing", False),
        ("1. [C](https://c.org)\n1. [B](https://b.org)\n1. [A](https://a.org)\n", "1. [Probing", False),
        ("1. [C](https://c.org)\n2. [B](https://b.org)\n", "1. [Probing", True),
        (
            "- [C](https://c.org) - cats\n* [B](https://b.org)\n",
            "- [Probing Test Paper Number 1: A Study]",
            False,
        ),
        ("   1) **[C](https://c.org)**\n   2) **[B](https://b.org)**\n", "   1) **[Probing", True),
    ],
)
def test_list_conventions_are_kept(items: str, expected: str, renumbered: bool) -> None:
    doc = parse_document(f"# L\n\n## S\n{items}\n## After\n")
    after = insert_entry(doc, "S", paper(1, note="a note"))
    [added] = assert_splice_only(doc.render(), after.render(), 1, range(3, 6) if renumbered else None)
    assert after.lines[added].startswith(expected), after.lines[added]
    assert (
        after.lines[added]
        .rstrip("\n")
        .endswith(("(https://arxiv.org/abs/2612.90001) - a note", ")** - a note"))
    )
    assert (after.lines[added + 1 : added + 3] == doc.lines[3:5]) is not renumbered
