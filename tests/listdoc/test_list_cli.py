"""`tracker list README.md [--json]` through the entry point: output shape, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import run_tracker

HEAD = "lists/bradyfu/2026-07-02_2d26f04c67.md"


def test_json_is_one_document_with_sections_in_order(shared_data: Path, tmp_path: Path) -> None:
    result = run_tracker(["list", str(shared_data / HEAD), "--json"], tmp_path)
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


def test_human_output_lists_sections_with_counts_and_styles(tmp_path: Path, tracker_cli) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Awesome\n## Papers [x]\n1. [A [1]](https://arxiv.org/abs/2401.00001)\n"
        "2. [B](https://github.com/o/r)\n## Empty\ntext\n",
        encoding="utf-8",
    )
    code, out, err = tracker_cli(["list", "README.md"])
    assert code == 0, err
    assert "Papers [x]  (2 entries, numbered)" in out, out
    assert "Empty  (0 entries, empty)" in out
    assert "A [1]" in out and "2401.00001" in out, "titles with brackets print literally"
    assert "3 sections, 2 entries" in out


def test_errors_are_one_line_with_exit_code_2(tmp_path: Path, tracker_cli) -> None:
    (tmp_path / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    code, out, err = tracker_cli(["list", "latin1.md", "--json"])
    assert (code, out) == (2, "")
    assert err.strip().splitlines() == [
        "error: latin1.md is not UTF-8 text (bad byte at offset 5); save it as UTF-8"
    ]
    code, out, err = tracker_cli(["list", "missing.md"])
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
