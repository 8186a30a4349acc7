"""The polite HTTP layer (`tracker.sources.http`) against faults below and at HTTP, over raw loopback sockets.

Resets, short bodies, stalls, every retryable status with and without Retry-After (seconds and HTTP date),
GitHub's primary and secondary rate limits, redirects (the token never follows to another host) and
oversized bodies and bodies that trickle in. Waits are recorded, never slept.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from tests.hardening.raw_server import Behaviour, RawServer, reset, respond, stall, stream, trickle, truncated
from tests.hardening.secret_sweep import SENTINEL_TOKEN
from tracker.errors import SourceError
from tracker.sources import github
from tracker.sources.http import (
    MAX_BODY_SECONDS,
    MAX_RESPONSE_BYTES,
    SECONDARY_LIMIT_WAIT,
    PoliteSession,
    RateLimitError,
    RequestCounter,
    RetryPolicy,
    make_clients,
)

OK = respond(200, b"fine")
MB = 2**20


def _session(
    waits: list[float], *, max_bytes: int = MB, serial: bool = False, **policy: object
) -> PoliteSession:
    defaults: dict[str, object] = {"max_retries": 2, "backoff_seconds": 0.5, "max_wait_seconds": 120.0}
    return PoliteSession(
        RequestCounter(),
        timeout=0.5,
        policy=RetryPolicy(**{**defaults, **policy}),  # type: ignore[arg-type]
        sleep=waits.append,
        serial=serial,
        max_bytes=max_bytes,
    )


def _date(offset: float = 0.0) -> str:
    return format_datetime(datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=offset), usegmt=True)


# ---------------------------------------------------------------- below HTTP: resets, short bodies, stalls

BROKEN = {
    "reset-before-answer": (reset(), "ConnectionError"),
    "reset-mid-body": (
        reset(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf"),
        "ConnectionError|ChunkedEncodingError",
    ),
    "short-body": (truncated(b"<feed><entry>", 5000), "ChunkedEncodingError"),
    "stall": (stall(1.0), "ReadTimeout|ConnectionError"),
}


@pytest.mark.parametrize("fault", BROKEN, ids=list(BROKEN))
def test_a_broken_connection_is_retried_with_backoff(raw_server: RawServer, waits, fault: str) -> None:
    behaviour, _ = BROKEN[fault]
    raw_server.script, raw_server.default = [behaviour], OK
    response = _session(waits).get(raw_server.url("/feed"))
    assert response.content == b"fine"
    assert waits == [0.5] and len(raw_server.log) == 2


@pytest.mark.parametrize("fault", BROKEN, ids=list(BROKEN))
def test_a_connection_that_stays_broken_is_one_clear_line(raw_server: RawServer, waits, fault: str) -> None:
    behaviour, error = BROKEN[fault]
    raw_server.default = behaviour
    with pytest.raises(SourceError) as failed:
        _session(waits).get(raw_server.url("/feed"))
    assert failed.match(rf"^127\.0\.0\.1:\d+: no answer after 3 tries \(({error})\)$")
    assert waits == [0.5, 1.0] and len(raw_server.log) == 3


# ---------------------------------------------------------------- statuses and Retry-After


@pytest.mark.parametrize(
    ("status", "retry_after", "expected"),
    [
        (500, None, [0.5, 1.0]),
        (502, "2", [2.0, 2.0]),
        (503, "+5", [5.0, 5.0]),  # an HTTP date 5 s after the answer's own Date
        (503, "soon", [0.5, 1.0]),  # unreadable: plain backoff
        (504, "0", [0.0, 0.0]),
        (429, None, [0.5, 1.0]),
        (429, "3", [3.0, 3.0]),
    ],
)
def test_transient_statuses_back_off_or_honour_retry_after(
    raw_server: RawServer, waits, status: int, retry_after: str | None, expected: list[float]
) -> None:
    headers = {"Date": _date()}
    if retry_after is not None:
        headers["Retry-After"] = _date(5) if retry_after == "+5" else retry_after
    raw_server.default = respond(status, b"busy", headers)
    response = _session(waits).get(raw_server.url("/api/query"))
    assert response.status_code == status  # the caller turns the final answer into its own error line
    assert waits == expected and len(raw_server.log) == 3


def test_a_retry_after_past_the_cap_stops_at_once(raw_server: RawServer, waits) -> None:
    raw_server.default = respond(503, b"", {"Retry-After": _date(7200), "Date": _date()})
    with pytest.raises(RateLimitError, match=r"asked to retry after 7200s, more than max_wait_seconds=120"):
        _session(waits).get(raw_server.url("/rss/cs.CV"))
    assert waits == [] and len(raw_server.log) == 1


def _primary_limit(reset_in: int) -> dict[str, str]:
    now = datetime.now(UTC).replace(microsecond=0)
    reset_at = int(now.timestamp()) + reset_in
    return {
        "Date": format_datetime(now, usegmt=True),
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": str(reset_at),
    }


@pytest.mark.parametrize("status", [403, 429])
def test_github_primary_rate_limit_waits_for_the_reset_by_the_servers_clock(
    raw_server: RawServer, waits, status: int
) -> None:
    raw_server.script = [respond(status, b'{"message": "API rate limit exceeded"}', _primary_limit(30))]
    raw_server.default = OK
    assert _session(waits).get(raw_server.url("/repos/a/b/contents/README.md")).content == b"fine"
    assert waits == [31.0]


@pytest.mark.parametrize(("on_rate_limit", "reset_in"), [("stop", 30), ("wait", 3600)])
def test_github_primary_rate_limit_stops_when_not_allowed_to_wait(
    raw_server: RawServer, waits, on_rate_limit: str, reset_in: int
) -> None:
    raw_server.default = respond(403, b"{}", _primary_limit(reset_in))
    with pytest.raises(RateLimitError, match=rf"rate limit exhausted, resets in {reset_in + 1}s"):
        _session(waits, on_rate_limit=on_rate_limit).get(raw_server.url("/repos/a/b/releases"))
    assert waits == [] and len(raw_server.log) == 1


SECONDARY = b'{"message": "You have exceeded a secondary rate limit. Please wait a few minutes."}'


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (403, {"Retry-After": "7"}, [7.0]),
        (403, {}, [SECONDARY_LIMIT_WAIT]),  # no Retry-After: GitHub says wait at least a minute
        (429, {}, [SECONDARY_LIMIT_WAIT]),
    ],
)
def test_github_secondary_rate_limit_waits_as_github_asks(
    raw_server: RawServer, waits, status: int, headers: dict[str, str], expected: list[float]
) -> None:
    raw_server.script, raw_server.default = [respond(status, SECONDARY, headers)], OK
    assert _session(waits).get(raw_server.url("/repos/a/b/releases")).content == b"fine"
    assert waits == expected


def test_github_secondary_rate_limit_longer_than_allowed_is_a_clear_error(
    raw_server: RawServer, waits
) -> None:
    raw_server.default = respond(403, SECONDARY)
    with pytest.raises(RateLimitError, match=r"asked to retry after 60s, more than max_wait_seconds=30"):
        _session(waits, max_wait_seconds=30.0).get(raw_server.url("/repos/a/b/releases"))


def test_a_plain_403_is_answered_at_once(raw_server: RawServer, waits) -> None:
    raw_server.default = respond(403, b'{"message": "Resource not accessible by integration"}')
    assert _session(waits).get(raw_server.url("/repos/a/b/releases")).status_code == 403
    assert waits == [] and len(raw_server.log) == 1


# ---------------------------------------------------------------- redirects


def test_a_redirect_to_another_path_is_followed(raw_server: RawServer, waits) -> None:
    raw_server.script = [respond(301, b"moved", {"Location": "/new/releases.atom"})]
    raw_server.default = OK
    response = _session(waits).get(raw_server.url("/old/releases.atom"))
    assert response.content == b"fine"
    assert [r.path for r in raw_server.log] == ["/old/releases.atom", "/new/releases.atom"]


@pytest.fixture
def other_host() -> Iterator[RawServer]:
    server = RawServer(default=respond(200, b"# Moved list\n", {"Content-Type": "text/plain"})).start()
    yield server
    server.stop()


def test_a_redirect_to_another_host_works_without_the_token(
    raw_server: RawServer, other_host: RawServer, make_config
) -> None:
    moved = other_host.url("/raw/README.md", host="localhost")
    raw_server.default = respond(302, b"", {"Location": moved})
    config = make_config({"sources": {"github": {"api_url": raw_server.url(), "token": SENTINEL_TOKEN}}})
    clients = make_clients(config.sources, sleep=lambda seconds: None)

    fetched = github.fetch_readme(clients.github, config.sources.github, "o/list", "README.md", "main", None)

    assert fetched.text == "# Moved list\n"
    assert raw_server.log[0].headers.get("Authorization") == f"Bearer {SENTINEL_TOKEN}"
    assert [r.headers.get("Authorization") for r in other_host.log] == [None]


def test_a_redirect_loop_is_one_clear_line(raw_server: RawServer, waits) -> None:
    raw_server.default = respond(302, b"", {"Location": "/again"})
    with pytest.raises(SourceError, match=r"^127\.0\.0\.1:\d+: request failed \(TooManyRedirects\)$"):
        _session(waits).get(raw_server.url("/start"))


# ---------------------------------------------------------------- oversized bodies


def _megabytes(count: int) -> Iterator[bytes]:
    chunk = b"<entry>" + b"x" * (MB - 15) + b"</entry>"
    return (chunk for _ in range(count))


def _gzip_bomb() -> Behaviour:
    """64 MB of zeros in about 64 KB of gzip, with an honest Content-Length: the cap counts decoded bytes."""
    return respond(200, gzip.compress(b"\0" * 64 * MB, 9), {"Content-Encoding": "gzip"})


def test_a_declared_oversized_body_is_refused_before_reading(raw_server: RawServer, waits) -> None:
    raw_server.default = truncated(b"<feed>", declared=10 * 2**30)
    with pytest.raises(SourceError, match=r"^127\.0\.0\.1:\d+: response larger than 1 MB; refused$"):
        _session(waits).get(raw_server.url("/o/r/releases.atom"))
    assert waits == [] and len(raw_server.log) == 1  # not worth a retry


@pytest.mark.parametrize(
    "behaviour",
    [
        pytest.param(stream(lambda: _megabytes(1000)), id="chunked-1GB"),
        pytest.param(stream(lambda: _megabytes(1000), {"Location": "/next"}, status=302), id="redirect-body"),
        pytest.param(lambda conn: _gzip_bomb()(conn), id="gzip-bomb"),
    ],
)
def test_a_streamed_oversized_body_is_cut_at_the_cap(raw_server: RawServer, waits, behaviour) -> None:
    raw_server.default = behaviour
    session = _session(waits, serial=True)  # one pooled connection: a half-read body would block the next
    with pytest.raises(SourceError, match=r"response larger than 1 MB; refused"):
        session.get(raw_server.url("/rss/cs.CV"))

    raw_server.default = OK
    answered: list[bytes] = []
    thread = threading.Thread(
        target=lambda: answered.append(session.get(raw_server.url("/rss/cs.CV")).content)
    )
    thread.start()
    thread.join(timeout=10)
    assert answered == [b"fine"], "the connection of the refused body was not given back"


def test_every_run_session_has_the_cap(make_config) -> None:
    clients = make_clients(make_config().sources)
    assert clients.arxiv.max_bytes == clients.github.max_bytes == MAX_RESPONSE_BYTES == 50 * MB
    assert clients.arxiv.max_body_seconds == clients.github.max_body_seconds == MAX_BODY_SECONDS


# ---------------------------------------------------------------- bodies that trickle in


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_trickling_body_is_cut_at_the_time_limit_and_retried(
    raw_server: RawServer, waits, chunked: bool
) -> None:
    # 200 bytes at one per 0.05 s: each read is answered well within the 0.5 s read timeout, and the whole
    # body would take 10 s; only the 0.3 s limit on the body ends it.
    raw_server.default = trickle(200, 0.05, chunked)
    session = _session(waits)
    session.max_body_seconds = 0.3
    with pytest.raises(SourceError, match=r"^127\.0\.0\.1:\d+: no answer after 3 tries \(ReadTimeout\)$"):
        session.get(raw_server.url("/api/query"))
    assert waits == [0.5, 1.0] and len(raw_server.log) == 3

    raw_server.script = [trickle(200, 0.05, chunked)]
    raw_server.default = OK
    assert session.get(raw_server.url("/api/query")).content == b"fine"  # the retry gets the answer


def test_a_slow_body_within_the_time_limit_is_read_whole(raw_server: RawServer, waits) -> None:
    raw_server.default = trickle(20, 0.02)
    assert _session(waits).get(raw_server.url("/feed")).content == b"x" * 20 and waits == []
