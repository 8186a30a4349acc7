"""Explanations computed for a whole batch at once agree with the obvious per-paper computation."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import scipy.sparse as sp

from tracker.classify.explain import nearest_entries, nearest_indexes, top_terms


def _one_row_top_terms(columns, values, weights, names, limit=5) -> list[str]:
    words = columns < len(weights)
    columns, values = columns[words], values[words]
    contribution = values * weights[columns]
    order = np.argsort(-contribution, kind="stable")[:limit]
    return [str(names[columns[i]]) for i in order if contribution[i] > 0]


def test_top_terms_of_a_batch_are_each_rows_own() -> None:
    rnd = np.random.default_rng(0)
    n_rows, n_terms, n_classes = 60, 40, 4
    vectors = sp.random(n_rows, n_terms + 5, density=0.3, format="csr", random_state=1, dtype=np.float32)
    vectors.data[vectors.indptr[3] : vectors.indptr[4]] = 0  # an empty row
    vectors.data[vectors.indptr[5] : vectors.indptr[6]] = 0.5  # equal weights: ties keep column order
    vectors.eliminate_zeros()
    weights = rnd.normal(size=(n_classes, n_terms))
    names = np.array([f"term{i}" for i in range(n_terms)], dtype=object)
    weights[:, ::2] = 0.25
    classes = rnd.integers(-1, n_classes, n_rows)  # -1: no section to explain
    classes[5] = 0
    got = top_terms(vectors, weights, classes, names)
    assert len(got) == n_rows and got[3] == [] and len(got[5]) == 5
    for i in range(n_rows):
        row = slice(vectors.indptr[i], vectors.indptr[i + 1])
        want = (
            _one_row_top_terms(vectors.indices[row], vectors.data[row], weights[classes[i]], names)
            if classes[i] >= 0
            else []
        )
        assert got[i] == want, i
    assert top_terms(vectors, np.zeros((0, 0)), np.full(n_rows, -1), names[:0]) == [[]] * n_rows


def test_nearest_indexes_are_the_most_similar_entries_best_first() -> None:
    similarity = np.random.default_rng(2).random((30, 12)).astype(np.float32)
    similarity[0, [4, 7]] = 2.0  # a tie: the earlier entry comes first
    got = nearest_indexes(similarity)
    assert got.shape == (30, 3) and got[0, :2].tolist() == [4, 7]
    assert np.array_equal(got[1:], np.argsort(-similarity[1:], axis=1, kind="stable")[:, :3])
    assert nearest_indexes(similarity[:, :2]).shape == (30, 2)
    assert nearest_indexes(similarity[:, :0]).shape == (30, 0)


def test_nearest_entries_skip_entries_sharing_no_term() -> None:
    examples = [
        SimpleNamespace(entry=SimpleNamespace(title=f"Paper {i}"), section=f"S{i % 2}") for i in (0, 1, 2, 3)
    ]
    similarity = np.array([[0.5, 0.0, 0.25, 0.125], [0.0, 0.0, 0.0, 0.0]], dtype=np.float32)
    got = nearest_entries(similarity, nearest_indexes(similarity), examples)
    assert got[0] == [
        {"title": "Paper 0", "section": "S0", "similarity": 0.5},
        {"title": "Paper 2", "section": "S0", "similarity": 0.25},
        {"title": "Paper 3", "section": "S1", "similarity": 0.125},
    ]
    assert got[1] == []
