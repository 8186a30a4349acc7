"""Engine and sessions for any SQLAlchemy URL; SQLite gets WAL, foreign keys and a busy timeout.

A SQLite file's parent folder is created on first use, so the default `sqlite:///state/tracker.db`
works in a fresh checkout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from tracker.errors import ConfigError

SQLITE_BUSY_TIMEOUT_MS = 30_000


def sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    database = parsed.database
    if not parsed.drivername.startswith("sqlite") or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        return None
    return Path(database)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; a bad URL or a missing driver is a ConfigError naming state.url."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            f"state.url {url!r} is not a database URL; use e.g. sqlite:///state/tracker.db "
            "or postgresql+psycopg://user@host/db"
        ) from None
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(parsed, pool_pre_ping=not parsed.drivername.startswith("sqlite"))
    except (ImportError, ArgumentError) as exc:
        raise ConfigError(f"state.url {parsed.render_as_string(hide_password=True)}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (the store hands out dataclasses, not rows)."""
    return sessionmaker(engine, expire_on_commit=False)
