"""Where new entries go in a section, and how numbered lists are renumbered: the list's own convention.

Dated sections keep their order (newest first, or oldest first); sections grouped by a leading tag
like "(LLM)" take a new entry at the top of its tag's group; otherwise new entries go on top.
Numbered lists are renumbered the way their maintainer numbers them (1..N, N..1, or all "1.").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from tracker.listdoc.list_template import item_tag
from tracker.listdoc.model import Entry, strip_eol
from tracker.listdoc.stylescan import LIST_MARKER
from tracker.listdoc.template import NewEntry

Order = Literal["newest_first", "oldest_first", "unordered"]
Numbering = Literal["ascending", "descending", "constant"]
_ISO_PREFIX = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")


def date_key(text: str | None) -> str | None:
    """A sortable YYYY[-MM[-DD]] key for an ISO-like date, or None."""
    match = _ISO_PREFIX.match((text or "").strip().replace("/", "-").replace(".", "-"))
    return match.group(0) if match else None


def section_order(entries: Sequence[Entry]) -> Order:
    """Newest first when at least 80% of neighbouring dated entries descend (oldest first likewise)."""
    keys = [key for entry in entries if (key := date_key(entry.date))]
    pairs = list(zip(keys, keys[1:], strict=False))
    if len(pairs) < 2:
        return "unordered"
    if sum(a >= b for a, b in pairs) >= 0.8 * len(pairs):
        return "newest_first"
    if sum(a <= b for a, b in pairs) >= 0.8 * len(pairs):
        return "oldest_first"
    return "unordered"


def insertion_index(entries: Sequence[Entry], new: NewEntry, order: Order) -> int:
    """Index among `entries` before which `new` goes (len(entries) = after the last)."""
    key = date_key(new.date_text)
    if key and order == "newest_first":
        return next((i for i, e in enumerate(entries) if (k := date_key(e.date)) and k <= key), len(entries))
    if key and order == "oldest_first":
        return next((i for i, e in enumerate(entries) if (k := date_key(e.date)) and k > key), len(entries))
    if order == "oldest_first":
        return len(entries)
    if new.tag:
        wanted = new.tag.strip().casefold()
        for index, entry in enumerate(entries):
            tag = item_tag(strip_eol(entry.lines[0]))
            if tag and tag.strip().casefold() == wanted:
                return index
    return 0


def arrange(entries: Sequence[Entry], news: Sequence[NewEntry]) -> list[Entry | NewEntry]:
    """The section's final order: existing entries untouched, each new one where the convention puts it."""
    order = section_order(entries)
    slots: dict[int, list[NewEntry]] = {}
    for new in news:
        slots.setdefault(insertion_index(entries, new, order), []).append(new)
    descending = order != "oldest_first"
    final: list[Entry | NewEntry] = []
    for index in range(len(entries) + 1):
        batch = slots.get(index, [])
        dated = sorted(
            (n for n in batch if date_key(n.date_text)),
            key=lambda n: date_key(n.date_text) or "",
            reverse=descending,
        )
        final.extend(dated + [n for n in batch if not date_key(n.date_text)])
        if index < len(entries):
            final.append(entries[index])
    return final


def numbering(numbers: Sequence[int]) -> Numbering:
    """How a numbered list counts: all the same ("1." everywhere), down, or up (the default)."""
    if len(numbers) > 1 and len(set(numbers)) == 1:
        return "constant"
    if len(numbers) > 1 and numbers[0] > numbers[-1]:
        return "descending"
    return "ascending"


def new_numbers(final: Sequence[Entry | NewEntry]) -> list[int | None]:
    """The number each numbered item should carry after insertion (None for items that have none)."""
    numbered = [item for item in final if isinstance(item, NewEntry) or item.number is not None]
    existing = [item.number for item in numbered if isinstance(item, Entry) and item.number is not None]
    mode = numbering(existing)
    count = len(numbered)
    if mode == "constant":
        values = [existing[0]] * count
    elif mode == "descending":
        values = list(range(count + min(existing) - 1, min(existing) - 1, -1))
    else:
        start = existing[0] if existing and existing[0] in (0, 1) else 1
        values = list(range(start, start + count))
    by_item = {id(item): value for item, value in zip(numbered, values, strict=True)}
    return [by_item.get(id(item)) for item in final]


def renumbered_line(line: str, number: int) -> str:
    """`line` with its list number replaced; indentation, delimiter, text and line ending untouched."""
    marker = LIST_MARKER.match(line)
    if not marker or marker["number"] is None:
        return line
    return line[: marker.start("number")] + str(number) + line[marker.end("number") :]
