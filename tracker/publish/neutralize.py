"""Neutralise metadata for the PR body, where GitHub also pings, cross-links and autolinks.

`tracker.listdoc.sanitize` already makes text inert as markdown. A PR body is read by GitHub's own
filters too: an `@name` there notifies someone, `#12`, `GH-12` or `owner/repo#12` links (and so
backlinks) an issue, and a github.com issue or pull URL adds a "mentioned this" event to that
issue. Titles come from strangers, so each of those is broken with a zero-width space, and links
to github.com go through redirect.github.com as Renovate does, which GitHub does not track.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from tracker.listdoc.sanitize import ZWSP_ENTITY, clean_text, inline_markdown, safe_url

TEXT_LIMIT = 300  # characters of one title, reason or section shown in the body
REDIRECT_HOST = "redirect.github.com"
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})

# `@name`, `#12`, `GH-12` wherever they stand (GitHub also pings after `.` or `-`, and links
# `owner/repo#12`), and the starts of autolinks (`https://`, `www.`) that could point at an issue.
# (`(?<!&)` spares the `#` of the entities sanitize writes.)
_REFERENCE = re.compile(r"(@|(?<!&)#|\bGH-)(?=[A-Za-z0-9])", re.IGNORECASE)
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)", re.IGNORECASE)


def body_text(text: str | None, limit: int = TEXT_LIMIT, line_start: bool = False) -> str:
    """Metadata as inert one-line markdown for a table cell or list item: no ping, reference or link."""
    text = inline_markdown(_head(text, limit), limit, line_start).replace("$", "\\$")  # `$` opens GitHub math
    text = _REFERENCE.sub(r"\g<1>" + ZWSP_ENTITY, text)
    return _AUTOLINK.sub(ZWSP_ENTITY, text)


def _head(text: str | None, limit: int) -> str | None:
    """A prefix of a long text that cleans to the same first `limit` characters, so a 10,000-character
    title costs what a short one does; the whole text when its start is mostly blank or invisible."""
    if text is None or len(text) <= 2 * limit + 64:
        return text
    head = text[: 2 * limit + 64]
    return head if len(clean_text(head, len(head))) > limit else text


def body_url(url: str | None) -> str | None:
    """A URL safe to link from the body (http(s) only), with github.com routed through the redirector."""
    url = safe_url(url)
    if url is None:
        return None
    parts = urlsplit(url)
    if (parts.hostname or "").lower().rstrip(".") in _GITHUB_HOSTS:
        return urlunsplit(parts._replace(netloc=REDIRECT_HOST))
    return url


def link(text: str, url: str | None) -> str:
    """`[text](url)` when the URL is safe, else the (already neutralised) text alone."""
    url = body_url(url)
    return f"[{text}]({url})" if url and text else text
