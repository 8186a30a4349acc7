"""Dated intake sections: lists that file every new paper under a heading for its day, and sort later.

Some maintainers do not file a new paper by topic at all. A daily log puts each paper under a heading
for its day (`#### 23rd June 2026` inside `## Research papers: 2026 5/5`, the newest day on top, in
tmgthb/Autonomous-Agents of the shared data); a digest puts it under its week (`### Week of 2026-06-22`).
On such a list the classifier has nothing to learn (its "sections" are days), and the section a new
paper belongs in is its day. This module reads that workflow from the document alone; it knows no
list and no heading word:

- **Detection** (`detect`). Sibling headings (one parent, one level) of which at least `MIN_DATED`, and
  at least `DATED_SHARE` of the siblings, read as dates of one kind (days, or months without a day) in
  the catalogue below; ordered by date (at least `ORDERED_SHARE` of the steps between dated siblings go
  one way: newest first or oldest first); holding at least `ENTRY_SHARE` of the entries under their
  parent, and papers (entries naming an arXiv id or a DOI about as often as the list's others do, so
  dated release notes are no intake). A heading with a typo (`31th Septmber 2025`) still reads as a
  date; one that does not read is tolerated as long as the shares hold. A heading without a year
  (`9th May`) takes the year that puts it nearest its nearest dated sibling. Siblings that all fall on
  one weekday name weeks.
- **The heading form** is the siblings' majority: the catalogue form (day-month-year with or without
  an ordinal, month-day-year, ISO, numeric day/month/year, month-year, year-month), each field's
  spelling (full or short month name, its case and period, zero padding, the separators, the year or
  not), and the text around the date on the heading line (`#### `, `### Week of `), voted apart, so an
  odd heading does not set the style.
- **Where** (`intake_target`): the section whose heading names the day's bucket (its day, week or
  month); else a new heading, written in date order among the dated siblings (above the newest one in
  a newest-first log), followed (or preceded, at the end) by the blank lines the siblings leave above
  their headings. The README changes by those lines only; `verify.check_written` reads the result back
  and accepts exactly that heading (`verify.AddedHeadings`), so nothing else can move.

Which day a paper belongs to is the caller's: `tracker run` uses the paper's own date (its v1
submission day, else its announcement day; the run's day when it has neither), `tracker add` its
`--date`, else the day it runs. See docs/intake-sections.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Any, Literal

from tracker.errors import UsageError
from tracker.ids import doi_from_url
from tracker.listdoc.blocks import atx_heading
from tracker.listdoc.headings import SEPARATOR, heading_label, path_text, without_occurrence
from tracker.listdoc.model import BOM, Document, Entry, Section, strip_eol
from tracker.listdoc.parse import parse_document
from tracker.listdoc.verify import AddedHeadings, check_written

MIN_DATED = 3  # dated siblings needed: two steps to tell an order from chance
DATED_SHARE = 0.75  # of the siblings: a few typos, a "pinned" heading are fine; a topic list is not
ORDERED_SHARE = 0.8  # of the steps between dated siblings, as `placement` asks of a sorted section
ENTRY_SHARE = 0.5  # of the entries under the parent: the days hold the papers, not a side note
TYPO_RATIO = 0.75  # a month word this close to a month's name (after its first 3 letters match) is it

Granularity = Literal["day", "week", "month"]
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_WORD = r"(?P<month>[A-Za-z]{3,9}\.?)"
_DAY = r"(?P<day>\d{1,2})(?P<ordinal>st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_EDGE, _END = r"(?<![\w])", r"(?![\w])"
# The catalogue of date forms a heading may write, by name; the longest match on a heading wins.
_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dmy", re.compile(rf"{_EDGE}{_DAY}(?P<sep1>[ \t]+(?:of[ \t]+)?|[-./]){_MONTH_WORD}"
                       rf"(?:(?P<sep2>,?[ \t]+|[-./]){_YEAR})?{_END}", re.IGNORECASE)),
    ("mdy", re.compile(rf"{_EDGE}{_MONTH_WORD}(?P<sep1>[ \t]+){_DAY}(?:(?P<sep2>,?[ \t]+){_YEAR})?{_END}",
                       re.IGNORECASE)),
    ("iso", re.compile(rf"{_EDGE}{_YEAR}(?P<sep1>[-./])(?P<mnum>\d{{1,2}})(?P=sep1)(?P<day>\d{{1,2}})"
                       rf"{_END}")),
    ("numeric", re.compile(rf"{_EDGE}(?P<first>\d{{1,2}})(?P<sep1>[-./])(?P<second>\d{{1,2}})(?P=sep1)"
                           rf"{_YEAR}{_END}")),
    ("my", re.compile(rf"{_EDGE}{_MONTH_WORD}(?P<sep2>,?[ \t]+){_YEAR}{_END}", re.IGNORECASE)),
    ("ym", re.compile(rf"{_EDGE}{_YEAR}(?P<sep1>[-./])(?P<mnum>\d{{2}})(?![\w]|[-./]\d)")),
)  # fmt: skip


# ---------------------------------------------------------------- reading one heading's date


@dataclass(frozen=True)
class DateStyle:
    """How a heading writes its date: the catalogue form and each field's spelling."""

    form: str
    sep1: str = " "
    sep2: str = " "
    ordinal: bool = False
    pad_day: bool = False
    pad_month: bool = False
    month: Literal["full", "abbr"] = "full"
    period: bool = False
    case: Literal["title", "upper", "lower"] = "title"
    year: bool = True
    order: Literal["dmy", "mdy"] = "dmy"  # the numeric form's field order


