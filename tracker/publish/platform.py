"""The GitHub side of the PR lifecycle (Renovate's "platform"): every call the publisher makes, counted.

One place knows PyGithub. Each method is one REST request (or one page), added to the run's request
counter, so a run report counts GitHub requests exactly. Errors become one-line `PublishError`s that say
what to fix; the token never appears in them. Writes are serial and spaced (PyGithub's
`seconds_between_writes`), and POSTs are never retried automatically: a lost answer is resolved by
looking, not by posting again.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from typing import Any

import requests
from github import GithubException, InputGitAuthor, InputGitTreeElement
from github.PullRequest import PullRequest
from github.Repository import Repository

from tracker.config import Config
from tracker.errors import TrackerError
from tracker.secrets import redact
from tracker.sources.github import github_client
from tracker.sources.http import RequestCounter

log = logging.getLogger(__name__)

SERVER_ERRORS = (500, 502, 503, 504)
TRAILER = "Generated-by: tracker"
"""Marks tracker's own commits: any commit on the tracker branch without it is a human's."""
AUTHOR = InputGitAuthor("tracker", "tracker@users.noreply.github.com")
_PERMISSION_HINT = {
    403: "the token lacks a permission: it needs contents: write and pull-requests: write on the list repo",
    401: "the token was refused (Bad credentials): set a valid GITHUB_TOKEN",
    404: "not found, or the token cannot see it: check list.repo, list.branch and the token's repo access",
}


class PublishError(TrackerError):
    """GitHub refused or failed a publish step; the run fails (exit 1) with this one line. `status` is
    GitHub's HTTP status when it answered."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class AnswerLost(PublishError):
    """The connection failed before GitHub answered: the request may or may not have been applied."""


class PullAlreadyExists(PublishError):
    """422 on POST /pulls: an open PR from the same head exists (or our lost POST created one)."""


def describe(exc: GithubException, what: str) -> str:
    """One line for a GitHub error: status, GitHub's message, and the fix when we know it."""
    data = exc.data if isinstance(exc.data, dict) else {}
    message = str(data.get("message") or "").strip()
    details = "; ".join(
        str(error.get("message") or error.get("code") or "")
        for error in data.get("errors") or []
        if isinstance(error, dict)
    )
    hint = _PERMISSION_HINT.get(exc.status, "")
    accepted = {k.lower(): v for k, v in (exc.headers or {}).items()}.get("x-accepted-github-permissions")
    if exc.status == 403 and accepted:
        wanted = " or ".join(part.strip().replace("=", ": ") for part in accepted.split(";") if part.strip())
        hint = f"the token lacks the permission {wanted}: grant it to the token (or the App) and rerun"
    if exc.status == 403 and "rate limit" in message.lower():
        hint = "GitHub API rate limit exhausted: rerun after the reset"
    text = f"{what}: GitHub answered HTTP {exc.status}"
    for part in (message, details, hint):
        if part:
            text += f": {part}"
    return redact(text)


@dataclass
class PullInfo:
    """What the publisher needs to know about one tracker PR (from a list page: no extra request)."""

    number: int
    url: str
    state: str  # "open" | "closed"
    merged: bool
    body: str
    head_sha: str
    title: str
    labels: list[str]


def _pull_info(pull: PullRequest) -> PullInfo:
    """From the fields a list page carries (`raw_data` would fetch the PR again)."""
    return PullInfo(
        number=pull.number,
        url=pull.html_url or "",
        state=pull.state or "open",
        merged=pull.merged_at is not None,
        body=pull.body or "",
        head_sha=pull.head.sha or "",
        title=pull.title or "",
        labels=[label.name for label in pull.labels],
    )


