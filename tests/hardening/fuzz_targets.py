"""Fuzz targets for every parser of untrusted input, shared by test_fuzz_parsers.py (a bounded number of
examples on every run) and benchmarks/fuzz_parsers.py (as many as asked for).

Each target is a strategy and a check. A check returns what happened ("parsed", "refused", ...) and
raises only when a property breaks:
- listdoc: any text parses, renders back byte for byte, and every entry owns exactly its lines;
- feeds: a mutated arXiv RSS feed, GitHub releases.atom or arXiv API page, served over loopback to the
  real source function, gives well-formed papers/releases or one SourceError, nothing else;
- import: JSON Lines dumps with mutated records, garbage and broken gzip never stop `read_papers`;
  every line ends up a paper or a counted bad line.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from hypothesis import strategies as st
from werkzeug import Request, Response

from tests.fakes.arxiv_server import WIRE, FakePaper, RssFeed
from tests.fakes.github_server import FakeRelease, FakeRepo, GitHubWebFake, utc
from tests.fakes.service import FakeService
from tests.hardening.readme_checks import assert_sane
from tests.hardening.readme_strategies import HOSTILE_PIECES
from tracker.config import Config
from tracker.errors import SourceError
from tracker.listdoc.parse import parse_document
from tracker.models import Paper, Release
from tracker.sources import arxiv_api, arxiv_rss, github
from tracker.sources.http import HttpClients, make_clients
from tracker.store.importer import ImportReport, read_papers

# ---------------------------------------------------------------- listdoc

_MARKDOWN_BITS = [
    *("# ", "## ", "###### ", "- ", "* ", "+ ", "1. ", "2) ", "  ", "    ", "\t", "> ", "|", "\\|", "---"),
    *("===", ":--", "```", "~~~", "````", "<!--", "-->", "<details>", "</details>", "<div>", "[", "]"),
    *("](", "(", ")", "![", "**", "__", "`", "\\", "<", ">", "https://arxiv.org/abs/2401.00001"),
    *("\n", "\r\n", "\r", "\ufeff", "\x00", "[2024-05-01] ", "News", "Title"),
    *HOSTILE_PIECES,
]
_BIT = st.sampled_from(_MARKDOWN_BITS) | st.text(max_size=6)


_CHUNKS = [
    "\n## Section\n",
    "\n- [Paper](https://arxiv.org/abs/2401.00001) - note\n",
    "\n1. (Tag) [Paper](https://arxiv.org/abs/2401.00002)(note)\n",
    "\n| Title | Date |\n|---|---|\n| [P](https://arxiv.org/abs/2401.00003) | 2024-01-02 |\n",
]


def markdown_soups() -> st.SearchStrategy[str]:
    """Markdown-ish text: bits of syntax, hostile pieces, headings/items/tables that make entries, and long
    runs of one bit (deep nesting, bracket bombs)."""
    run = st.tuples(st.sampled_from(_MARKDOWN_BITS), st.integers(2, 3000)).map(lambda pair: pair[0] * pair[1])
    return st.lists(_BIT | st.sampled_from(_CHUNKS) | run, max_size=80).map("".join)


def check_listdoc(text: str) -> str:
    document = parse_document(text)
    assert_sane(document, text)
    return "parsed, with entries" if document.entries() else "parsed"


# ---------------------------------------------------------------- feeds

_NOW = datetime(2026, 1, 7, 3, tzinfo=UTC)
_FRAGMENTS = [
    b"<entry>",
    b"</entry>",
    b"<item>",
    b"</item>",
    b"</feed>",
    b"</channel></rss>",
    b"<![CDATA[",
    b"]]>",
    b"&bogus;",
    b"&#0;",
    b"&#xD800;",
    b"&amp;",
    b"\x00",
    b"\xff\xfe",
    b"\xc3\x28",
    b"\xef\xbb\xbf",
    b'<?xml version="1.0" encoding="utf-16"?>',
    b'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    b"&b;",
    b"<title>",
    b"</title>",
    b"<id>oai:arXiv.org:2401.00001v1</id>",
    b"<id>tag:github.com,2008:Repository/1/v9</id>",
    b"<updated>0001-01-01T00:00:00Z</updated>",
    b"<updated>not a date</updated>",
    b"<opensearch:totalResults>99999999999999999999</opensearch:totalResults>",
    b"<arxiv:announce_type>new</arxiv:announce_type>",
    b"<link href='javascript:alert(1)'/>",
    *(piece.encode("utf-8") for piece in HOSTILE_PIECES),
]


_TEXT_PIECES = st.sampled_from(HOSTILE_PIECES) | st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), max_size=20
)


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """`base` after a few changes: hostile text put into text nodes (escaped, so the document stays
    well-formed and reaches the field conversion), cuts, splices, deletions and byte flips."""
    body = bytearray(base)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(body)))
        action = draw(st.sampled_from(["text", "text", "truncate", "insert", "delete", "flip", "repeat"]))
        if action == "text" and b">" in body:
            at = body.index(b">", min(at, body.rindex(b">"))) + 1
            body[at:at] = xml_escape(draw(_TEXT_PIECES)).encode("utf-8", "surrogatepass")
        elif action == "truncate":
            del body[at:]
        elif action == "insert":
            body[at:at] = draw(st.sampled_from(_FRAGMENTS) | st.binary(max_size=8))
        elif action == "delete":
            del body[at : at + draw(st.integers(1, 200))]
        elif action == "flip" and at < len(body):
            body[at] = draw(st.integers(0, 255))
        elif action == "repeat":
            body[at:at] = body[at : at + draw(st.integers(1, 400))] * draw(st.integers(1, 20))
    return bytes(body)


def rss_feed() -> bytes:
    papers = [
        FakePaper(f"2601.0500{n}", f"Paper {n}", _NOW, announce_type=t)
        for n, t in enumerate(["new", "cross"])
    ]
    return RssFeed(_NOW, papers).body("cs.CV")


def releases_atom() -> bytes:
    return GitHubWebFake({}).atom(
        FakeRepo("Org/Model", [FakeRelease("v2", utc(2026, 1, 5)), FakeRelease("v1", utc(2026, 1, 2))])
    )


def arxiv_page() -> bytes:
    recorded = json.loads((WIRE / "arxiv_api" / "q_testing_s0_m10_bc5a6c384fe9.json").read_text())
    return recorded["body"].encode("utf-8")


class BodyServer(FakeService):
    """Answers every request with `body` (200), whatever was asked."""

    body = b""

    def handle(self, request: Request) -> Response:
        return Response(self.body, content_type="application/xml")


@dataclass
class FeedBench:
    """A loopback server and the run's real clients pointed at it."""

    server: BodyServer
    clients: HttpClients
    arxiv: arxiv_api.PoliteArxivClient


