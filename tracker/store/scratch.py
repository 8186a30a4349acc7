"""A throwaway copy of the state database for dry runs: they run every stage for real and write nothing.

SQLite files are copied with SQLite's online backup (consistent under WAL); any other database is copied
table by table into a temporary SQLite file, which needs it at the current schema revision. A database
that does not exist yet is not created: the dry run starts from an empty scratch database.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import insert, select

from tracker.errors import TrackerError
from tracker.store import migrate
from tracker.store.db import make_engine, sqlite_file
from tracker.store.schema import Base
from tracker.store.store import RECOVERY_HINT, StateDatabaseError, Store, open_store


@contextmanager
def scratch_store(url: str) -> Iterator[Store]:
    """A Store on a temporary copy of the database at `url`, deleted on exit."""
    with tempfile.TemporaryDirectory(prefix="tracker-dry-run-") as folder:
        target = Path(folder) / "state.db"
        source = sqlite_file(url)
        if source is not None and source.exists():
            _backup_sqlite(source, target)
        store = open_store(f"sqlite:///{target}")
        if not url.startswith("sqlite"):
            _copy_tables(url, store)
        try:
            yield store
        finally:
            store.close()


def _backup_sqlite(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    except sqlite3.DatabaseError as exc:
        reason = str(exc)
        raise StateDatabaseError(
            f"cannot copy the state database {source} for a dry run: {reason}; {RECOVERY_HINT}", reason
        ) from None
    finally:
        dst.close()
        src.close()


def _copy_tables(url: str, store: Store) -> None:
    engine = make_engine(url)
    try:
        if migrate.current_revision(engine) not in (None, migrate.head_revision()):
            raise TrackerError(
                "the state database is at an older schema revision; run tracker once without --dry-run "
                "to migrate it, then dry-run again"
            )
        with engine.connect() as source, store.engine.begin() as target:
            for table in Base.metadata.sorted_tables:
                if not engine.dialect.has_table(source, table.name):
                    continue
                rows = [dict(row._mapping) for row in source.execute(select(table))]
                if rows:
                    target.execute(insert(table), rows)
    finally:
        engine.dispose()
