"""The polite HTTP layer over loopback: arXiv spacing (API and RSS alike), backoff, Retry-After, counts."""

from __future__ import annotations

import time

import pytest
from werkzeug import Response

from tests.fakes.arxiv_server import RssFeed, papers_by_day
from tracker.errors import SourceError
from tracker.sources.http import PoliteSession, RequestCounter, RetryPolicy, host_key, make_clients


def test_arxiv_requests_are_spaced_by_delay_seconds_api_and_rss_alike(arxiv_fake, make_config):
    arxiv_fake.feeds["cs.CV"] = RssFeed(papers_by_day(1)[0].published)
    clients = make_clients(make_config({"sources": {"arxiv": {"delay_seconds": 0.3}}}).sources)
    sent = []
    for url in (arxiv_fake.api_url, arxiv_fake.rss_url + "/cs.CV", arxiv_fake.api_url):
        clients.arxiv.get(url)
        sent.append(time.monotonic())

    gaps = [later - earlier for earlier, later in zip(sent, sent[1:], strict=False)]
    assert all(gap >= 0.29 for gap in gaps), gaps
    assert clients.counter.as_dict() == {arxiv_fake.host_port: 3}


def test_backoff_without_retry_after_doubles_and_then_gives_up(arxiv_fake):
    for _ in range(3):
        arxiv_fake.fault(status=503)
    waits: list[float] = []
    session = PoliteSession(
        RequestCounter(),
        timeout=5,
        policy=RetryPolicy(max_retries=2, backoff_seconds=0.5),
        sleep=waits.append,
    )

    response = session.get(arxiv_fake.api_url)

    assert response.status_code == 503  # the caller turns the final answer into its own error
    assert waits == [0.5, 1.0] and len(arxiv_fake.log) == 3


def test_retry_after_is_honoured_as_given(arxiv_fake):
    arxiv_fake.fault(status=429, headers={"Retry-After": "7"})
    waits: list[float] = []
    session = PoliteSession(RequestCounter(), timeout=5, policy=RetryPolicy(), sleep=waits.append)
    assert session.get(arxiv_fake.api_url).status_code == 200
    assert waits == [7.0]


def test_a_retry_after_beyond_the_limit_is_a_clear_error(arxiv_fake):
    arxiv_fake.fault(status=503, headers={"Retry-After": "3600"})
    session = PoliteSession(RequestCounter(), timeout=5, policy=RetryPolicy(max_wait_seconds=60))
    with pytest.raises(SourceError, match="asked to retry after 3600s"):
        session.get(arxiv_fake.api_url)


def test_no_answer_at_all_is_one_line(arxiv_fake):
    for _ in range(2):
        arxiv_fake.fault(respond=lambda r: (time.sleep(0.4), Response("late"))[1])
    session = PoliteSession(
        RequestCounter(), timeout=0.2, policy=RetryPolicy(max_retries=1, backoff_seconds=0)
    )
    with pytest.raises(SourceError, match=r"127\.0\.0\.1:\d+: no answer after 2 tries \(ReadTimeout\)"):
        session.get(arxiv_fake.api_url)


def test_host_keys_name_the_default_ports():
    assert host_key("https://export.arxiv.org/api/query?x=1") == "export.arxiv.org:443"
    assert host_key("http://127.0.0.1:8080/rss/cs.CV") == "127.0.0.1:8080"
