"""Cold start: a first fetch into an empty database looks back `cold_start_days` (14 by default).

Relevance needs background papers, so the very first run must not start from "now"; later runs start
at the watermark minus the overlap instead.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fakes.arxiv_server import ArxivFake, FakePaper
from tracker.fetching import fetch

NOW = datetime(2026, 1, 7, 3, tzinfo=UTC)  # tests/sources/conftest.py fixes the clock here
ONLY_ARXIV = {"sources": {"github": {"enabled": False}}}


def _papers_days_ago(*days: float) -> list[FakePaper]:
    return [
        FakePaper(f"2601.{i:05d}", f"Multimodal paper {i}", NOW - timedelta(days=ago), ["cs.CV"])
        for i, ago in enumerate(days, 1)
    ]


def test_first_run_on_an_empty_store_looks_back_14_days(arxiv_fake: ArxivFake, make_config, store) -> None:
    arxiv_fake.papers = _papers_days_ago(1, 6, 13.5, 15, 40)
    report = fetch(make_config(ONLY_ARXIV), store)
    assert report.errors == []
    assert store.known_paper_ids() == {"2601.00001", "2601.00002", "2601.00003"}
    query = arxiv_fake.log[0].args["search_query"]
    assert f"submittedDate:[{NOW - timedelta(days=14):%Y%m%d%H%M} TO {NOW:%Y%m%d%H%M}]" in query


def test_cold_start_span_is_configurable_and_used_only_once(
    arxiv_fake: ArxivFake, make_config, store
) -> None:
    arxiv_fake.papers = _papers_days_ago(1, 15, 40)
    config = make_config(
        {**ONLY_ARXIV, "sources": {**ONLY_ARXIV["sources"], "arxiv": {"cold_start_days": 30}}}
    )
    fetch(config, store)
    assert store.known_paper_ids() == {"2601.00001", "2601.00002"}
    watermark = store.get_cursor("arxiv:query:mllm").watermark
    assert watermark == NOW - timedelta(days=1)
    arxiv_fake.log.clear()
    fetch(config, store)  # the second run starts at the watermark minus the overlap (3 days)
    start = watermark - timedelta(days=3)
    assert f"submittedDate:[{start:%Y%m%d%H%M} TO" in arxiv_fake.log[0].args["search_query"]
