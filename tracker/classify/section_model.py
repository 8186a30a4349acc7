"""Section: which leaf section of the list a paper belongs in, as calibrated probabilities.

The core is arxiv-sanity-lite's recipe over the list's own entries: TF-IDF (corpus.py) and a linear SVM
per section (one-vs-rest, classes balanced so small sections still get predicted). TF-IDF is computed
from hashed term counts (termcounts.py), so a batch is tokenised once for both this model and the
relevance model. Measured additions on `tracker eval` (docs/parts/classify-sections.md) are switchable
in `SectionSettings`:
- each section's own heading as one more training document (a new, nearly empty section is still
  reachable by the words of its name);
- a k-nearest-entries vote blended into the SVM scores;
- a prior over sections (section_prior.py: where the newest entries went), multiplied in after
  calibration as P(section | paper) ~ P_model * prior ** prior_weight.
Calibration: the scores become probabilities by a softmax with a temperature fitted on out-of-fold scores
of the training entries (minimum log-loss), so `confidence` means "how often the best guess is right".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupKFold
from sklearn.svm import LinearSVC

from tracker.classify.corpus import make_vectorizer
from tracker.classify.termcounts import TfidfFromCounts, hashed_counts


@dataclass(frozen=True)
class SectionSettings:
    headings: bool = True
    knn_weight: float = 0.5
    knn_k: int = 5
    prior_weight: float = 0.5  # 0 ignores the prior
    recent_share: float = 0.1  # the newest share of dated entries the recency prior counts
    svm_c: float = 1.0
    balanced: bool = True
    folds: int = 5
    default_temperature: float = 0.3  # used when a list is too small to fit one


@dataclass
class _Fitted:
    words: TfidfFromCounts
    svm: LinearSVC | None
    matrix: sp.csr_matrix  # training documents (entries, then headings), for the kNN vote
    labels: np.ndarray  # class index per training document


class SectionModel:
    """fit(texts, sections) then `probabilities(texts)`: rows over `classes`, summing to 1."""

    def __init__(
        self, settings: SectionSettings | None = None, counter: TfidfVectorizer | None = None
    ) -> None:
        """`counter` supplies the analyzer for term counts (the relevance model's, to share them)."""
        self.settings = settings or SectionSettings()
        self.counter = counter or make_vectorizer()
        self.names = np.zeros(0, dtype=object)
        self.classes: list[str] = []
        self.temperature = self.settings.default_temperature
        self._fitted: _Fitted | None = None
        self.prior: np.ndarray | None = None

    def fit(
        self,
        texts: Sequence[str],
        sections: Sequence[str],
        groups: Sequence[str] | None = None,
        prior: Mapping[str, float] | None = None,
    ) -> SectionModel:
        """Learn from entry texts and their sections; `groups` (e.g. normalised titles) mark one paper
        listed under several sections, which calibration holds out together and counts right in any;
        `prior` is a probability per section (missing ones get none of the prior's weight)."""
        if not texts:
            raise ValueError("no training entries: the list has no leaf section with entries")
        self.classes = sorted(set(sections))
        if prior is not None and self.settings.prior_weight:
            values = np.array([prior.get(name, 0.0) for name in self.classes]) + 1e-9
            self.prior = (values / values.sum()) ** self.settings.prior_weight
        documents, labels = list(texts), [self.classes.index(s) for s in sections]
        if self.settings.headings:
            documents += [section.split(" > ")[-1] for section in self.classes]
            labels += list(range(len(self.classes)))
        counts = self.counts(documents)
        self._fitted = self._fit(counts, np.array(labels))
        self.names = self._term_names(documents)
        groups = list(groups) if groups is not None else [str(i) for i in range(len(texts))]
        self.temperature = self._fit_temperature(counts, np.array(labels), groups)
        return self

    # features and scores
    def counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Hashed term counts of `texts` (pass them to `vectors_from_counts`)."""
        return hashed_counts(texts, self.counter)

    def _fit(self, counts: sp.csr_matrix, labels: np.ndarray) -> _Fitted:
        words = TfidfFromCounts(make_vectorizer()).fit(counts)
        matrix = words.transform(counts)
        svm = None
        if len(set(labels.tolist())) > 1:
            weight = "balanced" if self.settings.balanced else None
            svm = LinearSVC(C=self.settings.svm_c, class_weight=weight).fit(matrix, labels)
        return _Fitted(words, svm, matrix, labels)

    def _term_names(self, documents: list[str]) -> np.ndarray:
        """The term behind each kept hashed column (for explanations)."""
        analyzer = self.counter.build_analyzer()
        terms = sorted({term for document in documents for term in analyzer(document)})
        columns = hashed_counts([[term] for term in terms], _PreAnalyzed()).indices if terms else []
        by_column = dict(zip(columns, terms, strict=True))
        return np.array([by_column.get(column, "") for column in self._require().words.columns], dtype=object)

    def vectors(self, texts: Sequence[str]) -> sp.csr_matrix:
        return self.vectors_from_counts(self.counts(texts))

    def vectors_from_counts(self, counts: sp.csr_matrix, fitted: _Fitted | None = None) -> sp.csr_matrix:
        return (fitted or self._require()).words.transform(counts)

    def _scores(
        self, fitted: _Fitted, queries: sp.csr_matrix, similarity: np.ndarray | None = None
    ) -> np.ndarray:
        n_classes = len(self.classes)
        scores = np.zeros((queries.shape[0], n_classes))
        if fitted.svm is not None:
            raw = fitted.svm.decision_function(queries)
            raw = np.stack([-raw, raw], axis=1) if raw.ndim == 1 else raw
            scores[:, fitted.svm.classes_] = raw
            missing = np.setdiff1d(np.arange(n_classes), fitted.svm.classes_)
            scores[:, missing] = raw.min() - 1.0  # a class absent from a CV fold ranks last
        if self.settings.knn_weight:
            if similarity is None:
                similarity = (queries @ fitted.matrix.T).toarray()
            scores += self.settings.knn_weight * self._knn_vote(fitted, similarity)
        return scores

    def _knn_vote(self, fitted: _Fitted, similarity: np.ndarray) -> np.ndarray:
        """Per query, the summed similarity of its k most similar training documents, per class."""
        k = min(self.settings.knn_k, similarity.shape[1])
        nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        vote = np.zeros((similarity.shape[0], len(self.classes)))
        rows = np.repeat(np.arange(similarity.shape[0]), k)
        np.add.at(vote, (rows, fitted.labels[nearest].ravel()), similarity[rows, nearest.ravel()])
        return vote

    # calibration
    def _fit_temperature(self, counts: sp.csr_matrix, labels: np.ndarray, groups: list[str]) -> float:
        """The softmax temperature minimising the log-loss of out-of-fold scores on the entries."""
        n_entries = len(groups)
        folds = min(self.settings.folds, len(set(groups)))
        if folds < 2 or len(self.classes) < 2:
            return self.settings.default_temperature
        held_out = np.zeros((n_entries, len(self.classes)))
        extra = list(range(n_entries, counts.shape[0]))  # headings always stay in training
        splitter = GroupKFold(folds, shuffle=True, random_state=0)
        for train, test in splitter.split(np.arange(n_entries), groups=groups):
            keep = np.concatenate([train, extra]).astype(int)
            fitted = self._fit(counts[keep], labels[keep])
            held_out[test] = self._scores(fitted, self.vectors_from_counts(counts[test], fitted))
        right = np.zeros_like(held_out, dtype=bool)
        members: dict[str, list[int]] = {}
        for i, group in enumerate(groups):
            members.setdefault(group, []).append(i)
        for rows in members.values():
            right[np.ix_(rows, labels[rows])] = True  # right in any section the paper is listed in

        def log_loss(log_t: float) -> float:
            probs = np.exp(log_softmax(held_out / np.exp(log_t), axis=1))
            return -float(np.log(np.maximum((probs * right).sum(axis=1), 1e-12)).mean())

        return float(np.exp(minimize_scalar(log_loss, bounds=(-6.0, 3.0), method="bounded").x))

    # prediction
    def _require(self) -> _Fitted:
        if self._fitted is None:
            raise RuntimeError("SectionModel.fit was not called")
        return self._fitted

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probability of each class (columns follow `classes`) for each text."""
        return self.probabilities_for(self.vectors(texts))

    def probabilities_for(self, vectors: sp.csr_matrix, similarity: np.ndarray | None = None) -> np.ndarray:
        """`probabilities` for rows already made by `vectors` (to vectorise a batch once); `similarity`
        is `similarity(vectors)` when the caller has it."""
        fitted = self._require()
        if len(self.classes) == 1:
            return np.ones((vectors.shape[0], 1))
        scores = self._scores(fitted, vectors, similarity)
        probabilities = np.exp(log_softmax(scores / self.temperature, axis=1))
        if self.prior is not None:
            probabilities *= self.prior
            probabilities /= probabilities.sum(axis=1, keepdims=True)
        return probabilities

    def coefficients(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(term names, class x term weights) for explanations."""
        fitted = self._require()
        if fitted.svm is None:
            return None
        weights = np.zeros((len(self.classes), len(self.names)))
        coef = fitted.svm.coef_
        if len(fitted.svm.classes_) == 2:
            coef = np.vstack([-coef[0], coef[0]])
        weights[fitted.svm.classes_] = coef
        return self.names, weights

    def similarity(self, vectors: sp.csr_matrix) -> np.ndarray:
        """Cosine similarity of each row to each training document: the entries, then any headings."""
        return (vectors @ self._require().matrix.T).toarray()

    @property
    def n_entries(self) -> int:
        """How many of the training documents are entries (the first ones)."""
        return self._require().matrix.shape[0] - (len(self.classes) if self.settings.headings else 0)


class _PreAnalyzed:
    """A stand-in vectorizer whose "texts" are already lists of terms (to hash single terms)."""

    def build_analyzer(self):  # noqa: ANN201 - the duck type `hashed_counts` needs
        return lambda terms: terms
