"""The section model and the facade on the real lists: obvious papers land in the obvious section,
confidences are probabilities, the threshold decides `placed`, explanations name terms and entries."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from tests.classify.lists_helpers import latest_document
from tracker.classify.classifier import ListClassifier, train
from tracker.classify.section_model import SectionModel
from tracker.classify.section_prior import recency_prior
from tracker.classify.training import (
    NO_ABSTRACTS,
    MappingAbstracts,
    fit_inputs,
    leaf_sections,
    training_examples,
)
from tracker.config import ClassifyConfig
from tracker.listdoc.parse import parse_document
from tracker.models import Paper

HALLUCINATION = Paper(
    "2501.00001",
    "Mitigating Object Hallucination in Large Vision-Language Models via Visual Contrastive Decoding",
    "Large vision-language models hallucinate objects that are not in the image; we reduce object "
    "hallucination without training by contrasting output distributions.",
)
BACKGROUND = [
    "Protein structure prediction with diffusion models",
    "Graph neural networks for traffic forecasting",
    "A convex relaxation for sparse regression",
]


@pytest.fixture(scope="module")
def bradyfu(shared_data: Path) -> ListClassifier:
    return train(latest_document(shared_data, "bradyfu"), NO_ABSTRACTS, BACKGROUND)


def test_leaf_sections_skip_toc_news_and_empty_sections(shared_data: Path) -> None:
    document = latest_document(shared_data, "yfzhang")
    leaves = leaf_sections(document)
    assert leaves and all(s.entries and not s.is_toc and not s.is_news for s in leaves)
    assert "Table of Contents (ongoing)" not in {s.path_text for s in leaves}
    examples = training_examples(document)
    assert len(examples) == sum(len(s.entries) for s in leaves)
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in e.text) for e in examples)  # Chinese notes kept


def test_abstracts_enrich_entries_by_arxiv_id_and_title(shared_data: Path) -> None:
    document = latest_document(shared_data, "bradyfu")
    with_id = next(e for e in document.entries() if e.arxiv_id)
    no_id = next(e for e in document.entries() if not e.arxiv_id)
    lookup = MappingAbstracts({with_id.arxiv_id: "ABSTRACT-BY-ID"}, {})
    assert lookup.abstracts([with_id, no_id]) == ["ABSTRACT-BY-ID", None]
    examples = training_examples(document, lookup)
    assert any("ABSTRACT-BY-ID" in e.text and e.has_abstract for e in examples)


def test_hallucination_paper_lands_in_the_hallucination_section(bradyfu: ListClassifier) -> None:
    [result] = bradyfu.classify([HALLUCINATION])
    assert result.section == "Awesome Papers > Multimodal Hallucination"
    assert result.placed and result.confidence >= 0.5
    assert "hallucination" in " ".join(result.explanation["terms"])
    nearest = result.explanation["nearest"]
    assert len(nearest) == 3
    assert all(n["section"] == "Awesome Papers > Multimodal Hallucination" for n in nearest[:2])
    assert [a["section"] for a in result.alternatives] and len(result.alternatives) <= 3
    assert result.section not in {a["section"] for a in result.alternatives}


def test_confidences_are_probabilities_over_leaf_sections(shared_data: Path, bradyfu: ListClassifier) -> None:
    probabilities = bradyfu.sections.probabilities([HALLUCINATION.title, "多模态大模型", "x"])
    assert probabilities.shape[1] == len(bradyfu.sections.classes)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert 0 < bradyfu.sections.temperature < 10
    leaves = {s.path_text for s in leaf_sections(latest_document(shared_data, "bradyfu"))}
    assert set(bradyfu.sections.classes) == leaves


def test_min_confidence_decides_placed(shared_data: Path, bradyfu: ListClassifier) -> None:
    paper = Paper("p", "Scaling laws for multimodal models", "")
    strict = replace(bradyfu, config=ClassifyConfig(min_confidence=1.0))
    lenient = replace(bradyfu, config=ClassifyConfig(min_confidence=0.0))
    [low], [high] = strict.classify([paper]), lenient.classify([paper])
    assert low.section == high.section and low.confidence == high.confidence < 1.0
    assert not low.placed and high.placed


def test_a_one_entry_section_is_still_predicted() -> None:
    big = "".join(
        f"- [Vision transformer study {i}](https://arxiv.org/abs/2401.{i:05d})\n" for i in range(1, 30)
    )
    readme = f"# Awesome\n## Vision Models\n{big}## Speech and Audio\n- [Whisper](https://arxiv.org/abs/2212.04356)\n"
    model = SectionModel().fit(*fit_inputs(training_examples(parse_document(readme))))
    probabilities = model.probabilities(["Self-supervised speech and audio representation learning"])[0]
    assert model.classes[int(np.argmax(probabilities))] == "Speech and Audio"


def test_chinese_titles_and_empty_abstracts_classify(shared_data: Path) -> None:
    classifier = train(latest_document(shared_data, "yfzhang"), NO_ABSTRACTS, BACKGROUND)
    results = classifier.classify([Paper("a", "万字长文总结多模态大模型最新进展", ""), Paper("b", "???", "")])
    sections = {s.path_text for s in leaf_sections(latest_document(shared_data, "yfzhang"))}
    assert [r.arxiv_id for r in results] == ["a", "b"]
    assert all(r.section in sections and 0 <= r.relevance <= 1 for r in results)
    assert results[0].section == "Survey and Outlook"  # the maintainer files their own Chinese posts there


def test_recency_prior_follows_the_newest_entries(shared_data: Path) -> None:
    examples = training_examples(latest_document(shared_data, "bradyfu"))
    classes = sorted({e.section for e in examples})
    prior = recency_prior(examples, classes)
    assert np.isclose(prior.sum(), 1.0)
    assert classes[int(np.argmax(prior))] == "Awesome Papers > Multimodal Instruction Tuning (& Latest Works)"
    undated = training_examples(
        parse_document("# A\n## X\n- [a](https://x.org)\n## Y\n- [b](https://y.org)\n")
    )
    assert np.allclose(recency_prior(undated, ["X", "Y"]), 0.5)  # nothing dated: a flat prior


def test_shared_counts_give_the_relevance_models_own_scores(bradyfu: ListClassifier) -> None:
    texts = [HALLUCINATION.title + "\n" + HALLUCINATION.abstract, "Protein folding", "多模态大模型"]
    assert bradyfu.relevance is not None
    counts = bradyfu.sections.counts(texts)
    shared = bradyfu._relevance(counts, np.zeros((3, 1)))
    assert np.allclose(shared, bradyfu.relevance.score(texts))
