"""arXiv RSS listings (rss.arxiv.org/rss/CATEGORY) through feedparser: one day's announcements per category.

Fetched with a conditional GET on the shared polite arXiv session, so an unchanged feed costs a 304.
arXiv announces Sunday to Thursday at 20:00 US Eastern and rebuilds the feeds at midnight: a Saturday or
Sunday feed is empty by design, while an empty or stale feed on a weekday is worth a warning.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import struct_time
from zoneinfo import ZoneInfo

import feedparser

from tracker.models import Paper
from tracker.sources.feeds import parse_feed
from tracker.sources.http import PoliteSession, raise_for_status

SOURCE = "arxiv_rss"
ANNOUNCE_TZ = ZoneInfo("America/New_York")
_OAI_ID = re.compile(r"(?:oai:arXiv\.org:|arXiv:)(?P<id>\S+?)v(?P<version>\d+)\b")
_AUTHOR_SPLIT = re.compile(r",\s*|\s+and\s+")


@dataclass
class FeedResult:
    """One category feed: its papers (empty on 304), validators for the next conditional GET, warnings."""

    papers: list[Paper]
    not_modified: bool
    etag: str | None
    last_modified: str | None
    built: datetime | None
    warnings: list[str] = field(default_factory=list)


def _when(parsed: struct_time | None) -> datetime | None:
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def announcements_expected(now: datetime) -> bool:
    """True on Monday to Friday (US Eastern), when the feed carries the previous evening's announcements."""
    return now.astimezone(ANNOUNCE_TZ).weekday() < 5


def _freshness_warning(category: str, built: datetime | None, count: int | None, now: datetime) -> str | None:
    """A weekday feed built before today (US Eastern), or with no items at all, deserves a warning."""
    if not announcements_expected(now):
        return None
    today = now.astimezone(ANNOUNCE_TZ).date()
    if built is not None and built.astimezone(ANNOUNCE_TZ).date() < today:
        return f"arXiv RSS {category}: feed is stale on a weekday (built {built:%Y-%m-%d %H:%M} UTC)"
    if count == 0:
        return f"arXiv RSS {category}: feed is empty on a weekday"
    return None


def _plain(entry: feedparser.FeedParserDict, field: str) -> str:
    """A field as plain text. feedparser hands RSS descriptions over as HTML (`&lt;`, `&amp;`), while the
    API gives text: unescaped, both sources store the same abstract and stop overwriting each other."""
    value = entry.get(field, "") or ""
    detail = entry.get(f"{field}_detail") or {}
    return html.unescape(value) if detail.get("type") == "text/html" else value


def _to_paper(entry: feedparser.FeedParserDict, built: datetime | None) -> Paper | None:
    match = _OAI_ID.search(entry.get("id", "")) or _OAI_ID.search(entry.get("summary", ""))
    if not match:
        return None
    summary = _plain(entry, "summary")
    abstract = summary.split("Abstract:", 1)[1] if "Abstract:" in summary else ""
    authors = [name.strip() for name in _AUTHOR_SPLIT.split(entry.get("author", "")) if name.strip()]
    return Paper(
        arxiv_id=match.group("id"),
        version=int(match.group("version")),
        title=" ".join(_plain(entry, "title").split()),
        abstract=" ".join(abstract.split()),
        authors=authors,
        categories=[tag.term for tag in entry.get("tags", []) if tag.get("term")],
        announced=_when(entry.get("published_parsed")) or built,
        links=[entry["link"]] if entry.get("link") else [],
        source=SOURCE,
    )


def fetch_category(
    session: PoliteSession,
    rss_url: str,
    category: str,
    *,
    etag: str | None,
    last_modified: str | None,
    last_built: datetime | None,
    announce_types: Sequence[str],
    now: datetime,
) -> FeedResult:
    """Fetch `{rss_url}/{category}` conditionally and parse the wanted announce types."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    response = session.get(f"{rss_url.rstrip('/')}/{category}", headers=headers)
    if response.status_code == 304:
        warning = _freshness_warning(category, last_built, None, now)
        return FeedResult([], True, etag, last_modified, last_built, [warning] if warning else [])
    raise_for_status(response, f"arXiv RSS {category}")
    parsed = parse_feed(response.content, f"arXiv RSS {category}", response.headers.get("Content-Type"))
    built = _when(parsed.feed.get("published_parsed")) or _when(parsed.feed.get("updated_parsed"))
    wanted = set(announce_types)
    chosen = [entry for entry in parsed.entries if entry.get("arxiv_announce_type", "new") in wanted]
    papers = [paper for entry in chosen if (paper := _to_paper(entry, built)) is not None]
    warning = _freshness_warning(category, built, len(parsed.entries), now)
    return FeedResult(
        papers=papers,
        not_modified=False,
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        built=built,
        warnings=[warning] if warning else [],
    )
