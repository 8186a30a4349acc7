"""Loader for PyGithub's ReplayData records (11 lines each; see ../shared/data/wire/README.md)."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Record:
    """One recorded GitHub REST request and its response."""

    verb: str
    host: str
    path: str
    request_headers: dict[str, str]
    status: int
    headers: list[tuple[str, str]]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)


def load_records(path: Path) -> list[Record]:
    """All records of a ReplayData file, in file order."""
    lines = path.read_text(encoding="utf-8").split("\n")
    records = []
    for start in range(0, len(lines) - 9, 11):
        chunk = lines[start : start + 10]
        if not chunk[0].strip():
            break
        records.append(
            Record(
                verb=chunk[1],
                host=chunk[2],
                path=chunk[4],
                request_headers=ast.literal_eval(chunk[5]),
                status=int(chunk[7]),
                headers=ast.literal_eval(chunk[8]),
                body=chunk[9],
            )
        )
    return records


def find_record(path: Path, verb: str, path_part: str) -> Record:
    """The first record of `path` with this verb whose request path contains `path_part`."""
    for record in load_records(path):
        if record.verb == verb and path_part in record.path:
            return record
    raise LookupError(f"{path.name}: no {verb} record for {path_part}")
