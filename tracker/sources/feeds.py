"""feedparser, strictly: a feed that is not well-formed XML is an error, never a partial list of items.

feedparser's loose parser recovers items from a truncated document; storing those and the response's
ETag would lose the rest for good (the next request answers 304), so such a response is refused whole.
"""

from __future__ import annotations

import xml.sax

import feedparser

from tracker.errors import SourceError


def parse_feed(content: bytes, what: str) -> feedparser.FeedParserDict:
    """Parse an RSS/Atom body; raise one clear SourceError naming `what` when it is malformed."""
    parsed = feedparser.parse(content)
    if parsed.bozo and isinstance(parsed.get("bozo_exception"), xml.sax.SAXException):
        raise SourceError(f"{what}: malformed XML ({parsed.bozo_exception}); nothing stored from it")
    return parsed
