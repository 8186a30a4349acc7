"""`tracker.fetching.fetch` end to end: real clients, loopback fakes, a real SQLite store.

Shows that each source is isolated, cursors move only after success, and a night with nothing new
makes only conditional or minimal requests and stores nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from werkzeug import Response

from tests.fakes.arxiv_server import ArxivFake, FakePaper, RssFeed, papers_by_day
from tests.fakes.github_server import FakeRelease, GitHubFake, utc
from tracker.fetching import fetch

BUILT = datetime(2026, 1, 7, 5, tzinfo=UTC)
README = """# Awesome MLLM

## Papers
1. [Paper three](https://arxiv.org/abs/2601.00003) [code](https://github.com/Org/Model)
2. [An older list paper](https://arxiv.org/pdf/2512.09999v2) [code](https://github.com/Org/Tool)
3. [A blog-described model](https://example.com/blog/model) [code](https://github.com/Gone/Away)
"""
E2E = {
    "sources": {
        "arxiv": {"rss": True, "page_size": 2000},
        "github": {"track_list_repos": True, "include_prereleases": False},
    }
}


@pytest.fixture
def world(arxiv_fake: ArxivFake, github_fake: GitHubFake) -> tuple[ArxivFake, GitHubFake]:
    """12 papers in the query window, 2 in today's cs.CV feed, a list README linking 3 repos (one gone)."""
    arxiv_fake.papers = papers_by_day(12) + [
        FakePaper("2512.09999", "An older list paper", datetime(2025, 12, 1, tzinfo=UTC)),
        FakePaper("2511.00001", "A blog-described model", datetime(2025, 11, 1, tzinfo=UTC), ["cs.AI"]),
    ]
    arxiv_fake.feeds["cs.CV"] = RssFeed(
        BUILT, [FakePaper("2601.05001", "Fresh one", BUILT), FakePaper("2601.05002", "Fresh two", BUILT)]
    )
    github_fake.add_repo("Owner/Awesome").files[("README.md", "main")] = README
    github_fake.add_repo(
        "Org/Model",
        [FakeRelease("v2.0-rc1", utc(2026, 1, 5), prerelease=True), FakeRelease("v1.0", utc(2026, 1, 2))],
    )
    github_fake.add_repo("Org/Tool", [FakeRelease("0.3", utc(2025, 12, 30))])
    return arxiv_fake, github_fake


def _hosts(arxiv_fake: ArxivFake, github_fake: GitHubFake) -> tuple[str, str, str]:
    return arxiv_fake.host_port, github_fake.web.host_port, github_fake.api.host_port


def test_first_run_stores_every_source(world, make_config, store):
    arxiv_fake, github_fake = world
    report = fetch(make_config(E2E), store)

    assert report.errors == []
    assert report.warnings == ["GitHub repo gone/away: releases.atom answered 404 (renamed/deleted?)"]
    # 12 from the query, 2 from RSS, 1 by id_list (list paper), 1 by exact title (blog entry)
    assert (report.papers_new, report.papers_updated, report.releases_new) == (16, 0, 2)
    arxiv_host, web_host, api_host = _hosts(*world)
    # arXiv: 1 query page + 1 RSS + 1 id_list + 1 title; GitHub: 3 atom; API: README + 2 release listings
    assert report.requests == {arxiv_host: 4, web_host: 3, api_host: 3}
    assert (
        store.get_paper("2512.09999").abstract
        and store.get_paper("2511.00001").title == "A blog-described model"
    )
    assert store.get_cursor("arxiv:query:mllm").watermark == arxiv_fake.papers[11].published
    assert store.get_cursor("github:releases:org/model").watermark == utc(2026, 1, 5)
    assert store.upsert_releases([]).new == 0
    run = store.last_runs(1)[0]
    assert run["status"] == "ok" and run["requests"] == report.requests


def test_second_run_with_nothing_new_is_conditional_and_stores_nothing(world, make_config, store):
    arxiv_fake, github_fake = world
    fetch(make_config(E2E), store)
    arxiv_fake.log.clear()
    github_fake.web.log.clear()
    github_fake.api.log.clear()
    quota_before = github_fake.api.quota_used

    report = fetch(make_config(E2E), store)

    assert (report.papers_new, report.papers_updated, report.releases_new, report.errors) == (0, 0, 0, [])
    arxiv_host, web_host, api_host = _hosts(*world)
    assert report.requests == {arxiv_host: 2, web_host: 3, api_host: 1}
    assert [(e.path, e.status) for e in arxiv_fake.log] == [("/api/query", 200), ("/rss/cs.CV", 304)]
    assert sorted(e.status for e in github_fake.web.log) == [304, 304, 404]
    assert [e.status for e in github_fake.api.log] == [304]
    conditional = [e for e in github_fake.web.log + github_fake.api.log if e.status == 304]
    assert len(conditional) == 3 and all("If-None-Match" in e.headers for e in conditional)
    assert github_fake.api.quota_used == quota_before  # no API quota spent at all


def test_watermark_moves_only_after_the_source_succeeded(world, make_config, store):
    arxiv_fake, _ = world
    for _ in range(4):
        arxiv_fake.fault(status=503, headers={"Retry-After": "0"}, when=lambda r: r.path == "/api/query")

    failed = fetch(make_config(E2E), store)

    cursor = store.get_cursor("arxiv:query:mllm")
    assert cursor.watermark is None and "HTTP 503" in cursor.last_error
    assert failed.errors == [f"arxiv:query:mllm: {cursor.last_error}"]
    assert store.get_paper("2601.05001") is not None  # RSS kept
    assert store.get_paper("2601.00000") is None
    assert store.last_runs(1)[0]["status"] == "failed"

    fetch(make_config(E2E), store)
    assert store.get_cursor("arxiv:query:mllm").watermark == arxiv_fake.papers[11].published

    arxiv_fake.papers.append(FakePaper("2601.09000", "Later", datetime(2026, 1, 6, tzinfo=UTC)))
    arxiv_fake.fault(status=400, when=lambda r: r.path == "/api/query")
    fetch(make_config(E2E), store)
    assert store.get_cursor("arxiv:query:mllm").watermark == arxiv_fake.papers[11].published


def test_a_malformed_page_stores_nothing_from_its_query(world, make_config, store):
    arxiv_fake, _ = world
    truncated = lambda r: Response(arxiv_fake.page_body(arxiv_fake.papers[:12], 5, 5)[:-300])  # noqa: E731
    arxiv_fake.fault(when=lambda r: r.args.get("start") == "5", respond=truncated)

    report = fetch(
        make_config({**E2E, "sources": {**E2E["sources"], "arxiv": {"rss": True, "page_size": 5}}}), store
    )

    assert len(report.errors) == 1 and "malformed XML" in report.errors[0]
    assert store.get_paper("2601.00000") is None  # page 1 was fine, but the query failed as a whole
    assert store.get_cursor("arxiv:query:mllm").watermark is None
    assert store.get_paper("2601.05001") is not None and report.releases_new == 2


def test_malformed_rss_is_an_error_for_that_feed_only(world, make_config, store):
    arxiv_fake, _ = world
    arxiv_fake.feeds["cs.CV"] = RssFeed(BUILT, truncated=True)  # the recorded fragment: not well-formed

    report = fetch(make_config(E2E), store)

    assert [e.split(":")[0:3] for e in report.errors] == [["arxiv", "rss", "cs.CV"]]
    assert "malformed XML" in report.errors[0]
    assert store.get_paper("2509.13338") is None  # the fragment's one item is not stored
    cursor = store.get_cursor("arxiv:rss:cs.CV")
    assert cursor.etag is None and cursor.last_success is None and cursor.last_error
    assert report.papers_new == 14 and report.releases_new == 2  # the other sources are unaffected


def test_github_rate_limit_stops_cleanly_and_keeps_arxiv(world, make_config, store):
    _, github_fake = world
    github_fake.api.exhaust(reset_in=3600)
    config = make_config(
        {
            **E2E,
            "sources": {
                **E2E["sources"],
                "github": {
                    "track_list_repos": True,
                    "repos": ["Org/Model", "Org/Tool"],
                    "on_rate_limit": "stop",
                },
            },
        }
    )

    report = fetch(config, store)

    assert [e.split(":")[0:2] for e in report.errors] == [["github", "readme"], ["github", "releases"]]
    assert "rate limit exhausted" in report.errors[0] and "stopped; 1 repos not read" in report.errors[1]
    assert report.papers_new == 14 and report.releases_new == 0
    assert store.get_cursor("github:releases:org/model").watermark is None
    assert store.get_cursor("github:releases:org/tool") is None


def test_github_rate_limit_is_waited_out_when_configured(world, make_config, store):
    _, github_fake = world
    github_fake.api.exhaust(reset_in=3)  # long enough that the arXiv stage cannot outlast it under load
    config = make_config(
        {
            **E2E,
            "sources": {
                **E2E["sources"],
                "github": {"track_list_repos": True, "on_rate_limit": "wait", "max_wait_seconds": 8},
            },
        }
    )

    report = fetch(config, store)

    assert report.errors == [] and report.releases_new == 2
    assert github_fake.api.log[0].status == 403


def test_prereleases_are_kept_when_configured_without_api_calls(world, make_config, store):
    _, github_fake = world
    config = make_config(
        {
            **E2E,
            "sources": {**E2E["sources"], "github": {"track_list_repos": True, "include_prereleases": True}},
        }
    )

    report = fetch(config, store)

    assert report.releases_new == 3
    assert [e.path for e in github_fake.api.log] == ["/repos/owner/awesome/contents/README.md"]
