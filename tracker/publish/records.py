"""A proposal as the state database keeps it: the candidate row's `decision` holds everything the PR
needs to show it again, so every run regenerates the whole PR from the database (and the hidden block
when the database was lost).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.models import Paper, Release
from tracker.publish.model import HiddenEntry, Proposal
from tracker.store.candidates import CandidateRecord, StoredCandidate

_FIELDS = (
    "title", "url", "section", "confidence", "relevance", "placed", "alternatives", "why", "code_url",
    "release_url",
)  # fmt: skip


def decision_of(proposal: Proposal) -> dict[str, Any]:
    """The JSON-ready decision stored on the candidate row."""
    decision = {name: getattr(proposal, name) for name in _FIELDS}
    if proposal.release is not None:
        release = proposal.release
        published = release.published.isoformat() if release.published else None
        decision["release"] = {"repo": release.repo, "tag": release.tag, "name": release.name,
                               "url": release.url, "published": published}  # fmt: skip
    return decision


def record_of(proposal: Proposal, status: str = "new", reason: str | None = None) -> CandidateRecord:
    return CandidateRecord(
        key=proposal.key, status=status, kind=proposal.kind, reason=reason, section=proposal.section,
        relevance=proposal.relevance, confidence=proposal.confidence, decision=decision_of(proposal),
    )  # fmt: skip


def proposal_of(candidate: StoredCandidate, paper: Paper | None) -> Proposal:
    """The stored proposal, with its paper's current metadata attached (dates and venue for the entry)."""
    decision = dict(candidate.decision or {})
    release = _release(decision.get("release"))
    default_url = f"https://arxiv.org/abs/{candidate.key}" if candidate.kind == "paper" else ""
    return Proposal(
        key=candidate.key,
        kind="release" if candidate.kind == "release" else "paper",
        title=str(decision.get("title") or (paper.title if paper else candidate.key)),
        url=str(decision.get("url") or default_url),
        section=str(decision.get("section") or candidate.section or ""),
        confidence=float(decision.get("confidence") or candidate.confidence or 0.0),
        relevance=float(decision.get("relevance") or candidate.relevance or 0.0),
        placed=bool(decision.get("placed", True)),
        alternatives=list(decision.get("alternatives") or []),
        why=str(decision.get("why") or ""),
        code_url=decision.get("code_url"),
        release_url=decision.get("release_url"),
        paper=paper,
        release=release,
    )


def rebuilt_record(entry: HiddenEntry, status: str, pr_number: int, reason: str | None) -> CandidateRecord:
    """A candidate row recreated from a PR's hidden block (the database was lost)."""
    decision = {"title": entry.title, "section": entry.section, "placed": entry.decision == "placed",
                "confidence": entry.confidence, "relevance": entry.relevance,
                "alternatives": entry.alternatives or [], "why": entry.why or ""}  # fmt: skip
    return CandidateRecord(
        key=entry.key, status=status, kind=entry.kind, reason=reason, section=entry.section,
        relevance=entry.relevance, confidence=entry.confidence, decision=decision, pr_number=pr_number,
    )  # fmt: skip


def _release(data: Any) -> Release | None:
    if not isinstance(data, dict) or not data.get("repo"):
        return None
    published = datetime.fromisoformat(data["published"]) if data.get("published") else None
    return Release(
        repo=data["repo"], tag=str(data.get("tag") or ""), name=str(data.get("name") or ""),
        url=str(data.get("url") or ""), published=published,
    )  # fmt: skip
