"""Inline markdown as awesome lists write it: links (incl. badges and the odd malformed one), table cells,
and markup stripping for display titles. Pure string functions; no line spans here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_MALFORMED_LINK = re.compile(r"\[([^\[\]]*?)\)\((https?://[^\s()]+)\)")  # "[Title)(url)" typo
_URL_IN_TEXT = re.compile(r"https?://[^\s<>()\[\]|\"'`]+")
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_ESCAPED = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_SEPARATOR_CELL = re.compile(r"^\s*:?-+:?\s*$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_BRACKETS = {"[": re.compile(r"\\.|[\[\]]"), "(": re.compile(r"\\.|[()]")}
# Real lists nest links two deep (an image inside a badge link); deeper text is read as plain text, so a
# hostile line of thousands of nested links cannot exhaust the recursion limit.
MAX_LINK_NESTING = 8


@dataclass(frozen=True)
class Link:
    """A `[text](url)` or `![alt](src)` occurrence; `start`/`end` index the scanned string."""

    text: str
    url: str
    start: int
    end: int
    image: bool = False

    @property
    def is_badge(self) -> bool:
        """A link whose visible text is only images (a star or shield badge)."""
        return not self.image and bool(self.text.strip()) and not strip_markup(self.text)

    @property
    def is_anchor(self) -> bool:
        return self.url.startswith("#")


def _pairs(text: str, opening: str) -> dict[int, int]:
    """Index of each balanced `opening` bracket -> index of the bracket closing it (backslash escapes
    honoured), in one pass: scanning ahead from every bracket was quadratic on a hostile line of 50,000
    unclosed `[`."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for match in _BRACKETS[opening].finditer(text):
        char = match.group(0)
        if char[0] == "\\":
            continue
        if char == opening:
            stack.append(match.start())
        elif stack:
            pairs[stack.pop()] = match.start()
    return pairs


def _clean_destination(raw: str) -> str:
    dest = raw.strip()
    if dest.startswith("<") and ">" in dest:
        return dest[1 : dest.index(">")].strip()
    dest = dest.split(maxsplit=1)[0] if dest else dest  # drop an optional "title"
    if not _SCHEME.match(dest) and not dest.startswith(("/", "#", ".")):
        nested = _URL_IN_TEXT.search(dest)  # "[text]([url](url))" typos: the first real URL wins
        if nested:
            return nested.group(0)
    return dest


@lru_cache(maxsize=4096)
def find_links(text: str) -> tuple[Link, ...]:
    """Top-level links and images in document order; a badge's inner image is not repeated."""
    links: list[Link] = []
    i = text.find("[")
    brackets, parens = (_pairs(text, "["), _pairs(text, "(")) if i != -1 else ({}, {})
    while i != -1:
        if _escaped(text, i):
            i = text.find("[", i + 1)
            continue
        image = i > 0 and text[i - 1] == "!"
        close = brackets.get(i, -1)
        end = parens.get(close + 1, -1) if 0 < close < len(text) - 1 and text[close + 1] == "(" else -1
        if end != -1:
            start = i - 1 if image else i
            links.append(
                Link(text[i + 1 : close], _clean_destination(text[close + 2 : end]), start, end + 1, image)
            )
            i = text.find("[", end + 1)
            continue
        malformed = _MALFORMED_LINK.match(text, i)
        if malformed:
            links.append(Link(malformed.group(1), malformed.group(2), i, malformed.end(), False))
            i = text.find("[", malformed.end())
            continue
        i = text.find("[", i + 1)
    return tuple(links)


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` is preceded by an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _nested_links(text: str, depth: int) -> tuple[Link, ...]:
    """`find_links(text)` for link text nested `depth` deep; none beyond MAX_LINK_NESTING."""
    return find_links(text) if depth < MAX_LINK_NESTING else ()


def all_urls(text: str, _depth: int = 0) -> list[str]:
    """Every link target in `text`: markdown links (badge targets included, image sources not),
    HTML hrefs and bare URLs, in order, without duplicates."""
    urls: list[str] = []
    rest: list[str] = []
    position = 0
    for link in _nested_links(text, _depth):
        rest.append(text[position : link.start])
        position = link.end
        if not link.image:
            urls.append(link.url)
        if link.is_badge or link.image:
            continue
        urls.extend(all_urls(link.text, _depth + 1))
    rest.append(text[position:])
    remainder = " ".join(rest)
    urls.extend(_HREF.findall(remainder))
    urls.extend(match.group(0) for match in _URL_IN_TEXT.finditer(_HREF.sub(" ", remainder)))
    return list(dict.fromkeys(url for url in urls if url))


def image_urls(text: str, _depth: int = 0) -> list[str]:
    """Sources of every image, including those inside badge links."""
    found: list[str] = []
    for link in _nested_links(text, _depth):
        if link.image:
            found.append(link.url)
        else:
            found.extend(image_urls(link.text, _depth + 1))
    return found


@lru_cache(maxsize=8192)
def strip_markup(text: str, _depth: int = 0) -> str:
    """Display text: images dropped, links replaced by their text, HTML tags, emphasis marks,
    backticks and escapes removed, whitespace collapsed."""
    parts: list[str] = []
    position = 0
    for link in _nested_links(text, _depth):
        parts.append(text[position : link.start])
        if not link.image:
            parts.append(strip_markup(link.text, _depth + 1))
        position = link.end
    parts.append(text[position:])
    out = "".join(parts)
    out = _HTML_TAG.sub(" ", out)
    out = _BOLD.sub(r"\2", out)
    out = out.replace("`", "").replace("~~", "")
    out = re.sub(r"(?<![\w\\])[*_]+(?=\S)|(?<=\S)(?<!\\)[*_]+(?!\w)", "", out)
    out = _ESCAPED.sub(r"\1", out)
    return " ".join(out.split())


def first_bold(text: str) -> re.Match[str] | None:
    """The first `**bold**` (or `__bold__`) span that is not a bracketed tag like `**[CVPR 2024]**`."""
    for match in _BOLD.finditer(text):
        inner = match.group(2).strip()
        if not (inner[:1] in "[(" and inner[-1:] in "])"):
            return match
    return None


def split_cells(row: str) -> list[str]:
    """Cells of a table row: outer pipes optional, `\\|` does not split."""
    body = row.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", body)]


def is_separator_row(row: str) -> bool:
    """A table's delimiter row: `|:---|:---:|` (outer pipes optional, at least one pipe or dash run)."""
    if "-" not in row:
        return False
    cells = split_cells(row)
    if len(cells) == 1 and "|" not in row:
        return False
    return all(_SEPARATOR_CELL.match(cell) for cell in cells)