@dataclass(frozen=True)
class Reading:
    """A date read from a heading: its text as written, its fields (a month form has no day, a heading
    may have no year), and the spelling it shows per `DateStyle` field (None where it cannot tell: the
    padding of day 23, whether `May` is short or full)."""

    form: str
    text: str
    year: int | None
    month: int
    day: int | None
    traits: tuple[tuple[str, Any], ...]


def _month_number(word: str) -> int | None:
    """1-12 for a month name, its abbreviation or a typo of it (`Septmber`); None for other words."""
    lower = word.rstrip(".").lower()
    if len(lower) < 3:
        return None
    for number, name in enumerate(_MONTHS, start=1):
        if name.startswith(lower) or (
            lower[:3] == name[:3] and SequenceMatcher(None, lower, name).ratio() >= TYPO_RATIO
        ):
            return number
    return None


def _month_traits(written: str, month: int) -> dict[str, Any]:
    word = written.rstrip(".")
    name = _MONTHS[month - 1]
    if word.lower() == name:
        length = None if len(name) <= 3 else "full"  # `May` is both
    else:
        length = "abbr" if len(word) <= 4 else "full"
    case = "upper" if word.isupper() else "lower" if word.islower() else "title"
    period = written.endswith(".") if length == "abbr" else None
    return {"month": length, "period": period, "case": case}


def _padding(digits: str) -> bool | None:
    """Whether a day or month number is zero-padded; None when it has two digits anyway."""
    return None if int(digits) >= 10 else len(digits) == 2


def _reading(form: str, match: re.Match[str]) -> Reading | None:
    fields_ = match.groupdict()
    traits: dict[str, Any] = {"sep1": fields_.get("sep1")}
    year = int(fields_["year"]) if fields_.get("year") else None
    traits["year"] = year is not None
    traits["sep2"] = fields_.get("sep2") if year is not None else None
    day: int | None = None
    if fields_.get("month"):
        month = _month_number(fields_["month"])
        if month is None:
            return None
        traits |= _month_traits(fields_["month"], month)
    elif form == "numeric":
        first, second = fields_["first"], fields_["second"]
        order = "dmy" if int(first) > 12 else "mdy" if int(second) > 12 else None
        day_text, month_text = (second, first) if order == "mdy" else (first, second)
        day, month = int(day_text), int(month_text)
        traits |= {"order": order, "pad_day": _padding(day_text), "pad_month": _padding(month_text)}
    else:
        month = int(fields_["mnum"])
        traits["pad_month"] = _padding(fields_["mnum"])
    if fields_.get("day"):
        day = int(fields_["day"])
        traits |= {"pad_day": _padding(fields_["day"]), "ordinal": bool(fields_.get("ordinal"))}
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return Reading(form, match.group(0), year, month, day, tuple(traits.items()))


