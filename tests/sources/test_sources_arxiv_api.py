"""arXiv API via the real `arxiv` client against the loopback fake: paging, retries, errors, lookups."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from werkzeug import Response

from tests.fakes.arxiv_server import ArxivFake, FakePaper, papers_by_day
from tracker import clock
from tracker.errors import SourceError
from tracker.sources import arxiv_api
from tracker.sources.http import make_clients

WINDOW = (datetime(2025, 12, 20, tzinfo=UTC), datetime(2026, 1, 7, 3, tzinfo=UTC))


def _client(config):
    clients = make_clients(config.sources)
    return arxiv_api.make_client(config.sources.arxiv, clients.arxiv), clients


def _query_pages(fake: ArxivFake) -> list[str]:
    return [entry.args["start"] for entry in fake.requests_to("^/api/query$")]


def test_pages_through_opensearch_totals(arxiv_fake, make_config):
    arxiv_fake.papers = papers_by_day(12) + [
        FakePaper("2601.99999", "Other category", WINDOW[1], ["math.CO"])
    ]
    client, clients = _client(make_config())
    query = make_config().sources.arxiv.queries[0]

    result = arxiv_api.fetch_query(client, query, *WINDOW)

    assert [p.arxiv_id for p in result.papers] == [f"2601.{i:05d}" for i in range(12)]
    assert _query_pages(arxiv_fake) == ["0", "5", "10"]
    assert clients.counter.as_dict() == {arxiv_fake.host_port: 3}
    sent = arxiv_fake.log[0].args
    assert sent["search_query"] == (
        '(cat:cs.CV OR cat:cs.CL) AND (abs:"multimodal") AND submittedDate:[202512200000 TO 202601070300]'
    )
    assert (sent["sortBy"], sent["sortOrder"], sent["max_results"]) == ("submittedDate", "ascending", "5")
    first = result.papers[0]
    assert (first.version, first.title, first.abstract) == (
        1,
        "Multimodal model number 0",
        arxiv_fake.papers[0].abstract,
    )
    assert first.authors == ["Ada Lovelace", "Alan Turing"] and first.primary_category == "cs.CV"
    assert first.categories == ["cs.CV", "cs.CL"] and first.links[0].endswith("/abs/2601.00000v1")
    assert result.watermark == arxiv_fake.papers[11].published


def test_recorded_id_list_page_converts_every_field(arxiv_fake, make_config, shared_data: Path):
    recorded = json.loads(
        (shared_data / "wire/arxiv_api/id_1605.08386_s0_m100_199195aa31ad.json").read_text()
    )
    arxiv_fake.fault(respond=lambda request: Response(recorded["body"], content_type="application/atom+xml"))
    client, _ = _client(make_config())

    [paper] = arxiv_api.lookup_ids(client, ["1605.08386v1"], batch_size=100)

    assert arxiv_fake.log[0].args["id_list"] == "1605.08386"
    assert (paper.arxiv_id, paper.version, paper.title) == (
        "1605.08386",
        1,
        "Heat-bath random walks with Markov bases",
    )
    assert paper.authors == ["Caprice Stanley", "Tobias Windisch"]
    assert (paper.categories, paper.primary_category) == (["math.CO", "math.ST"], "math.CO")
    assert paper.comment == "20 pages, 3 figures" and paper.doi is None
    assert paper.published == datetime(2016, 5, 26, 17, 59, 46, tzinfo=UTC)
    assert paper.abstract.startswith("Graphs on lattice points") and "\n" not in paper.abstract


def test_429_then_503_with_retry_after_then_success(arxiv_fake, make_config):
    arxiv_fake.papers = papers_by_day(3)
    arxiv_fake.fault(status=429, headers={"Retry-After": "1"}, body="Rate exceeded.")
    arxiv_fake.fault(status=503, headers={"Retry-After": "0"}, body="Service Unavailable")
    client, clients = _client(make_config())
    started = datetime.now(UTC)

    result = arxiv_api.fetch_query(client, make_config().sources.arxiv.queries[0], *WINDOW)

    assert len(result.papers) == 3
    assert [entry.status for entry in arxiv_fake.log] == [429, 503, 200]
    assert clients.counter.as_dict() == {arxiv_fake.host_port: 3}
    assert datetime.now(UTC) - started >= timedelta(seconds=1)  # Retry-After: 1 was honoured


def test_an_empty_page_mid_paging_is_retried(arxiv_fake, make_config):
    arxiv_fake.papers = papers_by_day(12)
    empty_once = lambda request: Response(  # noqa: E731 - arXiv's real glitch: totals kept, no entries
        arxiv_fake.page_body(arxiv_fake.papers, 5, 5, empty=True), content_type="application/atom+xml"
    )
    arxiv_fake.fault(when=lambda request: request.args.get("start") == "5", respond=empty_once)
    client, _ = _client(make_config())

    result = arxiv_api.fetch_query(client, make_config().sources.arxiv.queries[0], *WINDOW)

    assert len(result.papers) == 12
    assert _query_pages(arxiv_fake) == ["0", "5", "5", "10"]


def test_empty_pages_that_persist_fail_clearly(arxiv_fake, make_config):
    arxiv_fake.papers = papers_by_day(12)
    for _ in range(4):
        arxiv_fake.fault(
            when=lambda request: request.args.get("start") == "5",
            respond=lambda request: Response(
                arxiv_fake.page_body(arxiv_fake.papers, 5, 5, empty=True), content_type="application/atom+xml"
            ),
        )
    client, _ = _client(make_config())

    with pytest.raises(SourceError, match="kept returning an empty page mid-paging after 4 tries"):
        arxiv_api.fetch_query(client, make_config().sources.arxiv.queries[0], *WINDOW)
    assert _query_pages(arxiv_fake) == ["0", "5", "5", "5", "5"]


def test_empty_first_page_with_a_total_is_retried(arxiv_fake, make_config):
    arxiv_fake.papers = papers_by_day(3)
    arxiv_fake.fault(
        respond=lambda request: Response(
            arxiv_fake.page_body(arxiv_fake.papers, 0, 5, empty=True), content_type="application/atom+xml"
        )
    )
    client, _ = _client(make_config())

    assert len(arxiv_api.fetch_query(client, make_config().sources.arxiv.queries[0], *WINDOW).papers) == 3
    assert _query_pages(arxiv_fake) == ["0", "0"]


def test_malformed_xml_is_a_clear_error(arxiv_fake, make_config):
    arxiv_fake.papers = papers_by_day(3)
    truncated = arxiv_fake.page_body(arxiv_fake.papers, 0, 5)[:-200]
    arxiv_fake.fault(respond=lambda request: Response(truncated, content_type="application/atom+xml"))
    client, _ = _client(make_config())

    with pytest.raises(SourceError, match="malformed XML"):
        arxiv_api.fetch_query(client, make_config().sources.arxiv.queries[0], *WINDOW)


def test_recorded_http_400_fails_at_once(arxiv_fake, make_config, shared_data: Path):
    recorded = json.loads((shared_data / "wire/arxiv_api/id_abc_s0_m100_b79c8dcf6bc3.json").read_text())
    arxiv_fake.fault(status=recorded["status_code"], body=recorded["body"])
    client, _ = _client(make_config())

    with pytest.raises(SourceError, match="HTTP 400"):
        arxiv_api.lookup_ids(client, ["abc"], batch_size=10)
    assert len(arxiv_fake.log) == 1  # a client error is not retried


def test_timeouts_are_retried(arxiv_fake, make_config):
    import time

    arxiv_fake.papers = papers_by_day(2)
    slow = lambda request: (time.sleep(0.6), Response("late"))[1]  # noqa: E731
    arxiv_fake.fault(respond=slow)
    client, clients = _client(make_config({"sources": {"arxiv": {"timeout_seconds": 0.3}}}))

    assert len(arxiv_api.fetch_query(client, make_config().sources.arxiv.queries[0], *WINDOW).papers) == 2
    assert clients.counter.as_dict() == {arxiv_fake.host_port: 2}


def test_id_list_lookups_go_in_batches(arxiv_fake, make_config):
    arxiv_fake.papers = papers_by_day(7)
    client, _ = _client(make_config())
    wanted = [p.arxiv_id for p in arxiv_fake.papers] + ["2601.77777"]

    papers = arxiv_api.lookup_ids(client, wanted, batch_size=3)

    assert sorted(p.arxiv_id for p in papers) == sorted(wanted[:7])
    assert [len(entry.args["id_list"].split(",")) for entry in arxiv_fake.log] == [3, 3, 2]


def test_title_lookups_are_asked_once_hit_or_miss(arxiv_fake, make_config, store):
    arxiv_fake.papers = [FakePaper("2601.00042", "LLaVA: Visual Instruction Tuning!", WINDOW[1])]
    client, _ = _client(make_config())
    titles = ["LLaVA — visual instruction tuning", "A blog post that is not on arXiv"]

    found = arxiv_api.lookup_titles(client, store, titles, limit=10)
    again = arxiv_api.lookup_titles(client, store, titles, limit=10)

    assert [p.arxiv_id for p in found] == ["2601.00042"] and again == []
    assert len(arxiv_fake.log) == 2
    assert arxiv_fake.log[0].args["search_query"] == 'ti:"llava visual instruction tuning"'
    assert store.get_lookup(arxiv_api.TITLE_LOOKUP, "a blog post that is not on arxiv") == (True, None)


def test_window_starts_at_watermark_minus_overlap_or_since_or_cold_start(make_config):
    config = make_config().sources.arxiv
    now = clock.now()
    mark = datetime(2026, 1, 5, 12, tzinfo=UTC)
    assert arxiv_api.window_start(mark, None, config, now) == mark - timedelta(days=3)
    assert arxiv_api.window_start(mark, date(2025, 12, 1), config, now) == datetime(2025, 12, 1, tzinfo=UTC)
    assert arxiv_api.window_start(None, None, config, now) == now - timedelta(days=14)
