"""`tracker run`, `tracker publish` and `tracker demo` on the command line, against the offline demo_stack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import Invoke, run_tracker
from tracker.demo import DemoStack


def test_dry_run_json_is_one_document_and_the_step_summary_names_the_outcome(
    demo_stack: DemoStack, tracker_cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.delenv("GITHUB_TOKEN")  # a dry run needs no token
    code, out, err = tracker_cli(["run", "--dry-run", "--json"])
    report = json.loads(out)  # stdout is exactly one JSON document
    assert code == 0 and report["dry_run"] and report["errors"] == []
    assert {"papers_new", "candidates", "placed", "needs_section", "pr", "requests", "errors"} <= set(report)
    assert report["pr"] == {"number": None, "url": None, "action": "opened"}
    assert report["diff"].startswith("--- a/README.md\n+++ b/README.md\n")
    assert "regenerate this PR" in report["body"]
    assert set(report["requests"]) == {
        demo_stack.arxiv.url.removeprefix("http://"),
        demo_stack.github.host_port,
    }
    assert "run: " in err  # progress goes to stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## tracker run: ok (dry run)") and "```` diff" not in text and "````diff" in text
    assert demo_stack.github.open_pulls(demo_stack.list_repo) == []
    assert not Path(demo_stack.database_url.removeprefix("sqlite:///")).exists() or _runs(demo_stack) == 0


def _runs(demo_stack: DemoStack) -> int:
    from tracker.store import open_store

    with open_store(demo_stack.database_url) as store:
        return len(store.last_runs(10))


def test_run_then_publish_then_a_failed_source_exits_1_and_is_named(
    demo_stack: DemoStack, tracker_cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, out, _ = tracker_cli(["run", "--json"])
    opened = json.loads(out)
    assert code == 0 and opened["pr"]["action"] == "opened"
    code, out, _ = tracker_cli(["publish", "--json"])
    assert code == 0 and json.loads(out)["pr"] == {**opened["pr"], "action": "unchanged"}
    for _ in range(6):  # more than the retries
        demo_stack.arxiv.fail_next("/rss/cs.CV", 503, b"down", {"Retry-After": "0"})
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, err = tracker_cli(["run", "--since", "2026-04-28"])
    assert code == 1 and err.strip().splitlines()[-1].startswith(
        "error: arxiv:rss:cs.CV: arXiv RSS cs.CV: HTTP 503"
    )
    assert "PR #1: unchanged" in out
    assert "**Failed:**" in summary.read_text(encoding="utf-8") and "arxiv:rss:cs.CV" in summary.read_text()


def test_tracker_demo_prints_the_diff_and_the_pr_body(tmp_path: Path) -> None:
    result = run_tracker(["demo"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("--- a/README.md\n+++ b/README.md\n")
    assert "---- PR body ----" in result.stdout and "<!-- tracker:hidden-block" in result.stdout
    assert "PR #1: opened" in result.stdout
    assert not list(tmp_path.iterdir())  # nothing left behind in the working directory


def test_the_token_never_reaches_github_content_or_the_state_database(
    demo_stack: DemoStack, tracker_cli: Invoke, tmp_path: Path
) -> None:
    code, _, _ = tracker_cli(["--debug", "run"])
    assert code == 0
    state = demo_stack.github.state
    texts = [blob.decode("utf-8", "replace") for blob in state.git.blobs.values()]
    texts += [commit.message for commit in state.git.commits.values()]
    for repo in state.repos.values():
        for issue in repo.issues.values():
            texts += [issue.title, issue.body or "", *(comment.body for comment in issue.comments)]
    assert texts and not any(demo_stack.token in text for text in texts)
    database = Path(demo_stack.database_url.removeprefix("sqlite:///"))
    for path in database.parent.glob(database.name + "*"):
        assert demo_stack.token.encode() not in path.read_bytes()


def test_fetch_then_publish_proposes_what_run_would(demo_stack: DemoStack, tracker_cli: Invoke) -> None:
    """`tracker fetch` then `tracker publish` is `tracker run` split in two: publish classifies what fetch
    stored (a split schedule, fetching often and publishing nightly, still gets its candidates)."""
    code, out, _ = tracker_cli(["fetch", "--json"])
    assert code == 0 and json.loads(out)["papers_new"] > 0
    code, out, _ = tracker_cli(["publish", "--json", "--max-candidates", "3"])
    published = json.loads(out)
    assert code == 0 and published["classified"] > 0 and published["candidates"] == 3  # the run's budget
    assert published["pr"]["action"] == "opened" and published["placed"] >= 1
    assert "papers_new" in published and published["papers_new"] == 0  # publish itself fetched nothing
    code, out, _ = tracker_cli(["publish", "--json"])
    again = json.loads(out)  # everything fetched is classified once: nothing new, nothing changes
    assert code == 0 and again["classified"] == 0 and again["pr"]["action"] == "unchanged"
    assert len(demo_stack.github.open_pulls(demo_stack.list_repo)) == 1
