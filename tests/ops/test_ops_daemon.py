"""The daemon as a real process: it fires its job on a short schedule and stops cleanly (exit 0) on SIGTERM
or SIGINT, letting a running job finish first; `tracker daemon` itself starts and stops the same way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli_runner import ROOT

DAEMON = """
import sys, time
from apscheduler.triggers.interval import IntervalTrigger
from tracker.config import Config
from tracker.output import setup_logging
from tracker.scheduler import build_scheduler, run_scheduler

out, seconds, work = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])

def job():
    with open(out, "a") as f:
        f.write("started\\n")
    time.sleep(work)
    with open(out, "a") as f:
        f.write("done\\n")
    return {"papers_new": 1, "errors": []}

setup_logging(False)
run_scheduler(build_scheduler(Config(), job, trigger=IntervalTrigger(seconds=seconds)))
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "GITHUB_"))}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def _wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def _start(args: list[str], tmp_path: Path, **env: str) -> tuple[subprocess.Popen[bytes], Path]:
    log = tmp_path / "stderr.log"
    with log.open("wb") as stderr:
        child = subprocess.Popen(
            args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=stderr, env=_env(**env)
        )
    return child, log


def _stop(child: subprocess.Popen[bytes], sig: signal.Signals, within: float) -> int:
    child.send_signal(sig)
    try:
        return child.wait(timeout=within)
    finally:
        if child.poll() is None:
            child.kill()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_daemon_fires_on_schedule_and_stops_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    out = tmp_path / "fired.txt"
    child, log = _start([sys.executable, "-c", DAEMON, str(out), "0.3", "0"], tmp_path)
    _wait_for(lambda: _lines(out).count("done") >= 2, 20, "two scheduled runs")
    stopped = time.monotonic()
    assert _stop(child, sig, within=10) == 0, log.read_text()
    assert time.monotonic() - stopped < 5
    stderr = log.read_text().splitlines()
    runs = [
        json.loads(line.split(": ", 1)[1]) for line in stderr if line.startswith("INFO tracker.scheduler: {")
    ]
    assert len(runs) >= 2 and all(run["status"] == "ok" and run["report"]["papers_new"] == 1 for run in runs)
    assert (
        f"daemon: {sig.name} received" in log.read_text()
        and stderr[-1] == "INFO tracker.scheduler: daemon: stopped"
    )
    assert "Traceback" not in log.read_text()


def test_sigterm_lets_the_running_job_finish(tmp_path: Path) -> None:
    out = tmp_path / "fired.txt"
    child, log = _start([sys.executable, "-c", DAEMON, str(out), "0.2", "1.5"], tmp_path)
    _wait_for(lambda: "started" in _lines(out), 20, "the first run to start")
    assert _stop(child, signal.SIGTERM, within=10) == 0, log.read_text()
    assert _lines(out) == ["started", "done"]  # finished, and no new run began after the signal


def test_tracker_daemon_command_starts_and_stops_on_sigterm(tmp_path: Path) -> None:
    (tmp_path / "tracker.yaml").write_text("schedule:\n  cron: '0 3 * * 1-5'\n  timezone: Europe/Berlin\n")
    args = [sys.executable, "-m", "tracker.cli", "--config", "tracker.yaml", "daemon"]
    child, log = _start(args, tmp_path, TRACKER_DATABASE_URL=f"sqlite:///{tmp_path / 'state.db'}")
    _wait_for(lambda: "daemon: started" in log.read_text(), 30, "the daemon to start")
    started = log.read_text()
    assert "day_of_week='mon,tue,wed,thu,fri', hour='3', minute='0'" in started
    assert "next run at " in started and ("+01:00" in started or "+02:00" in started)  # Berlin time
    assert _stop(child, signal.SIGTERM, within=10) == 0, log.read_text()
    assert log.read_text().rstrip().endswith("daemon: stopped")
    assert (tmp_path / "state.db").exists()  # the database was opened (and migrated) before waiting
