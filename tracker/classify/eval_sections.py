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

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy.stats import binomtest

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


@dataclass(frozen=True)
class Outcome:
    """How a ranker did on one case: its best section and confidence, and whether top-1/top-3 were right."""

    commit: str
    title: str
    sections: tuple[str, ...]
    predicted: str | None
    confidence: float
    top1: bool
    top3: bool


def replay_outcomes(replay: SectionReplay, rank: Ranker) -> list[Outcome]:
    """One Outcome per case, ranking each README version's cases in one call (cases grouped by version,
    so two rankers on the same replay give their outcomes in the same order)."""
    by_version: dict[Path, list[SectionCase]] = {}
    for case in replay.cases:
        by_version.setdefault(case.version.path, []).append(case)
    outcomes: list[Outcome] = []
    for path, cases in by_version.items():
        ranked = rank(replay.documents[path], [case.text for case in cases])
        for case, ranking in zip(cases, ranked, strict=True):
            names = [section for section, _ in ranking[:3]]
            outcomes.append(
                Outcome(
                    case.commit,
                    case.title,
                    case.sections,
                    names[0] if names else None,
                    ranking[0][1] if ranking else 0.0,
                    bool(names) and names[0] in case.sections,
                    any(section in names for section in case.sections),
                )
            )
    return outcomes


CONFUSIONS = 10


def summarise(replay: SectionReplay, outcomes: Sequence[Outcome], min_confidence: float) -> dict:
    """Top-1/top-3 accuracy, accuracy/coverage at `min_confidence` (and a sweep), with counts, and the
    most frequent misses as (the maintainer's section, the predicted one)."""
    triples = [(o.top1, o.top3, o.confidence) for o in outcomes]
    papers = len(outcomes)
    misses = Counter((o.sections[0], o.predicted) for o in outcomes if not o.top1)
    return {
        "papers": papers,
        "commits": len({case.commit for case in replay.cases}),
        "versions": len({case.version.path for case in replay.cases}),
        "top1": sum(o.top1 for o in outcomes) / papers if papers else None,
        "top3": sum(o.top3 for o in outcomes) / papers if papers else None,
        **_at_threshold(triples, min_confidence),
        "sweep": [_at_threshold(triples, t) for t in THRESHOLDS],
        "skipped": dict(replay.skipped),
        "confusions": [
            {"section": section, "predicted": predicted, "papers": count}
            for (section, predicted), count in misses.most_common(CONFUSIONS)
        ],
    }


def score_replay(replay: SectionReplay, rank: Ranker, min_confidence: float) -> dict:
    """Top-1/top-3 accuracy, and accuracy/coverage at `min_confidence` (and a sweep), with counts."""
    return summarise(replay, replay_outcomes(replay, rank), min_confidence)


def compare(model: Sequence[Outcome], baseline: Sequence[Outcome]) -> dict:
    """The model against the baseline on the same cases, paired: for top-1 and top-3, how many papers
    only the model gets right, how many only the baseline, and the two-sided exact sign test on those
    discordant papers (McNemar's exact test). With sets this small, a difference of a few papers is
    noise; `p` says how often a coin would split the discordant papers at least this unevenly."""
    if [(o.commit, o.title) for o in model] != [(o.commit, o.title) for o in baseline]:
        raise ValueError("compare needs both rankers' outcomes on the same cases, in the same order")
    found: dict[str, dict] = {}
    for figure in ("top1", "top3"):
        mine = [getattr(o, figure) for o in model]
        theirs = [getattr(o, figure) for o in baseline]
        only_model = sum(a and not b for a, b in zip(mine, theirs, strict=True))
        only_baseline = sum(b and not a for a, b in zip(mine, theirs, strict=True))
        discordant = only_model + only_baseline
        p = binomtest(only_model, discordant).pvalue if discordant else 1.0
        found[figure] = {
            "model_only": only_model,
            "baseline_only": only_baseline,
            "both": sum(a and b for a, b in zip(mine, theirs, strict=True)),
            "neither": sum(not a and not b for a, b in zip(mine, theirs, strict=True)),
            "sign_test_p": round(float(p), 4),
        }
    return found


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
