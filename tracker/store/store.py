"""`Store`: the one object the rest of tracker uses to read and write state; `open_store` opens and migrates.

Each method is its own short transaction and every "now" comes from `tracker.clock.now()`.
The store hands out `tracker.models` dataclasses and plain values, never ORM rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import datetime
from types import TracebackType
from typing import Any

from alembic.util.exc import CommandError
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError

from tracker import clock
from tracker.errors import TrackerError
from tracker.models import Paper, Release
from tracker.store import (
    candidates,
    cursors,
    lease,
    lookups,
    migrate,
    paper_reads,
    papers,
    pending,
    releases,
    runs,
)
from tracker.store.candidates import CandidateRecord, StoredCandidate
from tracker.store.cursors import Cursor
from tracker.store.db import make_engine, make_sessionmaker
from tracker.store.lease import LeaseInfo
from tracker.store.schema import CandidateRow, SourceCursorRow
from tracker.store.upsert import UpsertCounts


class Store:
    """Papers, releases, cursors, lookups and runs in one SQLAlchemy database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = make_sessionmaker(engine)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # papers and releases
    def upsert_papers(self, items: Iterable[Paper]) -> UpsertCounts:
        return papers.upsert_papers(self._sessions, items, clock.now())

    def upsert_releases(self, items: Iterable[Release]) -> UpsertCounts:
        return releases.upsert_releases(self._sessions, items, clock.now())

    def get_paper(self, arxiv_id: str) -> Paper | None:
        with self._sessions() as session:
            return papers.get_paper(session, arxiv_id)

    def known_paper_ids(self) -> set[str]:
        with self._sessions() as session:
            return papers.known_paper_ids(session)

    def papers_without_abstract(self, ids: Iterable[str]) -> set[str]:
        """The ids among `ids` whose abstract is not stored, including ids the store does not know."""
        with self._sessions() as session:
            return papers.papers_without_abstract(session, ids)

    def recent_papers(self, limit: int, exclude_ids: Iterable[str] = ()) -> list[Paper]:
        """The `limit` newest papers (announced, else published, else first seen) not in `exclude_ids`."""
        with self._sessions() as session:
            return paper_reads.recent_papers(session, limit, exclude_ids)

    def papers_by_ids(self, arxiv_ids: Iterable[str]) -> dict[str, Paper]:
        with self._sessions() as session:
            return paper_reads.papers_by_ids(session, arxiv_ids)

    def unclassified_papers(self, since: datetime) -> list[Paper]:
        """Papers seen at or after `since` that no run has classified (no candidate row), oldest first."""
        with self._sessions() as session:
            return pending.unclassified_papers(session, since)

    def releases_since(self, since: datetime) -> list[Release]:
        with self._sessions() as session:
            return pending.releases_since(session, since)

    # source cursors
    def get_cursor(self, key: str) -> Cursor | None:
        with self._sessions() as session:
            return cursors.get_cursor(session, key)

    def save_cursor_success(
        self,
        key: str,
        *,
        watermark: datetime | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        with self._sessions.begin() as session:
            cursors.save_success(
                session, key, clock.now(), watermark=watermark, etag=etag, last_modified=last_modified
            )

    def save_cursor_error(self, key: str, error: str) -> None:
        with self._sessions.begin() as session:
            cursors.save_error(session, key, clock.now(), error)

    # lookup cache
    def get_lookup(self, kind: str, key: str) -> tuple[bool, Any]:
        with self._sessions() as session:
            return lookups.get_lookup(session, kind, key)

    def save_lookup(self, kind: str, key: str, value: Any) -> None:
        with self._sessions.begin() as session:
            lookups.save_lookup(session, kind, key, value, clock.now())

    # candidates (statuses and moves: tracker/store/candidates.py)
    def record_candidates(self, records: Sequence[CandidateRecord]) -> dict[str, int]:
        """Store each run decision whose key is new; a key already stored keeps its row and status."""
        with self._sessions.begin() as session:
            return candidates.record(session, records, clock.now())

    def candidate_status(self, keys: Iterable[str], kind: str = "paper") -> dict[str, str]:
        """key -> status for the keys already recorded (any status: such keys are not classified again)."""
        with self._sessions() as session:
            return candidates.statuses(session, keys, kind)

    def set_candidate_status(
        self,
        keys: Iterable[str],
        status: str,
        *,
        kind: str = "paper",
        reason: str | None = None,
        pr_number: int | None = None,
    ) -> int:
        """Move candidates along new -> proposed -> accepted/rejected (or ignored); returns rows changed."""
        with self._sessions.begin() as session:
            return candidates.transition(
                session, keys, status, clock.now(), kind=kind, reason=reason, pr_number=pr_number
            )

    def choose_section(self, kind: str, key: str, section: str, why: str) -> bool:
        """Place a `new` or `proposed` candidate in the section the maintainer chose; True when it moved."""
        with self._sessions.begin() as session:
            return candidates.choose_section(session, kind, key, section, why, clock.now())

    def candidates_with_status(self, status: str, kind: str = "paper") -> list[StoredCandidate]:
        with self._sessions() as session:
            return candidates.with_status(session, status, kind)

    def rejected_papers(self) -> list[Paper]:
        """Papers the maintainer rejected: the relevance model's hard negatives."""
        with self._sessions() as session:
            return candidates.rejected_papers(session)

    # runs
    def start_run(self, command: str) -> int:
        with self._sessions.begin() as session:
            return runs.start_run(session, command, clock.now())

    def finish_run(
        self, run_id: int, *, status: str, counts: dict, requests: dict[str, int], errors: list[str]
    ) -> None:
        with self._sessions.begin() as session:
            runs.finish_run(
                session, run_id, clock.now(), status=status, counts=counts, requests=requests, errors=errors
            )

    def last_runs(self, n: int = 5) -> list[dict]:
        with self._sessions() as session:
            return runs.last_runs(session, n)

    # status reads (tracker status)
    def all_cursors(self) -> list[Cursor]:
        """Every source cursor, by key."""
        names = [f.name for f in fields(Cursor)]
        with self._sessions() as session:
            rows = session.scalars(select(SourceCursorRow).order_by(SourceCursorRow.key))
            return [Cursor(**{name: getattr(row, name) for name in names}) for row in rows]

    def candidate_counts(self) -> dict[str, int]:
        """status -> number of candidates (papers and releases), for the statuses that have any."""
        with self._sessions() as session:
            query = select(CandidateRow.status, func.count()).group_by(CandidateRow.status)
            return {status: count for status, count in session.execute(query)}

    # leases (run locks: tracker/store/lease.py; hold one with lease.hold_lease)
    def acquire_lease(
        self, name: str, ttl_seconds: float, now: datetime
    ) -> tuple[LeaseInfo | None, LeaseInfo | None]:
        return lease.acquire(self._sessions, name, ttl_seconds, now)

    def renew_lease(self, name: str, token: str, ttl_seconds: float) -> bool:
        with self._sessions.begin() as session:
            return lease.renew(session, name, token, ttl_seconds, lease.wall_clock())

    def release_lease(self, name: str, token: str) -> bool:
        with self._sessions.begin() as session:
            return lease.release(session, name, token)

    def leases(self) -> list[LeaseInfo]:
        with self._sessions() as session:
            return lease.all_leases(session)

    def close(self) -> None:
        self.engine.dispose()


CORRUPTION = ("file is not a database", "database disk image is malformed")
RECOVERY_HINT = "`tracker run` or `tracker publish` moves it aside and rebuilds the state from GitHub"


class StateDatabaseError(TrackerError):
    """The state database cannot be opened; `reason` is the driver's own first line."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason

    @property
    def corrupt(self) -> bool:
        return self.reason.startswith(CORRUPTION)


def open_store(url: str, *, upgrade: bool = True) -> Store:
    """Open the database at `url` (creating a SQLite file's folder) and migrate it to the current schema."""
    engine = make_engine(url)
    shown = engine.url.render_as_string(hide_password=True)
    try:
        if upgrade:
            migrate.upgrade(engine)
    except CommandError as exc:
        engine.dispose()
        raise TrackerError(
            f"state database {shown}: {exc}; it was made by a newer tracker (this one knows up to "
            f"revision {migrate.head_revision()}), so upgrade tracker or point state.url elsewhere"
        ) from None
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        hint = f"; {RECOVERY_HINT}" if reason.startswith(CORRUPTION) else ""
        raise StateDatabaseError(f"cannot open the state database {shown}: {reason}{hint}", reason) from None
    return Store(engine)
