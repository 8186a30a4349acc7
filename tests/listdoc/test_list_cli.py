"""`tracker list README.md [--json]` through the entry point: output shape, exit codes, one-line errors."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.cli import main

HEAD = "lists/bradyfu/2026-07-02_2d26f04c67.md"


@pytest.fixture
def in_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator:
    """Run `tracker ARGS` through `tracker.cli.main` in this process; returns (exit code, stdout, stderr)."""
    root, tracker_logger = logging.getLogger(), logging.getLogger("tracker")
    handlers, root_level, tracker_level = root.handlers[:], root.level, tracker_logger.level
    monkeypatch.chdir(tmp_path)

    def invoke(args: list[str]) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exited:
            main(args)
        captured = capsys.readouterr()
        return exited.value.code, captured.out, captured.err

    yield invoke
    root.handlers[:] = handlers  # main() installs its own stderr handler; give pytest's back
    root.setLevel(root_level)
    tracker_logger.setLevel(tracker_level)


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "GITHUB_"))}
    environ["COLUMNS"] = "200"
    return subprocess.run(
        [sys.executable, "-m", "tracker.cli", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_json_is_one_document_with_sections_in_order(shared_data: Path, tmp_path: Path) -> None:
    result = run(["list", str(shared_data / HEAD), "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)  # fails on anything but exactly one JSON document
    assert list(document) == ["sections"]
    sections = document["sections"]
    paths = [section["path"] for section in sections]
    assert paths.index("Awesome Papers") < paths.index("Awesome Papers > Multimodal Hallucination")
    hallucination = sections[paths.index("Awesome Papers > Multimodal Hallucination")]
    assert {k: hallucination[k] for k in ("level", "style")} == {"level": 2, "style": "table"}
    assert len(hallucination["entries"]) == 46
    first = hallucination["entries"][0]
    assert list(first) == ["line", "title", "url", "arxiv_id", "github"]
    assert first["arxiv_id"] == "2410.03577" and first["github"] == "1zhou-wang/memvr"
    lines = (shared_data / HEAD).read_text(encoding="utf-8").splitlines()
    assert "Look Twice Before You Answer" in lines[first["line"] - 1], "line is 1-based"
    assert sum(len(section["entries"]) for section in sections) == 609


def test_human_output_lists_sections_with_counts_and_styles(tmp_path: Path, in_process) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Awesome\n## Papers [x]\n1. [A [1]](https://arxiv.org/abs/2401.00001)\n"
        "2. [B](https://github.com/o/r)\n## Empty\ntext\n",
        encoding="utf-8",
    )
    code, out, err = in_process(["list", "README.md"])
    assert code == 0, err
    assert "Papers [x]  (2 entries, numbered)" in out, out
    assert "Empty  (0 entries, empty)" in out
    assert "A [1]" in out and "2401.00001" in out, "titles with brackets print literally"
    assert "3 sections, 2 entries" in out


def test_errors_are_one_line_with_exit_code_2(tmp_path: Path, in_process) -> None:
    (tmp_path / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    code, out, err = in_process(["list", "latin1.md", "--json"])
    assert (code, out) == (2, "")
    assert err.strip().splitlines() == [
        "error: latin1.md is not UTF-8 text (bad byte at offset 5); save it as UTF-8"
    ]
    code, out, err = in_process(["list", "missing.md"])
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
