"""A real `tracker run` process SIGKILLed at every step of a publish; the next run converges to exactly one
PR holding every candidate, none lost and none duplicated.

The GitHub stand-in holds the request named by the crash point until the process is killed. `drop` kills
it before that request happens; `apply` lets the request happen and kills the process at its next
database write, which the test blocks with an exclusive SQLite lock (the state commit).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.cli_runner import ROOT
from tests.publish.world import NOW, REPO, World, config_data
from tracker.demo.github_api import Hold
from tracker.publish.body import read_hidden_block

PULLS = f"/repos/{REPO}/pulls$"
EDIT = f"/repos/{REPO}/pulls/\\d+$"
# crash point -> (method, path regex, kill before it (drop) or after it (apply), a PR open before the run)
POINTS = {
    "after the commit, before the branch is created": ("POST", "/git/refs$", "drop", False),
    "after the commit, before the branch is updated": ("PATCH", "/git/refs?/heads/", "drop", True),
    "after the branch is created, before the PR is created": ("POST", PULLS, "drop", False),
    "after the branch is updated, before the PR is edited": ("PATCH", EDIT, "drop", True),
    "after the PR is created, before it is labelled": ("POST", "/labels$", "drop", False),
    "after the PR is labelled, before the state commit": ("POST", "/labels$", "apply", False),
    "after the PR is edited, before the state commit": ("PATCH", EDIT, "apply", True),
}


def _start_run(world: World, tmp_path: Path) -> subprocess.Popen[bytes]:
    config = tmp_path / "tracker.yaml"
    data = config_data(world.standin, world.config.state.url)
    data["sources"]["github"].pop("token")
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    token = world.config.sources.github.token
    assert token is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "GITHUB_"))}
    env |= {"TRACKER_NOW": NOW.isoformat(), "GITHUB_TOKEN": token.get_secret_value(), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tracker.cli", "--config", str(config), "run"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _kill_at(world: World, tmp_path: Path, hold: Hold, mode: str) -> None:
    process = _start_run(world, tmp_path)
    lock = None
    try:
        assert hold.arrived.wait(90), "the run never reached the crash point"
        if mode == "apply":
            lock = sqlite3.connect(tmp_path / "state.db", isolation_level=None, timeout=30)
            lock.execute("BEGIN EXCLUSIVE")  # its next write (the state commit) waits here...
            hold.release(apply=True)
            _wait_for_answer(world, hold)
        process.send_signal(signal.SIGKILL)  # ...and it dies there
        assert process.wait(10) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        hold.release()
        if lock is not None:
            lock.execute("ROLLBACK")
            lock.close()


def _wait_for_answer(world: World, hold: Hold) -> None:
    """Until the held request has been served (it is logged with its status once answered)."""
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        served = [e for e in world.standin.log if e.method == hold.method and hold.path.search(e.path)]
        if served and served[-1].status:
            time.sleep(0.3)  # the client reads the answer and goes on to its database write
            return
        time.sleep(0.05)
    raise AssertionError("the held request was never answered")


@pytest.mark.parametrize("point", list(POINTS))
def test_killed_mid_publish_the_next_run_converges(world: World, tmp_path: Path, point: str) -> None:
    method, path, mode, pr_open = POINTS[point]
    papers = world.arrive(2)
    if pr_open:
        assert world.run().pr["action"] == "opened"
        papers += world.arrive(2)
    _kill_at(world, tmp_path, world.standin.hold_next(method, path), mode)
    assert len(world.standin.open_pulls(REPO)) <= 1
    more = world.arrive(1)
    report = world.run()
    assert report.errors == [], report.errors
    keys = {p.arxiv_id for p in papers + more}
    [pull] = world.standin.open_pulls(REPO)
    assert len(world.standin.repo(REPO).pulls()) == 1  # exactly one PR, ever
    block = read_hidden_block(pull.body)
    assert block is not None and sorted(e.key for e in block.entries) == sorted(keys)  # none lost, none twice
    branch = world.branch_readme() or ""
    assert all(branch.count(f"/{key})") == 1 for key in keys)
    assert pull.pull.head_sha == world.standin.branch_sha("tracker/updates", REPO)
    assert set(world.statuses(papers + more).values()) == {"proposed"}
    assert world.run().pr["action"] == "unchanged"
