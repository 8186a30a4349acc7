"""benchmarks/section_ceiling.py: the cross-validated ceiling the README compares issue 4's targets with."""

from __future__ import annotations

from benchmarks.section_ceiling import cross_validate
from tracker.classify.training import training_examples
from tracker.listdoc.parse import parse_document

TOPICS = {
    "Speech": "speech audio waveform phoneme",
    "Vision": "image pixel convolution segmentation",
    "Robots": "robot grasping manipulation locomotion",
}


def _readme(shared: str = "") -> str:
    parts = ["# Awesome\n"]
    for section, words in TOPICS.items():
        parts.append(f"## {section}\n")
        parts += [f"- [{words} study number {i}](https://example.org/{section}/{i})\n" for i in range(8)]
        parts.append(shared)
    return "".join(parts)


def test_separable_sections_are_all_right_and_each_paper_counts_once() -> None:
    cross_listed = "- [A multimodal survey](https://example.org/survey)\n"  # in all three sections
    examples = training_examples(parse_document(_readme(cross_listed)))
    found = cross_validate(examples, None, folds=4)
    assert len(examples) == 27 and found["papers"] == 25  # the cross-listed paper is one case
    assert found["top1"] == 1.0 and found["top3"] == 1.0 and found["at_60"] == 1.0


def test_papers_that_share_no_words_with_their_section_are_missed() -> None:
    scrambled = _readme().replace("speech audio waveform phoneme study number 3", "robot grasping study")
    found = cross_validate(training_examples(parse_document(scrambled)), None, folds=4)
    assert found["papers"] == 24 and found["top1"] < 1.0
