"""Benchmark: parse and insert into the hostile READMEs of tests/hardening/hostile_documents.py.

Prints, per document, its size, lines and entries, and the best-of-runs seconds to parse it and to insert
one entry (duplicate check, style inference, splice and re-parse). Then two scaling series that would
show a quadratic blow-up as a time growing 4x per doubling: table rows (50 columns), a line of unclosed
`[` (quadratic before the one-pass bracket matcher in tracker/listdoc/inline.py) and links nested in each
other (a RecursionError from 900 levels before the nesting cap there). The tests
prove these documents are handled correctly; this only measures.

    python benchmarks/hostile_readme.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hardening.hostile_documents import DOCUMENTS, big_table, bracket_bombs  # noqa: E402
from tracker.listdoc.edit import NewEntry, insert_entry  # noqa: E402
from tracker.listdoc.inline import find_links, strip_markup  # noqa: E402
from tracker.listdoc.parse import parse_document  # noqa: E402

NEW = NewEntry(
    title="A benchmark paper", url="https://arxiv.org/abs/2612.90001", code_url="https://github.com/o/r"
)


def _best(action: Callable[[], object], runs: int) -> float:
    """Best wall time of `runs` cold calls, in seconds (the least disturbed by other work on the machine);
    the inline parser's memo caches are emptied first, or every run after the first would be a lookup."""
    times = []
    for _ in range(runs):
        find_links.cache_clear()
        strip_markup.cache_clear()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(text: str, section: str | None, runs: int) -> str:
    doc = parse_document(text)
    assert doc.render() == text
    parse = _best(lambda: parse_document(text), runs)
    insert = f"{_best(lambda: insert_entry(doc, section, NEW), runs):8.3f}" if section else "       -"
    return f"{len(text) / 2**20:7.2f} {len(doc.lines):8d} {len(doc.entries()):8d} {parse:8.3f} {insert}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"# {python}, {os.cpu_count()} cores, {platform.machine()}, best of {args.runs} cold runs")
    header = f"{'document':38} {'MB':>7} {'lines':>8} {'entries':>8} {'parse s':>8} {'insert s':>8}"
    print(header)
    for name, build in DOCUMENTS.items():
        text, section = build()
        print(f"{name:38} {measure(text, section, args.runs)}")
    print(f"\n{header}")
    for rows in (2_500, 5_000, 10_000, 20_000, 40_000):
        text, section = big_table(rows=rows)
        print(f"{f'table {rows} rows x 50 columns':38} {measure(text, section, args.runs)}")
    for count in (12_500, 25_000, 50_000, 100_000):
        text, section = bracket_bombs(count=count, nested=0)
        print(f"{f'{count} unclosed [ (and friends)':38} {measure(text, section, args.runs)}")
    for nested in (1_000, 2_000, 4_000, 8_000):
        text, section = bracket_bombs(count=0, nested=nested)
        print(f"{f'{nested} links nested in each other':38} {measure(text, section, args.runs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
