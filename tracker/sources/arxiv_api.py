"""arXiv API through the `arxiv` package: windowed category+keyword queries, id_list and exact-title lookups.

All requests go through the run's one polite arXiv session (serial, spaced, counted). The package's own
retries are immediate and silent about malformed pages, so `PoliteArxivClient` replaces them with backoff
and turns every bad page into one clear SourceError.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import arxiv
import requests
from lxml import etree

from tracker.config import ArxivConfig, ArxivQuery
from tracker.errors import SourceError
from tracker.ids import normalize_arxiv_id, normalize_title
from tracker.models import Paper
from tracker.sources.http import PoliteSession

log = logging.getLogger(__name__)

SOURCE = "arxiv_api"
TITLE_LOOKUP = "arxiv_title"
_ENTRY_ID = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?:v(?P<version>\d+))?$")
_STRICT_XML = etree.XMLParser(resolve_entities=False, no_network=True)
_ATOM_FEED = "{http://www.w3.org/2005/Atom}feed"


def split_entry_id(entry_id: str) -> tuple[str, int | None]:
    """`http://arxiv.org/abs/2504.16936v2` -> (`2504.16936`, 2); old-style ids keep their archive."""
    match = _ENTRY_ID.search(entry_id)
    if not match:
        raise SourceError(f"arXiv API returned an entry with an unexpected id: {entry_id!r}")
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def to_paper(result: arxiv.Result) -> Paper:
    """An arxiv.Result as our Paper: canonical id without version, whitespace-normalised text."""
    arxiv_id, version = split_entry_id(result.entry_id)
    return Paper(
        arxiv_id=arxiv_id,
        version=version,
        title=_squash(result.title),
        abstract=_squash(result.summary),
        authors=[_squash(author.name) for author in result.authors],
        categories=list(result.categories),
        primary_category=result.primary_category or None,
        published=result.published,
        updated=result.updated,
        comment=_squash(result.comment) or None,
        journal_ref=_squash(result.journal_ref) or None,
        doi=result.doi or None,
        links=[link.href for link in result.links],
        source=SOURCE,
    )


class PoliteArxivClient(arxiv.Client):
    """arxiv.Client on the polite session: backoff on empty/malformed pages, clear errors, no silent gaps."""

    def __init__(self, session: PoliteSession, *, api_url: str, page_size: int, max_retries: int) -> None:
        # The session spaces requests (delay_seconds), so the package's own delay is off.
        super().__init__(page_size=page_size, delay_seconds=0.0, num_retries=max_retries)
        self._session = session  # arxiv 4.0.2 has no public way to pass a session
        self.query_url_format = api_url.rstrip("?") + "?{}"
        self.polite = session

    def _parse_feed(self, url: str, first_page: bool = True, _try_index: int = 0) -> arxiv.ParsedFeed:
        problem = ""
        for attempt in range(self.num_retries + 1):
            if attempt:
                self.polite.sleep(self.polite.policy.backoff_seconds * 2 ** (attempt - 1))
            page = self._fetch_page(url, first_page)
            if not isinstance(page, str):
                return page
            problem = page
            log.info("arXiv page problem (try %d): %s", attempt + 1, problem)
        raise SourceError(f"arXiv API kept returning {problem} after {self.num_retries + 1} tries: {url}")

    def _fetch_page(self, url: str, first_page: bool) -> arxiv.ParsedFeed | str:
        """The parsed page when it is good; what is wrong (a str) when a retry may help; else raises."""
        try:
            # one try of the package's fetch+parse (its retry counter already exhausted)
            feed = super()._parse_feed(url, first_page=first_page, _try_index=self.num_retries)
        except arxiv.UnexpectedEmptyPageError:
            return "an empty page mid-paging"
        except arxiv.HTTPError as exc:
            raise SourceError(f"arXiv API answered HTTP {exc.status} for {url}") from None
        except requests.RequestException as exc:
            raise SourceError(f"arXiv API request failed ({type(exc).__name__}) for {url}") from None
        # the package's lenient parser choked (a page cut inside a date): malformed XML says so best
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            self._check_page(url)
            problem = f"{type(exc).__name__}: {_squash(str(exc))}"
            raise SourceError(
                f"arXiv API returned an unreadable page ({problem}) for {url}; nothing stored"
            ) from None
        self._check_page(url)
        errors = [result for result in feed.results if "/api/errors" in result.entry_id]
        if errors:
            raise SourceError(f"arXiv API error: {_squash(errors[0].summary)} ({url})")
        if first_page and not feed.results and feed.header.total_results > 0:
            return f"an empty first page although totalResults={feed.header.total_results}"
        return feed

    def _check_page(self, url: str) -> None:
        """Refuse the last answer unless it is a well-formed Atom feed (the package parses with recover=True
        and would make a truncated page, or an HTML error page served with 200, look like fewer results)."""
        response = self.polite.last_response
        try:
            root = etree.fromstring(response.content if response is not None else b"", parser=_STRICT_XML)
        except etree.XMLSyntaxError as exc:
            raise SourceError(
                f"arXiv API returned malformed XML ({_squash(str(exc))}) for {url}; nothing stored"
            ) from None
        if root.tag != _ATOM_FEED:
            served = response.headers.get("Content-Type") if response is not None else None
            raise SourceError(
                f"arXiv API returned no Atom feed (<{etree.QName(root).localname}>, Content-Type {served}) "
                f"for {url}; nothing stored"
            )


def make_client(config: ArxivConfig, session: PoliteSession) -> PoliteArxivClient:
    """The run's arXiv API client, pointed at config.api_url (TRACKER_ARXIV_API_URL overrides)."""
    return PoliteArxivClient(
        session, api_url=config.api_url, page_size=config.page_size, max_retries=config.max_retries
    )


