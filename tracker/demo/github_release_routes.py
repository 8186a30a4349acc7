"""GitHub REST handlers for releases: the listing (paginated, with prerelease flags), by tag, and latest.

tracker reads prerelease flags from the listing (releases.atom cannot tell a prerelease); the bodies have
the field set of GitHub's recorded release (pygithub_replaydata/GitRelease.*).
"""

from __future__ import annotations

import base64

from tracker.demo.github_routes import Ctx, Reply, Router
from tracker.demo.github_shapes import Json
from tracker.demo.github_state import Release, Repo, not_found

router = Router()


def release_json(ctx: Ctx, repo: Repo, release: Release) -> Json:
    url = f"{ctx.shapes.repo_url(repo)}/releases/{release.id}"
    uploads = f"{ctx.shapes.web}/uploads/repos/{repo.full_name}/releases/{release.id}/assets"
    return {
        "url": url,
        "assets_url": f"{url}/assets",
        "upload_url": uploads + "{?name,label}",
        "html_url": f"{ctx.shapes.web}/{repo.full_name}/releases/tag/{release.tag}",
        "id": release.id,
        "node_id": base64.b64encode(f"Release:{release.id}".encode()).decode(),
        "tag_name": release.tag,
        "target_commitish": release.target,
        "name": release.name,
        "draft": False,
        "author": ctx.shapes.user(release.author),
        "prerelease": release.prerelease,
        "created_at": release.created_at,
        "published_at": release.published_at,
        "assets": [],
        "tarball_url": f"{ctx.shapes.repo_url(repo)}/tarball/{release.tag}",
        "zipball_url": f"{ctx.shapes.repo_url(repo)}/zipball/{release.tag}",
        "body": release.body,
    }


@router.route("GET", "{repo}/releases", "contents=read")
def list_releases(ctx: Ctx) -> Reply:
    return ctx.page([release_json(ctx, ctx.repo, release) for release in ctx.repo.releases])


@router.route("GET", "{repo}/releases/latest", "contents=read")
def latest_release(ctx: Ctx) -> Reply:
    stable = [release for release in ctx.repo.releases if not release.prerelease]
    if not stable:
        raise not_found()
    return Reply(body=release_json(ctx, ctx.repo, stable[0]))


@router.route("GET", "{repo}/releases/tags/(?P<tag>.+)", "contents=read")
def release_by_tag(ctx: Ctx, tag: str) -> Reply:
    found = next((release for release in ctx.repo.releases if release.tag == tag), None)
    if found is None:
        raise not_found()
    return Reply(body=release_json(ctx, ctx.repo, found))
