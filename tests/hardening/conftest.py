"""Fixtures for the hardening tests: the source tests' loopback fakes and config, a raw-socket server,
a recorded `sleep`, and one small world that every source of a fetch reads from.

The fakes, store and config fixtures are the ones of tests/sources (imported, not copied), so a fault
here is injected into exactly the services the ordinary source tests use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.fakes.arxiv_server import ArxivFake, FakePaper, RssFeed, papers_by_day
from tests.fakes.github_server import FakeRelease, GitHubFake, utc
from tests.hardening.raw_server import RawServer
from tests.hardening.world import BUILT, README, WORLD
from tests.sources import conftest as source_fixtures
from tracker.config import Config

# The source tests' fixtures, registered here by name: the same fakes, config and store, not copies.
_fixed_clock = source_fixtures._fixed_clock
_arxiv_server, arxiv_fake = source_fixtures._arxiv_server, source_fixtures.arxiv_fake
_github_server, github_fake = source_fixtures._github_server, source_fixtures.github_fake
settings, make_config, store = source_fixtures.settings, source_fixtures.make_config, source_fixtures.store


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    server = RawServer().start()
    yield server
    server.stop()


@pytest.fixture
def waits() -> list[float]:
    """Every wait a session asked for, in order; pass `waits.append` as its `sleep`."""
    return []


@pytest.fixture
def world(arxiv_fake: ArxivFake, github_fake: GitHubFake) -> tuple[ArxivFake, GitHubFake]:
    """7 papers in the query window, 2 in today's cs.CV feed, a README linking 2 repos with 3 releases."""
    arxiv_fake.papers = papers_by_day(7)
    arxiv_fake.feeds["cs.CV"] = RssFeed(
        BUILT, [FakePaper("2601.05001", "Fresh one", BUILT), FakePaper("2601.05002", "Fresh two", BUILT)]
    )
    github_fake.add_repo("Owner/Awesome").files[("README.md", "main")] = README
    github_fake.add_repo(
        "Org/Model", [FakeRelease("v2.0", utc(2026, 1, 5)), FakeRelease("v1.0", utc(2026, 1, 2))]
    )
    github_fake.add_repo("Org/Tool", [FakeRelease("0.3", utc(2025, 12, 30))])
    return arxiv_fake, github_fake


@pytest.fixture
def world_config(world: Any, make_config: Callable[..., Config]) -> Callable[..., Config]:
    """`make_config` on top of WORLD (every source on, short timeouts)."""

    return lambda extra=None: make_config(source_fixtures._merge(WORLD, extra or {}))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: the bounded fuzz pass over every parser (tests/hardening)")
