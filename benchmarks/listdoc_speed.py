"""Benchmark: parse the largest README in ../shared/data/lists and insert 20 entries in one batch.

Prints median milliseconds over runs: parsing alone, inserting 20 entries into the parsed document
(duplicate check, style inference, one splice pass and one re-parse of the result), and both together.

    python benchmarks/listdoc_speed.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from tracker.listdoc.edit import NewEntry, insert_entries
from tracker.listdoc.parse import parse_document

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "lists"


def batch(doc_sections: list[str]) -> list[tuple[str, NewEntry]]:
    """20 new papers spread over the README's sections that have entries."""
    return [
        (
            doc_sections[n % len(doc_sections)],
            NewEntry(
                title=f"Benchmark Paper {n}: Fast Insertion",
                url=f"https://arxiv.org/abs/2612.9{n:04d}",
                code_url=f"https://github.com/bench/paper-{n}",
                date=f"2026-06-{n + 1:02d}",
                venue="arXiv",
                note="benchmark",
            ),
        )
        for n in range(20)
    ]


def _median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"folder of list versions (default {DATA})")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    paths = sorted(args.data.glob("*/*.md"), key=lambda path: path.stat().st_size)
    if not paths:
        print(f"skipped: no README under {args.data}", file=sys.stderr)
        return 0
    largest = paths[-1]
    text = largest.read_bytes().decode("utf-8")
    doc = parse_document(text)
    items = batch([s.path_text for s in doc.sections if s.entries and not s.is_toc])
    parse_ms = _median_ms(lambda: parse_document(text), args.runs)
    insert_ms = _median_ms(lambda: insert_entries(doc, items), args.runs)
    total_ms = _median_ms(lambda: insert_entries(parse_document(text), items), args.runs)
    print(
        f"README: {largest.parent.name}/{largest.name} ({len(text):,} chars, {len(doc.lines)} lines, "
        f"{len(doc.entries())} entries)   cpus: {os.cpu_count()}   runs: {args.runs}"
    )
    print(f"parse: {parse_ms:.1f} ms   insert 20 into the parsed README (incl. re-parse): {insert_ms:.1f} ms")
    print(f"parse + insert 20: {total_ms:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