class GitHubPlatform:
    """The list repo (base) and the repo the tracker branch lives in (the same repo, or the token owner's
    fork in fork mode)."""

    def __init__(self, config: Config, counter: RequestCounter, *, read_only: bool = False) -> None:
        github_cfg = config.sources.github
        if github_cfg.token is None and not read_only:
            raise PublishError("publishing needs a GitHub token: set GITHUB_TOKEN (or use --dry-run)")
        self.api_url = github_cfg.api_url.rstrip("/")
        # 429 is not retried here: a secondary limit on a write must surface, not be repeated blindly
        self.gh = github_client(github_cfg, retry_statuses=SERVER_ERRORS, seconds_between_requests=None)
        self.counter = counter
        self.config = config
        self.target = config.list
        self.branch = config.publish.branch
        self.base: Repository = self.gh.get_repo(self.target.repo)
        self._head: Repository | None = None
        self._head_owner: str | None = None
        self._ref: Any = None

    # plumbing -----------------------------------------------------------------------------------------
    def _count(self) -> None:
        self.counter.add(self.api_url)

    def call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """One counted request; a GitHub error becomes a one-line PublishError naming the step."""
        self._count()
        try:
            return fn(*args, **kwargs)
        except GithubException as exc:
            if exc.status >= 500:  # the request may have been applied all the same
                raise AnswerLost(describe(exc, what), exc.status) from None
            raise PublishError(describe(exc, what), exc.status) from None
        except requests.RequestException as exc:
            raise AnswerLost(f"{what}: no answer from {self.api_url} ({type(exc).__name__}); rerun") from None

    def call_or_none(self, what: str, fn: Any) -> Any:
        """`call`, except that a 404 is an answer: None (the branch or fork does not exist yet)."""
        try:
            return self.call(what, fn)
        except PublishError as exc:
            if exc.status == 404:
                return None
            raise

    @property
    def rate_limit(self) -> tuple[int, int, int] | None:
        """(remaining, limit, reset epoch) from the last answer's headers; no request."""
        remaining, limit = self.gh.rate_limiting
        if limit < 0:
            return None
        return remaining, limit, int(self.gh.rate_limiting_resettime)

    # where the branch lives ----------------------------------------------------------------------------
    def head_repo(self) -> Repository:
        """The repo holding the tracker branch; in fork mode the token owner's fork (created if missing)."""
        if self._head is not None:
            return self._head
        if self.config.publish.mode == "branch":
            self._head, self._head_owner = self.base, self.target.repo.split("/")[0]
            return self._head
        login = self.call("who owns the token (GET /user)", lambda: self.gh.get_user().login)
        name = self.target.repo.split("/")[1]
        fork = self.gh.get_repo(f"{login}/{name}")  # lazy: reading raw_data is the request
        if self.call_or_none(f"read the fork {login}/{name}", lambda: fork.raw_data) is None:
            fork = self.call(f"create the fork {login}/{name}", self.base.create_fork)
        log.info("fork mode: the tracker branch lives in %s", fork.full_name)
        self._head, self._head_owner = fork, login
        return fork

    @property
    def head_label(self) -> str:
        """`owner:branch`, GitHub's filter for PRs from our branch (a bare branch name matches nothing)."""
        self.head_repo()
        return f"{self._head_owner}:{self.branch}"

    # reads ---------------------------------------------------------------------------------------------
    def tracker_pulls(self) -> list[PullInfo]:
        """Every PR from the tracker branch into the base branch, oldest first (100 per page)."""
        listing = self.base.get_pulls(
            state="all", head=self.head_label, base=self.target.branch, sort="created", direction="asc"
        )
        return [_pull_info(item) for item in self._all_pages(listing, "list the tracker pull requests")]

    def open_tracker_pull(self) -> PullInfo | None:
        """The open PR from the tracker branch, if any: one request (a cheap look for ticked boxes)."""
        listing = self.base.get_pulls(state="open", head=self.head_label, base=self.target.branch)
        items = self.call("list the open tracker pull request", listing.get_page, 0)
        return _pull_info(items[0]) if items else None

    def _all_pages(self, listing: Any, what: str) -> list[Any]:
        """Every item of a paginated listing, one counted request per page of 100."""
        found: list[Any] = []
        page = 0
        while True:
            items = self.call(what, listing.get_page, page)
            found.extend(items)
            if len(items) < self.gh.per_page:
                return found
            page += 1

    def base_sha(self) -> str:
        """The commit the base branch points at now."""
        ref = self.base.get_git_ref(f"heads/{self.target.branch}")  # lazy: reading .object is the request
        return self.call(f"read branch {self.target.branch} of {self.target.repo}", lambda: ref.object.sha)

    def read_file(self, sha: str) -> str:
        """The list file at commit `sha`, as text."""
        content = self.call(
            f"read {self.target.path} at {sha[:7]}", self.base.get_contents, self.target.path, ref=sha
        )
        if isinstance(content, list):
            where = f"{self.target.repo}/{self.target.path}"
            raise PublishError(f"{where} is a directory; set list.path to the README file")
        raw = content.raw_data
        if raw.get("encoding") == "base64" and raw.get("content"):
            return base64.b64decode(raw["content"]).decode("utf-8")
        return content.decoded_content.decode("utf-8")

    def branch_sha(self) -> str | None:
        """Where the tracker branch points, or None when it does not exist (the ref is kept for the move)."""
        ref = self.head_repo().get_git_ref(f"heads/{self.branch}")  # lazy: reading .object is the request
        sha = self.call_or_none(f"read branch {self.branch}", lambda: ref.object.sha)
        self._ref = ref if sha is not None else None
        return sha

    def foreign_commits(self, number: int) -> list[str]:
        """Short shas of the PR's commits that tracker did not make (no trailer): a human's work."""
        listing = self.base.get_pull(number).get_commits()  # lazy pull: only the pages are requests
        commits = self._all_pages(listing, f"list the commits of PR #{number}")
        return [c.sha[:7] for c in commits if TRAILER not in (c.commit.message or "")]

    def repo_description(self, full_name: str) -> str | None:
        """A tracked repo's description (classified with its release notes); None when it cannot be read."""
        try:
            self._count()
            return self.gh.get_repo(full_name).raw_data.get("description")
        except GithubException as exc:
            log.info("description of %s not read: HTTP %s", full_name, exc.status)
            return None

    # writes --------------------------------------------------------------------------------------------
    def commit_file(self, base_sha: str, text: str, message: str) -> str:
        """One commit on `base_sha` changing only the list file (blob, tree, commit); returns its sha."""
        repo = self.head_repo()
        parent = self.call("read the base commit", repo.get_git_commit, base_sha)  # its tree is the base tree
        blob = self.call("create the README blob", repo.create_git_blob, text, "utf-8")
        element = InputGitTreeElement(self.target.path, "100644", "blob", sha=blob.sha)
        tree = self.call("create the tree", repo.create_git_tree, [element], base_tree=parent.tree)
        commit = self.call(
            "create the commit", repo.create_git_commit, f"{message}\n\n{TRAILER}\n", tree, [parent],
            author=AUTHOR,
        )  # fmt: skip
        return commit.sha

    def move_branch(self, sha: str, exists: bool) -> None:
        """Point the tracker branch at `sha` in one step: create it, or force-move it (never via the base)."""
        repo = self.head_repo()
        if not exists:
            try:
                ref = f"refs/heads/{self.branch}"
                self.call(f"create branch {self.branch}", repo.create_git_ref, ref, sha)
                return
            except PublishError:
                if self.branch_sha() is None:
                    raise  # created meanwhile (a lost answer, or a concurrent run): move it instead
        if self._ref is None:
            self.branch_sha()
        if self._ref is None:
            raise PublishError(f"branch {self.branch} vanished while publishing; rerun to recreate it")
        self.call(f"move branch {self.branch}", self._ref.edit, sha, force=True)

    def open_pull(self, title: str, body: str) -> PullInfo:
        """POST /pulls once. A 422 "already exists" means an open PR from our head: the caller adopts it."""
        try:
            pull = self.call(
                "open the pull request", self.base.create_pull, base=self.target.branch, head=self.head_label,
                title=title, body=body, maintainer_can_modify=self.config.publish.mode == "fork",
            )  # fmt: skip
        except PublishError as exc:
            if exc.status == 422 and "already exists" in str(exc).lower():
                raise PullAlreadyExists(str(exc), exc.status) from None
            raise
        return _pull_info(pull)

    def edit_pull(self, number: int, title: str, body: str) -> str:
        """PATCH the title and body; returns the PR's state from the answer (it may have been closed)."""
        pull = self.base.get_pull(number)  # lazy: the PATCH is the only request, its answer fills `state`
        self.call(f"update PR #{number}", pull.edit, title=title, body=body)
        return pull.state

    def add_labels(self, number: int, labels: list[str], present: list[str]) -> list[str]:
        """Add the configured labels the PR lacks (GitHub creates missing ones); a refusal is a warning."""
        missing = [label for label in labels if label.lower() not in {p.lower() for p in present}]
        if not missing:
            return []
        try:
            self.call(f"label PR #{number}", self.base.get_issue(number).add_to_labels, *missing)
        except PublishError as exc:
            return [f"labels not set: {exc}"]
        return []
