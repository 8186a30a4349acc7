"""The stand-in answers with the field sets GitHub really sends: each body is compared with the recorded
PyGithub ReplayData response for the same call (../shared/data/wire/pygithub_replaydata)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
from github.Repository import Repository

from tests.demo.standin_steps import README, TOKEN, push_branch
from tests.fakes.replay import find_record
from tracker.demo import GitHubStandIn

# (recording, verb, recorded path part, our path below /repos/owner/list, nested keys to compare too)
CASES = [
    ("Repository.setUp.txt", "GET", "/repos/PyGithub/PyGithub", "", ["owner", "permissions"]),
    ("PullRequest.setUp.txt", "GET", "/pulls/31", "/pulls/1", ["head", "base", "user", "_links"]),
    ("GitCommit.setUp.txt", "GET", "/git/commits/", "/git/commits/{head}", ["tree", "author"]),
    ("Commit.setUp.txt", "GET", "/commits/", "/commits/{head}", ["commit", "author"]),
    ("Repository.testGetGitRef.txt", "GET", "/git/ref/heads/master", "/git/ref/heads/main", ["object"]),
    ("Repository.testCreateGitTree.txt", "POST", "/git/trees", "/git/trees/{tree}", []),
    (
        "Repository.testGetContentsWithRef.txt",
        "GET",
        "/contents/",
        "/contents/README.md?ref=main",
        ["_links"],
    ),
    ("Repository.testGetBranch.txt", "GET", "/branches/", "/branches/main", ["_links"]),
    ("Repository.testCompare.txt", "GET", "/compare/", "/compare/main...tracker/updates", []),
]


# GitHub sends these only to admins ("security_and_analysis") or for organisation-owned repos
CONDITIONAL = {"security_and_analysis", "organization"}


def _keys(data: Any) -> set[str]:
    return set((data[0] if isinstance(data, list) else data).keys()) - CONDITIONAL


@pytest.fixture
def ours(standin: GitHubStandIn, repo: Repository) -> dict[str, str]:
    head = push_branch(repo, "tracker/updates", README + "- Paper B\n")
    repo.create_pull(title="t", body="b", head="tracker/updates", base="main")
    return {"head": head, "tree": repo.get_git_commit(head).tree.sha}


@pytest.mark.parametrize(("recording", "verb", "part", "path", "nested"), CASES, ids=[c[0] for c in CASES])
def test_bodies_have_the_recorded_fields(
    shared_data: Path, standin: GitHubStandIn, ours: dict[str, str], recording, verb, part, path, nested
):
    recorded = find_record(shared_data / "wire/pygithub_replaydata" / recording, verb, part).json()
    url = f"{standin.url}/repos/owner/list{path.format(**ours)}"

    body = requests.get(url, headers={"Authorization": f"token {TOKEN}"}, timeout=5).json()

    assert _keys(recorded) - _keys(body) == set()
    for key in nested:
        assert _keys(recorded[key]) - _keys(body[key]) == set(), key
