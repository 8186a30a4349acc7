"""The token never shows: failing authenticated commands with the global --debug, and the session sweep
(secret_sweep.py) proven to catch a leak wherever it happens."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import yaml

from tests.cli_runner import Invoke, run_tracker
from tests.fakes.github_server import FakeRelease, GitHubFake, utc
from tests.hardening.secret_sweep import SENTINEL_TOKEN

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-01-07T03:00:00Z"


def _config(tmp_path: Path, settings: dict[str, Any], github: dict[str, Any]) -> str:
    settings = {**settings, "state": {"url": f"sqlite:///{tmp_path / 'state.db'}"}}
    settings["sources"] = {"arxiv": {"enabled": False}, "github": {**settings["sources"]["github"], **github}}
    (tmp_path / "tracker.yaml").write_text(yaml.safe_dump(settings))
    return "tracker.yaml"


def test_a_failing_authenticated_fetch_with_debug_shows_no_token(
    github_fake: GitHubFake, settings: dict[str, Any], tmp_path: Path
) -> None:
    """README read rejected (401), the release listing refused for want of a permission (403): exit 1 with
    a traceback under --debug, and the token nowhere in stdout, stderr or the database."""
    github_fake.add_repo("Owner/Awesome")
    github_fake.add_repo("Org/Model", [FakeRelease("v1", utc(2026, 1, 2))])
    github_fake.api.fault(
        status=401, body='{"message": "Bad credentials"}', when=lambda r: "/contents/" in r.path
    )
    forbidden = '{"message": "Resource not accessible by personal access token"}'
    github_fake.api.fault(status=403, body=forbidden, when=lambda r: r.path.endswith("/releases"))
    github = {"track_list_repos": True, "include_prereleases": False, "repos": ["Org/Model"]}
    config = _config(tmp_path, settings, github)

    result = run_tracker(
        ["--debug", "--config", config, "fetch"], tmp_path, GITHUB_TOKEN=SENTINEL_TOKEN, TRACKER_NOW=NOW
    )

    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "HTTP 401" in result.stderr and "releases of Org/Model" in result.stderr
    authorizations = {e.headers.get("Authorization") for e in github_fake.api.log}
    assert authorizations == {f"Bearer {SENTINEL_TOKEN}", f"token {SENTINEL_TOKEN}"}  # it was used
    assert SENTINEL_TOKEN not in result.stdout + result.stderr
    assert SENTINEL_TOKEN.encode() not in (tmp_path / "state.db").read_bytes()


def test_a_token_pasted_with_whitespace_is_trimmed_and_shows_nowhere(
    github_fake: GitHubFake, settings: dict[str, Any], tmp_path: Path
) -> None:
    """A token pasted with a newline would make requests refuse the header and quote its value (a repr,
    which plain redaction would not match): the configuration trims it, so the run simply works."""
    github_fake.add_repo("Owner/Awesome").files[("README.md", "main")] = "# L\n"
    github_fake.add_repo("Org/Model", [FakeRelease("v1", utc(2026, 1, 2))])
    github = {"track_list_repos": True, "include_prereleases": False, "repos": ["Org/Model"]}
    config = _config(tmp_path, settings, github)

    result = run_tracker(
        ["--debug", "--config", config, "fetch"],
        tmp_path,
        GITHUB_TOKEN=f" {SENTINEL_TOKEN}\n",
        TRACKER_NOW=NOW,
    )

    assert result.returncode == 0, result.stderr
    assert {e.headers.get("Authorization") for e in github_fake.api.log} == {
        f"Bearer {SENTINEL_TOKEN}",
        f"token {SENTINEL_TOKEN}",
    }
    assert SENTINEL_TOKEN not in result.stdout + result.stderr


def test_config_and_status_style_commands_in_process_show_no_token(tracker_cli: Invoke, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", SENTINEL_TOKEN)
    for args in (["--debug", "config", "--json"], ["--debug", "config"], ["--debug", "no-such-command"]):
        code, out, err = tracker_cli(args)
        assert SENTINEL_TOKEN not in out + err, args


LEAKY_TESTS = """
import logging, subprocess, sys
TOKEN = "ghp_METALEAK-0123456789"

def test_prints_it():
    print("token:", TOKEN)

def test_logs_it():
    logging.getLogger("tracker.x").warning("using %s", TOKEN)

def test_reads_it_through_capsys(capsys):
    print(TOKEN)
    assert capsys.readouterr().out

def test_child_prints_it():
    subprocess.run([sys.executable, "-c", f"print({TOKEN!r})"], capture_output=True, check=True)

def test_writes_it_to_a_file(tmp_path):
    (tmp_path / "state.db").write_bytes(b"\\x00" * 5000 + TOKEN.encode())

def test_clean(tmp_path):
    print("nothing to see")
    (tmp_path / "out.txt").write_text("ok")
"""


def test_the_sweep_fails_a_leaking_session_and_names_each_test(tmp_path: Path) -> None:
    """A pytest session of its own, with the sweep plugin and another needle (so this session's sweep
    does not see the inner session's deliberate leaks)."""
    (tmp_path / "test_leaky.py").write_text(textwrap.dedent(LEAKY_TESTS))
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.hardening.secret_sweep"]\n')
    environ = {**os.environ, "PYTHONPATH": str(ROOT), "SECRET_SWEEP_NEEDLE": "ghp_METALEAK"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "--basetemp",
            str(tmp_path / "base"),
        ],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = result.stdout.split("secret sweep", 1)[-1]
    assert result.returncode == 1, result.stdout
    assert "6 passed" in result.stdout
    for test in ("test_prints_it", "test_logs_it", "test_reads_it_through_capsys", "test_child_prints_it"):
        assert f"test_leaky.py::{test} " in report, test
    assert re.search(r"test_leaky.py::test_writes_it_to_a_file \(file .*state\.db\)", report)
    assert "test_clean" not in report
