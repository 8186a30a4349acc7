"""The stand-in's repos, contents and git data API, driven by the PyGithub calls the publisher makes."""

from __future__ import annotations

import base64
import subprocess

import github
import pytest
import requests
from github import InputGitTreeElement
from github.Repository import Repository

from tests.demo.standin_steps import README, TOKEN, push_branch
from tracker.demo import GitHubStandIn


def _git_blob_sha(text: str) -> str:
    done = subprocess.run(
        ["git", "hash-object", "--stdin"], input=text.encode(), capture_output=True, check=True
    )
    return done.stdout.decode().strip()


def test_contents_carry_the_real_git_blob_sha(repo: Repository):
    readme = repo.get_contents("README.md")
    assert readme.decoded_content.decode() == README
    assert readme.sha == _git_blob_sha(README)
    assert repo.get_contents("README.md", ref="main").sha == readme.sha
    assert [entry.path for entry in repo.get_contents("docs")] == ["docs/notes.md"]
    assert [(entry.path, entry.type) for entry in repo.get_contents("")] == [
        ("README.md", "file"),
        ("docs", "dir"),
    ]
    with pytest.raises(github.UnknownObjectException):
        repo.get_contents("MISSING.md")


def test_unknown_repo_is_404(make_client):
    with pytest.raises(github.UnknownObjectException):
        make_client().get_repo("owner/nope")


def test_raw_contents_and_a_free_304(standin: GitHubStandIn):
    url = f"{standin.url}/repos/owner/list/contents/README.md"
    raw = {"Accept": "application/vnd.github.raw", "Authorization": f"token {TOKEN}"}
    first = requests.get(url, headers=raw, timeout=5)
    assert first.text == README and first.headers["ETag"].startswith('W/"')
    remaining = int(first.headers["x-ratelimit-remaining"])

    again = requests.get(url, headers={**raw, "If-None-Match": first.headers["ETag"]}, timeout=5)

    assert again.status_code == 304 and again.content == b""
    assert int(again.headers["x-ratelimit-remaining"]) == remaining  # a 304 costs nothing
    standin.edit_file_upstream("README.md", README + "- Paper B\n")
    changed = requests.get(url, headers={**raw, "If-None-Match": first.headers["ETag"]}, timeout=5)
    assert changed.status_code == 200 and changed.text.endswith("- Paper B\n")
    assert int(changed.headers["x-ratelimit-remaining"]) == remaining - 1


def test_blob_tree_commit_and_one_branch_move(repo: Repository, standin: GitHubStandIn):
    main = repo.get_branch("main").commit.sha
    sha = push_branch(repo, "tracker/updates", README + "- Paper B\n")

    commit = repo.get_git_commit(sha)
    assert [parent.sha for parent in commit.parents] == [main]
    assert commit.author.name == "tracker-bot" and commit.message == "Update tracker/updates"
    assert repo.get_git_ref("heads/tracker/updates").object.sha == sha
    assert standin.read_file("tracker/updates", "README.md") == README + "- Paper B\n"
    assert standin.read_file("tracker/updates", "docs/notes.md") == "notes\n"  # base_tree kept the rest
    assert standin.read_file("main", "README.md") == README


def test_tree_entries_with_content_delete_and_nest(repo: Repository):
    base = repo.get_git_tree(repo.get_branch("main").commit.commit.tree.sha)
    tree = repo.create_git_tree(
        [
            InputGitTreeElement("docs/new.md", "100644", "blob", content="new\n"),
            InputGitTreeElement("docs/notes.md", "100644", "blob", sha=None),
        ],
        base_tree=base,
    )

    top = {element.path: element.type for element in repo.get_git_tree(tree.sha).tree}
    assert top == {"README.md": "blob", "docs": "tree"}
    docs_sha = next(element.sha for element in repo.get_git_tree(tree.sha).tree if element.path == "docs")
    assert [element.path for element in repo.get_git_tree(docs_sha).tree] == ["new.md"]
    assert sorted(element.path for element in repo.get_git_tree(tree.sha, recursive=True).tree) == [
        "README.md",
        "docs",
        "docs/new.md",
    ]


def test_bad_git_objects_are_422(repo: Repository, standin: GitHubStandIn):
    tree = repo.get_git_tree(repo.get_branch("main").commit.commit.tree.sha)
    with pytest.raises(github.GithubException) as bad_blob:
        repo.create_git_tree([InputGitTreeElement("x.md", "100644", "blob", sha="0" * 40)], base_tree=tree)
    with pytest.raises(github.GithubException) as bad_ref:
        repo.create_git_ref("refs/heads/x", "f" * 40)
    bad_commit = requests.post(
        f"{standin.url}/repos/owner/list/git/commits",
        json={"message": "m", "tree": tree.sha, "parents": ["e" * 40]},
        headers={"Authorization": f"token {TOKEN}"},
        timeout=5,
    )

    assert bad_blob.value.status == 422
    assert (bad_ref.value.status, bad_ref.value.data["message"]) == (422, "Object does not exist")
    assert bad_commit.status_code == 422
    assert bad_commit.json()["message"] == "Parent SHA does not exist or is not a commit object"
    assert standin.branch_sha("x") is None


