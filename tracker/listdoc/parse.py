"""Parse an awesome-list README into sections (the heading tree) and entries with exact line spans.

Line-based on purpose: every entry knows the lines it owns, so `edit` can splice without reformatting,
and `parse_document(text).render() == text` for every input.

Rules (see README.md, "Entries"): entries are top-level list items, table body rows and paragraph
entries (blocks: a paragraph opened by a title link, the lines under it and the `---` closing it, in a
section written as a run of such blocks). Not entries: fenced code, HTML comments, table
header/delimiter rows, table-of-contents items (items that link only to `#anchors`), and news - items
starting with a date stamp, and everything under a heading named like News/Updates/Changelog or whose
items are mostly dated.
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
    is_paragraph_line,
    is_thematic_break,
    item_marker,
    table_start,
)
from tracker.listdoc.fields import (
    has_title_link,
    item_fields,
    only_anchor_links,
    opens_block,
    row_fields,
    starts_with_date,
)
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
# Paragraph entries: one titled paragraph is prose; a section needs this many to be read as written in
# blocks, and at most one list item per TITLED_BULLETS_PER_BLOCKS blocks may link a title of its own (a
# bullet naming a paper is an entry, and a titled paragraph over such bullets is a group label).
MIN_BLOCKS = 2
TITLED_BULLETS_PER_BLOCKS = 10


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
    ends = [heading.line for heading in headings[1:]] + ([len(lines)] if headings else [])
    bounds = list(zip(headings, paths, ends, strict=True))
    sections = [_section(lines, hidden, heading, path, end) for heading, path, end in bounds]
    if any(_has_blocks(section) for section in sections):  # a document written in blocks: see _block_spans
        sections = [
            section if _has_blocks(section) else _section(lines, hidden, *bound, lone_blocks=True)
            for section, bound in zip(sections, bounds, strict=True)
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


def _has_blocks(section: Section) -> bool:
    return any(entry.kind == "block" for entry in section.entries)


def _section(
    lines: list[str],
    hidden: list[bool],
    heading: Heading,
    path: tuple[str, ...],
    end: int,
    lone_blocks: bool = False,
) -> Section:
    section = Section(
        path=path, level=heading.level, heading_line=heading.line, start=heading.body_start, end=end
    )
    items, entries, columns = _scan(lines, hidden, section)
    blocks = _block_spans(lines, hidden, section, items, lone_blocks) if columns is None else []
    if blocks:  # list items are the blocks' lines (summaries) or text between them, unless they link a title
        inside = _covered(blocks)
        items = [item for item in items if item[0] not in inside]
        entries = [e for e in entries if e.start not in inside and has_title_link(_item_text(lines[e.start]))]
        entries = sorted(entries + [_block_entry(lines, section, *span) for span in blocks], key=_start)
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


def _start(entry: Entry) -> int:
    return entry.start


def _covered(spans: list[tuple[int, int]]) -> set[int]:
    return {index for start, end in spans for index in range(start, end)}


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


# ---------------------------------------------------------------- paragraph entries


def _block_spans(
    lines: list[str],
    hidden: list[bool],
    section: Section,
    items: list[tuple[int, int]],
    lone_blocks: bool = False,
) -> list[tuple[int, int]]:
    """The paragraph entries of a section written as blocks, else [].

    Some lists write a paper as a paragraph holding its title link, a few summary bullets and a `---`.
    Read as list items, the summaries would be entries and the papers nothing. A section is read this
    way when at least MIN_BLOCKS paragraphs open with a title link (`fields.opens_block`) and its
    list items (under the blocks or between them) hardly ever link a title of their own
    (`TITLED_BULLETS_PER_BLOCKS`): a section of linked list items parses as before, even with a few
    titled paragraphs among them. Between blocks, an item that does link a title stays an entry; other
    items there (bold notes, prose) are not the section's entries, which are its blocks.

    With `lone_blocks` (the document has sections written in blocks), fewer blocks do when each has
    that shape plainly (`_plain_block`): a daily log's day with one paper."""
    item_ends = dict(items)
    starts = _block_starts(lines, hidden, section, item_ends)
    if len(starts) < (1 if lone_blocks else MIN_BLOCKS):
        return []
    limits = [*starts[1:], section.end]
    spans = [
        _block_span(lines, hidden, start, limit, item_ends)
        for start, limit in zip(starts, limits, strict=True)
    ]
    if len(spans) < MIN_BLOCKS and not all(_plain_block(lines, hidden, span, item_ends) for span in spans):
        return []
    titled = sum(1 for start, _ in items if has_title_link(_item_text(lines[start])))
    return spans if titled * TITLED_BULLETS_PER_BLOCKS <= len(spans) else []


def _block_starts(
    lines: list[str], hidden: list[bool], section: Section, item_ends: dict[int, int]
) -> list[int]:
    """First lines of the paragraphs that open a block: a paragraph starts after a blank line, a
    thematic break, hidden lines or the heading; list items (and all they hold) are skipped whole."""
    starts: list[int] = []
    may_open = True
    index = section.start
    while index < section.end:
        line = lines[index]
        if index in item_ends:
            index, may_open = item_ends[index], False
            continue
        if hidden[index] or is_blank(line) or is_thematic_break(line):
            may_open = True
        elif may_open:
            if _opens_block(lines, hidden, index, section.end):
                starts.append(index)
            may_open = False
        index += 1
    return starts


def _opens_block(lines: list[str], hidden: list[bool], index: int, end: int) -> bool:
    """A paragraph opened by a title link; not a paragraph of one link per line (each line a paper)."""
    if not (is_paragraph_line(lines[index]) and opens_block(strip_eol(lines[index]).strip())):
        return False
    following = index + 1
    while following < end and not hidden[following] and is_paragraph_line(lines[following]):
        if opens_block(strip_eol(lines[following]).strip()):
            return False
        following += 1
    return True


def _block_span(
    lines: list[str], hidden: list[bool], start: int, limit: int, item_ends: dict[int, int]
) -> tuple[int, int]:
    """A block runs from its title paragraph through the first thematic break (the separator is the
    block's, so a new block is written with it), else up to the next block; trailing blank, hidden,
    HTML-only and anchor-only lines (`</div>`, "[Back to top](#top)") are left to the section."""
    index = start
    while index < limit:
        if index in item_ends:
            index = item_ends[index]
        elif not hidden[index] and is_thematic_break(lines[index]):
            return start, index + 1
        else:
            index += 1
    end = limit
    while end > start + 1 and (hidden[end - 1] or _not_entry_text(lines[end - 1])):
        end -= 1
    return start, end


def _plain_block(
    lines: list[str], hidden: list[bool], span: tuple[int, int], item_ends: dict[int, int]
) -> bool:
    """A block with nothing but bullets under its title paragraph, closed by a thematic break: the
    shape a lone block must have to be read as an entry (a navigation paragraph followed by prose and
    HTML before a `---` is not one)."""
    start, end = span
    index = start + 1
    while index < end and is_paragraph_line(lines[index]):
        index += 1
    while index < end - 1:
        if index in item_ends:
            index = item_ends[index]
        elif hidden[index] or is_blank(lines[index]):
            index += 1
        else:
            return False
    return is_thematic_break(lines[end - 1])


def _not_entry_text(line: str) -> bool:
    text = strip_eol(line).strip()
    return not text or text.startswith("<") or only_anchor_links(text)


def _block_entry(lines: list[str], section: Section, start: int, end: int) -> Entry:
    fields = item_fields(lines[start:end])
    return Entry(
        kind="block", section_path=section.path, start=start, end=end, lines=lines[start:end], **vars(fields)
    )
