"""Benchmark: replay the maintainers' real additions and print how often tracker writes their line's shape.

For each gold addition the metadata is inserted into the latest README version before its commit;
the generated line is compared with the maintainer's own (see tracker/listdoc/replay.py).

    python benchmarks/replay_shapes.py            # per-list figures
    python benchmarks/replay_shapes.py --misses 5 # and the first mismatches of each list
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tracker.listdoc.replay import LISTS, replay_list
from tracker.listdoc.shape import shape

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"shared data folder (default {DATA})")
    parser.add_argument("--misses", type=int, default=0, help="print this many mismatches per list")
    args = parser.parse_args()
    if not (args.data / "gold").is_dir():
        print(f"skipped: {args.data / 'gold'} is absent", file=sys.stderr)
        return 0
    for name in LISTS:
        started = time.perf_counter()
        result = replay_list(args.data, name)
        print(result.summary(), f"({time.perf_counter() - started:.1f} s)")
        for case in [case for case in result.cases if not case.shape_match][: args.misses]:
            print(f"  {case.section} @ {case.version}")
            print(f"    maintainer {shape(case.raw)}\n    tracker    {shape(case.generated)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
