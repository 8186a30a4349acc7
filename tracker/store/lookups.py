"""A small cache of source answers (e.g. an arXiv title search), so each question is asked once, hit or miss.

A stored None is a cached miss; "not in the cache" is told apart by the first element of `get`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.store.schema import LookupRow


def _find(session: Session, kind: str, key: str) -> LookupRow | None:
    query = select(LookupRow).where(LookupRow.kind == kind, LookupRow.key == key)
    return session.scalars(query).one_or_none()


def get_lookup(session: Session, kind: str, key: str) -> tuple[bool, Any]:
    """(True, value) when cached, value None for a cached miss; (False, None) when never asked."""
    row = _find(session, kind, key)
    return (False, None) if row is None else (True, row.value)


def save_lookup(session: Session, kind: str, key: str, value: Any, now: datetime) -> None:
    """Cache `value` (any JSON value, None for a miss), replacing an earlier answer."""
    try:
        json.dumps(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"lookup {kind}:{key}: the value must be JSON ({exc})") from None
    row = _find(session, kind, key)
    if row is None:
        session.add(LookupRow(kind=kind, key=key, value=value, fetched_at=now))
    else:
        row.value = value
        row.fetched_at = now
