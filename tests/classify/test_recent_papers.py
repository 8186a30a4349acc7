"""Store reads for the classifier on a real SQLite file: recent papers newest first (announced, else
published, else first seen) without excluded ids, and papers by id."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tracker.models import Paper
from tracker.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("TRACKER_NOW", "2026-06-01T12:00:00Z")
    with open_store(f"sqlite:///{tmp_path / 'tracker.db'}") as opened:
        yield opened


def _at(day: int) -> datetime:
    return datetime(2026, 5, day, tzinfo=UTC)


def test_recent_papers_newest_first_without_excluded(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.upsert_papers(
        [
            Paper("2605.00001", "announced early", announced=_at(1)),
            Paper("2605.00002", "announced late", announced=_at(20)),
            Paper("2605.00003", "only published", published=_at(10)),
            Paper("2605.00004", "listed paper", announced=_at(25)),
        ]
    )
    monkeypatch.setenv("TRACKER_NOW", "2026-06-02T12:00:00Z")
    store.upsert_papers([Paper("2605.00005", "no dates: first seen now")])
    recent = store.recent_papers(10, exclude_ids={"2605.00004"})
    assert [p.arxiv_id for p in recent] == ["2605.00005", "2605.00002", "2605.00003", "2605.00001"]
    assert [p.arxiv_id for p in store.recent_papers(2)] == ["2605.00005", "2605.00004"]
    assert store.recent_papers(0) == []


def test_papers_by_ids(store: Store) -> None:
    store.upsert_papers([Paper("2605.00001", "one", abstract="A."), Paper("2605.00002", "two")])
    found = store.papers_by_ids(["2605.00001", "2605.00002", "9999.99999", "2605.00001"])
    assert set(found) == {"2605.00001", "2605.00002"}
    assert found["2605.00001"].abstract == "A."
