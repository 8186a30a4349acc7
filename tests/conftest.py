"""Fixtures shared by every test area."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_runner import Invoke
from tracker.cli import main
from tracker.demo import DemoStack

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"

# Fails the session when the sentinel GitHub token shows up in any output or file (issue 7, secrets).
pytest_plugins = ["tests.hardening.secret_sweep"]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data beside the checkout (../shared/data); CI always has it."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (CI always has it)")
    return SHARED_DATA


@pytest.fixture
def tracker_cli(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator[Invoke]:
    """Run `tracker ARGS` through `tracker.cli.main` in this process, in tmp_path.

    The callable returns (exit code, stdout, stderr) of that one call.
    """
    loggers = [logging.getLogger(), logging.getLogger("tracker")]
    saved = [(logger.handlers[:], logger.level) for logger in loggers]
    monkeypatch.chdir(tmp_path)

    def invoke(args: list[str]) -> tuple[int, str, str]:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exited:
            main(args)
        captured = capsys.readouterr()
        return exited.value.code, captured.out, captured.err

    yield invoke
    for logger, (handlers, level) in zip(loggers, saved, strict=True):
        logger.handlers[:] = handlers  # main() installs its own stderr handler; give pytest's back
        logger.setLevel(level)


@pytest.fixture
def demo_stack(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[DemoStack]:
    """The offline stack (`tracker.demo.DemoStack`) with its environment applied, as `tracker demo` runs."""
    with DemoStack(tmp_path / "demo") as stack:
        for name, value in stack.env.items():
            monkeypatch.setenv(name, value)
        yield stack
