"""Read the shared evaluation data: a list's gold additions and the abstracts known for papers.

Layout (see ../shared/data/README.md): gold/<list>_additions.jsonl, gold/list_entry_abstracts.jsonl.gz
(keyed by list + entry_uid, also matched by arXiv id or title), arxiv/*.jsonl.gz (the firehose and the
list papers outside it, keyed by arxiv_id).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tracker import ids
from tracker.classify.training import MappingAbstracts
from tracker.errors import UsageError

LIST_REPOS = {"bradyfu": "BradyFU/", "yfzhang": "yfzhang114/"}


def read_jsonl(path: Path) -> Iterator[dict]:
    """Rows of a .jsonl or .jsonl.gz file; a missing file is a UsageError naming it."""
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
    except FileNotFoundError:
        raise UsageError(f"{path}: not found; point the option at the shared data folder") from None


def additions(gold: Path, name: str) -> list[dict]:
    """The gold additions of one list, oldest commit first (file order within a commit)."""
    rows = list(read_jsonl(gold / f"{name}_additions.jsonl"))
    return sorted(rows, key=lambda row: row["commit_date"])


@dataclass
class Abstracts:
    """Every abstract the evaluation may use, with the keys it may be found under."""

    by_uid: dict[tuple[str, int], str] = field(default_factory=dict)
    by_id: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)

    def lookup(self) -> MappingAbstracts:
        return MappingAbstracts(self.by_id, self.by_title)

    def for_addition(self, name: str, row: dict) -> str | None:
        """The abstract of a gold addition: by entry uid, then arXiv id, then title."""
        return (
            self.by_uid.get((name, row["entry_uid"]))
            or (self.by_id.get(row["arxiv_id"]) if row.get("arxiv_id") else None)
            or self.by_title.get(ids.normalize_title(row["title"]))
        )


def load_abstracts(gold: Path, arxiv_files: list[Path], wanted_ids: set[str] | None = None) -> Abstracts:
    """Abstracts of list entries (all) and of arXiv papers (only `wanted_ids` when given)."""
    found = Abstracts()
    for row in read_jsonl(gold / "list_entry_abstracts.jsonl.gz"):
        if not row.get("abstract"):
            continue
        name = next((key for key, repo in LIST_REPOS.items() if row["list"].startswith(repo)), row["list"])
        found.by_uid[(name, row["entry_uid"])] = row["abstract"]
        if row.get("matched_arxiv_id"):
            found.by_id.setdefault(row["matched_arxiv_id"], row["abstract"])
        found.by_title.setdefault(ids.normalize_title(row["title"]), row["abstract"])
    for path in arxiv_files:
        for row in read_jsonl(path):
            if row.get("abstract") and (wanted_ids is None or row["arxiv_id"] in wanted_ids):
                found.by_id.setdefault(row["arxiv_id"], row["abstract"])
    return found
