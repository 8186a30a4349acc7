"""One polite HTTP layer for every source: timeouts, retries with backoff, rate limits, request counts.

arXiv asks for one request every 3 s on one connection, so all arXiv traffic (API and RSS) shares one
serial session. GitHub traffic shares another. Every request is counted per "HOST:PORT" for the run report.
Every body is read with a size cap and a time limit, so a broken or hostile server can neither exhaust the
run's memory nor hold it forever by trickling bytes (each read's timeout restarts with every byte).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError

from tracker.errors import SourceError
from tracker.secrets import redact

log = logging.getLogger(__name__)

USER_AGENT = "tracker/0.1 (awesome-list bot; +https://github.com/)"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# The largest legitimate answer is an arXiv API page of 2000 results (~6 MB); every body is read up to this.
MAX_RESPONSE_BYTES = 50 * 2**20
_CHUNK_BYTES = 64 * 2**10
# A 6 MB arXiv page takes under a minute even at 1 Mbit/s; a body still arriving after this is refused.
MAX_BODY_SECONDS = 300.0
# GitHub's documented wait for a secondary rate limit that names no Retry-After: "at least one minute".
SECONDARY_LIMIT_WAIT = 60.0


class RateLimitError(SourceError):
    """A server's rate limit is exhausted and waiting for its reset is not allowed or too long."""


def host_key(url: str) -> str:
    """`https://export.arxiv.org/api/query?..` -> `export.arxiv.org:443`, the report's request key."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.hostname}:{port}"


@dataclass
class RequestCounter:
    """Requests sent per "HOST:PORT" during one run, retries included."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, url: str, n: int = 1) -> None:
        self.counts[host_key(url)] += n

    def as_dict(self) -> dict[str, int]:
        return dict(sorted(self.counts.items()))


@dataclass(frozen=True)
class RetryPolicy:
    """How a session retries: transient statuses and timeouts back off; rate limits wait or stop."""

    max_retries: int = 4
    backoff_seconds: float = 1.0
    max_wait_seconds: float = 900.0
    on_rate_limit: Literal["wait", "stop"] = "wait"


def _server_now(response: requests.Response) -> float:
    """The server's idea of now (its Date header), so waits do not depend on the local clock."""
    try:
        return parsedate_to_datetime(response.headers["Date"]).timestamp()
    except (KeyError, TypeError, ValueError, IndexError):
        return time.time()


def retry_after_seconds(response: requests.Response) -> float | None:
    """Seconds asked for by Retry-After (delta seconds or an HTTP date), or None."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - _server_now(response))
    except (TypeError, ValueError, IndexError):
        return None


def secondary_limit_wait(response: requests.Response) -> float | None:
    """SECONDARY_LIMIT_WAIT for a 403/429 saying "secondary rate limit" with no Retry-After, else None."""
    if response.status_code not in (403, 429) or "Retry-After" in response.headers:
        return None
    return SECONDARY_LIMIT_WAIT if b"secondary rate limit" in response.content[:65536].lower() else None


def rate_limit_reset_wait(response: requests.Response) -> float | None:
    """Seconds until x-ratelimit-reset when a 403/429 says the quota is exhausted, else None."""
    if response.status_code not in (403, 429) or response.headers.get("x-ratelimit-remaining") != "0":
        return None
    reset = response.headers.get("x-ratelimit-reset", "")
    if not reset.isdigit():
        return None
    return max(0.0, int(reset) - _server_now(response)) + 1.0


def too_large(url: str, max_bytes: int) -> SourceError:
    """The one-line error for a body past the cap (a broken server or an attack, never a real feed)."""
    return SourceError(f"{host_key(url)}: response larger than {max_bytes / 2**20:g} MB; refused")


def _arriving(response: requests.Response) -> Iterator[bytes]:
    """The decoded body, each piece as soon as one receive brings it (`iter_content` waits to fill a whole
    chunk, so a trickling server would never reach a time check), with requests' own exception types."""
    raw = response.raw
    try:
        while chunk := raw.read1(_CHUNK_BYTES, decode_content=True):
            yield chunk
    except ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except ReadTimeoutError as exc:
        raise requests.exceptions.ConnectionError(exc) from exc
    except SSLError as exc:
        raise requests.exceptions.SSLError(exc) from exc


