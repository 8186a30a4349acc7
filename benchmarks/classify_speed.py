"""Benchmark: train the classifier on the largest list plus a 20,000-paper background, score 10,000 papers.

Prints training seconds (target <= 10), scoring seconds (target <= 2) and peak memory (target <= 1 GiB).
Figures are printed, never asserted.

    python benchmarks/classify_speed.py [--data ../shared/data] [--background 20000] [--score 10000]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import deque
from pathlib import Path

from tracker.classify.classifier import train
from tracker.classify.corpus import paper_text
from tracker.classify.eval_data import load_abstracts, read_jsonl
from tracker.listdoc.parse import read_document
from tracker.listdoc.replay import versions
from tracker.models import Paper

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"shared data folder (default {DATA})")
    parser.add_argument("--background", type=int, default=20_000)
    parser.add_argument("--score", type=int, default=10_000)
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"skipped: {args.data} is absent", file=sys.stderr)
        return 0
    readme = versions(args.data, "bradyfu")[-1].path  # the largest list's latest version
    document = read_document(readme)
    wanted = args.background + args.score  # the newest papers; older rows are not kept (peak memory)
    rows = deque(
        (r for p in sorted((args.data / "arxiv").glob("firehose-*.jsonl.gz")) for r in read_jsonl(p)), wanted
    )
    newest = list(rows)
    background = [paper_text(row["title"], row.get("abstract")) for row in newest[: args.background]]
    papers = [
        Paper(row["arxiv_id"], row["title"], row.get("abstract") or "") for row in newest[args.background :]
    ]
    abstracts = load_abstracts(
        args.data / "gold", [args.data / "arxiv" / "list-papers-outside-firehose.jsonl.gz"]
    )
    print(f"list: {readme.name} ({len(document.entries())} entries)   background: {len(background):,}   "
          f"scored: {len(papers):,}   cpus: {os.cpu_count()}")  # fmt: skip

    started = time.perf_counter()
    classifier = train(document, abstracts.lookup(), background)
    trained = time.perf_counter() - started
    started = time.perf_counter()
    results = classifier.classify(papers)
    scored = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    placed = sum(result.placed for result in results)
    print(f"training   {trained:6.2f} s   (target <= 10 s; {len(classifier.examples)} entries)")
    print(f"scoring    {scored:6.2f} s   (target <= 2 s; {len(results):,} papers, {placed:,} placed)")
    print(f"peak RSS   {peak_mib:6.0f} MiB (target <= 1024 MiB; includes the loaded firehose)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
