"""Git objects for the GitHub stand-in: one content-addressed store of blobs, trees and commits.

Blob shas are real git blob shas, so the contents API and the git data API agree as on GitHub. A tree is
kept flat (path -> blob sha); directory trees are derived when asked for. Commits form a real DAG, so
ancestry, "no commits between", fast-forward checks and three-way merges are computed, not faked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

Files = dict[str, str]  # path -> blob sha


@dataclass(frozen=True)
class Person:
    """A commit's author or committer."""

    name: str
    email: str
    date: str  # ISO 8601, as GitHub returns it


@dataclass(frozen=True)
class Commit:
    sha: str
    tree: str
    parents: tuple[str, ...]
    author: Person
    committer: Person
    message: str


def _git_sha(kind: str, payload: bytes) -> str:
    return hashlib.sha1(f"{kind} {len(payload)}\0".encode() + payload).hexdigest()


class ObjectStore:
    """Blobs, trees and commits by sha, shared by every repository (a fork network shares objects)."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.trees: dict[str, Files] = {}
        self.commits: dict[str, Commit] = {}

    # writing ------------------------------------------------------------------------------------------
    def put_blob(self, data: bytes) -> str:
        sha = _git_sha("blob", data)
        self.blobs[sha] = data
        return sha

    def put_tree(self, files: Mapping[str, str]) -> str:
        listing = "".join(f"{path}\0{sha}\n" for path, sha in sorted(files.items()))
        sha = _git_sha("tree", listing.encode())
        self.trees[sha] = dict(files)
        return sha

    def put_commit(
        self, tree: str, parents: tuple[str, ...], author: Person, committer: Person, message: str
    ) -> Commit:
        lines = [f"tree {tree}", *(f"parent {p}" for p in parents)]
        lines += [f"author {author.name} <{author.email}> {author.date}"]
        lines += [f"committer {committer.name} <{committer.email}> {committer.date}", "", message]
        sha = _git_sha("commit", "\n".join(lines).encode())
        commit = Commit(sha, tree, parents, author, committer, message)
        self.commits[sha] = commit
        return commit

    # reading ------------------------------------------------------------------------------------------
    def files(self, commit_sha: str) -> Files:
        """The flat file listing of a commit."""
        return self.trees[self.commits[commit_sha].tree]

    def text(self, blob_sha: str) -> str:
        return self.blobs[blob_sha].decode("utf-8", errors="replace")

    def tree_entries(self, tree_sha: str, recursive: bool) -> list[tuple[str, str, str]]:
        """(path, type, sha) rows like GET /git/trees: directories become derived, fetchable subtrees."""
        files = self.trees[tree_sha]
        rows: dict[str, tuple[str, str, str]] = {}
        for path, sha in files.items():
            parts = path.split("/")
            for depth in range(1, len(parts)):
                directory = "/".join(parts[:depth])
                if directory not in rows and (recursive or depth == 1):
                    prefix = directory + "/"
                    inner = {p[len(prefix) :]: s for p, s in files.items() if p.startswith(prefix)}
                    rows[directory] = (directory, "tree", self.put_tree(inner))
            if recursive or len(parts) == 1:
                rows[path] = (path, "blob", sha)
        return sorted(rows.values())

    # history ------------------------------------------------------------------------------------------
    def walk(self, sha: str) -> Iterator[Commit]:
        """Every commit reachable from `sha`, newest first (breadth-first, each once)."""
        seen, queue = set(), [sha]
        while queue:
            current = queue.pop(0)
            if current in seen or current not in self.commits:
                continue
            seen.add(current)
            commit = self.commits[current]
            yield commit
            queue.extend(commit.parents)

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        """True when `ancestor` is reachable from `descendant` (a commit is its own ancestor)."""
        return any(commit.sha == ancestor for commit in self.walk(descendant))

    def merge_base(self, one: str, other: str) -> str | None:
        reachable = {commit.sha for commit in self.walk(one)}
        return next((commit.sha for commit in self.walk(other) if commit.sha in reachable), None)

    def commits_between(self, base: str, head: str) -> list[Commit]:
        """Commits reachable from `head` but not from `base`, oldest first (what a PR shows)."""
        excluded = {commit.sha for commit in self.walk(base)}
        return [commit for commit in self.walk(head) if commit.sha not in excluded][::-1]

    def merge_files(self, base: str | None, ours: str, theirs: str) -> Files | None:
        """Three-way merge of two commits' files by path; None on a conflict (both sides changed a path)."""
        old = self.files(base) if base else {}
        mine, yours = self.files(ours), self.files(theirs)
        merged: Files = {}
        for path in set(old) | set(mine) | set(yours):
            before, left, right = old.get(path), mine.get(path), yours.get(path)
            if left == right or right == before:
                chosen = left
            elif left == before:
                chosen = right
            else:
                return None
            if chosen is not None:
                merged[path] = chosen
        return merged
