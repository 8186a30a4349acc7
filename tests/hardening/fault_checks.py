"""What every fault test asserts about a fetch: the failed source is one clear line in the report and on
its cursor, its cursor did not move, and a clean rerun stores exactly what one clean run would.

The stored rows are read with sqlite3 straight from the database file, not through the store's own API,
so "nothing stored twice" is checked on what is really on disk.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from tracker.fetching import FetchReport
from tracker.store import Store


@dataclass(frozen=True)
class CursorState:
    """What a failure must leave alone: the watermark, the validators and the last success."""

    watermark: datetime | None
    etag: str | None
    last_modified: str | None
    last_success: datetime | None


def cursor_state(store: Store, key: str) -> CursorState | None:
    cursor = store.get_cursor(key)
    if cursor is None:
        return None
    return CursorState(cursor.watermark, cursor.etag, cursor.last_modified, cursor.last_success)


def assert_failed_cleanly(report: FetchReport, store: Store, key: str, before: CursorState | None) -> str:
    """The one error of `report` is `key`'s, one line without a traceback, recorded on its cursor, and the
    cursor's watermark, validators and last success are what they were; returns the message."""
    assert [error.split(": ", 1)[0] for error in report.errors] == [key], report.errors
    message = report.errors[0]
    assert "\n" not in message and "Traceback" not in message, message
    cursor = store.get_cursor(key)
    assert cursor is not None and cursor.last_error == message.removeprefix(f"{key}: ")
    assert cursor_state(store, key) == before
    return message


@dataclass(frozen=True)
class Stored:
    """Rows on disk: paper ids and (repo, tag) pairs, each listed as often as it is stored."""

    papers: list[str]
    releases: list[tuple[str, str]]

    def assert_no_duplicates(self) -> None:
        assert len(self.papers) == len(set(self.papers))
        assert len(self.releases) == len(set(self.releases))


def stored(store: Store) -> Stored:
    path = urlsplit(store.url).path.removeprefix("/")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        papers = [row[0] for row in db.execute("SELECT arxiv_id FROM papers ORDER BY arxiv_id")]
        releases = [(r[0], r[1]) for r in db.execute("SELECT repo_key, tag FROM releases ORDER BY 1, 2")]
    return Stored(papers, releases)
