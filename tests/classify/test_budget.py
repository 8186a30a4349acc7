"""The review budget: top-K by relevance, never below the threshold."""

from __future__ import annotations

from tracker.classify.budget import out_of_scope_reason, select_in_scope


def test_selects_the_top_k_above_the_threshold() -> None:
    relevances = [0.2, 0.9, 0.6, 0.95, 0.7, 0.55]
    assert select_in_scope(relevances, 0.5, 3) == [False, True, False, True, True, False]


def test_threshold_wins_over_a_free_budget() -> None:
    assert select_in_scope([0.49, 0.5, 0.1], 0.5, 10) == [False, True, False]


def test_ties_keep_input_order_and_empty_input_is_fine() -> None:
    assert select_in_scope([0.8, 0.8, 0.8], 0.0, 2) == [True, True, False]
    assert select_in_scope([], 0.5, 10) == []
    assert select_in_scope([0.9], 0.5, 0) == [False]


def test_reason_names_budget_or_threshold() -> None:
    assert out_of_scope_reason(0.7, 0.5) == "budget"
    assert out_of_scope_reason(0.3, 0.5) == "below min_relevance"
