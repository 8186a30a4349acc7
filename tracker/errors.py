"""Error types that map onto the command line's exit codes (1 failed, 2 bad usage or config)."""

from __future__ import annotations


class TrackerError(Exception):
    """An expected failure: the CLI prints its message as one line, no traceback."""

    exit_code = 1


class UsageError(TrackerError):
    """The user asked for something that cannot be done as asked (bad argument, unknown section)."""

    exit_code = 2


class ConfigError(UsageError):
    """The configuration or the environment is invalid; the message names file, key and fix."""


def first_of(errors: list[str]) -> str:
    """The one line a command fails with when a run reported several errors: the first, and how many more."""
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{errors[0]}{more}"


class SourceError(TrackerError):
    """A source (arXiv, GitHub) failed; the run keeps what other sources fetched."""
