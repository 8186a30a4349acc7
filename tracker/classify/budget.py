"""The review budget: which candidates a run puts in front of the maintainer.

A run proposes at most `max_candidates_per_run` papers, the most relevant first, and never one below
`min_relevance`; the others are recorded as ignored (reason "budget") and not carried into later runs.
"""

from __future__ import annotations

from collections.abc import Sequence

BUDGET_REASON = "budget"
BELOW_THRESHOLD_REASON = "below min_relevance"


def select_in_scope(relevances: Sequence[float], min_relevance: float, max_candidates: int) -> list[bool]:
    """True for the top `max_candidates` relevances that reach `min_relevance`; ties keep input order."""
    order = sorted(range(len(relevances)), key=lambda i: -relevances[i])
    chosen = {i for i in order[: max(max_candidates, 0)] if relevances[i] >= min_relevance}
    return [i in chosen for i in range(len(relevances))]


def out_of_scope_reason(relevance: float, min_relevance: float) -> str:
    """Why a candidate that `select_in_scope` left out was left out."""
    return BELOW_THRESHOLD_REASON if relevance < min_relevance else BUDGET_REASON
