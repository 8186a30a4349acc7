"""The structure of one entry line with its content abstracted: what "written in the list's style" means.

`shape` keeps the markers, the cells, and the kind and order of every piece (link, bold link, image,
`<br>`, date, missing value, parenthesised text, plain text) and drops what varies between papers.
A link without a target such as `[Coming soon]()` is a missing-value placeholder like `-`, unless
`strict` (lists switch between the two over their life; both mean "no code yet").
`normalised` is stricter: the exact text with link texts, URLs and dates replaced by placeholders.
"""

from __future__ import annotations

import re

from tracker.listdoc.inline import find_links, split_cells
from tracker.listdoc.model import strip_eol
from tracker.listdoc.stylescan import LIST_MARKER, unwrap_emphasis

_BR = re.compile(r"(<br\s*/?>)", re.IGNORECASE)
_DATE = re.compile(r"^(?:\d{4}(?:[-/.]\d{1,2}){0,2}|\d{1,2}/\d{4})$")
_MISSING = {"-", "—", "–", "N/A", "n/a", "/", "TBD"}


def _text_tokens(text: str) -> list[str]:
    tokens = []
    for piece in _BR.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if _BR.fullmatch(piece):
            tokens.append("BR")
        elif _DATE.match(piece):
            tokens.append("DATE")
        elif piece in _MISSING:
            tokens.append("NONE")
        elif piece.startswith(("(", "（")) and piece.endswith((")", "）")):
            tokens.append("(TEXT)")
        elif unwrap_emphasis(piece)[0]:
            tokens.append("BOLD")
        else:
            tokens.append("TEXT")
    return tokens


def _inline_shape(text: str, strict: bool) -> str:
    tokens: list[str] = []
    position = 0
    for link in find_links(text):
        tokens += _text_tokens(text[position : link.start])
        if link.image:
            tokens.append("IMG")
        elif not link.url and not strict:
            tokens.append("NONE")
        else:
            tokens.append("LINK" + ("*" if unwrap_emphasis(link.text.strip())[0] else ""))
        position = link.end
    tokens += _text_tokens(text[position:])
    return " ".join(tokens)


def shape(line: str, strict: bool = False) -> str:
    """E.g. "| IMG BR LINK* BR | TEXT | DATE | LINK | NONE |" or "N. (TEXT) LINK (TEXT)"."""
    text = strip_eol(line).strip()
    if text.startswith("|"):
        return "| " + " | ".join(_inline_shape(cell, strict) for cell in split_cells(text)) + " |"
    marker = LIST_MARKER.match(text)
    if marker:
        head = "N." if marker["number"] else marker["bullet"]
        return f"{head} {_inline_shape(text[marker.end() :], strict)}"
    return _inline_shape(text, strict)


def normalised(line: str) -> str:
    """The line with link texts -> T, link URLs -> U, dates -> D, list numbers -> N, spacing collapsed."""
    text = strip_eol(line).strip()
    marker = LIST_MARKER.match(text)
    if marker and marker["number"]:
        text = "N" + text[marker.end("number") :]
    parts: list[str] = []
    position = 0
    for link in find_links(text):
        parts.append(text[position : link.start])
        if link.image:
            parts.append(f"![{link.text}](U)")
        else:
            wrap = unwrap_emphasis(link.text.strip())[0]
            parts.append(f"[{wrap}T{wrap}](U)")
        position = link.end
    parts.append(text[position:])
    out = re.sub(r"(?<![\w-])\d{4}(?:[-/.]\d{1,2}){0,2}(?![\w-])", "D", "".join(parts))
    out = re.sub(r"\s*\|\s*", " | ", out)
    return " ".join(out.split())
