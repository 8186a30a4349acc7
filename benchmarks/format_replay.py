"""Benchmark: replay the maintainers' added paper entries and print how often tracker writes their format.

For consecutive README versions of each list under ../shared/data/lists, every added paper entry is
inserted into the parent with what a bot knows, and the written block is compared with the maintainer's
(see tracker/listdoc/format_replay.py and docs/format-replay.md).

    python benchmarks/format_replay.py                  # the per-list table
    python benchmarks/format_replay.py --list yfzhang   # one list
    python benchmarks/format_replay.py --examples 3     # and 3 cases per list: written and maintainer's
    python benchmarks/format_replay.py --json           # figures and every case as JSON
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tracker.listdoc.format_replay import (
    DAY_SOURCES,
    DEFECT_KINDS,
    EXACT_TARGET,
    NEAR_CHECKS,
    NEAR_TARGET,
    Caps,
    Case,
    ListReport,
    list_names,
    replay_lists,
)

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
_SHORT = {
    "crash": "crash",
    "refused section": "refused",
    "title missing": "no-title",
    "wrong column": "column",
    "changed other line": "changed",
    "not listed afterwards": "unlisted",
}


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} {part / whole:6.1%}" if whole else "-"


def _defects(report: ListReport) -> str:
    counts = report.defects
    return ", ".join(f"{_SHORT[kind]} {counts[kind]}" for kind in DEFECT_KINDS if counts[kind]) or "0"


def table(reports: list[ListReport]) -> str:
    """The per-list table (plain text, fixed columns)."""
    head = (
        f"{'list':<26} {'vers':>4} {'pairs':>5} {'added':>5} {'new-sec':>7} {'replayed':>9} "
        f"{'exact':>13} {'near':>13} {'outside':>7}  {'target':<6} defects"
    )
    rows = [head, "-" * len(head)]
    for r in reports:
        rows.append(
            f"{r.name:<26} {r.versions:>4} {r.pairs:>5} {r.added:>5} {r.new_section:>7} "
            f"{f'{r.replayed}/{r.replayable}':>9} {_share(r.exact, r.replayed):>13} "
            f"{_share(r.near, r.replayed):>13} {r.outside:>7}  {r.target:<6} {_defects(r)}"
        )
    return "\n".join(rows)


def misses_table(reports: list[ListReport]) -> str:
    """Per list, how many replayed cases fail each near check (a case can fail several)."""
    head = f"{'near misses by check':<26} " + " ".join(f"{name:>11}" for name in NEAR_CHECKS)
    rows = [head, "-" * len(head)]
    for r in reports:
        counts = {name: sum(name in case.misses for case in r.cases) for name in NEAR_CHECKS}
        rows.append(f"{r.name:<26} " + " ".join(f"{counts[name]:>11}" for name in NEAR_CHECKS))
    return "\n".join(rows)


def intake_table(reports: list[ListReport]) -> str:
    """Lists that file new papers by day: cases filed by the intake, the day chosen, the heading written."""
    names = ("cases", "same day", "by v1 date", "by listing", "by run day", "new heads", "heading form",
             "heading exact")  # fmt: skip
    head = f"{'dated intake':<26} " + " ".join(f"{name:>15}" for name in names)
    rows = [head, "-" * len(head)]
    for r in reports:
        f = r.intake_figures()
        if f["cases"]:
            cells = [
                str(f["cases"]),
                _share(f["same_day"], f["cases"]),
                *(_share(*f["same_day_by_source"][source]) for source in DAY_SOURCES),
                str(f["new_headings"]),
                _share(f["heading_form"], f["new_headings"]),
                _share(f["heading_exact"], f["new_headings"]),
            ]
            rows.append(f"{r.name:<26} " + " ".join(f"{cell:>15}" for cell in cells))
    return "\n".join(rows) if len(rows) > 2 else ""


def _example(case: Case) -> str:
    verdict = ("exact " if case.exact else "") + ("near" if case.near else "not near")
    lines = [f"  [{verdict}] {case.section} @ {case.child}: {case.title[:90]}"]
    if case.heading is not None and case.day is not None:
        lines.append(f"    day: {case.day[0]} (from the {case.day_source} day) / maintainer {case.day[1]}")
        lines.append(f"    heading: written {case.heading[0]!r} / maintainer {case.heading[1]!r}")
    if case.defects:
        detail = f" ({case.detail[:160]})" if case.detail else ""
        lines.append(f"    defects: {', '.join(case.defects)}{detail}")
    for name, (ours, theirs) in case.misses.items():
        lines.append(f"    {name}: written {ours!r} / maintainer {theirs!r}")
    lines += ["    written:"] + [f"      {line}" for line in case.written or ["(nothing)"]]
    lines += ["    maintainer:"] + [f"      {line}" for line in case.maintainer]
    if not case.exact and case.written:
        lines += ["    abstracted:", f"      {case.normal_written!r}", f"      {case.normal_maintainer!r}"]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"shared data folder (default {DATA})")
    parser.add_argument("--list", action="append", dest="lists", metavar="NAME", help="run only this list")
    parser.add_argument("--json", action="store_true", help="print JSON (figures and cases) instead")
    parser.add_argument("--examples", type=int, default=0, metavar="N", help="print N cases per list")
    parser.add_argument("--per-pair", type=int, default=Caps().per_pair, help="additions per version pair")
    parser.add_argument("--per-list", type=int, default=Caps().per_list, help="cases per list")
    args = parser.parse_args()
    if not (args.data / "lists").is_dir():
        print(f"skipped: {args.data / 'lists'} is absent", file=sys.stderr)
        return 0
    names = args.lists or list_names(args.data)
    known = list_names(args.data)
    unknown = sorted(set(names) - set(known))
    if unknown:
        print(f"no such list: {', '.join(unknown)} (have {', '.join(known)})", file=sys.stderr)
        return 2
    caps = Caps(args.per_pair, args.per_list)
    started = time.perf_counter()
    reports = list(replay_lists(args.data, names, caps))
    seconds = time.perf_counter() - started
    if args.json:
        print(json.dumps({"seconds": round(seconds, 1), "lists": [r.to_json() for r in reports]}, indent=1))
        return 0
    print(
        f"caps: at most {caps.per_pair} additions per version pair and {caps.per_list} cases per list, "
        "chosen by a stable hash; replayed = sampled/replayable"
    )
    print(f"targets: near >= {NEAR_TARGET:.0%}, exact >= {EXACT_TARGET:.0%}, 0 defects on each list\n")
    print(table(reports))
    print(
        "\nadded: paper entries the child has and the parent does not; new-sec: of those, under a heading "
        "the parent lacks (not replayed, unless it is a day of a list that files new papers by day); "
        "outside: arXiv papers newly linked outside any parsed entry\n"
    )
    print(misses_table(reports))
    intake = intake_table(reports)
    if intake:
        print(
            "\nlists that file new papers by day (docs/intake-sections.md): same day = filed under the "
            "maintainer's day, overall and by what the bot's day came from (the v1 submission date, the "
            "first listing date, the run's day: the version's); of the cases where the maintainer wrote a "
            "new day heading, heading form = tracker writes that heading for that day, heading exact = the "
            "heading tracker wrote is it\n"
        )
        print(intake)
    for report in reports:
        if args.examples:
            print(f"\n{report.name}: {len(report.cases[: args.examples])} of {report.replayed} cases")
            for case in report.cases[: args.examples]:
                print(_example(case))
    print(f"\n{seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