def test_ref_rules_create_update_force_delete(repo: Repository, standin: GitHubStandIn):
    main = repo.get_branch("main").commit.sha
    sha = push_branch(repo, "tracker/updates", README + "- Paper B\n")

    with pytest.raises(github.GithubException) as exists:
        repo.create_git_ref("refs/heads/tracker/updates", main)
    assert (exists.value.status, exists.value.data["message"]) == (422, "Reference already exists")

    standin.edit_file_upstream("README.md", README + "- Paper C\n")
    rebuilt = push_branch(
        repo, "scratch", README + "- Paper B\n- Paper C\n"
    )  # a fresh commit on the new base
    ref = repo.get_git_ref("heads/tracker/updates")
    with pytest.raises(github.GithubException) as not_ff:
        ref.edit(rebuilt)
    assert (not_ff.value.status, not_ff.value.data["message"]) == (422, "Update is not a fast forward")
    assert standin.branch_sha("tracker/updates") == sha

    ref.edit(rebuilt, force=True)
    assert standin.branch_sha("tracker/updates") == rebuilt
    ref.delete()
    assert standin.branch_sha("tracker/updates") is None
    with pytest.raises(github.GithubException) as missing:
        ref.delete()
    assert (missing.value.status, missing.value.data["message"]) == (422, "Reference does not exist")
    with pytest.raises(github.UnknownObjectException):
        repo.get_git_ref("heads/tracker/updates")


def test_ref_listings_paginate_with_link_headers(make_client, standin: GitHubStandIn):
    for index in range(4):
        standin.repo().refs[f"refs/heads/topic-{index}"] = standin.branch_sha("main")  # type: ignore[assignment]
    repo = make_client(per_page=2).get_repo("owner/list")

    names = [ref.ref for ref in repo.get_git_matching_refs("heads/")]

    assert names == ["refs/heads/main"] + [f"refs/heads/topic-{index}" for index in range(4)]
    pages = standin.requests("GET", "/git/matching-refs/")
    assert [entry.query.get("page", "1") for entry in pages] == ["1", "2", "3"]
    listed = requests.get(f"{standin.url}/repos/owner/list/git/refs/heads?per_page=2&page=2", timeout=5)
    assert [ref["ref"] for ref in listed.json()] == ["refs/heads/topic-1", "refs/heads/topic-2"]
    links = dict(reversed(part.split("; ")) for part in listed.headers["Link"].split(", "))
    assert links['rel="next"'].endswith("/git/refs/heads?per_page=2&page=3>")
    assert links['rel="prev"'].endswith("page=1>") and links['rel="last"'].endswith("page=3>")


def test_update_file_checks_the_blob_sha(repo: Repository, standin: GitHubStandIn):
    stale = repo.get_contents("README.md").sha
    standin.edit_file_upstream("README.md", README + "- Paper B\n")

    with pytest.raises(github.GithubException) as conflict:
        repo.update_file("README.md", "tracker edit", README + "- Paper X\n", stale, branch="main")
    assert conflict.value.status == 409
    assert conflict.value.data["message"] == f"README.md does not match {stale}"

    put = requests.put(
        f"{standin.url}/repos/owner/list/contents/README.md",
        json={"message": "no sha", "content": base64.b64encode(b"x").decode()},
        headers={"Authorization": f"token {TOKEN}"},
        timeout=5,
    )
    assert put.status_code == 422 and "sha" in put.json()["message"]

    fresh = repo.get_contents("README.md").sha
    result = repo.update_file("README.md", "tracker edit", README + "- Paper X\n", fresh, branch="main")
    assert result["content"].sha == _git_blob_sha(README + "- Paper X\n")
    assert standin.read_file("main", "README.md") == README + "- Paper X\n"


def test_compare_follows_the_commit_graph(repo: Repository, standin: GitHubStandIn):
    push_branch(repo, "tracker/updates", README + "- Paper B\n")
    standin.edit_file_upstream("docs/notes.md", "new notes\n")

    comparison = repo.compare("main", "tracker/updates")

    assert (comparison.status, comparison.ahead_by, comparison.behind_by) == ("diverged", 1, 1)
    assert [(f.filename, f.additions, f.deletions) for f in comparison.files] == [("README.md", 1, 0)]
