"""Pull requests on the stand-in: one PR per head, filters and pages, edits, labels, comments, and the
ways GitHub ends a PR (merge, head deleted, head reset onto base, base fast-forwarded onto head)."""

from __future__ import annotations

import github
import pytest
from github.Repository import Repository

from tests.demo.standin_steps import README, push_branch
from tracker.demo import GitHubStandIn

HEAD = "tracker/updates"


def _open(
    repo: Repository, branch: str = HEAD, text: str = README + "- Paper B\n"
) -> github.PullRequest.PullRequest:
    push_branch(repo, branch, text)
    return repo.create_pull(title="Tracker: new papers", body="table", head=branch, base="main")


def test_one_open_pull_per_head(repo: Repository, standin: GitHubStandIn):
    pull = _open(repo)

    with pytest.raises(github.GithubException) as duplicate:
        repo.create_pull(title="again", body="", head=HEAD, base="main")

    assert (pull.number, pull.state, pull.head.ref, pull.base.ref) == (1, "open", HEAD, "main")
    assert pull.head.sha == standin.branch_sha(HEAD) and pull.head.repo.full_name == "owner/list"
    assert (pull.commits, pull.additions, pull.deletions, pull.changed_files) == (1, 1, 0, 1)
    assert duplicate.value.status == 422
    assert duplicate.value.data["errors"][0]["message"] == f"A pull request already exists for owner:{HEAD}."
    assert [p.number for p in standin.open_pulls()] == [1]


def test_no_pull_without_commits_or_with_a_missing_head(repo: Repository):
    repo.create_git_ref("refs/heads/same", repo.get_branch("main").commit.sha)
    with pytest.raises(github.GithubException) as empty:
        repo.create_pull(title="t", body="", head="same", base="main")
    with pytest.raises(github.GithubException) as missing:
        repo.create_pull(title="t", body="", head="nowhere", base="main")

    assert empty.value.data["errors"][0]["message"] == "No commits between main and same"
    assert missing.value.data["errors"][0] == {"resource": "PullRequest", "code": "invalid", "field": "head"}


def test_listing_filters_and_pages(make_client, standin: GitHubStandIn):
    repo = make_client(per_page=2).get_repo("owner/list")
    for index in range(5):
        _open(repo, f"topic-{index}", README + f"- Paper {index}\n")
    standin.close_pull(2)

    open_numbers = [p.number for p in repo.get_pulls(state="open")]
    every = [p.number for p in repo.get_pulls(state="all")]
    mine = [p.number for p in repo.get_pulls(state="all", head="owner:topic-3")]
    bare = [p.number for p in repo.get_pulls(state="open", head="topic-3")]

    assert open_numbers == [5, 4, 3, 1] and every == [5, 4, 3, 2, 1]  # newest first
    assert mine == [4]
    assert bare == [5, 4, 3, 1]  # like GitHub: a head without "owner:" is silently ignored
    pages = [(e.query["state"], e.query.get("page", "1")) for e in standin.requests("GET", r"/pulls$")][:5]
    assert pages == [("open", "1"), ("open", "2"), ("all", "1"), ("all", "2"), ("all", "3")]


def test_edit_labels_and_comments(make_client, standin: GitHubStandIn):
    repo = make_client(per_page=2).get_repo("owner/list")
    repo.create_label("existing", "00ff00")
    pull = _open(repo)

    pull.edit(title="Tracker: 2 new papers", body="new table")
    pull.add_to_labels("existing", "tracker")  # "tracker" does not exist yet: GitHub creates it
    for index in range(3):
        pull.create_issue_comment(f"note {index}")

    fresh = repo.get_pull(pull.number)
    assert (fresh.title, fresh.body) == ("Tracker: 2 new papers", "new table")
    assert [label.name for label in fresh.labels] == ["existing", "tracker"]
    assert {label.name: label.color for label in repo.get_labels()} == {
        "existing": "00ff00",
        "tracker": "ededed",
    }
    assert [comment.body for comment in fresh.get_issue_comments()] == ["note 0", "note 1", "note 2"]
    assert repo.get_issue(pull.number).pull_request is not None
    with pytest.raises(github.GithubException) as taken:
        repo.create_label("Tracker", "ffffff")
    assert taken.value.status == 422 and taken.value.data["errors"][0]["code"] == "already_exists"


def test_merge_moves_the_base_to_a_merge_commit(repo: Repository, standin: GitHubStandIn):
    pull = _open(repo)
    base_before, head = standin.branch_sha("main"), standin.branch_sha(HEAD)

    status = pull.merge()

    merged = repo.get_pull(pull.number)
    assert status.merged and (merged.state, merged.merged) == ("closed", True)
    assert merged.merged_at is not None and merged.merge_commit_sha == standin.branch_sha("main")
    merge_commit = repo.get_git_commit(standin.branch_sha("main"))
    assert [parent.sha for parent in merge_commit.parents] == [base_before, head]
    assert standin.read_file("main", "README.md") == README + "- Paper B\n"
    with pytest.raises(github.GithubException) as again:
        merged.merge()
    assert again.value.status == 405


