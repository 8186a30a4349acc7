"""A section's entry template, learned from the section's own items, and a new entry written through it.

Each recent item is read into slots (`slots.find_slots`); items are grouped by their structure (marker,
lines, which slots in which order, each slot's form) and the structure most of the nearest items share
wins, so one odd item does not set the style. The nearest item of that structure is the exemplar:
its literal text (markers, brackets, labels, separators, emphasis, continuation lines) is kept as it
is and every slot is filled from what the bot knows. A slot without a value leaves with its group
(`[[Code](…)]` and the separator before it); free text (notes, summaries, affiliations) is never
invented, only a `--note` or `--tag` given by the user fills it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tracker import ids
from tracker.listdoc.blocks import is_setext_underline, is_thematic_break, item_marker
from tracker.listdoc.inline import strip_markup
from tracker.listdoc.model import Entry, strip_eol
from tracker.listdoc.sanitize import clean_text, inline_markdown, safe_url
from tracker.listdoc.slots import MONTH_NAMES, Facts, Slot, find_slots
from tracker.listdoc.stylescan import LIST_MARKER
from tracker.listdoc.template import NewEntry

FreeForms = tuple[tuple[str, str] | None, tuple[str, str] | None]
MAJORITY_WINDOW = 12  # the nearest items that vote on the section's structure
MAX_ITEM_LINES = 10  # longer items are containers (nested lists), not an entry's shape
_SEPARATORS = " \t,;|/·•–—-"
_SHORT_NAME = re.compile(r"^\s*([^\s:][^:]{0,38}?)\s*:\s+\S")


@dataclass(frozen=True)
class EntryTemplate:
    """An exemplar item's text (marker removed, lines joined by "\\n") and its slots."""

    marker: str  # indentation, bullet or number with delimiter, and the gap after it
    numbered: bool
    text: str
    slots: tuple[Slot, ...]

    @property
    def structure(self) -> tuple:
        """What two items must share to count as written the same way (values and free text aside)."""
        kinds = tuple(
            (slot.kind, slot.form)
            for slot in self.slots
            if slot.kind in ("title", "paper_url", "date", "venue", "authors", "arxiv_id", "irregular")
        )
        content_lines = sum(1 for line in self.text.split("\n") if line.strip())
        marker = LIST_MARKER.match(self.marker)
        bullet = (marker["bullet"] or "N") if marker else ""
        return bullet, content_lines, kinds

    @property
    def kinds(self) -> set[str]:
        return {slot.kind for slot in self.slots}


def learn(entry: Entry) -> EntryTemplate | None:
    """The template of one list item or paragraph entry; None when its title cannot be found in its own
    text. A paragraph entry (kind "block") has no marker (""): its first line is the title paragraph's,
    and only the lines under it a bot can write are kept (`_writable_block`)."""
    lines = [strip_eol(line) for line in entry.lines]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return None
    facts = Facts(entry.title, entry.arxiv_id)
    if entry.kind == "block":
        marker_text, numbered = "", False
        text = _writable_block("\n".join(lines), facts)
    else:
        marker = LIST_MARKER.match(lines[0])
        if marker is None:
            return None
        marker_text, numbered = marker.group(0), marker["number"] is not None
        text = "\n".join([lines[0][marker.end() :], *lines[1:]])
    if sum(1 for line in text.split("\n") if line.strip()) > MAX_ITEM_LINES:
        return None  # an item holding a nested list of its own: no shape to copy
    slots = find_slots(text, facts)
    papers = {_identity(text[slot.start : slot.end]) for slot in slots if slot.kind == "paper_url"}
    if not any(slot.kind == "title" for slot in slots) or len(papers) > 1:
        return None  # no findable title, or links to several papers (sub-items): not one paper's shape
    if not all(_continuation_ok(text, start, slots) for start in _line_starts(text)[1:]):
        return None  # a continuation line that is markup of the document (`</details>`), not the entry's
    return EntryTemplate(marker_text, numbered, text, tuple(slots))


_FILLED_ON_CONTINUATION = frozenset({"authors", "date", "venue", "arxiv_id", "repo", "code_url"})
MAX_LABEL_WORDS = 3  # prose words a line under a paragraph entry's title may hold and still be written
_LOWERCASE_WORD = re.compile(r"(?<![\w'’.-])[a-z][\w'’-]*")


