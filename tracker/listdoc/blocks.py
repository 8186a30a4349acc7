"""Block-level markdown, one line at a time: headings (ATX and setext), fenced code and HTML comments
(masked out), list item markers and table boundaries. The parser builds spans from these answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tracker.listdoc.headings import heading_label
from tracker.listdoc.inline import is_separator_row
from tracker.listdoc.model import strip_eol

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|(?P<number>\d{1,9})[.)])(?P<space>[ \t]+|$)")
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# HTML block starts that interrupt a paragraph (CommonMark block types 1, 2 and 6, shortened).
_HTML_BLOCK = re.compile(
    r"^ {0,3}(?:<!--|</?(?:address|article|aside|blockquote|center|details|dialog|div|dl|fieldset|figure|"
    r"footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|script|section|style|summary|table|tbody|td|"
    r"tfoot|th|thead|tr|ul)(?:[\s/>]|$))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Heading:
    """A heading at `line` (the text line of a setext heading); its body starts at `body_start`.
    `text` is as written; `label` is how sections are named (see `listdoc.headings`)."""

    line: int
    level: int
    text: str
    body_start: int

    @property
    def label(self) -> str:
        return heading_label(self.text)


@dataclass(frozen=True)
class ItemMarker:
    """A list item's marker: column of the marker, column where its content starts, number if ordered."""

    indent: int
    content_indent: int
    number: int | None


def indent_of(text: str) -> int:
    """Leading whitespace width, tabs counted to the next multiple of 4."""
    width = 0
    for char in text:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def is_blank(line: str) -> bool:
    return not line.strip()


@dataclass(frozen=True)
class HiddenBlock:
    """Lines `start` to `end` (exclusive) are a fenced code block or an HTML comment, delimiters included.
    An unclosed one (`closed` False) runs to the end of the document, as the parser reads it."""

    start: int
    end: int
    kind: Literal["fence", "comment"]
    closed: bool


def hidden_blocks(lines: list[str]) -> list[HiddenBlock]:
    """Every fenced code block and multi-line or one-line HTML comment opened at a line's start."""
    blocks: list[HiddenBlock] = []
    fence: str | None = None
    in_comment = False
    start = 0
    for index, raw in enumerate(lines):
        line = strip_eol(raw)
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.lstrip(fence[0]):
                fence = None
                blocks.append(HiddenBlock(start, index + 1, "fence", True))
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
                blocks.append(HiddenBlock(start, index + 1, "comment", True))
            continue
        opening = _FENCE.match(line)
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence, start = opening.group(1), index
            continue
        stripped = line.lstrip()
        if stripped.startswith("<!--"):
            if "-->" in stripped[4:]:
                blocks.append(HiddenBlock(index, index + 1, "comment", True))
            else:
                in_comment, start = True, index
    if fence is not None or in_comment:
        blocks.append(HiddenBlock(start, len(lines), "fence" if fence is not None else "comment", False))
    return blocks


def hidden_mask(lines: list[str]) -> list[bool]:
    """True for every line inside a fenced code block or a multi-line HTML comment, delimiters included."""
    mask = [False] * len(lines)
    for block in hidden_blocks(lines):
        mask[block.start : block.end] = [True] * (block.end - block.start)
    return mask


def atx_heading(line: str) -> tuple[int, str] | None:
    """(level, text as written) of an ATX heading line; the closing `#` run is dropped."""
    match = _ATX.match(strip_eol(line))
    if not match:
        return None
    text = _ATX_CLOSE.sub("", match.group(2) or "").strip()
    return len(match.group(1)), text


def item_marker(line: str) -> ItemMarker | None:
    """The list marker starting this line, or None (thematic breaks are not items)."""
    text = strip_eol(line)
    match = _ITEM.match(text)
    if not match or _THEMATIC_BREAK.match(text):
        return None
    indent = indent_of(match.group("indent"))
    width = len(match.group("marker"))
    space = len(match.group("space"))
    content = indent + width + (space if 1 <= space <= 4 else 1)
    number = match.group("number")
    return ItemMarker(indent, content, int(number) if number is not None else None)


def is_thematic_break(line: str) -> bool:
    """A `---`, `***` or `___` line: the separator some lists put after each paragraph entry."""
    return bool(_THEMATIC_BREAK.match(strip_eol(line)))


def is_setext_underline(line: str) -> bool:
    """A `===` or `---` line, which makes a paragraph line right above it a heading."""
    return bool(_SETEXT_UNDERLINE.match(strip_eol(line)))


def interrupts_paragraph(line: str) -> bool:
    """Whether this line starts a new block instead of continuing the paragraph above it."""
    text = strip_eol(line)
    return bool(
        atx_heading(text)
        or _THEMATIC_BREAK.match(text)
        or _FENCE.match(text)
        or _HTML_BLOCK.match(text)
        or text.lstrip().startswith(("|", ">"))
    )


def is_paragraph_line(line: str, pipes: bool = True) -> bool:
    """Text that starts or continues a paragraph: not a blank line, list item, heading, break, fence,
    table, quote, indented code or HTML. `pipes=False` also refuses any line with a `|` (a table row
    without its outer pipes, which a setext underline must not turn into a heading)."""
    text = strip_eol(line)
    return not (
        is_blank(text)
        or indent_of(text) >= 4
        or interrupts_paragraph(text)
        or item_marker(text)
        or text.lstrip().startswith("<")
        or (not pipes and "|" in text)
    )


def find_headings(lines: list[str], hidden: list[bool]) -> list[Heading]:
    """Every heading outside code and comments. A setext heading counts only for a one-line paragraph."""
    headings: list[Heading] = []
    for index, line in enumerate(lines):
        if hidden[index]:
            continue
        atx = atx_heading(line)
        if atx:
            headings.append(Heading(index, atx[0], atx[1], index + 1))
            continue
        underline = _SETEXT_UNDERLINE.match(strip_eol(line))
        above = index > 0 and not hidden[index - 1] and is_paragraph_line(lines[index - 1], pipes=False)
        if not underline or not above:
            continue
        if index >= 2 and not (is_blank(lines[index - 2]) or atx_heading(lines[index - 2])):
            continue
        if headings and headings[-1].line == index - 1:
            continue
        level = 1 if underline.group(1)[0] == "=" else 2
        headings.append(Heading(index - 1, level, strip_eol(lines[index - 1]).strip(), index + 1))
    return headings


def table_start(lines: list[str], index: int, end: int, hidden: list[bool]) -> bool:
    """Whether a table (header row plus delimiter row) starts at `index`."""
    if index + 1 >= end or hidden[index] or hidden[index + 1]:
        return False
    header = strip_eol(lines[index])
    return "|" in header and not item_marker(header) and is_separator_row(strip_eol(lines[index + 1]))


def ends_table(line: str) -> bool:
    """A blank line or another block's start ends a table; a row without its leading pipe does not."""
    text = strip_eol(line)
    if is_blank(text) or item_marker(text):
        return True
    return interrupts_paragraph(text) and not text.lstrip().startswith("|")
