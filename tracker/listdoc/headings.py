"""One reading of heading text as a section label, so a section is named the same way everywhere.

`tracker list` prints sections, `tracker add --section` resolves them, the classifier learns section
labels and the PR's "place in" boxes name them. If each made its own string from a heading, a heading
such as `## Table of Contents <!-- omit in toc -->` or `## 1. <a name='x'></a>📚 Models` would print in
one form and be refused in another. So the parser stores `heading_label(text)` in `Section.path`, every
path is printed by `path_text`, and every comparison goes through `section_key`.

A label is the heading as a reader sees it on the rendered page, as far as plain text allows: HTML
comments and HTML tags are removed (a tag's inner text stays), character references are decoded and
whitespace runs become one space. Markdown markup (links, emphasis, backticks) and emoji are kept as
written: they are part of what the maintainer typed and help tell headings apart. The closing `#` run
of an ATX heading is already dropped by `blocks.atx_heading`. A heading with no text left (only a
comment or an anchor) keeps its raw text, so no section is printed with an empty name.

When two sections print the same path (a list with a `### 2024` under two HTML-only group headings, a
daily log with a day heading twice), each of them is printed with its rank: `A > 2024 #1`,
`A > 2024 #2`. The plain path is then ambiguous; the numbered one names exactly one section.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

SEPARATOR = " > "

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)  # an unclosed comment hides the rest of the line
# An HTML tag (not an autolink like <https://x>, which shows its URL): `<a name='x'>`, `</a>`, `<h3/>`.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_OCCURRENCE = re.compile(r" #([1-9][0-9]*)$")
_AROUND_SEPARATOR = re.compile(r"\s*>\s*")


def heading_label(raw: str) -> str:
    """The label of a heading whose text (after the `#` markers) is `raw`: see the module docstring."""
    text = _COMMENT.sub(" ", raw)
    text = _TAG.sub(" ", text)
    text = _CHAR_REF.sub(lambda match: html.unescape(match.group(0)), text)
    label = " ".join(text.split())
    return label or " ".join(raw.split())


def path_text(path: Sequence[str], occurrence: int = 0) -> str:
    """A heading path as `tracker list` prints it: labels joined by " > ", then `#N` when the same path
    occurs more than once in the document (`occurrence` is N, 0 for a unique path)."""
    text = SEPARATOR.join(path)
    return f"{text} #{occurrence}" if occurrence else text


def section_key(text: str) -> str:
    """What two section names are compared by: case and whitespace folded, spaces around `>` ignored."""
    return _AROUND_SEPARATOR.sub(" > ", " ".join(text.split())).casefold()


def query_keys(query: str) -> list[str]:
    """The keys a `--section` value can match: as typed, and as a heading copied from the README
    (comments and tags removed), in that order."""
    return list(dict.fromkeys([section_key(query), section_key(heading_label(query))]))


def without_occurrence(text: str) -> str:
    """A printed path without its `#N` rank, if it has one."""
    return _OCCURRENCE.sub("", text)


def occurrences(paths: Sequence[Sequence[str]]) -> list[int]:
    """For each path, its rank among the paths that print the same (1, 2, ...), or 0 when it is unique.

    A rank is only given when it does not collide with another section's printed path, so the printed
    paths of one document are always distinct."""
    keys = [section_key(path_text(path)) for path in paths]
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    taken = set(keys)
    seen: dict[str, int] = {}
    ranks: list[int] = []
    for path, key in zip(paths, keys, strict=True):
        if counts[key] == 1:
            ranks.append(0)
            continue
        rank = seen.get(key, 0) + 1
        while section_key(path_text(path, rank)) in taken:  # `A #2` is also a real heading: skip that rank
            rank += 1
        seen[key] = rank
        taken.add(section_key(path_text(path, rank)))
        ranks.append(rank)
    return ranks
