"""`tracker status` reports exactly what the database holds (runs, cursors, candidates, the PR, the rate
limit, the lock), without the network; the fetcher records the GitHub rate limit it saw."""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.fakes.github_server import FakeRelease, GitHubFake, utc
from tracker.config import Config
from tracker.fetching import fetch
from tracker.status import collect_status, record_pull_request, record_rate_limit
from tracker.store import Store, open_store
from tracker.store.candidates import CandidateRecord
from tracker.store.lease import hold_lease

RESET = 1_795_000_000  # 2026-11-18 08:53 UTC: passed by the time status runs


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'state' / 'tracker.db'}"
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    monkeypatch.setenv("TRACKER_NOW", "2026-11-20T03:00:00Z")
    with open_store(url) as store:
        yield store


def _populate(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    fetch_id = store.start_run("fetch")
    store.save_cursor_success("arxiv:query:mllm", watermark=datetime(2026, 11, 19, 18, tzinfo=UTC))
    store.save_cursor_success("arxiv:rss:cs.CV", watermark=datetime(2026, 11, 19, 5, tzinfo=UTC), etag='"a"')
    store.save_cursor_success("github:releases:org/model", watermark=datetime(2026, 11, 1, tzinfo=UTC))
    store.save_cursor_error("github:releases:gone/away", "releases.atom answered HTTP 500")
    store.finish_run(
        fetch_id,
        status="failed",
        counts={"papers_new": 16},
        requests={"export.arxiv.org:443": 3},
        errors=["github:releases:gone/away: HTTP 500"],
    )
    monkeypatch.setenv("TRACKER_NOW", "2026-11-21T03:00:00Z")
    run_id = store.start_run("run")
    store.record_candidates([CandidateRecord(f"2611.0000{i}", section="Evaluation") for i in range(1, 7)])
    store.set_candidate_status(["2611.00001", "2611.00002", "2611.00003"], "proposed", pr_number=12)
    store.set_candidate_status(["2611.00004"], "ignored", reason="budget")
    record_pull_request(store, 12, "https://github.com/o/l/pull/12", "open", "opened", "abc123")
    record_rate_limit(store, 4321, 5000, RESET)
    store.save_cursor_error("arxiv:rss:cs.CV", "arXiv RSS cs.CV: HTTP 503")
    store.finish_run(run_id, status="ok", counts={"candidates": 6, "placed": 3}, requests={}, errors=[])
    monkeypatch.setenv("TRACKER_NOW", "2026-11-22T03:00:00Z")
    store.set_candidate_status(["2611.00001"], "accepted")
    store.set_candidate_status(["2611.00002", "2611.00003"], "rejected", reason="closed unmerged")
    record_pull_request(store, 12, "https://github.com/o/l/pull/12", "closed", "closed", "abc123")


def test_status_json_is_exactly_what_the_store_holds(db: Store, tracker_cli, monkeypatch) -> None:
    _populate(db, monkeypatch)
    code, out, err = tracker_cli(["status", "--json"])
    assert code == 0, err
    data = json.loads(out)
    assert data["database"].endswith("state/tracker.db")
    assert [(r["command"], r["status"], r["counts"], r["errors"]) for r in data["runs"]] == [
        ("run", "ok", {"candidates": 6, "placed": 3}, []),
        ("fetch", "failed", {"papers_new": 16}, ["github:releases:gone/away: HTTP 500"]),
    ]
    assert data["runs"][1]["started"] == "2026-11-20T03:00:00+00:00"
    assert data["runs"][1]["requests"] == {"export.arxiv.org:443": 3}
    sources = {s["key"]: s for s in data["sources"]}
    assert list(sources) == sorted(sources)
    assert sources["arxiv:query:mllm"] == {
        "key": "arxiv:query:mllm",
        "watermark": "2026-11-19T18:00:00+00:00",
        "last_success": "2026-11-20T03:00:00+00:00",
        "last_error": None,
        "last_error_at": None,
        "failing": False,
    }
    rss = sources["arxiv:rss:cs.CV"]
    assert (rss["watermark"], rss["last_error"], rss["failing"]) == (
        "2026-11-19T05:00:00+00:00",
        "arXiv RSS cs.CV: HTTP 503",
        True,
    )
    assert (
        sources["github:releases:gone/away"]["failing"]
        and not sources["github:releases:org/model"]["failing"]
    )
    assert data["candidates"] == {"new": 2, "proposed": 0, "accepted": 1, "rejected": 2, "ignored": 1}
    assert data["pull_request"] == {
        "number": 12,
        "url": "https://github.com/o/l/pull/12",
        "state": "closed",
        "action": "closed",
        "head_sha": "abc123",
        "seen_at": "2026-11-22T03:00:00+00:00",
    }
    assert data["rate_limit"] == {
        "remaining": 4321,
        "limit": 5000,
        "reset": datetime.fromtimestamp(RESET, UTC).isoformat(),
        "seen_at": "2026-11-21T03:00:00+00:00",
        "reset_passed": True,
    }
    assert data["locks"] == []


def test_status_for_people_and_a_held_lock(db: Store, tracker_cli, monkeypatch) -> None:
    _populate(db, monkeypatch)
    with hold_lease(db, ttl_seconds=60, heartbeat_seconds=30):
        code, out, err = tracker_cli(["status"])
        _, as_json, _ = tracker_cli(["status", "--json"])
    assert code == 0, err
    (lock,) = json.loads(as_json)["locks"]
    assert (lock["name"], lock["expired"]) == ("run", False)
    assert lock["holder"] == f"{os.getpid()}@{socket.gethostname()}"
    assert f"lock 'run': held by pid {lock['holder']} since " in out
    assert "candidates: 2 pending, 0 proposed, 1 accepted, 2 rejected, 1 ignored" in out
    assert "pull request: #12 closed (https://github.com/o/l/pull/12); last run: closed" in out
    assert "GitHub API: 4321 of 5000 requests left at 2026-11-21 03:00 UTC" in out and "refilled since" in out
    assert "arxiv:rss:cs.CV" in out and "arXiv RSS cs.CV: HTTP 503" in out
    assert "gone/away" in out and "github:releases:org/model" not in out  # healthy repos are folded
    assert "GitHub releases: 2 repos tracked, 1 failing" in out
    assert "  #2 run      2026-11-21 03:00     0.0s  ok      candidates 6, placed 3" in out
    assert "  #1 fetch    2026-11-20 03:00     0.0s  failed  papers_new 16; errors: github:rel" in out


def test_status_needs_no_network(db: Store, tracker_cli, monkeypatch) -> None:
    _populate(db, monkeypatch)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("tracker status opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")
    code, out, err = tracker_cli(["status", "--json"])
    assert code == 0, err
    assert json.loads(out)["pull_request"]["number"] == 12


def test_an_empty_database_has_an_empty_status(tmp_path: Path, tracker_cli, monkeypatch) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    code, out, _ = tracker_cli(["status", "--json"])
    data = json.loads(out)
    assert code == 0 and (data["runs"], data["sources"], data["pull_request"], data["rate_limit"]) == (
        [],
        [],
        None,
        None,
    )
    assert set(data["candidates"].values()) == {0}
    code, out, _ = tracker_cli(["status"])
    assert "last runs: none yet" in out and "pull request: none recorded yet" in out


def test_fetch_records_the_rate_limit_github_reported(shared_data: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRACKER_NOW", "2026-01-07T03:00:00Z")
    github = GitHubFake().start()
    try:
        github.add_repo("Org/Model", [FakeRelease("v1.0", utc(2026, 1, 2))])
        github.api.remaining = 4000
        config = Config.model_validate(
            {
                "sources": {
                    "arxiv": {"enabled": False},
                    "github": {
                        "api_url": github.api.url(),
                        "server_url": github.web.url(),
                        "repos": ["Org/Model"],
                        "track_list_repos": False,
                        "include_prereleases": False,
                        "timeout_seconds": 5,
                    },
                }
            }
        )
        with open_store(f"sqlite:///{tmp_path / 'state.db'}") as store:
            assert collect_status(store)["rate_limit"] is None
            requests_before = github.api.quota_used
            report = fetch(config, store)
            assert report.errors == [] and report.releases_new == 1
            limit = collect_status(store)["rate_limit"]
    finally:
        github.stop()
    assert github.api.quota_used - requests_before == 1  # the release listing; nothing extra for the limit
    assert (limit["remaining"], limit["limit"]) == (github.api.remaining, 5000)
    assert limit["reset"] == datetime.fromtimestamp(github.api.reset_at, UTC).isoformat()
    assert limit["reset_passed"] is False and abs(github.api.reset_at - time.time() - 3600) < 60
