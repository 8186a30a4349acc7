"""What paper and release upserts share: the counts they report, chunking, and the "no value" rule.

Counting is per input record: `new` when it created a row, `updated` when it changed a row that
already existed (stored before, or created earlier in the same call), `unchanged` otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")
CHUNK_SIZE = 1000


@dataclass
class UpsertCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: UpsertCounts) -> UpsertCounts:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged


def chunked(items: Iterable[T], size: int = CHUNK_SIZE) -> Iterator[list[T]]:
    """Successive lists of at most `size` items, consuming `items` lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def merge_incoming(
    incoming: list[dict[str, Any]],
    stored: dict[Any, dict[str, Any]],
    key_of: Callable[[dict[str, Any]], Any],
    merge: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]],
    new_row: Callable[[dict[str, Any]], dict[str, Any]],
) -> tuple[dict[Any, dict[str, Any]], list[Any], UpsertCounts]:
    """Fold `incoming` rows into `stored` ones: the resulting rows by key, the keys created, the counts."""
    counts = UpsertCounts()
    current = dict(stored)
    created: list[Any] = []
    for row in incoming:
        key = key_of(row)
        if key not in current:
            current[key] = new_row(row)
            created.append(key)
            counts.new += 1
            continue
        merged = merge(current[key], row)
        if merged == current[key]:
            counts.unchanged += 1
        else:
            current[key] = merged
            counts.updated += 1
    return current, created, counts


def upsert_in_chunks(
    session_factory: sessionmaker[Session],
    items: Iterable[T],
    now: datetime,
    upsert_chunk: Callable[[Session, list[T], datetime], UpsertCounts],
) -> UpsertCounts:
    """Run `upsert_chunk` over `items` in chunks, one transaction per chunk; safe to repeat."""
    counts = UpsertCounts()
    for chunk in chunked(items):
        with session_factory.begin() as session:
            counts += upsert_chunk(session, chunk, now)
    return counts


def is_empty(value: Any) -> bool:
    """None, an empty string or an empty collection: "not known", which never erases a known value."""
    return value is None or (isinstance(value, str | list | tuple | dict) and not value)


def aware_utc(value: datetime | None) -> datetime | None:
    """The same instant as an aware UTC datetime (naive input is taken as UTC)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    """The earlier of two optional instants."""
    if a is None or b is None:
        return a or b
    return min(a, b)
