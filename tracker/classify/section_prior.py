"""A recency prior over sections, read from the README itself: where did the newest entries go?

New papers go where recent papers went (a "Latest Works" table, a topic that is hot now), not where
most papers went over the list's life. An entry's time is its arXiv id (YYMM) or, failing that, its
date cell (YYYY-MM[-DD] or YYYY). The prior is each section's share of the newest `recent_share` of
dated entries, smoothed towards its share of all entries; a list with no dated entries gets a flat
prior, which changes nothing. Nothing here is list-specific.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from tracker.classify.training import Example

_NEW_ARXIV = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")
_DATE = re.compile(r"((?:19|20)\d{2})(?:[-./](\d{1,2}))?")


def entry_month(example: Example) -> float | None:
    """The entry's time in years (2024.25 is April 2024), from its arXiv id or its date cell."""
    entry = example.entry
    found = _NEW_ARXIV.match(entry.arxiv_id or "")
    if found:
        return 2000 + int(found.group(1)) + (int(found.group(2)) - 1) / 12
    dated = _DATE.search(entry.date or "")
    if dated:
        month = int(dated.group(2)) if dated.group(2) else 6
        return int(dated.group(1)) + (min(max(month, 1), 12) - 1) / 12
    return None


def recency_prior(
    examples: Sequence[Example], classes: Sequence[str], recent_share: float = 0.1, smoothing: float = 1.0
) -> np.ndarray:
    """Prior probability of each class (in `classes` order) for the next addition."""
    index = {name: i for i, name in enumerate(classes)}
    sizes = np.zeros(len(classes))
    for example in examples:
        sizes[index[example.section]] += 1
    dated = sorted(
        ((month, example.section) for example in examples if (month := entry_month(example)) is not None),
        key=lambda item: -item[0],
    )
    recent = dated[: max(1, int(len(dated) * recent_share))] if dated else []
    counts = np.zeros(len(classes))
    for _, section in recent:
        counts[index[section]] += 1
    prior = counts + smoothing * len(recent) * sizes / max(sizes.sum(), 1) + 0.5
    return prior / prior.sum()
