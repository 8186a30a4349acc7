"""github.com/OWNER/REPO/releases.atom for the GitHub stand-in, in the recorded shape
(../shared/data/wire/github_releases_atom).

The feed is served from the web root (GITHUB_SERVER_URL), not the API: it costs no API quota, carries a weak
ETag and answers a matching If-None-Match with 304, and a repo the stand-in does not know is a 404 page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

from tracker.demo.arxiv_atom import attr, text
from tracker.demo.github_routes import Reply
from tracker.demo.github_state import GitHubState, Release, Repo

ATOM_TYPE = "application/atom+xml; charset=utf-8"
FEED_PATH = re.compile(r"^/(?P<owner>[^/]+)/(?P<name>[^/]+)/releases\.atom$")
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"'
    ' xml:lang="en-US">\n'
)


def _entry(repo_id: int, releases_url: str, release: Release, avatar: str) -> str:
    lines = [
        "  <entry>",
        f"    <id>tag:github.com,2008:Repository/{repo_id}/{text(release.tag)}</id>",
        f"    <updated>{release.updated_at}</updated>",
        f'    <link rel="alternate" type="text/html" href="{attr(releases_url)}/tag/{attr(release.tag)}"/>',
        f"    <title>{text(release.name or release.tag)}</title>",
        f'    <content type="html">{attr(release.body)}</content>',
        "    <author>",
        f"      <name>{text(release.author)}</name>",
        "    </author>",
        f'    <media:thumbnail height="30" width="30" url="{attr(avatar)}"/>',
        "  </entry>",
    ]
    return "\n".join(lines) + "\n"


def render_feed(
    full_name: str,
    repo_id: int,
    releases: Sequence[Release],
    web: str,
    *,
    updated: str | None = None,
) -> bytes:
    """The feed of `releases` (newest first) of repo `full_name`, with links below `web` (the server
    root). The feed's <updated> is the newest release's publication unless given."""
    releases_url = f"{web.rstrip('/')}/{full_name}/releases"
    newest = max((release.published_at for release in releases), default="1970-01-01T00:00:00Z")
    head = [
        f"  <id>tag:github.com,2008:{text(releases_url)}</id>",
        f'  <link type="text/html" rel="alternate" href="{attr(releases_url)}"/>',
        f'  <link type="application/atom+xml" rel="self" href="{attr(releases_url)}.atom"/>',
        f"  <title>Release notes from {text(full_name.split('/')[1])}</title>",
        f"  <updated>{updated or newest}</updated>",
    ]
    entries = "".join(
        _entry(repo_id, releases_url, release, release.avatar_url or f"{web}/avatars/{release.author}")
        for release in releases
    )
    return (_HEAD + "\n".join(head) + "\n" + entries + "</feed>\n").encode("utf-8")


def _repo(state: GitHubState, owner: str, name: str) -> Repo | None:
    return state.repos.get(f"{owner}/{name}".lower())


def web_reply(state: GitHubState, web: str, path: str, headers: Mapping[str, str]) -> Reply:
    """The stand-in's web root: releases.atom of a known repo (200 or 304), else GitHub's 404 page.

    `headers` have lower-cased names; call with `state.lock` held."""
    match = FEED_PATH.match(path)
    repo = _repo(state, match["owner"], match["name"]) if match else None
    if repo is None:
        return Reply(404, b"Not Found", {}, "text/html; charset=utf-8")
    body = render_feed(repo.full_name, repo.id, repo.releases, web)
    etag = f'W/"{hashlib.md5(body).hexdigest()}"'
    wanted = {tag.strip().removeprefix("W/") for tag in headers.get("if-none-match", "").split(",")}
    if etag.removeprefix("W/") in wanted:
        return Reply(304, b"", {"ETag": etag}, ATOM_TYPE)
    return Reply(200, body, {"ETag": etag}, ATOM_TYPE)