def read_date(text: str) -> Reading | None:
    """The date a heading's text writes, in any form of the catalogue (the longest match), or None."""
    best: Reading | None = None
    for form, pattern in _FORMS:
        for match in pattern.finditer(text):
            found = _reading(form, match)
            if found is not None and (best is None or len(found.text) > len(best.text)):
                best = found
    return best


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def render_date(day: date, style: DateStyle) -> str:
    """`day` written in `style` (a month form writes no day)."""
    days = (f"{day.day:02d}" if style.pad_day else str(day.day)) + (
        _ordinal(day.day) if style.ordinal else ""
    )
    months = f"{day.month:02d}" if style.pad_month or style.form == "ym" else str(day.month)
    name = _MONTHS[day.month - 1]
    if style.month == "abbr" and len(name) > 3:
        name = name[:3] + ("." if style.period else "")
    name = name.upper() if style.case == "upper" else name if style.case == "lower" else name.capitalize()
    year = f"{style.sep2}{day.year}" if style.year else ""
    if style.form == "dmy":
        return f"{days}{style.sep1}{name}{year}"
    if style.form == "mdy":
        return f"{name}{style.sep1}{days}{year}"
    if style.form == "iso":
        return f"{day.year}{style.sep1}{months}{style.sep1}{days}"
    if style.form == "numeric":
        first, second = (months, days) if style.order == "mdy" else (days, months)
        return f"{first}{style.sep1}{second}{style.sep1}{day.year}"
    if style.form == "my":
        return f"{name}{style.sep2}{day.year}"
    return f"{day.year}{style.sep1}{months}"


# ---------------------------------------------------------------- the workflow


@dataclass(frozen=True)
class Day:
    """A dated sibling heading and the date it names (the first day of its week or month)."""

    section: Section
    day: date


@dataclass(frozen=True)
class Intake:
    """A list's dated intake: its parent section, its dated headings in document order, their order,
    what a heading names (a day, a week, a month) and how the next one is written."""

    parent: Section | None  # None: the days are top-level headings
    days: tuple[Day, ...]
    newest_first: bool
    granularity: Granularity
    style: DateStyle
    frame: tuple[str, str]  # the heading line's text before and after the date (`#### `, ``)
    gap: int  # blank lines the siblings leave between the previous day and a day heading

    @property
    def parent_path(self) -> tuple[str, ...]:
        return self.parent.path if self.parent is not None else ()

    def bucket(self, day: date) -> date:
        """The date the heading for `day` names: `day`, the start of its week, or the 1st of its month."""
        if self.granularity == "month":
            return day.replace(day=1)
        if self.granularity == "week":
            return day - timedelta(days=(day.weekday() - self.days[0].day.weekday()) % 7)
        return day

    def heading(self, day: date) -> str:
        """The heading line (no line ending) for `day`'s bucket, in the siblings' form."""
        return f"{self.frame[0]}{render_date(self.bucket(day), self.style)}{self.frame[1]}"

    def day_named(self, path: str) -> date | None:
        """The day a section path under this intake names (`P > 25th June 2026` -> 2026-06-25), whether the
        README has that section or not; None for other paths and for a day heading without a year."""
        prefix = path_text(self.parent_path) + SEPARATOR if self.parent_path else ""
        reading = (
            read_date(without_occurrence(path.removeprefix(prefix))) if path.startswith(prefix) else None
        )
        if reading is None or reading.year is None or SEPARATOR in path.removeprefix(prefix):
            return None
        return _date(reading.year, reading.month, reading.day or 1)

    def section_for(self, day: date) -> Section | None:
        """The section already there for `day`'s bucket (the first, if the list has it twice)."""
        bucket = self.bucket(day)
        return next((found.section for found in self.days if found.day == bucket), None)


def detect(doc: Document) -> Intake | None:
    """The document's dated intake workflow (see the module docstring), or None. When several groups of
    siblings qualify, the one whose newest day is latest, then the one holding more entries."""
    found = [
        intake
        for parent, siblings in _sibling_groups(doc)
        if (intake := _group_intake(doc, parent, siblings)) is not None
    ]
    if not found:
        return None
    return max(found, key=lambda i: (max(d.day for d in i.days), sum(len(d.section.entries) for d in i.days)))


def _sibling_groups(doc: Document) -> list[tuple[Section | None, list[Section]]]:
    """Sections grouped by their parent heading (the last section before them whose path is theirs less
    its last label) and level, in document order."""
    groups: dict[tuple[int, int], tuple[Section | None, list[Section]]] = {}
    latest: dict[tuple[str, ...], Section] = {}
    for section in doc.sections:
        if not (section.is_toc or section.is_news):
            parent = latest.get(section.path[:-1]) if len(section.path) > 1 else None
            key = (parent.heading_line if parent is not None else -1, section.level)
            groups.setdefault(key, (parent, []))[1].append(section)
        latest[section.path] = section
    return list(groups.values())


def _heading_reading(doc: Document, section: Section) -> Reading | None:
    """The date a one-line (ATX) heading names; None for other headings (a setext day is not written)."""
    if section.start != section.heading_line + 1 or atx_heading(doc.lines[section.heading_line]) is None:
        return None
    return read_date(section.title)


