"""Parse an awesome-list README into sections (the heading tree) and entries with exact line spans.

Line-based on purpose: every entry knows the lines it owns, so `edit` can splice without reformatting,
and `parse_document(text).render() == text` for every input.

Rules (see docs/parts/listdoc-parse.md): entries are top-level list items and table body rows. Not
entries: fenced code, HTML comments, table header/delimiter rows, table-of-contents items (items that
link only to `#anchors`), and news - items starting with a date stamp, and everything under a heading
named like News/Updates/Changelog or whose items are mostly dated.
"""

from __future__ import annotations

import re
from pathlib import Path

from tracker.errors import UsageError
from tracker.listdoc.blocks import (
    Heading,
    ends_table,
    find_headings,
    hidden_mask,
    indent_of,
    interrupts_paragraph,
    is_blank,
    item_marker,
    table_start,
)
from tracker.listdoc.fields import item_fields, only_anchor_links, row_fields, starts_with_date
from tracker.listdoc.headings import occurrences
from tracker.listdoc.inline import split_cells, strip_markup
from tracker.listdoc.model import BOM, Document, Entry, Section, SectionStyle, split_lines, strip_eol

# A news block's heading starts (after emoji or punctuation) with a news word: "🔥 Updated 2025-03-15",
# "News", "Latest updates", "What's new"; "Knowledge Updates" is a topic, not news.
_NEWS_HEADING = re.compile(
    r"^[\W_]*(?:(?:latest|recent)\s+)?"
    r"(?:news|updates?|updated|changelog|change log|what'?s new|announcements?)\b",
    re.IGNORECASE,
)


def read_document(path: str | Path) -> Document:
    """Read and parse a README file (UTF-8, optional BOM); undecodable files are a UsageError."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{path} is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8"
        ) from exc
    return parse_document(text)


def parse_document(text: str) -> Document:
    """Sections and entries of `text`; the Document renders back to `text` byte for byte."""
    bom = text.startswith(BOM)
    lines = split_lines(text[1:] if bom else text)
    hidden = hidden_mask(lines)
    headings = find_headings(lines, hidden)
    paths = _paths(headings)
    sections = [
        _section(lines, hidden, heading, path, headings[i + 1].line if i + 1 < len(headings) else len(lines))
        for i, (heading, path) in enumerate(zip(headings, paths, strict=True))
    ]
    for section, rank in zip(sections, occurrences(paths), strict=True):
        section.occurrence = rank
    return Document(lines=lines, sections=sections, bom=bom)


def _paths(headings: list[Heading]) -> list[tuple[str, ...]]:
    """Heading labels (`headings.heading_label`) from the root. The document title (see
    `_document_title`) is a section of its own but never a prefix: `# Awesome X` then `## Papers` gives
    the path ("Papers",)."""
    title_index = _document_title(headings)
    stack: list[Heading] = []
    paths: list[tuple[str, ...]] = []
    for index, heading in enumerate(headings):
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        if index != title_index:
            stack.append(heading)
            paths.append(tuple(h.label for h in stack))
        else:
            paths.append((heading.label,))
    return paths


def _document_title(headings: list[Heading]) -> int | None:
    """Index of the document title: the first heading, when no heading in the document is shallower."""
    if not headings:
        return None
    top = min(h.level for h in headings)
    if headings[0].level != top:
        return None
    return 0


def _section(
    lines: list[str], hidden: list[bool], heading: Heading, path: tuple[str, ...], end: int
) -> Section:
    section = Section(
        path=path, level=heading.level, heading_line=heading.line, start=heading.body_start, end=end
    )
    items, entries, columns = _scan(lines, hidden, section)
    news = bool(_NEWS_HEADING.search(strip_markup(path[-1]))) or _mostly_dated(lines, items)
    toc_items = [start for start, _ in items if only_anchor_links(strip_eol(lines[start]))]
    section.is_news = news
    section.entries = [] if news else entries
    section.columns = columns
    section.is_toc = bool(toc_items) and not section.entries
    section.style = _style(section.entries)
    return section


def _mostly_dated(lines: list[str], items: list[tuple[int, int]]) -> bool:
    dated = sum(1 for start, _ in items if starts_with_date(_item_text(lines[start])))
    return bool(items) and dated * 2 > len(items)


def _item_text(line: str) -> str:
    text = strip_eol(line)
    marker = item_marker(text)
    return text[marker.content_indent :] if marker else text


def _style(entries: list[Entry]) -> SectionStyle:
    kinds = {entry.kind for entry in entries}
    if not kinds:
        return "empty"
    if len(kinds) > 1:
        return "mixed"
    kind = kinds.pop()
    return "table" if kind == "table_row" else kind


def _scan(
    lines: list[str], hidden: list[bool], section: Section
) -> tuple[list[tuple[int, int]], list[Entry], list[str] | None]:
    """Walk a section body: every top-level list item span, the entries, and the first table's columns."""
    items: list[tuple[int, int]] = []
    entries: list[Entry] = []
    columns: list[str] | None = None
    index = section.start
    while index < section.end:
        if hidden[index] or is_blank(lines[index]):
            index += 1
        elif table_start(lines, index, section.end, hidden):
            table_columns = [strip_markup(cell) for cell in split_cells(strip_eol(lines[index]))]
            columns = columns if columns is not None else table_columns
            index = _table_rows(lines, hidden, section, index + 2, table_columns, entries)
        elif item_marker(lines[index]):
            end = _item_end(lines, hidden, index, section.end)
            items.append((index, end))
            entry = _item_entry(lines, section, index, end)
            if entry is not None:
                entries.append(entry)
            index = end
        else:
            index += 1
    return items, entries, columns


