"""Property tests: on generated READMEs (see readme_strategies), parsing round-trips byte for byte and
inserting hostile entries never corrupts the document.

tests/listdoc covers random metadata in two real READMEs and random character soup; here the documents
themselves vary (structure, fences, HTML, endings, BOM, final newline) and several hostile entries go into
several sections at once.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.hardening.readme_checks import assert_sane, live_markup
from tests.hardening.readme_strategies import HOSTILE_PIECES, hostile_titles, hostile_urls, readmes
from tests.listdoc.splice_checks import assert_splice_only
from tracker.errors import UsageError
from tracker.listdoc.edit import NewEntry, find_section, insert_entries
from tracker.listdoc.model import BOM, Document, Section
from tracker.listdoc.parse import parse_document

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(text=readmes())
def test_generated_readmes_round_trip_with_sane_spans(text: str) -> None:
    assert_sane(parse_document(text), text)


def _addressable(doc: Document, section: Section) -> bool:
    """Whether a run can name the section (an empty `#` heading, a TOC or news block cannot be named)."""
    try:
        return find_section(doc, section.path_text) is section
    except UsageError:
        return False


@st.composite
def _hostile_entry(draw: st.DrawFn, number: int) -> NewEntry:
    own = f"https://arxiv.org/abs/2612.9{number:04d}"
    return NewEntry(
        title=f"{draw(hostile_titles())} {number}",  # unique in its batch, as candidates are
        url=draw(st.one_of(st.just(own), hostile_urls())),
        code_url=draw(hostile_urls()),
        note=draw(st.one_of(st.none(), hostile_titles())),
        tag=draw(st.one_of(st.none(), hostile_titles())),
        venue=draw(st.one_of(st.none(), hostile_titles())),
        date=draw(st.sampled_from([None, "2026-01-15", "2026", "<b>1</b>"])),
        arxiv_id=f"2612.9{number:04d}",
    )


@PROPERTY
@given(text=readmes(), data=st.data())
def test_inserting_hostile_entries_never_corrupts_the_readme(text: str, data: st.DataObject) -> None:
    doc = parse_document(text)
    targets = [s for s in doc.sections if s.entries and _addressable(doc, s)]
    assume(targets)
    picks = data.draw(st.lists(st.sampled_from(targets), min_size=1, max_size=3))
    items = [(section.path_text, data.draw(_hostile_entry(n))) for n, section in enumerate(picks)]
    try:
        after = insert_entries(doc, items)
    except UsageError as refused:  # a title empty once cleaned, or one an existing entry already has
        assert re.search(r"is empty without its control|already in the list at line", str(refused)), refused
        return

    renumbered = {i for s in picks if s.style in ("numbered", "mixed") for i in range(s.start, s.end)}
    added = assert_splice_only(  # the section's blank line between items comes with a new item
        text, after.render(), len(items), renumbered or None, blank_lines_free=True  # type: ignore[arg-type]
    )
    assert_sane(after, after.render())
    expected = [(s.path, len(s.entries) + sum(p is s for p in picks)) for s in doc.sections]
    assert [(s.path, len(s.entries)) for s in after.sections] == expected
    fresh = {e.arxiv_id for e in after.entries() if e.arxiv_id} - {e.arxiv_id for e in doc.entries()}
    assert fresh == {new.arxiv_id for _, new in items if new.url and new.url.endswith(new.arxiv_id or "")}

    assert after.render().startswith(BOM) == text.startswith(BOM)
    assert after.final_newline == doc.final_newline
    for index in added:
        line = after.lines[index]
        assert line.endswith(doc.newline) or (index == len(after.lines) - 1 and not doc.final_newline)
        assert "\r" not in line.removesuffix("\r\n") and "\x00" not in line
    assert live_markup(after.render(), added) == []


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_hostile_entry_lands_inert_in_each_section_style(newline: str) -> None:
    """The deterministic companion of the property: one hostile title of every kind in each style."""
    text = newline.join(
        [
            "# L",
            "## Numbered",
            "1. [A](https://arxiv.org/abs/2401.00001)",
            "## Bullets",
            "- [B](https://arxiv.org/abs/2401.00002) - note",
            "## Table",
            "| Title | Venue |",
            "|---|---|",
            "| [C](https://arxiv.org/abs/2401.00003) | arXiv |",
        ]
    )
    doc = parse_document(text)
    for n, piece in enumerate(HOSTILE_PIECES):
        for section in ("Numbered", "Bullets", "Table"):
            new = NewEntry(
                title=f"{piece} title {piece}", url=f"https://arxiv.org/abs/2612.9{n:04d}", note=piece
            )
            after = insert_entries(doc, [(section, new)])
            [added] = assert_splice_only(text, after.render(), 1, range(0, len(doc.lines)))
            assert live_markup(after.render(), [added]) == [], (piece, section, after.lines[added])
