"""The parsed README: sections (heading tree) and entries with exact, splice-able line spans.

Lines keep their own endings, so `Document.render()` is byte-identical to the input
(BOM, CRLF and a missing final newline included) and an edit touches only the lines it splices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from tracker.listdoc.headings import path_text

# "block": a paragraph entry, a paragraph holding the title link plus the lines under it (see `parse`)
EntryKind = Literal["numbered", "bullet", "table_row", "block"]
SectionStyle = Literal["numbered", "bullet", "table", "block", "mixed", "empty"]
BOM = "\ufeff"


def split_lines(text: str) -> list[str]:
    """Split on "\\n" only, keeping each line's ending ("\\n" or "\\r\\n"); the last line may have none."""
    lines = text.split("\n")
    kept = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        kept.append(lines[-1])
    return kept


def strip_eol(line: str) -> str:
    """The line's content without its ending."""
    return line.rstrip("\n").removesuffix("\r")


@dataclass
class EntryFields:
    """What an entry says (title, links, identity, date, venue, note), apart from where it stands."""

    title: str
    url: str | None = None
    urls: list[str] = field(default_factory=list)
    arxiv_id: str | None = None
    github: str | None = None
    date: str | None = None
    venue: str | None = None
    note: str = ""


@dataclass(kw_only=True)
class Entry(EntryFields):
    """One list item, table row or paragraph entry ("block": the title paragraph, the lines under it and
    the thematic break closing it); `start`/`end` are 0-based line indexes, end exclusive."""

    kind: EntryKind
    section_path: tuple[str, ...]
    start: int
    end: int
    lines: list[str]
    number: int | None = None
    cells: list[str] | None = None

    @property
    def line(self) -> int:
        """1-based line number of the entry's first line, as people and `tracker list` count."""
        return self.start + 1


@dataclass
class Section:
    """A heading and the lines under it up to the next heading (any level).

    `path` holds the headings' labels (`headings.heading_label`), not their raw text: what `tracker
    list` prints, `tracker add --section` accepts and the classifier learns. The README's lines are
    untouched; `heading_line` points at the heading as written."""

    path: tuple[str, ...]
    level: int
    heading_line: int
    start: int
    end: int
    entries: list[Entry] = field(default_factory=list)
    style: SectionStyle = "empty"
    columns: list[str] | None = None
    is_toc: bool = False
    is_news: bool = False  # a news/updates block: its items are not entries (see listdoc.parse)
    occurrence: int = 0  # N when N-th of several sections with the same path (printed "path #N"), else 0

    @property
    def title(self) -> str:
        return self.path[-1]

    @property
    def path_text(self) -> str:
        """The heading path joined by " > " (plus "#N" for a repeated path), exactly as `tracker list`
        prints it and `tracker add --section` accepts it; unique within a document."""
        return path_text(self.path, self.occurrence)


@dataclass
class Document:
    """A README as lines plus its parsed structure."""

    lines: list[str]
    sections: list[Section]
    bom: bool = False

    @property
    def newline(self) -> str:
        """The document's dominant line ending, used for inserted lines."""
        crlf = sum(1 for line in self.lines if line.endswith("\r\n"))
        return "\r\n" if crlf * 2 > len(self.lines) else "\n"

    @property
    def final_newline(self) -> bool:
        return bool(self.lines) and self.lines[-1].endswith("\n")

    def render(self) -> str:
        return (BOM if self.bom else "") + "".join(self.lines)

    def entries(self) -> list[Entry]:
        return [entry for section in self.sections for entry in section.entries]
