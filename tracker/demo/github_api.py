"""A stateful stand-in for the GitHub REST API on 127.0.0.1, for the offline demo and the publish tests.

It speaks to the real PyGithub client: the API lives under `/api/v3` as on GitHub Enterprise Server, so
`Github(base_url=standin.url)` and GITHUB_API_URL/GITHUB_SERVER_URL work unchanged. Only the standard
library serves it (the installed package cannot depend on test tools). Around the routes it adds what
GitHub adds: token checks (the token is never logged or echoed), rate-limit headers with a real budget,
ETags with free 304s, a request log, scripted faults, and helpers that act as the maintainer. The web root
(outside `/api/v3`) serves each repo's releases.atom (`releases_feed.py`), which costs no API quota.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any

from tracker.demo import github_pull_routes, github_release_routes, github_repo_routes, releases_feed
from tracker.demo.github_routes import Reply, Request, dispatch
from tracker.demo.github_shapes import Shapes
from tracker.demo.github_state import ApiError, GitHubState, Issue, Release, Repo, Token, not_found
from tracker.demo.loopback import Logged, LoopbackServer, LoopbackService, send

API_PREFIX = "/api/v3"
ROUTES = (
    github_repo_routes.router.routes + github_pull_routes.router.routes + github_release_routes.router.routes
)


@dataclass
class Fault:
    """Answer the next `times` requests matching method and path regex with `reply` (or drop them)."""

    method: str
    path: re.Pattern[str]
    reply: Reply
    after: bool  # apply the request first, then lose its answer (the retry hazard)
    drop: bool
    times: int = 1

    def matches(self, method: str, path: str) -> bool:
        return re.fullmatch(self.method, method) is not None and self.path.search(path) is not None


@dataclass
class Hold:
    """Keep the next matching request waiting until `release()`: the crash tests' pause point. Then drop it
    unanswered and unapplied (what a client killed while waiting leaves behind), or with `apply` serve it."""

    method: str
    path: re.Pattern[str]
    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    apply: bool = False

    def release(self, apply: bool = False) -> None:
        self.apply = apply
        self.released.set()


@dataclass
class RateLimit:
    """The core budget: every answer but a 304 spends one; at zero, 403 until `reset`."""

    limit: int
    remaining: int
    reset: int = field(default_factory=lambda: int(time.time()) + 3600)

    def refill_if_due(self) -> None:
        if self.remaining <= 0 and time.time() >= self.reset:
            self.remaining, self.reset = self.limit, int(time.time()) + 3600

    def spend(self) -> None:
        self.remaining = max(0, self.remaining - 1)

    def headers(self) -> dict[str, str]:
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-reset": str(self.reset),
            "x-ratelimit-used": str(self.limit - self.remaining),
            "x-ratelimit-resource": "core",
        }

    def document(self) -> dict[str, Any]:
        core = {key.removeprefix("x-ratelimit-"): value for key, value in self.headers().items()}
        core = {key: value if key == "resource" else int(value) for key, value in core.items()}
        return {"resources": {"core": core}, "rate": core}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class GitHubStandIn(LoopbackService):
    """The server plus its state. Use as a context manager, or start()/stop(); `url` is the API base."""

    def __init__(
        self,
        *,
        login: str = "tracker-bot",
        permissions: Mapping[str, str] | None = None,
        rate_limit: int = 5000,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.state = GitHubState(clock)
        self.log: list[Logged] = []
        self.faults: list[Fault] = []
        self.holds: list[Hold] = []
        self.rate = RateLimit(rate_limit, rate_limit)
        self.any_token: Token | None = Token(login, dict(permissions)) if permissions else Token(login)
        self._tokens: dict[str, Token] = {}  # sha256 of a token -> who it is; never the token itself
        self._server = LoopbackServer(self._serve, "github-standin")
        self._shapes: Shapes | None = None

    # lifecycle -------------------------------------------------------------------------------------------
    def _started(self) -> None:
        self._shapes = Shapes(self.state, self.url, self.server_url)

    @property
    def server_url(self) -> str:
        """The web root (GITHUB_SERVER_URL); html_url fields point below it."""
        return self._server.url

    @property
    def url(self) -> str:
        """The REST API base (GITHUB_API_URL), for `Github(base_url=...)`."""
        return self.server_url + API_PREFIX

    @property
    def host_port(self) -> str:
        return self.server_url.removeprefix("http://")

    # configuration ---------------------------------------------------------------------------------------
    def add_token(self, token: str, login: str, permissions: Mapping[str, str] | None = None) -> None:
        """Accept `token` as `login`. Once any token is added, every other token gets 401 Bad credentials."""
        self.any_token = None
        self._tokens[_digest(token)] = Token(login, dict(permissions)) if permissions else Token(login)

    def set_rate_limit(self, remaining: int, reset_in: float = 3600.0, limit: int | None = None) -> None:
        self.rate = RateLimit(limit or self.rate.limit, remaining, int(time.time() + reset_in))

    def fail_next(
        self,
        method: str,
        path: str,
        status: int = 502,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        *,
        after: bool = False,
        drop: bool = False,
        times: int = 1,
    ) -> None:
        """Fail the next `times` requests whose method matches `method` and path contains `path` (regexes).

        `after=True` applies the request, then fails its answer; `drop=True` closes the connection unanswered.
        """
        content = body if body is not None else {"message": HTTPStatus(status).phrase}
        reply = Reply(status, content, dict(headers or {}))
        self.faults.append(Fault(method, re.compile(path), reply, after, drop, times))

    def hold_next(self, method: str, path: str) -> Hold:
        """Hold the next request matching `method` and the `path` regex (see `Hold`)."""
        hold = Hold(method, re.compile(path))
        self.holds.append(hold)
        return hold

    def secondary_limit(
        self, method: str = ".*", path: str = ".*", retry_after: int = 1, status: int = 403
    ) -> None:
        """Answer the next matching request with GitHub's secondary-rate-limit error and Retry-After."""
        message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
        self.fail_next(method, path, status, {"message": message}, {"retry-after": str(retry_after)})

    # the request log -------------------------------------------------------------------------------------
    def requests(self, method: str | None = None, path: str | None = None) -> list[Logged]:
        """Logged requests, optionally only those with this method and a path matching the regex."""
        return [
            entry
            for entry in self.log
            if (method is None or entry.method == method) and (path is None or re.search(path, entry.path))
        ]

    # the maintainer's hands ------------------------------------------------------------------------------
    def create_repo(
        self, full_name: str, files: Mapping[str, str], default_branch: str = "main", description: str = ""
    ) -> Repo:
        """A public repo with one initial commit holding `files`; the first one created is the default."""
        with self.state.lock:
            return self.state.create_repo(full_name, files, default_branch, description)

    def repo(self, full_name: str | None = None) -> Repo:
        with self.state.lock:
            if full_name is None:
                return next(iter(self.state.repos.values()))
            return self.state.repo(*full_name.split("/"))

    def push_commit(
        self,
        branch: str,
        files: Mapping[str, str | None],
        author: str = "human",
        message: str = "Edit by hand",
        repo: str | None = None,
    ) -> str:
        """Push one commit changing `files` (None deletes) onto `branch`; returns its sha."""
        with self.state.lock:
            return self.state.commit_files(self.repo(repo), branch, files, author, message).sha

    def edit_file_upstream(
        self, path: str, text: str, author: str = "maintainer", repo: str | None = None
    ) -> str:
        """Commit an edit of `path` straight onto the default branch."""
        target = self.repo(repo)
        return self.push_commit(target.default_branch, {path: text}, author, f"Update {path}", repo)

    def merge_pull(
        self, number: int, method: str = "merge", by: str = "maintainer", repo: str | None = None
    ) -> str:
        """Merge PR `number` as the maintainer would; returns the merge commit sha."""
        with self.state.lock:
            target = self.repo(repo)
            return self.state.merge(target, self.pull(number, repo), by, method).sha

    def close_pull(self, number: int, repo: str | None = None) -> None:
        with self.state.lock:
            self.state.close(self.pull(number, repo))

    def delete_branch(self, branch: str, repo: str | None = None) -> None:
        with self.state.lock:
            self.state.delete_ref(self.repo(repo), f"refs/heads/{branch}")

    def branch_sha(self, branch: str, repo: str | None = None) -> str | None:
        with self.state.lock:
            return self.repo(repo).branch_sha(branch)

    def read_file(self, branch: str, path: str, repo: str | None = None) -> str | None:
        """The text of `path` on `branch`, or None when either is missing."""
        with self.state.lock:
            sha = self.repo(repo).branch_sha(branch)
            blob = self.state.git.files(sha).get(path) if sha else None
            return self.state.git.text(blob) if blob else None

    def pull(self, number: int, repo: str | None = None) -> Issue:
        issue = self.repo(repo).issues.get(number)
        if issue is None or issue.pull is None:
            raise KeyError(f"no pull request #{number}")
        return issue

    def open_pulls(self, repo: str | None = None) -> list[Issue]:
        with self.state.lock:
            return [issue for issue in self.repo(repo).pulls() if issue.state == "open"]

    def add_release(
        self, repo: str, tag: str, name: str, body: str, published: datetime, **details: Any
    ) -> Release:
        """Publish a release of `repo` (created, with a one-line README, if the stand-in lacks it). It shows
        in releases.atom (`updated`, default `published`, is the entry's time) and in the REST listing;
        `details` are `GitHubState.add_release`'s keywords (prerelease, author, updated, avatar_url)."""
        with self.state.lock:
            if repo.lower() not in self.state.repos:
                self.state.create_repo(repo, {"README.md": f"# {repo.split('/')[1]}\n"})
            target = self.state.repo(*repo.split("/"))
            return self.state.add_release(target, tag, name, body, published, **details)

    # serving ---------------------------------------------------------------------------------------------
    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urllib.parse.urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in handler.headers.items()}
        path = urllib.parse.unquote(parts.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        api = path.startswith(API_PREFIX + "/")
        web = not api and handler.command in ("GET", "HEAD")  # the web root: releases.atom
        problem = None if api else not_found()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body, problem = raw.decode("utf-8", errors="replace"), ApiError(400, "Problems parsing JSON")
        entry = Logged(handler.command, path.removeprefix(API_PREFIX) if api else path, query, body)
        if self._held(entry):
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        with self.state.lock:
            self.log.append(entry)
            reply, drop = self._answer_web(entry, headers) if web else self._answer(entry, headers, problem)
            entry.status = 0 if drop else reply.status
        if drop:
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
        elif web:
            content = {"Content-Type": reply.content_type} if reply.status != 304 else {}
            send(handler, reply.status, {**reply.headers, **content}, _encode(reply.body))
        else:
            self._write(handler, reply)

    def _held(self, entry: Logged) -> bool:
        """Wait out a matching hold (outside the state lock, so others are served meanwhile)."""
        with self.state.lock:
            matches = (h for h in self.holds if h.method == entry.method and h.path.search(entry.path))
            hold = next(matches, None)
            if hold is None:
                return False
            self.holds.remove(hold)
            self.log.append(entry)
        hold.arrived.set()
        hold.released.wait(120)
        if hold.apply:
            with self.state.lock:
                self.log.remove(entry)  # served below, and logged there
        return not hold.apply

    def _take_fault(self, entry: Logged, after: bool) -> Fault | None:
        fault = next(
            (f for f in self.faults if f.after == after and f.matches(entry.method, entry.path)), None
        )
        if fault is not None:
            fault.times -= 1
            if fault.times <= 0:
                self.faults.remove(fault)
        return fault

    def _answer(self, entry: Logged, headers: dict[str, str], problem: ApiError | None) -> tuple[Reply, bool]:
        """The reply (or a scripted fault) and whether to drop the connection instead."""
        fault = self._take_fault(entry, after=False)
        if fault is not None:
            return fault.reply, fault.drop
        free = entry.path == "/rate_limit"
        try:
            token = self._authenticate(headers.get("authorization", ""))
            entry.login = token.login if token else None
            if free:
                reply = Reply(body=self.rate.document())
            else:
                self.rate.refill_if_due()
                if self.rate.remaining <= 0:
                    raise ApiError(403, "API rate limit exceeded for user ID 1. Wait for x-ratelimit-reset.")
                if problem is not None:
                    raise problem
                request = Request(entry.method, entry.path, entry.query, entry.body, headers, token)
                reply = dispatch(ROUTES, self.state, self._shapes, request)  # type: ignore[arg-type]
        except ApiError as error:
            reply = Reply(error.status, error.body(), dict(error.headers))
        reply = self._conditional(entry.method, headers, reply)
        if reply.status != 304 and not free:
            self.rate.spend()
        fault = self._take_fault(entry, after=True)
        return (fault.reply, fault.drop) if fault is not None else (reply, False)

    def _answer_web(self, entry: Logged, headers: dict[str, str]) -> tuple[Reply, bool]:
        """The web root costs no API quota and carries no API headers; scripted faults still apply."""
        fault = self._take_fault(entry, after=False)
        if fault is not None:
            return fault.reply, fault.drop
        return releases_feed.web_reply(self.state, self.server_url, entry.path, headers), False

    def _authenticate(self, authorization: str) -> Token | None:
        _, _, value = authorization.partition(" ")
        if not value.strip():
            return None
        if self.any_token is not None:
            return self.any_token
        token = self._tokens.get(_digest(value.strip()))
        if token is None:
            raise ApiError(401, "Bad credentials")
        return token

    @staticmethod
    def _conditional(method: str, headers: dict[str, str], reply: Reply) -> Reply:
        """GETs carry a weak ETag; a matching If-None-Match gets an empty 304 (which costs no quota)."""
        if method != "GET" or reply.status != 200:
            return reply
        etag = f'W/"{hashlib.sha256(_encode(reply.body)).hexdigest()}"'
        reply.headers["ETag"] = etag
        wanted = {tag.strip().removeprefix("W/") for tag in headers.get("if-none-match", "").split(",")}
        if etag.removeprefix("W/") in wanted:
            return Reply(304, None, {"ETag": etag})
        return reply

    def _write(self, handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        headers = {
            **self.rate.headers(),
            "x-github-api-version-selected": "2022-11-28",
            "x-github-media-type": "github.v3; format=json",
            "x-github-request-id": f"{len(self.log):08X}",
            **reply.headers,
        }
        if reply.status not in (204, 304):
            headers["Content-Type"] = reply.content_type
        send(handler, reply.status, headers, _encode(reply.body))


def _encode(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    return (body if isinstance(body, str) else json.dumps(body)).encode()
