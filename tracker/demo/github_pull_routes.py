"""GitHub REST handlers for pull requests, labels, issues and comments.

Listing follows GitHub's filters (state, `owner:branch` head, base) and order; the lifecycle rules behind
create, merge and reopen live in `GitHubState`.
"""

from __future__ import annotations

from tracker.demo.github_routes import Ctx, Reply, Router, require
from tracker.demo.github_state import ApiError, Issue, invalid, not_found

router = Router()


# pulls ----------------------------------------------------------------------------------------------------
@router.route("GET", "{repo}/pulls", "pull_requests=read")
def list_pulls(ctx: Ctx) -> Reply:
    query = ctx.request.query
    state, head, base = query.get("state", "open"), query.get("head", ""), query.get("base")
    found = [
        issue
        for issue in ctx.repo.pulls()
        if state in ("all", issue.state)
        and (":" not in head or issue.pull.head_label.lower() == head.lower())  # type: ignore[union-attr]
        and base in (None, issue.pull.base_ref)  # type: ignore[union-attr]
    ]  # like GitHub, a head without "owner:" is ignored
    key = "updated_at" if query.get("sort") == "updated" else "created_at"
    found.sort(key=lambda issue: (getattr(issue, key), issue.number))
    if query.get("direction", "desc" if key == "created_at" else "asc") == "desc":  # GitHub's defaults
        found.reverse()
    return ctx.page([ctx.shapes.pull(ctx.repo, issue, ctx.request.token) for issue in found])


@router.route("POST", "{repo}/pulls", "pull_requests=write")
def create_pull(ctx: Ctx) -> Reply:
    require(ctx, "PullRequest", "head", "base")
    if not ctx.arg("title") and not ctx.arg("issue"):
        raise invalid("PullRequest", code="missing_field", field="title")
    issue = ctx.state.open_pull(
        ctx.repo,
        ctx.login,
        ctx.arg("title"),
        ctx.arg("body"),
        ctx.arg("head"),
        ctx.arg("base"),
        bool(ctx.arg("draft", False)),
    )
    return Reply(201, ctx.shapes.pull(ctx.repo, issue, ctx.request.token))


@router.route("GET", r"{repo}/pulls/(?P<number>\d+)", "pull_requests=read")
def get_pull(ctx: Ctx, number: str) -> Reply:
    return Reply(body=ctx.shapes.pull(ctx.repo, ctx.pull(number), ctx.request.token))


@router.route("PATCH", r"{repo}/pulls/(?P<number>\d+)", "pull_requests=write")
def edit_pull(ctx: Ctx, number: str) -> Reply:
    issue = ctx.pull(number)
    _edit_issue(ctx, issue)
    if ctx.arg("base"):
        if ctx.repo.branch_sha(ctx.arg("base")) is None:
            raise invalid("PullRequest", code="invalid", field="base")
        issue.pull.base_ref = ctx.arg("base")  # type: ignore[union-attr]
    return Reply(body=ctx.shapes.pull(ctx.repo, issue, ctx.request.token))


def _edit_issue(ctx: Ctx, issue: Issue) -> None:
    for name in ("title", "body"):
        if ctx.arg(name) is not None:
            setattr(issue, name, ctx.arg(name))
    state = ctx.arg("state")
    if state == "closed" and issue.state == "open":
        ctx.state.close(issue)
    elif state == "open" and issue.state == "closed":
        ctx.state.reopen(ctx.repo, issue)
    issue.updated_at = ctx.state.now()


@router.route("GET", r"{repo}/pulls/(?P<number>\d+)/commits", "pull_requests=read")
def pull_commits(ctx: Ctx, number: str) -> Reply:
    pull = ctx.pull(number).pull
    assert pull is not None
    commits = ctx.state.git.commits_between(pull.base_sha, pull.head_sha)
    return ctx.page([ctx.shapes.commit(pull.head_repo, commit) for commit in commits])


@router.route("PUT", r"{repo}/pulls/(?P<number>\d+)/merge", "contents=write")
def merge_pull(ctx: Ctx, number: str) -> Reply:
    commit = ctx.state.merge(
        ctx.repo,
        ctx.pull(number),
        ctx.login,
        ctx.arg("merge_method", "merge"),
        ctx.arg("sha"),
        ctx.arg("commit_title"),
        ctx.arg("commit_message"),
    )
    return Reply(body={"sha": commit.sha, "merged": True, "message": "Pull Request successfully merged"})


@router.route("GET", r"{repo}/pulls/(?P<number>\d+)/merge", "pull_requests=read")
def is_merged(ctx: Ctx, number: str) -> Reply:
    if not ctx.pull(number).pull.merged_at:  # type: ignore[union-attr]
        raise not_found()
    return Reply(204)


# labels, issues, comments -----------------------------------------------------------------------------------
LABEL_WRITE = "issues=write; pull_requests=write"


@router.route("GET", "{repo}/labels", "issues=read; pull_requests=read")
def list_labels(ctx: Ctx) -> Reply:
    return ctx.page([ctx.shapes.label(ctx.repo, label) for label in ctx.repo.labels.values()])


@router.route("POST", "{repo}/labels", LABEL_WRITE)
def create_label(ctx: Ctx) -> Reply:
    require(ctx, "Label", "name")
    label = ctx.state.create_label(
        ctx.repo, ctx.arg("name"), ctx.arg("color", "ededed"), ctx.arg("description")
    )
    return Reply(201, ctx.shapes.label(ctx.repo, label))


@router.route("GET", "{repo}/labels/(?P<name>.+)", "issues=read; pull_requests=read")
def get_label(ctx: Ctx, name: str) -> Reply:
    label = ctx.repo.labels.get(name.lower())
    if label is None:
        raise not_found()
    return Reply(body=ctx.shapes.label(ctx.repo, label))


@router.route("POST", "{repo}/issues", "issues=write")
def create_issue(ctx: Ctx) -> Reply:
    require(ctx, "Issue", "title")
    issue = ctx.state.new_issue(ctx.repo, ctx.login, ctx.arg("title"), ctx.arg("body"))
    ctx.state.add_labels(ctx.repo, issue, ctx.arg("labels") or [])
    return Reply(201, ctx.shapes.issue(ctx.repo, issue))


@router.route("GET", r"{repo}/issues/(?P<number>\d+)", "issues=read; pull_requests=read")
def get_issue(ctx: Ctx, number: str) -> Reply:
    return Reply(body=ctx.shapes.issue(ctx.repo, ctx.issue(number)))


@router.route("PATCH", r"{repo}/issues/(?P<number>\d+)", LABEL_WRITE)
def edit_issue(ctx: Ctx, number: str) -> Reply:
    issue = ctx.issue(number)
    _edit_issue(ctx, issue)
    if ctx.arg("labels") is not None:
        issue.labels = []
        ctx.state.add_labels(ctx.repo, issue, ctx.arg("labels"))
    return Reply(body=ctx.shapes.issue(ctx.repo, issue))


def _issue_labels(ctx: Ctx, issue: Issue) -> Reply:
    return Reply(body=[ctx.shapes.label(ctx.repo, ctx.repo.labels[name.lower()]) for name in issue.labels])


@router.route("GET", r"{repo}/issues/(?P<number>\d+)/labels", "issues=read; pull_requests=read")
def list_issue_labels(ctx: Ctx, number: str) -> Reply:
    return _issue_labels(ctx, ctx.issue(number))


def _label_names(ctx: Ctx) -> list[str]:
    body = ctx.request.body
    names = body.get("labels", []) if isinstance(body, dict) else body or []
    return [name if isinstance(name, str) else name["name"] for name in names]


@router.route("POST", r"{repo}/issues/(?P<number>\d+)/labels", LABEL_WRITE)
def add_issue_labels(ctx: Ctx, number: str) -> Reply:
    issue = ctx.issue(number)
    ctx.state.add_labels(ctx.repo, issue, _label_names(ctx))
    return _issue_labels(ctx, issue)


@router.route("PUT", r"{repo}/issues/(?P<number>\d+)/labels", LABEL_WRITE)
def set_issue_labels(ctx: Ctx, number: str) -> Reply:
    issue = ctx.issue(number)
    issue.labels = []
    ctx.state.add_labels(ctx.repo, issue, _label_names(ctx))
    return _issue_labels(ctx, issue)


@router.route("DELETE", r"{repo}/issues/(?P<number>\d+)/labels/(?P<name>.+)", LABEL_WRITE)
def remove_issue_label(ctx: Ctx, number: str, name: str) -> Reply:
    issue = ctx.issue(number)
    kept = [label for label in issue.labels if label.lower() != name.lower()]
    if len(kept) == len(issue.labels):
        raise ApiError(404, "Label does not exist")
    issue.labels = kept
    return _issue_labels(ctx, issue)


@router.route("GET", r"{repo}/issues/(?P<number>\d+)/comments", "issues=read; pull_requests=read")
def list_comments(ctx: Ctx, number: str) -> Reply:
    issue = ctx.issue(number)
    return ctx.page([ctx.shapes.comment(ctx.repo, issue, index) for index in range(len(issue.comments))])


@router.route("POST", r"{repo}/issues/(?P<number>\d+)/comments", LABEL_WRITE)
def create_comment(ctx: Ctx, number: str) -> Reply:
    require(ctx, "IssueComment", "body")
    issue = ctx.issue(number)
    ctx.state.add_comment(issue, ctx.login, ctx.arg("body"))
    return Reply(201, ctx.shapes.comment(ctx.repo, issue, len(issue.comments) - 1))
