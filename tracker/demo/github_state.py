"""What the GitHub stand-in remembers: repos with refs, labels, issues and pulls, plus GitHub's rules.

The rules that matter to tracker's PR lifecycle live here, next to the state they guard: a PR closes when
its head branch is deleted or reset onto its base, is marked merged when its base comes to contain its
head, refuses a duplicate open head, and file writes check the blob sha (409 stale, 422 missing).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tracker.clock import now
from tracker.demo.github_git import Commit, ObjectStore, Person

LEVELS = {"none": 0, "read": 1, "write": 2, "admin": 3}
FULL_ACCESS = {"contents": "write", "pull_requests": "write", "issues": "write", "metadata": "read"}


class ApiError(Exception):
    """An error answer: status, GitHub's message, optional validation `errors` and extra headers."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {message}")
        self.status, self.message, self.errors, self.headers = status, message, errors, headers or {}

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.message}
        if self.errors:
            data["errors"] = self.errors
        data["documentation_url"] = "https://docs.github.com/rest"
        data["status"] = str(self.status)
        return data


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def not_found() -> ApiError:
    return ApiError(404, "Not Found")


def invalid(resource: str, *, code: str = "custom", **detail: str) -> ApiError:
    """422 "Validation Failed" with one entry in `errors`, the way GitHub reports bad input."""
    return ApiError(422, "Validation Failed", errors=[{"resource": resource, "code": code, **detail}])


@dataclass
class Token:
    """Who a token acts as, and its fine-grained permissions on repos it does not own."""

    login: str
    permissions: dict[str, str] = field(default_factory=lambda: dict(FULL_ACCESS))

    def allows(self, repo: Repo | None, resource: str, level: str) -> bool:
        if repo is not None and repo.owner.lower() == self.login.lower():
            return True
        return LEVELS[self.permissions.get(resource, "none")] >= LEVELS[level]


@dataclass
class Label:
    id: int
    name: str
    color: str = "ededed"
    description: str | None = None


@dataclass
class Comment:
    id: int
    body: str
    user: str
    created_at: str
    updated_at: str


@dataclass
class Pull:
    """The pull-request half of an issue: which branches, and how it ended."""

    head_repo: Repo
    head_ref: str
    base_ref: str
    head_sha: str
    base_sha: str
    draft: bool = False
    maintainer_can_modify: bool = False
    merged_at: str | None = None
    merged_by: str | None = None
    merge_commit_sha: str | None = None

    @property
    def head_label(self) -> str:
        return f"{self.head_repo.owner}:{self.head_ref}"


@dataclass
class Issue:
    """An issue or, with `pull` set, a pull request (they share one number sequence, as on GitHub)."""

    number: int
    title: str
    body: str | None
    user: str
    created_at: str
    updated_at: str
    state: str = "open"
    closed_at: str | None = None
    labels: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    pull: Pull | None = None


@dataclass
class Release:
    """A published release: what releases.atom and the REST listing show (times are ISO-8601 UTC)."""

    id: int
    tag: str
    name: str
    body: str  # the notes as GitHub renders them (HTML) in releases.atom; the REST API echoes it too
    author: str
    created_at: str
    published_at: str
    updated_at: str  # releases.atom's entry <updated>: the last edit
    target: str = "main"
    prerelease: bool = False
    avatar_url: str | None = None  # the author's avatar when it is not the stand-in's own


@dataclass
class Repo:
    id: int
    owner: str
    name: str
    default_branch: str
    description: str = ""
    created_at: str = ""
    parent: Repo | None = None
    refs: dict[str, str] = field(default_factory=dict)  # "refs/heads/main" -> commit sha
    labels: dict[str, Label] = field(default_factory=dict)  # lower-cased name -> label
    issues: dict[int, Issue] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)  # newest first, as GitHub lists them

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def branch_sha(self, branch: str) -> str | None:
        return self.refs.get(f"refs/heads/{branch}")

    def pulls(self) -> list[Issue]:
        return [issue for issue in self.issues.values() if issue.pull is not None]


