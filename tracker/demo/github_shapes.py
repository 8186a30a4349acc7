"""JSON bodies of the GitHub stand-in, with the field sets of GitHub's recorded responses.

Field names and nesting follow PyGithub's ReplayData recordings (../shared/data/wire/pygithub_replaydata);
every `url` points back at the stand-in, so PyGithub's lazy loading and follow-up calls reach it too.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
from typing import Any

from tracker.demo.github_git import Commit, Person
from tracker.demo.github_state import GitHubState, Issue, Label, Repo, Token

Json = dict[str, Any]

# (field, path under the repo's API url) for the templated *_url fields of a repository
_REPO_LINKS = [
    ("forks_url", "/forks"),
    ("keys_url", "/keys{/key_id}"),
    ("collaborators_url", "/collaborators{/collaborator}"),
    ("teams_url", "/teams"),
    ("hooks_url", "/hooks"),
    ("issue_events_url", "/issues/events{/number}"),
    ("events_url", "/events"),
    ("assignees_url", "/assignees{/user}"),
    ("branches_url", "/branches{/branch}"),
    ("tags_url", "/tags"),
    ("blobs_url", "/git/blobs{/sha}"),
    ("git_tags_url", "/git/tags{/sha}"),
    ("git_refs_url", "/git/refs{/sha}"),
    ("trees_url", "/git/trees{/sha}"),
    ("statuses_url", "/statuses/{sha}"),
    ("languages_url", "/languages"),
    ("stargazers_url", "/stargazers"),
    ("contributors_url", "/contributors"),
    ("subscribers_url", "/subscribers"),
    ("subscription_url", "/subscription"),
    ("commits_url", "/commits{/sha}"),
    ("git_commits_url", "/git/commits{/sha}"),
    ("comments_url", "/comments{/number}"),
    ("issue_comment_url", "/issues/comments{/number}"),
    ("contents_url", "/contents/{+path}"),
    ("compare_url", "/compare/{base}...{head}"),
    ("merges_url", "/merges"),
    ("archive_url", "/{archive_format}{/ref}"),
    ("downloads_url", "/downloads"),
    ("issues_url", "/issues{/number}"),
    ("pulls_url", "/pulls{/number}"),
    ("milestones_url", "/milestones{/number}"),
    ("notifications_url", "/notifications{?since,all,participating}"),
    ("labels_url", "/labels{/name}"),
    ("releases_url", "/releases{/id}"),
    ("deployments_url", "/deployments"),
]


def _number(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:7], 16)


def _node(kind: str, key: object) -> str:
    return base64.b64encode(f"{kind}:{key}".encode()).decode()


def diff_stats(
    state: GitHubState, old: dict[str, str], new: dict[str, str]
) -> list[tuple[str, str, int, int]]:
    """(path, status, additions, deletions) for every file that differs, like GitHub's `files`."""
    rows = []
    for path in sorted(set(old) | set(new)):
        if old.get(path) == new.get(path):
            continue
        before = state.git.text(old[path]).splitlines() if path in old else []
        after = state.git.text(new[path]).splitlines() if path in new else []
        lines = list(difflib.unified_diff(before, after, lineterm="", n=0))[2:]
        added = sum(1 for line in lines if line.startswith("+"))
        removed = sum(1 for line in lines if line.startswith("-"))
        status = "added" if path not in old else "removed" if path not in new else "modified"
        rows.append((path, status, added, removed))
    return rows


