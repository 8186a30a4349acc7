"""Properties of the paper merge rules, over random sequences of versions and sparse records."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from tracker.models import Paper
from tracker.store.papers import VERSIONED_FIELDS, _incoming, merge

_text = st.sampled_from(["", "a", "b"])
_times = st.none() | st.sampled_from([datetime(2025, m, 1, tzinfo=UTC) for m in (1, 2, 3)])
records = st.builds(
    Paper,
    arxiv_id=st.just("2504.16936"),
    title=_text,
    abstract=_text,
    authors=st.lists(st.sampled_from(["X", "Y"]), max_size=2),
    comment=st.none() | _text,
    doi=st.none() | _text,
    version=st.none() | st.integers(1, 4),
    updated=_times,
    announced=_times,
    links=st.lists(st.sampled_from(["https://a", "https://b"]), max_size=2),
)


def _apply(records: list[Paper]) -> list[dict]:
    states = [_incoming(records[0])]
    for record in records[1:]:
        states.append(merge(states[-1], _incoming(record)))
    return states


@given(st.lists(records, min_size=1, max_size=6), records)
def test_the_same_record_twice_changes_nothing_the_second_time(history: list[Paper], record: Paper) -> None:
    state = _apply(history)[-1]
    once = merge(state, _incoming(record))
    assert merge(once, _incoming(record)) == once


@given(st.lists(records, min_size=1, max_size=6))
def test_known_values_are_never_erased(history: list[Paper]) -> None:
    states = _apply(history)
    for before, after in zip(states, states[1:], strict=False):
        for name in (*VERSIONED_FIELDS, "announced", "links", "version"):
            assert not (before[name] not in (None, "", []) and after[name] in (None, "", [])), name


@given(st.lists(records, min_size=1, max_size=6))
def test_the_version_is_the_newest_seen(history: list[Paper]) -> None:
    versions = [paper.version for paper in history if paper.version is not None]
    assert _apply(history)[-1]["version"] == (max(versions) if versions else None)