class GitHubState:
    """Every repo and object of the stand-in; callers hold `lock` around a request or a helper call."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        self.git = ObjectStore()
        self.repos: dict[str, Repo] = {}
        self.lock = threading.RLock()
        self._clock = clock or now  # TRACKER_NOW applies here too, as everywhere in tracker
        self._ids = itertools.count(1000)

    def now(self) -> str:
        return _iso(self._clock())

    def new_id(self) -> int:
        return next(self._ids)

    def person(self, login: str) -> Person:
        return Person(login, f"{login}@users.noreply.github.com", self.now())

    # repos ----------------------------------------------------------------------------------------------
    def create_repo(
        self, full_name: str, files: Mapping[str, str], default_branch: str = "main", description: str = ""
    ) -> Repo:
        owner, name = full_name.split("/")
        repo = Repo(self.new_id(), owner, name, default_branch, description, self.now())
        self.repos[full_name.lower()] = repo
        tree = self.git.put_tree({path: self.git.put_blob(text.encode()) for path, text in files.items()})
        author = self.person(owner)
        root = self.git.put_commit(tree, (), author, author, "Initial commit")
        repo.refs[f"refs/heads/{default_branch}"] = root.sha
        return repo

    def repo(self, owner: str, name: str) -> Repo:
        found = self.repos.get(f"{owner}/{name}".lower())
        if found is None:
            raise not_found()
        return found

    def fork(self, repo: Repo, login: str, default_branch_only: bool = False) -> Repo:
        """The login's fork of `repo` (created once; GitHub answers an existing fork again)."""
        existing = self.repos.get(f"{login}/{repo.name}".lower())
        if existing is not None:
            return existing
        fork = Repo(self.new_id(), login, repo.name, repo.default_branch, repo.description, self.now(), repo)
        fork.refs = {
            ref: sha
            for ref, sha in repo.refs.items()
            if not default_branch_only or ref == f"refs/heads/{repo.default_branch}"
        }
        self.repos[fork.full_name.lower()] = fork
        return fork

    def network(self, repo: Repo) -> Repo:
        while repo.parent is not None:
            repo = repo.parent
        return repo

    # refs and commits -----------------------------------------------------------------------------------
    def resolve(self, repo: Repo, ref: str) -> str | None:
        """A commit sha from a branch name, `heads/x`, `refs/heads/x`, a tag or a sha; None if unknown."""
        for candidate in (ref, f"refs/{ref}", f"refs/heads/{ref}", f"refs/tags/{ref}"):
            if candidate in repo.refs:
                return repo.refs[candidate]
        return ref if ref in self.git.commits else None

    def set_ref(self, repo: Repo, ref: str, sha: str) -> None:
        repo.refs[ref] = sha
        self._ref_moved(repo, ref)

    def delete_ref(self, repo: Repo, ref: str) -> None:
        del repo.refs[ref]
        self._ref_moved(repo, ref)

    def commit_files(
        self, repo: Repo, branch: str, changes: Mapping[str, str | None], author: str, message: str
    ) -> Commit:
        """Commit text files (None deletes) on top of `branch` and move it, like a push."""
        parent = repo.branch_sha(branch)
        if parent is None:
            raise ApiError(404, f"Branch {branch} not found")
        files = dict(self.git.files(parent))
        for path, text in changes.items():
            if text is None:
                files.pop(path, None)
            else:
                files[path] = self.git.put_blob(text.encode())
        who = self.person(author)
        commit = self.git.put_commit(self.git.put_tree(files), (parent,), who, who, message)
        self.set_ref(repo, f"refs/heads/{branch}", commit.sha)
        return commit

    def put_file(
        self, repo: Repo, path: str, data: bytes, branch: str, sha: str | None, author: str, message: str
    ) -> tuple[Commit, bool]:
        """PUT /contents: sha checks as GitHub does them; returns the commit and whether the file is new."""
        head = repo.branch_sha(branch)
        if head is None:
            raise ApiError(404, f"Branch {branch} not found")
        current = self.git.files(head).get(path)
        if current is not None and not sha:
            raise ApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
        if current is not None and sha != current:
            raise ApiError(409, f"{path} does not match {sha}")
        text = data.decode("utf-8", errors="replace")
        return self.commit_files(repo, branch, {path: text}, author, message), current is None

    # pull requests ----------------------------------------------------------------------------------------
    def head_repo(self, repo: Repo, owner: str) -> Repo | None:
        """The repo in `repo`'s fork network owned by `owner` (the head of a cross-repo PR)."""
        root = self.network(repo)
        return next(
            (r for r in self.repos.values() if r.owner.lower() == owner.lower() and self.network(r) is root),
            None,
        )

    def open_pull(
        self, repo: Repo, user: str, title: str, body: str | None, head: str, base: str, draft: bool = False
    ) -> Issue:
        owner, _, branch = head.rpartition(":")
        head_repo = self.head_repo(repo, owner) if owner else repo
        head_sha = head_repo.branch_sha(branch) if head_repo else None
        base_sha = repo.branch_sha(base)
        if head_repo is None or head_sha is None:
            raise invalid("PullRequest", code="invalid", field="head")
        if base_sha is None:
            raise invalid("PullRequest", code="invalid", field="base")
        pull = Pull(head_repo, branch, base, head_sha, base_sha, draft, head_repo is not repo)
        for other in repo.pulls():
            same = other.pull and (other.pull.head_label, other.pull.base_ref) == (pull.head_label, base)
            if other.state == "open" and same:
                raise invalid("PullRequest", message=f"A pull request already exists for {pull.head_label}.")
        if self.git.is_ancestor(head_sha, base_sha):
            raise invalid("PullRequest", message=f"No commits between {base} and {head}")
        return self.new_issue(repo, user, title, body, pull)

    def new_issue(
        self, repo: Repo, user: str, title: str, body: str | None, pull: Pull | None = None
    ) -> Issue:
        stamp = self.now()
        issue = Issue(len(repo.issues) + 1, title, body, user, stamp, stamp, pull=pull)
        repo.issues[issue.number] = issue
        return issue

    def close(self, issue: Issue) -> None:
        issue.state, issue.closed_at = "closed", self.now()
        issue.updated_at = issue.closed_at

    def reopen(self, repo: Repo, issue: Issue) -> None:
        pull = issue.pull
        if pull is not None:
            if pull.merged_at:
                raise invalid("PullRequest", message="state cannot be changed. The pull request is merged.")
            if pull.head_repo.branch_sha(pull.head_ref) != pull.head_sha:
                gone = f"The {pull.head_ref} branch has been deleted or force-pushed."
                raise invalid("PullRequest", message=f"state cannot be changed. {gone}")
        issue.state, issue.closed_at, issue.updated_at = "open", None, self.now()

    def merged_files(self, base_sha: str, head_sha: str) -> dict[str, str] | None:
        """The files of merging head into base, or None on a conflict."""
        return self.git.merge_files(self.git.merge_base(base_sha, head_sha), base_sha, head_sha)

    def merge(
        self,
        repo: Repo,
        issue: Issue,
        by: str,
        method: str = "merge",
        sha: str | None = None,
        title: str | None = None,
        message: str | None = None,
    ) -> Commit:
        """Merge (or squash) an open PR into its base: a new commit on the base branch, the PR merged."""
        pull = issue.pull
        assert pull is not None
        if issue.state != "open" or method not in ("merge", "squash"):
            reason = "Pull Request is not mergeable" if issue.state != "open" else f"{method} is not allowed"
            raise ApiError(405, reason)
        if sha and sha != pull.head_sha:
            raise ApiError(409, "Head branch was modified. Review and try the merge again.")
        base_sha = repo.branch_sha(pull.base_ref)
        assert base_sha is not None
        files = self.merged_files(base_sha, pull.head_sha)
        if files is None:
            raise ApiError(405, "Pull Request is not mergeable")
        parents: tuple[str, ...] = (base_sha, pull.head_sha) if method == "merge" else (base_sha,)
        if method == "merge":
            source = f"{pull.head_repo.owner}/{pull.head_ref}"
            headline = title or f"Merge pull request #{issue.number} from {source}"
            text = f"{headline}\n\n{message or issue.title}"
        else:
            text = (title or f"{issue.title} (#{issue.number})") + (f"\n\n{message}" if message else "")
        committer = Person("GitHub", "noreply@github.com", self.now())
        commit = self.git.put_commit(self.git.put_tree(files), parents, self.person(by), committer, text)
        self.close(issue)
        pull.merged_at, pull.merged_by, pull.merge_commit_sha = issue.closed_at, by, commit.sha
        pull.base_sha = base_sha
        self.set_ref(repo, f"refs/heads/{pull.base_ref}", commit.sha)
        return commit

    def _ref_moved(self, repo: Repo, ref: str) -> None:
        """GitHub's reactions to a moved or deleted branch, for every open PR that uses it."""
        branch = ref.removeprefix("refs/heads/")
        for target in self.repos.values():
            for issue in target.pulls():
                pull = issue.pull
                assert pull is not None
                head_moved = pull.head_repo is repo and pull.head_ref == branch
                if issue.state != "open" or not (head_moved or (target is repo and pull.base_ref == branch)):
                    continue
                head_sha = pull.head_repo.branch_sha(pull.head_ref)
                base_sha = target.branch_sha(pull.base_ref)
                if head_sha is None or base_sha is None:  # head or base branch deleted
                    self.close(issue)
                    continue
                pull.head_sha, pull.base_sha = head_sha, base_sha
                if self.git.is_ancestor(head_sha, base_sha):
                    self.close(issue)  # reset onto base: closed; base came to contain head: merged
                    if not head_moved:
                        pull.merged_at, pull.merge_commit_sha = issue.closed_at, head_sha

    # releases ---------------------------------------------------------------------------------------------
    def add_release(
        self,
        repo: Repo,
        tag: str,
        name: str,
        body: str,
        published: datetime,
        *,
        prerelease: bool = False,
        author: str | None = None,
        updated: datetime | None = None,
        avatar_url: str | None = None,
    ) -> Release:
        """Publish a release (replacing one with the same tag); the listing stays newest first."""
        stamp = _iso(published)
        release = Release(
            id=self.new_id(),
            tag=tag,
            name=name,
            body=body,
            author=author or repo.owner,
            created_at=stamp,
            published_at=stamp,
            updated_at=_iso(updated or published),
            target=repo.default_branch,
            prerelease=prerelease,
            avatar_url=avatar_url,
        )
        kept = [existing for existing in repo.releases if existing.tag != tag]
        repo.releases = sorted([*kept, release], key=lambda r: (r.published_at, r.id), reverse=True)
        return release

    # labels and comments ------------------------------------------------------------------------------------
    def create_label(
        self, repo: Repo, name: str, color: str = "ededed", description: str | None = None
    ) -> Label:
        if name.lower() in repo.labels:
            raise invalid("Label", code="already_exists", field="name")
        label = Label(self.new_id(), name, color, description)
        repo.labels[name.lower()] = label
        return label

    def add_labels(self, repo: Repo, issue: Issue, names: list[str]) -> None:
        """Label an issue; like GitHub, a label the repo lacks is created on the way."""
        for name in names:
            label = repo.labels.get(name.lower()) or self.create_label(repo, name)
            if label.name not in issue.labels:
                issue.labels.append(label.name)
        issue.updated_at = self.now()

    def add_comment(self, issue: Issue, user: str, body: str) -> Comment:
        stamp = self.now()
        comment = Comment(self.new_id(), body, user, stamp, stamp)
        issue.comments.append(comment)
        issue.updated_at = stamp
        return comment
