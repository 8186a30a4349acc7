"""A longer fuzz pass over every parser of untrusted input (tests/hardening/fuzz_targets.py).

The test suite runs 300 examples per parser; this runs as many as asked, prints what each parser did
with them (parsed, refused with one SourceError, counted bad lines...) and the time taken, and exits 1
with Hypothesis's minimal failing example when a property breaks.

    python benchmarks/fuzz_parsers.py [--examples 5000] [--only listdoc,rss,atom,arxiv,import]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.hardening import fuzz_targets as fuzz  # noqa: E402


def run(name: str, strategy: st.SearchStrategy[Any], check: Callable[[Any], str], examples: int) -> bool:
    """Run `check` on `examples` generated inputs; print the tally; False when a property broke."""
    outcomes: Counter[str] = Counter()

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def target(value: Any) -> None:
        outcomes[check(value)] += 1

    started = time.perf_counter()
    try:
        target()
        broke = None
    except Exception as exc:  # noqa: BLE001 - report, do not crash the other targets
        broke = exc
    seconds = time.perf_counter() - started
    tally = ", ".join(f"{what} {count}" for what, count in outcomes.most_common())
    print(f"{name:8} {sum(outcomes.values()):7d} inputs {seconds:7.1f}s  {tally}")
    if broke is not None:
        print(f"{name:8} PROPERTY BROKEN: {type(broke).__name__}: {broke}")
    return broke is None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--only", default="listdoc,rss,atom,arxiv,import")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    logging.disable(logging.WARNING)  # the arxiv package warns about every mutated entry it skips
    ok = True
    with fuzz.feed_bench() as bench, tempfile.TemporaryDirectory() as folder:
        targets: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], str]]] = {
            "listdoc": (fuzz.markdown_soups(), fuzz.check_listdoc),
            "rss": (fuzz.mutated(fuzz.rss_feed()), lambda body: fuzz.check_rss(bench, body)),
            "atom": (fuzz.mutated(fuzz.releases_atom()), lambda body: fuzz.check_atom(bench, body)),
            "arxiv": (fuzz.mutated(fuzz.arxiv_page()), lambda body: fuzz.check_arxiv_page(bench, body)),
            "import": (fuzz.jsonl_dumps(), lambda dump: fuzz.check_jsonl(Path(folder), dump)),
        }
        print(f"# {args.examples} examples per parser (Hypothesis stops early when a strategy is exhausted)")
        for name, (strategy, check) in targets.items():
            if name in wanted:
                ok = run(name, strategy, check, args.examples) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