def _group_intake(doc: Document, parent: Section | None, siblings: Sequence[Section]) -> Intake | None:
    dated = [(s, r) for s in siblings if (r := _heading_reading(doc, s)) is not None]
    if len(dated) < MIN_DATED:
        return None
    with_day = Counter(r.day is not None for _, r in dated).most_common(1)[0][0]
    dated = [(s, r) for s, r in dated if (r.day is not None) == with_day]
    if len(dated) < max(MIN_DATED, DATED_SHARE * len(siblings)):
        return None
    form = Counter(r.form for _, r in dated).most_common(1)[0][0]
    style = _vote(form, [r for _, r in dated if r.form == form])
    days = _dates(dated, style)
    newest_first = _order([d.day for d in days])
    frame = _frame(doc, dated)
    if len(days) < MIN_DATED or newest_first is None or frame is None or not _hold_entries(doc, parent, days):
        return None
    distinct = {d.day for d in days}
    weekly = with_day and len(distinct) >= MIN_DATED and len({d.weekday() for d in distinct}) == 1
    granularity: Granularity = "month" if not with_day else "week" if weekly else "day"
    return Intake(parent, tuple(days), newest_first, granularity, style, frame, _gap(doc, days))


def _vote(form: str, readings: Sequence[Reading]) -> DateStyle:
    """Each field of the style by the majority of the readings that show it (ties: the first heading)."""
    chosen: dict[str, Any] = {"form": form}
    for name in (f.name for f in fields(DateStyle) if f.name != "form"):
        shown = [
            value
            for reading in readings
            for key, value in reading.traits
            if key == name and value is not None
        ]
        if shown:
            chosen[name] = Counter(shown).most_common(1)[0][0]
    return DateStyle(**chosen)


def _dates(dated: Sequence[tuple[Section, Reading]], style: DateStyle) -> list[Day]:
    """Each dated heading's date: a numeric day/month in the voted order, a missing year from the nearest
    heading that has one (the year that puts it nearest that heading's date); impossible dates dropped."""
    fields_: list[tuple[Section, int | None, int, int]] = []
    for section, reading in dated:
        month, day = reading.month, reading.day or 1
        if reading.form == "numeric" and dict(reading.traits).get("order") is None and style.order == "mdy":
            month, day = day, month
        fields_.append((section, reading.year, month, day))
    known = {
        i: found
        for i, (_, year, month, day) in enumerate(fields_)
        if year and (found := _date(year, month, day))
    }
    days: list[Day] = []
    for index, (section, year, month, day) in enumerate(fields_):
        if year is not None:
            found = known.get(index)
        elif known:
            near = known[min(known, key=lambda k: (abs(k - index), k))]
            options = [d for shift in (-1, 0, 1) if (d := _date(near.year + shift, month, day))]
            found = min(options, key=lambda d: abs(d - near), default=None)
        else:
            found = None
        if found is not None:
            days.append(Day(section, found))
    return days


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _order(days: Sequence[date]) -> bool | None:
    """True when the dates step down (newest first), False when up, None when neither is clear."""
    steps = [later < earlier for earlier, later in pairwise(days) if later != earlier]
    if not steps:
        return None
    down = sum(steps)
    if down >= ORDERED_SHARE * len(steps):
        return True
    if len(steps) - down >= ORDERED_SHARE * len(steps):
        return False
    return None


def _frame(doc: Document, dated: Sequence[tuple[Section, Reading]]) -> tuple[str, str] | None:
    """The heading line around its date (`#### `, ``), by majority; None when no heading shows its date
    as one piece of text (markup inside the date)."""
    frames = []
    for section, reading in dated:
        line = strip_eol(doc.lines[section.heading_line])
        at = line.find(reading.text)
        if at >= 0:
            frames.append((line[:at], line[at + len(reading.text) :]))
    return Counter(frames).most_common(1)[0][0] if frames else None


def _subtree(doc: Document, section: Section) -> list[Section]:
    """The section and the sections under it (up to the next heading of its level or higher)."""
    start = next(i for i, s in enumerate(doc.sections) if s is section)
    inside = [section]
    for other in doc.sections[start + 1 :]:
        if other.level <= section.level:
            break
        inside.append(other)
    return inside


