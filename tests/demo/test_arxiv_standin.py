"""The arXiv stand-in over loopback, read by the real `arxiv` 4.0.2 client, tracker's sources and feedparser.

Its pages are checked byte for byte against every recorded export.arxiv.org response, and its RSS listing
against the recorded rss.arxiv.org fragment.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import arxiv
import feedparser
import pytest
import requests

from tracker.config import ArxivQuery, Config
from tracker.demo import arxiv_atom
from tracker.demo.arxiv_listing import listing
from tracker.demo.arxiv_query import Corpus, QueryError
from tracker.demo.arxiv_standin import ArxivStandIn
from tracker.errors import SourceError
from tracker.models import Paper
from tracker.sources import arxiv_api, arxiv_rss
from tracker.sources.http import make_clients
from tracker.store import Store, open_store

NOW = datetime(2026, 4, 30, 18, tzinfo=UTC)  # a Thursday afternoon, US Eastern
START = datetime(2026, 4, 20, 9, tzinfo=UTC)
NS = {
    "a": "http://www.w3.org/2005/Atom",
    "x": "http://arxiv.org/schemas/atom",
    "o": "http://a9.com/-/spec/opensearch/1.1/",
}


def _papers() -> list[Paper]:
    """14 papers six hours apart: even ones about MLLMs in cs.CV, odd ones elsewhere."""
    papers = []
    for index in range(14):
        mllm = index % 2 == 0
        papers.append(
            Paper(
                arxiv_id=f"2604.{index:05d}",
                title=f"A multimodal large language model, part {index}" if mllm else f"Graph theory {index}",
                abstract="We train a multimodal large language model (MLLM)." if mllm else "Bounds & limits.",
                authors=["Ada Lovelace", "Alan Turing"],
                categories=["cs.CV", "cs.CL"] if mllm else ["math.CO"],
                primary_category="cs.CV" if mllm else "math.CO",
                version=1,
                published=START + timedelta(hours=6 * index),
            )
        )
    return papers


@pytest.fixture
def standin() -> Iterator[ArxivStandIn]:
    papers = _papers()
    replaced = Paper("2512.00007", "An old paper, revised", "Now better.", ["B. Old"], ["cs.CV"], "cs.CV", 3)
    rss = {"cs.CV": [papers[12], papers[10], replaced], "cs.CL": [papers[12]]}
    with ArxivStandIn(papers, rss, clock=lambda: NOW) as fake:
        yield fake


@pytest.fixture
def config(standin: ArxivStandIn) -> Config:
    arxiv_settings = {
        "api_url": standin.api_url,
        "rss_url": standin.rss_url,
        "page_size": 5,
        "delay_seconds": 0,
        "timeout_seconds": 5,
        "max_retries": 1,
    }
    return Config.model_validate({"sources": {"arxiv": arxiv_settings}})


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'state.db'}") as opened:
        yield opened


def _client(standin: ArxivStandIn, page_size: int = 5) -> arxiv.Client:
    client = arxiv.Client(page_size=page_size, delay_seconds=0, num_retries=0)
    client.query_url_format = standin.api_url + "?{}"
    return client


# the recorded shapes ----------------------------------------------------------------------------------------
def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def _recorded_paper(entry: ET.Element) -> Paper:
    arxiv_id, version = re.fullmatch(
        r"http://arxiv.org/abs/(.+)v(\d+)", entry.findtext("a:id", "", NS)
    ).groups()
    primary = entry.find("x:primary_category", NS)
    return Paper(
        arxiv_id=arxiv_id,
        version=int(version),
        title=entry.findtext("a:title", "", NS),
        abstract=entry.findtext("a:summary", "", NS),
        authors=[name.text or "" for name in entry.findall("a:author/a:name", NS)],
        categories=[category.get("term", "") for category in entry.findall("a:category", NS)],
        primary_category=primary.get("term") if primary is not None else None,
        published=_when(entry.findtext("a:published", None, NS)),
        updated=_when(entry.findtext("a:updated", None, NS)),
        comment=entry.findtext("x:comment", None, NS),
        journal_ref=entry.findtext("x:journal_ref", None, NS),
        doi=entry.findtext("x:doi", None, NS),
    )


RECORDED = sorted(p.name for p in (Path(__file__).parents[3] / "shared/data/wire/arxiv_api").glob("*.json"))


@pytest.mark.parametrize("name", RECORDED)
def test_recorded_api_responses_are_reproduced_byte_for_byte(shared_data: Path, name: str):
    recorded = json.loads((shared_data / "wire/arxiv_api" / name).read_text(encoding="utf-8"))
    root = ET.fromstring(recorded["body"].encode())
    updated = _when(root.findtext("a:updated", None, NS))
    assert updated is not None
    if recorded["status_code"] != 200:
        ours = arxiv_atom.error_page(root.findtext("a:entry/a:summary", "", NS), updated)
    else:
        args = {key: values[0] for key, values in parse_qs(urlsplit(recorded["url"]).query, True).items()}
        ours = arxiv_atom.page(
            [_recorded_paper(entry) for entry in root.findall("a:entry", NS)],
            search_query=args["search_query"],
            id_list=args["id_list"],
            start=int(args["start"]),
            max_results=int(args["max_results"]),
            total=int(root.findtext("o:totalResults", "0", NS)),
            updated=updated,
        )
    assert ours.decode("utf-8") == recorded["body"]


def test_recorded_rss_fragment_is_reproduced(shared_data: Path):
    fragment = (shared_data / "wire/arxiv_rss/cs.CV_2025-09-18_FRAGMENT.txt").read_text(encoding="utf-8")
    known = fragment[: fragment.index("\n[FRAGMENT ENDS")].removesuffix("...")  # the note cut the abstract
    title = re.search(r"<item>\s*<title>(.*?)</title>", known)
    assert title is not None
    paper = Paper(
        "2509.13338", title.group(1), known.split("Abstract: ", 1)[1], version=1, categories=["cs.CV"]
    )

    ours = listing("cs.CV", [(paper, "new")], datetime(2025, 9, 18, 4, 0, 1, tzinfo=UTC)).decode()

    assert ours.startswith(known)


# the arxiv client and tracker's sources ---------------------------------------------------------------------
def test_the_arxiv_client_pages_through_opensearch_totals(standin: ArxivStandIn):
    query = (
        '(cat:cs.CV OR cat:cs.CL) AND abs:"multimodal large language model"'
        " AND submittedDate:[202604200000 TO 202604221200]"
    )
    search = arxiv.Search(query, max_results=None, sort_by=arxiv.SortCriterion.SubmittedDate)

    results = list(_client(standin, page_size=3).results(search))

    assert [r.get_short_id() for r in results] == [
        "2604.00008v1",
        "2604.00006v1",
        "2604.00004v1",
        "2604.00002v1",
        "2604.00000v1",
    ]
    assert [(e.query["start"], e.query["max_results"], e.status) for e in standin.log] == [
        ("0", "3", 200),
        ("3", "3", 200),
    ]
    first = results[-1]
    assert (first.title, first.primary_category, first.categories) == (
        "A multimodal large language model, part 0",
        "cs.CV",
        ["cs.CV", "cs.CL"],
    )
    assert first.published == START and [a.name for a in first.authors] == ["Ada Lovelace", "Alan Turing"]
    page = requests.get(standin.api_url, params={"search_query": query, "max_results": "3"}, timeout=5).text
    assert "<opensearch:totalResults>5</opensearch:totalResults>" in page
    assert "<opensearch:itemsPerPage>3</opensearch:itemsPerPage>" in page


def test_fetch_query_reads_every_page_oldest_first(standin: ArxivStandIn, config: Config):
    client = arxiv_api.make_client(config.sources.arxiv, make_clients(config.sources).arxiv)
    mllm = ArxivQuery(name="mllm", categories=["cs.CV", "cs.CL"], keywords="abs:MLLM")

    result = arxiv_api.fetch_query(client, mllm, START, NOW)

    assert [p.arxiv_id for p in result.papers] == [f"2604.{i:05d}" for i in range(0, 14, 2)]
    assert [e.query["start"] for e in standin.requests("GET", "^/api/query$")] == ["0", "5"]
    assert result.watermark == START + timedelta(hours=72)
    assert result.papers[0].abstract == "We train a multimodal large language model (MLLM)."


def test_id_list_lookups_come_in_batches_and_skip_unknown_ids(standin: ArxivStandIn, config: Config):
    client = arxiv_api.make_client(config.sources.arxiv, make_clients(config.sources).arxiv)

    papers = arxiv_api.lookup_ids(client, ["2604.00003v1", "2604.00001", "2604.99999"], batch_size=2)

    assert sorted(p.arxiv_id for p in papers) == ["2604.00001", "2604.00003"]
    assert [e.query["id_list"] for e in standin.log] == ["2604.00001,2604.00003", "2604.99999"]


def test_exact_title_lookups_hit_and_miss(standin: ArxivStandIn, config: Config, store: Store):
    client = arxiv_api.make_client(config.sources.arxiv, make_clients(config.sources).arxiv)
    titles = ["A Multimodal Large-Language Model: part 4", "A blog post that is not on arXiv"]

    found = arxiv_api.lookup_titles(client, store, titles, limit=10)

    assert [p.arxiv_id for p in found] == ["2604.00004"]
    assert [e.query["search_query"] for e in standin.log] == [
        'ti:"a multimodal large language model part 4"',
        'ti:"a blog post that is not on arxiv"',
    ]
    assert store.get_lookup(arxiv_api.TITLE_LOOKUP, "a blog post that is not on arxiv") == (True, None)


def test_an_empty_result_and_an_error_answer_in_arxivs_shapes(standin: ArxivStandIn, config: Config):
    assert list(_client(standin).results(arxiv.Search("ti:nothing AND cat:cs.CV"))) == []
    empty = requests.get(standin.api_url, params={"id_list": "0000.0000"}, timeout=5)
    assert empty.status_code == 200 and "<opensearch:totalResults>0</opensearch:totalResults>" in empty.text

    error = requests.get(standin.api_url, params={"id_list": "abc"}, timeout=5)
    assert error.status_code == 400
    assert "<id>https://arxiv.org/api/errors#incorrect_id_format_for_abc</id>" in error.text
    client = arxiv_api.make_client(config.sources.arxiv, make_clients(config.sources).arxiv)
    with pytest.raises(SourceError, match="HTTP 400"):
        arxiv_api.lookup_ids(client, ["abc"], batch_size=10)


def test_a_page_cut_inside_a_date_is_a_clear_error(standin: ArxivStandIn, config: Config):
    whole = requests.get(standin.api_url, params={"id_list": "2604.00000"}, timeout=5).content
    cut = whole[: whole.rindex(b"</published>") - 8]  # "...T09" as a dropped connection leaves it
    standin.fail_next("^/api/query$", 200, cut, {"Content-Type": "application/atom+xml"})
    client = arxiv_api.make_client(config.sources.arxiv, make_clients(config.sources).arxiv)

    with pytest.raises(SourceError, match="malformed XML"):
        arxiv_api.lookup_ids(client, ["2604.00000"], batch_size=10)


# the query language -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cat:cs.CV", [0, 2, 4, 6, 8, 10, 12]),
        ("cat:math.*", [1, 3, 5, 7, 9, 11, 13]),
        ('ti:"graph theory 3" OR ti:"part 4"', [3, 4]),
        ("cat:cs.CV AND abs:MLLM ANDNOT ti:part", []),
        ("(ti:graph OR ti:multimodal) AND submittedDate:[202604200900 TO 202604201500]", [0, 1]),
        ("abs:bounds AND abs:limits", [1, 3, 5, 7, 9, 11, 13]),
        ("au:lovelace AND ti:multi*", [0, 2, 4, 6, 8, 10, 12]),
        ("graph 13", [13]),
        ("all:turing AND lastUpdatedDate:[20260423 TO 20260424]", [11, 12, 13]),
        ("id:2604.00005v2", [5]),
    ],
)
def test_the_query_language(query: str, expected: list[int]):
    found = Corpus(_papers()).search(
        {"search_query": query, "sortBy": "submittedDate", "sortOrder": "ascending"}
    )
    assert [int(paper.arxiv_id.split(".")[1]) for paper in found] == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"search_query": "(cat:cs.CV"}, "unbalanced parentheses"),
        ({"search_query": "cat:cs.CV AND"}, "ends where a term is expected"),
        ({"search_query": "submittedDate:[2026 TO 2027]"}, "invalid date"),
        ({"search_query": "xx:foo"}, "unknown search field"),
        ({"id_list": "2604.00001,abc"}, "incorrect id format for abc"),
    ],
)
def test_queries_arxiv_would_refuse(args: dict[str, str], message: str):
    with pytest.raises(QueryError, match=re.escape(message)):
        Corpus(_papers()).search(args)


# RSS --------------------------------------------------------------------------------------------------------
def _fetch(config: Config, category: str = "cs.CV", **validators: object) -> arxiv_rss.FeedResult:
    clients = make_clients(config.sources)
    return arxiv_rss.fetch_category(
        clients.arxiv,
        config.sources.arxiv.rss_url,
        category,
        etag=validators.get("etag"),  # type: ignore[arg-type]
        last_modified=validators.get("last_modified"),  # type: ignore[arg-type]
        last_built=validators.get("last_built"),  # type: ignore[arg-type]
        announce_types=["new", "cross"],
        now=NOW,
    )


def test_rss_listings_are_read_and_answer_304_on_repeat(standin: ArxivStandIn, config: Config):
    first = _fetch(config)

    built = datetime(2026, 4, 30, 4, tzinfo=UTC)  # midnight US Eastern (EDT), the listing's date
    assert [p.arxiv_id for p in first.papers] == ["2604.00012", "2604.00010"]  # the replacement is left out
    assert first.built == built and first.warnings == [] and first.etag
    assert first.papers[0].authors == ["Ada Lovelace", "Alan Turing"]
    assert first.papers[0].abstract == "We train a multimodal large language model (MLLM)."
    assert first.papers[0].announced == built and first.papers[0].version == 1

    again = _fetch(config, etag=first.etag, last_modified=first.last_modified, last_built=first.built)
    by_date = requests.get(
        standin.rss_url + "/cs.CV", headers={"If-Modified-Since": first.last_modified or ""}, timeout=5
    )

    assert again.not_modified and again.papers == [] and again.warnings == []
    assert by_date.status_code == 304
    assert [e.status for e in standin.requests("GET", "^/rss/")] == [200, 304, 304]


def test_feedparser_sees_the_recorded_fields_and_announce_types(standin: ArxivStandIn):
    parsed = feedparser.parse(requests.get(standin.rss_url + "/cs.CV", timeout=5).content)
    cross = feedparser.parse(requests.get(standin.rss_url + "/cs.CL", timeout=5).content)

    assert not parsed.bozo and parsed.feed.title == "cs.CV updates on arXiv.org"
    assert [e.arxiv_announce_type for e in parsed.entries] == ["new", "new", "replace"]
    assert parsed.entries[2].id == "oai:arXiv.org:2512.00007v3"
    assert [e.arxiv_announce_type for e in cross.entries] == ["cross"]
    assert parsed.entries[0].author == "Ada Lovelace, Alan Turing"


def test_an_unknown_category_is_a_404(config: Config):
    with pytest.raises(SourceError, match="404"):
        _fetch(config, "cs.XX")