class Shapes:
    """Renders state as GitHub JSON; `api` is the API base URL, `web` the html_url base."""

    def __init__(self, state: GitHubState, api: str, web: str) -> None:
        self.state, self.api, self.web = state, api, web

    def repo_url(self, repo: Repo) -> str:
        return f"{self.api}/repos/{repo.full_name}"

    # people and repos ------------------------------------------------------------------------------------
    def user(self, login: str) -> Json:
        url = f"{self.api}/users/{login}"
        return {
            "login": login,
            "id": _number(login),
            "node_id": _node("User", login),
            "avatar_url": f"{self.web}/avatars/{login}",
            "gravatar_id": "",
            "url": url,
            "html_url": f"{self.web}/{login}",
            "followers_url": f"{url}/followers",
            "following_url": f"{url}/following{{/other_user}}",
            "gists_url": f"{url}/gists{{/gist_id}}",
            "starred_url": f"{url}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{url}/subscriptions",
            "organizations_url": f"{url}/orgs",
            "repos_url": f"{url}/repos",
            "events_url": f"{url}/events{{/privacy}}",
            "received_events_url": f"{url}/received_events",
            "type": "User",
            "user_view_type": "public",
            "site_admin": False,
        }

    def repo(self, repo: Repo, token: Token | None, nested: bool = False) -> Json:
        url = self.repo_url(repo)
        web = f"{self.web}/{repo.full_name}"
        can_write = token is not None and token.allows(repo, "contents", "write")
        data: Json = {
            "id": repo.id,
            "node_id": _node("Repository", repo.id),
            "name": repo.name,
            "full_name": repo.full_name,
            "private": False,
            "owner": self.user(repo.owner),
            "html_url": web,
            "description": repo.description,
            "fork": repo.parent is not None,
            "url": url,
            **{name: url + suffix for name, suffix in _REPO_LINKS},
            "created_at": repo.created_at,
            "updated_at": repo.created_at,
            "pushed_at": repo.created_at,
            "git_url": f"{web}.git",
            "ssh_url": f"git@127.0.0.1:{repo.full_name}.git",
            "clone_url": f"{web}.git",
            "svn_url": web,
            "homepage": None,
            "size": 1,
            "stargazers_count": 0,
            "watchers_count": 0,
            "language": None,
            "has_issues": True,
            "has_projects": True,
            "has_downloads": True,
            "has_wiki": True,
            "has_pages": False,
            "has_discussions": False,
            "forks_count": 0,
            "mirror_url": None,
            "archived": False,
            "disabled": False,
            "open_issues_count": sum(issue.state == "open" for issue in repo.issues.values()),
            "license": None,
            "allow_forking": True,
            "is_template": False,
            "web_commit_signoff_required": False,
            "topics": [],
            "visibility": "public",
            "forks": 0,
            "open_issues": sum(issue.state == "open" for issue in repo.issues.values()),
            "watchers": 0,
            "default_branch": repo.default_branch,
            "permissions": {
                "admin": False,
                "maintain": False,
                "push": can_write,
                "triage": can_write,
                "pull": True,
            },
        }
        if not nested:
            data.update(
                temp_clone_token="",
                allow_squash_merge=True,
                allow_merge_commit=True,
                allow_rebase_merge=False,
                allow_auto_merge=False,
                delete_branch_on_merge=False,
                allow_update_branch=False,
                use_squash_pr_title_as_default=False,
                squash_merge_commit_message="COMMIT_MESSAGES",
                squash_merge_commit_title="COMMIT_OR_PR_TITLE",
                merge_commit_message="PR_TITLE",
                merge_commit_title="MERGE_MESSAGE",
                custom_properties={},
                network_count=0,
                subscribers_count=0,
            )
            if repo.parent is not None:
                data["parent"] = self.repo(repo.parent, token, nested=True)
                data["source"] = self.repo(self.state.network(repo), token, nested=True)
        return data

    # git data -----------------------------------------------------------------------------------------------
    def ref(self, repo: Repo, ref: str, sha: str) -> Json:
        url = self.repo_url(repo)
        return {
            "ref": ref,
            "node_id": _node("Ref", f"{repo.id}:{ref}"),
            "url": f"{url}/git/{ref}",
            "object": {"sha": sha, "type": "commit", "url": f"{url}/git/commits/{sha}"},
        }

    @staticmethod
    def _person(person: Person) -> Json:
        return {"name": person.name, "email": person.email, "date": person.date}

    def _parents(self, repo: Repo, commit: Commit, kind: str) -> list[Json]:
        url = self.repo_url(repo)
        return [
            {"sha": p, "url": f"{url}/{kind}/{p}", "html_url": f"{self.web}/{repo.full_name}/commit/{p}"}
            for p in commit.parents
        ]

    def git_commit(self, repo: Repo, commit: Commit) -> Json:
        url = self.repo_url(repo)
        return {
            "sha": commit.sha,
            "node_id": _node("Commit", commit.sha),
            "url": f"{url}/git/commits/{commit.sha}",
            "html_url": f"{self.web}/{repo.full_name}/commit/{commit.sha}",
            "author": self._person(commit.author),
            "committer": self._person(commit.committer),
            "tree": {"sha": commit.tree, "url": f"{url}/git/trees/{commit.tree}"},
            "message": commit.message,
            "parents": self._parents(repo, commit, "git/commits"),
            "verification": {
                "verified": False,
                "reason": "unsigned",
                "signature": None,
                "payload": None,
                "verified_at": None,
            },
        }

    def _account(self, person: Person) -> Json | None:
        if person.email.endswith("@users.noreply.github.com"):
            return self.user(person.name)
        return self.user("web-flow") if person.email == "noreply@github.com" else None

    def commit(self, repo: Repo, commit: Commit, files: list[Json] | None = None) -> Json:
        """The REST "commit" (GET /commits/{sha}, /pulls/{n}/commits, a branch's commit)."""
        url = self.repo_url(repo)
        inner = self.git_commit(repo, commit)
        data = {
            "sha": commit.sha,
            "node_id": inner["node_id"],
            "url": f"{url}/commits/{commit.sha}",
            "html_url": inner["html_url"],
            "comments_url": f"{url}/commits/{commit.sha}/comments",
            "commit": {
                "author": inner["author"],
                "committer": inner["committer"],
                "message": commit.message,
                "tree": inner["tree"],
                "url": inner["url"],
                "comment_count": 0,
                "verification": inner["verification"],
            },
            "author": self._account(commit.author),
            "committer": self._account(commit.committer),
            "parents": self._parents(repo, commit, "commits"),
        }
        if files is not None:
            data["files"] = files
            data["stats"] = {key: sum(f[key] for f in files) for key in ("additions", "deletions", "changes")}
        return data

    def files(self, old: dict[str, str], new: dict[str, str]) -> list[Json]:
        return [
            {
                "sha": new.get(path) or old[path],
                "filename": path,
                "status": status,
                "additions": added,
                "deletions": removed,
                "changes": added + removed,
            }
            for path, status, added, removed in diff_stats(self.state, old, new)
        ]

    def tree(self, repo: Repo, sha: str, recursive: bool) -> Json:
        url = self.repo_url(repo)
        rows = []
        for path, kind, item in self.state.git.tree_entries(sha, recursive):
            row = {"path": path, "mode": "040000" if kind == "tree" else "100644", "type": kind, "sha": item}
            if kind == "blob":
                row["size"] = len(self.state.git.blobs[item])
            row["url"] = f"{url}/git/{kind}s/{item}"
            rows.append(row)
        return {"sha": sha, "url": f"{url}/git/trees/{sha}", "tree": rows, "truncated": False}

    def blob(self, repo: Repo, sha: str) -> Json:
        data = self.state.git.blobs[sha]
        return {
            "sha": sha,
            "node_id": _node("Blob", sha),
            "size": len(data),
            "url": f"{self.repo_url(repo)}/git/blobs/{sha}",
            "content": base64.encodebytes(data).decode(),
            "encoding": "base64",
        }

    def content(self, repo: Repo, path: str, kind: str, sha: str, ref: str, body: bool = True) -> Json:
        """A contents-API entry for a blob (with its base64 body unless `body` is False) or a tree."""
        api = self.repo_url(repo)
        url = f"{api}/contents/{path}?ref={ref}"
        html = f"{self.web}/{repo.full_name}/{'blob' if kind == 'blob' else 'tree'}/{ref}/{path}"
        git_url = f"{api}/git/{kind}s/{sha}"
        data: Json = {
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "sha": sha,
            "size": len(self.state.git.blobs[sha]) if kind == "blob" else 0,
            "url": url,
            "html_url": html,
            "git_url": git_url,
            "download_url": f"{self.web}/{repo.full_name}/raw/{ref}/{path}" if kind == "blob" else None,
            "type": "file" if kind == "blob" else "dir",
            "_links": {"self": url, "git": git_url, "html": html},
        }
        if kind == "blob" and body:
            data.update(content=base64.encodebytes(self.state.git.blobs[sha]).decode(), encoding="base64")
        return data

    def branch(self, repo: Repo, name: str, commit: Commit) -> Json:
        url = f"{self.repo_url(repo)}/branches/{name}"
        return {
            "name": name,
            "commit": self.commit(repo, commit),
            "_links": {"self": url, "html": f"{self.web}/{repo.full_name}/tree/{name}"},
            "protected": False,
            "protection": {
                "enabled": False,
                "required_status_checks": {"enforcement_level": "off", "contexts": [], "checks": []},
            },
            "protection_url": f"{url}/protection",
        }

    # issues and pulls ----------------------------------------------------------------------------------
    def label(self, repo: Repo, label: Label) -> Json:
        return {
            "id": label.id,
            "node_id": _node("Label", label.id),
            "url": f"{self.repo_url(repo)}/labels/{label.name}",
            "name": label.name,
            "color": label.color,
            "default": False,
            "description": label.description,
        }

    def comment(self, repo: Repo, issue: Issue, index: int) -> Json:
        comment = issue.comments[index]
        url = self.repo_url(repo)
        return {
            "url": f"{url}/issues/comments/{comment.id}",
            "html_url": f"{self.web}/{repo.full_name}/issues/{issue.number}#issuecomment-{comment.id}",
            "issue_url": f"{url}/issues/{issue.number}",
            "id": comment.id,
            "node_id": _node("IssueComment", comment.id),
            "user": self.user(comment.user),
            "created_at": comment.created_at,
            "updated_at": comment.updated_at,
            "author_association": "NONE",
            "body": comment.body,
            "performed_via_github_app": None,
        }

    def _labels(self, repo: Repo, issue: Issue) -> list[Json]:
        return [self.label(repo, repo.labels[name.lower()]) for name in issue.labels]

    def issue(self, repo: Repo, issue: Issue) -> Json:
        url = f"{self.repo_url(repo)}/issues/{issue.number}"
        kind = "pull" if issue.pull else "issues"
        data: Json = {
            "url": url,
            "repository_url": self.repo_url(repo),
            "labels_url": f"{url}/labels{{/name}}",
            "comments_url": f"{url}/comments",
            "events_url": f"{url}/events",
            "html_url": f"{self.web}/{repo.full_name}/{kind}/{issue.number}",
            "id": _number(url),
            "node_id": _node("Issue", url),
            "number": issue.number,
            "title": issue.title,
            "user": self.user(issue.user),
            "labels": self._labels(repo, issue),
            "state": issue.state,
            "locked": False,
            "assignee": None,
            "assignees": [],
            "milestone": None,
            "comments": len(issue.comments),
            "created_at": issue.created_at,
            "updated_at": issue.updated_at,
            "closed_at": issue.closed_at,
            "author_association": "NONE",
            "active_lock_reason": None,
            "body": issue.body,
            "state_reason": "completed" if issue.state == "closed" else None,
        }
        if issue.pull:
            pulls = f"{self.repo_url(repo)}/pulls/{issue.number}"
            web = f"{self.web}/{repo.full_name}/pull/{issue.number}"
            data["pull_request"] = {
                "url": pulls,
                "html_url": web,
                "diff_url": f"{web}.diff",
                "patch_url": f"{web}.patch",
                "merged_at": issue.pull.merged_at,
            }
        return data

    def _side(self, repo: Repo, ref: str, sha: str, token: Token | None) -> Json:
        return {
            "label": f"{repo.owner}:{ref}",
            "ref": ref,
            "sha": sha,
            "user": self.user(repo.owner),
            "repo": self.repo(repo, token, nested=True),
        }

    def pull(self, repo: Repo, issue: Issue, token: Token | None) -> Json:
        pull = issue.pull
        assert pull is not None
        url = f"{self.repo_url(repo)}/pulls/{issue.number}"
        web = f"{self.web}/{repo.full_name}/pull/{issue.number}"
        issue_url = f"{self.repo_url(repo)}/issues/{issue.number}"
        statuses = f"{self.repo_url(repo)}/statuses/{pull.head_sha}"
        git = self.state.git
        base_files = git.files(git.merge_base(pull.base_sha, pull.head_sha) or pull.base_sha)
        stats = diff_stats(self.state, base_files, git.files(pull.head_sha))
        mergeable = (
            None
            if issue.state != "open"
            else self.state.merged_files(pull.base_sha, pull.head_sha) is not None
        )
        links = {
            "self": url,
            "html": web,
            "issue": issue_url,
            "comments": f"{issue_url}/comments",
            "review_comments": f"{url}/comments",
            "review_comment": f"{self.repo_url(repo)}/pulls/comments{{/number}}",
            "commits": f"{url}/commits",
            "statuses": statuses,
        }
        return {
            "url": url,
            "id": _number(url),
            "node_id": _node("PullRequest", url),
            "html_url": web,
            "diff_url": f"{web}.diff",
            "patch_url": f"{web}.patch",
            "issue_url": issue_url,
            "number": issue.number,
            "state": issue.state,
            "locked": False,
            "title": issue.title,
            "user": self.user(issue.user),
            "body": issue.body,
            "created_at": issue.created_at,
            "updated_at": issue.updated_at,
            "closed_at": issue.closed_at,
            "merged_at": pull.merged_at,
            "merge_commit_sha": pull.merge_commit_sha,
            "assignee": None,
            "assignees": [],
            "requested_reviewers": [],
            "requested_teams": [],
            "labels": self._labels(repo, issue),
            "milestone": None,
            "draft": pull.draft,
            "commits_url": f"{url}/commits",
            "review_comments_url": f"{url}/comments",
            "review_comment_url": links["review_comment"],
            "comments_url": f"{issue_url}/comments",
            "statuses_url": statuses,
            "head": self._side(pull.head_repo, pull.head_ref, pull.head_sha, token),
            "base": self._side(repo, pull.base_ref, pull.base_sha, token),
            "_links": {name: {"href": href} for name, href in links.items()},
            "author_association": "NONE",
            "auto_merge": None,
            "active_lock_reason": None,
            "merged": pull.merged_at is not None,
            "mergeable": mergeable,
            "rebaseable": mergeable,
            "mergeable_state": "unknown" if mergeable is None else "clean" if mergeable else "dirty",
            "merged_by": self.user(pull.merged_by) if pull.merged_by else None,
            "comments": len(issue.comments),
            "review_comments": 0,
            "maintainer_can_modify": pull.maintainer_can_modify,
            "commits": len(git.commits_between(pull.base_sha, pull.head_sha)),
            "additions": sum(row[2] for row in stats),
            "deletions": sum(row[3] for row in stats),
            "changed_files": len(stats),
        }

    def compare(self, repo: Repo, base: str, head: str, base_sha: str, head_sha: str) -> Json:
        git = self.state.git
        merge_base = git.merge_base(base_sha, head_sha)
        ahead = git.commits_between(base_sha, head_sha)
        behind = git.commits_between(head_sha, base_sha)
        status = (
            "identical"
            if base_sha == head_sha
            else "ahead"
            if not behind
            else "behind"
            if not ahead
            else "diverged"
        )
        web = f"{self.web}/{repo.full_name}/compare/{base}...{head}"
        return {
            "url": f"{self.repo_url(repo)}/compare/{base}...{head}",
            "html_url": web,
            "permalink_url": web,
            "diff_url": f"{web}.diff",
            "patch_url": f"{web}.patch",
            "base_commit": self.commit(repo, git.commits[base_sha]),
            "merge_base_commit": self.commit(repo, git.commits[merge_base]) if merge_base else None,
            "status": status,
            "ahead_by": len(ahead),
            "behind_by": len(behind),
            "total_commits": len(ahead),
            "commits": [self.commit(repo, commit) for commit in ahead],
            "files": self.files(git.files(merge_base) if merge_base else {}, git.files(head_sha)),
        }
