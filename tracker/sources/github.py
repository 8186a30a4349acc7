"""GitHub releases of tracked repos, and the list README, read so that nothing new costs no API quota.

releases.atom is fetched with If-None-Match (a 304 is free); PyGithub is called only for details the feed
lacks (the prerelease flag) of releases not seen before; the README is read with a conditional request.

A night with nothing new answers every request here with 304 and spends no API quota at all.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import quote, unquote

import feedparser
import requests
from github import Auth, Github, GithubException, GithubRetry, RateLimitExceededException
from github.Consts import DEFAULT_SECONDS_BETWEEN_REQUESTS

from tracker.config import GithubConfig
from tracker.errors import SourceError
from tracker.ids import github_repo_from_url
from tracker.models import Release
from tracker.secrets import register
from tracker.sources.feeds import parse_feed
from tracker.sources.http import PoliteSession, RateLimitError, RequestCounter, raise_for_status

_ENTRY_TAG = re.compile(r"^tag:github\.com,2008:Repository/\d+/(?P<tag>.+)$")
_GITHUB_URL = re.compile(r"https?://(?:www\.)?github\.com/[^\s)\]>\"'<]+", re.IGNORECASE)


def repos_from_readme(text: str) -> list[str]:
    """Every GitHub repo (owner/name, lower-cased) the README links to, in order of first appearance."""
    found = (github_repo_from_url(match.group(0)) for match in _GITHUB_URL.finditer(text))
    return list(dict.fromkeys(repo for repo in found if repo))


@dataclass
class FeedFetch:
    """One repo's releases.atom: `not_modified` (304), `missing` (404: renamed or deleted) or `ok`."""

    status: Literal["ok", "not_modified", "missing"]
    releases: list[Release]
    etag: str | None


def _tag(entry: feedparser.FeedParserDict) -> str | None:
    match = _ENTRY_TAG.match(entry.get("id", ""))
    if match:
        return match.group("tag")
    link = entry.get("link", "")
    return unquote(link.rsplit("/releases/tag/", 1)[1]) if "/releases/tag/" in link else None


def _release(repo: str, entry: feedparser.FeedParserDict) -> Release | None:
    tag = _tag(entry)
    if not tag:
        return None
    updated = entry.get("updated_parsed")
    content = entry.get("content") or [{}]
    return Release(
        repo=repo,
        tag=tag,
        name=" ".join(entry.get("title", "").split()),
        body=content[0].get("value", ""),
        published=datetime(*updated[:6], tzinfo=UTC) if updated else None,
        url=entry.get("link", ""),
    )


def _spelling(link: str, server_url: str, repo: str) -> str:
    """GitHub's own spelling of owner/name, from the feed's `{server_url}/Owner/Name/releases` link (on
    github.com or any GitHub Enterprise server); `repo` as given when the link says nothing."""
    prefix = next(
        (
            p
            for p in (server_url.rstrip("/") + "/", "https://github.com/")
            if link.lower().startswith(p.lower())
        ),
        None,
    )
    if prefix is None:
        return repo
    parts = link[len(prefix) :].split("/")
    same = len(parts) >= 3 and parts[2] == "releases" and f"{parts[0]}/{parts[1]}".lower() == repo.lower()
    return f"{parts[0]}/{parts[1]}" if same else repo


def fetch_release_feed(session: PoliteSession, server_url: str, repo: str, etag: str | None) -> FeedFetch:
    """GET {server_url}/{repo}/releases.atom with If-None-Match; parse its entries as Releases."""
    headers = {"If-None-Match": etag} if etag else {}
    response = session.get(f"{server_url.rstrip('/')}/{repo}/releases.atom", headers=headers)
    if response.status_code == 304:
        return FeedFetch("not_modified", [], etag)
    if response.status_code == 404:
        return FeedFetch("missing", [], None)
    raise_for_status(response, f"GitHub releases of {repo}")
    parsed = parse_feed(response.content, f"GitHub releases of {repo}", response.headers.get("Content-Type"))
    repo = _spelling(parsed.feed.get("link", ""), server_url, repo)
    releases = [release for entry in parsed.entries if (release := _release(repo, entry)) is not None]
    return FeedFetch("ok", releases, response.headers.get("ETag"))


@dataclass
class GithubApi:
    """PyGithub plus the run's request counter (PyGithub's own session is not ours to count)."""

    gh: Github
    counter: RequestCounter
    url: str


