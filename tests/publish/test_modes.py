"""Publishing modes: fork mode (the PR comes from the token owner's fork), a base branch other than main."""

from __future__ import annotations

from tests.publish.world import REPO, TOKEN, World, config_for, readme_text
from tracker.publish.body import read_hidden_block


def test_fork_mode_opens_the_pr_from_the_token_owners_fork(world: World) -> None:
    world.config = config_for(world.standin, world.config.state.url, mode="fork")
    papers = world.arrive(2)
    first = world.run()
    assert first.errors == [] and first.pr["action"] == "opened"
    [pull] = world.standin.open_pulls(REPO)
    assert pull.pull.head_label == "tracker-bot:tracker/updates" and pull.pull.base_ref == "main"
    fork = world.standin.read_file("tracker/updates", "README.md", "tracker-bot/awesome-list") or ""
    assert all(p.arxiv_id in fork for p in papers)
    assert world.standin.branch_sha("tracker/updates", REPO) is None  # nothing pushed upstream
    second = world.run()
    assert second.pr == {**first.pr, "action": "unchanged"}
    assert [r.path for r in world.standin.requests("POST", "/forks$")] == [f"/repos/{REPO}/forks"]


def test_base_branch_other_than_main(world: World) -> None:
    world.standin.create_repo("owner/dev-list", {"README.md": readme_text()}, default_branch="develop")
    world.config = config_for(world.standin, world.config.state.url)
    world.config.list.repo, world.config.list.branch = "owner/dev-list", "develop"
    papers = world.arrive(2)
    report = world.run()
    assert report.errors == [] and report.pr["action"] == "opened"
    [pull] = world.standin.open_pulls("owner/dev-list")
    assert pull.pull.base_ref == "develop"
    block = read_hidden_block(pull.body)
    assert block is not None and block.base_sha == world.standin.branch_sha("develop", "owner/dev-list")
    assert {e.key for e in block.entries} == {p.arxiv_id for p in papers}


def test_a_run_without_a_token_fails_with_one_clear_line_and_dry_run_needs_none(world: World) -> None:
    world.config.sources.github.token = None
    world.arrive(1)
    failed = world.run()
    assert failed.errors == ["publishing needs a GitHub token: set GITHUB_TOKEN (or use --dry-run)"]
    dry = world.run(dry_run=True)
    assert dry.errors == [] and dry.pr["action"] == "opened" and dry.diff
    assert TOKEN not in dry.body
