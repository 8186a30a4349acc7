"""Shared constants and the publisher's own git steps, for the GitHub stand-in tests."""

from __future__ import annotations

from github import InputGitTreeElement
from github.Repository import Repository

README = "# Awesome list\n\n## Papers\n\n- Paper A\n"
TOKEN = "ghp_standin-test-token-value"


def push_branch(repo: Repository, branch: str, text: str, base: str = "main") -> str:
    """What the publisher does: one commit on `base` (blob, tree, commit) published as a new branch."""
    parent = repo.get_git_commit(repo.get_branch(base).commit.sha)
    blob = repo.create_git_blob(text, "utf-8")
    element = InputGitTreeElement("README.md", "100644", "blob", sha=blob.sha)
    tree = repo.create_git_tree([element], base_tree=repo.get_git_tree(parent.tree.sha))
    commit = repo.create_git_commit(f"Update {branch}", tree, [parent])
    repo.create_git_ref(f"refs/heads/{branch}", commit.sha)
    return commit.sha
