"""--verbose and --quiet, progress (rich on a terminal, plain lines elsewhere), tokens kept out of both."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator

import pytest
from rich.console import Console

from tracker import output
from tracker.output import log_level, progress_reporter, setup_logging

TOKEN = "ghp_SENTINELtoken0123456789abcdefghij"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    loggers = [logging.getLogger(), logging.getLogger("tracker")]
    saved = [(logger.handlers[:], logger.level) for logger in loggers]
    yield
    for logger, (handlers, level) in zip(loggers, saved, strict=True):
        logger.handlers[:] = handlers
        logger.setLevel(level)
    output._settings["quiet"] = False  # --quiet is module state, as logging's levels are


@pytest.mark.parametrize(
    ("flags", "level"),
    [
        ({}, logging.INFO),
        ({"verbose": True}, logging.DEBUG),
        ({"debug": True}, logging.DEBUG),
        ({"quiet": True}, logging.WARNING),
    ],
)
def test_levels(flags: dict[str, bool], level: int) -> None:
    assert log_level(**flags) == level


@pytest.mark.parametrize(
    ("flag", "level"), [("--verbose", logging.DEBUG), ("-q", logging.WARNING), (None, logging.INFO)]
)
def test_global_flags_set_trackers_level(restore_logging, tracker_cli, flag: str | None, level: int) -> None:
    code, _, err = tracker_cli([*([flag] if flag else []), "status", "--json"])
    assert code == 0, err
    assert logging.getLogger("tracker").level == level


def test_quiet_and_verbose_conflict(tracker_cli) -> None:
    code, out, err = tracker_cli(["--quiet", "--verbose", "status"])
    assert (code, out) == (2, "")
    assert err == "error: --quiet cannot be combined with --verbose or --debug\n"


def test_logs_follow_the_current_stderr_and_are_redacted(restore_logging, monkeypatch) -> None:
    setup_logging(debug=False, quiet=True)
    swapped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", swapped)  # as a live rich display does while it draws
    logging.getLogger("tracker.test").info("hidden with --quiet")
    logging.getLogger("tracker.test").warning("token %s leaked?", TOKEN)
    assert swapped.getvalue() == "WARNING tracker.test: token *** leaked?\n"


def test_progress_is_plain_lines_off_a_terminal() -> None:
    buffer = io.StringIO()
    with progress_reporter("fetch", Console(file=buffer)) as progress:
        progress("arXiv RSS cs.CV")
        progress(f"GitHub releases 25/100 with {TOKEN}")
    assert buffer.getvalue() == "fetch: arXiv RSS cs.CV\nfetch: GitHub releases 25/100 with ***\n"


def test_progress_draws_bars_on_a_terminal() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100, color_system=None)
    with progress_reporter("fetch", console) as progress:
        progress("arXiv query mllm: submitted since 2026-11-01 00:00")
        progress("GitHub releases 25/100")
        progress("GitHub releases 100/100")
    screen = buffer.getvalue()
    assert "fetch: GitHub releases 100/100" in screen and "━" in screen
    assert "fetch: arXiv query mllm" in screen
    assert "\x1b[" in screen  # a live display (cursor moves), not plain lines


def test_quiet_silences_progress(restore_logging) -> None:
    setup_logging(debug=False, quiet=True)
    buffer = io.StringIO()
    with progress_reporter("fetch", Console(file=buffer)) as progress:
        progress("arXiv RSS cs.CV")
    assert buffer.getvalue() == ""
