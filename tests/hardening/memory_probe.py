"""Run `tracker ARGS` in this process, then write its exit code and peak resident memory as JSON.

    python tests/hardening/memory_probe.py OUT.json ARGS...

The peak (`ru_maxrss`, the whole process's high-water mark) is what the bounded-memory test compares
between a small answer and a huge one; measuring in the child keeps other tests' processes out of it.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path


def main(out: str, args: list[str]) -> None:
    from tracker.cli import main as tracker

    try:
        tracker(args)
        code = 0
    except SystemExit as exited:
        code = exited.code if isinstance(exited.code, int) else 1
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    Path(out).write_text(json.dumps({"exit": code, "peak_mib": peak_kib / 1024}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
