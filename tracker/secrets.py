"""Keeps tokens out of every log line, error message and document tracker writes."""

from __future__ import annotations

import logging
import os
import re

_ENV_SECRETS = ("GITHUB_TOKEN", "GH_TOKEN", "TRACKER_GITHUB_TOKEN")
_registered: set[str] = set()
_TOKEN_SHAPES = re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b")


def register(secret: str | None) -> None:
    """Remember a secret value so that `redact` removes it wherever it appears."""
    if secret and len(secret) >= 4:
        _registered.add(secret)


def _known() -> set[str]:
    values = {os.environ.get(name, "") for name in _ENV_SECRETS}
    return {v for v in values | _registered if len(v) >= 4}


def redact(text: str) -> str:
    """Replace every known token (and anything shaped like a GitHub token) with `***`."""
    for secret in sorted(_known(), key=len, reverse=True):
        text = text.replace(secret, "***")
    return _TOKEN_SHAPES.sub("***", text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts the fully formatted message before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = redact(record.getMessage())
        record.msg, record.args = message, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True
