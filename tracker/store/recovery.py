"""A corrupt SQLite state database is moved aside, not repaired: `tracker run` and `tracker publish` then
start from an empty one and rebuild what matters from GitHub (the tracker PRs' hidden blocks and the
README). Commands that work from the database alone (`status`, `import`, `classify`) only report it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import text

from tracker import clock
from tracker.store.db import sqlite_file
from tracker.store.store import CORRUPTION, StateDatabaseError, Store, open_store

log = logging.getLogger(__name__)


def _check(store: Store) -> None:
    """SQLite's quick check: corruption inside pages passes opening, and must not pass a run."""
    with store.engine.connect() as connection:
        result = connection.execute(text("PRAGMA quick_check")).scalar()
    if result != "ok":
        store.close()
        raise StateDatabaseError(f"state database {store.url} failed its check: {result}", CORRUPTION[1])


def _move_aside(path: Path) -> Path:
    aside = path.with_name(f"{path.name}.corrupt-{clock.now():%Y%m%dT%H%M%S}")
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            part.rename(aside.with_name(aside.name + suffix))
    return aside


def open_or_recover(url: str) -> tuple[Store, str | None]:
    """The store at `url`, checked; a corrupt SQLite file is moved aside and replaced by an empty one.
    Returns the store and, after a recovery, the warning that says what happened."""
    path = sqlite_file(url)
    try:
        store = open_store(url)
        if path is not None:
            _check(store)
        return store, None
    except StateDatabaseError as exc:
        if path is None or not exc.corrupt or not path.exists():
            raise
        aside = _move_aside(path)
        warning = (
            f"state database {path} was corrupt ({exc.reason}); moved it to {aside.name} and started a new "
            "one: verdicts and proposals are rebuilt from the tracker PRs and the README"
        )
        log.warning("%s", warning)
        return open_store(url), warning
