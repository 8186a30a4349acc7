"""A stand-in for export.arxiv.org's API and rss.arxiv.org on 127.0.0.1, for the offline demo and tests.

The real `arxiv` client and tracker's sources talk to it unchanged (point `api_url` / `rss_url` at it):
`/api/query` answers search_query / id_list / paging / sorting in the recorded Atom shape, errors as
arXiv's 400 error feed; `/rss/CATEGORY` answers the category's listing with ETag / Last-Modified and a
304 for a conditional GET that matches. Standard library only: the installed package runs it.
"""

from __future__ import annotations

import hashlib
import re
import threading
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler

from tracker import clock as tracker_clock
from tracker.demo import arxiv_atom
from tracker.demo.arxiv_listing import announce_type, last_build, listing
from tracker.demo.arxiv_query import Corpus, QueryError
from tracker.demo.loopback import Logged, LoopbackServer, LoopbackService, send
from tracker.models import Paper

MAX_PAGE = 2000  # arXiv's largest page
ATOM_TYPE = "application/atom+xml; charset=utf-8"
RSS_TYPE = "application/rss+xml; charset=utf-8"


@dataclass
class Canned:
    """A scripted answer for the next `times` requests whose path matches `path` (a 503, a cut page...)."""

    path: re.Pattern[str]
    status: int
    headers: dict[str, str]
    body: bytes
    times: int = 1


class ArxivStandIn(LoopbackService):
    """`papers` are what the API can find; `rss` maps a category to the papers of its current listing.

    Use as a context manager or start()/stop(). `rss_built` fixes the listings' build time; by default it
    is the latest midnight US Eastern before `clock()` (tracker's clock, so TRACKER_NOW applies).
    """

    def __init__(
        self,
        papers: Sequence[Paper] = (),
        rss: Mapping[str, Sequence[Paper]] | None = None,
        *,
        rss_built: datetime | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.rss: dict[str, list[Paper]] = {category: list(items) for category, items in (rss or {}).items()}
        self.rss_built = rss_built
        self.log: list[Logged] = []
        self.canned: list[Canned] = []
        self._clock = clock or tracker_clock.now
        self._lock = threading.Lock()
        self._papers: list[Paper] = []
        self._corpus = Corpus([])
        self.add_papers(papers)
        self._server = LoopbackServer(self._serve, "arxiv-standin")

    @property
    def url(self) -> str:
        return self._server.url

    @property
    def api_url(self) -> str:
        """For `sources.arxiv.api_url` / TRACKER_ARXIV_API_URL."""
        return f"{self.url}/api/query"

    @property
    def rss_url(self) -> str:
        """For `sources.arxiv.rss_url` / TRACKER_ARXIV_RSS_URL; feeds are `{rss_url}/{category}`."""
        return f"{self.url}/rss"

    @property
    def host_port(self) -> str:
        """The `HOST:PORT` key of this server in a run report's request counts."""
        return self.url.removeprefix("http://")

    # content ----------------------------------------------------------------------------------------------
    @property
    def papers(self) -> list[Paper]:
        return list(self._papers)

    def add_papers(self, papers: Sequence[Paper]) -> None:
        """Make more papers findable (a later paper with the same id replaces the earlier one)."""
        with self._lock:
            merged = {paper.arxiv_id: paper for paper in [*self._papers, *papers]}
            self._papers = list(merged.values())
            self._corpus = Corpus(self._papers)

    def fail_next(
        self,
        path: str,
        status: int = 503,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        *,
        times: int = 1,
    ) -> None:
        """Answer the next `times` requests whose path matches the regex `path` with this instead."""
        self.canned.append(Canned(re.compile(path), status, dict(headers or {}), body, times))

    def requests(self, method: str | None = None, path: str | None = None) -> list[Logged]:
        """Logged requests, optionally only those with this method and a path matching the regex."""
        return [
            entry
            for entry in self.log
            if (method is None or entry.method == method) and (path is None or re.search(path, entry.path))
        ]

    # serving ----------------------------------------------------------------------------------------------
    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        handler.rfile.read(int(handler.headers.get("Content-Length") or 0))  # keep the connection in step
        parts = urllib.parse.urlsplit(handler.path)
        query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        entry = Logged(handler.command, urllib.parse.unquote(parts.path), query, None)
        with self._lock:
            self.log.append(entry)
            corpus = self._corpus
            canned = self._take_canned(entry.path)
        headers = {name.lower(): value for name, value in handler.headers.items()}
        if canned is not None:
            status, reply_headers, body = canned.status, canned.headers, canned.body
        elif handler.command not in ("GET", "HEAD"):
            status, reply_headers, body = 405, {"Content-Type": "text/plain"}, b"Method Not Allowed"
        elif entry.path == "/api/query":
            status, reply_headers, body = self._query(corpus, query)
        elif entry.path.startswith("/rss/"):
            status, reply_headers, body = self._listing(entry.path.removeprefix("/rss/"), headers)
        else:
            status, reply_headers, body = 404, {"Content-Type": "text/plain"}, b"Not Found"
        entry.status = status
        send(handler, status, reply_headers, body)

    def _take_canned(self, path: str) -> Canned | None:
        canned = next((c for c in self.canned if c.path.search(path)), None)
        if canned is not None:
            canned.times -= 1
            if canned.times <= 0:
                self.canned.remove(canned)
        return canned

    def _query(self, corpus: Corpus, args: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        now = self._clock()
        try:
            start, size = _count(args, "start", 0), _count(args, "max_results", 10)
            found = corpus.search(args)
        except QueryError as error:
            return 400, {"Content-Type": ATOM_TYPE}, arxiv_atom.error_page(str(error), now)
        body = arxiv_atom.page(
            found[start : start + min(size, MAX_PAGE)],
            search_query=args.get("search_query", ""),
            id_list=args.get("id_list", ""),
            start=start,
            max_results=size,
            total=len(found),
            updated=now,
        )
        return 200, {"Content-Type": ATOM_TYPE}, body

    def _listing(self, category: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        papers = self.rss.get(category)
        if papers is None:
            return 404, {"Content-Type": "text/plain"}, f"no listing for {category}".encode()
        built = self.rss_built or last_build(self._clock())
        items = [(paper, announce_type(paper, category)) for paper in papers]
        body = listing(category, items, built, self.rss_url)
        validators = {
            "ETag": '"' + hashlib.md5(body).hexdigest() + '"',
            "Last-Modified": format_datetime(built.astimezone(UTC), usegmt=True),
        }
        if _not_modified(headers, validators["ETag"], built):
            return 304, validators, b""
        return 200, {**validators, "Content-Type": RSS_TYPE}, body


def _count(args: Mapping[str, str], name: str, default: int) -> int:
    value = args.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise QueryError(f"{name} must be an integer")
    return int(value)


def _not_modified(headers: Mapping[str, str], etag: str, built: datetime) -> bool:
    """If-None-Match decides when sent; otherwise If-Modified-Since at or after the build time."""
    if "if-none-match" in headers:
        return etag in {tag.strip() for tag in headers["if-none-match"].split(",")}
    since = headers.get("if-modified-since")
    if not since:
        return False
    try:
        return parsedate_to_datetime(since) >= built.replace(microsecond=0)
    except (TypeError, ValueError):
        return False
