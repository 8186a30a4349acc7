"""`tracker eval` as data: both halves of the protocol for each list, as one JSON-ready report.

Sections come from `eval_sections`: the production model and the plain TF-IDF baseline on the same
cases, and `sections_vs_baseline`, the papers only one of them gets right, with a sign test. Relevance
comes from `eval_relevance.evaluate_relevance`. Rendering is the command's job.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from tracker.classify.eval_data import additions, load_abstracts
from tracker.classify.eval_sections import (
    BASELINE,
    compare,
    model_ranker,
    replay_outcomes,
    section_cases,
    summarise,
)

LIST_NAMES = ("bradyfu", "yfzhang")


def evaluate(
    data: Path,
    names: Sequence[str],
    min_confidence: float,
    *,
    relevance: bool = True,
    baseline: bool = True,
    limit_commits: int | None = None,
) -> dict:
    """The report for `names` under the shared data folder `data` (lists/, gold/, arxiv/)."""
    started = time.monotonic()
    wanted = {
        row["arxiv_id"] for name in names for row in additions(data / "gold", name) if row.get("arxiv_id")
    }
    abstracts = load_abstracts(data / "gold", sorted((data / "arxiv").glob("*.jsonl.gz")), wanted)
    lookup = abstracts.lookup()
    report: dict = {"data": str(data), "min_confidence": min_confidence, "lists": {}}
    firehose = None
    for name in names:
        replay = section_cases(data, name, abstracts, limit_commits)
        outcomes = replay_outcomes(replay, model_ranker(lookup))
        result: dict = {"sections": summarise(replay, outcomes, min_confidence)}
        if baseline:
            plain = replay_outcomes(replay, model_ranker(lookup, BASELINE))
            result["sections_baseline"] = summarise(replay, plain, min_confidence)
            result["sections_vs_baseline"] = compare(outcomes, plain)  # paired counts and sign test
        if relevance:
            from tracker.classify.eval_relevance import Firehose, evaluate_relevance

            firehose = firehose or Firehose.load(data / "arxiv")
            result["relevance"] = evaluate_relevance(data, name, firehose=firehose)
        report["lists"][name] = result
    report["seconds"] = round(time.monotonic() - started, 1)
    return report
