"""Source cursors: how far each query or feed got, so the next run asks only for what is new.

The watermark is the newest time seen from the source (never the local clock) and never moves
backwards; an error is recorded beside it and leaves the watermark and HTTP validators alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.store.schema import SourceCursorRow
from tracker.store.upsert import aware_utc


@dataclass
class Cursor:
    key: str
    watermark: datetime | None
    etag: str | None
    last_modified: str | None
    last_success: datetime | None
    last_error: str | None
    last_error_at: datetime | None = None


def _row(session: Session, key: str) -> SourceCursorRow:
    row = session.scalars(select(SourceCursorRow).where(SourceCursorRow.key == key)).one_or_none()
    if row is None:
        row = SourceCursorRow(key=key)
        session.add(row)
    return row


def get_cursor(session: Session, key: str) -> Cursor | None:
    row = session.scalars(select(SourceCursorRow).where(SourceCursorRow.key == key)).one_or_none()
    if row is None:
        return None
    return Cursor(
        key=row.key,
        watermark=row.watermark,
        etag=row.etag,
        last_modified=row.last_modified,
        last_success=row.last_success,
        last_error=row.last_error,
        last_error_at=row.last_error_at,
    )


def save_success(
    session: Session,
    key: str,
    now: datetime,
    *,
    watermark: datetime | None,
    etag: str | None,
    last_modified: str | None,
) -> None:
    """Record a successful fetch; the watermark only moves forward, validators are replaced when given."""
    row = _row(session, key)
    watermark = aware_utc(watermark)
    if watermark is not None and (row.watermark is None or watermark > row.watermark):
        row.watermark = watermark
    if etag is not None:
        row.etag = etag
    if last_modified is not None:
        row.last_modified = last_modified
    row.last_success = now


def save_error(session: Session, key: str, now: datetime, error: str) -> None:
    """Record a failed fetch without touching the watermark or validators."""
    row = _row(session, key)
    row.last_error = error
    row.last_error_at = now
