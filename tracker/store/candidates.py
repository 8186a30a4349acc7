"""Candidate rows: what each run decided about a paper or release, and its review status since.

Statuses and the only moves between them:
- `new`: in scope, waiting for the tracker PR;           -> proposed, accepted, rejected, ignored
- `proposed`: in the open tracker PR (`pr_number`);      -> accepted (merged), rejected (closed unmerged)
- `ignored`: seen, not proposed (reason: "budget" when the run's budget was full, or below
  min_relevance);                                        -> accepted (the maintainer added it by hand)
- `rejected`: closed unmerged; a hard negative for relevance; -> accepted (added by hand anyway)
- `accepted`: final.
A candidate is recorded once: a later run never re-records a key, so what one run ignored is never
proposed by the next one and the PR only changes when something new arrives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Paper
from tracker.store.schema import CANDIDATE_STATUSES, CandidateRow, PaperRow
from tracker.store.upsert import chunked

TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"proposed", "accepted", "rejected", "ignored"}),
    "proposed": frozenset({"accepted", "rejected"}),
    "ignored": frozenset({"accepted"}),
    "rejected": frozenset({"accepted"}),
    "accepted": frozenset(),
}


class InvalidTransition(ValueError):
    """A status change the lifecycle does not allow (e.g. re-proposing a rejected paper)."""


@dataclass(frozen=True)
class CandidateRecord:
    """One run's decision about one candidate; `key` is the canonical arXiv id (or owner/repo@tag)."""

    key: str
    status: str = "new"
    kind: str = "paper"
    reason: str | None = None
    section: str | None = None
    relevance: float | None = None
    confidence: float | None = None
    decision: dict[str, Any] | None = None
    pr_number: int | None = None


@dataclass(frozen=True)
class StoredCandidate(CandidateRecord):
    """A candidate as stored, with its timestamps."""

    created_at: datetime | None = None
    updated_at: datetime | None = None


def _check_status(status: str) -> None:
    if status not in CANDIDATE_STATUSES:
        raise ValueError(f"unknown candidate status {status!r}; use one of {', '.join(CANDIDATE_STATUSES)}")


def _rows(session: Session, kind: str, keys: Iterable[str]) -> dict[str, CandidateRow]:
    found: dict[str, CandidateRow] = {}
    for chunk in chunked(dict.fromkeys(keys)):
        query = select(CandidateRow).where(CandidateRow.kind == kind, CandidateRow.key.in_(chunk))
        found.update((row.key, row) for row in session.scalars(query))
    return found


def record(session: Session, records: Sequence[CandidateRecord], now: datetime) -> dict[str, int]:
    """Insert the records whose (kind, key) is not stored yet; stored ones are left as they are.

    Returns counts per status of the inserted rows, plus "known" for the records already stored.
    """
    counts: dict[str, int] = {"known": 0}
    for kind in dict.fromkeys(r.kind for r in records):
        batch = list({r.key: r for r in records if r.kind == kind}.values())
        stored = _rows(session, kind, (r.key for r in batch))
        paper_ids = _paper_ids(session, [r.key for r in batch]) if kind == "paper" else {}
        for item in batch:
            _check_status(item.status)
            if item.key in stored:
                counts["known"] += 1
                continue
            session.add(
                CandidateRow(
                    kind=kind, key=item.key, paper_id=paper_ids.get(item.key), status=item.status,
                    reason=item.reason, section=item.section, relevance=item.relevance,
                    confidence=item.confidence, decision=item.decision, pr_number=item.pr_number,
                    created_at=now, updated_at=now,
                )
            )  # fmt: skip
            counts[item.status] = counts.get(item.status, 0) + 1
    return counts


def _paper_ids(session: Session, arxiv_ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunked(arxiv_ids):
        query = select(PaperRow.arxiv_id, PaperRow.id).where(PaperRow.arxiv_id.in_(chunk))
        found.update((arxiv_id, row_id) for arxiv_id, row_id in session.execute(query))
    return found


def statuses(session: Session, keys: Iterable[str], kind: str = "paper") -> dict[str, str]:
    """key -> status for the keys that have a candidate row."""
    return {key: row.status for key, row in _rows(session, kind, keys).items()}


def transition(
    session: Session,
    keys: Iterable[str],
    status: str,
    now: datetime,
    *,
    kind: str = "paper",
    reason: str | None = None,
    pr_number: int | None = None,
) -> int:
    """Move stored candidates to `status`; unknown keys raise KeyError, forbidden moves InvalidTransition.

    Setting the status a candidate already has only refreshes its reason and PR number. Returns the
    number of rows whose status changed.
    """
    _check_status(status)
    wanted = list(dict.fromkeys(keys))
    rows = _rows(session, kind, wanted)
    missing = [key for key in wanted if key not in rows]
    if missing:
        raise KeyError(f"no {kind} candidate {', '.join(missing[:5])}")
    bad = [f"{key} ({rows[key].status})" for key in wanted if not _allowed(rows[key].status, status)]
    if bad:
        raise InvalidTransition(f"cannot mark {', '.join(bad[:5])} as {status}")
    changed = 0
    for key in wanted:
        row = rows[key]
        changed += row.status != status
        row.status = status
        row.reason = reason if reason is not None else row.reason
        row.pr_number = pr_number if pr_number is not None else row.pr_number
        row.updated_at = now
    return changed


def choose_section(session: Session, kind: str, key: str, section: str, why: str, now: datetime) -> bool:
    """The maintainer's section for a candidate still on its way (`new` or `proposed`): it is placed there
    from now on. False when the candidate is unknown, decided already, or already placed there."""
    row = _rows(session, kind, [key]).get(key)
    if row is None or row.status not in ("new", "proposed"):
        return False
    decision = dict(row.decision or {})
    if decision.get("placed", True) and (decision.get("section") or row.section) == section:
        return False
    row.decision = {**decision, "section": section, "placed": True, "why": why}
    row.section = section
    row.updated_at = now
    return True


def _allowed(current: str, status: str) -> bool:
    return current == status or status in TRANSITIONS[current]


def _stored(row: CandidateRow) -> StoredCandidate:
    return StoredCandidate(
        key=row.key, status=row.status, kind=row.kind, reason=row.reason, section=row.section,
        relevance=row.relevance, confidence=row.confidence, decision=row.decision,
        pr_number=row.pr_number, created_at=row.created_at, updated_at=row.updated_at,
    )  # fmt: skip


def with_status(session: Session, status: str, kind: str = "paper") -> list[StoredCandidate]:
    """Candidates with `status`, oldest first."""
    _check_status(status)
    query = (
        select(CandidateRow)
        .where(CandidateRow.kind == kind, CandidateRow.status == status)
        .order_by(CandidateRow.created_at, CandidateRow.id)
    )
    return [_stored(row) for row in session.scalars(query)]


def rejected_papers(session: Session) -> list[Paper]:
    """The papers of rejected candidates (hard negatives); the decision's title stands in for a lost row."""
    query = (
        select(CandidateRow, PaperRow)
        .outerjoin(PaperRow, PaperRow.arxiv_id == CandidateRow.key)
        .where(CandidateRow.kind == "paper", CandidateRow.status == "rejected")
        .order_by(CandidateRow.id)
    )
    found = []
    for candidate, paper in session.execute(query):
        if paper is not None:
            found.append(Paper(paper.arxiv_id, paper.title, paper.abstract or ""))
        elif (candidate.decision or {}).get("title"):
            found.append(Paper(candidate.key, candidate.decision["title"]))
    return found