def window_start(
    watermark: datetime | None, since: date | None, config: ArxivConfig, now: datetime
) -> datetime:
    """Where a query's window starts: --since, else watermark minus overlap, else the cold-start span."""
    if since is not None:
        return datetime.combine(since, time(), tzinfo=UTC)
    if watermark is not None:
        return watermark - timedelta(days=config.overlap_days)
    return now - timedelta(days=config.cold_start_days)


def query_text(query: ArxivQuery, start: datetime, end: datetime) -> str:
    """Categories OR-ed, AND-ed with the keyword expression and the submittedDate window."""
    parts = []
    if query.categories:
        parts.append("(" + " OR ".join(f"cat:{category}" for category in query.categories) + ")")
    if query.keywords:
        parts.append(f"({query.keywords})")
    window = f"submittedDate:[{start.astimezone(UTC):%Y%m%d%H%M} TO {end.astimezone(UTC):%Y%m%d%H%M}]"
    return " AND ".join([*parts, window])


@dataclass
class QueryResult:
    """All papers of one query window, and the newest submission time seen (the next watermark)."""

    papers: list[Paper]
    watermark: datetime | None


def fetch_query(client: arxiv.Client, query: ArxivQuery, start: datetime, end: datetime) -> QueryResult:
    """Run one configured query over [start, end], paging oldest first; raises SourceError on failure."""
    search = arxiv.Search(
        query=query_text(query, start, end),
        max_results=None,
        sort_by=arxiv.SortCriterion.SubmittedDate,
        sort_order=arxiv.SortOrder.Ascending,
    )
    papers = [to_paper(result) for result in client.results(search)]
    watermark = max((paper.published for paper in papers if paper.published), default=None)
    return QueryResult(papers=papers, watermark=watermark)


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for index in range(0, len(items), size):
        yield items[index : index + size]


def lookup_ids(client: arxiv.Client, ids: Iterable[str], batch_size: int) -> list[Paper]:
    """Metadata for known arXiv ids, `batch_size` ids per request; unknown ids are simply absent."""
    wanted = sorted({normalize_arxiv_id(arxiv_id) or arxiv_id for arxiv_id in ids})
    papers: list[Paper] = []
    for batch in _batches(wanted, batch_size):
        search = arxiv.Search(id_list=batch, max_results=len(batch))
        papers.extend(to_paper(result) for result in client.results(search))
    return papers


def lookup_titles(client: arxiv.Client, store: Any, titles: Iterable[str], limit: int) -> list[Paper]:
    """Ask arXiv for up to `limit` titles never asked before (one `ti:` query each); every answer is cached.

    Hits and misses go to the store's lookup cache, so each title costs one request ever; the caller
    stores the returned papers.
    """
    keys = dict.fromkeys(key for key in map(normalize_title, titles) if key)
    unasked = [key for key in keys if not store.get_lookup(TITLE_LOOKUP, key)[0]]
    found = []
    for key in unasked[:limit]:
        search = arxiv.Search(query=f'ti:"{key}"', max_results=10)
        match = next((to_paper(r) for r in client.results(search) if normalize_title(r.title) == key), None)
        store.save_lookup(TITLE_LOOKUP, key, match.arxiv_id if match else None)
        if match is not None:
            found.append(match)
    return found
