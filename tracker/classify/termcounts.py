"""TF-IDF from hashed term counts: the shared recipe's arithmetic, without a Python vocabulary.

TfidfVectorizer spends most of its fit building a Python dict of every 1-2 gram (about 20 s for 20,000
abstracts). Here texts go through the analyzer `corpus.make_vectorizer` builds (same normalisation,
tokens, stop words, n-grams; `corpus.fast_analyzer` makes the very same terms, faster), the n-grams are
hashed into 2**26 columns (scikit-learn's FeatureHasher, in C), and `TfidfFromCounts` applies
TfidfVectorizer's own pruning (min_df, max_df, max_features) and weighting (sublinear tf, smoothed idf,
l2). Up to rare hash collisions the result equals a fresh TfidfVectorizer fit
(tests/classify/test_relevance_model.py checks it).

`TermCounts` counts a fixed set of texts once, so `tracker eval` can retrain every week on a different
slice of the firehose without re-tokenising it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import repeat

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from tracker.classify.corpus import fast_analyzer

N_FEATURES = 2**26  # ~1.5M distinct 1-2 grams in 20,000 abstracts: few collide


def hashed_counts(texts: Iterable[str], vectorizer: TfidfVectorizer) -> sp.csr_matrix:
    """Term counts of `texts` under `vectorizer`'s analyzer, one row per text, hashed columns."""
    analyzer = fast_analyzer(vectorizer, encoded=True)
    # (term, 1) pairs zipped in C: input_type="string" wraps every term in a Python generator step
    hasher = FeatureHasher(N_FEATURES, input_type="pair", alternate_sign=False, dtype=np.float32)
    counts = hasher.transform(zip(analyzer(text), repeat(1)) for text in texts)
    counts.sum_duplicates()
    return sp.csr_matrix(counts)


class TfidfFromCounts:
    """TfidfVectorizer's fit/transform over count matrices, with `vectorizer`'s parameters."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.params = vectorizer.get_params()
        self.columns = np.zeros(0, dtype=np.int64)
        self.idf: np.ndarray | None = None

    def fit(self, counts: sp.csr_matrix) -> TfidfFromCounts:
        """Choose the kept columns and idf from training counts, as TfidfVectorizer.fit would."""
        n_docs = counts.shape[0]
        used, inverse = np.unique(counts.indices, return_inverse=True)
        df = np.bincount(inverse, minlength=len(used))
        min_df, max_df = self.params["min_df"], self.params["max_df"]
        low = min_df if isinstance(min_df, int) else min_df * n_docs
        high = max_df if isinstance(max_df, int) else max_df * n_docs
        kept = np.flatnonzero((df >= low) & (df <= high))
        max_features = self.params["max_features"]
        if max_features is not None and len(kept) > max_features:
            totals = np.bincount(inverse, weights=counts.data, minlength=len(used))[kept]
            kept = np.sort(kept[np.argsort(-totals, kind="stable")[:max_features]])
        self.columns = used[kept]
        if self.params["use_idf"]:
            smooth = int(self.params["smooth_idf"])
            self.idf = (np.log((n_docs + smooth) / (df[kept] + smooth)) + 1).astype(np.float32)
        return self

    def transform(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """TF-IDF rows for `counts` over the fitted columns."""
        matrix = _select_columns(counts, self.columns)
        if self.params["sublinear_tf"]:
            np.log(matrix.data, out=matrix.data)
            matrix.data += 1
        if self.idf is not None:
            matrix.data *= self.idf[matrix.indices]  # `matrix @ diag(idf)`, in place
        norm = self.params["norm"]
        return sp.csr_matrix(normalize(matrix, norm=norm, copy=False)) if norm else matrix


def _select_columns(counts: sp.csr_matrix, columns: np.ndarray) -> sp.csr_matrix:
    """counts[:, columns] for sorted `columns`, without scipy's index array as wide as all 2**26 columns.

    A table of the columns' low bits (4 MiB) rules out most entries before the binary search; the kept
    entries stay in row order, so the rows are sliced rather than rebuilt."""
    indices = counts.indices
    kept = where = np.zeros(0, dtype=np.int64)
    if len(columns):
        low_bits = np.zeros(_LOW_BITS_MASK + 1, dtype=bool)
        low_bits[columns & _LOW_BITS_MASK] = True
        candidates = np.flatnonzero(low_bits[indices & _LOW_BITS_MASK])
        where = np.searchsorted(columns, indices[candidates]).clip(max=len(columns) - 1)
        hit = columns[where] == indices[candidates]
        kept, where = candidates[hit], where[hit]
    indptr = np.searchsorted(kept, counts.indptr)
    shape = (counts.shape[0], len(columns))
    selected = sp.csr_matrix(
        (counts.data[kept].astype(np.float32), where.astype(np.int32), indptr.astype(np.int32)), shape=shape
    )
    selected.sum_duplicates()  # a no-op for hashed counts, which are already sorted and summed
    return selected


_LOW_BITS_MASK = 2**22 - 1


class TermCounts:
    """Counts of a fixed set of texts, made once; rows are addressed by index."""

    def __init__(self, texts: Sequence[str], vectorizer: TfidfVectorizer) -> None:
        self.vectorizer = vectorizer
        self.counts = hashed_counts(texts, vectorizer)

    def __len__(self) -> int:
        return self.counts.shape[0]

    def tfidf(
        self, train_rows: Sequence[int] | np.ndarray, other_rows: Sequence[int] | np.ndarray
    ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """(train, other) TF-IDF matrices as if a fresh vectorizer were fitted on `train_rows` only."""
        train = self.counts[np.asarray(train_rows, dtype=np.int64)]
        weights = TfidfFromCounts(self.vectorizer).fit(train)
        other = self.counts[np.asarray(other_rows, dtype=np.int64)]
        return weights.transform(train), weights.transform(other)
