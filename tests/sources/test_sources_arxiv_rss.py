"""arXiv RSS via feedparser against the loopback fake: fields, conditional GET, weekends, bad XML."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.fakes.arxiv_server import ArxivFake, FakePaper, RssFeed
from tracker import clock
from tracker.errors import SourceError
from tracker.sources import arxiv_rss
from tracker.sources.http import make_clients

BUILT = datetime(2026, 1, 7, 5, tzinfo=UTC)  # midnight US Eastern, Wednesday


def _fetch(
    fake: ArxivFake, config, *, etag=None, last_modified=None, last_built=None, types=("new", "cross")
):
    clients = make_clients(config.sources)
    result = arxiv_rss.fetch_category(
        clients.arxiv,
        fake.rss_url,
        "cs.CV",
        etag=etag,
        last_modified=last_modified,
        last_built=last_built,
        announce_types=types,
        now=clock.now(),
    )
    return result, clients


def _announced() -> list[FakePaper]:
    return [
        FakePaper(
            "2601.01001", "A new one", BUILT, ["cs.CV", "cs.LG"], version=1, authors=["A. One", "B. Two"]
        ),
        FakePaper("2601.01002", "A cross-list", BUILT, ["cs.CL", "cs.CV"], announce_type="cross"),
        FakePaper("2512.00003", "A replacement", BUILT, ["cs.CV"], version=3, announce_type="replace"),
    ]


def test_takes_new_and_cross_with_their_fields(arxiv_fake, make_config, monkeypatch):
    monkeypatch.setenv("TRACKER_NOW", "2026-01-07T15:00:00Z")
    arxiv_fake.feeds["cs.CV"] = RssFeed(BUILT, _announced())

    result, clients = _fetch(arxiv_fake, make_config())

    assert [p.arxiv_id for p in result.papers] == ["2601.01001", "2601.01002"]
    first = result.papers[0]
    assert (first.version, first.title, first.authors) == (1, "A new one", ["A. One", "B. Two"])
    assert first.abstract == "We study multimodal large language models."
    assert first.categories == ["cs.CV", "cs.LG"] and first.announced == BUILT
    assert result.built == BUILT and result.etag and result.warnings == []
    assert clients.counter.as_dict() == {arxiv_fake.host_port: 1}


def test_abstracts_and_titles_are_plain_text_as_the_api_gives_them(arxiv_fake, make_config, monkeypatch):
    monkeypatch.setenv("TRACKER_NOW", "2026-01-07T15:00:00Z")
    abstract = "Operating and maintaining (O&M) systems under Salt\\&Pepper noise, x < y & z."  # real shapes
    paper = FakePaper("2601.01003", "Q&A <bench>", BUILT, abstract=abstract)
    arxiv_fake.feeds["cs.CV"] = RssFeed(BUILT, [paper])
    result, _ = _fetch(arxiv_fake, make_config())
    [got] = result.papers
    assert (got.title, got.abstract) == ("Q&A <bench>", abstract)


def test_replace_is_optional(arxiv_fake, make_config):
    arxiv_fake.feeds["cs.CV"] = RssFeed(BUILT, _announced())
    result, _ = _fetch(arxiv_fake, make_config(), types=("replace",))
    assert [(p.arxiv_id, p.version) for p in result.papers] == [("2512.00003", 3)]


def test_conditional_get_answers_304(arxiv_fake, make_config):
    arxiv_fake.feeds["cs.CV"] = RssFeed(BUILT, _announced())
    first, _ = _fetch(arxiv_fake, make_config())

    second, _ = _fetch(
        arxiv_fake, make_config(), etag=first.etag, last_modified=first.last_modified, last_built=BUILT
    )

    assert second.not_modified and second.papers == [] and second.warnings == []
    assert arxiv_fake.log[1].headers["If-None-Match"] == first.etag
    assert arxiv_fake.log[1].headers["If-Modified-Since"] == first.last_modified
    assert [entry.status for entry in arxiv_fake.log] == [200, 304]


@pytest.mark.parametrize("now", ["2026-01-10T15:00:00Z", "2026-01-11T15:00:00Z", "2026-01-12T04:00:00Z"])
def test_an_empty_weekend_feed_is_not_a_warning(arxiv_fake, make_config, monkeypatch, now):
    monkeypatch.setenv("TRACKER_NOW", now)  # Saturday, Sunday, and Sunday 23:00 US Eastern
    arxiv_fake.feeds["cs.CV"] = RssFeed(datetime(2026, 1, 10, 5, tzinfo=UTC))
    result, _ = _fetch(arxiv_fake, make_config())
    assert result.papers == [] and result.warnings == []


def test_an_empty_weekday_feed_is_a_warning(arxiv_fake, make_config):
    arxiv_fake.feeds["cs.CV"] = RssFeed(BUILT)
    result, _ = _fetch(arxiv_fake, make_config())
    assert result.warnings == ["arXiv RSS cs.CV: feed is empty on a weekday"]


def test_a_stale_weekday_feed_is_a_warning_also_on_304(arxiv_fake, make_config, monkeypatch):
    monkeypatch.setenv("TRACKER_NOW", "2026-01-08T15:00:00Z")  # Thursday; the feed was built Wednesday
    arxiv_fake.feeds["cs.CV"] = RssFeed(BUILT, _announced())
    first, _ = _fetch(arxiv_fake, make_config())
    again, _ = _fetch(arxiv_fake, make_config(), etag=first.etag, last_built=first.built)

    assert (
        first.warnings
        == again.warnings
        == ["arXiv RSS cs.CV: feed is stale on a weekday (built 2026-01-07 05:00 UTC)"]
    )
    assert len(first.papers) == 2  # stale is a warning, not a failure


def test_the_recorded_truncated_feed_is_a_clear_error(arxiv_fake, make_config):
    arxiv_fake.feeds["cs.CV"] = RssFeed(BUILT, truncated=True)
    with pytest.raises(SourceError, match=r"arXiv RSS cs.CV: malformed XML .*nothing stored"):
        _fetch(arxiv_fake, make_config())


def test_an_unknown_category_fails_clearly(arxiv_fake, make_config):
    with pytest.raises(SourceError, match="arXiv RSS cs.CV: HTTP 404"):
        _fetch(arxiv_fake, make_config())
