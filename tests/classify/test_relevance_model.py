"""The relevance model on real data: list-like papers outrank the rest of the firehose; rejections count."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from tracker.classify.corpus import make_vectorizer, paper_text
from tracker.classify.eval_data import additions
from tracker.classify.relevance import RelevanceModel, RelevanceSettings, percentile_of, recency_weights
from tracker.classify.termcounts import TermCounts, hashed_counts
from tracker.classify.training import training_examples
from tracker.listdoc.parse import read_document


def _firehose(shared_data: Path, month: str) -> list[dict]:
    with gzip.open(shared_data / "arxiv" / f"firehose-{month}.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def bradyfu(shared_data: Path) -> tuple[list[str], list[dict], list[dict], set[str]]:
    """Entries of the README of 2025-04-09, earlier background (May) and the papers of June 2025."""
    (readme,) = (shared_data / "lists" / "bradyfu").glob("2025-04-09_*.md")
    positives = [example.text for example in training_examples(read_document(readme))]
    gold = {row["arxiv_id"] for row in additions(shared_data / "gold", "bradyfu") if row.get("arxiv_id")}
    background = [row for row in _firehose(shared_data, "2025-05") if row["arxiv_id"] not in gold]
    return positives, background[-3000:], _firehose(shared_data, "2025-06"), gold


def test_papers_the_list_took_outrank_the_rest_of_the_firehose(bradyfu) -> None:
    positives, background, june, gold = bradyfu
    model = RelevanceModel().fit(positives, [paper_text(r["title"], r["abstract"]) for r in background])
    scores = model.score([paper_text(r["title"], r["abstract"]) for r in june])
    assert scores.shape == (len(june),) and np.all((scores >= 0) & (scores <= 1))
    taken = [i for i, row in enumerate(june) if row["arxiv_id"] in gold]
    assert len(taken) >= 4
    percentile = [float((scores < scores[i]).mean()) for i in taken]
    assert np.median(percentile) > 0.97, percentile  # of ~6,000 June papers, the list's are near the top
    assert np.median(scores[taken]) > 0.95 and np.median(scores) < 0.7  # a percentile of the background


def test_hard_negatives_lower_similar_papers(bradyfu) -> None:
    positives, background, _, _ = bradyfu
    negatives = [paper_text(r["title"], r["abstract"]) for r in background[:1500]]
    survey = "A Survey on Multimodal Large Language Models for Video Understanding"
    similar = ["A Survey on Multimodal Large Language Models for Video Generation and Editing"]
    rejected = [f"{survey} {suffix}" for suffix in ("", "and Beyond", ": a Review")]
    plain, hard = RelevanceModel(), RelevanceModel()
    plain.fit(positives, negatives)
    hard.fit(positives, negatives, rejected)
    before = plain.ranking_scores(plain.vectorize(similar))[0]
    after = hard.ranking_scores(hard.vectorize(similar))[0]
    assert after < 0.7 * before, (before, after)
    assert hard.score(similar)[0] < plain.score(similar)[0]


def test_fit_needs_both_classes_and_score_needs_fit() -> None:
    with pytest.raises(ValueError, match="at least one list entry"):
        RelevanceModel().fit(["a multimodal model"], [])
    with pytest.raises(RuntimeError, match="fit the relevance model"):
        RelevanceModel().score(["anything"])
    with pytest.raises(RuntimeError, match="fit the relevance model"):
        RelevanceModel().score_counts(hashed_counts(["anything"], make_vectorizer()))


def test_score_counts_scores_counts_made_with_any_recipe_vectorizer(bradyfu) -> None:
    positives, background, june, _ = bradyfu
    negatives = [paper_text(r["title"], r["abstract"]) for r in background[:1000]]
    model = RelevanceModel().fit(positives, negatives)
    texts = [paper_text(r["title"], r["abstract"]) for r in june[:300]]
    counts = hashed_counts(texts, make_vectorizer())  # e.g. the section model's counts of a batch
    assert np.array_equal(model.score_counts(counts), model.score(texts))


def test_term_counts_reproduce_a_fresh_vectorizer(bradyfu) -> None:
    positives, background, _, _ = bradyfu
    texts = positives[:200] + [paper_text(r["title"], r["abstract"]) for r in background[:600]]
    settings = RelevanceSettings()
    counts = TermCounts(texts, settings.vectorizer())
    train_rows, other_rows = list(range(0, 800, 2)), list(range(1, 800, 2))
    train, other = counts.tfidf(train_rows, other_rows)
    fresh = settings.vectorizer()
    expected_train = fresh.fit_transform([texts[i] for i in train_rows])
    expected_other = fresh.transform([texts[i] for i in other_rows])
    # Columns are hashed, not named: compare each row's sorted weights (equal unless two terms collide).
    assert abs(train.shape[1] - expected_train.shape[1]) <= expected_train.shape[1] // 200
    same = [
        got[row].nnz == want[row].nnz
        and np.allclose(np.sort(got[row].data), np.sort(want[row].data), atol=1e-6)
        for got, want in ((train, expected_train), (other, expected_other))
        for row in range(got.shape[0])
    ]
    assert np.mean(same) >= 0.95  # the few misses are rows holding a colliding rare term


def test_relevance_is_a_background_percentile_that_keeps_the_top_in_order() -> None:
    background = np.arange(100, dtype=float)  # sorted out-of-fold scores
    found = percentile_of(np.array([-5.0, 49.5, 99.0, 120.0, 150.0]), background)
    assert found[0] == 0.0 and abs(found[1] - 50.5 / 101) < 1e-9 and abs(found[2] - 100 / 101) < 1e-9
    assert found[2] < found[3] < found[4] < 1.0


def test_recency_weights_halve_every_half_life_before_the_newest_entry() -> None:
    weights = recency_weights(["2606.00001", "2603.00002", "2512.00003", None, "cs/0101001"], 3.0)
    assert weights is not None
    np.testing.assert_allclose(weights[:3], [1.0, 0.5, 0.25])
    assert weights[3] == weights[4] == 0.5  # undated entries take the median age
    assert recency_weights([None, "a blog"], 3.0) is None and recency_weights(["2606.00001"], 0) is None
