"""TF-IDF from hashed counts: column selection and weighting agree with scipy and with TfidfVectorizer."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from tracker.classify.corpus import make_vectorizer
from tracker.classify.termcounts import N_FEATURES, TfidfFromCounts, _select_columns, hashed_counts


def _counts(rnd: np.random.Generator, n_rows: int, columns: np.ndarray) -> sp.csr_matrix:
    """Random counts over `columns` plus as many other columns, in canonical order."""
    others = rnd.integers(0, N_FEATURES, len(columns))
    pool = np.concatenate([columns, others])
    rows = rnd.integers(0, n_rows, 8 * len(pool))
    cols = rnd.choice(pool, len(rows))
    counts = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(n_rows, N_FEATURES))
    counts.sum_duplicates()
    return counts


def test_select_columns_is_scipys_column_slice() -> None:
    rnd = np.random.default_rng(0)
    low = rnd.integers(0, 2**22, 300)
    # kept columns and columns that share their low 22 bits (the prefilter's table) but are not kept
    columns = np.unique(np.concatenate([low, rnd.integers(0, N_FEATURES, 300)])).astype(np.int32)
    decoys = (low + 2**22 * rnd.integers(1, 16, len(low))).astype(np.int32)
    counts = _counts(rnd, 40, columns)
    counts = sp.vstack([counts, _counts(rnd, 5, decoys)], format="csr")
    got = _select_columns(counts, columns)
    position = {int(column): i for i, column in enumerate(columns)}  # counts[:, columns], entry by entry
    coo = counts.tocoo()
    kept = [i for i, column in enumerate(coo.col.tolist()) if column in position]
    expected = sp.csr_matrix(
        (coo.data[kept], (coo.row[kept], [position[int(coo.col[i])] for i in kept])),
        shape=(counts.shape[0], len(columns)),
    )
    assert got.shape == expected.shape and (got != expected).nnz == 0
    assert got.has_canonical_format and np.array_equal(got.indices, expected.indices)
    empty = _select_columns(counts, np.zeros(0, np.int32))
    assert empty.shape == (counts.shape[0], 0) and empty.nnz == 0


def test_tfidf_from_counts_weights_like_the_textbook() -> None:
    texts = ["visual instruction tuning", "instruction tuning of large models", "object hallucination"] * 3
    vectorizer = make_vectorizer()
    counts = hashed_counts(texts, vectorizer)
    weights = TfidfFromCounts(vectorizer).fit(counts)
    got = weights.transform(counts)
    selected = _select_columns(counts, weights.columns)
    selected.data = np.log(selected.data) + 1
    expected = normalize(selected @ sp.diags(weights.idf), norm="l2")
    assert np.allclose(got.toarray(), expected.toarray(), atol=1e-7)
    fresh = make_vectorizer().fit_transform(texts)  # the same weights as TfidfVectorizer, row by row
    for row in range(len(texts)):
        assert np.allclose(np.sort(got[row].data), np.sort(fresh[row].data), atol=1e-6)
