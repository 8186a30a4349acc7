"""Dated intake sections (`listdoc.intake`): lists that file each new paper under a heading for its day.

Synthetic logs cover the date catalogue, the order (newest or oldest first), weeks and months, typos and
year-less headings, and what is not an intake (topics, bare years, unordered or entry-less dates). A
real tmgthb version checks the heading `tracker add --intake` writes. The read-back check accepts the
added heading and nothing else; the format replay files a log's additions by day.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from splice_checks import assert_splice_only

from tests.cli_runner import Invoke
from tracker.errors import UsageError
from tracker.listdoc.edit import find_section, insert_entries
from tracker.listdoc.format_replay import Caps, replay_list
from tracker.listdoc.intake import DateStyle, detect, file_by_day, intake_target, read_date, render_date
from tracker.listdoc.model import Document, split_lines
from tracker.listdoc.parse import parse_document
from tracker.listdoc.template import NewEntry
from tracker.listdoc.verify import UnwritableEntry, check_written

TMGTHB = "lists/tmgthb-autonomous-agents/2026-06-24_ab1074adab.md"
TMGTHB_PARENT = "Research papers: 2026 5/5"


def block(n: int) -> str:
    """A paragraph entry as the daily log writes it: title link, a summary bullet, a thematic break."""
    title = f"[Paper{n}: A Study of Agents {n}](http://arxiv.org/abs/2606.{n:05d})"
    return f"{title}\n\n- Paper{n}: introduces.\n\n---\n"


# A daily log, newest day first, one blank line above each day heading; one heading has a typo, one no
# year, one sibling is no date at all.
DAILY = f"""\
# Agent papers

Intro.

## Research papers

Chronological order.

#### Pinned

{block(9)}
#### 24th June 2026

{block(1)}
{block(2)}
#### 22nd June 2026

{block(3)}
#### 21st Junne 2026

{block(4)}
#### 20th June

{block(5)}
#### 19th June 2026

{block(6)}

## Citation

Cite us.
"""


def doc_of(text: str) -> Document:
    return parse_document(text)


def added_lines(before: Document, after: Document) -> tuple[int, list[str]]:
    """(index, lines) of the one run of lines `after` inserts into `before` (asserting it is only that)."""
    old, new = before.lines, after.lines
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    inserted = new[start : start + len(new) - len(old)]
    assert old[:start] + inserted + old[start:] == new
    return start, inserted


# ---------------------------------------------------------------- reading and writing dates


@pytest.mark.parametrize(
    ("text", "form", "fields"),
    [
        ("23rd June 2026", "dmy", (2026, 6, 23)),
        ("9th May", "dmy", (None, 5, 9)),
        ("31st Septmber 2025", "dmy", (2025, 9, 31)),
        ("14th Nov 2025", "dmy", (2025, 11, 14)),
        ("June 23, 2026", "mdy", (2026, 6, 23)),
        ("Week of 2026-06-22", "iso", (2026, 6, 22)),
        ("📅 2026.06.02 papers", "iso", (2026, 6, 2)),
        ("23/06/2026", "numeric", (2026, 6, 23)),
        ("06/23/2026", "numeric", (2026, 6, 23)),
        ("June 2026", "my", (2026, 6, None)),
        ("2026-06", "ym", (2026, 6, None)),
    ],
)
def test_the_catalogue_reads_each_date_form(text: str, form: str, fields: tuple) -> None:
    found = read_date(text)
    assert found is not None and (found.form, (found.year, found.month, found.day)) == (form, fields)


@pytest.mark.parametrize(
    "text", ["Research papers: 2026 5/5", "2024", "Citation", "Mayday 12", "v1.2.3", "3D"]
)
def test_other_headings_read_as_no_date(text: str) -> None:
    assert read_date(text) is None


@pytest.mark.parametrize(
    ("style", "day", "text"),
    [
        (DateStyle("dmy", ordinal=True), date(2026, 6, 1), "1st June 2026"),
        (DateStyle("dmy", ordinal=True), date(2026, 6, 12), "12th June 2026"),
        (DateStyle("dmy", ordinal=True), date(2026, 6, 23), "23rd June 2026"),
        (DateStyle("dmy", ordinal=True, year=False), date(2026, 5, 9), "9th May"),
        (DateStyle("mdy", sep2=", ", month="abbr", period=True), date(2026, 9, 3), "Sep. 3, 2026"),
        (DateStyle("iso", sep1="-", pad_day=True, pad_month=True), date(2026, 6, 2), "2026-06-02"),
        (
            DateStyle("numeric", sep1="/", order="mdy", pad_day=True, pad_month=True),
            date(2026, 6, 2),
            "06/02/2026",
        ),
        (DateStyle("my", case="upper"), date(2026, 6, 2), "JUNE 2026"),
        (DateStyle("ym", sep1="."), date(2026, 6, 2), "2026.06"),
    ],
)
def test_a_date_is_written_in_the_style_it_was_read_in(style: DateStyle, day: date, text: str) -> None:
    assert render_date(day, style) == text


# ---------------------------------------------------------------- detection


def test_a_daily_log_is_read_as_an_intake_with_its_majority_heading_form() -> None:
    intake = detect(doc_of(DAILY))
    assert intake is not None and intake.parent is not None
    assert (intake.parent.path_text, intake.newest_first, intake.granularity) == (
        "Research papers",
        True,
        "day",
    )
    # the typo'd and the year-less heading count; "Pinned" is tolerated, and sets nothing
    assert [d.day.day for d in intake.days] == [24, 22, 21, 20, 19]
    assert intake.days[3].day == date(2026, 6, 20)
    assert (intake.style, intake.frame, intake.gap) == (DateStyle("dmy", ordinal=True), ("#### ", ""), 1)
    assert intake.heading(date(2026, 7, 1)) == "#### 1st July 2026"


OLDEST_FIRST = """\
# Log

