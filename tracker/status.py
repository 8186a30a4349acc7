"""What `tracker status` shows, computed from the state database alone (it never touches the network).

Facts only GitHub knows (the tracker PR's state, the API rate limit) are recorded in the lookup table by
whoever saw them last: the publisher calls `record_pull_request`, the fetcher `record_rate_limit`. So
status reports what the last run saw, with the time it saw it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tracker import clock
from tracker.store import Store
from tracker.store.lease import wall_clock
from tracker.store.schema import CANDIDATE_STATUSES

PULL_REQUEST = ("publish", "pull_request")  # lookup (kind, key) of the tracker PR as last seen
RATE_LIMIT = ("github", "rate_limit")  # lookup (kind, key) of the GitHub API budget as last seen
DEFAULT_RUNS = 10


def record_pull_request(
    store: Store, number: int, url: str, state: str, action: str, head_sha: str | None
) -> None:
    """Remember the tracker PR as the publisher left it: `state` is open, closed or merged; `action` what
    this run did to it (e.g. opened, updated, unchanged, hands-off)."""
    value = {
        "number": number,
        "url": url,
        "state": state,
        "action": action,
        "head_sha": head_sha,
        "seen_at": clock.now().isoformat(),
    }
    store.save_lookup(*PULL_REQUEST, value)


def record_rate_limit(store: Store, remaining: int, limit: int, reset_epoch: int | float | None) -> None:
    """Remember the GitHub API budget from the last response's x-ratelimit-* headers."""
    reset = datetime.fromtimestamp(reset_epoch, UTC).isoformat() if reset_epoch else None
    value = {"remaining": remaining, "limit": limit, "reset": reset, "seen_at": clock.now().isoformat()}
    store.save_lookup(*RATE_LIMIT, value)


def _lookup(store: Store, kind_key: tuple[str, str]) -> Any:
    found, value = store.get_lookup(*kind_key)
    return value if found else None


def _rate_limit(store: Store) -> dict[str, Any] | None:
    """The last budget seen; `reset_passed` says it has been refilled since (the count is then stale)."""
    seen = _lookup(store, RATE_LIMIT)
    if not seen:
        return None
    reset = seen.get("reset")
    return {**seen, "reset_passed": bool(reset) and datetime.fromisoformat(reset) <= clock.now()}


def _source(cursor: Any) -> dict[str, Any]:
    failing = cursor.last_error is not None and (
        cursor.last_success is None
        or (cursor.last_error_at is not None and cursor.last_error_at > cursor.last_success)
    )
    return {
        "key": cursor.key,
        "watermark": cursor.watermark,
        "last_success": cursor.last_success,
        "last_error": cursor.last_error,
        "last_error_at": cursor.last_error_at,
        "failing": failing,
    }


def collect_status(store: Store, runs: int = DEFAULT_RUNS) -> dict[str, Any]:
    """Everything `tracker status` shows, as one JSON-ready dict (datetimes are serialised by `emit`).

    A source is `failing` when its last error is newer than its last success. Candidate counts have
    every status, zeros included; `new` is the pending pile not yet proposed.
    """
    counts = store.candidate_counts()
    now = wall_clock()
    return {
        "database": store.url,
        "runs": store.last_runs(runs),
        "sources": [_source(cursor) for cursor in store.all_cursors()],
        "candidates": {status: counts.get(status, 0) for status in CANDIDATE_STATUSES},
        "pull_request": _lookup(store, PULL_REQUEST),
        "rate_limit": _rate_limit(store),
        "locks": [lease.to_dict(now) for lease in store.leases()],
    }
