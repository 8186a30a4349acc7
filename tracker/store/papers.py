"""Paper rows: batched idempotent upserts with arXiv version rules, and reads back into `Paper`.

Merge rules, per canonical arXiv id (one row for all versions):
- a newer version (or, without versions, a newer `updated` time) overwrites the version-bound fields;
- an older version only fills fields the row does not know yet;
- an empty value (None, "", []) never erases a known one;
- `published` and `announced` keep the earliest time; `links` accumulate; `first_seen` never changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from tracker.models import Paper
from tracker.store.schema import PaperRow
from tracker.store.upsert import (
    UpsertCounts,
    aware_utc,
    chunked,
    earliest,
    is_empty,
    merge_incoming,
    upsert_in_chunks,
)

VERSIONED_FIELDS = (
    "title",
    "abstract",
    "authors",
    "categories",
    "primary_category",
    "updated",
    "comment",
    "journal_ref",
    "doi",
)
_COLUMNS = (
    "id",
    "arxiv_id",
    "version",
    *VERSIONED_FIELDS,
    "published",
    "announced",
    "links",
    "source",
    "first_seen",
    "last_seen",
)
_SELECT = select(*(getattr(PaperRow, name) for name in _COLUMNS))


def _incoming(paper: Paper) -> dict[str, Any]:
    if not paper.arxiv_id:
        raise ValueError(f"paper without an arXiv id: {paper.title!r}")
    return {
        "arxiv_id": paper.arxiv_id,
        "version": paper.version,
        "title": paper.title or "",
        "abstract": paper.abstract or None,
        "authors": list(paper.authors) or None,
        "categories": list(paper.categories) or None,
        "primary_category": paper.primary_category or None,
        "updated": aware_utc(paper.updated),
        "comment": paper.comment or None,
        "journal_ref": paper.journal_ref or None,
        "doi": paper.doi or None,
        "published": aware_utc(paper.published),
        "announced": aware_utc(paper.announced),
        "links": list(dict.fromkeys(paper.links)) or None,
        "source": paper.source or None,
    }


def _supersedes(incoming: dict[str, Any], stored: dict[str, Any]) -> bool:
    """Whether `incoming` describes the same or a newer version than `stored`."""
    new_version, old_version = incoming["version"], stored["version"]
    if new_version is not None and old_version is not None:
        return new_version >= old_version
    if new_version is not None or old_version is not None:
        return new_version is not None
    if incoming["updated"] is not None and stored["updated"] is not None:
        return incoming["updated"] >= stored["updated"]
    return True


def merge(stored: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """The row after applying `incoming` to `stored` under the module's merge rules."""
    merged = dict(stored)
    newer = _supersedes(incoming, stored)
    for name in VERSIONED_FIELDS:
        value = incoming[name]
        if not is_empty(value) and (newer or is_empty(stored[name])):
            merged[name] = value
    if newer and incoming["version"] is not None:
        merged["version"] = incoming["version"]
    merged["published"] = earliest(stored["published"], incoming["published"])
    merged["announced"] = earliest(stored["announced"], incoming["announced"])
    links = list(dict.fromkeys([*(stored["links"] or []), *(incoming["links"] or [])]))
    merged["links"] = links or None
    merged["source"] = stored["source"] or incoming["source"]
    return merged


def _upsert_chunk(session: Session, papers: list[Paper], now: datetime) -> UpsertCounts:
    incoming = [_incoming(paper) for paper in papers]
    ids = {row["arxiv_id"] for row in incoming}
    found = session.execute(_SELECT.where(PaperRow.arxiv_id.in_(ids))).mappings()
    stored = {row["arxiv_id"]: dict(row) for row in found}
    current, created, counts = merge_incoming(
        incoming,
        stored,
        key_of=lambda row: row["arxiv_id"],
        merge=merge,
        new_row=lambda row: {**row, "first_seen": now, "last_seen": now},
    )
    if created:
        session.execute(PaperRow.__table__.insert(), [current[key] for key in created])
    changed = [{**current[key], "last_seen": now} for key in stored if current[key] != stored[key]]
    if changed:
        session.execute(update(PaperRow), changed)
    untouched = [key for key in stored if current[key] == stored[key]]
    if untouched:
        session.execute(update(PaperRow).where(PaperRow.arxiv_id.in_(untouched)).values(last_seen=now))
    return counts


def upsert_papers(
    session_factory: sessionmaker[Session], papers: Iterable[Paper], now: datetime
) -> UpsertCounts:
    """Insert or merge `papers`; safe to repeat."""
    return upsert_in_chunks(session_factory, papers, now, _upsert_chunk)


def row_to_paper(row: PaperRow) -> Paper:
    return Paper(
        arxiv_id=row.arxiv_id,
        title=row.title,
        abstract=row.abstract or "",
        authors=list(row.authors or []),
        categories=list(row.categories or []),
        primary_category=row.primary_category,
        version=row.version,
        published=row.published,
        updated=row.updated,
        announced=row.announced,
        comment=row.comment,
        journal_ref=row.journal_ref,
        doi=row.doi,
        links=list(row.links or []),
        source=row.source,
    )


def get_paper(session: Session, arxiv_id: str) -> Paper | None:
    row = session.scalars(select(PaperRow).where(PaperRow.arxiv_id == arxiv_id)).one_or_none()
    return row_to_paper(row) if row is not None else None


def known_paper_ids(session: Session) -> set[str]:
    return set(session.scalars(select(PaperRow.arxiv_id)))


def papers_without_abstract(session: Session, ids: Iterable[str]) -> set[str]:
    """The ids among `ids` whose abstract the store does not know, unknown papers included."""
    missing: set[str] = set()
    for chunk in chunked(dict.fromkeys(ids)):
        with_abstract = session.scalars(
            select(PaperRow.arxiv_id).where(
                PaperRow.arxiv_id.in_(chunk), ~or_(PaperRow.abstract.is_(None), PaperRow.abstract == "")
            )
        )
        missing.update(set(chunk) - set(with_abstract))
    return missing
