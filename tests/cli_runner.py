"""Run the `tracker` command line in tests: `run_tracker` in a child process, as the maintainer would.

The in-process runner is the `tracker_cli` fixture in tests/conftest.py; `Invoke` is its type.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

Invoke = Callable[[list[str]], tuple[int, str, str]]
"""What the `tracker_cli` fixture (tests/conftest.py) returns: ARGS -> (exit code, stdout, stderr)."""


def run_tracker(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m tracker.cli ARGS` in cwd; no TRACKER_*/GITHUB_* from this process, `env` on top.

    Output is utf-8 text at 200 columns, and the checkout is on PYTHONPATH so no install is needed.
    """
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "GITHUB_"))}
    environ["COLUMNS"] = "200"
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environ.get("PYTHONPATH")]))
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "tracker.cli", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