def _writable_block(text: str, facts: Facts) -> str:
    """A paragraph entry's text without the lines a bot cannot write.

    Under its title paragraph, a block holds the maintainer's prose (summary bullets, paragraphs) of any
    length. Written, those lines would be left empty, and read as a shape they would split the section's
    blocks by how many bullets each summary has. So only the title line, blank lines (one in a row),
    thematic breaks and lines the bot fills (authors, a date, a venue, a code link or badge, with at
    most a short label such as "Authors:") are kept; a summary line whose words merely look like a
    run of names is prose. A `---` left right under a text line gets a blank line, or it would turn that
    line into a heading."""
    slots = find_slots(text, facts)
    lines = text.split("\n")
    kept = [lines[0]]
    for line, start in zip(lines[1:], _line_starts(text)[1:], strict=True):
        if not line.strip():
            if kept[-1].strip():
                kept.append("")
        elif is_thematic_break(line):
            if is_setext_underline(line) and kept[-1].strip() and not item_marker(kept[-1]):
                kept.append("")
            kept.append(line)
        elif _fillable(text, start, slots):
            kept.append(line)
    return "\n".join(kept)


def _fillable(text: str, start: int, slots: Sequence[Slot]) -> bool:
    """A line (from `start`) that holds something the bot fills and hardly any prose: few free words,
    few lowercase words (a sentence whose capitalised terms read as a run of names has many)."""
    end = _line_end(text, start)
    on_line = [slot for slot in slots if start <= slot.start < end]
    free_words = sum(len(text[slot.start : slot.end].split()) for slot in on_line if slot.kind == "free")
    lowercase = len(_LOWERCASE_WORD.findall(strip_markup(text[start:end])))
    filled = any(slot.kind in _FILLED_ON_CONTINUATION for slot in on_line)
    prose = max(free_words, lowercase) > MAX_LABEL_WORDS
    return filled and not prose and _continuation_ok(text, start, slots)


