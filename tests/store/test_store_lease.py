"""The run lock: a lease row that real processes contend for, on SQLite and PostgreSQL.

A child process holds the lease while the test tries to take it: a live holder turns it away, a
SIGKILLed holder's lease is taken over once it has expired, and revision 0003 adds the table in place.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from tracker.errors import TrackerError
from tracker.store import open_store
from tracker.store.db import make_engine
from tracker.store.lease import LeaseHeld, hold_lease
from tracker.store.migrate import current_revision, downgrade, upgrade

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
from tracker.store import open_store
from tracker.store.lease import hold_lease
url, ttl, beat, hold = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
start_at = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
with open_store(url) as store:
    while time.time() < start_at:
        time.sleep(0.005)
    try:
        with hold_lease(store, "run", ttl_seconds=ttl, heartbeat_seconds=beat):
            print("held", flush=True)
            time.sleep(hold)
    except Exception as exc:
        print("refused", type(exc).__name__, flush=True)
"""


def _holder(url: str, ttl: float, beat: float, hold: float, start_at: float = 0.0) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", HOLDER, url, str(ttl), str(beat), str(hold), str(start_at)]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_held(child: subprocess.Popen[str]) -> None:
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "held", (
        f"holder did not start: {line!r} {child.stderr.read() if child.stderr else ''}"
    )


def _try_take(url: str, ttl: float = 5.0) -> bool:
    with open_store(url) as store:
        try:
            with hold_lease(store, "run", ttl_seconds=ttl, heartbeat_seconds=ttl / 4):
                return True
        except LeaseHeld:
            return False


def test_a_live_holder_turns_the_second_run_away_with_one_clear_line(db_url: str) -> None:
    open_store(db_url).close()  # migrate once, so the child does not race the test on it
    child = _holder(db_url, ttl=1.0, beat=0.2, hold=30)
    try:
        _wait_held(child)
        time.sleep(1.6)  # longer than the TTL: only the heartbeat keeps the lease alive
        with (
            open_store(db_url) as store,
            pytest.raises(LeaseHeld) as refused,
            hold_lease(store, ttl_seconds=5, heartbeat_seconds=1),
        ):
            pass
        message = str(refused.value)
        assert "\n" not in message
        assert f"pid {child.pid}@{socket.gethostname()} since " in message
        assert "another tracker run holds the 'run' lock" in message and "UTC" in message
        assert isinstance(refused.value, TrackerError) and refused.value.exit_code == 1
    finally:
        child.kill()
        child.wait()


def test_a_sigkilled_holder_is_taken_over_after_expiry_with_a_warning(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    open_store(db_url).close()
    child = _holder(db_url, ttl=1.5, beat=0.3, hold=30)
    try:
        _wait_held(child)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    killed_at = time.monotonic()
    assert not _try_take(db_url), "a lease must outlive its holder until it expires"
    caplog.set_level(logging.WARNING, logger="tracker.store.lease")
    while not _try_take(db_url):
        assert time.monotonic() - killed_at < 10, "the expired lease was never taken over"
        time.sleep(0.2)
    takeovers = [r.getMessage() for r in caplog.records if "took over" in r.getMessage()]
    assert len(takeovers) == 1
    assert f"pid {child.pid}@{socket.gethostname()}" in takeovers[0]
    with open_store(db_url) as store:
        assert store.leases() == []  # released on exit


def test_racing_processes_one_wins(db_url: str) -> None:
    open_store(db_url).close()
    start_at = time.time() + 2.0  # every child is imported and connected by then, so they start together
    children = [_holder(db_url, ttl=5, beat=1, hold=1.5, start_at=start_at) for _ in range(3)]
    outcomes = []
    for child in children:
        out, err = child.communicate(timeout=30)
        outcomes.append(out.split()[0] if out.strip() else f"crashed: {err[-300:]}")
    assert sorted(outcomes) == ["held", "refused", "refused"], outcomes


def test_the_lease_is_renewed_released_and_freed_on_errors(store) -> None:
    with hold_lease(store, "run", ttl_seconds=0.6, heartbeat_seconds=0.1) as lease:
        first = store.leases()[0]
        assert (first.holder_pid, first.holder_host) == (os.getpid(), socket.gethostname())
        time.sleep(0.35)
        renewed = store.leases()[0]
        assert renewed.heartbeat_at > first.heartbeat_at and renewed.expires_at > first.expires_at
        assert renewed.acquired_at == first.acquired_at
        lease.ensure_held()
    assert store.leases() == []
    with pytest.raises(RuntimeError), hold_lease(store, "run"):
        raise RuntimeError("the run crashed")
    assert store.leases() == []
    with hold_lease(store, "run"), hold_lease(store, "other"):
        assert [info.name for info in store.leases()] == ["other", "run"]


def test_a_lost_lease_is_noticed(store) -> None:
    with hold_lease(store, "run", ttl_seconds=5, heartbeat_seconds=0.1) as lease:
        with store.engine.begin() as connection:
            connection.execute(text("UPDATE leases SET token = 'someone-else'"))
        deadline = time.monotonic() + 5
        while not lease.lost and time.monotonic() < deadline:
            time.sleep(0.05)
        with pytest.raises(TrackerError, match="lock was lost"):
            lease.ensure_held()
    assert [info.token for info in store.leases()] == ["someone-else"]  # not ours to release


def test_heartbeat_must_be_shorter_than_the_ttl(store) -> None:
    with (
        pytest.raises(ValueError, match="heartbeat_seconds"),
        hold_lease(store, ttl_seconds=5, heartbeat_seconds=5),
    ):
        pass


def test_revision_0003_adds_the_leases_table_in_place(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0002")
    with engine.begin() as connection:
        started = datetime(2026, 6, 1, 12, tzinfo=UTC)
        connection.execute(
            text("INSERT INTO runs (command, started, status) VALUES ('fetch', :t, 'ok')"), {"t": started}
        )
    upgrade(engine)
    assert current_revision(engine) == "0003"
    assert "leases" in inspect(engine).get_table_names()
    downgrade(engine, "0002")
    assert "leases" not in inspect(engine).get_table_names()
    upgrade(engine)
    engine.dispose()
    with open_store(db_url) as store:
        assert [run["command"] for run in store.last_runs()] == ["fetch"]
        assert store.leases() == []
