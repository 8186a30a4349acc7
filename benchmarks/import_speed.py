"""Benchmark: import every paper dump in ../shared/data/arxiv into a fresh database, then again.

Prints the papers and seconds of the first (all new) and the second (all unchanged) pass.

    python benchmarks/import_speed.py                 # a temporary SQLite file
    python benchmarks/import_speed.py --url URL       # e.g. an empty PostgreSQL database
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from tracker.store import open_store
from tracker.store.importer import import_files

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "arxiv"


def dumps(folder: Path) -> list[Path]:
    """The paper dumps: the firehose months and the list papers outside the firehose."""
    return sorted(folder.glob("firehose-*.jsonl.gz")) + [folder / "list-papers-outside-firehose.jsonl.gz"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--data", type=Path, default=DATA, help=f"folder of dumps (default {DATA})")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"skipped: {args.data} is absent", file=sys.stderr)
        return 0
    paths = dumps(args.data)
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'tracker.db'}"
        with open_store(url) as store:
            print(f"database: {store.url}   cpus: {os.cpu_count()}   files: {len(paths)}")
            for label in ("first import (new)", "second import (unchanged)"):
                report = import_files(store, paths)
                print(
                    f"{label:<26} papers {report.lines:>6,}  new {report.new:>6,}  "
                    f"updated {report.updated:>3,}  unchanged {report.unchanged:>6,}  bad {report.bad}  "
                    f"seconds {report.seconds:6.1f}  ({report.lines / report.seconds:,.0f} papers/s)"
                )
            if url.startswith("sqlite:///"):
                size = Path(url.removeprefix("sqlite:///")).stat().st_size
                print(f"database size: {size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
