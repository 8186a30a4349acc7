"""Fixtures for the GitHub stand-in tests: a fresh stand-in with one list repo, and real PyGithub clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import github
import pytest
from github import Auth
from github.Repository import Repository

from tests.demo.standin_steps import README, TOKEN
from tracker.demo import GitHubStandIn

MakeClient = Callable[..., github.Github]


@pytest.fixture
def standin() -> Iterator[GitHubStandIn]:
    with GitHubStandIn(login="tracker-bot") as fake:
        fake.create_repo("owner/list", {"README.md": README, "docs/notes.md": "notes\n"})
        yield fake


@pytest.fixture
def make_client(standin: GitHubStandIn) -> MakeClient:
    """PyGithub against the stand-in: no retries unless asked, and without PyGithub's default
    throttle (0.25 s between requests, 1 s between writes), which would only slow the tests."""

    def make(token: str | None = TOKEN, **options: object) -> github.Github:
        options = {"retry": None, "seconds_between_requests": 0, "seconds_between_writes": 0, **options}
        auth = Auth.Token(token) if token else None
        return github.Github(base_url=standin.url, auth=auth, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def repo(make_client: MakeClient) -> Repository:
    return make_client().get_repo("owner/list")
