"""rss.arxiv.org/rss/CATEGORY listings in the recorded shape (../shared/data/wire/arxiv_rss).

The channel header is the recorded one (its dates and category filled in); each item carries what the real
feed carries: the abstract after `Announce Type: ... \\nAbstract:`, the `oai:arXiv.org:IDvN` guid, one
`<category>` per category, `arxiv:announce_type` and the authors comma-separated in `dc:creator`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from tracker.demo.arxiv_atom import attr, text
from tracker.models import Paper

ANNOUNCE_TZ = ZoneInfo("America/New_York")
REAL_BASE = "http://rss.arxiv.org/rss"
DEFAULT_RIGHTS = "http://arxiv.org/licenses/nonexclusive-distrib/1.0/"  # arXiv's default licence

RssItem = tuple[Paper, str]
"""A paper and its announce type in this listing (new, cross, replace, replace-cross)."""


def announce_type(paper: Paper, category: str) -> str:
    """How `category`'s listing announces `paper`: `new` in its primary category, `cross` elsewhere; a
    later version is a `replace` (`replace-cross`)."""
    primary = paper.primary_category or (paper.categories[0] if paper.categories else category)
    kind = "new" if primary == category else "cross"
    if (paper.version or 1) > 1:
        return "replace" if kind == "new" else "replace-cross"
    return kind


def last_build(now: datetime) -> datetime:
    """When the feed current at `now` was built: the latest midnight US Eastern, plus the recorded 1 s."""
    local = now.astimezone(ANNOUNCE_TZ)
    midnight = datetime.combine(local.date(), time(), tzinfo=ANNOUNCE_TZ)
    return (midnight + timedelta(seconds=1)).astimezone(UTC)


def _item(paper: Paper, kind: str, stamp: str) -> str:
    versioned = f"{paper.arxiv_id}v{paper.version or 1}"
    lines = [
        "    <item>",
        f"      <title>{text(paper.title)}</title>",
        f"      <link>https://arxiv.org/abs/{paper.arxiv_id}</link>",
        f"      <description>arXiv:{versioned} Announce Type: {kind} \nAbstract: {text(paper.abstract)}"
        "</description>",
        f'      <guid isPermaLink="false">oai:arXiv.org:{versioned}</guid>',
        *(f"      <category>{text(term)}</category>" for term in paper.categories),
        f"      <pubDate>{stamp}</pubDate>",
        f"      <arxiv:announce_type>{kind}</arxiv:announce_type>",
        f"      <dc:rights>{DEFAULT_RIGHTS}</dc:rights>",
        f"      <dc:creator>{text(', '.join(paper.authors))}</dc:creator>",
        "    </item>",
    ]
    return "\n".join(lines) + "\n"


def listing(category: str, items: Sequence[RssItem], built: datetime, base: str = REAL_BASE) -> bytes:
    """The whole feed of one category. `built` is the build time (lastBuildDate); the listing's date
    (pubDate, also each item's) is midnight US Eastern of that day, as in the recording."""
    day = built.astimezone(ANNOUNCE_TZ).date()
    stamp = format_datetime(datetime.combine(day, time(), tzinfo=ANNOUNCE_TZ))
    self_url = f"{base.rstrip('/')}/{category}"
    head = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' version="2.0">',
        "  <channel>",
        f"    <title>{text(category)} updates on arXiv.org</title>",
        f"    <link>{text(self_url)}</link>",
        f"    <description>{text(category)} updates on the arXiv.org e-print archive.</description>",
        f'    <atom:link href="{attr(self_url)}" rel="self" type="application/rss+xml"/>',
        "    <docs>http://www.rssboard.org/rss-specification</docs>",
        "    <language>en-us</language>",
        f"    <lastBuildDate>{format_datetime(built.astimezone(UTC))}</lastBuildDate>",
        "    <managingEditor>rss-help@arxiv.org</managingEditor>",
        f"    <pubDate>{stamp}</pubDate>",
        "    <skipDays>",
        "      <day>Sunday</day>",
        "      <day>Saturday</day>",
        "    </skipDays>",
    ]
    body = "\n".join(head) + "\n" + "".join(_item(p, kind, stamp) for p, kind in items)
    return (body + "  </channel>\n</rss>\n").encode("utf-8")
