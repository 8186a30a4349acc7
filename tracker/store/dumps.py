"""One line of a paper-metadata dump -> `Paper`, for the formats `tracker import` reads.

Formats, detected per line by their id field:
- ours (`arxiv_id`): the firehose files in ../shared/data/arxiv;
- the Kaggle arXiv metadata snapshot (`id`, `authors` as one string, `categories` space-separated,
  `versions` with RFC 2822 dates, `update_date`, `comments`, `journal-ref`, `doi`, `authors_parsed`);
- an arXiv API dump (`entry_id` as an abs URL, `summary`, ISO `published`/`updated`).
Ids are canonicalised by `tracker.ids`; a `vN` suffix becomes the version.
Only the id and the title are required; anything else may be missing or null. A value of the wrong
shape makes the line bad (`BadRecord`) rather than being silently dropped.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from tracker import ids
from tracker.models import Paper

_VERSION = re.compile(r"v(\d+)(?:\.pdf)?/?$", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*,\s*|\s+and\s+")
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2})?$")  # "2025-10": the day is unknown, so the time is too


class BadRecord(ValueError):
    """The line is JSON but not a usable paper; the message says which field and why."""


def split_arxiv_id(text: str) -> tuple[str, int | None]:
    """`2504.16936v2`, `arXiv:cs/0101001` or an abs/pdf URL -> (canonical id, version or None)."""
    arxiv_id = ids.normalize_arxiv_id(text)
    if arxiv_id is None:
        raise BadRecord(f"{text!r} is not an arXiv id")
    version = _VERSION.search(text.strip())
    return arxiv_id, int(version.group(1)) if version else None


def _text(record: dict[str, Any], *keys: str) -> str | None:
    """The first present value among `keys`, whitespace collapsed; None when absent, null or blank."""
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise BadRecord(f"{key} must be a string, got {type(value).__name__}")
        return " ".join(value.split()) or None
    return None


def _names(record: dict[str, Any], key: str, separator: re.Pattern[str] | None = None) -> list[str]:
    """A list of strings from a JSON list (of strings or {"name": ...}) or a separated string."""
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        parts = separator.split(value) if separator else value.split()
        return [" ".join(part.split()) for part in parts if part.strip()]
    if not isinstance(value, list):
        raise BadRecord(f"{key} must be a list or a string, got {type(value).__name__}")
    names = []
    for item in value:
        if isinstance(item, dict):
            item = item.get("name") or item.get("href")
        if not isinstance(item, str):
            raise BadRecord(f"{key} must hold strings")
        if item.strip():
            names.append(" ".join(item.split()))
    return names


def _instant(record: dict[str, Any], key: str) -> datetime | None:
    """An ISO date/time, or an RFC 2822 date as in Kaggle's `versions`; naive values are UTC.

    A year or year-month alone (the firehose has `first_listing_date: "2025-10"`) gives None, not a guess.
    """
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadRecord(f"{key} must be a date string, got {type(value).__name__}")
    text = value.strip()
    if _PARTIAL_DATE.match(text):
        return None
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            raise BadRecord(f"{key} {value!r} is not a date") from None
    try:
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+01:00 has no UTC time
        raise BadRecord(f"{key} {value!r} is out of range") from None


def _version(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise BadRecord(f"version {value!r} is not a number")
    text = str(value).strip().lower().removeprefix("v")
    if not text.isdigit():
        raise BadRecord(f"version {value!r} is not a number")
    return int(text)


def _required_title(record: dict[str, Any]) -> str:
    title = _text(record, "title")
    if not title:
        raise BadRecord("title is missing")
    return title


def _record_id(record: dict[str, Any], key: str) -> tuple[str, int | None]:
    """The canonical id and version under `key`; anything but a string is a bad record."""
    raw_id = record[key]
    if not isinstance(raw_id, str):
        raise BadRecord(f"{key} must be a string, got {type(raw_id).__name__}")
    return split_arxiv_id(raw_id)


def _categories(record: dict[str, Any]) -> tuple[list[str], str | None]:
    categories = _names(record, "categories")
    primary = _text(record, "primary_category")
    return categories, primary or (categories[0] if categories else None)


def _ours(record: dict[str, Any], source: str) -> Paper:
    arxiv_id, version = _record_id(record, "arxiv_id")
    categories, primary = _categories(record)
    return Paper(
        arxiv_id=arxiv_id,
        title=_required_title(record),
        abstract=_text(record, "abstract") or "",
        authors=_names(record, "authors", _AUTHOR_SPLIT),
        categories=categories,
        primary_category=primary,
        version=_version(record.get("version")) or version,
        published=_instant(record, "published"),
        updated=_instant(record, "updated"),
        announced=_instant(record, "first_listing_date") or _instant(record, "announced"),
        comment=_text(record, "comment"),
        journal_ref=_text(record, "journal_ref"),
        doi=_text(record, "doi"),
        links=_names(record, "links"),
        source=source,
    )


def _kaggle_versions(record: dict[str, Any]) -> tuple[int | None, datetime | None, datetime | None]:
    """(latest version, first version's date, latest version's date) from Kaggle's `versions`."""
    versions = record.get("versions")
    if versions is None:
        return None, None, None
    if not isinstance(versions, list):
        raise BadRecord("versions must be a list")
    dated: list[tuple[int, datetime | None]] = []
    for item in versions:
        if not isinstance(item, dict):
            raise BadRecord("versions must hold objects like {version: 'v1', created: ...}")
        number = _version(item.get("version"))
        if number is not None:
            dated.append((number, _instant(item, "created")))
    if not dated:
        return None, None, None
    dated.sort(key=lambda pair: pair[0])
    return dated[-1][0], dated[0][1], dated[-1][1]


