"""Learn how a section writes its list items from its own lines, and write a new item the same way.

Inferred from neighbour items (nearest first), never configured: marker, indentation, bold title,
a leading tag like "(LLM) " and a note suffix like "(...)" or " - ...". A form no neighbour shows
comes from the document's other lists, then from a common default.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.listdoc.sanitize import inline_markdown
from tracker.listdoc.stylescan import LIST_MARKER, main_link, unwrap_emphasis
from tracker.listdoc.template import NewEntry, link_markdown

_TAG = re.compile(
    r"^(?P<bold>\*\*|__)?(?P<open>[(（【\[])(?P<tag>[^()（）【】\[\]]+)(?P<close>[)）】\]])(?P=bold)?(?P<gap>\s*)$"
)
_NOTE_PAREN = re.compile(r"^(?P<gap>\s*)[(（](?P<note>.*)[)）]\s*$")
_NOTE_SEP = re.compile(r"^(?P<sep>\s*(?:[-:–—]\s+|,\s*))(?P<note>\S.*)$")


@dataclass(frozen=True)
class ListStyle:
    """How a section writes one list item; forms are (before, after) around the sanitised value."""

    indent: str = ""
    bullet: str | None = None
    delim: str = "."
    gap: str = " "
    wrap: str = ""
    outer: str = ""  # emphasis around the whole link, as in "**[Title](url)**"
    tag_form: tuple[str, str] | None = None
    note_form: tuple[str, str] | None = None


def _item_parts(line: str) -> tuple[re.Match[str], str, str, str, str] | None:
    """(marker match, prefix, link text, suffix, outer emphasis) of a list item line with a title link;
    emphasis around the whole link ("**[T](u)**") is reported apart, not as prefix and suffix."""
    marker = LIST_MARKER.match(line)
    if not marker:
        return None
    rest = line[marker.end() :]
    link = main_link(rest)
    if link is None:
        return None
    prefix, suffix = rest[: link.start], rest[link.end :]
    outer = next((w for w in ("**", "__", "*", "_") if prefix.endswith(w) and suffix.startswith(w)), "")
    if outer:
        prefix, suffix = prefix[: -len(outer)], suffix[len(outer) :]
    return marker, prefix, link.text, suffix, outer


def item_tag(line: str) -> str | None:
    """The leading tag of a list item, "(LLM) [Title](url)" -> "LLM"; None when it has none."""
    parts = _item_parts(line)
    tag = _TAG.match(parts[1]) if parts else None
    return tag["tag"] if tag else None


DEFAULT_LIST_STYLE = ListStyle(tag_form=("(", ") "), note_form=(" - ", ""))


def _tag_form(prefix: str) -> tuple[str, str] | None:
    tag = _TAG.match(prefix)
    if not tag:
        return None
    bold = tag["bold"] or ""
    return bold + tag["open"], tag["close"] + bold + tag["gap"]


def _note_form(suffix: str) -> tuple[str, str] | None:
    paren = _NOTE_PAREN.match(suffix)
    if paren:  # "(note)", even an empty "()" placeholder
        opening = suffix.lstrip()[0]
        return paren["gap"] + opening, ")" if opening == "(" else "）"
    separated = _NOTE_SEP.match(suffix)
    return (separated["sep"], "") if separated else None


def infer_list_style(lines: Sequence[str], fallback: ListStyle = DEFAULT_LIST_STYLE) -> ListStyle:
    """The marker of the nearest item, the title form of the nearest item with a link, and tag and
    note forms from the nearest item that has them; forms no neighbour shows come from `fallback`
    (the whole document's lists, then a common default)."""
    marker = next((match for match in map(LIST_MARKER.match, lines) if match), None)
    if marker is None:
        return fallback
    parsed = [parts for parts in map(_item_parts, lines) if parts]
    return ListStyle(
        indent=marker["indent"],
        bullet=marker["bullet"],
        delim=marker["delim"] or ".",
        gap=marker["gap"],
        wrap=unwrap_emphasis(parsed[0][2])[0] if parsed else fallback.wrap,
        outer=parsed[0][4] if parsed else fallback.outer,
        tag_form=next((form for parts in parsed if (form := _tag_form(parts[1]))), fallback.tag_form),
        note_form=next((form for parts in parsed if (form := _note_form(parts[3]))), fallback.note_form),
    )


def render_list_item(style: ListStyle, new: NewEntry, number: int | None) -> str:
    """One list line (without its line ending) in `style`; `number` is used by numbered lists."""
    marker = style.bullet or f"{number if number is not None else 1}{style.delim}"
    tag = ""
    if new.tag and style.tag_form:
        tag = style.tag_form[0] + inline_markdown(new.tag, limit=60) + style.tag_form[1]
    note = ""
    if new.note and style.note_form:
        note = style.note_form[0] + inline_markdown(new.note) + style.note_form[1]
    title = link_markdown(new.title, new.url, style.wrap, line_start=not tag and not style.outer)
    return f"{style.indent}{marker}{style.gap}{tag}{style.outer}{title}{style.outer}{note}"
