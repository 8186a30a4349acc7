"""Hostile READMEs (hostile_documents.py): the parse round-trips byte for byte, counts what it should,
and an insertion changes only the inserted line (plus renumbered items), keeping CRLF, a BOM, mixed
endings and a missing final newline. Timings are benchmarks/hostile_readme.py's job, not these tests'.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_runner import Invoke
from tests.hardening.hostile_documents import (
    big_table,
    bracket_bombs,
    control_characters,
    fenced_headings,
    html_blocks,
    nested_list,
    with_endings,
)
from tests.hardening.readme_checks import assert_sane, live_markup
from tests.listdoc.splice_checks import assert_splice_only
from tracker.listdoc.edit import NewEntry, find_section, insert_entry
from tracker.listdoc.model import BOM, Document
from tracker.listdoc.parse import parse_document

HOSTILE = NewEntry(
    title="<img src=x onerror=alert(1)> | `x` ](javascript:alert(1)) @octocat #1 \u202eevil",
    url="https://arxiv.org/abs/2612.90001",
    note="<script>alert(1)</script>",
    code_url="javascript:alert(1)",
)
ENDINGS = ["lf", "crlf", "mixed", "crlf-bom-no-final-newline", "bom-no-final-newline"]


def _insert_and_check(text: str, section_query: str) -> Document:
    """Insert HOSTILE; assert the splice, the counts, the endings, BOM and final newline, inertness."""
    doc = parse_document(text)
    section = find_section(doc, section_query)
    after = insert_entry(doc, section_query, HOSTILE)
    [added] = assert_splice_only(text, after.render(), 1, range(section.start, section.end))
    assert_sane(after, after.render())
    assert [(s.path, len(s.entries)) for s in after.sections] == [
        (s.path, len(s.entries) + (s is section)) for s in doc.sections
    ]
    assert after.render().startswith(BOM) == text.startswith(BOM)
    assert after.final_newline == doc.final_newline
    line = after.lines[added]
    assert line.endswith(doc.newline) or (added == len(after.lines) - 1 and not doc.final_newline)
    assert live_markup(after.render(), [added]) == []
    return after


@pytest.mark.parametrize("endings", ENDINGS)
def test_a_500_level_nested_list_is_one_entry_and_takes_an_insertion(endings: str) -> None:
    text, section = nested_list()
    text = with_endings(text, endings)
    doc = parse_document(text)
    assert_sane(doc, text)
    [deep] = find_section(doc, "Deep").entries
    assert deep.title == "Level 0" and len(deep.lines) == 500
    _insert_and_check(text, "Deep")


def test_a_20000_row_50_column_table_round_trips_and_counts_every_row() -> None:
    text, _ = big_table()
    doc = parse_document(text)
    assert_sane(doc, text)
    table = find_section(doc, "Table")
    assert len(table.entries) == 20_000 and len(table.columns or []) == 50
    assert table.entries[-1].title == "Paper 19999" and table.entries[0].cells[1] == "v0\\|x"


def test_a_large_table_takes_an_insertion_in_its_own_row_style() -> None:
    text, _ = big_table(rows=300)
    after = _insert_and_check(text, "Table")
    row = next(e for e in find_section(after, "Table").entries if e.arxiv_id == "2612.90001")
    assert len(row.cells or []) == 50


@pytest.mark.parametrize("endings", ENDINGS)
def test_headings_in_fences_and_comments_never_count(endings: str) -> None:
    text, _ = fenced_headings(blocks=20)
    text = with_endings(text, endings)
    doc = parse_document(text)
    assert_sane(doc, text)
    assert [s.path for s in doc.sections] == [("L",), ("Papers",), ("Last",)]
    assert [e.title for e in doc.entries()] == ["A"]
    _insert_and_check(text, "Papers")


def test_an_unclosed_fence_hides_the_rest_but_corrupts_nothing() -> None:
    text = (
        "# L\n\n## Papers\n- [A](https://arxiv.org/abs/2401.00001)\n\n```\n## Hidden\n- [B](https://b.org)\n"
    )
    doc = parse_document(text)
    assert_sane(doc, text)
    assert [s.path for s in doc.sections] == [("L",), ("Papers",)] and len(doc.entries()) == 1
    _insert_and_check(text, "Papers")


def test_entries_in_html_blocks_count_and_take_insertions() -> None:
    text, _ = html_blocks(blocks=50)
    doc = parse_document(text)
    assert_sane(doc, text)
    assert len(find_section(doc, "Folded").entries) == 50
    _insert_and_check(text, "Folded")


@pytest.mark.parametrize("endings", ENDINGS)
def test_control_characters_tabs_and_lone_carriage_returns_survive(endings: str) -> None:
    text, section = control_characters()
    text = with_endings(text, endings)
    doc = parse_document(text)
    assert_sane(doc, text)
    first, second = find_section(doc, "Odd").entries  # a tab indents 4 columns: a sub-item of the second
    assert first.arxiv_id == "2401.00001" and second.lines[-1].startswith("\t- [tabbed]")
    _insert_and_check(text, "Odd")


def test_bracket_and_emphasis_bombs_parse_and_take_an_insertion() -> None:
    """Unclosed `[` by the ten thousand used to make link finding quadratic (minutes per line), and
    thousands of nested links exhausted the recursion limit; both now parse like any line."""
    text, _ = bracket_bombs(count=20_000)
    doc = parse_document(text)
    assert_sane(doc, text)
    assert [e.arxiv_id for e in doc.entries()] == ["2401.00001", "2401.00002", "2401.00003", "2401.00004"]
    _insert_and_check(text, "Bombs")


def test_a_section_mixing_a_table_and_a_list_keeps_its_table_whole() -> None:
    """The new row goes into the table (the section's main kind), not a bullet above the header's rows."""
    text = (
        "# L\n\n## S\n| Title | Venue |\n|---|---|\n| [P](https://arxiv.org/abs/2401.00001) | arXiv |\n"
        "| [Q](https://arxiv.org/abs/2401.00002) | CVPR |\n\n- [R](https://arxiv.org/abs/2401.00003)\n"
    )
    after = _insert_and_check(text, "S")
    assert [e.kind for e in find_section(after, "S").entries] == ["table_row"] * 3 + ["bullet"]


def test_a_bullet_added_to_a_mixed_section_does_not_renumber_its_numbered_list() -> None:
    text = (
        "# L\n\n## S\n- [A](https://arxiv.org/abs/2401.00001)\n- [B](https://arxiv.org/abs/2401.00002)\n\n"
        "1. [C](https://arxiv.org/abs/2401.00003)\n"
    )
    after = insert_entry(parse_document(text), "S", HOSTILE)
    assert_splice_only(text, after.render(), 1)  # no renumbering allowed
    assert after.lines[-1] == "1. [C](https://arxiv.org/abs/2401.00003)\n"


ADD = ["add", "README.md", "--section", "S", "--title", "T", "--url", "https://arxiv.org/abs/2612.90001"]


@pytest.mark.parametrize("command", [["list", "README.md"], ADD], ids=["list", "add"])
def test_a_readme_that_is_not_utf8_is_refused_and_left_untouched(
    tracker_cli: Invoke, tmp_path: Path, command: list[str]
) -> None:
    """Decided: invalid UTF-8 is a clear error (exit 2), never decoded with replacement characters,
    which would rewrite the maintainer's bytes on the next edit."""
    original = b"# Caf\xe9 list\r\n\r\n## S\r\n- [A](https://arxiv.org/abs/2401.00001)\r\n\xff\xfe"
    (tmp_path / "README.md").write_bytes(original)
    code, out, err = tracker_cli(command)
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [err.strip()] and "not UTF-8" in err and "offset 5" in err
    assert (tmp_path / "README.md").read_bytes() == original
