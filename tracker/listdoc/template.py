"""The vocabulary of a new entry: what the tracker knows about a paper, and its (sanitised) title link.

`list_template` and `table_template` learn a section's style from its own lines and write a
`NewEntry` in it; every piece of metadata passes through `sanitize` before it is placed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date

from tracker.listdoc.sanitize import inline_markdown, safe_url

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]|$)")


@dataclass
class NewEntry:
    """What the tracker knows about a paper to add; everything optional except the title."""

    title: str
    url: str | None
    code_url: str | None = None
    date: str | Date | None = None
    venue: str | None = None
    note: str | None = None
    tag: str | None = None
    demo_url: str | None = None
    arxiv_id: str | None = None
    name: str | None = None
    data_url: str | None = None
    cells: dict[str, str] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)  # in the paper's order, as the metadata spells them

    @property
    def date_text(self) -> str | None:
        """The date as ISO text, YYYY[-MM[-DD]] (a datetime or timestamp is cut to its day)."""
        if isinstance(self.date, Date):
            return self.date.isoformat()[:10]
        text = (self.date or "").strip()
        return (text[:10] if _ISO_DAY.match(text) else text) or None


def link_markdown(title: str, url: str | None, wrap: str, line_start: bool = False) -> str:
    """`[**title**](url)` with the title sanitised; plain (wrapped) text when the URL is not http(s)."""
    target = safe_url(url)
    text = f"{wrap}{inline_markdown(title, line_start=line_start and not target and not wrap)}{wrap}"
    return f"[{text}]({target})" if target else text
