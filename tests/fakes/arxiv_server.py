"""A fake export.arxiv.org API and rss.arxiv.org, built from the recorded Atom page and the RSS fragment.

The API filters by the submittedDate window, cat: terms, ti:"..." and id_list, sorts by submission date,
and pages with opensearch totals like the real service; RSS feeds answer conditional GETs with 304.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree
from werkzeug import Request, Response

from tests.fakes.service import FakeService
from tracker.ids import normalize_title

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
        query, ids = args.get("search_query", ""), [i for i in args.get("id_list", "").split(",") if i]
        found = list(self.papers)
        if ids:
            bare = {re.sub(r"v\d+$", "", i) for i in ids}
            found = [p for p in found if p.arxiv_id in bare]
        window = re.search(r"submittedDate:\[(\d{12}) TO (\d{12})\]", query)
        if window:
            low, high = (datetime.strptime(v, "%Y%m%d%H%M").replace(tzinfo=UTC) for v in window.groups())
            found = [p for p in found if low <= p.published <= high]
        categories = re.findall(r"cat:([\w.-]+)", query)
        if categories:
            found = [p for p in found if set(p.categories) & set(categories)]
        title = re.search(r'ti:"([^"]*)"', query)
        if title:
            found = [p for p in found if normalize_title(p.title) == normalize_title(title.group(1))]
        if args.get("sortBy") == "submittedDate":
            found.sort(key=lambda p: p.published, reverse=args.get("sortOrder") == "descending")
        return found

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
        body = self.page_body(self.matching(args), start, size)
        return Response(body, content_type="application/atom+xml; charset=utf-8")

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
_HEADER = _FRAGMENT.split("<item>", 1)[0]


@dataclass
class RssFeed:
    """One category's listing: the papers announced in it (empty at weekends) and when it was built."""

    built: datetime
    papers: list[FakePaper] = field(default_factory=list)
    truncated: bool = False

    def body(self, category: str) -> bytes:
        if self.truncated:  # the recorded fragment as it is: not well-formed
            return _FRAGMENT.encode()
        stamp = format_datetime(self.built)
        header = _HEADER
        for tag in ("lastBuildDate", "pubDate"):
            header = re.sub(f"<{tag}>.*?</{tag}>", f"<{tag}>{stamp}</{tag}>", header)
        header = header.replace("cs.CV", category)
        items = "".join(_item(paper, stamp) for paper in self.papers)
        return (header + items + "  </channel>\n</rss>\n").encode()


TRAILING_SPACE = " "  # the real feed has one after the announce type


def _item(paper: FakePaper, stamp: str) -> str:
    categories = "".join(f"<category>{c}</category>" for c in paper.categories)
    return f"""<item>
      <title>{escape(paper.title)}</title>
      <link>https://arxiv.org/abs/{paper.arxiv_id}</link>
      <description>arXiv:{paper.arxiv_id}v{paper.version} Announce Type: {paper.announce_type}{TRAILING_SPACE}
Abstract: {escape(paper.abstract)}</description>
      <guid isPermaLink="false">oai:arXiv.org:{paper.arxiv_id}v{paper.version}</guid>
      {categories}
      <pubDate>{stamp}</pubDate>
      <arxiv:announce_type>{paper.announce_type}</arxiv:announce_type>
      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
      <dc:creator>{escape(", ".join(paper.authors))}</dc:creator>
    </item>
"""


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
