"""Cursors, the lookup cache, run records, and what open_store does to a database and its folder."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from tracker.config import load_config
from tracker.errors import ConfigError, TrackerError
from tracker.store import Cursor, Store, open_store

DAY1 = datetime(2026, 5, 1, 20, 0, tzinfo=UTC)
DAY2 = datetime(2026, 5, 2, 20, 0, tzinfo=UTC)


def test_unknown_cursor_is_none(store: Store) -> None:
    assert store.get_cursor("arxiv:mllm") is None


def test_cursor_success_records_watermark_and_validators(store: Store) -> None:
    store.save_cursor_success("arxiv:mllm", watermark=DAY1, etag='W/"abc"', last_modified="Fri, 01 May 2026")
    assert store.get_cursor("arxiv:mllm") == Cursor(
        key="arxiv:mllm",
        watermark=DAY1,
        etag='W/"abc"',
        last_modified="Fri, 01 May 2026",
        last_success=datetime(2026, 6, 1, 12, tzinfo=UTC),
        last_error=None,
    )


def test_watermark_never_moves_backwards(store: Store, clock_at) -> None:
    store.save_cursor_success("arxiv:mllm", watermark=DAY2)
    clock_at("2026-06-03T00:00:00Z")
    store.save_cursor_success("arxiv:mllm", watermark=DAY1, etag="e2")
    cursor = store.get_cursor("arxiv:mllm")
    assert cursor is not None
    assert (cursor.watermark, cursor.etag) == (DAY2, "e2")
    assert cursor.last_success == datetime(2026, 6, 3, tzinfo=UTC)
    store.save_cursor_success("arxiv:mllm")
    assert store.get_cursor("arxiv:mllm").watermark == DAY2
    later = datetime(2026, 5, 3, 1, 0)  # naive: taken as UTC
    store.save_cursor_success("arxiv:mllm", watermark=later)
    assert store.get_cursor("arxiv:mllm").watermark == later.replace(tzinfo=UTC)


def test_error_keeps_watermark_and_etag(store: Store, clock_at) -> None:
    store.save_cursor_success("github:a/b", watermark=DAY1, etag='"v1"')
    clock_at("2026-06-04T00:00:00Z")
    store.save_cursor_error("github:a/b", "HTTP 503 after 4 retries")
    cursor = store.get_cursor("github:a/b")
    assert cursor is not None
    assert (cursor.watermark, cursor.etag) == (DAY1, '"v1"')
    assert cursor.last_success == datetime(2026, 6, 1, 12, tzinfo=UTC)
    assert cursor.last_error == "HTTP 503 after 4 retries"
    assert cursor.last_error_at == datetime(2026, 6, 4, tzinfo=UTC)


def test_error_on_a_new_cursor_has_no_watermark(store: Store) -> None:
    store.save_cursor_error("rss:cs.CV", "malformed XML")
    cursor = store.get_cursor("rss:cs.CV")
    assert cursor is not None
    assert (cursor.watermark, cursor.last_success, cursor.last_error) == (None, None, "malformed XML")


def test_lookup_cache_tells_miss_from_never_asked(store: Store) -> None:
    assert store.get_lookup("arxiv_title", "some blog post") == (False, None)
    store.save_lookup("arxiv_title", "some blog post", None)
    assert store.get_lookup("arxiv_title", "some blog post") == (True, None)
    store.save_lookup("arxiv_title", "Flamingo", {"arxiv_id": "2204.14198", "score": 1.0})
    assert store.get_lookup("arxiv_title", "Flamingo") == (True, {"arxiv_id": "2204.14198", "score": 1.0})
    store.save_lookup("arxiv_title", "some blog post", ["2401.00001"])
    assert store.get_lookup("arxiv_title", "some blog post") == (True, ["2401.00001"])
    assert store.get_lookup("other_kind", "Flamingo") == (False, None)


def test_lookup_value_must_be_json(store: Store) -> None:
    with pytest.raises(TypeError, match="must be JSON"):
        store.save_lookup("arxiv_title", "x", {1, 2})


def test_runs_are_recorded_newest_first(store: Store, clock_at) -> None:
    first = store.start_run("fetch")
    clock_at("2026-06-01T12:00:30Z")
    store.finish_run(
        first,
        status="ok",
        counts={"papers_new": 3},
        requests={"export.arxiv.org:443": 2},
        errors=[],
    )
    clock_at("2026-06-02T12:00:00Z")
    second = store.start_run("fetch")
    store.finish_run(second, status="failed", counts={}, requests={}, errors=["arxiv: HTTP 503"])
    runs = store.last_runs()
    assert [run["id"] for run in runs] == [second, first]
    assert runs[1] | {"id": None} == {
        "id": None,
        "command": "fetch",
        "started": datetime(2026, 6, 1, 12, tzinfo=UTC),
        "finished": datetime(2026, 6, 1, 12, 0, 30, tzinfo=UTC),
        "seconds": 30.0,
        "status": "ok",
        "counts": {"papers_new": 3},
        "requests": {"export.arxiv.org:443": 2},
        "errors": [],
    }
    assert runs[0]["errors"] == ["arxiv: HTTP 503"]
    assert len(store.last_runs(1)) == 1


def test_unfinished_run_reads_back_as_running(store: Store) -> None:
    store.start_run("daemon")
    (run,) = store.last_runs()
    assert (run["status"], run["finished"], run["seconds"]) == ("running", None, None)


def test_sqlite_file_gets_its_folder_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "tracker.db"
    with open_store(f"sqlite:///{path}") as store, store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() > 0
    assert path.is_file()


def test_default_url_is_relative_to_the_working_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    url = load_config(environ={}).state.url
    assert url == "sqlite:///state/tracker.db"
    open_store(url).close()
    assert (tmp_path / "state" / "tracker.db").is_file()


def test_environment_overrides_the_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    assert load_config(environ={"TRACKER_DATABASE_URL": url}).state.url == url


def test_bad_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="state.url"):
        open_store("not a url")
    with pytest.raises(ConfigError, match="state.url"):
        open_store("nosuchdialect://x/y")


def test_database_from_a_newer_tracker_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(TrackerError, match="newer tracker"):
        open_store(f"sqlite:///{path}")


def test_unreachable_server_is_one_clear_error() -> None:
    with pytest.raises(TrackerError, match="cannot open the state database"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
