"""The relevance replay on a two-week window of the real firehose: structure, gold and counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tracker.classify.eval_relevance import Firehose, _listing_days, evaluate_relevance


def test_two_weeks_of_bradyfu(shared_data: Path) -> None:
    result = evaluate_relevance(
        shared_data,
        "bradyfu",
        max_background=2000,
        since=date(2025, 5, 5),
        until=date(2025, 5, 19),
        progress=None,
    )
    assert result["list"] == "bradyfu" and result["weeks"] == 2
    # Added by the maintainers on 2025-05-12/13 and listed in those weeks; 2505.07062 was listed on a Sunday.
    by_week = {(row["week"], row["arxiv_id"]) for row in result["gold_ranks"]}
    assert by_week == {
        ("2025-05-05", "2505.02835"),
        ("2025-05-05", "2505.03739"),
        ("2025-05-05", "2505.04921"),
        ("2025-05-05", "2505.07062"),
        ("2025-05-12", "2505.09568"),
    }
    assert result["gold"] == 5 and 1000 < result["scored"] < 2500
    assert all(row["days"] == 7 and 1 <= row["rank"] <= result["scored"] for row in result["gold_ranks"])
    recalls = [result[f"recall@{k}"] for k in (5, 10, 20)]
    assert recalls == sorted(recalls) and recalls[-1] >= 0.4  # the list's papers rank high among ~1,600
    hits = sum(row["rank"] <= 10 * row["days"] for row in result["gold_ranks"])
    assert result["recall@10"] == round(hits / 5, 4)


def test_month_only_listing_dates_take_their_neighbours_day() -> None:
    days = _listing_days(["2025-10-14", "2025-10", "2025-10-15", "2025-11", "2025-12-01"])
    assert days == [
        date(2025, 10, 14),
        date(2025, 10, 14),
        date(2025, 10, 15),
        date(2025, 11, 1),
        date(2025, 12, 1),
    ]


def test_firehose_is_ordered_by_day(shared_data: Path) -> None:
    firehose = Firehose.load(shared_data / "arxiv")
    assert len(firehose.ids) == len(set(firehose.ids)) > 60000
    assert firehose.days == sorted(firehose.days)
    assert firehose.days[0] == date(2025, 4, 25)
