"""Answers lost on the wire: PyGithub never repeats a POST, and tracker resolves a lost answer by looking,
so a PR is never opened twice and the branch never holds two tracker commits."""

from __future__ import annotations

from tests.publish.world import REPO, World


def test_lost_answer_to_opening_the_pr_adopts_the_pr_it_created(world: World) -> None:
    world.arrive(2)
    world.standin.fail_next("POST", f"/repos/{REPO}/pulls$", after=True, drop=True)  # applied, answer lost
    report = world.run()
    assert report.errors == [] and report.pr["number"] == 1
    assert len(world.standin.repo(REPO).pulls()) == 1
    assert len(world.standin.requests("POST", f"/repos/{REPO}/pulls$")) == 1  # never posted twice
    assert world.run().pr["action"] == "unchanged"


def test_a_502_after_the_pr_was_created_adopts_it(world: World) -> None:
    world.arrive(1)
    world.standin.fail_next("POST", f"/repos/{REPO}/pulls$", after=True, status=502)  # created, then a 502
    report = world.run()
    assert report.errors == [] and report.pr["number"] == 1 and len(world.standin.repo(REPO).pulls()) == 1


def test_a_pr_the_listing_missed_is_refused_by_github_and_adopted(world: World) -> None:
    world.arrive(1)
    first = world.run()
    world.arrive(1)
    world.standin.fail_next("GET", f"/repos/{REPO}/pulls$", status=200, body=[])  # a stale listing, once
    second = world.run()
    refused = world.standin.requests("POST", f"/repos/{REPO}/pulls$")[-1]
    assert refused.status == 422  # "A pull request already exists": GitHub's own guard
    assert second.errors == [] and second.pr["number"] == first.pr["number"]
    assert len(world.standin.repo(REPO).pulls()) == 1


def test_lost_answer_to_the_commit_fails_the_run_and_the_next_converges(world: World) -> None:
    papers = world.arrive(2)
    world.standin.fail_next("POST", "/git/commits$", after=True, drop=True)
    failed = world.run()
    assert len(failed.errors) == 1 and "create the commit" in failed.errors[0]
    assert world.standin.repo(REPO).pulls() == [] and set(world.statuses(papers).values()) == {"new"}
    report = world.run()
    assert report.errors == [] and report.pr["action"] == "opened"
    pull = world.standin.pull(report.pr["number"], REPO)
    assert len(world.standin.state.git.commits_between(pull.pull.base_sha, pull.pull.head_sha)) == 1
