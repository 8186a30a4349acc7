"""Release rows: batched idempotent upserts keyed by (lower-cased owner/name, tag).

A repeated release changes nothing; newer non-empty details (name, body, URL, date, the repo's
current spelling) overwrite older ones, empty ones never erase. `prerelease` only ever turns on:
a releases.atom entry cannot say it, so its default False must not undo what the API said.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import Session, sessionmaker

from tracker.models import Release
from tracker.store.schema import ReleaseRow
from tracker.store.upsert import UpsertCounts, aware_utc, is_empty, merge_incoming, upsert_in_chunks

_DETAILS = ("repo", "name", "body", "published", "url")
_SELECT = select(
    ReleaseRow.id,
    ReleaseRow.repo_key,
    ReleaseRow.tag,
    ReleaseRow.prerelease,
    *(getattr(ReleaseRow, name) for name in _DETAILS),
)


def repo_key(repo: str) -> str:
    """The matching key of a GitHub repo: owner/name, lower-cased."""
    return repo.strip().lower()


def _incoming(release: Release) -> dict[str, Any]:
    if not release.repo or not release.tag:
        raise ValueError(f"release without repo or tag: {release.repo!r} {release.tag!r}")
    return {
        "repo_key": repo_key(release.repo),
        "repo": release.repo.strip(),
        "tag": release.tag,
        "name": release.name or None,
        "body": release.body or None,
        "published": aware_utc(release.published),
        "url": release.url or None,
        "prerelease": bool(release.prerelease),
    }


def _merge(stored: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    merged = dict(stored)
    for name in _DETAILS:
        if not is_empty(incoming[name]):
            merged[name] = incoming[name]
    merged["prerelease"] = stored["prerelease"] or incoming["prerelease"]
    return merged


def _upsert_chunk(session: Session, releases: list[Release], now: datetime) -> UpsertCounts:
    incoming = [_incoming(release) for release in releases]
    keys = {(row["repo_key"], row["tag"]) for row in incoming}
    found = session.execute(_SELECT.where(tuple_(ReleaseRow.repo_key, ReleaseRow.tag).in_(keys))).mappings()
    stored = {(row["repo_key"], row["tag"]): dict(row) for row in found}
    current, created, counts = merge_incoming(
        incoming,
        stored,
        key_of=lambda row: (row["repo_key"], row["tag"]),
        merge=_merge,
        new_row=lambda row: {**row, "first_seen": now},
    )
    if created:
        session.execute(ReleaseRow.__table__.insert(), [current[key] for key in created])
    changed = [current[key] for key in stored if current[key] != stored[key]]
    if changed:
        session.execute(update(ReleaseRow), changed)
    return counts


def upsert_releases(
    session_factory: sessionmaker[Session], releases: Iterable[Release], now: datetime
) -> UpsertCounts:
    """Insert or merge `releases`; safe to repeat."""
    return upsert_in_chunks(session_factory, releases, now, _upsert_chunk)