def github_client(
    config: GithubConfig,
    *,
    retry_statuses: tuple[int, ...] = (429, 500, 502, 503, 504),
    seconds_between_requests: float | None = DEFAULT_SECONDS_BETWEEN_REQUESTS,
) -> Github:
    """PyGithub on config.api_url, lazy (objects named cost no request until read), 100 per page: bounded
    retries of GET/HEAD only (a POST is never repeated, so a PR never opens twice), a rate limit waited
    out only as configured, writes spaced by mutation_delay_seconds. The token is registered for redaction."""
    token = config.token.get_secret_value() if config.token else None
    register(token)
    retry = GithubRetry(
        total=3,
        backoff_factor=1.0,
        max_rate_limit_wait=config.max_wait_seconds if config.on_rate_limit == "wait" else 0.0,
        status_forcelist=list(retry_statuses),
        allowed_methods=frozenset({"GET", "HEAD"}),
    )
    return Github(
        base_url=config.api_url.rstrip("/"),
        auth=Auth.Token(token) if token else None,
        timeout=max(1, round(config.timeout_seconds)),
        retry=retry,
        per_page=100,
        seconds_between_requests=seconds_between_requests,
        seconds_between_writes=config.mutation_delay_seconds,
        lazy=True,
    )


def make_api(config: GithubConfig, counter: RequestCounter) -> GithubApi:
    """The fetch stage's PyGithub, with the run's request counter."""
    return GithubApi(github_client(config), counter, config.api_url)


def fill_prerelease_flags(api: GithubApi, repo: str, releases: list[Release]) -> list[Release]:
    """Set `prerelease` on releases from the REST API, one page (100 releases) per request, newest first."""
    wanted = {release.tag: release for release in releases}
    listing = api.gh.get_repo(repo).get_releases()
    page = 0
    try:
        while wanted:
            api.counter.add(api.url)
            items = listing.get_page(page)
            for item in items:
                if item.tag_name in wanted:
                    wanted.pop(item.tag_name).prerelease = bool(item.prerelease)
            if len(items) < api.gh.per_page:
                break
            page += 1
    except RateLimitExceededException as exc:
        raise RateLimitError(
            f"GitHub API rate limit exhausted while reading releases of {repo} ({exc.status}); "
            "rerun after the reset, or set on_rate_limit: wait with a larger max_wait_seconds"
        ) from None
    except GithubException as exc:
        raise SourceError(f"GitHub API: releases of {repo} answered HTTP {exc.status}") from None
    except requests.RequestException as exc:  # PyGithub's own retries are spent (5xx, timeouts, resets)
        raise SourceError(f"GitHub API: releases of {repo}: no answer ({type(exc).__name__})") from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:  # JSON, but not a release listing
        raise SourceError(
            f"GitHub API: releases of {repo}: unreadable answer ({type(exc).__name__}); nothing stored"
        ) from None
    return releases


@dataclass
class ReadmeFetch:
    """The list README: its text when it changed, `not_modified` on 304, and the ETag to send next time."""

    text: str | None
    etag: str | None
    not_modified: bool


def fetch_readme(
    session: PoliteSession, config: GithubConfig, repo: str, path: str, branch: str, etag: str | None
) -> ReadmeFetch:
    """GET /repos/{repo}/contents/{path}?ref={branch} (raw) with If-None-Match; a 304 costs no quota."""
    headers = {"Accept": "application/vnd.github.raw", "X-GitHub-Api-Version": "2022-11-28"}
    if config.token:
        headers["Authorization"] = f"Bearer {config.token.get_secret_value()}"
    if etag:
        headers["If-None-Match"] = etag
    url = f"{config.api_url.rstrip('/')}/repos/{repo}/contents/{quote(path)}"
    response = session.get(url, params={"ref": branch}, headers=headers)
    if response.status_code == 304:
        return ReadmeFetch(None, etag, True)
    if response.status_code == 404:
        raise SourceError(f"list README {repo}/{path}@{branch}: HTTP 404; check list.repo, path and branch")
    raise_for_status(response, f"list README {repo}/{path}")
    return ReadmeFetch(
        _readme_text(response, f"list README {repo}/{path}"), response.headers.get("ETag"), False
    )


def _readme_text(response: requests.Response, what: str) -> str:
    """The raw media type gives the file itself; a JSON contents object (base64) is decoded too.

    Broken JSON, broken base64, an HTML page or bytes that are not UTF-8 are a SourceError (the README is
    not read and its cursor stays), never an empty README that would drop every tracked repo for good.
    """
    content_type = response.headers.get("Content-Type", "")
    if "html" in content_type:  # a proxy's or GitHub's error page served with 200, not the file
        raise SourceError(f"{what}: answered an HTML page ({content_type}), not the file")
    try:
        if "json" in content_type:
            data = response.json()
            if isinstance(data, dict) and data.get("encoding") == "base64":
                encoded = "".join(str(data.get("content", "")).split())
                return base64.b64decode(encoded, validate=True).decode("utf-8")
            raise SourceError(f"{what}: the contents API answered JSON without a base64 file")
        return response.content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{what}: not UTF-8 text (bad byte at offset {exc.start})") from None
    except ValueError as exc:  # JSON and base64 (binascii.Error) errors are ValueErrors
        raise SourceError(f"{what}: unreadable contents answer ({type(exc).__name__}: {exc})") from None


def new_since(releases: Iterable[Release], watermark: datetime | None) -> list[Release]:
    """Releases updated after the repo's watermark: the only ones that may need details."""
    return [r for r in releases if watermark is None or (r.published is not None and r.published > watermark)]
