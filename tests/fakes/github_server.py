"""A fake github.com (releases.atom) and GitHub REST API, answering in the recorded shapes.

The web side serves each repo's releases.atom (from the recorded appfair/Tune-Out feed) with ETags and 304s.
The API side serves release listings (records from PyGithub's ReplayData) with Link pagination, the
contents API (raw or base64 JSON) with ETags, 404s, and a real primary rate limit: every non-304 answer
spends quota; at zero it answers 403 with x-ratelimit-remaining 0 and x-ratelimit-reset until the reset.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree
from werkzeug import Request, Response

from tests.fakes.arxiv_server import ATOM, WIRE
from tests.fakes.replay import find_record
from tests.fakes.service import FakeService

REPLAY = WIRE / "pygithub_replaydata"


@dataclass
class FakeRelease:
    tag: str
    updated: datetime
    name: str = ""
    prerelease: bool = False
    body: str = "<p>Release notes</p>"


@dataclass
class FakeRepo:
    full_name: str  # as GitHub spells it
    releases: list[FakeRelease] = field(default_factory=list)  # newest first
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # (path, branch) -> text


def _etag(body: bytes, weak: bool = False) -> str:
    tag = '"' + hashlib.sha1(body).hexdigest() + '"'
    return f"W/{tag}" if weak else tag


class GitHubWebFake(FakeService):
    """github.com: /{owner}/{repo}/releases.atom."""

    def __init__(self, repos: dict[str, FakeRepo]) -> None:
        super().__init__()
        self.repos = repos
        feed = etree.parse(str(WIRE / "github_releases_atom" / "appfair_Tune-Out_releases.atom")).getroot()
        self._entry_template = feed.find(f"{ATOM}entry")
        for entry in feed.findall(f"{ATOM}entry"):
            feed.remove(entry)
        self._envelope = feed

    def handle(self, request: Request) -> Response:
        match = re.fullmatch(r"/([^/]+/[^/]+)/releases\.atom", request.path)
        repo = self.repos.get(match.group(1).lower()) if match else None
        if repo is None:
            return Response("Not Found", status=404, content_type="text/html")
        body = self.atom(repo)
        etag = _etag(body, weak=True)
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, headers={"ETag": etag}, content_type="application/atom+xml; charset=utf-8")

    def atom(self, repo: FakeRepo) -> bytes:
        feed = copy.deepcopy(self._envelope)
        base = f"https://github.com/{repo.full_name}/releases"
        feed.find(f"{ATOM}id").text = f"tag:github.com,2008:{base}"
        for link in feed.findall(f"{ATOM}link"):
            link.set("href", base + (".atom" if link.get("rel") == "self" else ""))
        feed.find(f"{ATOM}title").text = f"Release notes from {repo.full_name.split('/')[1]}"
        if repo.releases:
            feed.find(f"{ATOM}updated").text = repo.releases[0].updated.strftime("%Y-%m-%dT%H:%M:%SZ")
        for release in repo.releases:
            entry = copy.deepcopy(self._entry_template)
            entry.find(f"{ATOM}id").text = f"tag:github.com,2008:Repository/1035115287/{release.tag}"
            entry.find(f"{ATOM}updated").text = release.updated.strftime("%Y-%m-%dT%H:%M:%SZ")
            entry.find(f"{ATOM}link").set("href", f"{base}/tag/{release.tag}")
            entry.find(f"{ATOM}title").text = release.name or release.tag
            entry.find(f"{ATOM}content").text = release.body
            feed.append(entry)
        return etree.tostring(feed, xml_declaration=True, encoding="UTF-8")


class GitHubApiFake(FakeService):
    """api.github.com: releases listings, the contents API, 404s and a primary rate limit."""

    def __init__(self, repos: dict[str, FakeRepo], limit: int = 5000) -> None:
        super().__init__()
        self.repos = repos
        self.limit = limit
        self.remaining = limit
        self.reset_at = int(time.time()) + 3600
        self.quota_used = 0
        self._release = find_record(REPLAY / "GitRelease.testGetRelease.txt", "GET", "/releases/")
        self._contents = find_record(REPLAY / "Repository.testGetContents.txt", "GET", "/contents/")
        self._not_found = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}

    def reset(self) -> None:
        super().reset()
        self.remaining, self.reset_at, self.quota_used = self.limit, int(time.time()) + 3600, 0

    def exhaust(self, reset_in: float) -> None:
        """Spend the whole quota; it comes back `reset_in` seconds from now."""
        self.remaining, self.reset_at = 0, int(time.time() + reset_in)

    def _rate_headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
            "X-RateLimit-Used": str(self.limit - self.remaining),
            "X-RateLimit-Resource": "core",
        }

    def _json(self, data: object, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        return Response(
            json.dumps(data),
            status=status,
            headers={**self._rate_headers(), **(headers or {})},
            content_type="application/json; charset=utf-8",
        )

    def handle(self, request: Request) -> Response:
        if self.remaining <= 0 and time.time() >= self.reset_at:
            self.remaining, self.reset_at = self.limit, int(time.time()) + 3600
        if self.remaining <= 0:
            message = "API rate limit exceeded for user ID 1. (But here's the good news: ...)"
            return self._json({"message": message, "documentation_url": "https://docs.github.com/rest"}, 403)
        response = self._route(request)
        if response.status_code != 304:  # conditional requests answered 304 cost no quota
            self.remaining -= 1
            self.quota_used += 1
            response.headers.update(self._rate_headers())
        return response

    def _route(self, request: Request) -> Response:
        match = re.fullmatch(r"/repos/([^/]+/[^/]+)/(releases|contents/(.+))", request.path)
        repo = self.repos.get(match.group(1).lower()) if match else None
        if repo is None or match is None:
            return self._json(self._not_found, 404)
        if match.group(2) == "releases":
            return self._releases(request, repo)
        return self._file(request, repo, match.group(3))

    def _releases(self, request: Request, repo: FakeRepo) -> Response:
        per_page = int(request.args.get("per_page", 30))
        page = int(request.args.get("page", 1))
        chunk = repo.releases[(page - 1) * per_page : page * per_page]
        items = []
        for number, release in enumerate(chunk, (page - 1) * per_page + 1):
            item = copy.deepcopy(self._release.json())
            item.update(
                id=number,
                tag_name=release.tag,
                name=release.name or release.tag,
                prerelease=release.prerelease,
                html_url=f"https://github.com/{repo.full_name}/releases/tag/{release.tag}",
                published_at=release.updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
                body=release.body,
            )
            items.append(item)
        headers = {}
        last = max(1, -(-len(repo.releases) // per_page))
        if page < last:
            url = request.base_url
            headers["Link"] = (
                f'<{url}?per_page={per_page}&page={page + 1}>; rel="next", '
                f'<{url}?per_page={per_page}&page={last}>; rel="last"'
            )
        return self._json(items, headers=headers)

    def contents_json(self, path: str, text: str) -> Response:
        """The contents API's JSON answer (recorded shape): the file base64-encoded."""
        data = copy.deepcopy(self._contents.json())
        encoded = base64.b64encode(text.encode()).decode()
        data.update(
            name=path.rsplit("/", 1)[-1], path=path, encoding="base64", content=encoded, size=len(text)
        )
        return self._json(data)

    def _file(self, request: Request, repo: FakeRepo, path: str) -> Response:
        text = repo.files.get((path, request.args.get("ref", "main")))
        if text is None:
            return self._json(self._not_found, 404)
        raw = "raw" in request.headers.get("Accept", "")
        if raw:
            body = text.encode()
            content_type = "application/vnd.github.raw; charset=utf-8"
        else:
            body, content_type = self.contents_json(path, text).get_data(), "application/json; charset=utf-8"
        etag = _etag(body)
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag, **self._rate_headers()})
        return Response(body, headers={"ETag": etag, **self._rate_headers()}, content_type=content_type)


class GitHubFake:
    """Both sides of GitHub over one set of repos."""

    def __init__(self) -> None:
        self.repos: dict[str, FakeRepo] = {}
        self.web = GitHubWebFake(self.repos)
        self.api = GitHubApiFake(self.repos)

    def add_repo(self, full_name: str, releases: list[FakeRelease] | None = None) -> FakeRepo:
        repo = FakeRepo(full_name, releases or [])
        self.repos[full_name.lower()] = repo
        return repo

    def reset(self) -> None:
        self.repos.clear()
        self.web.reset()
        self.api.reset()

    def start(self) -> GitHubFake:
        self.web.start()
        self.api.start()
        return self

    def stop(self) -> None:
        self.web.stop()
        self.api.stop()


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)
