"""GitHub REST handlers for users, repos, contents and the git data API (blobs, trees, commits, refs).

Each checks input as GitHub does (422 on bad objects, 409 on a stale contents sha, 404 on unknown refs)
before it changes `GitHubState`.
"""

from __future__ import annotations

import base64

from tracker.demo.github_git import Person
from tracker.demo.github_routes import Ctx, Reply, Router, require
from tracker.demo.github_shapes import Json
from tracker.demo.github_state import ApiError, not_found

router = Router()


# users and repos ----------------------------------------------------------------------------------------
@router.route("GET", "/user")
def get_user(ctx: Ctx) -> Reply:
    if ctx.request.token is None:
        raise ApiError(401, "Requires authentication")
    return Reply(body=ctx.shapes.user(ctx.login))


@router.route("GET", "{repo}")
def get_repo(ctx: Ctx) -> Reply:
    return Reply(body=ctx.shapes.repo(ctx.repo, ctx.request.token))


@router.route("POST", "{repo}/forks")
def create_fork(ctx: Ctx) -> Reply:
    fork = ctx.state.fork(ctx.repo, ctx.login, bool(ctx.arg("default_branch_only", False)))
    return Reply(202, ctx.shapes.repo(fork, ctx.request.token))


@router.route("GET", "{repo}/branches/(?P<branch>.+)", "contents=read")
def get_branch(ctx: Ctx, branch: str) -> Reply:
    sha = ctx.repo.branch_sha(branch)
    if sha is None:
        raise ApiError(404, "Branch not found")
    return Reply(body=ctx.shapes.branch(ctx.repo, branch, ctx.state.git.commits[sha]))


@router.route("GET", "{repo}/commits/(?P<ref>.+)", "contents=read")
def get_commit(ctx: Ctx, ref: str) -> Reply:
    sha = ctx.state.resolve(ctx.repo, ref)
    if sha is None:
        raise ApiError(422, f"No commit found for SHA: {ref}")
    commit = ctx.state.git.commits[sha]
    before = ctx.state.git.files(commit.parents[0]) if commit.parents else {}
    files = ctx.shapes.files(before, ctx.state.git.files(sha))
    return Reply(body=ctx.shapes.commit(ctx.repo, commit, files))


@router.route("GET", r"{repo}/compare/(?P<base>.+?)\.\.\.(?P<head>.+)", "contents=read")
def compare(ctx: Ctx, base: str, head: str) -> Reply:
    shas = [ctx.state.resolve(ctx.repo, ref.split(":")[-1]) for ref in (base, head)]
    if None in shas:
        raise not_found()
    return Reply(body=ctx.shapes.compare(ctx.repo, base, head, *shas))  # type: ignore[arg-type]


# contents -----------------------------------------------------------------------------------------------
@router.route("GET", "{repo}/contents(?:/(?P<path>.*))?", "contents=read")
def get_contents(ctx: Ctx, path: str | None) -> Reply:
    path = (path or "").strip("/")
    ref = ctx.request.query.get("ref") or ctx.repo.default_branch
    sha = ctx.state.resolve(ctx.repo, ref)
    if sha is None:
        raise ApiError(404, f"No commit found for the ref {ref}")
    git = ctx.state.git
    root = git.commits[sha].tree
    kind, item = ("tree", root) if not path else _entry(git.tree_entries(root, recursive=True), path)
    if kind == "blob" and "raw" in ctx.request.headers.get("accept", ""):
        raw_type = {"x-github-media-type": "github.v3; param=raw"}
        return Reply(body=git.blobs[item], headers=raw_type, content_type="text/plain; charset=utf-8")
    if kind == "blob":
        return Reply(body=ctx.shapes.content(ctx.repo, path, kind, item, ref))
    prefix = f"{path}/" if path else ""
    rows = git.tree_entries(item, recursive=False)
    return Reply(
        body=[ctx.shapes.content(ctx.repo, prefix + name, t, s, ref, body=False) for name, t, s in rows]
    )


def _entry(rows: list[tuple[str, str, str]], path: str) -> tuple[str, str]:
    found = next(((kind, sha) for row_path, kind, sha in rows if row_path == path), None)
    if found is None:
        raise not_found()
    return found


