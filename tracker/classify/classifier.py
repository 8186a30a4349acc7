"""The classifier facade: train both models on one README, then classify papers in one call.

`train` takes the parsed list, where abstracts come from, the background (papers seen recently that the
list did not take), the hard negatives (papers the maintainer rejected), the section rules and the
classify config; `ListClassifier.classify` returns one `Classification` per paper, in order.
No I/O here: the command and the pipeline fetch what this needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from tracker.classify.budget import select_in_scope
from tracker.classify.corpus import paper_text
from tracker.classify.explain import nearest_entries, nearest_indexes, top_terms
from tracker.classify.relevance import RelevanceModel
from tracker.classify.rules import NO_RULES, BoundRules, SectionRules
from tracker.classify.section_model import SectionModel, SectionSettings
from tracker.classify.section_prior import recency_prior
from tracker.classify.training import AbstractLookup, Example, fit_inputs, leaf_sections, training_examples
from tracker.config import ClassifyConfig
from tracker.errors import UsageError
from tracker.listdoc.model import Document
from tracker.models import Paper

ALTERNATIVES = 3


@dataclass
class Classification:
    """What the classifier says about one paper; `section` is a path text exactly as `tracker list` prints."""

    arxiv_id: str
    relevance: float
    in_scope: bool
    section: str
    confidence: float
    placed: bool
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    explanation: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ListClassifier:
    """Both models trained on one README, plus the rules bound to its sections."""

    examples: list[Example]
    sections: SectionModel
    relevance: RelevanceModel | None  # None: no background papers, relevance falls back to similarity
    rules: BoundRules
    config: ClassifyConfig

    def classify(self, papers: Sequence[Paper]) -> list[Classification]:
        """One Classification per paper, same order; duplicates and odd ids are classified as given."""
        if not papers:
            return []
        texts = [paper_text(paper.title, paper.abstract) for paper in papers]
        counts = self.sections.counts(texts)  # tokenised once for both models (same analyzer)
        vectors = self.sections.vectors_from_counts(counts)
        similarity = self.sections.similarity(vectors)
        probabilities = self.sections.probabilities_for(vectors, similarity)
        similarity = similarity[:, : self.sections.n_entries]
        nearest = nearest_indexes(similarity)
        relevance = self._relevance(counts, similarity).tolist()
        in_scope = select_in_scope(relevance, self.config.min_relevance, self.config.max_candidates_per_run)
        orders = np.argsort(-probabilities, axis=1, kind="stable")[:, : ALTERNATIVES + 2]
        results = [
            self._one(paper, texts[i], probabilities[i], orders[i], relevance[i], in_scope[i])
            for i, paper in enumerate(papers)
        ]
        terms = self._top_terms(vectors, [result.section for result in results])
        entries = nearest_entries(similarity, nearest, self.examples)
        for result, why, near in zip(results, terms, entries, strict=True):
            result.explanation = {"terms": why, "nearest": near, **result.explanation}
        return results

    def _top_terms(self, vectors: sp.csr_matrix, sections: list[str]) -> list[list[str]]:
        """The terms that pushed each row towards its section (none without a linear model)."""
        coefficients = self.sections.coefficients()
        if coefficients is None:
            return [[] for _ in sections]
        names, weights = coefficients
        index = {name: i for i, name in enumerate(self.sections.classes)}
        classes = np.array([index.get(section, -1) for section in sections], dtype=np.int64)
        return top_terms(vectors, weights, classes, names)

    def _relevance(self, counts: sp.csr_matrix, similarity: np.ndarray) -> np.ndarray:
        """`RelevanceModel.score` from the shared counts (both models count with the recipe's analyzer)."""
        if self.relevance is not None:
            return np.clip(self.relevance.score_counts(counts), 0.0, 1.0)
        return np.clip(similarity.max(axis=1), 0.0, 1.0) if similarity.size else np.zeros(counts.shape[0])

    def _one(
        self,
        paper: Paper,
        text: str,
        probabilities: np.ndarray,
        order: np.ndarray,
        relevance: float,
        in_scope: bool,
    ) -> Classification:
        """`order`: the indexes of the most probable classes, best first (a stable argsort)."""
        outcome = self.rules.apply(paper.title, text)
        classes = self.sections.classes
        excluded = [classes.index(name) for name in outcome.excluded if name in classes]
        if excluded and len(excluded) < len(classes):
            probabilities = probabilities.copy()
            probabilities[excluded] = 0.0
            probabilities /= probabilities.sum() or 1.0
            order = np.argsort(-probabilities, kind="stable")[: ALTERNATIVES + 2]
        ranked = [(classes[i], float(probabilities[i])) for i in order.tolist() if i not in excluded]
        if outcome.pinned is not None:
            section, confidence, placed = outcome.pinned, 1.0, True
            ranked = [item for item in ranked if item[0] != section]
        else:
            (section, confidence), ranked = ranked[0], ranked[1:]
            placed = confidence >= self.config.min_confidence
        explanation: dict[str, Any] = {"rules": list(outcome.fired)}
        if self.relevance is None:
            explanation["relevance"] = "no background papers in the store: similarity to the nearest entry"
        return Classification(
            arxiv_id=paper.arxiv_id,
            relevance=round(relevance, 4),
            in_scope=in_scope,
            section=section,
            confidence=round(confidence, 4),
            placed=placed,
            alternatives=[{"section": name, "confidence": round(p, 4)} for name, p in ranked[:ALTERNATIVES]],
            explanation=explanation,
        )


def fit_section_model(examples: Sequence[Example], settings: SectionSettings | None = None) -> SectionModel:
    """The section model on the list's entries, with the README's recency prior. It counts terms with the
    shared recipe's analyzer, so `ListClassifier.classify` hands its counts to the relevance model too."""
    model = SectionModel(settings)
    texts, sections, groups = fit_inputs(examples)
    classes = sorted(set(sections))
    prior = dict(zip(classes, recency_prior(examples, classes, model.settings.recent_share), strict=True))
    return model.fit(texts, sections, groups, prior)


def train(
    document: Document,
    abstracts: AbstractLookup,
    background_texts: Sequence[str],
    hard_negative_texts: Sequence[str] = (),
    rules: SectionRules = NO_RULES,
    config: ClassifyConfig | None = None,
    section_settings: SectionSettings | None = None,
) -> ListClassifier:
    """Train the section and relevance models on `document`'s leaf sections; bind `rules` to them."""
    examples = training_examples(document, abstracts)
    if not examples:
        raise UsageError("the list has no sections with entries to learn from (see `tracker list`)")
    relevance = None
    if background_texts or hard_negative_texts:
        relevance = RelevanceModel().fit(
            [e.text for e in examples],
            list(background_texts),
            list(hard_negative_texts),
            positive_ids=[e.entry.arxiv_id for e in examples],  # recency weighting needs the ids
        )
    sections = fit_section_model(examples, section_settings)
    bound = rules.bind([section.path_text for section in leaf_sections(document)])
    return ListClassifier(examples, sections, relevance, bound, config or ClassifyConfig())
