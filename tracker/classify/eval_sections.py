"""The section half of `tracker eval`: replay the maintainers' additions against the README before them.

Protocol: take the commits that added entries, in time order, and skip the first tenth of them (the
list was still taking shape). For each remaining commit, train on the latest stored README version
strictly before it (`listdoc.replay.version_before`) and classify the added papers (title plus
abstract where known). Only papers whose section already existed in that README count: matched by
path text, then by the gold's canonical (post-rename) path, then by a unique leaf heading. A title the
README already lists (re-added under a new link) is skipped: dedupe would never propose it. A paper
the commit filed under several sections (BradyFU lists a benchmark under both "Evaluation" and
"Benchmarks for Evaluation") is one case, right in any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from tracker import ids
from tracker.classify.classifier import fit_section_model
from tracker.classify.corpus import paper_text
from tracker.classify.eval_data import Abstracts, additions
from tracker.classify.section_model import SectionSettings
from tracker.classify.training import AbstractLookup, leaf_sections, training_examples
from tracker.listdoc.model import Document
from tracker.listdoc.parse import read_document
from tracker.listdoc.replay import Version, version_before, versions


@dataclass(frozen=True)
class SectionCase:
    """One paper a commit added: the README version before the commit and the section(s) it went to."""

    commit: str
    version: Version
    sections: tuple[str, ...]
    title: str
    text: str
    arxiv_id: str | None


@dataclass
class SectionReplay:
    """The cases of one list, grouped by README version, plus what was skipped and why."""

    name: str
    cases: list[SectionCase]
    documents: dict[Path, Document]
    skipped: dict[str, int]


def _section_in(document: Document, row: dict) -> str | None:
    paths = [section.path_text for section in leaf_sections(document)]
    for wanted in (row["section"], row.get("section_canonical")):
        if wanted in paths:
            return wanted
    leaf = (row.get("section_canonical") or row["section"]).split(" > ")[-1]
    matches = [path for path in paths if path.split(" > ")[-1] == leaf]
    return matches[0] if len(matches) == 1 else None


def section_cases(
    data: Path, name: str, abstracts: Abstracts, limit_commits: int | None = None
) -> SectionReplay:
    """The protocol's cases for one list (optionally only the last `limit_commits` commits, for tests)."""
    rows = additions(data / "gold", name)
    commits = list(dict.fromkeys(row["commit"] for row in rows))
    kept = set(commits[len(commits) // 10 :])
    if limit_commits is not None:
        kept &= set(commits[-limit_commits:])
    all_versions = versions(data, name)
    documents: dict[Path, Document] = {}
    cases: dict[tuple[str, str], SectionCase] = {}
    skipped = {"first_tenth": 0, "no_version": 0, "new_section": 0, "already_listed": 0}
    listed: dict[Path, set[str]] = {}
    for row in rows:
        if row["commit"] not in kept:
            skipped["first_tenth"] += 1
            continue
        version = version_before(all_versions, row["commit"], row["commit_date"])
        if version is None:
            skipped["no_version"] += 1
            continue
        if version.path not in documents:
            documents[version.path] = read_document(version.path)
            listed[version.path] = {ids.normalize_title(e.title) for e in documents[version.path].entries()}
        if ids.normalize_title(row["title"]) in listed[version.path]:
            skipped["already_listed"] += 1  # re-added under a new link: dedupe would never propose it
            continue
        section = _section_in(documents[version.path], row)
        if section is None:
            skipped["new_section"] += 1
            continue
        key = (row["commit"], ids.normalize_title(row["title"]))
        if key in cases:
            case = cases[key]
            cases[key] = replace(case, sections=tuple(dict.fromkeys((*case.sections, section))))
            continue
        text = paper_text(row["title"], abstracts.for_addition(name, row))
        cases[key] = SectionCase(row["commit"], version, (section,), row["title"], text, row.get("arxiv_id"))
    return SectionReplay(name, list(cases.values()), documents, skipped)


Ranker = Callable[[Document, Sequence[str]], list[list[tuple[str, float]]]]
"""(README, paper texts) -> per paper, sections with confidences, best first."""


THRESHOLDS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9)


def _at_threshold(outcomes: list[tuple[bool, bool, float]], threshold: float) -> dict:
    placed = [right for right, _, confidence in outcomes if confidence >= threshold]
    return {
        "min_confidence": threshold,
        "placed": len(placed),
        "coverage": len(placed) / len(outcomes) if outcomes else None,
        "placed_accuracy": sum(placed) / len(placed) if placed else None,
    }


def score_replay(replay: SectionReplay, rank: Ranker, min_confidence: float) -> dict:
    """Top-1/top-3 accuracy, and accuracy/coverage at `min_confidence` (and a sweep), with counts."""
    by_version: dict[Path, list[SectionCase]] = {}
    for case in replay.cases:
        by_version.setdefault(case.version.path, []).append(case)
    outcomes: list[tuple[bool, bool, float]] = []  # (top-1 right, top-3 right, confidence)
    for path, cases in by_version.items():
        ranked = rank(replay.documents[path], [case.text for case in cases])
        for case, ranking in zip(cases, ranked, strict=True):
            names = [section for section, _ in ranking[:3]]
            outcomes.append(
                (
                    bool(names) and names[0] in case.sections,
                    any(section in names for section in case.sections),
                    ranking[0][1] if ranking else 0.0,
                )
            )
    papers = len(outcomes)
    return {
        "papers": papers,
        "commits": len({case.commit for case in replay.cases}),
        "versions": len(by_version),
        "top1": sum(o[0] for o in outcomes) / papers if papers else None,
        "top3": sum(o[1] for o in outcomes) / papers if papers else None,
        **_at_threshold(outcomes, min_confidence),
        "sweep": [_at_threshold(outcomes, t) for t in THRESHOLDS],
        "skipped": dict(replay.skipped),
    }


def model_ranker(lookup: AbstractLookup, settings: SectionSettings | None = None) -> Ranker:
    """A Ranker that trains the production SectionModel on each README version."""

    def rank(document: Document, texts: Sequence[str]) -> list[list[tuple[str, float]]]:
        model = fit_section_model(training_examples(document, lookup), settings)
        probabilities = model.probabilities(texts)
        return [
            [(model.classes[i], float(row[i])) for i in np.argsort(-row, kind="stable")]
            for row in probabilities
        ]

    return rank


BASELINE = SectionSettings(headings=False, knn_weight=0.0, prior_weight=0.0)
"""The anchor the issue measured: plain TF-IDF + balanced LinearSVC (calibrated the same way)."""
