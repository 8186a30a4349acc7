"""Requests made by one nightly `fetch` when nothing changed: 3 arXiv queries and 100 tracked repos.

Runs tracker's real fetch (real arxiv, feedparser, requests and PyGithub clients, a real SQLite store) twice
against the loopback fakes in tests/fakes: a cold first night, then a night with nothing new, and prints
every request of the second night by service, path kind and status, plus the GitHub API quota spent.
Target: one arXiv API request per query, and 100 releases.atom GETs answered 304 (no API quota).

    python benchmarks/fetch_requests.py [--repos 100] [--queries 3] [--delay 0]
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.arxiv_server import ArxivFake, FakePaper, RssFeed  # noqa: E402
from tests.fakes.github_server import FakeRelease, GitHubFake  # noqa: E402
from tracker.config import Config  # noqa: E402
from tracker.fetching import fetch  # noqa: E402
from tracker.store import open_store  # noqa: E402

NOW = datetime(2026, 1, 7, 3, tzinfo=UTC)
CATEGORIES = ["cs.CV", "cs.CL", "cs.AI", "cs.LG"]


def _world(arxiv: ArxivFake, github: GitHubFake, repos: int) -> None:
    arxiv.papers = [
        FakePaper(f"2601.{i:05d}", f"Paper {i}", NOW - timedelta(hours=3 * i), [CATEGORIES[i % 4]])
        for i in range(400)
    ]
    for category in CATEGORIES:
        announced = [p for p in arxiv.papers[:80] if p.categories[0] == category]
        arxiv.feeds[category] = RssFeed(NOW + timedelta(hours=2), announced)
    lines = ["# Awesome list", "", "## Papers"]
    for i in range(repos):
        name = f"Lab{i % 17}/Model-{i}"
        github.add_repo(name, [FakeRelease(f"v{i}.0", NOW - timedelta(days=i % 30))])
        lines.append(
            f"{i + 1}. [Paper {i}](https://arxiv.org/abs/2601.{i:05d}) [code](https://github.com/{name})"
        )
    github.add_repo("Owner/Awesome").files[("README.md", "main")] = "\n".join(lines) + "\n"


def _config(arxiv: ArxivFake, github: GitHubFake, queries: int, delay: float, state: str) -> Config:
    return Config.model_validate(
        {
            "list": {"repo": "Owner/Awesome", "path": "README.md", "branch": "main"},
            "state": {"url": state},
            "sources": {
                "arxiv": {
                    "api_url": arxiv.api_url,
                    "rss_url": arxiv.rss_url,
                    "categories": CATEGORIES,
                    "queries": [
                        {"name": f"q{i}", "categories": [CATEGORIES[i % 4]], "keywords": f"abs:topic{i}"}
                        for i in range(queries)
                    ],
                    "delay_seconds": delay,
                },
                "github": {
                    "api_url": github.api.url(),
                    "server_url": github.web.url(),
                    "track_list_repos": True,
                },
            },
        }
    )


def _kind(path: str) -> str:
    if path.endswith("/releases.atom"):
        return "releases.atom"
    return re.sub(r"/repos/[^/]+/[^/]+/", "/repos/{o}/{r}/", re.sub(r"/rss/.*", "/rss/{category}", path))


def _table(title: str, services: dict[str, list]) -> None:
    print(title)
    print(f"  {'service':<12} {'request':<34} {'n':>5}  statuses")
    for service, log in services.items():
        rows: dict[str, Counter[int]] = {}
        for entry in log:
            rows.setdefault(_kind(entry.path), Counter())[entry.status] += 1
        for kind, statuses in rows.items():
            shown = ", ".join(f"{status}x{n}" for status, n in sorted(statuses.items()))
            print(f"  {service:<12} {kind:<34} {sum(statuses.values()):>5}  {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=100)
    parser.add_argument("--queries", type=int, default=3)
    parser.add_argument(
        "--delay", type=float, default=0.0, help="arXiv delay_seconds (tracker's default is 3)"
    )
    args = parser.parse_args()
    os.environ["TRACKER_NOW"] = NOW.isoformat()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    arxiv, github = ArxivFake().start(), GitHubFake().start()
    services = {"arXiv": arxiv.log, "github.com": github.web.log, "GitHub API": github.api.log}
    try:
        _world(arxiv, github, args.repos)
        with tempfile.TemporaryDirectory() as folder, open_store(f"sqlite:///{folder}/state.db") as store:
            config = _config(arxiv, github, args.queries, args.delay, f"sqlite:///{folder}/state.db")
            started = time.monotonic()
            cold = fetch(config, store)
            cold_seconds, cold_quota = time.monotonic() - started, github.api.quota_used
            _table(
                f"night 1 (cold): {sum(cold.requests.values())} requests, {cold.papers_new} papers, "
                f"{cold.releases_new} releases, API quota {cold_quota}, {cold_seconds:.2f}s",
                services,
            )
            for log in services.values():
                log.clear()
            started = time.monotonic()
            warm = fetch(config, store)
            seconds, quota = time.monotonic() - started, github.api.quota_used - cold_quota
            print()
            _table(
                f"night 2 (nothing changed): {sum(warm.requests.values())} requests, "
                f"{warm.papers_new} new / {warm.papers_updated} updated papers, "
                f"{warm.releases_new} releases, errors {len(warm.errors)}, {seconds:.2f}s",
                services,
            )
            api_queries = sum(1 for e in arxiv.log if e.path == "/api/query")
            atom_304 = sum(1 for e in github.web.log if e.status == 304)
            print(
                f"\n  arXiv API requests per query: {api_queries / max(1, args.queries):g}"
                f" (target 1)\n  releases.atom answered 304: {atom_304}/{args.repos} (target {args.repos})"
                f"\n  GitHub API quota spent: {quota} (target 0)\n  report.requests: {warm.requests}"
            )
    finally:
        arxiv.stop()
        github.stop()


if __name__ == "__main__":
    main()