def _line_starts(text: str) -> list[int]:
    return [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end == -1 else end


def _continuation_ok(text: str, start: int, slots: Sequence[Slot]) -> bool:
    """A continuation line is blank, a paragraph entry's closing thematic break, free text only (left
    out when written) or holds something the bot fills (authors, a date, a venue, a badge, a code link)."""
    end = _line_end(text, start)
    if not text[start:end].strip() or is_thematic_break(text[start:end]):
        return True
    kinds = {slot.kind for slot in slots if start <= slot.start < end or (slot.start == slot.end == start)}
    return bool(kinds & _FILLED_ON_CONTINUATION) or kinds == {"free"}


def _identity(url: str) -> str:
    return ids.arxiv_id_from_url(url) or url.rstrip("/")


def learn_nearest(entries: Sequence[Entry]) -> list[EntryTemplate]:
    """The templates of the nearest items (`entries` nearest first) that vote on the section's structure:
    learned once per section and batch, whatever the number of new entries."""
    return [template for entry in entries[:MAJORITY_WINDOW] if (template := learn(entry))]


def choose(templates: Sequence[EntryTemplate], new: NewEntry) -> EntryTemplate | None:
    """The exemplar among `templates` (`learn_nearest`): the majority structure of the nearest items,
    then the nearest item of that structure that has a place for the most of what the new entry has
    (a code link, authors, a note)."""
    templates = list(templates)
    if not templates:
        return None
    votes = Counter(template.structure for template in templates)
    best = max(votes, key=lambda structure: (votes[structure], -_first_index(templates, structure)))
    same = [template for template in templates if template.structure == best]
    wanted = _known_fields(new)
    fits = max(same, key=lambda template: len(wanted & template.kinds))  # nearest of the best fitting
    return _with_section_knowledge(fits, templates)


def _known_fields(new: NewEntry) -> set[str]:
    """Slot kinds the new entry has a value for, beyond title and link (which every template has)."""
    known = {"code_url", "repo"} if new.code_url else set()
    known |= {"free"} if new.note or new.tag else set()
    known |= {"authors"} if new.authors else set()
    return known


def _with_section_knowledge(template: EntryTemplate, others: list[EntryTemplate]) -> EntryTemplate:
    """Free text most of the section's items also write is the list's own wording (a label, a fixed
    word): literal, kept. A conference venue form gets the section's preprint form for new preprints."""
    slots = []
    preprints = Counter(
        slot.form
        for other in others
        for slot in other.slots
        if slot.kind == "venue" and _is_preprint(slot.form)
    )
    for slot in template.slots:
        if slot.kind == "free":
            words = template.text[slot.start : slot.end]
            shared = sum(words in other.text for other in others) * 2 > len(others) and len(others) > 2
            if shared and "<" not in template.text[slot.group_start : slot.group_end]:  # never copy raw HTML
                continue
        if slot.kind == "venue" and not _is_preprint(slot.form) and preprints:
            slot = replace(slot, form=slot.form + "|" + preprints.most_common(1)[0][0])
        slots.append(slot)
    return replace(template, slots=tuple(slots))


def _is_preprint(form: str) -> bool:
    return bool(re.match(r"^(?:arxiv|preprint)\b", form, re.IGNORECASE))


def _first_index(templates: list[EntryTemplate], structure: tuple) -> int:
    return next(index for index, template in enumerate(templates) if template.structure == structure)


# ---------------------------------------------------------------- values


def _date_parts(new: NewEntry) -> tuple[str, str | None, str | None] | None:
    """(year, month, day) from the new entry's ISO date, else from its arXiv id's YYMM."""
    text = new.date_text or ""
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", text)
    if match:
        return match.group(1), match.group(2), match.group(3)
    arxiv = new.arxiv_id or ids.arxiv_id_from_url(new.url)
    if arxiv and arxiv[:4].isdigit():
        return "20" + arxiv[:2], arxiv[2:4], None
    return None


def format_date(form: str, new: NewEntry) -> str | None:
    """The new entry's date in the exemplar's format; None when it lacks the precision the format needs."""
    parts = _date_parts(new)
    if parts is None:
        return None
    year, month, day = parts
    if ("%m" in form or "%n" in form or "%b" in form) and not month:
        return None
    if "%d" in form and not day:
        return None
    out = form.replace("%Y", year).replace("%y", year[2:])
    if month:
        out = out.replace("%m", month).replace("%n", str(int(month)))
        out = out.replace("%b", MONTH_NAMES[int(month) - 1])
    if day:
        out = out.replace("%d", day if "%b" not in form else str(int(day)))
    if "%b. " in form and month == "05":
        out = out.replace("May.", "May")
    return out


def format_authors(form: str, authors: Sequence[str]) -> str | None:
    names = [clean_text(name) for name in authors if clean_text(name)]
    if not names:
        return None
    if form.startswith("etal:"):
        shown = max(1, int(form.split(":")[1]))
        return ", ".join(names[:shown]) + (" et al." if len(names) > shown else "")
    if len(names) == 1:
        return names[0]
    if form == "oxford":
        return ", ".join(names[:-1]) + ", and " + names[-1]
    if form == "and":
        return ", ".join(names[:-1]) + " and " + names[-1]
    return ", ".join(names)


def format_venue(form: str, new: NewEntry) -> str | None:
    """The venue in the exemplar's form: the name, its separator and the year as the list writes it.
    A paper without a venue is a preprint: written with the exemplar's word when it names a preprint."""
    form, _, preprint_form = form.partition("|")
    if "%" not in form:  # a preprint word with no year: the venue when known, else the word itself
        venue = clean_text(new.venue) if new.venue else ""
        return venue if venue and not _is_preprint(venue) else form
    match = re.match(r"^(?P<name>.*?)(?P<sep> ?'| )(?P<year>%[Yy])(?P<tail>.*)$", form)
    parts = _date_parts(new)
    if not match or not parts:
        return None
    name = match["name"]
    venue = clean_text(new.venue) if new.venue else ""
    if venue and not re.match(r"^(?:arxiv|preprint)\b", venue, re.IGNORECASE):
        name = re.sub(r"\s*'?\d{2,4}$", "", venue)
        tail = ""
    elif re.match(r"^(?:arxiv|preprint)$", name, re.IGNORECASE):
        tail = ""
    elif preprint_form:
        return format_venue(preprint_form, new)
    else:
        return None
    year = parts[0] if match["year"] == "%Y" else parts[0][2:]
    return f"{name}{match['sep']}{year}{tail}"


def short_name_of(new: NewEntry) -> str | None:
    """The short name a list writes before a title: given, else the title's `Name: …` prefix."""
    if new.name:
        return new.name
    match = _SHORT_NAME.match(new.title)
    return match.group(1) if match and len(match.group(1).split()) <= 3 else None


# ---------------------------------------------------------------- rendering


def _free_targets(template: EntryTemplate) -> tuple[int | None, int | None]:
    """Indexes of the free slots a given tag (before the title) and note (after it, same line) fill."""
    title_end = next((slot.end for slot in template.slots if slot.kind == "title"), None)
    if title_end is None:  # a piece of an entry without its title (a table cell): no tag or note goes there
        return None, None
    first_line_end = _first_line_end(template.text)
    free = [(i, slot) for i, slot in enumerate(template.slots) if slot.kind == "free"]
    tag = next((i for i, slot in free if slot.end <= title_end), None)
    note = next((i for i, slot in free if title_end <= slot.start < first_line_end), None)
    return tag, note


def _first_line_end(text: str) -> int:
    return text.find("\n") if "\n" in text else len(text)


def _values(template: EntryTemplate, new: NewEntry) -> dict[int, str | None]:
    """The text for each slot (by index); None drops the slot's group."""
    tag_slot, note_slot = _free_targets(template)
    repo = _repo(new.code_url)
    arxiv = new.arxiv_id or ids.arxiv_id_from_url(new.url)
    out: dict[int, str | None] = {}
    for index, slot in enumerate(template.slots):
        value: str | None = None
        if slot.kind == "title":
            title = clean_text(new.title)
            if template.text[slot.end : slot.end + 1] in (".", ";", ",") and title.endswith((".", ";", ",")):
                title = title[:-1]
            line_start = slot.start == 0 or template.text[slot.start - 1] == "\n"
            value = inline_markdown(title, line_start=line_start)
        elif slot.kind == "paper_url":
            value = safe_url(new.url)
        elif slot.kind == "code_url":
            value = safe_url(new.code_url) if repo else None
        elif slot.kind == "repo":
            value = repo
        elif slot.kind == "arxiv_id":
            value = arxiv
        elif slot.kind == "date":
            value = format_date(slot.form, new)
        elif slot.kind == "venue":
            value = format_venue(slot.form, new)
        elif slot.kind == "authors":
            value = format_authors(slot.form, new.authors)
        elif slot.kind == "short_name":
            value = short_name_of(new)
        elif slot.kind == "free" and index == tag_slot and new.tag:
            value = new.tag
        elif slot.kind == "free" and index == note_slot and new.note:
            value = new.note
        if value is not None and slot.kind in ("date", "venue", "authors", "short_name", "free"):
            value = inline_markdown(value, limit=200 if slot.kind != "authors" else 2000)
        if value is None and slot.kind == "free" and slot.start == slot.end:
            value = ""  # an empty "()" the section leaves for a note stays, empty
        out[index] = value if value or slot.start == slot.end else None
    return out


def _repo(url: str | None) -> str | None:
    repo = ids.github_repo_from_url(url) if url else None
    if not repo or not url:
        return None
    path = url.split("://", 1)[-1].split("/")
    return f"{path[1]}/{path[2].removesuffix('.git')}" if len(path) >= 3 else repo


def _drop_range(text: str, slot: Slot) -> tuple[int, int]:
    """The group plus the separator that joins it to what stays: the one before it, or at a line's
    start the one after it."""
    start, end = slot.group_start, slot.group_end
    line_start = text.rfind("\n", 0, start) + 1
    before = start
    while before > line_start and text[before - 1] in _SEPARATORS:
        before -= 1
    if before > line_start:
        return before, end
    after = end
    while after < len(text) and text[after] in _SEPARATORS:
        after += 1
    return start, after


def render(
    template: EntryTemplate, new: NewEntry, number: int | None, forms: FreeForms = (None, None)
) -> tuple[str, list[str]]:
    """The new item's text (lines joined by "\\n") and the kinds of slots left out for want of a value.

    A tag or note given by the user where the exemplar has no free text is written in `forms`
    ((before, after) for the tag and the note: the document's own forms, else a common default)."""
    text, dropped = _filled(template, new, _unplaced_free(template, new, forms))
    marker = template.marker
    if template.numbered:
        found = LIST_MARKER.match(marker)
        assert found is not None
        marker = marker[: found.start("number")] + str(number or 1) + marker[found.end("number") :]
    lines = _tidy([marker + line if i == 0 else line for i, line in enumerate(text.split("\n"))], template)
    return "\n".join(lines), sorted(set(dropped))


def _filled(
    template: EntryTemplate, new: NewEntry, edits: list[tuple[int, int, str]]
) -> tuple[str, list[str]]:
    """The exemplar's text with every slot filled or dropped with its group (plus `edits`), and the kinds
    of slots dropped for want of a value."""
    values = _values(template, new)
    dropped: list[str] = []
    for index, slot in enumerate(template.slots):
        value = values[index]
        if slot.kind == "irregular":
            continue
        if value is None:
            start, end = _drop_range(template.text, slot)
            edits.append((start, end, ""))
            if slot.kind not in ("free", "drop"):
                dropped.append(slot.kind)
        else:
            end = slot.end
            period_after = template.text[end : end + 1] == "."
            if slot.kind == "title" and value.endswith(("?", "!", ".")) and period_after:
                end += 1  # "Why?" never becomes "Why?." before the list's literal period
            edits.append((slot.start, end, value))
    return _apply(template.text, edits), sorted(set(dropped))


def fill(text: str, slots: Sequence[Slot], new: NewEntry) -> tuple[str, list[str]]:
    """A piece of an entry that is not a whole item (a table cell) written through its own slots, as
    `render` writes an item: literal text kept, slots filled, a slot without value dropped with its
    group. Free text is never filled here (no tag or note: a table gives those columns of their own);
    the piece need not hold the title. Returns the text and the kinds of slots left out."""
    return _filled(EntryTemplate("", False, text, tuple(slots)), new, [])


def _unplaced_free(template: EntryTemplate, new: NewEntry, forms: FreeForms) -> list[tuple[int, int, str]]:
    """Insertions for a tag and a note the exemplar has no free slot for."""
    tag_slot, note_slot = _free_targets(template)
    title = next(slot for slot in template.slots if slot.kind == "title")
    edits = []
    tag_form, note_form = forms
    if new.tag and tag_slot is None and tag_form:
        at = title.start
        while at > 0 and template.text[at - 1] in "[*_":
            at -= 1
        edits.append((at, at, tag_form[0] + inline_markdown(new.tag, limit=60) + tag_form[1]))
    if new.note and note_slot is None and note_form:
        end = _first_line_end(template.text)
        at = len(template.text[:end].rstrip())
        edits.append((at, at, note_form[0] + inline_markdown(new.note) + note_form[1]))
    return edits


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply non-overlapping edits; an edit inside an already dropped range is skipped."""
    out: list[str] = []
    position = 0
    for start, end, value in sorted(edits, key=lambda edit: (edit[0], -edit[1])):
        if start < position:
            continue
        out.append(text[position:start])
        out.append(value)
        position = end
    out.append(text[position:])
    return "".join(out)


def _tidy(lines: list[str], template: EntryTemplate) -> list[str]:
    """Remove continuation lines left with no words (their content was free text or dropped groups),
    then blank-line runs the removal doubled, then trailing blanks and spaces."""
    original = template.text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        had_words = index < len(original) and re.search(r"[^\W_]", original[index])
        if index > 0 and had_words and not re.search(r"[^\W_]", re.sub(r"^\s*(?:[-*+]|\d+[.)])\s", "", line)):
            continue
        kept.append(line if line.strip() else "")
    tidy: list[str] = []
    for line in kept:
        if not line and tidy and not tidy[-1]:
            continue
        tidy.append(line)
    while tidy and not tidy[-1]:
        tidy.pop()
    if tidy:
        tidy[-1] = tidy[-1].rstrip()
    return tidy
