"""Named locks held as leases in the state database, so two runs never overlap and a dead run never blocks.

A lock file would not do: the daemon, a manual run and the nightly Action may share one PostgreSQL
database from different hosts, and a run killed with SIGKILL cannot clean up. So a lock is a row
(`leases`) naming its holder (pid@host), renewed by a heartbeat thread, and valid only until
`expires_at`. A holder that dies stops renewing; once its lease has expired the next run takes it over
with a warning naming the old holder. A live lease turns the next run away with `LeaseHeld` (exit 1).

Acquisition is atomic on SQLite and PostgreSQL alike: an INSERT that the primary key lets only one
process win, then, for an expired row, an UPDATE that matches the old holder's token and expiry (compare
and swap), so two runs that both see an expired lease cannot both take it over.

Lease times use the real wall clock, not `TRACKER_NOW`: that variable replays a date for the data,
while a lease measures whether a process is alive now. Hosts sharing a database need synchronised clocks.

Dry runs take no lock (the pipeline decides): they write nothing a real run could collide with.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from tracker.errors import TrackerError
from tracker.store.schema import LeaseRow

if TYPE_CHECKING:
    from tracker.store.store import Store

log = logging.getLogger(__name__)

RUN_LOCK = "run"
DEFAULT_TTL_SECONDS = 180.0
DEFAULT_HEARTBEAT_SECONDS = 30.0
_ACQUIRE_ATTEMPTS = 3  # a row released between our INSERT and our SELECT sends us round again


class LeaseHeld(TrackerError):
    """Another live process holds the lock; the message names it and says what to do."""


class LeaseLost(TrackerError):
    """Our lease expired (heartbeats failed for longer than its TTL) and another process may have taken it."""


@dataclass(frozen=True)
class LeaseInfo:
    """One lease row as plain values."""

    name: str
    token: str
    holder_pid: int
    holder_host: str
    acquired_at: datetime
    heartbeat_at: datetime
    expires_at: datetime

    @property
    def holder(self) -> str:
        return f"{self.holder_pid}@{self.holder_host}"

    def expired(self, now: datetime) -> bool:
        return self.expires_at <= now

    def to_dict(self, now: datetime) -> dict[str, object]:
        return {
            "name": self.name,
            "holder": self.holder,
            "acquired_at": self.acquired_at,
            "heartbeat_at": self.heartbeat_at,
            "expires_at": self.expires_at,
            "expired": self.expired(now),
        }


def wall_clock() -> datetime:
    """The real time (never TRACKER_NOW; see the module docstring)."""
    return datetime.now(UTC)


def _info(row: LeaseRow) -> LeaseInfo:
    return LeaseInfo(**{f.name: getattr(row, f.name) for f in fields(LeaseInfo)})


def get_lease(session: Session, name: str) -> LeaseInfo | None:
    row = session.get(LeaseRow, name)
    return None if row is None else _info(row)


def all_leases(session: Session) -> list[LeaseInfo]:
    return [_info(row) for row in session.scalars(select(LeaseRow).order_by(LeaseRow.name))]


def acquire(
    sessions: sessionmaker[Session], name: str, ttl_seconds: float, now: datetime
) -> tuple[LeaseInfo | None, LeaseInfo | None]:
    """Try to take lock `name`: (ours, None) when it was free, (ours, old) when an expired lease was
    taken over, (None, holder) when a live holder has it."""
    expires = now + timedelta(seconds=ttl_seconds)
    mine = LeaseInfo(name, uuid.uuid4().hex, os.getpid(), socket.gethostname(), now, now, expires)
    for _ in range(_ACQUIRE_ATTEMPTS):
        try:
            with sessions.begin() as session:
                session.add(LeaseRow(**mine.__dict__))
            return mine, None
        except IntegrityError:
            pass  # the row exists: is its holder still alive?
        with sessions.begin() as session:
            current = get_lease(session, name)
            if current is None:
                continue  # released meanwhile: try the INSERT again
            if not current.expired(now):
                return None, current
            swapped = session.execute(
                update(LeaseRow)
                .where(LeaseRow.name == name, LeaseRow.token == current.token, LeaseRow.expires_at <= now)
                .values(
                    token=mine.token,
                    holder_pid=mine.holder_pid,
                    holder_host=mine.holder_host,
                    acquired_at=now,
                    heartbeat_at=now,
                    expires_at=expires,
                )
            )
            if swapped.rowcount == 1:
                return mine, current
    with sessions() as session:  # another process won every race: report whoever holds it now
        return None, get_lease(session, name)


def renew(session: Session, name: str, token: str, ttl_seconds: float, now: datetime) -> bool:
    """Push our lease's expiry forward; False when it is no longer ours."""
    result = session.execute(
        update(LeaseRow)
        .where(LeaseRow.name == name, LeaseRow.token == token)
        .values(heartbeat_at=now, expires_at=now + timedelta(seconds=ttl_seconds))
    )
    return result.rowcount == 1


