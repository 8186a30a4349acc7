"""Schema migrations: a real database written by the first schema upgrades in place and keeps its data."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from tracker.models import Paper
from tracker.store import UpsertCounts, open_store
from tracker.store.db import make_engine
from tracker.store.migrate import current_revision, downgrade, head_revision, upgrade
from tracker.store.schema import Base

DATA = Path(__file__).resolve().parent / "data"
FIXTURE = DATA / "state_v0001.db"


def _old_copy(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.db"
    shutil.copyfile(FIXTURE, path)
    return path


def test_fixture_is_a_revision_0001_file(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{_old_copy(tmp_path)}")
    assert current_revision(engine) == "0001"
    assert "lookups" not in inspect(engine).get_table_names()
    engine.dispose()


def test_old_file_upgrades_in_place_and_keeps_its_data(tmp_path: Path, clock_at) -> None:
    path = _old_copy(tmp_path)
    with open_store(f"sqlite:///{path}") as store:
        assert current_revision(store.engine) == head_revision() == "0003"
        paper = store.get_paper("2306.13549")
        assert paper is not None
        assert (paper.version, paper.doi, paper.comment) == (4, "10.1093/nsr/nwae403", "Project page")
        assert paper.updated == datetime(2024, 11, 29, 16, 5, 46, tzinfo=UTC)
        assert (paper.announced, paper.links, paper.source) == (None, [], None)
        assert store.get_paper("cs/0101001").journal_ref == "J. Old Ids 1 (2001)"
        assert store.known_paper_ids() == {"2504.16936", "2306.13549", "cs/0101001"}
        cursor = store.get_cursor("github:opengvlab/internvl")
        assert (cursor.etag, cursor.last_error, cursor.last_error_at) == ('W/"5f1c"', "HTTP 502", None)
        assert store.get_cursor("arxiv:mllm").watermark == datetime(2025, 4, 24, 20, tzinfo=UTC)
        (run,) = store.last_runs()
        assert (run["counts"], run["requests"], run["seconds"]) == ({"papers_new": 3}, {}, 70.0)
        assert store.get_lookup("arxiv_title", "x") == (False, None)
        store.save_lookup("arxiv_title", "x", None)
        v5 = Paper("2306.13549", "A Survey on MLLMs", version=5)
        assert store.upsert_papers([v5]) == UpsertCounts(updated=1)
        with store.engine.connect() as connection:
            rows = connection.execute(text("SELECT id, first_seen, last_seen FROM papers ORDER BY id")).all()
            candidate = connection.execute(text("SELECT paper_id, status, decision FROM candidates")).one()
    assert [row.id for row in rows] == [1, 2, 3]
    assert rows[0].first_seen == rows[0].last_seen  # backfilled by 0002
    assert rows[1].last_seen != rows[1].first_seen  # the upsert saw it again
    assert tuple(candidate) == (1, "proposed", '{"alternatives": ["Survey"]}')
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)


def test_fixture_matches_what_revision_0001_creates(tmp_path: Path) -> None:
    """The migration scripts are history: editing 0001 after release would break real databases."""
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(fresh, "0001")
    fresh.dispose()

    def schema(path: Path) -> list[tuple[str, str]]:
        with sqlite3.connect(path) as connection:
            return connection.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()

    assert schema(tmp_path / "fresh.db") == schema(_old_copy(tmp_path))


def test_upgrade_path_with_rows_on_each_database(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO papers (arxiv_id, version, title, first_seen) VALUES (:i, 2, :t, :s)"),
            {"i": "2401.00001", "t": "Kept across upgrades", "s": datetime(2025, 1, 1, tzinfo=UTC)},
        )
    upgrade(engine)
    assert current_revision(engine) == "0003"
    engine.dispose()
    with open_store(db_url) as store:
        paper = store.get_paper("2401.00001")
        assert (paper.title, paper.version) == ("Kept across upgrades", 2)


def test_models_match_the_migrations(db_url: str) -> None:
    with open_store(db_url) as store, store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_0001_and_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    open_store(url).close()
    engine = make_engine(url)
    downgrade(engine, "0001")
    assert "lookups" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert "lookups" in inspect(engine).get_table_names()
    engine.dispose()
