"""The section replay of `tracker eval` on a small slice of the real history: each case's README is the
version strictly before its commit, its section exists there, scores and counts are right, and the
command prints the table and writes the JSON report."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from tests.cli_runner import Invoke
from tracker.classify.eval_data import Abstracts
from tracker.classify.eval_sections import (
    SectionReplay,
    compare,
    replay_outcomes,
    score_replay,
    section_cases,
)
from tracker.classify.training import leaf_sections

LAST_COMMITS = 4


@pytest.fixture(scope="module")
def replay(shared_data: Path) -> SectionReplay:
    return section_cases(shared_data, "yfzhang", Abstracts(), limit_commits=LAST_COMMITS)


def test_cases_use_the_readme_before_the_commit(shared_data: Path, replay: SectionReplay) -> None:
    gold = [
        json.loads(line) for line in (shared_data / "gold" / "yfzhang_additions.jsonl").open(encoding="utf-8")
    ]
    dates = {row["commit"]: datetime.fromisoformat(row["commit_date"]) for row in gold}
    assert replay.cases and len({case.commit for case in replay.cases}) <= LAST_COMMITS
    for case in replay.cases:
        assert not case.commit.startswith(case.version.sha)  # that file is the README after the commit
        assert case.version.when is None or case.version.when < dates[case.commit]
        paths = {s.path_text for s in leaf_sections(replay.documents[case.version.path])}
        assert set(case.sections) <= paths
        titles = {e.title for e in replay.documents[case.version.path].entries()}
        assert case.title not in titles  # the paper is new to that README


def test_scores_count_papers_and_commits(replay: SectionReplay) -> None:
    def oracle(document, texts):
        by_text = {case.text: case.sections[0] for case in replay.cases}
        return [[(by_text[text], 0.95), ("elsewhere", 0.05)] for text in texts]

    def wrong(document, texts):
        return [[("elsewhere", 0.4), *((case.sections[0], 0.3) for case in replay.cases[:1])] for _ in texts]

    right = score_replay(replay, oracle, 0.5)
    assert right["papers"] == len(replay.cases) and right["commits"] >= 1
    assert right["top1"] == right["top3"] == right["placed_accuracy"] == right["coverage"] == 1.0
    none = score_replay(replay, wrong, 0.5)
    assert none["top1"] == 0.0 and none["placed"] == 0 and none["placed_accuracy"] is None
    assert [row["min_confidence"] for row in none["sweep"]][:2] == [0.3, 0.4]
    assert right["confusions"] == []
    misses = none["confusions"]  # every miss went to "elsewhere"
    assert sum(row["papers"] for row in misses) == none["papers"]
    assert {row["predicted"] for row in misses} == {"elsewhere"}
    assert {row["section"] for row in misses} <= {case.sections[0] for case in replay.cases}


def test_compare_counts_the_papers_only_one_ranker_gets_right(replay: SectionReplay) -> None:
    cases = replay.cases
    first = cases[0]

    def oracle(document, texts):
        by_text = {case.text: case.sections[0] for case in cases}
        return [[(by_text[text], 0.9), ("elsewhere", 0.1)] for text in texts]

    def first_only(document, texts):  # right on the first case, "elsewhere" first on every other
        return [
            [(first.sections[0], 0.9)] if text == first.text else [("elsewhere", 0.6), ("nowhere", 0.4)]
            for text in texts
        ]

    good, poor = replay_outcomes(replay, oracle), replay_outcomes(replay, first_only)
    assert [o.title for o in good] == [o.title for o in poor] and len(good) == len(cases)
    paired = compare(good, poor)
    n = len(cases)
    assert paired["top1"] == {
        "model_only": n - 1,
        "baseline_only": 0,
        "both": 1,
        "neither": 0,
        "sign_test_p": paired["top1"]["sign_test_p"],
    }
    assert paired["top3"]["model_only"] == n - 1 and paired["top3"]["baseline_only"] == 0
    # a two-sided exact sign test: n - 1 discordant papers all one way
    assert paired["top1"]["sign_test_p"] == round(min(1.0, 2 * 0.5 ** (n - 1)), 4)
    same = compare(good, good)["top1"]
    assert same["model_only"] == same["baseline_only"] == 0 and same["sign_test_p"] == 1.0
    swapped = compare(poor, good)["top1"]
    assert (swapped["model_only"], swapped["baseline_only"]) == (0, n - 1)
    with pytest.raises(ValueError, match="same cases"):
        compare(good, poor[::-1] if n > 1 else [])


def test_eval_command_sections_only(tracker_cli: Invoke, shared_data: Path, tmp_path: Path) -> None:
    args = [
        "eval",
        "--list",
        "yfzhang",
        "--data",
        str(shared_data),
        "--skip-relevance",
        "--last-commits",
        "2",
    ]
    code, out, err = tracker_cli([*args, "--json", "--out", str(tmp_path / "eval.json")])
    assert code == 0, err
    report = json.loads(out)
    assert report == json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
    sections = report["lists"]["yfzhang"]["sections"]
    baseline = report["lists"]["yfzhang"]["sections_baseline"]
    assert sections["papers"] == baseline["papers"] > 0 and sections["commits"] <= 2
    assert 0 <= sections["top1"] <= sections["top3"] <= 1
    paired = report["lists"]["yfzhang"]["sections_vs_baseline"]
    papers = sections["papers"]
    for figure in ("top1", "top3"):
        counts = paired[figure]
        assert sum(counts[k] for k in ("model_only", "baseline_only", "both", "neither")) == papers
        assert (counts["model_only"] + counts["both"]) / papers == pytest.approx(sections[figure])
        assert (counts["baseline_only"] + counts["both"]) / papers == pytest.approx(baseline[figure])
        assert 0 <= counts["sign_test_p"] <= 1
    assert "relevance" not in report["lists"]["yfzhang"]
    code, out, _ = tracker_cli([*args, "--no-baseline", "--json"])
    assert code == 0 and "sections_vs_baseline" not in json.loads(out)["lists"]["yfzhang"]
    code, out, _ = tracker_cli([*args, "--no-baseline"])
    assert code == 0 and "yfzhang" in out and "papers" in out


def test_eval_command_rejects_a_folder_without_data(tracker_cli: Invoke, tmp_path: Path) -> None:
    code, out, err = tracker_cli(["eval", "--data", str(tmp_path), "--skip-relevance"])
    assert code == 2 and "not the shared data folder" in err
