"""A fake export.arxiv.org API and rss.arxiv.org for the source tests, on werkzeug (scripted faults).

Searching (`tracker.demo.arxiv_query`) and the RSS listings (`tracker.demo.arxiv_listing`) are the arXiv
stand-in's own; API pages are still built from the recorded Atom page with lxml, because the stand-in's
byte-exact pages expose a bug the source tests trip over (see tests/demo/test_arxiv_standin.py,
test_a_page_cut_inside_a_date_is_a_clear_error). Feeds answer conditional GETs with 304.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from lxml import etree
from werkzeug import Request, Response

from tests.fakes.service import FakeService
from tracker import clock
from tracker.demo import arxiv_atom
from tracker.demo.arxiv_listing import listing
from tracker.demo.arxiv_query import Corpus, QueryError
from tracker.demo.arxiv_standin import ATOM_TYPE
from tracker.models import Paper

WIRE = Path(__file__).resolve().parents[3] / "shared" / "data" / "wire"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


@dataclass
class FakePaper:
    arxiv_id: str
    title: str
    published: datetime
    categories: list[str] = field(default_factory=lambda: ["cs.CV"])
    version: int = 1
    abstract: str = "We study multimodal large language models."
    authors: list[str] = field(default_factory=lambda: ["Ada Lovelace", "Alan Turing"])
    announce_type: str = "new"

    @property
    def updated(self) -> datetime:
        return self.published

    def to_paper(self) -> Paper:
        return Paper(
            arxiv_id=self.arxiv_id,
            title=self.title,
            abstract=self.abstract,
            authors=list(self.authors),
            categories=list(self.categories),
            primary_category=self.categories[0],
            version=self.version,
            published=self.published,
            updated=self.updated,
        )


def _recorded_page() -> etree._Element:
    recorded = json.loads((WIRE / "arxiv_api" / "q_testing_s0_m10_bc5a6c384fe9.json").read_text())
    return etree.fromstring(recorded["body"].encode())


def _atom_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ArxivFake(FakeService):
    """Fake arXiv: `/api/query` and `/rss/<category>`."""

    def __init__(self) -> None:
        super().__init__()
        self.papers: list[FakePaper] = []
        self.feeds: dict[str, RssFeed] = {}
        page = _recorded_page()
        self._entry_template = page.find(f"{ATOM}entry")
        for entry in page.findall(f"{ATOM}entry"):
            page.remove(entry)
        self._envelope = page

    def reset(self) -> None:
        super().reset()
        self.papers, self.feeds = [], {}

    @property
    def api_url(self) -> str:
        return self.server.url_for("/api/query")

    @property
    def rss_url(self) -> str:
        return self.server.url_for("/rss")

    def handle(self, request: Request) -> Response:
        if request.path == "/api/query":
            return self._query(request)
        if request.path.startswith("/rss/"):
            return self._rss(request.path.removeprefix("/rss/"), request)
        return Response("not found", status=404)

    # API ------------------------------------------------------------------------------------------
    def matching(self, args: dict[str, str]) -> list[FakePaper]:
        by_id = {paper.arxiv_id: paper for paper in self.papers}
        return [by_id[paper.arxiv_id] for paper in Corpus([p.to_paper() for p in self.papers]).search(args)]

    def page_body(self, found: list[FakePaper], start: int, size: int, *, empty: bool = False) -> bytes:
        feed = copy.deepcopy(self._envelope)
        feed.find(f"{OPENSEARCH}totalResults").text = str(len(found))
        feed.find(f"{OPENSEARCH}startIndex").text = str(start)
        feed.find(f"{OPENSEARCH}itemsPerPage").text = str(size)
        for paper in [] if empty else found[start : start + size]:
            feed.append(self._entry(paper))
        return etree.tostring(feed, xml_declaration=True, encoding="UTF-8")

    def _entry(self, paper: FakePaper) -> etree._Element:
        entry = copy.deepcopy(self._entry_template)
        abs_url = f"http://arxiv.org/abs/{paper.arxiv_id}v{paper.version}"
        entry.find(f"{ATOM}id").text = abs_url
        entry.find(f"{ATOM}title").text = paper.title
        entry.find(f"{ATOM}summary").text = f"  {paper.abstract}\n  "
        entry.find(f"{ATOM}published").text = _atom_time(paper.published)
        entry.find(f"{ATOM}updated").text = _atom_time(paper.updated)
        for link in entry.findall(f"{ATOM}link"):
            link.set("href", abs_url.replace("/abs/", "/pdf/" if link.get("title") == "pdf" else "/abs/"))
        doi_links = [link for link in entry.findall(f"{ATOM}link") if link.get("title") == "doi"]
        recorded_only = [entry.find(f"{ARXIV}doi"), entry.find(f"{ARXIV}journal_ref"), *doi_links]
        for old in entry.findall(f"{ATOM}category") + entry.findall(f"{ATOM}author") + recorded_only:
            if old is not None:
                entry.remove(old)
        for term in paper.categories:
            etree.SubElement(entry, f"{ATOM}category", term=term, scheme="http://arxiv.org/schemas/atom")
        primary = entry.find(f"{ARXIV}primary_category")
        if primary is not None:
            primary.set("term", paper.categories[0])
        for name in paper.authors:
            etree.SubElement(etree.SubElement(entry, f"{ATOM}author"), f"{ATOM}name").text = name
        return entry

    def _query(self, request: Request) -> Response:
        args = dict(request.args)
        start, size = int(args.get("start", 0)), int(args.get("max_results", 10))
        try:
            body = self.page_body(self.matching(args), start, size)
        except QueryError as error:  # arXiv's 400 error feed
            return Response(
                arxiv_atom.error_page(str(error), clock.now()), status=400, content_type=ATOM_TYPE
            )
        return Response(body, content_type=ATOM_TYPE)

    # RSS ------------------------------------------------------------------------------------------
    def _rss(self, category: str, request: Request) -> Response:
        feed = self.feeds.get(category)
        if feed is None:
            return Response("category not found", status=404)
        body = feed.body(category)
        etag = '"' + hashlib.md5(body).hexdigest() + '"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        headers = {"ETag": etag, "Last-Modified": format_datetime(feed.built, usegmt=True)}
        return Response(body, headers=headers, content_type="application/rss+xml; charset=utf-8")


_FRAGMENT = (WIRE / "arxiv_rss" / "cs.CV_2025-09-18_FRAGMENT.txt").read_text(encoding="utf-8")


@dataclass
class RssFeed:
    """One category's listing: the papers announced in it (empty at weekends) and when it was built."""

    built: datetime
    papers: list[FakePaper] = field(default_factory=list)
    truncated: bool = False

    def body(self, category: str) -> bytes:
        if self.truncated:  # the recorded fragment as it is: not well-formed
            return _FRAGMENT.encode()
        items = [(paper.to_paper(), paper.announce_type) for paper in self.papers]
        return listing(category, items, self.built)


def papers_by_day(count: int, first: datetime = datetime(2026, 1, 1, 9, tzinfo=UTC)) -> list[FakePaper]:
    """`count` cs.CV papers submitted six hours apart from `first`."""
    return [
        FakePaper(
            arxiv_id=f"2601.{index:05d}",
            title=f"Multimodal   model\n  number {index}",
            published=first + timedelta(hours=6 * index),
            categories=["cs.CV", "cs.CL"],
        )
        for index in range(count)
    ]