@router.route("PUT", "{repo}/contents/(?P<path>.+)", "contents=write")
def put_contents(ctx: Ctx, path: str) -> Reply:
    require(ctx, "Content", "message", "content")
    branch = ctx.arg("branch") or ctx.repo.default_branch
    data = base64.b64decode(ctx.arg("content"))
    commit, created = ctx.state.put_file(
        ctx.repo, path, data, branch, ctx.arg("sha"), ctx.login, ctx.arg("message")
    )
    blob = ctx.state.git.files(commit.sha)[path]
    body = {
        "content": ctx.shapes.content(ctx.repo, path, "blob", blob, branch, body=False),
        "commit": ctx.shapes.git_commit(ctx.repo, commit),
    }
    return Reply(201 if created else 200, body)


# git data -----------------------------------------------------------------------------------------------
@router.route("POST", "{repo}/git/blobs", "contents=write")
def create_blob(ctx: Ctx) -> Reply:
    require(ctx, "Blob", "content")
    content = ctx.arg("content")
    data = base64.b64decode(content) if ctx.arg("encoding") == "base64" else content.encode()
    sha = ctx.state.git.put_blob(data)
    return Reply(201, {"sha": sha, "url": f"{ctx.shapes.repo_url(ctx.repo)}/git/blobs/{sha}"})


@router.route("GET", "{repo}/git/blobs/(?P<sha>[0-9a-f]{40})", "contents=read")
def get_blob(ctx: Ctx, sha: str) -> Reply:
    if sha not in ctx.state.git.blobs:
        raise not_found()
    return Reply(body=ctx.shapes.blob(ctx.repo, sha))


@router.route("POST", "{repo}/git/trees", "contents=write")
def create_tree(ctx: Ctx) -> Reply:
    git = ctx.state.git
    base = ctx.arg("base_tree")
    if base is not None and base not in git.trees:
        raise ApiError(422, "Invalid tree info")
    files = dict(git.trees[base]) if base else {}
    for entry in ctx.arg("tree") or []:
        path = entry.get("path", "").strip("/")
        if not path or entry.get("mode") not in ("100644", "100755", "040000", "160000", "120000"):
            raise ApiError(422, "Invalid tree info")
        if entry.get("type") == "tree":  # graft a whole subtree at `path`
            if entry.get("sha") not in git.trees:
                raise ApiError(422, "Invalid tree info")
            files = {p: s for p, s in files.items() if not p.startswith(path + "/")}
            files.update({f"{path}/{p}": s for p, s in git.trees[entry["sha"]].items()})
        elif "content" in entry:
            files[path] = git.put_blob(entry["content"].encode())
        elif entry.get("sha") is None:
            files.pop(path, None)
        elif entry["sha"] in git.blobs:
            files[path] = entry["sha"]
        else:
            raise ApiError(422, "Invalid tree info")
    sha = git.put_tree(files)
    return Reply(201, ctx.shapes.tree(ctx.repo, sha, recursive=True))


@router.route("GET", "{repo}/git/trees/(?P<sha>[0-9a-f]{40})", "contents=read")
def get_tree(ctx: Ctx, sha: str) -> Reply:
    if sha not in ctx.state.git.trees:
        raise not_found()
    recursive = ctx.request.query.get("recursive", "") not in ("", "0", "false")
    return Reply(body=ctx.shapes.tree(ctx.repo, sha, recursive))


@router.route("POST", "{repo}/git/commits", "contents=write")
def create_commit(ctx: Ctx) -> Reply:
    require(ctx, "Commit", "message", "tree")
    git = ctx.state.git
    if ctx.arg("tree") not in git.trees:
        raise ApiError(422, "Tree SHA does not exist")
    parents = tuple(ctx.arg("parents") or ())
    if any(parent not in git.commits for parent in parents):
        raise ApiError(422, "Parent SHA does not exist or is not a commit object")
    fallback = ctx.state.person(ctx.login)
    author = _person(ctx.arg("author"), fallback)
    committer = _person(ctx.arg("committer"), author if ctx.arg("author") else fallback)
    commit = git.put_commit(ctx.arg("tree"), parents, author, committer, ctx.arg("message"))
    return Reply(201, ctx.shapes.git_commit(ctx.repo, commit))


