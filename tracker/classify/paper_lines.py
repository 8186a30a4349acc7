"""`tracker classify`'s input and output: one paper per JSON line in, one result per line out, same order.

Input lines carry `arxiv_id` (an opaque id, echoed back as given: it may be missing, repeat, or not be
an arXiv id), `title` (required, any language), and optional `abstract`, `authors`, `categories`; any
field but `title` may be empty, null or missing. The whole file is checked before anything is
classified, so a bad line fails the run without output. Blank lines are not papers and are skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.errors import UsageError
from tracker.models import Paper

OUTPUT_FIELDS = (
    "arxiv_id",
    "relevance",
    "in_scope",
    "section",
    "confidence",
    "placed",
    "alternatives",
    "explanation",
)


@dataclass(frozen=True)
class PaperLine:
    """One input line: the paper to classify and the id exactly as the line gave it."""

    line: int
    given_id: Any
    paper: Paper


def _text(row: dict, key: str, where: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise UsageError(f"{where}: {key} must be a string or null, got {type(value).__name__}")
    return value


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(item) for item in value if item]
    return []


def parse_line(text: str, where: str, number: int) -> PaperLine:
    """One input line as a PaperLine; a UsageError naming `where` if it is not a paper."""
    try:
        row = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{where}: not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(row, dict):
        raise UsageError(f"{where}: expected a JSON object with a title, got {type(row).__name__}")
    title = _text(row, "title", where).strip()
    if not title:
        raise UsageError(f"{where}: no title; every paper needs a non-empty title")
    given_id = row.get("arxiv_id")
    paper = Paper(
        arxiv_id="" if given_id is None else str(given_id),
        title=title,
        abstract=_text(row, "abstract", where),
        authors=_names(row.get("authors")),
        categories=_names(row.get("categories")),
    )
    return PaperLine(number, given_id, paper)


def read_paper_lines(path: str | Path) -> list[PaperLine]:
    """Every paper of a JSON-lines file, in order; the first bad line raises (exit 2)."""
    try:
        content = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    return [
        parse_line(text, f"{path}:{number}", number)
        for number, text in enumerate(content.split("\n"), start=1)  # not splitlines: U+2028 is JSON text
        if text.strip()
    ]


def output_line(given_id: Any, result: dict[str, Any]) -> str:
    """One output JSON line: the fields in OUTPUT_FIELDS order, the id echoed exactly as given."""
    row = {name: result[name] for name in OUTPUT_FIELDS} | {"arxiv_id": given_id}
    return json.dumps(row, ensure_ascii=False)
