"""Replay the maintainers' real additions: would tracker have written the line they wrote?

For every row of `gold/<list>_additions.jsonl` the line `insert_entry` would splice for the
addition's metadata is rendered against the latest README version strictly before its commit, and
compared with the maintainer's own line by `shape` (structure) and `normalised` (exact text with
titles, URLs and dates abstracted).
Reused by `benchmarks/replay_shapes.py`, the replay test and `tracker eval`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tracker.errors import UsageError
from tracker.listdoc.edit import find_section, render_entry
from tracker.listdoc.model import Document, strip_eol
from tracker.listdoc.parse import read_document
from tracker.listdoc.shape import normalised, shape
from tracker.listdoc.template import NewEntry

LISTS = ("bradyfu", "yfzhang")


@dataclass(frozen=True)
class Version:
    """One stored README version: lists/<list>/<YYYY-MM-DD>_<sha10>.md, with its commit time when known."""

    path: Path
    day: str
    sha: str
    when: datetime | None


@dataclass
class Case:
    commit: str
    section: str
    raw: str
    generated: str
    version: str

    @property
    def shape_match(self) -> bool:
        return shape(self.raw) == shape(self.generated)

    @property
    def strict_shape_match(self) -> bool:
        return shape(self.raw, strict=True) == shape(self.generated, strict=True)

    @property
    def exact_match(self) -> bool:
        return normalised(self.raw) == normalised(self.generated)


@dataclass
class ReplayResult:
    """Figures for one list; `cases` are the compared additions."""

    name: str
    rows: int = 0
    no_version: int = 0
    no_section: int = 0
    cases: list[Case] = field(default_factory=list)

    @property
    def compared(self) -> int:
        return len(self.cases)

    @property
    def shape_matches(self) -> int:
        return sum(case.shape_match for case in self.cases)

    @property
    def strict_shape_matches(self) -> int:
        return sum(case.strict_shape_match for case in self.cases)

    @property
    def exact_matches(self) -> int:
        return sum(case.exact_match for case in self.cases)

    @property
    def shape_share(self) -> float:
        return self.shape_matches / self.compared if self.compared else 0.0

    def summary(self) -> str:
        return (
            f"{self.name}: shape {self.shape_matches}/{self.compared} = {self.shape_share:.1%}, "
            f"strict shape {self.strict_shape_matches}/{self.compared}, "
            f"normalised-exact {self.exact_matches}/{self.compared}; rows {self.rows}, "
            f"skipped {self.no_version} without an earlier version, {self.no_section} without the section"
        )


def _commit_times(gold: Path, name: str) -> dict[str, datetime]:
    times: dict[str, datetime] = {}
    for kind in ("additions", "moves"):
        path = gold / f"{name}_{kind}.jsonl"
        if path.exists():
            for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
                times[row["commit"][:10]] = datetime.fromisoformat(row["commit_date"])
    return times


def versions(data: Path, name: str) -> list[Version]:
    """The stored versions of a list, oldest first (same-day versions ordered by known commit time)."""
    times = _commit_times(data / "gold", name)
    found = []
    for path in (data / "lists" / name).glob("*.md"):
        day, _, sha = path.stem.partition("_")
        found.append(Version(path, day, sha, times.get(sha)))
    return sorted(found, key=lambda v: (v.day, v.when.isoformat() if v.when else "", v.sha))


def version_before(all_versions: list[Version], commit: str, commit_date: str) -> Version | None:
    """The latest version strictly before the commit; a same-day version of unknown time is not trusted."""
    when = datetime.fromisoformat(commit_date)
    day = commit_date[:10]
    earlier = [
        v for v in all_versions if not commit.startswith(v.sha) and (v.when < when if v.when else v.day < day)
    ]
    return earlier[-1] if earlier else None


def new_entry(row: dict) -> NewEntry:
    """The metadata of a gold row as the tracker would know it (the maintainer's `raw` line is not used)."""
    code_url = row.get("code_url") or (f"https://github.com/{row['github']}" if row.get("github") else None)
    columns = {key.lower(): value for key, value in (row.get("columns") or {}).items() if value}
    return NewEntry(
        title=row["title"],
        url=row.get("url"),
        code_url=code_url,
        date=row.get("date"),
        venue=row.get("venue"),
        note=row.get("note"),
        tag=row.get("org"),
        demo_url=row.get("demo_url"),
        arxiv_id=row.get("arxiv_id"),
        name=row.get("name"),
        data_url=row.get("data_url"),
        cells=columns,
    )


def replay_list(data: Path, name: str) -> ReplayResult:
    """Replay every addition of one list; parsed versions are cached."""
    result = ReplayResult(name)
    all_versions = versions(data, name)
    parsed: dict[Path, Document] = {}
    rows = (data / "gold" / f"{name}_additions.jsonl").read_text(encoding="utf-8").splitlines()
    for row in map(json.loads, rows):
        result.rows += 1
        version = version_before(all_versions, row["commit"], row["commit_date"])
        if version is None:
            result.no_version += 1
            continue
        if version.path not in parsed:
            parsed[version.path] = read_document(version.path)
        doc = parsed[version.path]
        new = new_entry(row)
        try:
            section = find_section(doc, row["section"])
        except UsageError:
            result.no_section += 1
            continue
        generated = strip_eol(render_entry(doc, section, new)[0])
        result.cases.append(Case(row["commit"], row["section"], row["raw"], generated, version.path.name))
    return result


def replay_all(data: Path) -> Iterator[ReplayResult]:
    """Replay every list that has gold additions under `data` (the shared data folder)."""
    for name in LISTS:
        if (data / "gold" / f"{name}_additions.jsonl").exists():
            yield replay_list(data, name)
