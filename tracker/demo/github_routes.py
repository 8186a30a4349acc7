"""Routing for the GitHub stand-in: (method, path pattern) -> handler, each with the permission it needs.

`dispatch` finds the route, applies GitHub's access rules (401 for anonymous writes, 403 "Resource not
accessible by integration" with x-accepted-github-permissions) and hands the handler a `Ctx` with the
request, the repo and the renderers. `Ctx.page` paginates lists with per_page/page and a Link header.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tracker.demo.github_shapes import Json, Shapes
from tracker.demo.github_state import ApiError, GitHubState, Issue, Repo, Token, invalid, not_found

REPO = r"/repos/(?P<repo_owner>[^/]+)/(?P<repo_name>[^/]+)"


@dataclass
class Request:
    method: str
    path: str  # below the API prefix, percent-decoded, without the query
    query: dict[str, str]
    body: Any
    headers: dict[str, str]  # lower-cased names
    token: Token | None


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-able, or bytes sent as they are
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json; charset=utf-8"


@dataclass
class Ctx:
    """What a handler sees: the request, the resolved repo (for /repos/... routes) and the renderers."""

    state: GitHubState
    shapes: Shapes
    request: Request
    repo: Repo

    @property
    def login(self) -> str:
        assert self.request.token is not None
        return self.request.token.login

    def arg(self, name: str, default: Any = None) -> Any:
        body = self.request.body if isinstance(self.request.body, dict) else {}
        return body.get(name, default)

    def page(self, items: list[Json]) -> Reply:
        """One page of `items` with GitHub's Link header (first/prev/next/last)."""
        query = self.request.query
        per_page = max(1, min(100, int(query.get("per_page", 30))))
        number = max(1, int(query.get("page", 1)))
        last = max(1, -(-len(items) // per_page))
        links = []
        for rel, target in (("prev", number - 1), ("next", number + 1), ("last", last), ("first", 1)):
            if (rel in ("prev", "first") and number > 1) or (rel in ("next", "last") and number < last):
                params = urllib.parse.urlencode({**query, "per_page": per_page, "page": target})
                links.append(f'<{self.shapes.api}{self.request.path}?{params}>; rel="{rel}"')
        headers = {"Link": ", ".join(links)} if links else {}
        return Reply(body=items[(number - 1) * per_page : number * per_page], headers=headers)

    def issue(self, number: str) -> Issue:
        found = self.repo.issues.get(int(number))
        if found is None:
            raise not_found()
        return found

    def pull(self, number: str) -> Issue:
        found = self.issue(number)
        if found.pull is None:
            raise not_found()
        return found


Handler = Callable[..., Reply]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    needs: tuple[tuple[str, str], ...]  # any one (resource, level) suffices

    @property
    def accepted(self) -> str:
        """The x-accepted-github-permissions value: alternatives separated by '; '."""
        return "; ".join(f"{resource}={level}" for resource, level in self.needs)


class Router:
    """A list of routes filled by the `route` decorator of each handler module."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def route(self, method: str, pattern: str, needs: str = "metadata=read") -> Callable[[Handler], Handler]:
        """Register a handler; `needs` is like "issues=write; pull_requests=write" (any one suffices);
        "{repo}" in `pattern` stands for /repos/OWNER/NAME, which the handler receives as `ctx.repo`."""

        def register(handler: Handler) -> Handler:
            pairs = (part.strip().partition("=") for part in needs.split(";"))
            alternatives = tuple((resource, level) for resource, _, level in pairs)
            compiled = re.compile(pattern.replace("{repo}", REPO))
            self.routes.append(Route(method, compiled, handler, alternatives))
            return handler

        return register


def dispatch(routes: list[Route], state: GitHubState, shapes: Shapes, request: Request) -> Reply:
    """Find the route, check authentication and permission, run the handler; ApiError for failures."""
    for candidate in routes:
        match = candidate.pattern.fullmatch(request.path)
        if match and candidate.method == request.method:
            break
    else:
        raise not_found()
    groups = match.groupdict()
    repo = state.repo(groups.pop("repo_owner"), groups.pop("repo_name")) if "repo_owner" in groups else None
    token = request.token
    if token is None and request.method != "GET":
        raise ApiError(401, "Requires authentication")
    if token is not None and not any(token.allows(repo, *need) for need in candidate.needs):
        accepted = {"x-accepted-github-permissions": candidate.accepted}
        raise ApiError(403, "Resource not accessible by integration", headers=accepted)
    return candidate.handler(Ctx(state, shapes, request, repo), **groups)  # type: ignore[arg-type]


def require(ctx: Ctx, resource: str, *names: str) -> None:
    """422 missing_field, as GitHub answers a body without a required field."""
    for name in names:
        if ctx.arg(name) in (None, ""):
            raise invalid(resource, code="missing_field", field=name)
