"""Store fixtures: every store test runs on a real SQLite file and, marked `postgres`, on a real PostgreSQL.

The PostgreSQL variant creates a fresh database per test on the server named by
TRACKER_TEST_POSTGRES_URL (`.ci/run` starts one) and skips only when that variable is unset.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from tracker.store import Store, open_store

POSTGRES_ENV = "TRACKER_TEST_POSTGRES_URL"
T0 = "2026-06-01T12:00:00Z"


def _postgres_database() -> Iterator[str]:
    base = os.environ.get(POSTGRES_ENV, "").strip()
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is unset; .ci/run starts a local PostgreSQL server and sets it")
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: a SQLite file in tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state' / 'tracker.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def clock_at(monkeypatch: pytest.MonkeyPatch):
    """Set tracker's clock (TRACKER_NOW); returns a setter so a test can move time forward."""

    def set_now(instant: str) -> None:
        monkeypatch.setenv("TRACKER_NOW", instant)

    set_now(T0)
    return set_now


@pytest.fixture
def store(db_url: str, clock_at) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened
