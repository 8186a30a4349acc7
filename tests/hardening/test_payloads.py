"""Answers that arrive whole but are not what was asked for: each is one clear SourceError, never an empty
result that would pass for "nothing new" (and move a cursor or cache an empty list of repos)."""

from __future__ import annotations

import base64
import json

import pytest
from werkzeug import Response

from tests.fakes.github_server import FakeRelease, GitHubFake, utc
from tracker.errors import SourceError
from tracker.models import Release
from tracker.sources import github
from tracker.sources.http import make_clients

JSON = "application/json; charset=utf-8"


def _readme(github_fake: GitHubFake, make_config, answer: Response) -> github.ReadmeFetch:
    github_fake.add_repo("Owner/Awesome")
    github_fake.api.fault(respond=lambda request: answer)
    config = make_config()
    clients = make_clients(config.sources, sleep=lambda seconds: None)
    return github.fetch_readme(
        clients.github, config.sources.github, "Owner/Awesome", "README.md", "main", None
    )


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            Response(b"# Caf\xe9 list\n", content_type="text/plain"),
            r"not UTF-8 text \(bad byte at offset 5\)",
        ),
        (Response(b"<html><body>Sign in</body></html>", content_type="text/html"), r"answered an HTML page"),
        (Response(b'{"content": "IyBB', content_type=JSON), r"unreadable contents answer \(JSONDecodeError"),
        (
            Response(json.dumps({"encoding": "base64", "content": "!!not base64!!"}), content_type=JSON),
            r"unreadable contents answer",
        ),
        (
            Response(json.dumps({"message": "hi"}), content_type=JSON),
            r"the contents API answered JSON without a base64 file",
        ),
    ],
    ids=["latin-1", "html-page", "broken-json", "broken-base64", "json-without-file"],
)
def test_an_unreadable_readme_is_an_error_not_an_empty_list(
    github_fake, make_config, answer, message
) -> None:
    with pytest.raises(SourceError, match=rf"^list README Owner/Awesome/README\.md: {message}"):
        _readme(github_fake, make_config, answer)


def test_a_readme_split_over_base64_lines_still_decodes(github_fake, make_config) -> None:
    encoded = base64.encodebytes("# Liste ü\n".encode()).decode()  # GitHub wraps base64 at 60 columns
    answer = Response(json.dumps({"encoding": "base64", "content": encoded}), content_type=JSON)
    assert _readme(github_fake, make_config, answer).text == "# Liste ü\n"


@pytest.mark.parametrize(
    "body",
    [b"", b"   ", b"<html><body><p>Rate limited</p></body></html>", b'<?xml version="1.0"?><opml/>'],
    ids=["empty", "blank", "html", "other-xml"],
)
def test_a_releases_answer_that_is_no_feed_is_refused(github_fake, make_config, body: bytes) -> None:
    github_fake.add_repo("Org/Model", [FakeRelease("v1", utc(2026, 1, 2))])
    github_fake.web.fault(respond=lambda request: Response(body, content_type="text/html"))
    clients = make_clients(make_config().sources, sleep=lambda seconds: None)
    with pytest.raises(
        SourceError, match=r"^GitHub releases of Org/Model: (not an RSS or Atom feed|malformed)"
    ):
        github.fetch_release_feed(clients.github, github_fake.web.url(), "Org/Model", None)


def test_a_feed_with_a_wrong_content_type_is_still_read(github_fake, make_config) -> None:
    """The body decides, not the label: GitHub's feed served as text/html is still a feed."""
    repo = github_fake.add_repo("Org/Model", [FakeRelease("v1", utc(2026, 1, 2))])
    body = github_fake.web.atom(repo)
    github_fake.web.fault(respond=lambda request: Response(body, content_type="text/html"))
    clients = make_clients(make_config().sources, sleep=lambda seconds: None)
    fetched = github.fetch_release_feed(clients.github, github_fake.web.url(), "Org/Model", None)
    assert [release.tag for release in fetched.releases] == ["v1"]


@pytest.mark.parametrize(
    "body",
    [b'{"message": "ok"}', b'[{"tag_name": 1, "prerelease": "yes"}, 5]', b"[{]", b"<html></html>"],
    ids=["object", "odd-items", "broken-json", "html"],
)
def test_a_release_listing_that_is_not_one_is_refused(github_fake, make_config, body: bytes) -> None:
    github_fake.add_repo("Org/Model", [FakeRelease("v1", utc(2026, 1, 2))])
    github_fake.api.fault(respond=lambda request: Response(body, content_type=JSON))
    config = make_config()
    api = github.make_api(config.sources.github, make_clients(config.sources).counter)
    release = Release(repo="Org/Model", tag="v1", name="v1", body="", published=utc(2026, 1, 2), url="")
    with pytest.raises(SourceError, match=r"^GitHub API: releases of Org/Model: unreadable answer"):
        github.fill_prerelease_flags(api, "Org/Model", [release])
