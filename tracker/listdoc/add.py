"""`tracker add`: validate one entry from the command line, insert it, write the README back byte-exact.

On a list that files new papers under a heading for their day (`listdoc.intake`), `--intake`, or a
`--section` naming the parent of those day headings, files the entry under its day: `--date`, else the
day `tracker add` runs (UTC, `TRACKER_NOW` to replay one). The day's heading is written first when the
list lacks it, in the form and place the list's own day headings have.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker import clock
from tracker.errors import UsageError
from tracker.ids import arxiv_id_from_url
from tracker.listdoc.edit import find_inserted, find_section, insert_entry, unified_diff
from tracker.listdoc.intake import detect, file_by_day
from tracker.listdoc.model import Document, strip_eol
from tracker.listdoc.parse import read_document
from tracker.listdoc.sanitize import clean_text, safe_url
from tracker.listdoc.template import NewEntry
from tracker.listdoc.verify import AddedHeadings, shown_words, words

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class AddResult:
    diff: str
    message: str
    notice: str = ""  # one line for stderr: given fields the section's format has no place for


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


def _target(
    doc: Document, section: str | None, intake: bool, date_text: str | None
) -> tuple[Document, str, AddedHeadings | None]:
    """The document to insert into, the section query, and the day heading added for it, if any.

    `--intake`, or a `--section` naming the parent of the list's dated intake headings, means the entry's
    day section (`--date`, else today); any other `--section` is used as given."""
    if intake and section is not None:
        raise UsageError("give --section or --intake, not both")
    if not intake:
        if section is None:
            raise UsageError("missing --section (or --intake, on a list that files new papers by day)")
        workflow = detect(doc)
        if workflow is None or workflow.parent is None or find_section(doc, section) is not workflow.parent:
            return doc, section, None
    day = date.fromisoformat(date_text) if date_text else clock.now().date()
    target, [path], added = file_by_day(doc, [day])
    return target, path, added


def add_to_file(
    readme: str | Path,
    *,
    section: str | None,
    title: str,
    url: str,
    code_url: str | None = None,
    date_text: str | None = None,
    venue: str | None = None,
    note: str | None = None,
    tag: str | None = None,
    demo_url: str | None = None,
    authors: str | None = None,
    intake: bool = False,
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
    target, query, added = _target(before, section, intake, new.date_text)
    after = insert_entry(target, query, new, added=added)  # read back before writing: see listdoc.verify
    old_text, new_text = before.render(), after.render()
    entry = find_inserted(target, after, query, new)
    where = f" at line {entry.line}" if entry else ""
    path = Path(readme)
    if not dry_run:
        path.write_bytes(new_text.encode("utf-8"))
    shown = find_section(target, query).path_text  # as `tracker list` prints it
    verb = "would add" if dry_run else "added"
    heading = " (under a new heading)" if added else ""
    message = f"{verb} {clean_text(title)!r} to {shown}{where}{heading}"
    given = {
        "--url": new.url,
        "--code": new.code_url,
        "--date": new.date_text if query == section else None,  # filed by day: --date chose the section
        "--venue": venue,
        "--authors": new.authors,
        "--note": note,
        "--tag": tag,
        "--demo": new.demo_url,
    }
    left_out = unplaced_fields(entry.lines if entry else [], given)
    notice = ""
    if left_out:
        they = "it was" if len(left_out) == 1 else "they were"
        notice = f"note: the section's format has no place for {', '.join(left_out)}; {they} not written"
    return AddResult(unified_diff(old_text, new_text, path.name), message, notice)


def unplaced_fields(lines: Sequence[str], given: Mapping[str, str | list[str] | None]) -> list[str]:
    """The options in `given` (option name -> value) whose value the written `lines` do not show.

    Compared on what was written, not on how a renderer works: a URL must appear as written, a date as
    its year or its two-digit year and month (`2024`, `24.08`, `2408`), a venue by its name, a note or
    a tag by its words, authors by the first author's family name."""
    text = " ".join(strip_eol(line) for line in lines)
    shown = shown_words(text, urls=False)  # an arXiv URL's digits are not a date
    missing = []
    for option, value in given.items():
        if not value:
            continue
        if isinstance(value, list):
            ok = _has_words(shown, value[0].split()[-1] if value[0].split() else "")
        elif option in ("--url", "--code", "--demo"):
            ok = _has_url(text, value)
        elif option == "--date":
            ok = _has_date(shown, value)
        else:
            ok = _has_words(shown, value, name_only=option == "--venue")
        if not ok:
            missing.append(option)
    return missing


def _has_url(text: str, url: str) -> bool:
    """Whether `text` links `url` as given (scheme and trailing slash aside), or its arXiv paper in the
    list's own link form (`/pdf/ID`, a badge)."""
    forms = {form.rstrip("/").split("://", 1)[-1] for form in (url, safe_url(url)) if form}
    arxiv_id = arxiv_id_from_url(url)
    return any(form in text for form in forms) or bool(arxiv_id and arxiv_id in text)


def _has_words(shown: str, value: str, name_only: bool = False) -> bool:
    """Whether `shown` has the words of `value` in a row; with `name_only`, its first word that is not a
    number (`NeurIPS 2024` may be written `NeurIPS'24`)."""
    wanted = words(value).split()
    if name_only:
        wanted = [word for word in wanted if not word.isdigit()][:1] or wanted[:1]
    return not wanted or f" {' '.join(wanted)} " in shown


def _has_date(shown: str, iso: str) -> bool:
    """Whether `shown` has the date's year, or its two-digit year and month (`26 03` from `26.03`,
    `2603`, `26 3`)."""
    year, _, rest = iso.partition("-")
    forms = [year]
    if rest:
        short, month = year[2:], rest[:2]
        forms += [f"{short} {month}", f"{short}{month}", f"{short} {month.lstrip('0')}"]
    return any(f" {form} " in shown for form in forms)
