"""What "not corrupted" and "inert" mean for a README, shared by the hostile-README and property tests.

`assert_sane`: the parse renders back byte for byte and every entry owns exactly its lines.
`live_markup`: what a real markdown renderer (markdown-it-py) makes live on the lines tracker wrote. The
whole new README is parsed (so an inserted line that lands inside an HTML block or a table is judged
in that context), and only the tokens of the inserted lines are inspected: no raw HTML (inline or block),
no image, no link to anything but http(s), and no `@user` or `#123` that GitHub would turn into a ping
or an issue link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tracker.listdoc.model import BOM, Document

MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_REFERENCE = re.compile(r"(?<!\w)(?:@[A-Za-z0-9]|#\d)")  # as GitHub links mentions and issues


def _tokens_on(tokens: list[Token], lines: set[int]) -> Iterator[Token]:
    """Block tokens whose line span touches `lines`, and the inline children of those."""
    for token in tokens:
        if token.map is None or not lines & set(range(*token.map)):
            continue
        yield token
        yield from token.children or []


def live_markup(text: str, inserted: Iterable[int]) -> list[str]:
    """Everything live on the 0-based `inserted` lines of `text`; empty when they are inert."""
    lines = set(inserted)
    found = []
    for token in _tokens_on(MARKDOWN.parse(text), lines):
        if token.type in ("html_block", "html_inline", "image"):
            found.append(f"{token.type}: {token.content!r}")
        elif token.type == "link_open" and not str(token.attrGet("href") or "").startswith(
            ("http://", "https://")
        ):
            found.append(f"link to {token.attrGet('href')!r}")
        elif token.type == "text" and _REFERENCE.search(token.content):
            found.append(f"reference: {token.content!r}")
    return found


def assert_sane(document: Document, text: str) -> None:
    """Byte-identical rendering; sections in order; entries inside their section, in order, not overlapping,
    owning exactly their lines."""
    assert document.render() == text
    assert "".join(document.lines) == text.removeprefix(BOM)
    previous = 0
    for section in document.sections:
        assert section.heading_line < section.start <= section.end <= len(document.lines)
        for entry in section.entries:
            assert section.start <= entry.start < entry.end <= section.end
            assert entry.start >= previous and entry.lines == document.lines[entry.start : entry.end]
            previous = entry.end
