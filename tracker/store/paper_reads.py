"""Bulk paper reads for the classifier: the papers seen most recently (relevance background) and
papers by id (abstracts that enrich the list's entries). One query per call or chunk, no ORM rows out.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Paper
from tracker.store.papers import row_to_paper
from tracker.store.schema import PaperRow
from tracker.store.upsert import chunked


def recent_papers(session: Session, limit: int, exclude_ids: Iterable[str] = ()) -> list[Paper]:
    """Up to `limit` papers, newest first by announced, else published, else first seen; `exclude_ids`
    (e.g. the list's own papers) are skipped."""
    if limit <= 0:
        return []
    excluded = set(exclude_ids)
    newest = func.coalesce(PaperRow.announced, PaperRow.published, PaperRow.first_seen)
    query = select(PaperRow).order_by(newest.desc(), PaperRow.id.desc())
    found: list[Paper] = []
    for row in session.scalars(query.execution_options(yield_per=2000)):
        if row.arxiv_id not in excluded:
            found.append(row_to_paper(row))
            if len(found) >= limit:
                break
    return found


def papers_by_ids(session: Session, arxiv_ids: Iterable[str]) -> dict[str, Paper]:
    """arXiv id -> Paper for the ids the store knows."""
    found: dict[str, Paper] = {}
    for chunk in chunked(dict.fromkeys(arxiv_ids)):
        for row in session.scalars(select(PaperRow).where(PaperRow.arxiv_id.in_(chunk))):
            found[row.arxiv_id] = row_to_paper(row)
    return found
