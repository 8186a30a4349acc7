"""Every source of a real `fetch`, against every service fault, over loopback and the real clients.

Each case is three nights. Night 1 is clean. Before night 2 every source gets something new, and the
fault is injected into one source for the whole of night 2. Night 3 is clean again. Night 2 must fail
that one source only: one line in the report and on its cursor, its cursor where night 1 left it, and
everything the other sources found stored. Night 3 must converge on exactly what the services hold,
each paper and release stored once, and the report counts across the nights must add up to the rows.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from werkzeug import Request, Response

from tests.fakes.arxiv_server import ArxivFake, FakePaper, RssFeed
from tests.fakes.github_server import FakeRelease, GitHubFake, utc
from tests.fakes.service import FakeService, drop_connection, truncated_body
from tests.hardening.fault_checks import assert_failed_cleanly, cursor_state, stored
from tests.hardening.world import BUILT, README
from tracker.config import Config
from tracker.fetching import fetch
from tracker.store import Store

README_KEY = "github:readme:owner/awesome/README.md@main"
ATTEMPTS = 4  # every session tries a request at most 4 times (max_retries 3)


@dataclass(frozen=True)
class Target:
    """One source of the fetch: which fake serves it, which of its requests to break, its cursor key."""

    service: Callable[[ArxivFake, GitHubFake], FakeService]
    when: Callable[[Request], bool]
    key: str
    malformed: Response = field(default_factory=Response)
    config: dict[str, Any] = field(default_factory=dict)


TARGETS = {
    "arxiv-query": Target(
        lambda arxiv, gh: arxiv,
        lambda r: r.path == "/api/query" and "submittedDate" in r.args.get("search_query", ""),
        "arxiv:query:mllm",
        Response(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>', 200),
    ),
    "arxiv-rss": Target(
        lambda arxiv, gh: arxiv,
        lambda r: r.path.startswith("/rss/"),
        "arxiv:rss:cs.CV",
        Response(b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x', 200),
    ),
    "list-readme": Target(
        lambda arxiv, gh: gh.api,
        lambda r: "/contents/" in r.path,
        README_KEY,
        Response(b'{"encoding": "base64", "content": "IyBB', 200, content_type="application/json"),
    ),
    "releases-atom": Target(
        lambda arxiv, gh: gh.web,
        lambda r: r.path.lower() == "/org/model/releases.atom",
        "github:releases:org/model",
        Response(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>', 200),
    ),
    "releases-api": Target(
        lambda arxiv, gh: gh.api,
        lambda r: r.path.lower() == "/repos/org/model/releases",
        "github:releases:org/model",
        Response(b'[{"tag_name": "v3.0", "prerel', 200, content_type="application/json"),
        # the API is asked for prerelease flags only when prereleases are left out
        {"sources": {"github": {"include_prereleases": False}}},
    ),
}


def _retry_after_date(seconds: int) -> Callable[[Request], Response]:
    """503 whose Retry-After is an HTTP date `seconds` after the answer's own Date header."""

    def respond(request: Request) -> Response:
        now = datetime.now(UTC).replace(microsecond=0)
        headers = {"Date": format_datetime(now, usegmt=True)}
        headers["Retry-After"] = format_datetime(now + timedelta(seconds=seconds), usegmt=True)
        return Response("busy", status=503, headers=headers)

    return respond


def _slow(request: Request) -> Response:
    time.sleep(0.8)  # the world's timeout_seconds is 0.5
    return Response("late")


HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>Unicorn!</title></head><body><p>Oops</p></body></html>"


@dataclass(frozen=True)
class Fault:
    """A fault as FakeService arguments; `retried` ones come `ATTEMPTS` times, the rest once."""

    kwargs: dict[str, Any]
    message: str  # a regex the source's error line must match
    retried: bool = True
    waits: float | None = None  # the wait every retry must take (a Retry-After), if any


FAULTS = {
    "500": Fault({"status": 500}, r"HTTP 500|no answer \(RetryError\)"),
    "502-retry-after-seconds": Fault(
        {"status": 502, "headers": {"Retry-After": "2"}}, r"HTTP 502|RetryError", waits=2.0
    ),
    "503-retry-after-date": Fault({"respond": _retry_after_date(3)}, r"HTTP 503|RetryError", waits=3.0),
    "429": Fault({"status": 429}, r"HTTP 429|RetryError|rate limit"),
    "timeout": Fault({"respond": _slow}, r"no answer after 4 tries \((ReadTimeout|ConnectionError)\)"),
    "connection-dropped": Fault({"respond": drop_connection}, r"no answer after 4 tries \(ConnectionError\)"),
    "truncated-body": Fault(
        {"respond": truncated_body(b"<?xml version='1.0'?><feed", 5000)},
        r"no answer after 4 tries \((ChunkedEncodingError|ConnectionError)\)",
    ),
    "html-page-with-200": Fault(
        {"status": 200, "body": HTML_PAGE, "headers": {"Content-Type": "text/html; charset=utf-8"}},
        r"not an RSS or Atom feed \(Content-Type text/html|no Atom feed \(<html>|HTML page|unreadable answer",
        retried=False,
    ),
    "malformed": Fault({}, r"malformed XML|unreadable", retried=False),
}
# PyGithub retries with its own real sleeps (0, 2, 4 s) and a 1 s minimum timeout: one slow case is enough.
SKIPPED = {("releases-api", name) for name in ("502-retry-after-seconds", "503-retry-after-date", "429")}
SKIPPED |= {("releases-api", name) for name in ("timeout", "connection-dropped", "truncated-body")}
# A timeout costs 4 x timeout_seconds; once per session (arXiv's serial one, GitHub's) proves the path.
SKIPPED |= {("arxiv-rss", "timeout"), ("list-readme", "timeout")}
CASES = [
    pytest.param(target, fault, id=f"{target}-{fault}")
    for target in TARGETS
    for fault in FAULTS
    if (target, fault) not in SKIPPED
]


