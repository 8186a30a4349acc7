"""Relevance: would this list take this paper at all? A linear TF-IDF model trained on the list itself.

Positives are the list's entries; negatives are papers the tracker saw that the list never took
(unlabeled: most are irrelevant, a few are papers the maintainers simply have not added yet); hard
negatives are candidates the maintainer rejected, weighted up. The ranking score is a LinearSVC margin
(arxiv-sanity-lite's recipe, classes balanced) with recent entries weighted up: a list's interests
drift, and the entries of the last months say most about what it takes next (docs/parts/
classify-relevance.md has the replay figures behind each choice).

`score` returns relevance in [0, 1] as a percentile: the share of the background papers that the paper
outranks, measured on the background's out-of-fold scores (each background paper scored by a model that
did not train on it, as a new paper would be), interpolated between them. 0.99 means "more list-like
than 99% of the papers arXiv announced recently". It is monotone in the model's score (rankings are
the model's) and means the same from run to run; above the top background paper it approaches 1 without
reaching it, so the best papers keep their order. It is not a probability: with unlabeled negatives
(PU data) no honest probability of "the maintainer takes it" exists, and a Platt sigmoid fitted on
these classes put most papers the list later took below 0.5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from tracker.classify.corpus import make_vectorizer
from tracker.classify.termcounts import TfidfFromCounts, hashed_counts


@dataclass(frozen=True)
class RelevanceSettings:
    """Every relevance-specific knob in one place (the shared TF-IDF recipe is `corpus.TFIDF_SETTINGS`).

    The corpus-size knobs follow arxiv-sanity-lite; below `small_corpus` training texts they are relaxed
    to min_df=1, max_df=1.0 (a tiny list or test fixture would otherwise keep no terms).
    """

    min_df: int = 5
    max_df: float = 0.1
    max_features: int | None = 20000
    small_corpus: int = 500
    C: float = 0.01  # arxiv-sanity-lite uses 0.1; with recency weights 0.01 replays better (docs)
    recency_half_life: float = 3.0  # months before the newest entry; 0 weighs every entry alike
    hard_negative_weight: float = 3.0  # not measurable on the replay data (it has no rejections)
    calibration_folds: int = 3

    def vectorizer(self, n_docs: int | None = None) -> TfidfVectorizer:
        """The shared recipe with these corpus-size knobs (used for its analyzer and parameters)."""
        small = n_docs is not None and n_docs < self.small_corpus
        min_df, max_df = (1, 1.0) if small else (self.min_df, self.max_df)
        return make_vectorizer(min_df=min_df, max_df=max_df, max_features=self.max_features)


PLAIN_TFIDF = RelevanceSettings(C=0.1, recency_half_life=0.0)
"""The issue's anchor recipe (arxiv-sanity-lite): the baseline `tracker eval` reports beside ours."""


class _Scorer:
    """The uncalibrated ranking score: the LinearSVC margin."""

    def __init__(
        self, settings: RelevanceSettings, matrix: sp.csr_matrix, labels: np.ndarray, weights: np.ndarray
    ) -> None:
        self.settings = settings
        self.svm = LinearSVC(C=settings.C, dual=True, tol=1e-6, max_iter=10000)
        self.svm.fit(matrix, labels, sample_weight=weights)

    def __call__(self, matrix: sp.csr_matrix) -> np.ndarray:
        return self.svm.decision_function(matrix)


