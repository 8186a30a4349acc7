"""The few line pieces style inference needs beyond `inline`: list markers, the title link, emphasis.

The parser owns document structure; learning a section's style needs the raw pieces of one line
(the badge before a title, the text after the title link), which these helpers expose.
"""

from __future__ import annotations

import re

from tracker.listdoc.inline import Link, find_links

LIST_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<number>\d{1,9})(?P<delim>[.)])|(?P<bullet>[-*+]))(?P<gap>[ \t]+)"
)


def main_link(text: str) -> Link | None:
    """The first link that is neither an image nor a badge: the entry's title link."""
    return next((link for link in find_links(text) if not link.image and not link.is_badge), None)


def unwrap_emphasis(text: str) -> tuple[str, str]:
    """(wrapper, inner) for link text like `**Title**` -> ("**", "Title"); no wrapper -> ("", text)."""
    for wrapper in ("**", "__", "*", "_"):
        if len(text) > 2 * len(wrapper) and text.startswith(wrapper) and text.endswith(wrapper):
            return wrapper, text[len(wrapper) : -len(wrapper)]
    return "", text
