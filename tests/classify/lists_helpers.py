"""Helpers for the section tests: the real READMEs and small JSON-lines files."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from tracker.listdoc.model import Document
from tracker.listdoc.parse import read_document


def latest_readme(shared_data: Path, name: str) -> Path:
    """The newest stored version of a list (the file names sort by date)."""
    return sorted((shared_data / "lists" / name).glob("*.md"))[-1]


@cache
def _parsed(path: Path) -> Document:
    return read_document(path)


def latest_document(shared_data: Path, name: str) -> Document:
    return _parsed(latest_readme(shared_data, name))


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path
