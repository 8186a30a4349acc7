"""Releases on the GitHub stand-in: releases.atom at the web root (recorded shape, ETag, free 304s, 404s)
and the REST listing with prerelease flags, read by tracker's GitHub source and by PyGithub."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import github
import pytest
import requests

from tests.fakes.replay import find_record
from tracker.config import Config
from tracker.demo import GitHubStandIn
from tracker.demo.build_data import recorded_releases
from tracker.demo.github_state import Release
from tracker.demo.releases_feed import render_feed
from tracker.fetching import fetch
from tracker.sources import github as github_source
from tracker.sources.http import make_clients
from tracker.store import open_store

TOKEN = "ghp_release-test-token"
DAY = datetime(2026, 4, 24, 12, tzinfo=UTC)


@pytest.fixture
def standin() -> Iterator[GitHubStandIn]:
    with GitHubStandIn(login="tracker-bot", clock=lambda: DAY) as fake:
        fake.create_repo("demo/list", {"README.md": "# list\n"})
        fake.add_release("yfzhang114/MME-RealWorld", "v1.0", "First", "<p>one</p>", DAY.replace(day=20))
        fake.add_release(
            "yfzhang114/MME-RealWorld", "v2.0-rc1", "Candidate", "<p>rc</p>", DAY, prerelease=True
        )
        fake.add_release(
            "yfzhang114/MME-RealWorld", "v1.1", "Second", "<p>two &amp; more</p>", DAY.replace(day=22)
        )
        yield fake


def _config(standin: GitHubStandIn, repos: list[str]) -> Config:
    settings: dict[str, Any] = {
        "list": {"repo": "demo/list"},
        "sources": {
            "arxiv": {"enabled": False},
            "github": {
                "api_url": standin.url,
                "server_url": standin.server_url,
                "repos": repos,
                "track_list_repos": False,
                "timeout_seconds": 5,
                "mutation_delay_seconds": 0,
                "token": TOKEN,
            },
        },
    }
    return Config.model_validate(settings)


def test_the_recorded_feed_is_reproduced_byte_for_byte(shared_data: Path):
    recorded = shared_data / "wire/github_releases_atom/appfair_Tune-Out_releases.atom"
    releases = [
        Release(
            id=index,
            tag=row["tag"],
            name=row["name"],
            body=row["body"],
            author=row["author"],
            created_at=row["published"],
            published_at=row["published"],
            updated_at=row["updated"],
            avatar_url=row["avatar_url"],
        )
        for index, row in enumerate(recorded_releases(shared_data))
    ]

    ours = render_feed(
        "appfair/Tune-Out", 1035115287, releases, "https://github.com", updated="2025-10-12T21:02:05Z"
    )

    assert ours == recorded.read_bytes()


def test_releases_atom_has_an_etag_a_free_304_and_404s(standin: GitHubStandIn):
    url = f"{standin.server_url}/yfzhang114/mme-realworld/releases.atom"
    quota = standin.rate.remaining

    first = requests.get(url, timeout=5)
    again = requests.get(url, headers={"If-None-Match": first.headers["ETag"]}, timeout=5)
    gone = requests.get(f"{standin.server_url}/nobody/nothing/releases.atom", timeout=5)

    assert first.status_code == 200 and first.headers["Content-Type"].startswith("application/atom+xml")
    assert first.headers["ETag"].startswith('W/"') and "x-ratelimit-remaining" not in first.headers
    assert first.text.index("<title>Candidate</title>") < first.text.index("<title>Second</title>")
    releases_page = f"{standin.server_url}/yfzhang114/MME-RealWorld/releases"  # GitHub's own spelling
    assert f'<link type="text/html" rel="alternate" href="{releases_page}"/>' in first.text
    assert (again.status_code, again.content) == (304, b"")
    assert gone.status_code == 404
    assert standin.rate.remaining == quota  # the web root costs no API quota
    assert [(e.path, e.status) for e in standin.requests("GET", r"releases\.atom$")] == [
        ("/yfzhang114/mme-realworld/releases.atom", 200),
        ("/yfzhang114/mme-realworld/releases.atom", 304),
        ("/nobody/nothing/releases.atom", 404),
    ]


def test_trackers_feed_reader_gets_tags_names_notes_and_times(standin: GitHubStandIn):
    config = _config(standin, [])
    session = make_clients(config.sources).github

    feed = github_source.fetch_release_feed(session, standin.server_url, "yfzhang114/MME-RealWorld", None)
    again = github_source.fetch_release_feed(
        session, standin.server_url, "yfzhang114/MME-RealWorld", feed.etag
    )
    missing = github_source.fetch_release_feed(session, standin.server_url, "nobody/nothing", None)

    assert feed.status == "ok"
    assert [(r.tag, r.name, r.published) for r in feed.releases] == [
        ("v2.0-rc1", "Candidate", DAY),
        ("v1.1", "Second", DAY.replace(day=22)),
        ("v1.0", "First", DAY.replace(day=20)),
    ]
    assert feed.releases[1].body == "<p>two &amp; more</p>"
    assert feed.releases[1].url == f"{standin.server_url}/yfzhang114/MME-RealWorld/releases/tag/v1.1"
    assert (again.status, again.releases) == ("not_modified", [])
    assert missing.status == "missing"


def test_releases_take_githubs_spelling_of_the_repo_on_any_server(standin: GitHubStandIn):
    session = make_clients(_config(standin, []).sources).github
    feed = github_source.fetch_release_feed(session, standin.server_url, "yfzhang114/mme-realworld", None)
    assert {release.repo for release in feed.releases} == {"yfzhang114/MME-RealWorld"}


def test_the_rest_listing_pages_with_prerelease_flags_in_the_recorded_shape(
    standin: GitHubStandIn, shared_data: Path
):
    gh = github.Github(base_url=standin.url, auth=github.Auth.Token(TOKEN), per_page=2, retry=None)
    repo = gh.get_repo("yfzhang114/MME-RealWorld")

    listed = [(r.tag_name, r.prerelease) for r in repo.get_releases()]

    assert listed == [("v2.0-rc1", True), ("v1.1", False), ("v1.0", False)]
    assert [e.query.get("page", "1") for e in standin.requests("GET", "/releases$")] == ["1", "2"]
    assert repo.get_latest_release().tag_name == "v1.1"
    assert repo.get_release("v1.0").name == "First"
    recorded = find_record(
        shared_data / "wire/pygithub_replaydata/GitRelease.testGetRelease.txt", "GET", "/releases/"
    )
    ours = requests.get(f"{standin.url}/repos/yfzhang114/MME-RealWorld/releases", timeout=5).json()[0]
    assert set(recorded.json()) - set(ours) == set()
    assert set(recorded.json()["author"]) - set(ours["author"]) - {"user_view_type"} == set()


def test_fetch_stores_new_releases_without_prereleases_then_spends_nothing(
    standin: GitHubStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("TRACKER_NOW", "2026-04-30T18:00:00Z")
    config = _config(standin, ["yfzhang114/MME-RealWorld", "nobody/nothing"])

    with open_store(f"sqlite:///{tmp_path / 'state.db'}") as store:
        first = fetch(config, store)
        stored = store.releases_since(datetime(2000, 1, 1, tzinfo=UTC))
        quota = standin.rate.remaining
        second = fetch(config, store)

    assert (first.releases_new, first.errors) == (2, [])
    assert first.warnings == ["GitHub repo nobody/nothing: releases.atom answered 404 (renamed/deleted?)"]
    assert [(r.repo, r.tag, r.prerelease) for r in stored] == [
        ("yfzhang114/MME-RealWorld", "v1.0", False),
        ("yfzhang114/MME-RealWorld", "v1.1", False),
    ]
    assert [e.query.get("per_page") for e in standin.requests("GET", "^/repos/.*/releases$")] == ["100"]
    assert second.releases_new == 0 and standin.rate.remaining == quota
    assert standin.log[-2].status == 304  # the second night: the feed answered 304
