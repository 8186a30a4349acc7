"""GitHub changing under tracker: the README edited mid-run, the branch deleted by hand, the PR closed
mid-run, labels refused, the base branch renamed, and a token without the permission a step needs."""

from __future__ import annotations

import threading

from tests.publish.world import REPO, TOKEN, World


def _meanwhile(world: World, method: str, path: str, action) -> threading.Thread:  # noqa: ANN001
    """Run `action` when the run reaches the request, then let the request through."""
    hold = world.standin.hold_next(method, path)

    def act() -> None:
        if hold.arrived.wait(60):
            action()
            hold.release(apply=True)

    thread = threading.Thread(target=act, daemon=True)
    thread.start()
    return thread


def test_readme_changed_between_read_and_write_is_regenerated_next_run(world: World) -> None:
    papers = world.arrive(2)
    base = world.standin.read_file("main", "README.md", REPO) or ""
    edit = lambda: world.standin.edit_file_upstream("README.md", base + "\nEdited meanwhile.\n", repo=REPO)  # noqa: E731
    thread = _meanwhile(world, "POST", "/git/blobs$", edit)
    first = world.run()
    thread.join(5)
    assert first.errors == [] and first.pr["action"] == "opened"
    assert "Edited meanwhile." not in (world.branch_readme() or "")  # planned on the base it read
    second = world.run()
    assert second.pr["action"] == "updated" and second.pr["number"] == first.pr["number"]
    branch = world.branch_readme() or ""
    assert "Edited meanwhile." in branch and all(p.arxiv_id in branch for p in papers)


def test_branch_deleted_by_hand_closes_the_pr_as_a_rejection_and_the_next_pr_starts_clean(
    world: World,
) -> None:
    first_batch = world.arrive(2)
    first = world.run()
    world.standin.delete_branch("tracker/updates", REPO)
    assert world.standin.pull(first.pr["number"], REPO).state == "closed"  # GitHub closes it
    fresh = world.arrive(1)
    second = world.run()
    assert (
        second.errors == [] and second.pr["action"] == "opened" and second.pr["number"] != first.pr["number"]
    )
    assert set(world.statuses(first_batch).values()) == {"rejected"}
    assert world.statuses(fresh) == {fresh[0].arxiv_id: "proposed"}


def test_pr_closed_while_the_run_works_leaves_new_candidates_for_the_next_pr(world: World) -> None:
    old = world.arrive(2)
    first = world.run()
    new = world.arrive(1)
    thread = _meanwhile(
        world, "PATCH", r"/pulls/\d+$", lambda: world.standin.close_pull(first.pr["number"], REPO)
    )
    second = world.run()
    thread.join(5)
    assert second.errors == [] and any("closed during this run" in w for w in second.warnings)
    assert world.statuses(new) == {new[0].arxiv_id: "new"}
    third = world.run()
    assert set(world.statuses(old).values()) == {"rejected"}
    assert third.pr["action"] == "opened" and world.statuses(new) == {new[0].arxiv_id: "proposed"}


def test_labels_that_cannot_be_set_are_a_warning_not_a_failure(world: World) -> None:
    refused = {"message": "Resource not accessible by integration"}
    world.standin.fail_next(
        "POST", "/labels$", 403, refused, {"x-accepted-github-permissions": "issues=write"}
    )
    world.arrive(1)
    report = world.run()
    assert report.errors == [] and report.pr["action"] == "opened"
    [warning] = [
        w for w in report.warnings if w.startswith("labels not set: label PR #1: GitHub answered HTTP 403")
    ]
    assert "the token lacks the permission issues: write" in warning
    assert world.run().pr["action"] == "unchanged"  # labels are retried only when the PR changes


def test_a_renamed_base_branch_is_one_clear_error(world: World) -> None:
    world.config.list.branch = "master"
    world.arrive(1)
    report = world.run()
    assert len(report.errors) == 1
    assert report.errors[0].startswith("read branch master of owner/awesome-list: GitHub answered HTTP 404")
    assert "check list.repo, list.branch" in report.errors[0] and world.standin.repo(REPO).pulls() == []


def test_a_token_without_contents_write_names_the_missing_permission(world: World) -> None:
    world.standin.add_token(
        TOKEN, "tracker-bot", {"contents": "read", "pull_requests": "write", "metadata": "read"}
    )
    world.arrive(1)
    report = world.run()
    [error] = report.errors
    assert error.startswith("create the README blob: GitHub answered HTTP 403: Resource not accessible")
    assert "the token lacks the permission contents: write" in error and TOKEN not in error