def _table_rows(
    lines: list[str],
    hidden: list[bool],
    section: Section,
    index: int,
    columns: list[str],
    entries: list[Entry],
) -> int:
    """Add an entry per body row from `index` until the table ends; return the first line after it."""
    while index < section.end and not hidden[index] and not ends_table(lines[index]):
        row = lines[index]
        fields, cells = row_fields(row, columns)
        if any(cells):
            entries.append(
                Entry(
                    kind="table_row",
                    section_path=section.path,
                    start=index,
                    end=index + 1,
                    lines=[row],
                    cells=cells,
                    **vars(fields),
                )
            )
        index += 1
    return index


def _item_end(lines: list[str], hidden: list[bool], start: int, limit: int) -> int:
    """End (exclusive) of the list item at `start`: lazy continuation lines, indented blocks and nested
    items belong to it; trailing blank lines do not."""
    marker = item_marker(lines[start])
    assert marker is not None
    last = start
    index = start + 1
    while index < limit:
        line = lines[index]
        if is_blank(line):
            index += 1
            continue
        indent = indent_of(line)
        nested = item_marker(line)
        after_blank = index > last + 1
        if hidden[index] and not hidden[index - 1]:
            if indent <= marker.indent:
                break
            while index + 1 < limit and hidden[index + 1]:
                index += 1
        elif nested:
            if nested.indent <= marker.indent:
                break
        elif indent < marker.content_indent and (after_blank or interrupts_paragraph(line)):
            break
        last = index
        index += 1
    return last + 1


def _item_entry(lines: list[str], section: Section, start: int, end: int) -> Entry | None:
    """The entry for a list item, or None for table-of-contents items, dated news and empty items."""
    text = _item_text(lines[start])
    if not text.strip() or only_anchor_links(text) or starts_with_date(text):
        return None
    marker = item_marker(lines[start])
    assert marker is not None
    fields = item_fields(lines[start:end])
    return Entry(
        kind="numbered" if marker.number is not None else "bullet",
        section_path=section.path,
        start=start,
        end=end,
        lines=lines[start:end],
        number=marker.number,
        **vars(fields),
    )
