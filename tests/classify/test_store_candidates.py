"""Candidate statuses in SQLite: budget-ignored papers stay ignored; moves follow the lifecycle."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tracker.classify.budget import out_of_scope_reason, select_in_scope
from tracker.models import Paper
from tracker.store import Store, open_store
from tracker.store.candidates import CandidateRecord, InvalidTransition


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("TRACKER_NOW", "2026-06-01T12:00:00Z")
    with open_store(f"sqlite:///{tmp_path / 'tracker.db'}") as opened:
        yield opened


def _run(store: Store, scored: dict[str, float], budget: int) -> list[str]:
    """One run's candidate step as the pipeline does it: skip recorded keys, budget the rest, record all."""
    known = store.candidate_status(scored)
    fresh = [key for key in scored if key not in known]
    relevances = [scored[key] for key in fresh]
    chosen = select_in_scope(relevances, min_relevance=0.5, max_candidates=budget)
    store.record_candidates(
        [
            CandidateRecord(key, relevance=rel)
            if keep
            else CandidateRecord(key, status="ignored", reason=out_of_scope_reason(rel, 0.5), relevance=rel)
            for key, rel, keep in zip(fresh, relevances, chosen, strict=True)
        ]
    )
    return [key for key, keep in zip(fresh, chosen, strict=True) if keep]


def test_budget_ignored_candidates_are_not_proposed_by_a_later_run(store: Store) -> None:
    first = _run(store, {"2606.00001": 0.9, "2606.00002": 0.8, "2606.00003": 0.7, "2606.00004": 0.2}, 2)
    assert first == ["2606.00001", "2606.00002"]
    ignored = {c.key: c.reason for c in store.candidates_with_status("ignored")}
    assert ignored == {"2606.00003": "budget", "2606.00004": "below min_relevance"}

    # The next night sees the same papers again plus one new one; only the new one can be proposed.
    second = _run(store, {"2606.00003": 0.7, "2606.00004": 0.2, "2606.00005": 0.6}, 2)
    assert second == ["2606.00005"]
    assert store.candidate_status(["2606.00003"]) == {"2606.00003": "ignored"}


def test_recording_a_known_key_again_keeps_its_row(store: Store) -> None:
    store.record_candidates([CandidateRecord("2606.00001", section="A", relevance=0.9)])
    store.set_candidate_status(["2606.00001"], "rejected")
    counts = store.record_candidates([CandidateRecord("2606.00001", section="B", relevance=0.95)])
    assert counts == {"known": 1}
    (row,) = store.candidates_with_status("rejected")
    assert (row.section, row.relevance) == ("A", 0.9)


def test_status_moves_follow_the_lifecycle(store: Store) -> None:
    keys = ["2606.00001", "2606.00002", "2606.00003"]
    store.record_candidates([CandidateRecord(key) for key in keys])
    assert store.set_candidate_status(keys[:2], "proposed", pr_number=7) == 2
    assert store.set_candidate_status(keys[:2], "proposed", pr_number=8) == 0  # PR refreshed: no move
    proposed = store.candidates_with_status("proposed")
    assert {c.key: c.pr_number for c in proposed} == dict.fromkeys(keys[:2], 8)
    store.set_candidate_status([keys[0]], "accepted", reason="merged")
    store.set_candidate_status([keys[1]], "rejected", reason="closed unmerged")
    with pytest.raises(InvalidTransition, match="2606.00002 \\(rejected\\)"):
        store.set_candidate_status([keys[1]], "proposed")
    with pytest.raises(InvalidTransition):
        store.set_candidate_status([keys[0]], "rejected")
    store.set_candidate_status([keys[2]], "ignored", reason="budget")
    store.set_candidate_status([keys[2]], "accepted", reason="added by hand")  # the maintainer took it anyway
    store.set_candidate_status([keys[1]], "accepted", reason="added by hand")
    assert store.candidate_status(keys) == dict.fromkeys(keys, "accepted")
    with pytest.raises(KeyError, match="2606.09999"):
        store.set_candidate_status(["2606.09999"], "accepted")
    with pytest.raises(ValueError, match="unknown candidate status"):
        store.set_candidate_status(keys, "merged")


def test_rejected_papers_are_hard_negatives_with_their_abstracts(store: Store) -> None:
    store.upsert_papers([Paper("2606.00001", "A rejected survey", abstract="We survey surveys.")])
    store.record_candidates(
        [
            CandidateRecord("2606.00001"),
            CandidateRecord("2606.00002", decision={"title": "Known only by title"}),
            CandidateRecord("2606.00003"),
        ]
    )
    store.set_candidate_status(["2606.00001", "2606.00002"], "rejected")
    found = [(p.arxiv_id, p.title, p.abstract) for p in store.rejected_papers()]
    assert found == [
        ("2606.00001", "A rejected survey", "We survey surveys."),
        ("2606.00002", "Known only by title", ""),
    ]
    with store.engine.connect() as connection:
        linked = connection.execute(text("SELECT key, paper_id FROM candidates ORDER BY key")).all()
    assert [tuple(row) for row in linked] == [("2606.00001", 1), ("2606.00002", None), ("2606.00003", None)]


def test_a_chosen_section_places_only_candidates_still_on_their_way(store: Store) -> None:
    unplaced = {"title": "T", "section": "A", "placed": False, "why": "terms: x", "confidence": 0.4}
    store.record_candidates(
        [
            CandidateRecord("new", decision=unplaced, section="A"),
            CandidateRecord("proposed", decision=unplaced, section="A"),
            CandidateRecord("done", decision=unplaced, section="A"),
            CandidateRecord("new", kind="release", decision=unplaced, section="A"),
        ]
    )
    store.set_candidate_status(["proposed"], "proposed", pr_number=1)
    store.set_candidate_status(["done"], "rejected")
    assert store.choose_section("paper", "new", "B", "chosen") is True
    assert store.choose_section("paper", "new", "B", "chosen") is False  # already placed there
    assert store.choose_section("paper", "proposed", "A", "chosen") is True  # the guess, now placed
    assert store.choose_section("paper", "done", "B", "chosen") is False  # the maintainer decided already
    assert store.choose_section("paper", "missing", "B", "chosen") is False
    [new] = [c for c in store.candidates_with_status("new") if c.key == "new"]
    assert new.section == "B"
    assert new.decision == {**unplaced, "section": "B", "placed": True, "why": "chosen"}
    [release] = store.candidates_with_status("new", kind="release")
    assert release.decision == unplaced  # papers and releases are keyed apart
    [proposed] = store.candidates_with_status("proposed")
    assert proposed.decision["placed"] is True and proposed.pr_number == 1