class RelevanceModel:
    """fit(positives, negatives, hard_negatives) on texts, then score(texts) -> relevance in [0, 1]."""

    def __init__(self, settings: RelevanceSettings | None = None) -> None:
        self.settings = settings or RelevanceSettings()
        self.vectorizer: TfidfVectorizer | None = None  # its analyzer and parameters; never fitted itself
        self.weights: TfidfFromCounts | None = None
        self.scorer: _Scorer | None = None
        self.background = np.zeros(0)  # sorted out-of-fold scores of the plain negatives

    def fit(
        self,
        positives: list[str],
        negatives: list[str],
        hard_negatives: Sequence[str] = (),
        *,
        positive_ids: Sequence[str | None] | None = None,
    ) -> RelevanceModel:
        """Learn from texts; needs at least one positive and one negative (plain or hard).

        `positive_ids` (the entries' arXiv ids, None where unknown) turn on recency weighting.
        """
        _check_sizes(len(positives), len(negatives) + len(hard_negatives))
        texts = [*positives, *negatives, *hard_negatives]
        self.vectorizer = self.settings.vectorizer(len(texts))
        counts = hashed_counts(texts, self.vectorizer)
        self.weights = TfidfFromCounts(self.vectorizer).fit(counts)
        matrix = self.weights.transform(counts)
        weights = recency_weights(positive_ids, self.settings.recency_half_life) if positive_ids else None
        return self.fit_vectors(
            matrix, len(positives), len(negatives), len(hard_negatives), positive_weights=weights
        )

    def fit_vectors(
        self,
        matrix: sp.csr_matrix,
        n_pos: int,
        n_neg: int,
        n_hard: int = 0,
        *,
        calibrate: bool = True,
        positive_weights: np.ndarray | None = None,
    ) -> RelevanceModel:
        """Learn from TF-IDF rows ordered positives, negatives, hard negatives (`tracker eval` uses this
        with cached vectors and calibrate=False, since calibration never changes the ranking)."""
        _check_sizes(n_pos, n_neg + n_hard)
        labels = np.r_[np.ones(n_pos), np.zeros(n_neg + n_hard)]
        weights = self._weights(n_pos, n_neg, n_hard)
        if positive_weights is not None:
            weights[:n_pos] *= np.asarray(positive_weights) / np.mean(positive_weights)
        self.scorer = _Scorer(self.settings, matrix, labels, weights)
        if calibrate:
            self.background = np.sort(self._held_out_scores(matrix, labels, weights)[n_pos : n_pos + n_neg])
        return self

    def _weights(self, n_pos: int, n_neg: int, n_hard: int) -> np.ndarray:
        """Balanced classes; a hard negative counts `hard_negative_weight` times a plain one."""
        n_other = n_neg + n_hard
        other = n_other / (2 * (n_neg + self.settings.hard_negative_weight * n_hard))
        return np.r_[
            np.full(n_pos, n_other / (2 * n_pos)),
            np.full(n_neg, other),
            np.full(n_hard, other * self.settings.hard_negative_weight),
        ]

    def _held_out_scores(self, matrix: sp.csr_matrix, labels: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Every training row scored by a model fitted on the other folds (in-sample when too few rows)."""
        folds = self.settings.calibration_folds
        assert self.scorer is not None
        if min(labels.sum(), len(labels) - labels.sum()) < folds:
            return self.scorer(matrix)
        held_out = np.empty(len(labels))
        splitter = StratifiedKFold(folds, shuffle=True, random_state=0)
        for train, test in splitter.split(np.zeros(len(labels)), labels):
            scorer = _Scorer(self.settings, matrix[train], labels[train], weights[train])
            held_out[test] = scorer(matrix[test])
        return held_out

    def score(self, texts: list[str]) -> np.ndarray:
        """Relevance in [0, 1] for each text, in order."""
        return self.score_vectors(self.vectorize(texts))

    def score_counts(self, counts: sp.csr_matrix) -> np.ndarray:
        """`score` for hashed term counts (`termcounts.hashed_counts`) made with the shared recipe's analyzer,
        e.g. `SectionModel.counts`: a batch tokenised once serves both models."""
        return self.score_vectors(self._weights_fitted().transform(counts))

    def vectorize(self, texts: list[str]) -> sp.csr_matrix:
        """TF-IDF rows for texts, with the fitted columns and idf."""
        weights = self._weights_fitted()
        assert self.vectorizer is not None  # fitted with the weights
        return weights.transform(hashed_counts(texts, self.vectorizer))

    def _weights_fitted(self) -> TfidfFromCounts:
        if self.vectorizer is None or self.weights is None:
            raise RuntimeError("fit the relevance model before scoring")
        return self.weights

    def ranking_scores(self, matrix: sp.csr_matrix) -> np.ndarray:
        """The uncalibrated score (higher is more relevant) for TF-IDF rows."""
        if self.scorer is None:
            raise RuntimeError("fit the relevance model before scoring")
        return self.scorer(matrix)

    def score_vectors(self, matrix: sp.csr_matrix) -> np.ndarray:
        """Relevance in [0, 1) for TF-IDF rows: the interpolated percentile among the background."""
        return percentile_of(self.ranking_scores(matrix), self.background)


def percentile_of(scores: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Where `scores` fall among the sorted `background`: (rank + 1)/(n + 1), linearly interpolated, and
    above the top one an exponential approach to 1 (scale: the top percent's spread), so that papers
    more list-like than every background paper still keep their order for the budget."""
    n = len(background)
    if n == 0:
        return 1 / (1 + np.exp(-scores))  # fitted without calibration, or only hard negatives
    found = np.interp(scores, background, np.arange(1, n + 1) / (n + 1), left=0.0)
    top = background[-1]
    scale = max(top - background[int(0.99 * (n - 1))], 1e-6)
    above = scores > top
    found[above] = 1 - 1 / ((n + 1) * (1 + (scores[above] - top) / scale))
    return found


def recency_weights(arxiv_ids: Sequence[str | None], half_life: float) -> np.ndarray | None:
    """Entry weights halving every `half_life` months before the newest entry, read from new-style arXiv
    ids (YYMM.NNNNN); entries without one get the median weight. None when nothing can be dated."""
    months = [_id_month(arxiv_id) for arxiv_id in arxiv_ids]
    known = [m for m in months if m is not None]
    if half_life <= 0 or not known:
        return None
    newest, fill = max(known), float(np.median(known))
    ages = np.array([newest - (fill if m is None else m) for m in months], dtype=float)
    return 0.5 ** (ages / half_life)


def _id_month(arxiv_id: str | None) -> int | None:
    if not arxiv_id or len(arxiv_id) < 9 or arxiv_id[4] != "." or not arxiv_id[:4].isdigit():
        return None
    return (2000 + int(arxiv_id[:2])) * 12 + int(arxiv_id[2:4]) - 1


def _check_sizes(n_pos: int, n_neg: int) -> None:
    if n_pos == 0 or n_neg == 0:
        raise ValueError(
            f"relevance needs at least one list entry and one background paper (got {n_pos} and {n_neg})"
        )
