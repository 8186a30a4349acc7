"""Where output goes: one JSON document on stdout with --json, human text otherwise; logs to stderr."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from rich.console import Console

from tracker.secrets import RedactingFilter, redact

stderr_console = Console(stderr=True, highlight=False)


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


def setup_logging(debug: bool) -> None:
    """Log to stderr only, with tokens redacted; --debug turns on DEBUG for tracker."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_ours_or_warnings)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("tracker").setLevel(logging.DEBUG if debug else logging.INFO)