def test_merge_of_a_conflicting_pull_is_refused(repo: Repository, standin: GitHubStandIn):
    pull = _open(repo)
    standin.edit_file_upstream("README.md", README + "- Paper Z\n")

    assert repo.get_pull(pull.number).mergeable is False
    with pytest.raises(github.GithubException) as refused:
        pull.merge()
    assert refused.value.status == 405 and standin.pull(1).state == "open"


def test_deleting_the_head_branch_closes_the_pull(repo: Repository, standin: GitHubStandIn):
    pull = _open(repo)

    repo.get_git_ref(f"heads/{HEAD}").delete()

    closed = repo.get_pull(pull.number)
    assert (closed.state, closed.merged) == ("closed", False)
    with pytest.raises(github.GithubException) as reopen:
        closed.edit(state="open")
    assert reopen.value.status == 422 and standin.pull(1).state == "closed"


def test_resetting_the_head_onto_the_base_closes_the_pull(repo: Repository, standin: GitHubStandIn):
    pull = _open(repo)

    repo.get_git_ref(f"heads/{HEAD}").edit(standin.branch_sha("main"), force=True)

    closed = repo.get_pull(pull.number)
    assert (closed.state, closed.merged) == ("closed", False)
    assert standin.open_pulls() == []


def test_a_forced_fresh_commit_keeps_the_pull_open(repo: Repository, standin: GitHubStandIn):
    pull = _open(repo)
    standin.edit_file_upstream("docs/notes.md", "upstream edit\n")
    fresh = push_branch(repo, "scratch", README + "- Paper B\n- Paper C\n")  # regenerated on the new base

    repo.get_git_ref(f"heads/{HEAD}").edit(fresh, force=True)

    updated = repo.get_pull(pull.number)
    assert (updated.state, updated.head.sha, updated.commits) == ("open", fresh, 1)


def test_base_fast_forwarded_onto_the_head_marks_the_pull_merged(repo: Repository, standin: GitHubStandIn):
    pull = _open(repo)

    repo.get_git_ref("heads/main").edit(standin.branch_sha(HEAD))

    done = repo.get_pull(pull.number)
    assert (done.state, done.merged, done.merge_commit_sha) == ("closed", True, standin.branch_sha(HEAD))


def test_a_human_commit_on_the_branch_shows_in_the_pull(repo: Repository, standin: GitHubStandIn):
    pull = _open(repo)

    standin.push_commit(HEAD, {"README.md": README + "- Paper B (fixed)\n"}, author="human")

    authors = [commit.author.login for commit in pull.get_commits()]
    assert authors == ["tracker-bot", "human"]
    assert repo.get_pull(pull.number).head.sha == standin.branch_sha(HEAD)


def test_a_lost_answer_to_a_create_is_retried_into_a_duplicate_422(make_client, standin: GitHubStandIn):
    """PyGithub's default retry repeats a POST after a 502: the first one already created the PR."""
    repo = make_client(retry=github.GithubRetry(total=2)).get_repo("owner/list")
    push_branch(repo, HEAD, README + "- Paper B\n")
    standin.fail_next("POST", r"/pulls$", status=502, after=True)

    with pytest.raises(github.GithubException) as caught:
        repo.create_pull(title="t", body="", head=HEAD, base="main")

    assert caught.value.status == 422
    assert [entry.status for entry in standin.requests("POST", r"/pulls$")] == [502, 422]
    assert [p.number for p in standin.open_pulls()] == [1]


def test_a_dropped_connection_is_logged_unanswered(make_client, standin: GitHubStandIn):
    repo = make_client().get_repo("owner/list")
    standin.fail_next("GET", r"/branches/main$", drop=True)

    with pytest.raises(Exception):  # noqa: B017 (urllib3/requests raise their own connection errors)
        repo.get_branch("main")
    assert repo.get_branch("main").name == "main"
    assert [entry.status for entry in standin.requests("GET", "/branches/main")] == [0, 200]


def test_the_maintainer_can_squash_merge_or_close_by_hand(repo: Repository, standin: GitHubStandIn):
    _open(repo)
    _open(repo, "other", README + "- Paper Q\n")
    base_before = standin.branch_sha("main")

    squash = standin.merge_pull(1, method="squash")
    standin.close_pull(2)

    assert [parent.sha for parent in repo.get_git_commit(squash).parents] == [base_before]
    assert [(p.number, p.state, p.merged) for p in repo.get_pulls(state="all")] == [
        (2, "closed", False),
        (1, "closed", True),
    ]
    assert standin.read_file("main", "README.md") == README + "- Paper B\n" and standin.open_pulls() == []
