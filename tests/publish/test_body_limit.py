"""The body fits its limit: long lists lose rows from the end and say so; checkbox and hidden block stay."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.publish.test_body_support import body_for, hidden_for, proposal, release, rendered
from tracker.publish.body import (
    BODY_LIMIT,
    REGENERATE_TEXT,
    BodyTooLarge,
    _CutList,
    read_hidden_block,
    render_body,
)
from tracker.publish.hidden_block import MARKER

_NOT_SHOWN = re.compile(r"^… and (\d+) more not shown\.$", re.MULTILINE)


def _shown_keys(body: str) -> list[str]:
    return re.findall(r"\(https://arxiv\.org/abs/(2601\.\d{5})\)", body)


def _huge_run(count: int, title_length: int) -> tuple[list, list]:
    proposals = [
        proposal(i, placed=i % 4 != 3, title=f"T{i} " + "x" * title_length, why="w " * title_length)
        for i in range(count)
    ]
    return proposals, [release(i, name="n" * title_length) for i in range(count // 10)]


def test_five_thousand_proposals_with_huge_titles_fit_and_keep_every_key() -> None:
    proposals, releases = _huge_run(5_000, 10_000)
    body = body_for(proposals, releases)
    assert len(body) <= BODY_LIMIT
    assert [entry.key for entry in read_hidden_block(body).entries] == [p.key for p in proposals]
    assert f"- [ ] {REGENERATE_TEXT}" in body
    hidden_counts = [int(n) for n in _NOT_SHOWN.findall(body)]
    placed = [p for p in proposals if p.placed]
    unplaced = [p for p in proposals if not p.placed]
    shown = _shown_keys(body)
    shown_placed = [key for key in shown if key in {p.key for p in placed}]
    shown_unplaced = [key for key in shown if key in {p.key for p in unplaced}]
    assert shown_placed == [p.key for p in placed[: len(shown_placed)]]  # a prefix: cut from the end
    assert shown_unplaced == [p.key for p in unplaced[: len(shown_unplaced)]]
    release_rows = re.findall(r"^\| owner\d+/repo \|", body, re.MULTILINE)
    assert hidden_counts == [
        len(placed) - len(shown_placed),
        len(unplaced) - len(shown_unplaced),
        len(releases) - len(release_rows),
    ]
    assert min(len(shown_placed), len(shown_unplaced), len(release_rows)) > 0  # no list starves the others


def test_body_that_fits_is_not_cut() -> None:
    proposals, releases = _huge_run(30, 50)
    body = body_for(proposals, releases)
    assert not _NOT_SHOWN.search(body)
    assert read_hidden_block(body) == hidden_for(proposals)  # titles whole: far below the cap


def test_tiny_limit_keeps_summary_checkbox_and_block() -> None:
    proposals, releases = _huge_run(6, 400)
    limit = 1_000
    body = body_for(proposals, releases, limit=limit)
    assert len(body) <= limit
    assert [entry.key for entry in read_hidden_block(body).entries] == [p.key for p in proposals]
    assert f"- [ ] {REGENERATE_TEXT}" in body and body.startswith("tracker proposes 6 papers")
    assert _NOT_SHOWN.findall(body) == ["5", "1"]  # headings stay, every row is cut
    assert "### Run statistics" in body  # a few short rows, kept before any long list row
    assert "\n\n\n" not in body and rendered(body).count("<table>") == 1
    assert "### Run statistics" not in body_for(proposals, releases, limit=800)  # dropped next
    with pytest.raises(BodyTooLarge):
        body_for(proposals, releases, limit=700)


def test_limit_below_the_uncuttable_parts_raises() -> None:
    with pytest.raises(BodyTooLarge, match="max_entries_per_pr"):
        body_for(*_huge_run(50, 10), limit=300)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=600),
    st.integers(min_value=400, max_value=12_000),
)
def test_any_limit_is_respected_or_refused(count: int, title_length: int, limit: int) -> None:
    proposals, releases = _huge_run(count, title_length)
    try:
        body = render_body(proposals, releases, {"fetched": count}, hidden_for(proposals), limit=limit)
    except BodyTooLarge:
        return
    assert len(body) <= limit
    assert [entry.key for entry in read_hidden_block(body).entries] == [p.key for p in proposals]
    assert body.count(f"<!-- {MARKER}") == 1 and f"- [ ] {REGENERATE_TEXT}" in body


def test_cut_list_size_matches_its_text() -> None:
    for header in ("", "| a |\n|---|"):
        cut = _CutList("### Heading", header, [f"row {i}" * i for i in range(12)], str)
        assert [cut.size(shown) for shown in range(13)] == [len(cut.render(shown)) for shown in range(13)]
    assert _CutList("### Empty", "", [], str).render(0) == ""
