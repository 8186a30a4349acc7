"""Operations over the real pipeline and the offline stack: the daemon runs `tracker run` on a short
schedule and stops on SIGTERM, the run lock turns a second run away, and `tracker status` tells the
truth after a scripted sequence of runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.cli_runner import ROOT, Invoke
from tracker.demo import DemoStack
from tracker.store import open_store
from tracker.store.lease import hold_lease

DAEMON = """
from apscheduler.triggers.interval import IntervalTrigger
from tracker.config import load_config
from tracker.output import setup_logging
from tracker.scheduler import build_scheduler, pipeline_job, run_scheduler

setup_logging(False)
config = load_config()
run_scheduler(build_scheduler(config, pipeline_job(config), trigger=IntervalTrigger(seconds=2)))
"""


def _child_env(demo_stack: DemoStack) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "GITHUB_"))}
    return env | demo_stack.env | {"PYTHONPATH": str(ROOT)}


def test_daemon_runs_the_pipeline_on_schedule_and_stops_on_sigterm(
    demo_stack: DemoStack, tmp_path: Path
) -> None:
    log = (tmp_path / "daemon.log").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", DAEMON],
        env=_child_env(demo_stack),
        cwd=tmp_path,
        stdout=log,
        stderr=log,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not demo_stack.github.open_pulls(demo_stack.list_repo) and time.monotonic() < deadline:
            assert process.poll() is None, Path(log.name).read_text()
            time.sleep(0.2)
        assert len(demo_stack.github.open_pulls(demo_stack.list_repo)) == 1
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    text = Path(log.name).read_text(encoding="utf-8")
    assert '"action": "opened"' in text and demo_stack.token not in text


def test_the_run_lock_turns_a_second_run_away(demo_stack: DemoStack, tracker_cli: Invoke) -> None:
    with open_store(demo_stack.database_url) as store, hold_lease(store):
        code, out, err = tracker_cli(["run", "--json"])
        assert code == 1 and out == ""
        assert err.startswith("error: another tracker run holds the 'run' lock: pid ")
        assert len(err.strip().splitlines()) == 1
        code, out, _ = tracker_cli(["run", "--dry-run", "--json"])  # dry runs take no lock
        assert code == 0 and json.loads(out)["pr"]["action"] == "opened"
    assert demo_stack.github.open_pulls(demo_stack.list_repo) == []


def test_status_is_accurate_after_a_scripted_sequence(demo_stack: DemoStack, tracker_cli: Invoke) -> None:
    code, fetched, _ = tracker_cli(["fetch", "--json"])
    assert code == 0
    code, out, _ = tracker_cli(["run", "--json"])
    opened = json.loads(out)
    assert code == 0 and opened["pr"]["action"] == "opened"
    proposed = opened["placed"] + opened["needs_section"]
    demo_stack.github.close_pull(opened["pr"]["number"], demo_stack.list_repo)
    code, out, _ = tracker_cli(["run", "--json"])
    after = json.loads(out)
    assert code == 0 and after["rejected"] == proposed and after["pr"]["action"] == "none"

    code, out, _ = tracker_cli(["status", "--json"])
    status = json.loads(out)
    assert code == 0
    runs = status["runs"]
    assert [run["command"] for run in runs] == ["run", "run", "fetch"]
    assert all(run["status"] == "ok" for run in runs)
    assert runs[1]["counts"]["candidates"] == opened["candidates"] and runs[0]["counts"]["candidates"] == 0
    assert status["candidates"]["rejected"] == proposed and status["candidates"]["proposed"] == 0
    assert status["candidates"]["ignored"] == opened["classified"] - opened["candidates"]
    assert status["pull_request"]["number"] == opened["pr"]["number"]
    assert status["pull_request"]["state"] == "closed"
    assert status["rate_limit"]["remaining"] < status["rate_limit"]["limit"]
    sources = {source["key"]: source for source in status["sources"]}
    assert "arxiv:rss:cs.CV" in sources and all(not s.get("last_error") for s in sources.values())
    assert json.loads(fetched)["papers_new"] > 0
