"""feedparser, strictly: a feed that is not well-formed XML is an error, never a partial list of items.

feedparser's loose parser recovers items from a truncated document; storing those and the response's
ETag would lose the rest for good (the next request answers 304), so such a response is refused whole.
A well-formed document that is no feed at all (an HTML error page served with 200, an empty body) is
refused too, instead of passing for a feed with no items.
"""

from __future__ import annotations

import xml.sax

import feedparser

from tracker.errors import SourceError


def parse_feed(content: bytes, what: str, content_type: str | None = None) -> feedparser.FeedParserDict:
    """Parse an RSS/Atom body; raise one clear SourceError naming `what` when it is malformed or no feed."""
    try:
        parsed = feedparser.parse(content)
    except Exception as exc:  # noqa: BLE001 - its loose parser chokes on some bytes (a `&#xD800;` raises)
        raise SourceError(f"{what}: unparsable feed ({type(exc).__name__}); nothing stored from it") from None
    if parsed.bozo and isinstance(parsed.get("bozo_exception"), xml.sax.SAXException):
        problem = " ".join(str(parsed.bozo_exception).split())
        raise SourceError(f"{what}: malformed XML ({problem}); nothing stored from it")
    if not parsed.get("version"):
        served = f"Content-Type {content_type}" if content_type else "no Content-Type"
        raise SourceError(f"{what}: not an RSS or Atom feed ({served}); nothing stored from it")
    return parsed
