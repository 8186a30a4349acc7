"""Where output goes: one JSON document on stdout with --json, human text otherwise; logs to stderr.

Logs and progress share stderr. Progress is a rich display when stderr is a terminal and plain
`label: message` lines otherwise (CI logs, pipes), so a log file never fills with escape codes.
`--verbose` shows tracker's DEBUG logs, `--quiet` only warnings and errors (and no progress).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from tracker.secrets import RedactingFilter, redact

stderr_console = Console(stderr=True, highlight=False)
_settings = {"quiet": False}  # set by setup_logging; --quiet also silences progress


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit(data: Any, as_json: bool, human: Callable[[Any], None]) -> None:
    """Print exactly one JSON document, or the human rendering of the same data."""
    if as_json:
        sys.stdout.write(redact(json.dumps(data, ensure_ascii=False, default=_default)) + "\n")
    else:
        human(data)


def _ours_or_warnings(record: logging.LogRecord) -> bool:
    """Libraries that set their own logger level (werkzeug, urllib3) may only speak up from WARNING."""
    return record.name.split(".", 1)[0] == "tracker" or record.levelno >= logging.WARNING


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is now, so a live rich display (which swaps it) is not torn apart."""

    @property
    def stream(self) -> Any:  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def log_level(debug: bool = False, verbose: bool = False, quiet: bool = False) -> int:
    """tracker's own log level: DEBUG with --debug or --verbose, WARNING with --quiet, else INFO."""
    if debug or verbose:
        return logging.DEBUG
    return logging.WARNING if quiet else logging.INFO


def setup_logging(debug: bool, verbose: bool = False, quiet: bool = False) -> None:
    """Log to stderr only, with tokens redacted, at `log_level`; other libraries speak from WARNING."""
    handler = _StderrHandler()
    handler.addFilter(_ours_or_warnings)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("tracker").setLevel(log_level(debug, verbose, quiet))
    _settings["quiet"] = quiet


_COUNTED = re.compile(r"^(?P<what>.*?)\s*(?P<done>\d+)\s*/\s*(?P<total>\d+)$")


class _RichProgress:
    """A row per phase of a long command; "GitHub releases 25/100" drives a bar, other messages a spinner."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}
        self.current: str | None = None

    def finish(self, phase: str) -> None:
        task = self.progress.tasks[self.tasks[phase]]
        total = task.total if task.total is not None else 1
        self.progress.update(self.tasks[phase], total=total, completed=total)

    def __call__(self, message: str) -> None:
        message = redact(message)
        counted = _COUNTED.match(message)
        phase = counted.group("what") if counted else message
        if self.current is not None and self.current != phase:
            self.finish(self.current)
        self.current = phase
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(escape(phase), total=None)
        if counted:
            self.progress.update(
                self.tasks[phase],
                description=escape(message),
                completed=int(counted.group("done")),
                total=int(counted.group("total")),
            )


@contextmanager
def progress_reporter(label: str, console: Console | None = None) -> Iterator[Callable[[str], None]]:
    """A progress callback for long work such as fetching: rich rows with bars when the console (stderr
    by default) is a terminal, plain `label: message` lines otherwise, nothing with --quiet."""
    console = console or stderr_console
    if _settings["quiet"]:
        yield lambda message: None
        return
    if not console.is_terminal:

        def plain(message: str) -> None:
            console.file.write(redact(f"{label}: {message}") + "\n")
            console.file.flush()

        yield plain
        return
    columns = (
        SpinnerColumn(),
        TextColumn(f"[dim]{label}:[/dim] {{task.description}}"),
        BarColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        rows = _RichProgress(progress)
        yield rows
        if rows.current is not None:
            rows.finish(rows.current)