def _person(data: dict[str, str] | None, fallback: Person) -> Person:
    if not data:
        return fallback
    return Person(
        data.get("name", fallback.name), data.get("email", fallback.email), data.get("date") or fallback.date
    )


@router.route("GET", "{repo}/git/commits/(?P<sha>[0-9a-f]{40})", "contents=read")
def get_git_commit(ctx: Ctx, sha: str) -> Reply:
    if sha not in ctx.state.git.commits:
        raise not_found()
    return Reply(body=ctx.shapes.git_commit(ctx.repo, ctx.state.git.commits[sha]))


def _refs(ctx: Ctx, prefix: str) -> list[Json]:
    return [
        ctx.shapes.ref(ctx.repo, ref, sha)
        for ref, sha in sorted(ctx.repo.refs.items())
        if ref.startswith(prefix)
    ]


@router.route("GET", "{repo}/git/ref/(?P<ref>.+)", "contents=read")
def get_ref(ctx: Ctx, ref: str) -> Reply:
    sha = ctx.repo.refs.get(f"refs/{ref}")
    if sha is None:
        raise not_found()
    return Reply(body=ctx.shapes.ref(ctx.repo, f"refs/{ref}", sha))


@router.route("GET", "{repo}/git/refs(?:/(?P<ref>.+))?", "contents=read")
def list_refs(ctx: Ctx, ref: str | None) -> Reply:
    """An exact ref answers the ref; otherwise the refs under that prefix (404 when there are none)."""
    full = f"refs/{ref}" if ref else "refs/"
    if full in ctx.repo.refs:
        return get_ref(ctx, ref)
    found = _refs(ctx, full if not ref or ref.endswith("/") else full + "/")
    if not found:
        raise not_found()
    return ctx.page(found)


@router.route("GET", "{repo}/git/matching-refs/(?P<ref>.*)", "contents=read")
def matching_refs(ctx: Ctx, ref: str) -> Reply:
    return ctx.page(_refs(ctx, f"refs/{ref}"))


def _commit_sha(ctx: Ctx) -> str:
    sha = ctx.arg("sha")
    if sha not in ctx.state.git.commits:
        raise ApiError(422, "Object does not exist")
    return sha


@router.route("POST", "{repo}/git/refs", "contents=write")
def create_ref(ctx: Ctx) -> Reply:
    require(ctx, "Reference", "ref", "sha")
    ref = ctx.arg("ref")
    if not ref.startswith("refs/") or ref.count("/") < 2:
        raise ApiError(422, "Reference name must start with 'refs/' and have at least two slashes.")
    sha = _commit_sha(ctx)
    if ref in ctx.repo.refs:
        raise ApiError(422, "Reference already exists")
    ctx.state.set_ref(ctx.repo, ref, sha)
    return Reply(201, ctx.shapes.ref(ctx.repo, ref, sha))


@router.route("PATCH", "{repo}/git/refs?/(?P<ref>.+)", "contents=write")
def update_ref(ctx: Ctx, ref: str) -> Reply:
    full = f"refs/{ref}"
    if full not in ctx.repo.refs:
        raise ApiError(422, "Reference does not exist")
    sha = _commit_sha(ctx)
    if not ctx.arg("force", False) and not ctx.state.git.is_ancestor(ctx.repo.refs[full], sha):
        raise ApiError(422, "Update is not a fast forward")
    ctx.state.set_ref(ctx.repo, full, sha)
    return Reply(body=ctx.shapes.ref(ctx.repo, full, sha))


@router.route("DELETE", "{repo}/git/refs?/(?P<ref>.+)", "contents=write")
def delete_ref(ctx: Ctx, ref: str) -> Reply:
    if f"refs/{ref}" not in ctx.repo.refs:
        raise ApiError(422, "Reference does not exist")
    ctx.state.delete_ref(ctx.repo, f"refs/{ref}")
    return Reply(204)
