"""The fuzz pass (fuzz_targets.py), bounded: 300 examples per parser on every run.

`python benchmarks/fuzz_parsers.py --examples N` runs the same targets for longer. Deselect these with
`-m "not fuzz"` when iterating on something else.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.hardening import fuzz_targets as fuzz
from tracker.store.dumps import BadRecord, record_to_paper

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
pytestmark = pytest.mark.fuzz


@pytest.fixture(scope="module")
def bench() -> Iterator[fuzz.FeedBench]:
    with fuzz.feed_bench() as opened:
        yield opened


@pytest.fixture(scope="module")
def dump_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dumps")


@FUZZ
@given(text=fuzz.markdown_soups())
def test_listdoc_parses_any_text_and_renders_it_back(text: str) -> None:
    fuzz.check_listdoc(text)


@FUZZ
@given(body=fuzz.mutated(fuzz.rss_feed()))
def test_arxiv_rss_gives_papers_or_one_clear_error(bench: fuzz.FeedBench, body: bytes) -> None:
    fuzz.check_rss(bench, body)


@FUZZ
@given(body=fuzz.mutated(fuzz.releases_atom()))
def test_releases_atom_gives_releases_or_one_clear_error(bench: fuzz.FeedBench, body: bytes) -> None:
    fuzz.check_atom(bench, body)


@FUZZ
@given(body=fuzz.mutated(fuzz.arxiv_page()))
def test_arxiv_api_pages_give_papers_or_one_clear_error(bench: fuzz.FeedBench, body: bytes) -> None:
    fuzz.check_arxiv_page(bench, body)


@FUZZ
@given(dump=fuzz.jsonl_dumps())
def test_import_reads_every_line_or_counts_it_bad(dump_dir: Path, dump: fuzz.Dump) -> None:
    fuzz.check_jsonl(dump_dir, dump)


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00"])
def test_a_date_at_the_end_of_the_calendar_is_a_bad_line(value: str) -> None:
    with pytest.raises(BadRecord):
        record_to_paper(
            json.loads(json.dumps({"arxiv_id": "2401.00001", "title": "T", "published": value})), "x"
        )
