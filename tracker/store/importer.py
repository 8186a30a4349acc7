"""`tracker import`: stream paper dumps (.jsonl or .jsonl.gz) into the store in batches, counting bad lines.

Every file is checked before anything is written, so a file that is not JSON Lines at all stops the
command with one clear error (exit 2). Within a good file a bad line is counted and reported as
`file:line: reason`, and the good lines around it are still imported.
"""

from __future__ import annotations

import gzip
import json
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tracker.errors import UsageError
from tracker.models import Paper
from tracker.store.dumps import BadRecord, record_to_paper
from tracker.store.store import Store

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_LINES = 5
SNIFF_BYTES = 1 << 20
PROGRESS_EVERY = 1000
MAX_REPORTED_BAD = 100

ProgressCallback = Callable[[Path, int, int], None]
"""Called as (file, bytes of the file read so far, papers read so far)."""


@dataclass
class ImportReport:
    files: int = 0
    lines: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: int = 0
    seconds: float = 0.0
    bad_lines: list[str] = field(default_factory=list)

    def add_bad(self, where: str, reason: str) -> None:
        self.bad += 1
        if len(self.bad_lines) < MAX_REPORTED_BAD:
            self.bad_lines.append(f"{where}: {reason}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "lines": self.lines,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "bad": self.bad,
            "seconds": round(self.seconds, 3),
            "bad_lines": self.bad_lines,
        }


def _open(path: Path) -> tuple[IO[bytes], IO[bytes]]:
    """(raw file for progress, stream of decompressed bytes), gzip detected by content not name."""
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    is_gzip = raw.read(2) == GZIP_MAGIC
    raw.seek(0)
    return raw, gzip.GzipFile(fileobj=raw) if is_gzip else raw


def _not_jsonl(path: Path, detail: str) -> UsageError:
    return UsageError(
        f"{path}: not a JSON Lines paper dump ({detail}); expected one JSON object per line, "
        "optionally gzip-compressed"
    )


def check_files(paths: list[Path]) -> None:
    """Raise UsageError naming the first of `paths` that is not a JSON Lines dump."""
    for path in paths:
        check_jsonl(path)


def check_jsonl(path: Path) -> None:
    """Raise UsageError unless `path` is empty or one of its first non-blank lines is a JSON object."""
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give .jsonl or .jsonl.gz files")
    raw, stream = _open(path)
    seen = 0
    with raw, stream:
        try:
            while seen < SNIFF_LINES and (line := stream.readline(SNIFF_BYTES)):
                if not line.strip():
                    continue
                seen += 1
                try:
                    if isinstance(json.loads(line), dict):
                        return
                except ValueError:
                    continue
        except (OSError, EOFError, zlib.error) as exc:
            raise _not_jsonl(path, f"unreadable compressed data: {exc}") from None
    if seen:
        detail = "its first line is" if seen == 1 else f"none of its first {seen} lines is"
        raise _not_jsonl(path, f"{detail} a JSON object")


def read_papers(
    path: Path, report: ImportReport, progress: ProgressCallback | None = None
) -> Iterator[Paper]:
    """Yield the papers of one dump; bad lines go into `report`, a broken gzip tail ends the file."""
    raw, stream = _open(path)
    source = f"import:{path.name}"
    number = papers = 0
    with raw, stream:
        try:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                report.lines += 1
                try:
                    paper = record_to_paper(json.loads(line), source)
                except BadRecord as exc:
                    report.add_bad(f"{path}:{number}", str(exc))
                    continue
                except ValueError as exc:
                    report.add_bad(f"{path}:{number}", f"not valid JSON ({exc})")
                    continue
                papers += 1
                if progress and papers % PROGRESS_EVERY == 0:
                    progress(path, raw.tell(), papers)
                yield paper
        except (OSError, EOFError, zlib.error) as exc:
            report.add_bad(f"{path}:{number + 1}", f"compressed data ends early or is corrupt ({exc})")
        if progress:
            progress(path, raw.tell(), papers)


def import_files(store: Store, paths: list[Path], progress: ProgressCallback | None = None) -> ImportReport:
    """Import every file in `paths` into `store`; all files are checked before the first is read."""
    started = time.perf_counter()
    check_files(paths)
    report = ImportReport()
    for path in paths:
        counts = store.upsert_papers(read_papers(path, report, progress))
        report.files += 1
        report.new += counts.new
        report.updated += counts.updated
        report.unchanged += counts.unchanged
    report.seconds = time.perf_counter() - started
    return report
