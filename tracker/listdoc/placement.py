"""Where new entries go in a section, and how numbered lists are renumbered: the list's own convention.

Dated sections keep their order (newest first, or oldest first); sections grouped by a leading tag
like "(LLM)" take a new entry at the top of its tag's group; otherwise new entries go on top.
Numbered lists are renumbered the way their maintainer numbers them (1..N, N..1, or all "1.").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from tracker.ids import arxiv_id_from_url
from tracker.listdoc.list_template import item_tag
from tracker.listdoc.model import Entry, strip_eol
from tracker.listdoc.slots import Facts, find_slots
from tracker.listdoc.stylescan import LIST_MARKER
from tracker.listdoc.template import NewEntry

SHOWN_DATE_SAMPLE = 20  # items read to tell whether a section shows dates

Order = Literal["newest_first", "oldest_first", "newest_at_bottom", "unordered"]
Numbering = Literal["ascending", "descending", "constant"]
_ISO_PREFIX = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")


def date_key(text: str | None) -> str | None:
    """A sortable YYYY[-MM[-DD]] key for an ISO-like date, or None."""
    match = _ISO_PREFIX.match((text or "").strip().replace("/", "-").replace(".", "-"))
    return match.group(0) if match else None


def _arxiv_key(arxiv_id: str | None) -> str | None:
    if not arxiv_id or not re.match(r"^\d{4}\.\d{4,5}$", arxiv_id):
        return None
    return f"20{arxiv_id[:2]}-{arxiv_id[2:4]}~{arxiv_id[5:]:0>5}"


def _when(key: str) -> str:
    """The date part of a key: an arXiv key's month ("2025-08~"), the sequence number is no date."""
    return key[: key.index("~") + 1] if "~" in key else key


def _keys(entries: Sequence[Entry]) -> list[str | None]:
    """One kind of key for the whole section: dates when most keyed entries have one, else arXiv ids."""
    dated = sum(1 for entry in entries if len(date_key(entry.date) or "") >= 7)  # a year orders nothing
    with_id = sum(1 for entry in entries if _arxiv_key(entry.arxiv_id))
    if dated and dated >= with_id:
        return [date_key(entry.date) for entry in entries]
    return [_arxiv_key(entry.arxiv_id) for entry in entries]


def _shows_dates(entries: Sequence[Entry]) -> bool:
    """Whether the section writes its papers' dates: a date column, or a date in most items' own text
    (`[2508]`, `2025.08`). Only then can its order be read as sorted by date; a list that shows no date
    is not sorted by one, however its arXiv ids happen to fall."""
    if any(len(date_key(entry.date) or "") >= 7 for entry in entries):  # a month at least
        return True
    sample = entries[:SHOWN_DATE_SAMPLE]
    shown = sum(
        any(
            slot.kind == "date"
            for slot in find_slots(strip_eol(entry.lines[0]), Facts(entry.title, entry.arxiv_id))
        )
        for entry in sample
    )
    return shown * 2 > len(sample)


def section_order(entries: Sequence[Entry]) -> Order:
    """Sorted newest (or oldest) first when at least 80% of neighbouring dated entries descend (ascend).
    Otherwise, when the papers' own age is known (dates or arXiv ids of at least 3 entries), a section
    whose newest quarter sits mostly in its lower half appends what it adds ("newest_at_bottom");
    else "unordered", and new entries go on top.

    Chosen on the format replay (benchmarks/format_replay.py): sorting by arXiv ids as if they were
    dates, and sending every ascending numbered list's new items to the bottom, each helped one list
    and hurt another, so neither is used."""
    keys = [key for key in _keys(entries) if key]
    pairs = [(_when(a), _when(b)) for a, b in zip(keys, keys[1:], strict=False)]
    steps = sum(a != b for a, b in pairs)  # ties (one month) say nothing about the order
    if len(pairs) >= 2 and steps >= 2 and _shows_dates(entries):
        if sum(a >= b for a, b in pairs) >= 0.8 * len(pairs):
            return "newest_first"
        if sum(a <= b for a, b in pairs) >= 0.8 * len(pairs):
            return "oldest_first"
    if len(keys) < 3:
        return "unordered"
    ranked = sorted(range(len(keys)), key=lambda i: keys[i], reverse=True)[: max(2, len(keys) // 4)]
    if sum(i >= len(keys) / 2 for i in ranked) * 3 >= 2 * len(ranked):
        return "newest_at_bottom"
    return "unordered"


def insertion_index(entries: Sequence[Entry], new: NewEntry, order: Order) -> int:
    """Index among `entries` before which `new` goes (len(entries) = after the last): in a sorted section
    above the first entry as old as it or older (at the precision the section's keys have), else on top
    or, in a section that appends, at the bottom."""
    keys = _keys(entries)
    month_keys = any(k and "~" in k for k in keys)
    key = _arxiv_key(new.arxiv_id or arxiv_id_from_url(new.url)) if month_keys else date_key(new.date_text)
    if month_keys and key is None and new.date_text:
        key = (date_key(new.date_text) or "")[:7] + "~"
    if key and order == "newest_first":
        return next((i for i, k in enumerate(keys) if k and _when(k) <= _when(key)), len(entries))
    if key and order == "oldest_first":
        return next((i for i, k in enumerate(keys) if k and _when(k) > _when(key)), len(entries))
    if order in ("oldest_first", "newest_at_bottom"):
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
    descending = order not in ("oldest_first", "newest_at_bottom")
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
