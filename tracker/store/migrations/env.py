"""Alembic environment: migrate the engine tracker hands over, or $TRACKER_DATABASE_URL from the CLI."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Engine

from tracker.store.db import make_engine
from tracker.store.schema import Base

config = context.config
target_metadata = Base.metadata


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    url = os.environ.get("TRACKER_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    return make_engine(url or "sqlite:///state/tracker.db")


def run_migrations_online() -> None:
    engine = _engine()
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("tracker migrations run online only: give TRACKER_DATABASE_URL")
run_migrations_online()