def _parsed_name(parts: list[Any]) -> str:
    """Kaggle's [last, first, suffix] -> "first last suffix"."""
    last, first, suffix = ([*parts, "", "", ""])[:3]
    return " ".join(" ".join(str(p) for p in (first, last, suffix) if p).split())


def _kaggle_authors(record: dict[str, Any]) -> list[str]:
    """Authors from `authors_parsed` (LaTeX accents already resolved), else split from `authors`."""
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and parsed and all(isinstance(item, list) for item in parsed):
        names = [_parsed_name(item) for item in parsed]
        if all(names):
            return names
    return _names(record, "authors", _AUTHOR_SPLIT)


def _kaggle(record: dict[str, Any], source: str) -> Paper:
    arxiv_id, id_version = _record_id(record, "id")
    version, first, latest = _kaggle_versions(record)
    categories, primary = _categories(record)
    doi = _text(record, "doi")
    return Paper(
        arxiv_id=arxiv_id,
        title=_required_title(record),
        abstract=_text(record, "abstract") or "",
        authors=_kaggle_authors(record),
        categories=categories,
        primary_category=primary,
        version=version or id_version,
        published=first,
        updated=latest or _instant(record, "update_date"),
        comment=_text(record, "comments", "comment"),
        journal_ref=_text(record, "journal-ref", "journal_ref"),
        doi=doi.split()[0] if doi else None,
        source=source,
    )


def _api(record: dict[str, Any], source: str) -> Paper:
    arxiv_id, version = _record_id(record, "entry_id")
    categories, primary = _categories(record)
    return Paper(
        arxiv_id=arxiv_id,
        title=_required_title(record),
        abstract=_text(record, "summary", "abstract") or "",
        authors=_names(record, "authors", _AUTHOR_SPLIT),
        categories=categories,
        primary_category=primary,
        version=version,
        published=_instant(record, "published"),
        updated=_instant(record, "updated"),
        comment=_text(record, "comment"),
        journal_ref=_text(record, "journal_ref"),
        doi=_text(record, "doi"),
        links=_names(record, "links"),
        source=source,
    )


def record_to_paper(record: Any, source: str) -> Paper:
    """Parse one decoded JSON line in whichever supported format it is written."""
    if not isinstance(record, dict):
        raise BadRecord(f"expected a JSON object, got {type(record).__name__}")
    if record.get("arxiv_id") is not None:
        return _ours(record, source)
    if record.get("entry_id") is not None:
        return _api(record, source)
    if record.get("id") is not None:
        return _kaggle(record, source)
    raise BadRecord("no arxiv_id, id or entry_id field: not a paper record")