@contextmanager
def feed_bench() -> Iterator[FeedBench]:
    server = BodyServer().start()
    url = server.url()
    config = Config.model_validate(
        {
            "sources": {
                "arxiv": {
                    "api_url": f"{url}/api/query",
                    "rss_url": f"{url}/rss",
                    "delay_seconds": 0,
                    "max_retries": 1,
                },
                "github": {"server_url": url, "api_url": url},
            }
        }
    )
    clients = make_clients(config.sources, sleep=lambda seconds: None)
    try:
        yield FeedBench(server, clients, arxiv_api.make_client(config.sources.arxiv, clients.arxiv))
    finally:
        clients.close()
        server.stop()


def _paper_ok(paper: Any) -> bool:
    return isinstance(paper, Paper) and bool(paper.arxiv_id) and isinstance(paper.title, str)


def _release_ok(release: Any) -> bool:
    return isinstance(release, Release) and bool(release.tag) and isinstance(release.name, str)


def _served(
    bench: FeedBench, body: bytes, read: Callable[[], list[Any]], valid: Callable[[Any], bool]
) -> str:
    bench.server.body = body
    try:
        items = read()
    except SourceError as refused:
        assert "\n" not in str(refused), refused
        return "refused (SourceError)"
    assert all(map(valid, items)), items
    return "parsed, with items" if items else "parsed, empty"


def check_rss(bench: FeedBench, body: bytes) -> str:
    def read() -> list[Paper]:
        return arxiv_rss.fetch_category(
            bench.clients.arxiv,
            bench.server.url("/rss"),
            "cs.CV",
            etag=None,
            last_modified=None,
            last_built=None,
            announce_types=["new", "cross"],
            now=_NOW,
        ).papers

    return _served(bench, body, read, _paper_ok)


