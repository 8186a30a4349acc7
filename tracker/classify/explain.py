"""Why a paper got its section: the terms that pushed it there and the nearest entries already listed.

Top terms are the paper's TF-IDF weights times the section's linear weights (positive contributions
only); nearest entries are the list entries with the highest cosine similarity, whatever their section.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tracker.classify.training import Example

TOP_TERMS = 5
NEAREST = 3


def top_terms(
    columns: np.ndarray, values: np.ndarray, weights: np.ndarray, names: np.ndarray, limit: int = TOP_TERMS
) -> list[str]:
    """The `limit` terms of one document (its nonzero `columns` and TF-IDF `values`, word features
    first) that add most to the section's `weights`."""
    words = columns < len(weights)
    columns, values = columns[words], values[words]
    if not len(columns):
        return []
    contribution = values * weights[columns]
    order = np.argsort(-contribution)[:limit]
    return [str(names[columns[i]]) for i in order if contribution[i] > 0]


def nearest_indexes(similarity: np.ndarray, limit: int = NEAREST) -> np.ndarray:
    """Per row of a papers x entries similarity matrix, the `limit` most similar entries, best first."""
    if similarity.shape[1] > limit:
        top = np.argpartition(-similarity, limit - 1, axis=1)[:, :limit]
    else:
        top = np.tile(np.arange(similarity.shape[1]), (similarity.shape[0], 1))
    rows = np.arange(similarity.shape[0])[:, None]
    return top[rows, np.argsort(-similarity[rows, top], axis=1, kind="stable")]


def nearest_entries(similarity: np.ndarray, order: np.ndarray, examples: Sequence[Example]) -> list[dict]:
    """The entries at `order` (from `nearest_indexes`) that share any term: title, section, similarity."""
    return [
        {
            "title": examples[i].entry.title,
            "section": examples[i].section,
            "similarity": round(float(similarity[i]), 3),
        }
        for i in order
        if similarity[i] > 0
    ]
