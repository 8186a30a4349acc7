"""Fixtures for the source tests: loopback arXiv and GitHub fakes, a config pointing at them, a real store."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.arxiv_server import ArxivFake
from tests.fakes.github_server import GitHubFake
from tracker.config import Config
from tracker.store import Store, open_store

NOW = "2026-01-07T03:00:00Z"  # a Wednesday, 22:00 US Eastern on Tuesday: feeds are fresh


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch, shared_data: Path) -> None:
    monkeypatch.setenv("TRACKER_NOW", NOW)
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "GITHUB_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def _arxiv_server() -> Iterator[ArxivFake]:
    fake = ArxivFake().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def _github_server() -> Iterator[GitHubFake]:
    fake = GitHubFake().start()
    yield fake
    fake.stop()


@pytest.fixture
def arxiv_fake(_arxiv_server: ArxivFake) -> ArxivFake:
    """The loopback arXiv, emptied for this test (servers are shared: stopping one takes 0.5 s)."""
    _arxiv_server.reset()
    return _arxiv_server


@pytest.fixture
def github_fake(_github_server: GitHubFake) -> GitHubFake:
    _github_server.reset()
    return _github_server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'state.db'}") as opened:
        yield opened


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and key in merged else value
    return merged


@pytest.fixture
def settings(arxiv_fake: ArxivFake, github_fake: GitHubFake) -> dict[str, Any]:
    """The configuration as data (YAML-shaped), pointing at the fakes, with tiny delays."""
    return {
        "list": {"repo": "owner/awesome", "path": "README.md", "branch": "main"},
        "sources": {
            "arxiv": {
                "api_url": arxiv_fake.api_url,
                "rss_url": arxiv_fake.rss_url,
                "categories": ["cs.CV"],
                "queries": [
                    {"name": "mllm", "categories": ["cs.CV", "cs.CL"], "keywords": 'abs:"multimodal"'}
                ],
                "rss": False,
                "page_size": 5,
                "delay_seconds": 0.0,
                "timeout_seconds": 5,
                "max_retries": 3,
            },
            "github": {
                "api_url": github_fake.api.url(),
                "server_url": github_fake.web.url(),
                "track_list_repos": False,
                "timeout_seconds": 5,
                "max_wait_seconds": 5,
            },
        },
    }


@pytest.fixture
def make_config(settings: dict[str, Any]) -> Callable[..., Config]:
    def make(extra: dict[str, Any] | None = None) -> Config:
        return Config.model_validate(_merge(settings, extra or {}))

    return make
