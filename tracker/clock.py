"""The one clock: every time read in tracker goes through `now()`, so `TRACKER_NOW` can replay any date."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from tracker.errors import ConfigError


def parse_instant(text: str) -> datetime:
    """Parse an ISO date or time; a naive value is taken as UTC."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def now() -> datetime:
    """The current time as an aware UTC datetime, or `TRACKER_NOW` when it is set."""
    fixed = os.environ.get("TRACKER_NOW", "").strip()
    if not fixed:
        return datetime.now(UTC)
    try:
        return parse_instant(fixed).astimezone(UTC)
    except ValueError:
        raise ConfigError(
            f"TRACKER_NOW={fixed!r} is not an ISO date or time; use e.g. 2026-06-30T20:00:00Z"
        ) from None
