"""What a run still has to look at: papers seen since a time that no run has classified yet, and the
releases published since a time. One query each; `tracker.models` dataclasses out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from tracker.models import Paper, Release
from tracker.store.papers import row_to_paper
from tracker.store.schema import CandidateRow, PaperRow, ReleaseRow


def unclassified_papers(session: Session, since: datetime) -> list[Paper]:
    """Papers announced (else published, else first seen) at or after `since` with no candidate row,
    oldest first: each is classified by exactly one run."""
    seen = func.coalesce(PaperRow.announced, PaperRow.published, PaperRow.first_seen)
    query = (
        select(PaperRow)
        .outerjoin(CandidateRow, and_(CandidateRow.kind == "paper", CandidateRow.key == PaperRow.arxiv_id))
        .where(CandidateRow.id.is_(None), seen >= since)
        .order_by(seen, PaperRow.id)
    )
    return [row_to_paper(row) for row in session.scalars(query.execution_options(yield_per=2000))]


def releases_since(session: Session, since: datetime) -> list[Release]:
    """Releases published (else first seen) at or after `since`, oldest first."""
    when = func.coalesce(ReleaseRow.published, ReleaseRow.first_seen)
    query = select(ReleaseRow).where(when >= since).order_by(when, ReleaseRow.id)
    return [
        Release(
            repo=row.repo,
            tag=row.tag,
            name=row.name or "",
            body=row.body or "",
            published=row.published,
            url=row.url or "",
            prerelease=bool(row.prerelease),
        )  # fmt: skip
        for row in session.scalars(query)
    ]
