"""Session-wide sweep for the sentinel GitHub token (a pytest plugin; tests/conftest.py loads it).

Tests that drive authenticated GitHub calls use SENTINEL_TOKEN. Whatever the session produces is then
searched for it: the captured stdout, stderr and log of every test phase and its failure report, output
read through capsys/capfd, the output of every child process (`subprocess` run or communicate), and every
file under the test's tmp_path (SQLite databases and their WAL included, searched as raw bytes), then
every file under the session's base temp folder. A hit fails the session and names the test.

The sentinel looks like a token but escapes the token-shape regex of `tracker.secrets`, so a leak shows
even where that last-resort redaction would have hidden a real `ghp_` token. The needle is the
"ghp_SENTINEL" prefix, which also catches tests/test_cli_conventions.py's sentinel. A session can swap it
(SECRET_SWEEP_NEEDLE) to test the sweep itself without tripping the outer one.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SENTINEL_TOKEN = "ghp_SENTINEL-not-a-real-token-4f9c2a7e1b"
NEEDLE = os.environ.get("SECRET_SWEEP_NEEDLE", "ghp_SENTINEL")
_CHUNK = 1 << 20

_found: list[str] = []
_scanned_dirs: set[Path] = set()
_current = "(outside any test)"


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else ""


def _scan(where: str, *texts: Any) -> None:
    if any(NEEDLE in _text(text) for text in texts):
        _found.append(where)


def _file_has_needle(path: Path) -> bool:
    """Raw bytes, chunk by chunk (a chunk boundary cannot hide the needle)."""
    needle = NEEDLE.encode()
    tail = b""
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                if needle in tail + chunk:
                    return True
                tail = chunk[-len(needle) :]
    except OSError:
        return False
    return False


def _files(folder: Path) -> Iterator[Path]:
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root, name)
            if not path.is_symlink():
                yield path


def _scan_folder(folder: Path, owner: str) -> None:
    if folder in _scanned_dirs or not folder.is_dir():
        return
    _scanned_dirs.add(folder)
    for path in _files(folder):
        if _file_has_needle(path):
            _found.append(f"{owner} (file {path})")


# ---------------------------------------------------------------- where output is caught


def _tee_readouterr() -> None:
    original = pytest.CaptureFixture.readouterr

    def readouterr(self: pytest.CaptureFixture[Any]) -> Any:
        result = original(self)
        _scan(f"{_current} (read through capsys/capfd)", result.out, result.err)
        return result

    pytest.CaptureFixture.readouterr = readouterr  # type: ignore[method-assign]


def _tee_communicate() -> None:
    original = subprocess.Popen.communicate

    def communicate(self: subprocess.Popen[Any], *args: Any, **kwargs: Any) -> Any:
        out, err = original(self, *args, **kwargs)
        _scan(f"{_current} (output of child process {str(self.args)[:80]})", out, err)
        return out, err

    subprocess.Popen.communicate = communicate  # type: ignore[method-assign]


def pytest_configure(config: pytest.Config) -> None:
    _tee_readouterr()
    _tee_communicate()


def pytest_runtest_logstart(nodeid: str, location: tuple[str, int | None, str]) -> None:
    global _current
    _current = nodeid


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for name, content in report.sections:
        _scan(f"{report.nodeid} ({report.when}: {name})", content)
    if report.failed:
        _scan(f"{report.nodeid} ({report.when}: failure report)", report.longreprtext)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    try:
        return (yield)
    finally:
        tmp_path = getattr(item, "funcargs", {}).get("tmp_path")
        if isinstance(tmp_path, Path):
            _scan_folder(tmp_path, item.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None:
        base = factory.getbasetemp()
        for folder in sorted(p for p in base.iterdir() if p.is_dir()):
            _scan_folder(folder, f"session temp folder {folder.name}")
    if _found:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _found:
        terminalreporter.section("secret sweep", sep="!", red=True, bold=True)
        terminalreporter.line(
            f"the sentinel token ({NEEDLE}...) appeared in {len(_found)} place(s):", red=True
        )
        for where in dict.fromkeys(_found):
            terminalreporter.line(f"  {where}", red=True)
