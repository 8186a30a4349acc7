"""`tracker add` through the entry point: byte-exact write-back except the splice, --dry-run, exit codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from splice_checks import assert_splice_only

from tests.cli_runner import Invoke
from tracker.listdoc.model import BOM

BRADYFU = "lists/bradyfu/2026-07-02_2d26f04c67.md"
YFZHANG = "lists/yfzhang/2026-03-15_8c27720671.md"
NEW = ["--title", "Probing Test Paper: A CLI Study", "--url", "https://arxiv.org/abs/2612.91234"]


@pytest.fixture
def readme(shared_data: Path, tmp_path: Path) -> Callable[[str], Path]:
    def copy(name: str, transform: Callable[[bytes], bytes] = lambda data: data) -> Path:
        path = tmp_path / "README.md"
        path.write_bytes(transform((shared_data / name).read_bytes()))
        return path

    return copy


def test_add_writes_only_the_new_row(tracker_cli: Invoke, readme) -> None:
    path = readme(BRADYFU)
    old = path.read_bytes().decode()
    extra = ["--code", "https://github.com/Foo/Bar", "--date", "2026-06-20", "--venue", "arXiv"]
    code, out, err = tracker_cli(["add", str(path), "--section", "Multimodal Hallucination", *NEW, *extra])
    assert (code, err) == (0, "")
    new = path.read_bytes().decode()
    [index] = assert_splice_only(old, new, 1)
    where = f"to Awesome Papers > Multimodal Hallucination at line {index + 1}"
    assert out == f"added 'Probing Test Paper: A CLI Study' {where}\n"
    assert new.splitlines()[index].startswith("| ![Star](https://img.shields.io/github/stars/Foo/Bar.svg")


def test_add_renumbers_a_numbered_list_and_keeps_crlf_and_bom(tracker_cli: Invoke, readme) -> None:
    path = readme(YFZHANG, lambda data: BOM.encode() + data.replace(b"\n", b"\r\n"))
    old = path.read_bytes().decode()
    code, out, _ = tracker_cli(
        ["add", str(path), "--section", "BenchMark and Dataset", *NEW, "--note", "中文"]
    )
    assert code == 0, out
    new = path.read_bytes().decode()
    assert (
        new.startswith(BOM)
        and new.count("\r\n") == old.count("\r\n") + 1
        and "\n" not in new.replace("\r\n", "")
    )
    section_start = old.removeprefix(BOM).split("\r\n").index("# BenchMark and Dataset")
    [index] = assert_splice_only(old, new, 1, range(section_start, section_start + 12))
    assert new.removeprefix(BOM).split("\r\n")[index] == (
        "1. [Probing Test Paper: A CLI Study](https://arxiv.org/abs/2612.91234)(中文)"
    )


def test_dry_run_prints_the_diff_and_writes_nothing(tracker_cli: Invoke, readme) -> None:
    path = readme(BRADYFU)
    before = path.read_bytes()
    code, out, err = tracker_cli(
        ["add", str(path), "--section", "Awesome Datasets > Others", *NEW, "--dry-run"]
    )
    assert (code, err) == (0, "")
    assert path.read_bytes() == before
    assert out.startswith("--- a/README.md\n+++ b/README.md\n@@ ")
    assert [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")] == [
        "+| **Probing Test Paper** | [Probing Test Paper: A CLI Study](https://arxiv.org/abs/2612.91234) "
        "| - | - |"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--section", "Multimodal Halucination", *NEW],
            "did you mean 'Awesome Papers > Multimodal Hallucination'",
        ),
        (["--section", "Others", *NEW], "ambiguous"),
        (
            ["--section", "Evaluation", *NEW, "--date", "2026-02-30"],
            "invalid --date '2026-02-30'; use YYYY-MM-DD",
        ),
        (["--section", "Evaluation", *NEW, "--date", "20260201"], "invalid --date"),
        (
            ["--section", "Evaluation", "--title", "T", "--url", "javascript:alert(1)"],
            "--url must be an http(s) URL",
        ),
        (["--section", "Evaluation", *NEW, "--code", "ftp://x.org/y"], "--code must be an http(s) URL"),
        (["--section", "Evaluation", "--title", " \u200b ", "--url", "https://x.org"], "--title is empty"),
    ],
)
def test_bad_usage_exits_2_with_one_line(tracker_cli: Invoke, readme, args: list[str], message: str) -> None:
    path = readme(BRADYFU)
    before = path.read_bytes()
    code, out, err = tracker_cli(["add", str(path), *args])
    assert (code, out) == (2, "")
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err, err
    assert path.read_bytes() == before


def test_duplicate_exits_2_naming_the_line_of_the_existing_entry(tracker_cli: Invoke, readme) -> None:
    path = readme(BRADYFU)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines) if "https://arxiv.org/pdf/2410.03577" in text) + 1
    args = ["--title", "Another title", "--url", "https://arxiv.org/abs/2410.03577v3"]
    code, _, err = tracker_cli(["add", str(path), "--section", "Evaluation", *args])
    assert (
        code == 2 and f"already in the list at line {line} (Awesome Papers > Multimodal Hallucination" in err
    )


def test_fields_the_section_has_no_place_for_are_named_on_stderr(tracker_cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text("# L\n\n## Papers\n- [Alpha](https://a.example)\n- [Beta](https://b.example)\n", "utf-8")
    extra = ["--date", "2026-06-20", "--venue", "CVPR 2026", "--authors", "Ann Lee, Bo Chen"]
    code, out, err = tracker_cli(["add", str(path), "--section", "Papers", *NEW, *extra])
    assert code == 0 and out.startswith("added 'Probing Test Paper: A CLI Study' to Papers at line 4")
    assert err == (
        "note: the section's format has no place for --date, --venue, --authors; they were not written\n"
    )
    assert "Probing Test Paper" in path.read_text(encoding="utf-8"), "the entry is still added"


def test_unplaced_fields_compares_the_given_values_with_the_written_lines() -> None:
    from tracker.listdoc.add import unplaced_fields

    given = {
        "--url": "https://arxiv.org/abs/2501.05555",
        "--code": "https://github.com/g/gamma/",
        "--date": "2025-01-09",
        "--venue": "NeurIPS 2024",
        "--authors": ["Zoe Park", "Yan Qi"],
        "--note": "a note",
        "--tag": "LLM",
        "--demo": None,
    }
    written = [
        "* 25.01 (LLM) [Gamma](https://arxiv.org/abs/2501.05555) [[code](https://github.com/g/gamma)]\n",
        "  *Z. Park et al.* NeurIPS'24 - a note\n",
    ]
    assert unplaced_fields(written, given) == []
    assert unplaced_fields(written[:1], given) == ["--venue", "--authors", "--note"]
    bare = ["| [Gamma](https://arxiv.org/pdf/2501.05555) | 2024 |\n"]  # the paper's pdf form, another year
    assert unplaced_fields(bare, given) == [option for option, value in given.items() if value][1:]
    assert unplaced_fields(["- Gamma [2501] Jan 2025\n"], {"--date": "2025-01-09"}) == []
