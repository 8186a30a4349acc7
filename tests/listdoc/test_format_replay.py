"""The format replay benchmark (issue 13, part 5) on small synthetic histories and two real versions.

Synthetic lists live in tmp_path as `lists/<name>/*.md` with an ORDER.txt, like ../shared/data; the
real `insert_entry` writes every block. The changed-other-line case needs a result the real writer
never produces, so that one document is written by hand and given to `compare`.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from tracker.listdoc.format_replay import (
    Candidate,
    Caps,
    Case,
    bot_entry,
    compare,
    date_formats,
    entry_authors,
    find_by_key,
    normalise_block,
    replay_list,
    section_key,
    splice_of,
    version_files,
)
from tracker.listdoc.parse import parse_document
from tracker.listdoc.template import NewEntry

PARENT = """# Awesome Demo

## Papers

- [Alpha Paper One](https://arxiv.org/abs/2401.00001)
- [Beta Paper Two](https://arxiv.org/abs/2401.00002)
- [Gamma Paper Three](https://arxiv.org/abs/2401.00003)

## Surveys

- [Survey Of Things](https://arxiv.org/abs/2401.00004)
- [Another Survey](https://arxiv.org/abs/2401.00009)
"""

# The maintainer's commit: an entry on top of Papers written exactly like its neighbours; one with a
# zero-width title the writer refuses; a tool (not a paper); a survey with a hand-written note; and a
# new section.
CHILD = """# Awesome Demo

## Papers

- [Delta Paper Four](https://arxiv.org/abs/2402.00005)
- [\u200b](https://arxiv.org/abs/2402.00008)
- [Alpha Paper One](https://arxiv.org/abs/2401.00001)
- [Beta Paper Two](https://arxiv.org/abs/2401.00002)
- [Gamma Paper Three](https://arxiv.org/abs/2401.00003)
- [Cool Tool](https://example.com/tool)

## Surveys

- [Epsilon Survey](https://arxiv.org/abs/2402.00006) - a hand-written note
- [Survey Of Things](https://arxiv.org/abs/2401.00004)
- [Another Survey](https://arxiv.org/abs/2401.00009)

## Benchmarks

- [Zeta Bench](https://arxiv.org/abs/2402.00007)
"""


def _history(root: Path, name: str, texts: list[str]) -> Path:
    """lists/<name>/ with one file per version; file names sort against the ORDER.txt order on purpose."""
    folder = root / "lists" / name
    folder.mkdir(parents=True)
    rows = []
    for index, text in enumerate(texts):
        file = f"{len(texts) - index}_v{index}.md"
        (folder / file).write_text(text, encoding="utf-8")
        rows.append(f"{file} {index:040d} 2024-0{index + 1}-01T00:00:00+00:00 demo/{name}")
    (folder / "ORDER.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def _by_title(report, title: str) -> Case:
    return next(case for case in report.cases if case.title == title)


def test_one_commit_is_counted_and_replayed(tmp_path: Path) -> None:
    data = _history(tmp_path, "demo", [PARENT, CHILD])
    assert [path.name for path in version_files(data, "demo")] == ["2_v0.md", "1_v1.md"]
    report = replay_list(data, "demo", Caps(), meta={})
    assert (report.versions, report.pairs) == (2, 1)
    assert (report.added, report.added_other, report.new_section, report.replayable) == (4, 1, 1, 3)
    assert report.replayed == 3

    exact = _by_title(report, "Delta Paper Four")
    assert exact.written == ["- [Delta Paper Four](https://arxiv.org/abs/2402.00005)"]
    assert exact.exact and exact.near and not exact.defects

    noted = _by_title(report, "Epsilon Survey")  # the bot never writes the maintainer's note
    assert noted.near and not noted.exact and not noted.defects
    assert noted.normal_written == "- [T](U)" and noted.normal_maintainer == "- [T](U) - X"

    refused = _by_title(report, "\u200b")
    assert refused.defects == ["refused section"] and refused.detail
    assert not (refused.exact or refused.near or refused.written)

    assert (report.exact, report.near, report.defect_cases, report.target) == (1, 2, 1, "miss")
    figures = report.to_json()
    assert figures["defects"] == {"refused section": 1} and len(figures["cases"]) == 3


def test_a_changed_line_elsewhere_is_a_defect_and_renumbering_is_not(tmp_path: Path) -> None:
    parent = parse_document(
        "# L\n\n## A\n\n1. [Old One](https://arxiv.org/abs/2401.00001)\n\n## B\n\nintro\n"
    )
    child = parse_document(
        "# L\n\n## A\n\n1. [New One](https://arxiv.org/abs/2402.00002)\n"
        "2. [Old One](https://arxiv.org/abs/2401.00001)\n\n## B\n\nintro\n"
    )
    section = find_by_key(child, (("A",), 0))
    assert section is not None
    entry = section.entries[0]
    candidate = Candidate(1, entry, section_key(section), 0, 1, "x")
    new = bot_entry(entry, {})
    renumbered = child  # the maintainer's own result: a new item on top, the old one renumbered
    clean = compare(Case("p", "c", "A", entry.title, list(entry.lines)), parent, renumbered, candidate, new)
    assert not clean.defects and clean.exact and clean.near

    touched = parse_document(renumbered.render().replace("intro", "intro, edited"))
    case = compare(Case("p", "c", "A", entry.title, list(entry.lines)), parent, touched, candidate, new)
    assert case.defects == ["changed other line"] and "intro" in case.detail

    splice = splice_of(parent.lines, touched.lines)
    assert splice.renumbered == [4] and splice.changed == [8]


def test_sampling_is_deterministic_and_capped(tmp_path: Path) -> None:
    added = "".join(f"- [Paper Number {n}](https://arxiv.org/abs/2402.0000{n})\n" for n in range(1, 7))
    data = _history(tmp_path, "many", [PARENT, PARENT.replace("## Papers\n\n", "## Papers\n\n" + added)])
    full = replay_list(data, "many", Caps(per_pair=10, per_list=10), meta={})
    one = replay_list(data, "many", Caps(per_pair=2, per_list=10), meta={})
    again = replay_list(data, "many", Caps(per_pair=2, per_list=10), meta={})
    capped = replay_list(data, "many", Caps(per_pair=10, per_list=3), meta={})
    titles = [[case.title for case in report.cases] for report in (full, one, again, capped)]
    assert len(titles[0]) == 6 and len(titles[1]) == 2 and len(titles[3]) == 3
    assert titles[1] == titles[2] and set(titles[1]) <= set(titles[3]) <= set(titles[0])
    assert all(report.replayable == 6 for report in (full, one, capped))


def test_exact_is_not_satisfied_by_an_empty_or_shorter_block() -> None:
    title = "A Study of Things"
    theirs = [
        "1. **[A Study of Things.](https://arxiv.org/abs/2401.00001)** [[code](https://github.com/a/b)]",
        "",
        "    *Ann Lee, Bo Chen.* Preprint'24",
    ]
    same_shape = [
        "7. **[A Study of Things.](https://arxiv.org/abs/2401.99999)** [[code](https://github.com/c/d)]",
        "",
        "    *Carl Marx, Dee Dee, Eve Li.* Preprint'25",
    ]
    skeleton = frozenset({"code", "Preprint"})
    expected = "N. **[T.](U)** [[code](U)]\n\n» *X.* Preprint'0"
    assert (
        normalise_block(theirs, title, skeleton) == normalise_block(same_shape, title, skeleton) == expected
    )
    assert (
        normalise_block([theirs[0], "   ", theirs[2]], title, skeleton) == expected
    )  # spaces on a blank line
    assert normalise_block([], title, skeleton) == ""
    assert normalise_block(theirs[:1], title, skeleton) != expected  # the authors line is missing
    assert (
        normalise_block([theirs[0].replace("[code]", "[repo]")], title, skeleton) != expected.split("\n")[0]
    )


def test_date_formats_and_authors() -> None:
    assert date_formats(["| [T](https://arxiv.org/abs/2411.00001) | 2024-11-02 |"], "T") == ("YYYY-MM-DD",)
    assert date_formats(["* [2508] [Name] [T 2024](u)"], "T 2024") == ("[YYMM]",)
    assert date_formats(["- (Nov. 25, 2024) x", "- [2024.08.02] y"], "T") == ("(Mon D, YYYY)", "[YYYY.MM.DD]")
    assert date_formats(["| 26.03 | 06/11/2026 | Preprint'25 |"], "T") == ("YY.MM", "NN/NN/YYYY", "'YY")
    assert date_formats(["- [T](u)"], "T") == ()
    entry = parse_document(
        "# L\n\n## A\n\n1. **[T.](https://arxiv.org/abs/2401.00001)**\n\n    *Ann Lee, Bo Chen.* x\n"
    )
    assert entry_authors(entry.entries()[0]) == ["Ann Lee", "Bo Chen"]
    assert bot_entry(entry.entries()[0], {}).date == "2024-01"
    assert isinstance(bot_entry(entry.entries()[0], {}), NewEntry)


def test_two_real_versions_give_a_well_formed_report(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "lists" / "atfortes-llm-reasoning"
    rows = (source / "ORDER.txt").read_text(encoding="utf-8").splitlines()[1:3]  # one pair with an addition
    folder = tmp_path / "lists" / "atfortes"
    folder.mkdir(parents=True)
    for row in rows:
        shutil.copy(source / row.split()[0], folder)
    (folder / "ORDER.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    started = time.perf_counter()
    report = replay_list(tmp_path, "atfortes", Caps(), meta={})
    assert time.perf_counter() - started < 10
    assert (report.versions, report.pairs) == (2, 1)
    assert report.added >= 1 and report.replayable + report.new_section == report.added
    assert report.replayed == report.replayable and report.target in ("PASS", "miss")
    for case in report.cases:
        assert case.maintainer and case.title and case.section
        assert case.written or case.defects
        assert set(case.defects) <= {"crash", "refused section", "title missing", "wrong column",
                                     "changed other line", "not listed afterwards"}  # fmt: skip
    figures = report.to_json()
    assert figures["replayed"] == len(figures["cases"]) and 0 <= figures["exact"] <= figures["replayed"]