class PoliteSession(requests.Session):
    """A requests.Session that throttles, times out, retries with backoff and counts every request.

    `min_interval` spaces requests (arXiv: >= 3 s); `serial` makes requests from several threads queue on
    one lock and one connection. Bodies are read as they arrive, at most `max_bytes` of them for at most
    `max_body_seconds`, redirect answers included (a response hook runs before requests itself would
    read a body whole). A body past its time is a timeout: retried like one.
    """

    def __init__(
        self,
        counter: RequestCounter,
        *,
        timeout: float,
        policy: RetryPolicy,
        min_interval: float = 0.0,
        serial: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        max_bytes: int = MAX_RESPONSE_BYTES,
        max_body_seconds: float = MAX_BODY_SECONDS,
    ) -> None:
        super().__init__()
        self.counter = counter
        self.timeout = timeout
        self.policy = policy
        self.min_interval = min_interval
        self.sleep = sleep
        self.max_bytes = max_bytes
        self.max_body_seconds = max_body_seconds
        self.hooks["response"].append(self._read_capped)
        self.last_response: requests.Response | None = None
        self._lock = threading.Lock() if serial else None
        self._last_sent: float | None = None
        self.headers["User-Agent"] = USER_AGENT
        if serial:
            adapter = HTTPAdapter(pool_connections=1, pool_maxsize=1, pool_block=True)
            self.mount("http://", adapter)
            self.mount("https://", adapter)

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        if self._lock is None:
            return self._request_with_retries(str(method), str(url), args, kwargs)
        with self._lock:
            return self._request_with_retries(str(method), str(url), args, kwargs)

    def _read_capped(self, response: requests.Response, **_: Any) -> None:
        """Read the body now, refusing it past `max_bytes` (declared or streamed) or `max_body_seconds`;
        the connection is dropped, never left half-read, when reading fails."""
        declared = response.headers.get("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > self.max_bytes:
            response.close()
            raise too_large(response.url, self.max_bytes)
        deadline = time.monotonic() + self.max_body_seconds
        body = bytearray()
        try:
            for chunk in _arriving(response):
                body += chunk
                if len(body) > self.max_bytes:
                    raise too_large(response.url, self.max_bytes)
                if time.monotonic() > deadline:
                    raise requests.exceptions.ReadTimeout(
                        f"body still arriving after {self.max_body_seconds:g}s", response=response
                    )
        except BaseException:
            response.close()
            raise
        response._content = bytes(body)  # what `response.content` returns; requests does the same

    def _throttle(self) -> None:
        if self._last_sent is None or self.min_interval <= 0:
            return
        remaining = self.min_interval - (time.monotonic() - self._last_sent)
        if remaining > 0:
            self.sleep(remaining)

    def _send_once(self, method: str, url: str, args: tuple, kwargs: dict) -> requests.Response:
        self._throttle()
        self.counter.add(url)
        try:
            return super().request(method, url, *args, **kwargs)
        finally:
            self._last_sent = time.monotonic()

    def _request_with_retries(self, method: str, url: str, args: tuple, kwargs: dict) -> requests.Response:
        policy = self.policy
        attempt = 0
        while True:
            try:
                response = self._send_once(method, url, args, kwargs)
            except (
                requests.Timeout,
                requests.ConnectionError,
                requests.exceptions.ChunkedEncodingError,
            ) as exc:
                if attempt >= policy.max_retries:
                    raise SourceError(
                        f"{host_key(url)}: no answer after {attempt + 1} tries ({type(exc).__name__})"
                    ) from None
                wait = policy.backoff_seconds * 2**attempt
                log.info("%s %s: %s; retry in %.1fs", method, redact(url), type(exc).__name__, wait)
            except requests.RequestException as exc:  # not worth a retry: bad URL, broken body, redirects
                raise SourceError(f"{host_key(url)}: request failed ({type(exc).__name__})") from None
            else:
                self.last_response = response
                wait = self._wait_before_retry(response, url, attempt)
                if wait is None:
                    return response
                log.info("%s %s: HTTP %s; retry in %.1fs", method, redact(url), response.status_code, wait)
            self.sleep(wait)
            attempt += 1

    def _wait_before_retry(self, response: requests.Response, url: str, attempt: int) -> float | None:
        """None to return the response as it is, else the seconds to wait before sending it again."""
        policy = self.policy
        reset_wait = rate_limit_reset_wait(response)
        if reset_wait is not None:
            if policy.on_rate_limit == "stop" or reset_wait > policy.max_wait_seconds:
                raise RateLimitError(
                    f"{host_key(url)}: rate limit exhausted, resets in {reset_wait:.0f}s "
                    f"(on_rate_limit={policy.on_rate_limit}, max_wait_seconds={policy.max_wait_seconds:g}); "
                    "rerun later or raise max_wait_seconds"
                )
            return reset_wait
        retry_after = retry_after_seconds(response)
        if retry_after is None:
            retry_after = secondary_limit_wait(response)
        transient = response.status_code in _RETRY_STATUSES or (
            response.status_code == 403 and retry_after is not None
        )
        if not transient or attempt >= policy.max_retries:
            return None
        if retry_after is not None and retry_after > policy.max_wait_seconds:
            raise RateLimitError(
                f"{host_key(url)}: asked to retry after {retry_after:.0f}s, more than "
                f"max_wait_seconds={policy.max_wait_seconds:g}; rerun later"
            )
        return retry_after if retry_after is not None else policy.backoff_seconds * 2**attempt


def raise_for_status(response: requests.Response, what: str) -> None:
    """Turn a final 4xx/5xx into one clear SourceError line."""
    if response.status_code >= 400:
        raise SourceError(f"{what}: HTTP {response.status_code} from {host_key(response.url)}")


_ARXIV_MAX_RETRY_AFTER = 300.0
_GITHUB_RETRIES = 3
_GITHUB_BACKOFF = 1.0


@dataclass
class HttpClients:
    """The sessions of one run, one per host group, sharing one request counter."""

    counter: RequestCounter
    arxiv: PoliteSession
    github: PoliteSession

    def close(self) -> None:
        self.arxiv.close()
        self.github.close()


def make_clients(
    sources: Any, sleep: Callable[[float], None] = time.sleep, max_bytes: int = MAX_RESPONSE_BYTES
) -> HttpClients:
    """Build the run's sessions from `config.sources` (arXiv: serial, spaced by delay_seconds)."""
    arxiv_cfg, github_cfg = sources.arxiv, sources.github
    counter = RequestCounter()
    arxiv_session = PoliteSession(
        counter,
        timeout=arxiv_cfg.timeout_seconds,
        policy=RetryPolicy(
            max_retries=arxiv_cfg.max_retries,
            backoff_seconds=arxiv_cfg.delay_seconds,
            max_wait_seconds=_ARXIV_MAX_RETRY_AFTER,
        ),
        min_interval=arxiv_cfg.delay_seconds,
        serial=True,
        sleep=sleep,
        max_bytes=max_bytes,
    )
    github_session = PoliteSession(
        counter,
        timeout=github_cfg.timeout_seconds,
        policy=RetryPolicy(
            max_retries=_GITHUB_RETRIES,
            backoff_seconds=_GITHUB_BACKOFF,
            max_wait_seconds=github_cfg.max_wait_seconds,
            on_rate_limit=github_cfg.on_rate_limit,
        ),
        sleep=sleep,
        max_bytes=max_bytes,
    )
    return HttpClients(counter=counter, arxiv=arxiv_session, github=github_session)
