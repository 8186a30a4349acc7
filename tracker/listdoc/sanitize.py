"""Neutralise metadata before it becomes markdown: titles, notes and URLs come from strangers.

Whatever arXiv or a repo owner wrote must land as inert text: no raw HTML, no link or image
syntax, no code span, no table-cell break, no heading or list marker, no @mention or #issue
reference, no invisible or direction-changing characters. Only http(s) URLs are ever linked.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

MAX_TEXT = 400  # a longer title is a data error; keep the README readable
ZWSP_ENTITY = "&#8203;"  # Dependabot's trick: breaks @mentions and #refs, renders as nothing

# Markdown punctuation that could open HTML, code, emphasis, links, images or split a table cell.
_ALWAYS_ESCAPED = frozenset("\\`*<>[]|~")
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # `_` that can open or close emphasis
_ENTITY = re.compile(r"&(?=#\d+;|#x[0-9a-f]+;|[a-z][a-z0-9]*;)", re.IGNORECASE)
# GitHub links @user and #123 after any non-word character ("x.@user", "-#12", the "&#60;" of an escaped
# entity too); an e-mail address stays as it is.
_MENTION = re.compile(r"(?<!\w)([@#])(?=[A-Za-z0-9])")
_BLOCK_MARKER = re.compile(r"^(?:([#+=-])|(\d+)([.)]))")
_URL_SAFE = "/:?#@!$&'*+,;=%~.-_"


def clean_text(text: str | None, limit: int = MAX_TEXT) -> str:
    """One line of plain text: no control, format (bidi, zero-width) characters, single spaces, capped."""
    if not text:
        return ""
    chars = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if category in ("Cc", "Zl", "Zp"):
            chars.append(" ")
        elif category not in ("Cf", "Cs", "Co", "Cn"):
            chars.append(char)
    cleaned = " ".join("".join(chars).split())
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned


def inline_markdown(text: str | None, limit: int = MAX_TEXT, line_start: bool = False) -> str:
    """Text that renders as itself in link text or a table cell; `line_start` when it opens a list item."""
    text = clean_text(text, limit)
    text = "".join("\\" + char if char in _ALWAYS_ESCAPED else char for char in text)
    text = _EDGE_UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub("&amp;", text)
    text = _MENTION.sub(lambda match: match.group(1) + ZWSP_ENTITY, text)
    marker = _BLOCK_MARKER.match(text) if line_start else None
    if marker and marker.group(1):
        text = "\\" + text
    elif marker:
        text = marker.group(2) + "\\" + text[len(marker.group(2)) :]
    return text


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL, percent-encoded so it cannot end a link early; else None."""
    if not url:
        return None
    url = clean_text(url, limit=2000).replace(" ", "%20")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return quote(url, safe=_URL_SAFE)
