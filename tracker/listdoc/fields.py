"""What one entry says: title, main URL, all URLs, arXiv id, GitHub repo, date, venue and note,
read from a list item's lines or a table row's cells. No spans here: the parser decides those.
"""

from __future__ import annotations

import re
from itertools import chain

from tracker import ids
from tracker.listdoc.blocks import item_marker
from tracker.listdoc.inline import (
    Link,
    all_urls,
    find_links,
    first_bold,
    image_urls,
    split_cells,
    strip_markup,
)
from tracker.listdoc.model import EntryFields, strip_eol

_DATE_STAMP = re.compile(r"^[\W_]*(?:19|20)\d{2}[-./]\d{1,2}(?:[-./]\d{1,2})?(?!\d)")
# Header words that hint at the title cell: "Title", then "Paper" (`title_cell_index` checks the content).
_TITLE_COLUMNS = (re.compile(r"title", re.IGNORECASE), re.compile(r"paper", re.IGNORECASE))
_LETTER = re.compile(r"[^\W\d_]")
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_ADDRESS = re.compile(r"^(?:[a-z][a-z+.-]*://|www\.)", re.IGNORECASE)
_NO_VALUE = frozenset({"n/a", "na", "none", "tbd", "todo", "coming soon", "null"})
_DATE_COLUMN = re.compile(r"date|time|year", re.IGNORECASE)
_VENUE_COLUMN = re.compile(r"venue|conference|journal|publication|pub", re.IGNORECASE)
_CODE_COLUMN = re.compile(r"code|github|repo", re.IGNORECASE)
_TRAILING_PUNCT = ";,:"
# What may stand before a paragraph entry's title link: emphasis, brackets, parentheses, code, tags.
_LEAD_MARKUP = re.compile(r"(\*\*|__|[*_`]).*?\1|\[[^\[\]]*\]|\([^()]*\)|<[^<>]*>")
_WORD_CHAR = re.compile(r"[^\W_]")
_LEADING_TAG = re.compile(r"^\s*(?:\[[^\[\]()]{1,40}\]\s*)+(?!\()")
# Link texts that name a resource, not a paper: "[pdf]", "[Code]", "[📖 Paper]" never title an entry.
_GENERIC_LINK_TEXT = re.compile(
    r"^\W*(?:arxiv|paper|pdf|code|github|project(?: page)?|page|website|homepage|demo|blog|link|dataset|"
    r"model|video|slides|poster|abs|html|huggingface|hf|reading notes?|notes?)\W*$",
    re.IGNORECASE,
)


def starts_with_date(text: str) -> bool:
    """A news line: its first words are a date stamp like `[2025-03-15]` or `**2024.05**`."""
    return bool(_DATE_STAMP.match(strip_markup_lead(text)))


def strip_markup_lead(text: str) -> str:
    """The text with leading emoji, badges and images removed, markup kept (for shape checks)."""
    links = find_links(text)
    position = 0
    for link in links:
        if text[position : link.start].strip() or not (link.image or link.is_badge):
            break
        position = link.end
    return text[position:].lstrip()


def only_anchor_links(text: str) -> bool:
    """A table-of-contents line: it links only to anchors in the same page."""
    links = [link for link in find_links(text) if not link.image]
    return bool(links) and all(link.is_anchor for link in links)


def _clean_title(text: str) -> str:
    return strip_markup(text).strip().rstrip(_TRAILING_PUNCT + "[( ").strip()


def _title_link(text: str) -> Link | None:
    """The first link that can be a title: not an image, badge, in-page anchor or generic "[pdf]"."""
    for link in find_links(text):
        label = strip_markup(link.text)
        if link.image or link.is_badge or link.is_anchor or not label:
            continue
        if not _GENERIC_LINK_TEXT.match(label):
            return link
    return None


def has_title_link(text: str) -> bool:
    """Whether the text links something by its name (not only "[pdf]", badges or in-page anchors)."""
    return _title_link(text) is not None


def opens_block(text: str) -> bool:
    """Whether a paragraph line can open a paragraph entry: a title link comes first, after nothing
    but markup (`**Name**`, `[NeurIPS 2024]`, `(ICLR'24)`, an emoji or badge). Plain words before it
    make a sentence that mentions a link ("Read [our survey](…)"), not an entry; a line opened by a
    date stamp is news, as it is for list items."""
    link = _title_link(text)
    if link is None or starts_with_date(text):
        return False
    lead = text[: link.start]
    for other in reversed(find_links(lead)):  # badges and images before the title
        lead = lead[: other.start] + lead[other.end :]
    return not _WORD_CHAR.search(_LEAD_MARKUP.sub("", lead))


def _unwrap(note: str) -> str:
    note = note.strip()
    if note.startswith("(") and note.endswith(")") and note.count("(") == 1:
        return note[1:-1].strip()
    return note


def _identity(fields: EntryFields, github_first: list[str]) -> EntryFields:
    """Fill arxiv_id and github from the URLs; `github_first` are URLs tried first for the repo."""
    candidates = ([fields.url] if fields.url else []) + fields.urls
    fields.arxiv_id = next(filter(None, map(ids.arxiv_id_from_url, candidates)), None)
    repos = [ids.github_repo_from_url(url) for url in github_first + fields.urls]
    fields.github = next(filter(None, repos), None)
    return fields


def _with_badges(fields: EntryFields, text: str) -> EntryFields:
    if fields.github is None:
        fields.github = next(filter(None, map(ids.github_repo_from_badge, image_urls(text))), None)
    return fields


