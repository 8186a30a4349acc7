"""Fixtures for the publish tests: a fresh stand-in, list repo and state database per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.publish.world import NOW, REPO, TOKEN, World, config_for, readme_text
from tracker.demo import GitHubStandIn


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_data: Path) -> Iterator[World]:
    monkeypatch.setenv("TRACKER_NOW", NOW.isoformat())
    for name in ("GITHUB_TOKEN", "TRACKER_CONFIG", "TRACKER_DATABASE_URL", "GITHUB_API_URL"):
        monkeypatch.delenv(name, raising=False)
    with GitHubStandIn(login="tracker-bot") as standin:
        standin.add_token(TOKEN, "tracker-bot")
        standin.create_repo(REPO, {"README.md": readme_text()})
        yield World(standin, config_for(standin, f"sqlite:///{tmp_path / 'state.db'}"))