def release(session: Session, name: str, token: str) -> bool:
    """Delete our lease; False when it was no longer ours (someone took it over after it expired)."""
    result = session.execute(delete(LeaseRow).where(LeaseRow.name == name, LeaseRow.token == token))
    return result.rowcount == 1


def _held_message(holder: LeaseInfo, now: datetime) -> str:
    beat = max(0, round((now - holder.heartbeat_at).total_seconds()))
    return (
        f"another tracker run holds the {holder.name!r} lock: pid {holder.holder} since "
        f"{holder.acquired_at:%Y-%m-%d %H:%M:%S} UTC (last heartbeat {beat}s ago); wait for it to finish, "
        f"or, if that process is gone, its lock expires at {holder.expires_at:%Y-%m-%d %H:%M:%S} UTC"
    )


class Lease:
    """A held lease: renewed from a daemon thread until `release`; `lost` turns true if it slipped away."""

    def __init__(self, store: Store, info: LeaseInfo, ttl_seconds: float, heartbeat_seconds: float) -> None:
        self.store, self.info = store, info
        self.ttl_seconds, self.heartbeat_seconds = ttl_seconds, heartbeat_seconds
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{info.name}", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(self.heartbeat_seconds):
            try:
                still_ours = self.store.renew_lease(self.info.name, self.info.token, self.ttl_seconds)
            except SQLAlchemyError as exc:  # a busy or unreachable database: try again next beat
                log.warning("lock %r: heartbeat failed (%s); retrying", self.info.name, type(exc).__name__)
                continue
            if not still_ours:
                self.lost = True
                log.error("lock %r: lost (it expired and another process took it over)", self.info.name)
                return

    def ensure_held(self) -> None:
        """Raise LeaseLost when the lease slipped away; call it before a step that must not overlap."""
        if self.lost:
            raise LeaseLost(
                f"the {self.info.name!r} lock was lost (heartbeats failed for over {self.ttl_seconds:.0f}s), "
                "so another run may be active; stopping before publishing"
            )

    def release(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.heartbeat_seconds + 5)
        if self.lost:
            return
        try:
            self.store.release_lease(self.info.name, self.info.token)
        except SQLAlchemyError as exc:
            log.warning("lock %r: release failed (%s); it expires by itself", self.info.name, exc)


@contextmanager
def hold_lease(
    store: Store,
    name: str = RUN_LOCK,
    *,
    ttl_seconds: float = DEFAULT_TTL_SECONDS,
    heartbeat_seconds: float = DEFAULT_HEARTBEAT_SECONDS,
) -> Iterator[Lease]:
    """Hold lock `name` for the block: raise LeaseHeld if a live holder has it, take over an expired one
    with a warning, renew every `heartbeat_seconds`, release on exit (also on errors)."""
    if not 0 < heartbeat_seconds < ttl_seconds:
        raise ValueError(f"heartbeat_seconds ({heartbeat_seconds}) must be below ttl_seconds ({ttl_seconds})")
    now = wall_clock()
    mine, other = store.acquire_lease(name, ttl_seconds, now)
    if mine is None:
        if other is None:  # pragma: no cover - every race lost and the row gone again
            raise LeaseHeld(f"the {name!r} lock is contended; retry in a moment")
        raise LeaseHeld(_held_message(other, now))
    if other is not None:
        log.warning(
            "lock %r: took over from pid %s, which acquired it at %s UTC and stopped heartbeating at %s UTC "
            "(killed or crashed); that run's work may be incomplete",
            name,
            other.holder,
            f"{other.acquired_at:%Y-%m-%d %H:%M:%S}",
            f"{other.heartbeat_at:%Y-%m-%d %H:%M:%S}",
        )
    log.debug("lock %r: held by %s until %s", name, mine.holder, mine.expires_at)
    lease = Lease(store, mine, ttl_seconds, heartbeat_seconds)
    try:
        yield lease
    finally:
        lease.release()