def _split_title(lead: str) -> tuple[str, str | None, str, str]:
    """(title, title link URL, text before, text after): the first real link or bold span wins."""
    link = _title_link(lead)
    bold = first_bold(lead)
    if link and (bold is None or link.start <= bold.start() or _is_short_name(bold, link)):
        return _clean_title(link.text), link.url or None, lead[: link.start], lead[link.end :]
    if bold:
        return _clean_title(bold.group(2)), None, lead[: bold.start()], lead[bold.end() :]
    first = next(iter(find_links(lead)), None)  # "Plain title, venue [pdf](url)": the text is the title
    if first is not None and strip_markup(lead[: first.start]):
        tag = _LEADING_TAG.match(lead)  # "[NeurIPS 2024] Title [[Paper](url)]": the tag is not the title
        start = tag.end() if tag and strip_markup(lead[tag.end() : first.start]) else 0
        return _clean_title(lead[start : first.start]), None, lead[:start], lead[first.start :]
    return _clean_title(lead), None, "", ""


def _is_short_name(bold: re.Match[str], link: Link) -> bool:
    """`**Name** [Title](url)`: a short bold name before the title link, not the title itself."""
    name = strip_markup(bold.group(2))
    short = len(name) <= 40 and len(name.split()) <= 4
    return bold.end() <= link.start and short and len(link.text) > len(name)


def item_fields(lines: list[str]) -> EntryFields:
    """What a list item or a paragraph entry says: the title is the first real link or bold span of its
    first paragraph (an entry's lead). The lines under it add their links, never a title or a note: a
    paragraph entry's summary bullets are the maintainer's prose."""
    first = strip_eol(lines[0])
    marker = item_marker(first)
    lead_lines = [first[marker.content_indent :] if marker else first]
    for line in lines[1:]:
        text = strip_eol(line)
        if not text.strip() or item_marker(text):
            break
        lead_lines.append(text.strip())
    lead = " ".join(part.strip() for part in lead_lines)
    body = "\n".join(strip_eol(line) for line in lines)
    title, url, before, after = _split_title(lead)
    urls = all_urls(body)
    if url is None:
        url = next((u for u in urls if not u.startswith("#") and not ids.github_repo_from_badge(u)), None)
    note = " ".join(part for part in (strip_markup(before), _unwrap(after)) if part)
    fields = EntryFields(title=title, url=url, urls=urls, note=note)
    return _with_badges(_identity(fields, []), body)


def column_index(columns: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, name in enumerate(columns) if pattern.search(name)), None)


def generic_label(text: str) -> bool:
    """Link text that names a resource, not a paper ("pdf", "Code", "📖 Paper", "Project page")."""
    return bool(_GENERIC_LINK_TEXT.match(strip_markup(text)))


def cell_title(cell: str) -> tuple[str, str | None]:
    """(title, URL) a table cell shows: its title link, else its first bold span, else its text."""
    link = _title_link(cell)
    bold = first_bold(cell)
    if link and (bold is None or link.start <= bold.start() or link.end >= bold.end()):
        return _clean_title(link.text), link.url or None
    return _clean_title(bold.group(2) if bold else cell), None


def _can_title(cell: str) -> bool:
    """Whether a cell can hold a row's title: it shows words, and not only a resource label ("📄 Paper"),
    a "no value" token, an address or a date (with or without a note: "2026 (ICLR)")."""
    title = cell_title(cell)[0]
    return (
        bool(_LETTER.search(_ASIDE.sub("", title)))
        and not _GENERIC_LINK_TEXT.match(title)
        and title.casefold() not in _NO_VALUE
        and not _ADDRESS.match(title)
    )


def title_cell_index(cells: list[str], columns: list[str]) -> int:
    """The cell that holds a table row's title, found by content as well as by header.

    A "Title" column wins when its cell shows a title. Then a "Paper" column whose cell links a title,
    then the first cell linking a title (a `| Date | keywords | Institute | Paper |` row, a `| Model |`
    column of linked names), then a "Paper" cell in plain text, then the first cell with words. A cell
    showing only `[📄 Paper](…)`, `-` or a date is never the title: that is how a "Paper" column of
    links next to a plain-text title, or a date first column, used to give every row the same title."""
    title_at, paper_at = (column_index(columns, pattern) for pattern in _TITLE_COLUMNS)
    every = range(len(cells))
    tries = chain([(title_at, False), (paper_at, True)], ((i, True) for i in every), [(paper_at, False)])
    tries = chain(tries, ((i, False) for i in every))
    found = (
        index
        for index, linked in tries
        if index is not None
        and index < len(cells)
        and _can_title(cells[index])
        and (not linked or _title_link(cells[index]) is not None)
    )
    return next(found, 0)


def row_fields(row: str, columns: list[str]) -> tuple[EntryFields, list[str]]:
    """What a table row says, and its cells; the title cell is found by `title_cell_index`."""
    cells = split_cells(strip_eol(row))
    title_at = title_cell_index(cells, columns)
    title_cell = cells[title_at]
    title, url = cell_title(title_cell)

    def cell(pattern: re.Pattern[str]) -> str | None:
        index = column_index(columns, pattern)
        if index is None or index >= len(cells) or index == title_at:
            return None
        return strip_markup(cells[index]) or None

    urls = all_urls(strip_eol(row))
    code_at = column_index(columns, _CODE_COLUMN)
    code_urls = all_urls(cells[code_at]) if code_at is not None and code_at < len(cells) else []
    fields = EntryFields(title=title, url=url, urls=urls, date=cell(_DATE_COLUMN), venue=cell(_VENUE_COLUMN))
    return _with_badges(_identity(fields, code_urls), title_cell), cells
