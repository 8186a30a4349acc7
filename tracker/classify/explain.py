"""Why a paper got its section: the terms that pushed it there and the nearest entries already listed.

Top terms are the paper's TF-IDF weights times the section's linear weights (positive contributions
only); nearest entries are the list entries with the highest cosine similarity, whatever their section.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from tracker.classify.training import Example

TOP_TERMS = 5
NEAREST = 3


def top_terms(
    vectors: sp.csr_matrix,
    weights: np.ndarray,
    classes: np.ndarray,
    names: np.ndarray,
    limit: int = TOP_TERMS,
) -> list[list[str]]:
    """Per row of `vectors` (TF-IDF rows, word features first), the `limit` terms that add most to the
    weights of its class: row i uses `weights[classes[i]]` (classes x terms), none where classes[i] < 0.

    All rows at once: `limit` passes each take every row's largest remaining contribution (the first
    of equal ones), which is several times faster than sorting them all."""
    n_rows = vectors.shape[0]
    rows = np.repeat(np.arange(n_rows), np.diff(vectors.indptr))
    columns = vectors.indices
    usable = (columns < weights.shape[1]) & (classes[rows] >= 0)
    rows, columns = rows[usable], columns[usable]
    contribution = vectors.data[usable] * weights[classes[rows], columns]
    positive = contribution > 0
    rows, columns, contribution = rows[positive], columns[positive], contribution[positive]
    picked_rows, picked_columns = [], []
    for _ in range(limit):
        if not len(rows):
            break
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])  # rows stay in order
        best = np.maximum.reduceat(contribution, starts)
        ties = np.flatnonzero(contribution == np.repeat(best, np.diff(np.r_[starts, len(rows)])))
        first = ties[np.r_[True, rows[ties[1:]] != rows[ties[:-1]]]]
        picked_rows.append(rows[first])
        picked_columns.append(columns[first])
        rest = np.ones(len(rows), dtype=bool)
        rest[first] = False
        rows, columns, contribution = rows[rest], columns[rest], contribution[rest]
    found = [[] for _ in range(n_rows)]
    if picked_rows:
        rows, columns = np.concatenate(picked_rows), np.concatenate(picked_columns)
        for row, term in zip(rows.tolist(), names[columns].tolist(), strict=True):  # passes come best first
            found[row].append(term)
    return found


def nearest_indexes(similarity: np.ndarray, limit: int = NEAREST) -> np.ndarray:
    """Per row of a papers x entries similarity matrix, the `limit` most similar entries, best first
    (ties: the earlier entry first)."""
    n_rows, n_entries = similarity.shape
    found = np.zeros((n_rows, min(limit, n_entries)), dtype=np.int64)
    if not found.size:
        return found
    rest, rows = similarity.copy(), np.arange(n_rows)  # a copy to mark the ones taken
    for k in range(found.shape[1]):
        found[:, k] = rest.argmax(axis=1)  # a few argmax passes are faster than argpartition
        rest[rows, found[:, k]] = -np.inf
    return found


def nearest_entries(
    similarity: np.ndarray, nearest: np.ndarray, examples: Sequence[Example]
) -> list[list[dict[str, Any]]]:
    """Per row, the entries at `nearest` (from `nearest_indexes`) that share any term: title, section,
    similarity."""
    values = np.take_along_axis(similarity, nearest, axis=1).tolist()
    return [
        [
            {"title": examples[i].entry.title, "section": examples[i].section, "similarity": round(value, 3)}
            for i, value in zip(indexes, row, strict=True)
            if value > 0
        ]
        for indexes, row in zip(nearest.tolist(), values, strict=True)
    ]