def check_atom(bench: FeedBench, body: bytes) -> str:
    def read() -> list[Release]:
        return github.fetch_release_feed(bench.clients.github, bench.server.url(), "Org/Model", None).releases

    return _served(bench, body, read, _release_ok)


def check_arxiv_page(bench: FeedBench, body: bytes) -> str:
    return _served(bench, body, lambda: arxiv_api.lookup_ids(bench.arxiv, ["2401.00001"], 1), _paper_ok)


# ---------------------------------------------------------------- import (JSON Lines dumps)

_OURS = {"arxiv_id": "2504.16936", "title": "T", "abstract": "A", "authors": ["A B"], "categories": ["cs.CV"]}
_OURS |= {"published": "2025-04-23T17:59:59Z", "updated": "2025-04-24", "version": 2, "doi": None}
_KAGGLE = {"id": "0704.0001", "authors": "A and B, C", "title": "T", "categories": "hep-ph cs.CV"}
_KAGGLE |= {
    "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
    "update_date": "2008-11-13",
}
_KAGGLE |= {"authors_parsed": [["B", "A", ""]], "journal-ref": "j", "comments": "c"}
_API = {
    "entry_id": "http://arxiv.org/abs/2401.00001v2",
    "title": "T",
    "summary": "s",
    "authors": [{"name": "A"}],
}
_API |= {"published": "2024-01-01T00:00:00+00:00", "categories": ["cs.CV"], "links": [{"href": "http://x"}]}
_FIELDS = sorted(
    set(_OURS) | set(_KAGGLE) | set(_API) | {"primary_category", "announced", "comment", "links"}
)
# Dates at the very ends of the calendar have their own test in test_fuzz_parsers.py.
_ODD_VALUES = st.sampled_from(
    [None, True, 0, -1, 10**30, 1.5, "", " ", "\x00", "v", "v0", "v-1", "2024-02-30", "Mon, 99 Foo 2024"]
    + ["1e999", "x" * 5000, [], {}, [None], [[]], [{}], [{"name": 5}], [["a"]], [["a", 1]], {"a": 1}]
    + ["2401.00001", "cs/0101001", "http://arxiv.org/abs/", "v99999999999999999999999", "2025-10"]
) | st.text(max_size=10)


@st.composite
def _record(draw: st.DrawFn) -> dict[str, Any]:
    record = dict(draw(st.sampled_from([_OURS, _KAGGLE, _API])))
    for key in draw(st.lists(st.sampled_from(_FIELDS), max_size=4)):
        if draw(st.booleans()):
            record[key] = draw(_ODD_VALUES)
        else:
            record.pop(key, None)
    return record


_LINE = st.one_of(
    _record().map(lambda record: json.dumps(record).encode()),
    st.sampled_from(
        [b"", b"   ", b"[1, 2]", b'"text"', b"null", b'{"arxiv_id": ', b"\xff\xfe{}", b"NaN", b"{}"]
    ),
    st.binary(max_size=40),
)


@dataclass
class Dump:
    lines: list[bytes]
    gzipped: bool
    cut: int  # bytes cut off the end of the file (a broken download)


@st.composite
def jsonl_dumps(draw: st.DrawFn) -> Dump:
    return Dump(draw(st.lists(_LINE, min_size=1, max_size=20)), draw(st.booleans()), draw(st.integers(0, 30)))


def check_jsonl(directory: Path, dump: Dump) -> str:
    data = b"\n".join(line.replace(b"\n", b" ") for line in dump.lines) + b"\n"
    data = gzip.compress(data) if dump.gzipped else data
    path = directory / ("dump.jsonl.gz" if dump.gzipped else "dump.jsonl")
    path.write_bytes(data[: len(data) - dump.cut] if dump.cut < len(data) else data)
    report = ImportReport()
    papers = list(read_papers(path, report))
    assert all(isinstance(paper, Paper) and paper.arxiv_id and paper.title for paper in papers)
    assert len(papers) <= report.lines and len(report.bad_lines) == min(report.bad, 100)
    return "bad lines counted" if report.bad else "all lines read"
