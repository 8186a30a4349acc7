"""`tracker add`: validate one entry from the command line, insert it, write the README back byte-exact."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker.errors import UsageError
from tracker.listdoc.edit import find_inserted, insert_entry, unified_diff
from tracker.listdoc.parse import read_document
from tracker.listdoc.sanitize import clean_text, safe_url
from tracker.listdoc.template import NewEntry

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class AddResult:
    diff: str
    message: str


def _checked_url(option: str, url: str | None) -> str | None:
    if url is not None and not safe_url(url):
        raise UsageError(f"{option} must be an http(s) URL, got {url!r}")
    return url


def _checked_date(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        if not _ISO_DATE.match(text):
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise UsageError(f"invalid --date {text!r}; use YYYY-MM-DD, e.g. 2026-06-30") from None


def _author_names(text: str | None) -> list[str]:
    """`--authors "A. One, B. Two; C. Three"`: names split on commas, semicolons or " and "."""
    if not text:
        return []
    names = [clean_text(name) for name in re.split(r"\s*[,;]\s*|\s+and\s+", text)]
    return [name for name in names if name]


def add_to_file(
    readme: str | Path,
    *,
    section: str,
    title: str,
    url: str,
    code_url: str | None = None,
    date_text: str | None = None,
    venue: str | None = None,
    note: str | None = None,
    tag: str | None = None,
    demo_url: str | None = None,
    authors: str | None = None,
    dry_run: bool = False,
) -> AddResult:
    """Insert the entry into `readme` (unless `dry_run`); return the diff and a one-line summary."""
    if not clean_text(title):
        raise UsageError("--title is empty")
    new = NewEntry(
        title=title,
        url=_checked_url("--url", url),
        code_url=_checked_url("--code", code_url),
        date=_checked_date(date_text),
        venue=venue,
        note=note,
        tag=tag,
        demo_url=_checked_url("--demo", demo_url),
        authors=_author_names(authors),
    )
    before = read_document(readme)
    after = insert_entry(before, section, new)
    old_text, new_text = before.render(), after.render()
    entry = find_inserted(before, after, section, new)
    where = f" at line {entry.line}" if entry else ""
    path = Path(readme)
    if not dry_run:
        path.write_bytes(new_text.encode("utf-8"))
    target = " > ".join(entry.section_path) if entry else section
    verb = "would add" if dry_run else "added"
    message = f"{verb} {clean_text(title)!r} to {target}{where}"
    return AddResult(unified_diff(old_text, new_text, path.name), message)
