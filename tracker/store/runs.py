"""Run records: when each command ran, how it ended, its counts, requests per host and errors.

`tracker status` and the run report read them back; nothing else depends on them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.store.schema import RunRow


def start_run(session: Session, command: str, now: datetime) -> int:
    row = RunRow(command=command, started=now, status="running")
    session.add(row)
    session.flush()
    return row.id


def finish_run(
    session: Session,
    run_id: int,
    now: datetime,
    *,
    status: str,
    counts: dict[str, Any],
    requests: dict[str, int],
    errors: list[str],
) -> None:
    row = session.get(RunRow, run_id)
    if row is None:
        raise KeyError(f"no run with id {run_id}")
    row.finished = now
    row.status = status
    row.counts = dict(counts)
    row.requests = dict(requests)
    row.errors = list(errors)


def _as_dict(row: RunRow) -> dict[str, Any]:
    seconds = (row.finished - row.started).total_seconds() if row.finished else None
    return {
        "id": row.id,
        "command": row.command,
        "started": row.started,
        "finished": row.finished,
        "seconds": seconds,
        "status": row.status,
        "counts": row.counts or {},
        "requests": row.requests or {},
        "errors": row.errors or [],
    }


def last_runs(session: Session, n: int) -> list[dict[str, Any]]:
    """The `n` most recent runs, newest first."""
    rows = session.scalars(select(RunRow).order_by(RunRow.started.desc(), RunRow.id.desc()).limit(n))
    return [_as_dict(row) for row in rows]