### 2026-06-01

- [A One](https://arxiv.org/abs/2606.00001)

### 2026-06-02

- [B Two](https://arxiv.org/abs/2606.00002)
- [B Three](https://arxiv.org/abs/2606.00003)

### 2026-06-04

- [C Four](https://arxiv.org/abs/2606.00004)
"""

WEEKLY = """\
# Digest

## Papers

### Week of 2026-06-15

- [A One](https://arxiv.org/abs/2606.00001)

### Week of 2026-06-08

- [B Two](https://arxiv.org/abs/2606.00002)

### Week of 2026-06-01

- [C Three](https://arxiv.org/abs/2606.00003)
"""

MONTHLY = """\
# Monthly

## June 2026

- [A One](https://arxiv.org/abs/2606.00001)

## May 2026

- [B Two](https://arxiv.org/abs/2605.00002)

## April 2026

- [C Three](https://arxiv.org/abs/2604.00003)
"""


def test_oldest_first_logs_weeks_and_months_are_intakes_too() -> None:
    oldest, weekly, monthly = detect(doc_of(OLDEST_FIRST)), detect(doc_of(WEEKLY)), detect(doc_of(MONTHLY))
    assert oldest is not None and not oldest.newest_first and oldest.parent is None
    assert oldest.heading(date(2026, 6, 5)) == "### 2026-06-05"
    assert weekly is not None and weekly.granularity == "week"
    assert weekly.heading(date(2026, 6, 24)) == "### Week of 2026-06-22"  # the week's first day, a Monday
    assert weekly.section_for(date(2026, 6, 17)).title == "Week of 2026-06-15"
    assert monthly is not None and monthly.granularity == "month" and monthly.newest_first
    assert monthly.heading(date(2026, 7, 3)) == "## July 2026"
    assert monthly.section_for(date(2026, 5, 30)).title == "May 2026"


TOPICS = """\
# Awesome

## Papers

### Vision

- [A One](https://arxiv.org/abs/2606.00001)

### Language

- [B Two](https://arxiv.org/abs/2606.00002)
"""

YEARS = TOPICS.replace("### Vision", "### 2026").replace("### Language", "### 2025") + (
    "\n### 2024\n\n- [C Three](https://arxiv.org/abs/2401.00003)\n"
)

# dated headings that hold no papers: a changelog beside the list
CHANGELOG = (
    TOPICS + "\n## News\n\n### 2026-06-03\n\nv2.\n\n### 2026-06-02\n\nv1.\n\n### 2026-06-01\n\nStart.\n"
)

# dated release notes of a repo: entries, but no papers, beside a list of arXiv papers
RELEASES = TOPICS + "".join(
    f"\n### 2026-06-0{day}\n\n- [v{day}.0](https://github.com/o/r/releases/v{day})\n" for day in (3, 2, 1)
)

UNORDERED = (
    OLDEST_FIRST.replace("### 2026-06-02", "### 2026-06-09")
    + "\n### 2026-06-03\n\n- [D](https://arxiv.org/abs/2606.00005)\n"
)

TWO_DAYS = OLDEST_FIRST.split("### 2026-06-04")[0]


@pytest.mark.parametrize("text", [TOPICS, YEARS, CHANGELOG, RELEASES, UNORDERED, TWO_DAYS])
def test_topics_years_entry_or_paper_less_or_unordered_dates_are_no_intake(text: str) -> None:
    assert detect(doc_of(text)) is None
    with pytest.raises(UsageError, match="no papers under dated headings"):
        intake_target(doc_of(text), date(2026, 6, 5))


def test_only_the_daily_log_among_the_shared_lists_files_by_day(shared_data: Path) -> None:
    """The newest version of every shared list: only tmgthb's README is an intake (docs/intake-sections.md
    gives the run over all 683 versions)."""
    found = {}
    for folder in sorted((shared_data / "lists").iterdir()):
        newest = sorted(folder.glob("*.md"))[-1]
        found[folder.name] = detect(doc_of(newest.read_text(encoding="utf-8"))) is not None
    assert {name for name, yes in found.items() if yes} == {"tmgthb-autonomous-agents"}, found


# ---------------------------------------------------------------- the day's section


@pytest.mark.parametrize(
    ("day", "before_heading", "lines"),
    [
        (date(2026, 6, 25), "#### 24th June 2026", ["#### 25th June 2026\n", "\n"]),  # above the newest
        (date(2026, 6, 23), "#### 22nd June 2026", ["#### 23rd June 2026\n", "\n"]),  # in date order
    ],
)
def test_a_new_day_heading_goes_in_date_order_with_the_siblings_spacing(
    day: date, before_heading: str, lines: list[str]
) -> None:
    doc = doc_of(DAILY)
    after, path = intake_target(doc, day)
    at, inserted = added_lines(doc, after)
    assert inserted == lines and doc.lines[at] == before_heading + "\n"
    assert path == f"Research papers > {lines[0].removeprefix('#### ').strip()}"
    assert find_section(after, path).entries == []


def test_a_day_older_than_all_goes_after_the_last_day() -> None:
    doc = doc_of(DAILY)
    after, path = intake_target(doc, date(2026, 6, 10))
    assert path == "Research papers > 10th June 2026"
    assert after.render() == DAILY.replace(
        "---\n\n\n## Citation", "---\n\n#### 10th June 2026\n\n\n## Citation"
    )
    assert [s.title for s in after.sections][-2:] == ["10th June 2026", "Citation"]


@pytest.mark.parametrize(
    ("day", "title"), [(date(2026, 6, 20), "20th June"), (date(2026, 6, 21), "21st Junne 2026")]
)
def test_a_day_already_there_is_used_as_written(day: date, title: str) -> None:
    doc = doc_of(DAILY)
    after, path = intake_target(doc, day)
    assert after is doc and path == f"Research papers > {title}"


def test_entries_go_under_their_days_and_the_readme_changes_by_headings_and_entries_only() -> None:
    doc = doc_of(DAILY)
    news = [NewEntry(f"Fresh{n}: New Agents {n}", f"http://arxiv.org/abs/2606.9000{n}") for n in range(3)]
    target, paths, added = file_by_day(doc, [date(2026, 6, 25), date(2026, 6, 22), date(2026, 6, 25)])
    assert added is not None and added.paths == ("Research papers > 25th June 2026",)
    after = insert_entries(target, list(zip(paths, news, strict=True)), added=added)
    assert_splice_only(DAILY, after.render(), inserted=1 + 3 * 2, blank_lines_free=True)  # heading, 3 blocks
    by_day = {s.title: [e.title for e in s.entries] for s in after.sections}
    assert by_day["25th June 2026"] == ["Fresh0: New Agents 0", "Fresh2: New Agents 2"]
    assert by_day["22nd June 2026"][0] == "Fresh1: New Agents 1"
    assert all(entry.kind == "block" for entry in find_section(after, paths[0]).entries)


def test_oldest_first_appends_a_day_at_the_end_and_keeps_crlf_and_a_missing_final_newline() -> None:
    text = OLDEST_FIRST.replace("\n", "\r\n").removesuffix("\r\n")
    doc = doc_of(text)
    target, [path], added = file_by_day(doc, [date(2026, 6, 5)])
    after = insert_entries(
        target, [(path, NewEntry("E Five", "https://arxiv.org/abs/2606.00009"))], added=added
    )
    rendered = after.render()
    assert rendered.endswith("- [E Five](https://arxiv.org/abs/2606.00009)") and "\n" not in rendered.replace(
        "\r\n", ""
    )
    assert split_lines(rendered)[-5:] == [
        "- [C Four](https://arxiv.org/abs/2606.00004)\r\n", "\r\n", "### 2026-06-05\r\n", "\r\n",
        "- [E Five](https://arxiv.org/abs/2606.00009)",
    ]  # fmt: skip
    middle, path = intake_target(doc, date(2026, 6, 3))
    assert path == "2026-06-03" and [s.title for s in middle.sections][1:] == [
        "2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04",
    ]  # fmt: skip


# ---------------------------------------------------------------- the read-back check


def test_check_written_accepts_exactly_the_headings_it_is_told_were_added() -> None:
    doc = doc_of(DAILY)
    with_heading, path = intake_target(doc, date(2026, 6, 25))
    assert check_written(doc, with_heading, [], (path,)) is with_heading
    with pytest.raises(UnwritableEntry, match="change the README's headings"):
        check_written(doc, with_heading, [])  # not declared: refused as before
    with pytest.raises(UnwritableEntry, match="would not add the heading"):
        check_written(doc, doc, [], (path,))  # declared, not there
    with pytest.raises(UnwritableEntry, match="would not add the heading"):
        check_written(doc, doc, [], ("Research papers > 24th June 2026",))  # there already: not an addition


def test_a_heading_that_would_take_entries_from_their_day_is_refused() -> None:
    doc = doc_of(DAILY)
    second = next(e for e in doc.entries() if e.title.startswith("Paper2"))
    lines = list(doc.lines)
    lines[second.start : second.start] = ["#### 25th June 2026\n", "\n"]
    moved = parse_document("".join(lines))
    with pytest.raises(UnwritableEntry, match="existing entr"):
        check_written(doc, moved, [], ("Research papers > 25th June 2026",))


# ---------------------------------------------------------------- a real daily log


@pytest.fixture
def tmgthb(shared_data: Path, tmp_path: Path) -> Path:
    path = tmp_path / "README.md"
    shutil.copyfile(shared_data / TMGTHB, path)
    path.chmod(0o644)
    return path


def test_the_real_log_gets_its_next_day_above_its_newest(tmgthb: Path) -> None:
    doc = doc_of(tmgthb.read_text(encoding="utf-8"))
    intake = detect(doc)
    assert intake is not None and intake.parent is not None and intake.parent.path_text == TMGTHB_PARENT
    after, path = intake_target(doc, date(2026, 6, 24))
    at, inserted = added_lines(doc, after)
    assert inserted == ["#### 24th June 2026\n", "\n"] and doc.lines[at] == "#### 23rd June 2026\n"
    assert path == f"{TMGTHB_PARENT} > 24th June 2026"


def test_tracker_add_files_by_day_with_intake_or_the_parent_section(
    tracker_cli: Invoke, tmgthb: Path, monkeypatch
) -> None:
    monkeypatch.setenv("TRACKER_NOW", "2026-06-25T09:00:00Z")
    old = tmgthb.read_text(encoding="utf-8")
    new = ["--title", "AgentFoo: A Benchmark for Foo Agents", "--url", "http://arxiv.org/abs/2606.29999"]
    code, out, err = tracker_cli(["add", str(tmgthb), "--intake", *new])
    assert (code, err) == (0, "")
    where = f"{TMGTHB_PARENT} > 25th June 2026 at line 60 (under a new heading)"
    assert out == f"added 'AgentFoo: A Benchmark for Foo Agents' to {where}\n"
    text = tmgthb.read_text(encoding="utf-8")
    assert_splice_only(old, text, inserted=3, blank_lines_free=True)  # the heading, the title, the `---`
    written = "[AgentFoo: A Benchmark for Foo Agents](http://arxiv.org/abs/2606.29999)"
    assert f"\n#### 25th June 2026\n\n{written}\n\n---\n\n#### 23rd June 2026\n" in text
    other = ["--title", "AgentBar: Bars", "--url", "http://arxiv.org/abs/2606.29998", "--date", "2026-06-22"]
    code, out, err = tracker_cli(["add", str(tmgthb), "--section", TMGTHB_PARENT, *other])
    assert (code, err) == (0, "") and out.startswith(
        f"added 'AgentBar: Bars' to {TMGTHB_PARENT} > 22nd June 2026 at line "
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--intake", "--section", TMGTHB_PARENT], "give --section or --intake, not both"),
        ([], "missing --section"),
    ],
)
def test_tracker_add_says_how_to_name_the_place(
    tracker_cli: Invoke, tmgthb: Path, args: list[str], message: str
) -> None:
    before = tmgthb.read_bytes()
    code, _, err = tracker_cli(
        ["add", str(tmgthb), *args, "--title", "T U", "--url", "http://arxiv.org/abs/2606.29997"]
    )
    assert code == 2 and message in err and tmgthb.read_bytes() == before


def test_intake_on_a_list_without_day_headings_is_a_usage_error(tracker_cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(TOPICS, encoding="utf-8")
    code, _, err = tracker_cli(
        ["add", str(path), "--intake", "--title", "T U", "--url", "https://arxiv.org/abs/2606.1"]
    )
    assert (
        code == 2 and "no papers under dated headings" in err and path.read_text(encoding="utf-8") == TOPICS
    )


# ---------------------------------------------------------------- the format replay


def _history(root: Path, name: str, versions: list[tuple[str, str]]) -> None:
    folder = root / "lists" / name
    folder.mkdir(parents=True)
    order = []
    for index, (day, text) in enumerate(versions):
        file = f"{day}_{index:010x}.md"
        (folder / file).write_text(text, encoding="utf-8")
        order.append(f"{file} {index:040x} {day}T20:00:00+00:00 owner/{name}")
    (folder / "ORDER.txt").write_text("\n".join(order) + "\n", encoding="utf-8")


def test_the_replay_files_a_logs_additions_by_day_and_compares_the_heading(tmp_path: Path) -> None:
    """Without firehose metadata the bot's day is the run's (the version's date): the maintainer's new
    day on 2026-06-25 is replayed exactly, heading included; an addition to an existing day too."""
    newer = DAILY.replace(
        "#### 24th June 2026\n\n", f"#### 25th June 2026\n\n{block(7)}\n#### 24th June 2026\n\n{block(8)}\n"
    )
    _history(tmp_path, "daily", [("2026-06-24", DAILY), ("2026-06-25", newer)])
    _history(
        tmp_path,
        "topics",
        [("2026-06-24", TOPICS), ("2026-06-25", TOPICS + "- [New One](https://arxiv.org/abs/2606.7)\n")],
    )
    report = replay_list(tmp_path, "daily", Caps(), meta={})
    assert (report.added, report.new_section, report.replayable, report.replayed) == (2, 1, 2, 2)
    assert not report.defects
    figures = report.intake_figures()
    assert figures | {"same_day_by_source": None} == {
        "cases": 2, "same_day": 1, "same_day_by_source": None, "new_headings": 1, "heading_form": 1,
        "heading_exact": 1,
    }  # fmt: skip
    fresh = next(case for case in report.cases if case.heading and case.heading[1])
    assert fresh.heading == ("#### 25th June 2026", "#### 25th June 2026") and fresh.written[0].startswith(
        "[Paper7"
    )
    assert replay_list(tmp_path, "topics", Caps(), meta={}).intake_cases == []


def test_the_replay_of_a_real_log_pair_writes_the_maintainers_heading(
    shared_data: Path, tmp_path: Path
) -> None:
    source = shared_data / "lists" / "tmgthb-autonomous-agents"
    rows = (source / "ORDER.txt").read_text(encoding="utf-8").splitlines()[-2:]
    folder = tmp_path / "lists" / "log"
    folder.mkdir(parents=True)
    for row in rows:
        shutil.copyfile(source / row.split()[0], folder / row.split()[0])
    (folder / "ORDER.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = replay_list(tmp_path, "log", Caps(per_pair=4, per_list=4), meta={})
    assert report.replayed == 4 and not report.defects
    figures = report.intake_figures()
    assert figures["cases"] == 4 and figures["heading_form"] == figures["new_headings"]