def _hold_entries(doc: Document, parent: Section | None, days: Sequence[Day]) -> bool:
    """Whether the dated headings hold the list's papers: at least `ENTRY_SHARE` of the entries under their
    parent, and entries that name a paper (an arXiv id or a DOI) at least `ENTRY_SHARE` times as often as
    the document's entries do. Dated release notes of a repo the list links are entries, not papers."""
    scope = _subtree(doc, parent) if parent is not None else doc.sections
    total = sum(len(s.entries) for s in scope if not (s.is_toc or s.is_news))
    held = [entry for d in days for s in _subtree(doc, d.section) for entry in s.entries]
    everywhere = [entry for s in doc.sections if not (s.is_toc or s.is_news) for entry in s.entries]
    if not held or len(held) < ENTRY_SHARE * total:
        return False
    return _paper_share(held) >= ENTRY_SHARE * _paper_share(everywhere)


def _paper_share(entries: Sequence[Entry]) -> float:
    """The share of `entries` that name a paper by an identifier (arXiv id, DOI)."""
    named = sum(1 for entry in entries if entry.arxiv_id or any(map(doi_from_url, [entry.url, *entry.urls])))
    return named / len(entries) if entries else 0.0


def _blank(line: str) -> bool:
    return not line.strip()


def _gap(doc: Document, days: Sequence[Day]) -> int:
    """The blank lines most day headings have above them, after the previous day (the first day's heading
    follows the parent's own text, so it does not count); 1 when there is only that one."""
    gaps: list[int] = []
    for found in days[1:]:
        index, count = found.section.heading_line - 1, 0
        while index >= 0 and _blank(doc.lines[index]):
            index, count = index - 1, count + 1
        gaps.append(count)
    return Counter(gaps).most_common(1)[0][0] if gaps else 1


# ---------------------------------------------------------------- writing the day's heading


def _insertion(doc: Document, intake: Intake, day: date) -> tuple[int, list[str]]:
    """Where the heading for `day` goes (a line index to insert before) and the lines to insert: above
    the first dated heading it precedes in the list's order, with the siblings' gap below it; else after
    the last day's text, with the gap above it."""
    bucket = intake.bucket(day)
    newline = doc.newline
    heading = intake.heading(day) + newline
    follows = (lambda d: d.day < bucket) if intake.newest_first else (lambda d: d.day > bucket)
    later = next((found for found in intake.days if follows(found)), None)
    if later is not None:
        return later.section.heading_line, [heading, *[newline] * intake.gap]
    last = _subtree(doc, intake.days[-1].section)
    at = last[-1].end
    while at > last[0].start and _blank(doc.lines[at - 1]):
        at -= 1
    return at, [*[newline] * intake.gap, heading]


def _with_lines(doc: Document, at: int, inserted: list[str]) -> str:
    """The document's text with `inserted` before line `at` (a missing final newline stays missing)."""
    lines = list(doc.lines)
    if at == len(lines) and lines and not doc.final_newline:
        lines[-1] += doc.newline
        inserted = [*inserted[:-1], strip_eol(inserted[-1])]
    lines[at:at] = inserted
    return (BOM if doc.bom else "") + "".join(lines)


def require(doc: Document) -> Intake:
    """The document's intake workflow; a UsageError (exit 2) that says why when it has none."""
    intake = detect(doc)
    if intake is None:
        raise UsageError(
            "the list files no papers under dated headings (no parent section whose subsections are mostly "
            "dates in date order and hold its entries); give --section instead"
        )
    return intake


def intake_target(doc: Document, day: date) -> tuple[Document, str]:
    """The document with a heading for `day` (itself when the heading is there) and that section's path as
    `tracker list` prints it. A new heading is read back: the sections must be the old ones plus it,
    and every entry must read as before (`verify.check_written`), else `verify.UnwritableEntry`."""
    intake = require(doc)
    found = intake.section_for(day)
    if found is not None:
        return doc, found.path_text
    at, inserted = _insertion(doc, intake, day)
    after = parse_document(_with_lines(doc, at, inserted))
    level_and_text = atx_heading(intake.heading(day))
    label = heading_label(level_and_text[1]) if level_and_text else intake.heading(day)
    path = path_text((*intake.parent_path, label))
    check_written(doc, after, [], (path,))
    return after, path


def file_by_day(doc: Document, days: Sequence[date]) -> tuple[Document, list[str], AddedHeadings | None]:
    """For each of `days`, its intake section's path, after adding the headings the document lacks (one
    checked insert each, in the order given); plus what was added, for `edit.insert_entries(added=)`."""
    current = doc
    paths: list[str] = []
    added: list[str] = []
    for day in days:
        before = current
        current, path = intake_target(current, day)
        if current is not before:
            added.append(path)
        paths.append(path)
    return current, paths, AddedHeadings(doc, tuple(added)) if added else None
