"""GitHub source against the loopback fakes: releases.atom with ETags, 404s, PyGithub details, rate limits."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from werkzeug import Response

from tests.fakes.github_server import FakeRelease, GitHubFake, utc
from tracker.sources import github
from tracker.sources.http import RateLimitError, make_clients


def _releases(count: int, prerelease_every: int = 0) -> list[FakeRelease]:
    return [
        FakeRelease(
            tag=f"v1.{count - i}",
            updated=utc(2026, 1, 1 + (count - i) % 28),
            prerelease=bool(prerelease_every) and i % prerelease_every == 0,
        )
        for i in range(count)
    ]


def test_recorded_releases_atom_parses(github_fake: GitHubFake, make_config, shared_data: Path):
    recorded = (shared_data / "wire/github_releases_atom/appfair_Tune-Out_releases.atom").read_bytes()
    github_fake.web.fault(respond=lambda request: Response(recorded, headers={"ETag": 'W/"abc"'}))
    clients = make_clients(make_config().sources)

    feed = github.fetch_release_feed(clients.github, github_fake.web.url(), "appfair/tune-out", None)

    assert feed.status == "ok" and feed.etag == 'W/"abc"'
    assert [(r.repo, r.tag, r.name) for r in feed.releases] == [
        ("appfair/Tune-Out", "1.0.5", "Release 1.0.5"),
        ("appfair/Tune-Out", "1.0.4", "Release 1.0.4"),
    ]
    assert feed.releases[0].published == utc(2025, 10, 13, 14, 53, 13)
    assert feed.releases[0].url == "https://github.com/appfair/Tune-Out/releases/tag/1.0.5"
    assert "1.0.4...1.0.5" in feed.releases[0].body


def test_etag_makes_the_second_read_a_304(github_fake: GitHubFake, make_config):
    github_fake.add_repo("Org/Model", _releases(2))
    clients = make_clients(make_config().sources)
    first = github.fetch_release_feed(clients.github, github_fake.web.url(), "org/model", None)

    second = github.fetch_release_feed(clients.github, github_fake.web.url(), "org/model", first.etag)

    assert (second.status, second.releases, second.etag) == ("not_modified", [], first.etag)
    assert [entry.status for entry in github_fake.web.log] == [200, 304]
    assert github_fake.api.quota_used == 0


def test_a_missing_repo_is_reported_as_missing(github_fake: GitHubFake, make_config):
    clients = make_clients(make_config().sources)
    feed = github.fetch_release_feed(clients.github, github_fake.web.url(), "gone/away", None)
    assert feed.status == "missing"


def test_prerelease_flags_come_from_the_api_page_by_page(github_fake: GitHubFake, make_config):
    github_fake.add_repo("Org/Big", _releases(130, prerelease_every=2))
    config = make_config()
    clients = make_clients(config.sources)
    feed = github.fetch_release_feed(clients.github, github_fake.web.url(), "org/big", None)
    wanted = feed.releases[:10]
    wanted.append(github.Release(repo="Org/Big", tag="v1.5"))  # on the API's second page

    github.fill_prerelease_flags(github.make_api(config.sources.github, clients.counter), "Org/Big", wanted)

    assert [r.prerelease for r in wanted[:4]] == [True, False, True, False]
    assert wanted[-1].prerelease is (((130 - 5) % 2) == 0)
    assert [entry.args.get("page", "1") for entry in github_fake.api.log] == ["1", "2"]
    assert clients.counter.as_dict()[github_fake.api.host_port] == 2


def test_api_rate_limit_stops_cleanly_when_configured(github_fake: GitHubFake, make_config):
    github_fake.add_repo("Org/Model", _releases(1))
    github_fake.api.exhaust(reset_in=3600)
    config = make_config({"sources": {"github": {"on_rate_limit": "stop"}}})
    clients = make_clients(config.sources)

    with pytest.raises(RateLimitError, match="rate limit exhausted while reading releases of Org/Model"):
        github.fill_prerelease_flags(
            github.make_api(config.sources.github, clients.counter),
            "Org/Model",
            [github.Release("Org/Model", "v1")],
        )
    assert len(github_fake.api.log) == 1  # no retry storm


def test_api_rate_limit_waits_for_the_reset_when_allowed(github_fake: GitHubFake, make_config):
    github_fake.add_repo("Org/Model", _releases(1))
    github_fake.api.exhaust(reset_in=1)
    config = make_config({"sources": {"github": {"on_rate_limit": "wait", "max_wait_seconds": 5}}})
    release = github.Release("Org/Model", "v1.1")
    started = time.monotonic()

    api = github.make_api(config.sources.github, make_clients(config.sources).counter)
    github.fill_prerelease_flags(api, "Org/Model", [release])

    assert [entry.status for entry in github_fake.api.log] == [403, 200]
    assert time.monotonic() - started >= 0.5


def test_readme_is_read_raw_then_answered_304(github_fake: GitHubFake, make_config):
    repo = github_fake.add_repo("Owner/Awesome")
    repo.files[("README.md", "main")] = (
        "# List\n1. [Paper](https://arxiv.org/abs/2601.00001) [code](https://github.com/A/B)\n"
    )
    config = make_config()
    clients = make_clients(config.sources)

    first = github.fetch_readme(
        clients.github, config.sources.github, "Owner/Awesome", "README.md", "main", None
    )
    second = github.fetch_readme(
        clients.github, config.sources.github, "Owner/Awesome", "README.md", "main", first.etag
    )

    assert first.text == repo.files[("README.md", "main")] and not first.not_modified
    assert second.not_modified and second.text is None
    assert github_fake.api.log[0].args == {"ref": "main"}
    assert [entry.status for entry in github_fake.api.log] == [200, 304]
    assert github_fake.api.quota_used == 1


def test_readme_from_a_json_contents_answer_is_decoded(github_fake: GitHubFake, make_config):
    repo = github_fake.add_repo("Owner/Awesome")
    repo.files[("README.md", "main")] = "# Liste — 中文\n"
    config = make_config()
    clients = make_clients(config.sources)
    github_fake.api.fault(
        respond=lambda request: github_fake.api.contents_json("README.md", repo.files[("README.md", "main")])
    )

    fetched = github.fetch_readme(
        clients.github, config.sources.github, "Owner/Awesome", "README.md", "main", None
    )

    assert fetched.text == "# Liste — 中文\n"


def test_readme_rate_limited_stops_or_waits(github_fake: GitHubFake, make_config):
    repo = github_fake.add_repo("Owner/Awesome")
    repo.files[("README.md", "main")] = "# List\n"
    stop = make_config({"sources": {"github": {"on_rate_limit": "stop"}}})
    github_fake.api.exhaust(reset_in=1)

    with pytest.raises(RateLimitError, match=r"rate limit exhausted, resets in \d+s \(on_rate_limit=stop"):
        github.fetch_readme(
            make_clients(stop.sources).github, stop.sources.github, "Owner/Awesome", "README.md", "main", None
        )
    wait = make_config({"sources": {"github": {"on_rate_limit": "wait", "max_wait_seconds": 5}}})
    fetched = github.fetch_readme(
        make_clients(wait.sources).github, wait.sources.github, "Owner/Awesome", "README.md", "main", None
    )
    assert fetched.text == "# List\n"
    assert [entry.status for entry in github_fake.api.log] == [403, 403, 200]


def test_readme_rate_limit_longer_than_max_wait_stops(github_fake: GitHubFake, make_config):
    github_fake.add_repo("Owner/Awesome").files[("README.md", "main")] = "# List\n"
    github_fake.api.exhaust(reset_in=600)
    config = make_config({"sources": {"github": {"on_rate_limit": "wait", "max_wait_seconds": 5}}})
    with pytest.raises(RateLimitError, match="max_wait_seconds=5"):
        github.fetch_readme(
            make_clients(config.sources).github,
            config.sources.github,
            "Owner/Awesome",
            "README.md",
            "main",
            None,
        )


def test_repos_linked_from_a_real_list(shared_data: Path):
    readme = sorted((shared_data / "lists" / "bradyfu").glob("*.md"))[-1].read_text(encoding="utf-8")
    repos = github.repos_from_readme(readme)
    assert len(repos) > 100
    assert all(repo.count("/") == 1 and repo == repo.lower() for repo in repos)
    assert len(set(repos)) == len(repos)
    assert not any(repo.split("/")[0] in {"topics", "features", "sponsors"} for repo in repos)


def test_the_token_goes_to_the_api_only_and_never_into_logs(github_fake: GitHubFake, make_config, caplog):
    token = "ghp_" + "T0kenValue" * 4
    github_fake.add_repo("Owner/Awesome").files[("README.md", "main")] = "# List\n"
    github_fake.add_repo("Org/Model", _releases(1))
    github_fake.api.fault(status=503, headers={"Retry-After": "0"})
    config = make_config({"sources": {"github": {"token": token}}})
    clients = make_clients(config.sources)
    api = github.make_api(config.sources.github, clients.counter)
    caplog.set_level("DEBUG")

    github.fetch_readme(clients.github, config.sources.github, "Owner/Awesome", "README.md", "main", None)
    feed = github.fetch_release_feed(clients.github, github_fake.web.url(), "org/model", None)
    github.fill_prerelease_flags(api, "Org/Model", feed.releases)

    assert [e.headers.get("Authorization") for e in github_fake.api.log] == [f"Bearer {token}"] * 2 + [
        f"token {token}"
    ]
    assert "Authorization" not in github_fake.web.log[0].headers
    assert token not in caplog.text


def test_every_recorded_github_exchange_loads(shared_data: Path):
    from tests.fakes.replay import load_records

    files = sorted((shared_data / "wire/pygithub_replaydata").glob("*.txt"))
    records = [record for path in files for record in load_records(path)]
    assert len(files) == 25 and len(records) >= 40
    assert {r.verb for r in records} <= {"GET", "POST", "PATCH", "PUT", "DELETE"}
    assert all(r.path.startswith("/") and 200 <= r.status < 600 for r in records)
    release = next(r for r in records if r.path.endswith("/releases/tags/v1.0"))
    assert release.json()["tag_name"] == "v1.0" and release.header("etag").startswith('W/"')