def _something_new_everywhere(arxiv: ArxivFake, github: GitHubFake) -> None:
    """Night 2's news: a paper in the query window, a rebuilt feed, a README naming one more repo, and
    a release of Org/Model."""
    arxiv.papers.append(FakePaper("2601.00100", "A later paper", datetime(2026, 1, 5, 12, tzinfo=UTC)))
    built = BUILT + timedelta(days=1)
    arxiv.feeds["cs.CV"] = RssFeed(built, [FakePaper("2601.06001", "Fresher", built)])
    github.repos["owner/awesome"].files[("README.md", "main")] = (
        README + "3. [Paper five](https://arxiv.org/abs/2601.00005) [code](https://github.com/Org/New)\n"
    )
    github.add_repo("Org/New", [FakeRelease("r1", utc(2026, 1, 6))])
    github.repos["org/model"].releases.insert(0, FakeRelease("v3.0", utc(2026, 1, 6)))


EVERYTHING = (
    ["2601.00000", "2601.00001", "2601.00002", "2601.00003", "2601.00004", "2601.00005", "2601.00006"]
    + ["2601.00100", "2601.05001", "2601.05002", "2601.06001"],
    [
        ("org/model", "v1.0"),
        ("org/model", "v2.0"),
        ("org/model", "v3.0"),
        ("org/new", "r1"),
        ("org/tool", "0.3"),
    ],
)


def _three_nights(
    world: tuple[ArxivFake, GitHubFake],
    config: Config,
    store: Store,
    waits: list[float],
    target_name: str,
    inject: Callable[[FakeService], None],
) -> str:
    """Night 1 clean; news everywhere, `inject` breaks the target for night 2; night 3 clean. Asserts the
    story of the module docstring and returns night 2's error line."""
    target = TARGETS[target_name]
    service = target.service(*world)
    reports = [fetch(config, store, sleep=waits.append)]
    assert reports[0].errors == []
    before = cursor_state(store, target.key)

    _something_new_everywhere(*world)
    inject(service)
    waits.clear()
    reports.append(fetch(config, store, sleep=waits.append))

    message = assert_failed_cleanly(reports[1], store, target.key, before)
    night2 = stored(store)
    assert set(night2.papers) >= _found_by_others(target_name)
    assert set(night2.releases) >= _released_elsewhere(target_name)

    service.faults.clear()
    reports.append(fetch(config, store, sleep=lambda seconds: None))

    assert reports[2].errors == []
    final = stored(store)
    final.assert_no_duplicates()
    assert (final.papers, final.releases) == EVERYTHING
    assert sum(r.papers_new for r in reports) == len(final.papers)
    assert sum(r.releases_new for r in reports) == len(final.releases)
    return message


@pytest.mark.parametrize(("target_name", "fault_name"), CASES)
def test_a_failing_source_loses_nothing_and_stores_nothing_twice(
    world, world_config, store, waits, target_name: str, fault_name: str
) -> None:
    target, fault = TARGETS[target_name], FAULTS[fault_name]
    config = world_config(target.config)

    def inject(service: FakeService) -> None:
        kwargs = fault.kwargs or {"respond": lambda r: target.malformed}
        for _ in range(ATTEMPTS if fault.retried else 1):
            service.fault(when=target.when, **kwargs)

    message = _three_nights(world, config, store, waits, target_name, inject)

    assert re.search(fault.message, message), message
    if fault.waits is not None:
        assert waits and set(waits) == {fault.waits}, waits
    assert all(wait <= config.sources.github.max_wait_seconds for wait in waits), waits


def test_an_arxiv_page_that_stays_empty_mid_paging_fails_the_whole_query(
    world, world_config, store, waits
) -> None:
    arxiv, _ = world
    second_page = TARGETS["arxiv-query"].when

    def inject(service: FakeService) -> None:
        def empty(request: Request) -> Response:
            found = arxiv.matching(dict(request.args))
            return Response(arxiv.page_body(found, 5, 5, empty=True), content_type="application/atom+xml")

        for _ in range(ATTEMPTS):
            service.fault(when=lambda r: second_page(r) and r.args.get("start") == "5", respond=empty)

    message = _three_nights(world, world_config(), store, waits, "arxiv-query", inject)

    assert "arXiv API kept returning an empty page mid-paging after 4 tries" in message
    assert waits == [0.0, 0.0, 0.0]  # backoff of delay_seconds (0 here) doubling, between the 4 tries


def _found_by_others(target: str) -> set[str]:
    """Night 2's new papers that did not come through the failing source."""
    return {"arxiv-query": {"2601.06001"}, "arxiv-rss": {"2601.00100"}}.get(
        target, {"2601.00100", "2601.06001"}
    )


def _released_elsewhere(target: str) -> set[tuple[str, str]]:
    """Night 2's new releases that did not depend on the failing source."""
    if target == "list-readme":  # Org/New is only named by the new README; Org/Model still read
        return {("org/model", "v3.0")}
    if target.startswith("releases"):
        return {("org/new", "r1")}
    return {("org/model", "v3.0"), ("org/new", "r1")}
