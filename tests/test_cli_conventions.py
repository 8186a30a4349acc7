"""Command-line contract shared by every command: exit codes, one-line errors, --json, --debug, no tokens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import run_tracker

SENTINEL = "ghp_SENTINELtoken0123456789abcdefghij"


def test_bad_config_exits_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("classify:\n  min_confidence: -1\n")
    result = run_tracker(["--config", "bad.yaml", "config"], tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: bad.yaml:2: classify.min_confidence:")


def test_debug_adds_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("classify:\n  min_confidence: -1\n")
    result = run_tracker(["--debug", "--config", "bad.yaml", "config"], tmp_path)
    assert result.returncode == 2
    assert "Traceback (most recent call last)" in result.stderr


def test_unknown_command_is_usage_error(tmp_path: Path) -> None:
    result = run_tracker(["no-such-command"], tmp_path)
    assert result.returncode == 2
    assert "no-such-command" in result.stderr


def test_json_output_is_one_document_and_hides_the_token(tmp_path: Path) -> None:
    result = run_tracker(["config", "--json"], tmp_path, GITHUB_TOKEN=SENTINEL)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["config"]["sources"]["github"]["token"] == "***"
    assert SENTINEL not in result.stdout + result.stderr


def test_tracker_now_drives_the_clock(monkeypatch) -> None:
    from tracker.clock import now
    from tracker.errors import ConfigError

    monkeypatch.setenv("TRACKER_NOW", "2026-06-30")
    assert now().isoformat() == "2026-06-30T00:00:00+00:00"
    monkeypatch.setenv("TRACKER_NOW", "yesterday")
    with pytest.raises(ConfigError, match="TRACKER_NOW"):
        now()


def test_redaction_covers_env_registered_and_token_shaped_values(monkeypatch) -> None:
    from tracker.secrets import redact, register

    monkeypatch.setenv("GITHUB_TOKEN", "plain-env-secret")
    register("registered-secret")
    text = f"a plain-env-secret b registered-secret c {SENTINEL} d"
    assert redact(text) == "a *** b *** c *** d"


def test_library_info_logs_stay_off_stderr(capsys) -> None:
    import logging

    from tracker.output import setup_logging

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        setup_logging(debug=False)
        chatty = logging.getLogger("werkzeug")
        chatty.setLevel(logging.INFO)
        chatty.info("GET / 200")
        chatty.warning("port in use")
        logging.getLogger("tracker.test").info("fetched 3 papers")
    finally:
        root.handlers[:], root.level = saved
    err = capsys.readouterr().err
    assert "GET / 200" not in err
    assert "port in use" in err and "fetched 3 papers" in err
