"""What `tracker list` shows: a parsed Document as plain data (the --json shape) and as human text."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from tracker.listdoc.model import Document


def document_listing(document: Document) -> dict[str, Any]:
    """The --json shape: sections in document order, each with path, level, style and its entries
    (1-based line, title, url, arxiv_id, github)."""
    return {
        "sections": [
            {
                "path": section.path_text,
                "level": section.level,
                "style": section.style,
                "entries": [
                    {
                        "line": entry.line,
                        "title": entry.title,
                        "url": entry.url,
                        "arxiv_id": entry.arxiv_id,
                        "github": entry.github,
                    }
                    for entry in section.entries
                ],
            }
            for section in document.sections
        ]
    }


def print_listing(listing: dict[str, Any], console: Console | None = None) -> None:
    """One line per section (path, entry count, style), then its entries indented with their line numbers."""
    console = console or Console(highlight=False, soft_wrap=True)
    total = 0
    for section in listing["sections"]:
        entries = section["entries"]
        total += len(entries)
        heading = Text(section["path"], style="bold")
        heading.append(f"  ({len(entries)} entries, {section['style']})", style="dim")
        console.print(heading)
        for entry in entries:
            line = Text(f"  {entry['line']:>5}  ", style="dim")
            line.append(entry["title"] or "(untitled)")
            for label, value in (("arXiv", entry["arxiv_id"]), ("code", entry["github"])):
                if value:
                    line.append(f"  [{label} {value}]", style="cyan")
            if entry["url"]:
                line.append(f"  {entry['url']}", style="dim")
            console.print(line)
    console.print(Text(f"{len(listing['sections'])} sections, {total} entries", style="bold"))
