"""Format replay: would the bot have written each paper entry the way the maintainer wrote it?

Issue 13, part 5. The gold-based replay (`listdoc.replay`) compares single lines for the two lists
that have gold files. This benchmark needs no gold: for consecutive stored versions of any list it
takes every paper entry the maintainer added (an entry none of whose identity keys the parent has),
inserts what a bot would know about that paper into the parent with the real `insert_entry`, and
compares the block the tool wrote with the maintainer's block. It also checks that nothing else in
the file changed. What is measured and why each definition is what it is: docs/format-replay.md.

Per list it reports:
- exact: the two blocks are equal once titles, URLs, digits and free text are abstracted (`normalise_block`);
- near: same marker, date format, link labels, column count, title form, line count and place (`Features`);
- defects: crash, refused section, title missing, wrong column, changed other line, not listed afterwards.

On a list that files new papers under a heading for their day (`listdoc.intake`), an addition under a
day heading is replayed as `tracker run` files it: under the bot's day for the paper, writing the day's
heading when the parent lacks it; the written heading is compared with the maintainer's too
(`replay_intake_case`, `ListReport.intake_figures`).

The work is capped deterministically (a stable hash picks at most `per_pair` additions per version pair
and `per_list` cases per list) so the whole benchmark runs in a few minutes on two cores.
"""

from __future__ import annotations

import hashlib
import re
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from tracker import ids
from tracker.errors import UsageError
from tracker.listdoc.edit import find_section, insert_entry, listed_keys
from tracker.listdoc.inline import all_urls, find_links, split_cells, strip_markup
from tracker.listdoc.intake import Intake, detect, file_by_day, require
from tracker.listdoc.model import Document, Entry, Section, strip_eol
from tracker.listdoc.parse import parse_document
from tracker.listdoc.replay import versions
from tracker.listdoc.stylescan import LIST_MARKER, unwrap_emphasis
from tracker.listdoc.template import NewEntry

T = TypeVar("T")

DEFAULT_PER_PAIR = 8
DEFAULT_PER_LIST = 250
NEAR_TARGET = 0.90
EXACT_TARGET = 0.60
DEFECT_KINDS = (
    "crash",
    "refused section",
    "title missing",
    "wrong column",
    "changed other line",
    "not listed afterwards",
)
NEAR_CHECKS = ("marker", "date format", "link labels", "columns", "title form", "lines", "place")

# ---------------------------------------------------------------- versions and metadata


def list_names(data: Path) -> list[str]:
    """The lists under `data`/lists that hold README versions, sorted."""
    root = data / "lists"
    if not root.is_dir():
        return []
    return sorted(path.name for path in root.iterdir() if path.is_dir() and any(path.glob("*.md")))


def version_files(data: Path, name: str) -> list[Path]:
    """A list's README versions, oldest first: ORDER.txt when the folder has one, else `replay.versions`."""
    folder = data / "lists" / name
    order = folder / "ORDER.txt"
    if order.exists():
        rows = [line.split()[0] for line in order.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [folder / row for row in rows]
    return [version.path for version in versions(data, name)]


@dataclass(frozen=True)
class ArxivMeta:
    """What the firehose says about a paper that a list entry may not: its listing date and authors, and
    its v1 submission day where the dump has it (`published`, as the arXiv API gives it)."""

    date: str | None
    authors: tuple[str, ...]
    published: str | None = None


def load_arxiv_meta(arxiv_dir: Path) -> dict[str, ArxivMeta]:
    """arXiv id -> listing date and authors, from the firehose months and the list papers outside them.

    Everything is loaded (about a second for 68,576 papers): cheaper than a second pass over the lists."""
    from tracker.classify.eval_data import read_jsonl  # imports scikit-learn: only when metadata is needed

    found: dict[str, ArxivMeta] = {}
    paths = sorted(arxiv_dir.glob("firehose-*.jsonl.gz")) + sorted(
        arxiv_dir.glob("list-papers-outside-*.jsonl.gz")
    )
    for path in paths:
        for row in read_jsonl(path):
            arxiv_id = ids.normalize_arxiv_id(row.get("arxiv_id") or "")
            if arxiv_id and arxiv_id not in found:
                authors = tuple(name for name in row.get("authors") or [] if isinstance(name, str) and name)
                published = str(row.get("published") or "")[:10] or None
                found[arxiv_id] = ArxivMeta(row.get("first_listing_date") or None, authors, published)
    return found


# ---------------------------------------------------------------- which entries count

# Hosts whose pages are papers (a main URL elsewhere, such as a blog post, a repo or a model card, is not).
_PAPER_HOSTS = (
    "arxiv.org", "openreview.net", "aclanthology.org", "aclweb.org", "doi.org", "openaccess.thecvf.com",
    "papers.nips.cc", "neurips.cc", "nips.cc", "dl.acm.org", "ieeexplore.ieee.org", "link.springer.com",
    "ojs.aaai.org", "aaai.org", "ijcai.org", "ecva.net", "jmlr.org", "mlr.press", "iclr.cc",
    "sciencedirect.com", "nature.com", "science.org", "semanticscholar.org", "biorxiv.org", "medrxiv.org",
    "researchgate.net", "isca-archive.org", "ceur-ws.org", "pnas.org", "cell.com",
)  # fmt: skip
_CONTENTS_HEADING = re.compile(
    r"^\W*(?:table of contents?|contents?|menu|quick links?|toc)\W*$", re.IGNORECASE
)


def is_paper_url(url: str | None) -> bool:
    """A link to a paper page: arXiv, a venue's proceedings, a DOI, a publisher or Hugging Face papers."""
    if not url:
        return False
    if ids.arxiv_id_from_url(url) or ids.doi_from_url(url):
        return True
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return False
    if host.startswith("proceedings."):
        return True
    return any(host == known or host.endswith("." + known) for known in _PAPER_HOSTS)


def is_paper_entry(entry: Entry) -> bool:
    """An entry with an arXiv id, or whose main URL is a paper page."""
    return bool(entry.arxiv_id) or is_paper_url(entry.url)


def skipped_sections(doc: Document) -> set[tuple[str, ...]]:
    """Paths of sections whose items are not papers to replay: TOC and news, their subsections, and
    headings named like a table of contents."""
    marked = {s.path for s in doc.sections if s.is_toc or s.is_news}
    return {
        s.path
        for s in doc.sections
        if any(s.path[:depth] in marked for depth in range(1, len(s.path) + 1))
        or _CONTENTS_HEADING.match(strip_markup(s.title))
    }


def entry_keys(entry: Entry) -> set[str]:
    """The identity keys of an entry as `ids.paper_keys` gives them (title, main URL, arXiv id)."""
    return ids.paper_keys(url=entry.url, title=entry.title, arxiv_id=entry.arxiv_id)


SectionKey = tuple[tuple[str, ...], int]


def section_key(section: Section) -> SectionKey:
    """A section's path and its rank among sections with the same path (0 when the path is unique)."""
    return section.path, getattr(section, "occurrence", 0)


def find_by_key(doc: Document, key: SectionKey) -> Section | None:
    """The section of `doc` with this path and rank."""
    return next((s for s in doc.sections if section_key(s) == key), None)


# ---------------------------------------------------------------- what a bot knows


def arxiv_month(arxiv_id: str | None) -> str | None:
    """YYYY-MM from an arXiv id's YYMM ("2411.01234" -> "2024-11", "cs/0101001" -> "2001-01")."""
    if not arxiv_id:
        return None
    digits = arxiv_id.split("/")[-1][:4]
    if not digits.isdigit() or not 1 <= int(digits[2:]) <= 12:
        return None
    century = "19" if int(digits[:2]) >= 91 else "20"
    return f"{century}{digits[:2]}-{digits[2:]}"


def _code_url(entry: Entry) -> str | None:
    """The repo page of the entry's GitHub link (owner and name as linked), or of its star badge."""
    if not entry.github:
        return None
    for url in entry.urls:
        if ids.github_repo_from_url(url) == entry.github:
            owner, name = [part for part in urlsplit(url).path.split("/") if part][:2]
            return f"https://github.com/{owner}/{name.removesuffix('.git')}"
    return f"https://github.com/{entry.github}"


_PIECE_BREAK = re.compile(r"</?[A-Za-z][^<>]*>|[\n|*_\[\]()`:]")
_AUTHOR_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_ET_AL = re.compile(r",?\s*et\s+al\.?$")
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")


def _is_name(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= 5
        and words[0][0].isupper()
        and words[-1][0].isupper()
        and all(_NAME_WORD.match(word) for word in words)
    )


def entry_authors(entry: Entry) -> list[str]:
    """The author list an entry shows (`*A. Name, B. Name.*`, `<br> A Name, B Name |`), as arXiv would
    give it; [] when no piece of the entry outside its links reads as two or more personal names."""
    text = "\n".join(strip_eol(line) for line in entry.lines)
    for link in reversed(find_links(text)):
        text = text[: link.start] + "\n" + text[link.end :]
    title = ids.normalize_title(entry.title)
    for piece in _PIECE_BREAK.split(text):
        piece = _ET_AL.sub("", piece.strip().rstrip(".").strip())
        names = [name.strip() for name in _AUTHOR_SPLIT.split(piece) if name.strip()]
        if len(names) >= 2 and all(map(_is_name, names)) and ids.normalize_title(piece) != title:
            return names
    return []


def main_url(entry: Entry) -> str | None:
    """The entry's title link; without one (a plain-text title), the link of its arXiv id as the entry
    writes it, else its abstract page: a bot always knows where an arXiv paper is."""
    if entry.url or not entry.arxiv_id:
        return entry.url
    linked = (url for url in entry.urls if ids.arxiv_id_from_url(url) == entry.arxiv_id)
    return next(linked, f"https://arxiv.org/abs/{entry.arxiv_id}")


def bot_entry(entry: Entry, meta: Mapping[str, ArxivMeta]) -> NewEntry:
    """What a bot would know about the paper of `entry`: never the maintainer's note or other free text.

    Main link: `main_url`; code: the GitHub repo the entry links (or its star badge shows).
    Date: the firehose listing date, else YYYY-MM from the arXiv id, else the entry's own date cell.
    Authors: the firehose's, else the names the entry itself lists (arXiv would give those)."""
    known = meta.get(entry.arxiv_id) if entry.arxiv_id else None
    return NewEntry(
        title=entry.title,
        url=main_url(entry),
        code_url=_code_url(entry),
        date=(known.date if known else None) or arxiv_month(entry.arxiv_id) or entry.date,
        venue=entry.venue,
        arxiv_id=entry.arxiv_id,
        authors=list(known.authors) if known and known.authors else entry_authors(entry),
    )


# ---------------------------------------------------------------- abstracting a block

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TOKEN = re.compile(
    r"(?P<title>\x01)|(?P<url>https?://[^\s<>()\[\]|\"'`]+)|(?P<tag></?[A-Za-z][^<>]*>)"
    r"|(?P<word>[^\W\d_]+)|(?P<num>\d+)|(?P<space>\s+)|(?P<char>.)",
    re.DOTALL,
)
_WORD = re.compile(r"[^\W\d_]+")
_SOFT = frozenset(" ,;&'’-–—/.:")  # what may sit between two free-text words of one run
_HTML_NAME = re.compile(r"</?\s*([A-Za-z][\w-]*)")
_MAX_DEPTH = 8


def _unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def _is_title(text: str, title: str) -> bool:
    key = ids.normalize_title(title)
    return bool(key) and ids.normalize_title(strip_markup(text)) == key


def _image_kind(url: str) -> str:
    """The kind of an image: I:github/stars (a shields GitHub badge), I:badge (a static shield) or I."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "I"
    if not (parts.hostname or "").endswith("shields.io"):
        return "I"
    segments = [s for s in parts.path.split("/") if s]
    if segments[:1] == ["github"]:
        return "I:" + "/".join(segments[:2])
    return "I:" + (segments[0] if segments else "")


@dataclass(frozen=True)
class _Abstraction:
    """How to abstract one block: the title it shows and the words the section writes on most entries."""

    title: str
    skeleton: frozenset[str]

    def title_pattern(self) -> re.Pattern[str] | None:
        return re.compile(re.escape(self.title), re.IGNORECASE) if self.title.strip() else None


def _free_text(text: str, how: _Abstraction) -> str:
    """Text outside links: the title -> T, URLs -> U, HTML tags -> <name>, digit runs -> 0, skeleton
    words kept, any other word -> X, and a run of X words (with the spaces and light punctuation
    between them: names, commas, "et al.") -> one X."""
    pattern = how.title_pattern()
    if pattern is not None:
        text = pattern.sub("\x01", text)
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "title":
            token = "T"
        elif kind == "url":
            token = "U"
        elif kind == "tag":
            name = _HTML_NAME.match(value)
            token = f"<{'/' if value.startswith('</') else ''}{name.group(1).lower() if name else ''}>"
        elif kind == "word":
            token = value if value in how.skeleton else "X"
        elif kind == "num":
            token = "0"
        elif kind == "space":
            token = " "
        else:
            token = value
        if token == "X":
            back = len(out)
            while back and out[back - 1] in _SOFT:
                back -= 1
            if back and out[back - 1] == "X":
                del out[back:]
                continue
        out.append(token)
    return "".join(out)


def _inline(text: str, how: _Abstraction, depth: int = 0) -> str:
    """Inline markdown abstracted: `[T](U)` for the title link (its emphasis and trailing period kept),
    `![alt](I:kind)` for images, other links' texts abstracted like free text, URLs -> U (an empty
    target stays empty: `[Coming soon]()` is a placeholder, not a link)."""
    if depth >= _MAX_DEPTH:
        return _free_text(text, how)
    parts: list[str] = []
    position = 0
    for link in find_links(text):
        parts.append(_free_text(_unescape(text[position : link.start]), how))
        target = "U" if link.url else ""
        if link.image:
            parts.append(f"![{_free_text(link.text, how)}]({_image_kind(link.url)})")
        elif _is_title(link.text, how.title):
            wrap, inner = unwrap_emphasis(link.text.strip())
            period = "." if inner.rstrip().endswith(".") else ""
            parts.append(f"[{wrap}T{period}{wrap}]({target})")
        else:
            parts.append(f"[{_inline(link.text, how, depth + 1)}]({target})")
        position = link.end
    parts.append(_free_text(_unescape(text[position:]), how))
    return "".join(parts)


def _normalise_line(line: str, how: _Abstraction) -> str:
    text = strip_eol(line)
    if not text.strip():
        return ""  # a blank line, whatever spaces it holds
    body = text.lstrip()
    lead = "» " if len(body) < len(text) else ""  # indented (a continuation line): width does not matter
    if body.startswith("|"):
        return lead + "| " + " | ".join(_inline(cell, how) for cell in split_cells(body)) + " |"
    marker = LIST_MARKER.match(body)
    if marker:
        lead += ("N" + marker["delim"] if marker["number"] else marker["bullet"]) + " "
        body = body[marker.end() :]
    return " ".join((lead + _inline(body, how)).split())


def normalise_block(lines: Sequence[str], title: str, skeleton: frozenset[str] = frozenset()) -> str:
    """The block with titles, URLs, digits and free text abstracted, one line per line (blank lines kept
    inside, dropped at the ends): what `exact` compares. An empty block normalises to ""."""
    how = _Abstraction(title, skeleton)
    return "\n".join(_normalise_line(line, how) for line in strip_blank_ends(lines))


def _visible(text: str, depth: int = 0) -> str:
    """What a reader sees of `text` as words: link texts and image alt texts, no URLs or HTML tags."""
    parts: list[str] = []
    position = 0
    for link in find_links(text) if depth < _MAX_DEPTH else ():
        parts.append(text[position : link.start])
        parts.append(link.text if link.image else _visible(link.text, depth + 1))
        position = link.end
    parts.append(text[position:])
    return _TOKEN.sub(lambda m: " " if m.lastgroup in ("url", "tag") else m.group(), " ".join(parts))


def skeleton_words(entries: Sequence[Entry]) -> frozenset[str]:
    """Words (case kept) that at least half of the entries show: labels like "Paper", "Code", "Preprint".

    Everything else an entry says (titles, authors, notes, venues) is free text for `normalise_block`."""
    counts: Counter[str] = Counter()
    for entry in entries:
        counts.update(set(_WORD.findall(_visible(" ".join(strip_eol(line) for line in entry.lines)))))
    return frozenset(word for word, count in counts.items() if 2 * count >= len(entries))


def strip_blank_ends(lines: Sequence[str]) -> list[str]:
    """The lines without line endings and without blank lines at either end."""
    out = [strip_eol(line) for line in lines]
    while out and not out[-1].strip():
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    return out


# ---------------------------------------------------------------- near: the block's features

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_FORMS = re.compile(
    rf"(?P<mdy_name>{_MONTH}\s+\d{{1,2}},?\s+(?:19|20)\d{{2}})"
    rf"|(?P<dmy_name>\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?:19|20)\d{{2}})"
    rf"|(?P<my_name>{_MONTH}\s+(?:19|20)\d{{2}})"
    r"|(?P<ymd>(?<!\d)(?:19|20)\d{2}(?P<sep>[-./])\d{1,2}(?P=sep)\d{1,2}(?!\d))"
    r"|(?P<dmy>(?<!\d)\d{1,2}/\d{1,2}/(?:19|20)\d{2}(?!\d))"
    r"|(?P<ym>(?<!\d)(?:19|20)\d{2}(?P<sep2>[-./])(?:0?[1-9]|1[0-2])(?![\d.]))"
    r"|(?P<my>(?<![\d/])(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}(?!\d))"
    r"|(?P<yymm>\[(?:1[5-9]|2\d)(?:0[1-9]|1[0-2])\])"
    r"|(?P<yy_mm>(?<![\w.])(?:1[5-9]|2\d)\.(?:0[1-9]|1[0-2])(?![\w.%]))"
    r"|(?P<apos_yy>(?<=['’])\d{2}(?!\d))"
    r"|(?P<year>(?<!\d)(?:19|20)\d{2}(?!\d))",
    re.IGNORECASE,
)
_OPEN_CLOSE = {"[": "]", "(": ")", "（": "）"}


def _date_form(match: re.Match[str], text: str) -> str:
    kind = match.lastgroup or ""
    if kind in ("sep", "sep2"):  # lastgroup is the last *closed* group: the separator of ymd/ym
        kind = "ymd" if match.group("ymd") else "ym"
    if kind == "ymd":
        form = f"YYYY{match.group('sep')}MM{match.group('sep')}DD"
    elif kind == "ym":
        form = f"YYYY{match.group('sep2')}MM"
    else:
        form = {
            "mdy_name": "Mon D, YYYY", "dmy_name": "D Mon YYYY", "my_name": "Mon YYYY", "dmy": "NN/NN/YYYY",
            "my": "MM/YYYY", "yymm": "[YYMM]", "yy_mm": "YY.MM", "apos_yy": "'YY", "year": "YYYY",
        }[kind]  # fmt: skip
    before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
    if kind != "yymm" and before in _OPEN_CLOSE and _OPEN_CLOSE[before] == after:
        form = f"{before}{form}{after}"
    return form


def _without_title_and_urls(line: str, title: str, depth: int = 0) -> str:
    """The line's text as date detection reads it: no URLs, no image sources, no title."""
    parts: list[str] = []
    position = 0
    for link in find_links(line) if depth < _MAX_DEPTH else ():
        parts.append(line[position : link.start])
        if not link.image and not _is_title(link.text, title):
            parts.append("[" + _without_title_and_urls(link.text, title, depth + 1) + "]")
        position = link.end
    parts.append(line[position:])
    text = _TOKEN.sub(lambda m: " " if m.lastgroup in ("url", "tag") else m.group(), "".join(parts))
    return re.sub(re.escape(title), " ", text, flags=re.IGNORECASE) if title.strip() else text


def date_formats(lines: Sequence[str], title: str) -> tuple[str, ...]:
    """The date formats the block writes, in order ("YYYY-MM-DD", "[YYMM]", "YY.MM", "Mon D, YYYY",
    "(YYYY.MM)", "'YY", "YYYY", ...); () when it writes no date. Digits in the title and URLs do not count."""
    found: list[str] = []
    for line in lines:
        text = _without_title_and_urls(strip_eol(line), title)
        found += [_date_form(match, text) for match in _DATE_FORMS.finditer(text)]
    return tuple(dict.fromkeys(found))


_COARSE = (
    (re.compile(r"YYYY(.)MM\1DD"), r"YYYY\1MM"),
    (re.compile(r"Mon D, YYYY|D Mon YYYY"), "Mon YYYY"),
    (re.compile(r"NN/NN/YYYY"), "MM/YYYY"),
)


def to_month(forms: Sequence[str]) -> tuple[str, ...]:
    """Date formats cut to month precision ("YYYY-MM-DD" -> "YYYY-MM", "Mon D, YYYY" -> "Mon YYYY"): what
    the maintainer's format looks like written with a date whose day is unknown."""
    out = []
    for form in forms:
        for pattern, month in _COARSE:
            form = pattern.sub(month, form)
        out.append(form)
    return tuple(dict.fromkeys(out))


def knowable(link_text: str, url: str, image: bool, new: NewEntry) -> bool:
    """Whether a bot knowing `new` could write this link: a page of the same paper, its code repo, a
    placeholder without target, or the repo's GitHub star badge. Project pages, model cards, demos,
    datasets, other papers and static shields (venue, type) are not in the metadata a bot has."""
    repo = ids.github_repo_from_url(new.code_url)
    if image:
        return (
            _image_kind(url) == "I:github/stars"
            and repo is not None
            and repo == ids.github_repo_from_badge(url)
        )
    inner = [link for link in find_links(link_text) if link.image]
    if inner and not strip_markup(link_text):  # a badge: judged by its images
        return all(knowable(link.text, link.url, True, new) for link in inner)
    if not url or url == new.url:
        return True
    paper = ids.paper_keys(url=new.url, arxiv_id=new.arxiv_id)
    return bool(ids.paper_keys(url=url) & paper) or (
        repo is not None and ids.github_repo_from_url(url) == repo
    )


def _link_label(text: str, url: str, image: bool) -> str:
    if image:
        return f"image {' '.join(strip_markup(text).split()) or '-'} {_image_kind(url)}"
    inner = find_links(text)
    if inner and all(link.image for link in inner) and not strip_markup(text):
        return "badge " + " + ".join(_link_label(link.text, link.url, True) for link in inner)
    return " ".join(strip_markup(text).split()) or "(empty)"


def link_labels(lines: Sequence[str], title: str, known: NewEntry | None = None) -> frozenset[str]:
    """Labels of the block's links other than the title link: their texts ("Code", "Paper"), and the
    kind and alt text of images and badges; given `known`, only the links a bot knowing it could write."""
    labels: set[str] = set()
    for line in lines:
        for link in find_links(strip_eol(line)):
            if link.image or not _is_title(link.text, title):
                if known is not None and not knowable(link.text, link.url, link.image, known):
                    continue
                labels.add(_link_label(link.text, link.url, link.image))
    return frozenset(labels)


def _marker(lines: Sequence[str]) -> str:
    first = lines[0].lstrip() if lines else ""
    if first.startswith("|"):
        return "table row"
    marker = LIST_MARKER.match(first)
    if marker:
        return "numbered" + marker["delim"] if marker["number"] else marker["bullet"]
    return "paragraph" if first else "none"


def _has_title(text: str, title: str) -> bool:
    key = ids.normalize_title(title)
    return bool(key) and f" {key} " in f" {ids.normalize_title(strip_markup(text))} "


def _cell_index(line: str, position: int) -> int:
    """The table cell (0-based) that `position` of a row falls in."""
    pipes = len(re.findall(r"(?<!\\)\|", line[:position]))
    return pipes - 1 if line.lstrip().startswith("|") else pipes


def title_form(lines: Sequence[str], title: str) -> str | None:
    """How the block shows its title: "link" or "text", with "+bold", "+italic", "+quoted", "+period",
    and for a table row the cell it stands in ("link+bold@0"); None when the title is missing."""
    for raw in lines:
        line = strip_eol(raw)
        for link in find_links(line):
            if not link.image and _is_title(link.text, title):
                wrap, inner = unwrap_emphasis(link.text.strip())
                before, after = line[: link.start], line[link.end :]
                outer = next(
                    (w for w in ("**", "__", "*", "_") if before.endswith(w) and after.startswith(w)), ""
                )
                after = after[len(outer) :]
                period = inner.rstrip("*_ ").endswith(".") or after.startswith(".")
                return _form("link", wrap or outer, before.rstrip("*_ ")[-1:], period, line, link.start)
        match = re.search(re.escape(title), line, re.IGNORECASE) if title.strip() else None
        if match:
            before, after = line[: match.start()], line[match.end() :]
            wrap = next((w for w in ("**", "__", "*", "_") if before.endswith(w) and after.startswith(w)), "")
            after = after[len(wrap) :]
            period = title.rstrip().endswith(".") or after.startswith(".")
            return _form("text", wrap, before[: len(before) - len(wrap)][-1:], period, line, match.start())
    return None


def _form(kind: str, wrap: str, opener: str, period: bool, line: str, position: int) -> str:
    form = kind + ("+bold" if wrap in ("**", "__") else "+italic" if wrap else "")
    form += "+quoted" if opener in "\"“'‘「«" and opener else ""
    form += "+period" if period else ""
    if line.lstrip().startswith("|"):
        form += f"@{_cell_index(line, position)}"
    return form


@dataclass(frozen=True)
class Features:
    """What `near` compares between the written and the maintainer's block (place is compared apart)."""

    marker: str
    date_format: tuple[str, ...]
    link_labels: frozenset[str]
    columns: int | None
    title_form: str | None
    lines: int

    @classmethod
    def of(cls, block: Sequence[str], title: str, known: NewEntry | None = None) -> Features:
        """The features of a block; given `known` (what the bot knew), the maintainer's block is read as
        far as a bot could write it: links it could not know are left out, and day-precise date
        formats are cut to the month when the bot knew only the month."""
        row = entry_line(block, title).strip()
        dates = date_formats(block, title)
        if known is not None and len(known.date_text or "") == 7:
            dates = to_month(dates)
        return cls(
            marker=_marker(block),
            date_format=dates,
            link_labels=link_labels(block, title, known),
            columns=len(split_cells(row)) if row.startswith("|") else None,
            title_form=title_form(block, title),
            lines=len(block),
        )

    def misses(self, other: Features) -> dict[str, tuple[Any, Any]]:
        """check -> (this, other) for every feature that differs."""
        pairs = {
            "marker": (self.marker, other.marker),
            "date format": (self.date_format, other.date_format),
            "link labels": (sorted(self.link_labels), sorted(other.link_labels)),
            "columns": (self.columns, other.columns),
            "title form": (self.title_form, other.title_form),
            "lines": (self.lines, other.lines),
        }
        return {name: pair for name, pair in pairs.items() if pair[0] != pair[1]}


# ---------------------------------------------------------------- the written block

_NUMBER = re.compile(r"^([ \t]*)\d{1,9}(?=[.)][ \t])")


def _renumber_key(line: str) -> str:
    return _NUMBER.sub(r"\1#", strip_eol(line))


@dataclass
class Splice:
    """How the result differs from the parent: inserted lines, and lines changed other than by inserting."""

    inserted: list[str]
    changed: list[int]  # parent line indexes replaced or deleted
    renumbered: list[int]  # parent line indexes whose list number alone changed


def splice_of(before: Sequence[str], after: Sequence[str]) -> Splice:
    """Diff two line lists, reading a change of a leading list number as a renumbering, not a change."""
    old, new = [_renumber_key(line) for line in before], [_renumber_key(line) for line in after]
    low = 0
    while low < min(len(old), len(new)) and old[low] == new[low]:
        low += 1
    high = 0
    while high < min(len(old), len(new)) - low and old[-1 - high] == new[-1 - high]:
        high += 1
    matcher = SequenceMatcher(None, old[low : len(old) - high], new[low : len(new) - high], autojunk=False)
    inserted: list[str] = []
    changed: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("insert", "replace"):
            inserted += [strip_eol(line) for line in after[low + j1 : low + j2]]
        if tag in ("delete", "replace"):
            changed += range(low + i1, low + i2)
    aligned = [(i, i) for i in range(low)] + [(len(old) - 1 - k, len(new) - 1 - k) for k in range(high)]
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            aligned += [(low + i1 + k, low + j1 + k) for k in range(i2 - i1)]
    renumbered = [i for i, j in aligned if before[i] != after[j]]
    return Splice(inserted, changed, sorted(renumbered))


# ---------------------------------------------------------------- one case


@dataclass(frozen=True)
class IntakeCase:
    """An addition under a day heading of a list that files new papers by day: what the maintainer did,
    and the run's day (the child version's date), which files a paper whose day the bot does not know."""

    day: date  # the day the maintainer's heading names
    heading: str | None  # the maintainer's heading line when the child added it, else None
    run_day: date | None


@dataclass
class Candidate:
    """A maintainer's addition to replay: the entry in the child version and where it stood."""

    pair: int  # index of the child version in the list's versions
    entry: Entry
    section: SectionKey  # the child's section (the parent has one with the same key)
    before: int  # entries of the parent above it in the child's section
    after: int  # entries of the parent below it
    rank: str  # the stable sampling hash
    intake: IntakeCase | None = None  # set when the parent files new papers by day (`listdoc.intake`)


@dataclass
class Case:
    """One replayed addition and how the written block compares with the maintainer's."""

    parent: str
    child: str
    section: str
    title: str
    maintainer: list[str]
    written: list[str] = field(default_factory=list)
    exact: bool = False
    near: bool = False
    misses: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # near check -> (written, maintainer)
    defects: list[str] = field(default_factory=list)
    detail: str = ""
    normal_written: str = ""
    normal_maintainer: str = ""
    unknowable: int = 0  # links of the maintainer's block a bot could not know (left out of `near`)
    # dated intake only: (bot's, maintainer's) day; (written, maintainer's) heading line, None where none was
    # written; whether the bot writes the maintainer's heading for the maintainer's own day
    day: tuple[date, date] | None = None
    day_source: str = ""  # one of DAY_SOURCES
    heading: tuple[str | None, str | None] | None = None
    heading_form: bool | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "parent": self.parent,
            "child": self.child,
            "section": self.section,
            "title": self.title,
            "exact": self.exact,
            "near": self.near,
            "near_misses": {name: [_jsonable(a), _jsonable(b)] for name, (a, b) in self.misses.items()},
            "defects": self.defects,
            "detail": self.detail,
            "unknowable_links": self.unknowable,
            "written": self.written,
            "maintainer": self.maintainer,
        } | self._intake_json()

    def _intake_json(self) -> dict[str, Any]:
        if self.day is None or self.heading is None:
            return {}
        return {
            "day": [self.day[0].isoformat(), self.day[1].isoformat()],
            "day_source": self.day_source,
            "heading": list(self.heading),
            "heading_form": self.heading_form,
        }


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple | frozenset | set) else value


def _crash_summary(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = next((f for f in reversed(frames) if "/tracker/" in f.filename), frames[-1] if frames else None)
    place = f" at {where.filename.split('/tracker/')[-1]}:{where.lineno} in {where.name}" if where else ""
    return f"{type(exc).__name__}: {exc}{place}"


def _same_title(a: str, b: str) -> bool:
    """Titles equal but for case, spacing and punctuation (a list's convention may add a final period)."""
    return ids.normalize_title(a) == ids.normalize_title(b)


def _find_written(doc: Document, key: SectionKey, new: NewEntry) -> tuple[Section, int] | None:
    """The section and index of the entry the insertion created: same title, its URLs hold the main URL."""
    section = find_by_key(doc, key)
    if section is not None:
        for index, entry in enumerate(section.entries):
            if _same_title(entry.title, new.title) and (
                not new.url or new.url == entry.url or new.url in entry.urls
            ):
                return section, index
    return None


def entry_line(block: Sequence[str], title: str) -> str:
    """The block's line that shows the title (a written block may start with a copied table header)."""
    return next((line for line in block if _has_title(line, title)), block[0] if block else "")


def _wrong_column(written: Sequence[str], maintainer: Sequence[str], title: str) -> bool:
    """Table rows: the title not in the cell where the maintainer's row has it, or a URL in a cell the
    maintainer's row leaves without URLs."""
    ours_row, theirs_row = entry_line(written, title).lstrip(), entry_line(maintainer, title).lstrip()
    if not (ours_row.startswith("|") and theirs_row.startswith("|")):
        return False
    ours, theirs = split_cells(ours_row), split_cells(theirs_row)
    where = next((i for i, cell in enumerate(theirs) if _has_title(cell, title)), None)
    if where is not None and (where >= len(ours) or not _has_title(ours[where], title)):
        return True
    return any(
        all_urls(cell) and (i >= len(theirs) or not all_urls(theirs[i])) for i, cell in enumerate(ours)
    )


def replay_case(
    parent: Document, parent_name: str, child_name: str, candidate: Candidate, meta: Mapping[str, ArxivMeta]
) -> Case:
    """Insert the bot's view of `candidate` into `parent`; compare the written block with the maintainer's."""
    entry = candidate.entry
    section = find_by_key(parent, candidate.section)
    # the path as `tracker list` prints it ("A > B", "A > B #2" for a repeated path), as a bot is told it
    query = section.path_text if section is not None else " > ".join(candidate.section[0])
    case = Case(parent_name, child_name, query, entry.title, strip_blank_ends(entry.lines))
    new = bot_entry(entry, meta)
    result = _attempt(case, lambda: insert_entry(parent, query, new, check_duplicates=False))
    return case if result is None else compare(case, parent, result, candidate, new)


def _attempt(case: Case, write: Callable[[], T]) -> T | None:
    """`write()`, or None with the defect noted on `case`: a refused section (UsageError) or a crash (any
    other exception, a finding reported with its place)."""
    try:
        return write()
    except UsageError as exc:
        case.defects.append("refused section")
        case.detail = str(exc)
    except Exception as exc:
        case.defects.append("crash")
        case.detail = _crash_summary(exc)
    return None


DAY_SOURCES = ("submitted", "announced", "run")  # what the bot's day came from, most precise first


def bot_day(entry: Entry, meta: Mapping[str, ArxivMeta], run_day: date | None) -> tuple[date | None, str]:
    """The day a bot files the paper of `entry` under on a list that files by day, as `tracker run` does
    (`publish.plan.proposal_day`), and what it came from: the v1 submission day ("submitted", the arXiv
    API's `published`), else the first listing day ("announced", as the arXiv RSS gives it), else the
    run's day ("run": the child version's date)."""
    known = meta.get(entry.arxiv_id) if entry.arxiv_id else None
    for text, source in ((known.published, "submitted"), (known.date, "announced")) if known else ():
        try:
            return date.fromisoformat(text or ""), source
        except ValueError:
            continue
    return run_day, "run"


def replay_candidate(
    parent: Document, parent_name: str, child_name: str, candidate: Candidate, meta: Mapping[str, ArxivMeta]
) -> Case:
    """Replay one addition: through the intake when the parent files new papers by day, else into the
    maintainer's own section (`replay_case`)."""
    if candidate.intake is None:
        return replay_case(parent, parent_name, child_name, candidate, meta)
    return replay_intake_case(parent, parent_name, child_name, candidate, candidate.intake, meta)


def replay_intake_case(
    parent: Document,
    parent_name: str,
    child_name: str,
    candidate: Candidate,
    info: IntakeCase,
    meta: Mapping[str, ArxivMeta],
) -> Case:
    """Replay an addition to a list that files new papers by day, as `tracker run` files it: under the
    bot's day for the paper (`intake.file_by_day`, writing the day's heading when the parent lacks it),
    then compare the written block as `replay_case` does, and the written heading with the maintainer's."""
    entry = candidate.entry
    new = bot_entry(entry, meta)
    day, source = bot_day(entry, meta, info.run_day)
    day = day or info.day  # the maintainer's day only for a version whose file name has no date
    case = Case(parent_name, child_name, "", entry.title, strip_blank_ends(entry.lines))
    def write() -> tuple[Intake, Document, str, Document]:
        workflow = require(parent)
        target, [query], added = file_by_day(parent, [day])
        case.section = query
        return workflow, target, query, insert_entry(target, query, new, check_duplicates=False, added=added)

    written = _attempt(case, write)
    if written is None:
        return case
    workflow, target, query, result = written
    heading = splice_of(parent.lines, target.lines)
    case.heading = (next((line for line in heading.inserted if line.strip()), None), info.heading)
    case.day, case.day_source = (workflow.bucket(day), info.day), source
    case.heading_form = info.heading is not None and workflow.heading(info.day) == info.heading
    compare(case, target, result, replace(candidate, section=section_key(find_section(target, query))), new)
    if heading.changed:
        case.defects.append("changed other line")
        case.detail = f"the day heading changed line {heading.changed[0] + 1}"
    return case


def compare(case: Case, parent: Document, result: Document, candidate: Candidate, new: NewEntry) -> Case:
    """Fill `case` from the document the insertion of `new` into `parent` produced: the written block,
    the defects, `exact` and `near` (see the module docstring)."""
    entry = candidate.entry
    section = find_by_key(parent, candidate.section)
    splice = splice_of(parent.lines, result.lines)
    case.written = strip_blank_ends(splice.inserted)
    inside = range(section.start, section.end) if section else range(0)
    if splice.changed or any(i not in inside for i in splice.renumbered):
        case.defects.append("changed other line")
        case.detail = "; ".join(
            f"line {i + 1}: {strip_eol(parent.lines[i])[:80]!r}"
            for i in (splice.changed or [i for i in splice.renumbered if i not in inside])[:3]
        )
    if not _has_title(" ".join(case.written), new.title):
        case.defects.append("title missing")
    if _wrong_column(case.written, case.maintainer, new.title):
        case.defects.append("wrong column")
    found = _find_written(result, candidate.section, new)
    if found is None:
        case.defects.append("not listed afterwards")
    skeleton = skeleton_words(section.entries) if section else frozenset()
    case.normal_written = normalise_block(case.written, new.title, skeleton)
    case.normal_maintainer = normalise_block(case.maintainer, entry.title, skeleton)
    case.exact = bool(case.normal_written) and case.normal_written == case.normal_maintainer
    case.misses = Features.of(case.written, new.title).misses(Features.of(case.maintainer, entry.title, new))
    case.unknowable = len(
        link_labels(case.maintainer, entry.title) - link_labels(case.maintainer, entry.title, new)
    )
    if found is not None:
        before, after = found[1], len(found[0].entries) - found[1] - 1
        if not (
            before == candidate.before or before == candidate.before == 0 or after == candidate.after == 0
        ):
            case.misses["place"] = (
                f"{before} above, {after} below",
                f"{candidate.before} above, {candidate.after} below",
            )
    else:
        case.misses["place"] = ("not found", f"{candidate.before} above, {candidate.after} below")
    case.near = bool(case.written) and not case.misses
    return case


# ---------------------------------------------------------------- one list


@dataclass(frozen=True)
class Caps:
    """Deterministic caps on the work per list: additions replayed per version pair, and cases in all."""

    per_pair: int = DEFAULT_PER_PAIR
    per_list: int = DEFAULT_PER_LIST


@dataclass
class ListReport:
    """The figures of one list."""

    name: str
    caps: Caps
    versions: int = 0
    pairs: int = 0
    added: int = 0  # paper entries the maintainer added, over all pairs
    added_other: int = 0  # added entries that are not papers (tools, blogs, repos)
    new_section: int = 0  # of `added`: under a heading path the parent does not have
    replayable: int = 0  # of `added`: in an existing section, or under a day of a list filed by day
    outside: int = 0  # arXiv papers newly linked outside any parsed entry (prose, news, unparsed items)
    cases: list[Case] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def replayed(self) -> int:
        return len(self.cases)

    @property
    def exact(self) -> int:
        return sum(case.exact for case in self.cases)

    @property
    def near(self) -> int:
        return sum(case.near for case in self.cases)

    @property
    def defects(self) -> Counter[str]:
        return Counter(kind for case in self.cases for kind in dict.fromkeys(case.defects))

    @property
    def defect_cases(self) -> int:
        return sum(bool(case.defects) for case in self.cases)

    @property
    def intake_cases(self) -> list[Case]:
        """Cases filed under a day by the intake (lists that file new papers by day)."""
        return [case for case in self.cases if case.day is not None]

    def intake_figures(self) -> dict[str, Any]:
        """Over the intake cases: how many, how many the bot filed under the maintainer's day (also per
        `DAY_SOURCES`: [same, cases]); of those where the maintainer wrote a new day heading, how many the
        bot writes the same way for that day (`heading_form`: the form alone) and how many it actually
        wrote (`heading_exact`: form and day)."""
        cases = self.intake_cases
        new = [case for case in cases if case.heading is not None and case.heading[1] is not None]
        same = [case.day is not None and case.day[0] == case.day[1] for case in cases]
        return {
            "cases": len(cases),
            "same_day": sum(same),
            "same_day_by_source": {
                source: [
                    sum(ok for ok, case in zip(same, cases, strict=True) if case.day_source == source),
                    sum(case.day_source == source for case in cases),
                ]
                for source in DAY_SOURCES
            },
            "new_headings": len(new),
            "heading_form": sum(bool(case.heading_form) for case in new),
            "heading_exact": sum(
                case.heading is not None and case.heading[0] == case.heading[1] for case in new
            ),
        }

    @property
    def target(self) -> str:
        """PASS when near >= 90%, exact >= 60% and no case has a defect; n/a without cases."""
        if not self.cases:
            return "n/a"
        ok = (
            self.near >= NEAR_TARGET * self.replayed
            and self.exact >= EXACT_TARGET * self.replayed
            and not self.defect_cases
        )
        return "PASS" if ok else "miss"

    def to_json(self, with_cases: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "list": self.name,
            "caps": {"per_pair": self.caps.per_pair, "per_list": self.caps.per_list},
            "versions": self.versions,
            "pairs": self.pairs,
            "added": self.added,
            "added_other": self.added_other,
            "new_section": self.new_section,
            "replayable": self.replayable,
            "replayed": self.replayed,
            "outside_entries": self.outside,
            "exact": self.exact,
            "near": self.near,
            "defects": dict(sorted(self.defects.items())),
            "defect_cases": self.defect_cases,
            "near_misses": dict(Counter(name for case in self.cases for name in case.misses).most_common()),
            "cases_with_unknowable_links": sum(bool(case.unknowable) for case in self.cases),
            "target": self.target,
            "seconds": round(self.seconds, 2),
        }
        if self.intake_cases:
            data["intake"] = self.intake_figures()
        if with_cases:
            data["cases"] = [case.to_json() for case in self.cases]
        return data


def _rank(name: str, child: str, entry: Entry) -> str:
    key = "\0".join((name, child, " > ".join(entry.section_path), entry.title, entry.url or ""))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


_ARXIV_LINK = re.compile(r"arxiv\.org/(?:abs|pdf|html)/([\w.\-/]+?)(?:v\d+)?(?:\.pdf)?(?=[\s)\]>\"'|#?]|$)")


def _linked_arxiv_ids(text: str) -> set[str]:
    return {found for raw in _ARXIV_LINK.findall(text) if (found := ids.normalize_arxiv_id(raw))}


def _entry_arxiv_ids(doc: Document) -> set[str]:
    found: set[str] = set()
    for entry in doc.entries():
        found.update(filter(None, [entry.arxiv_id, *map(ids.arxiv_id_from_url, entry.urls)]))
    return found


def _place(section: Section, entry: Entry, known: Mapping[str, Entry]) -> tuple[int, int]:
    """(entries of the parent above `entry`, below it) in the child's section."""
    old = [bool(entry_keys(other) & known.keys()) for other in section.entries]
    index = next(i for i, other in enumerate(section.entries) if other.start == entry.start)
    return sum(old[:index]), sum(old[index + 1 :])


def _collect(report: ListReport, files: Sequence[Path]) -> tuple[list[Candidate], dict[int, Document]]:
    """Parse each version once; find the added paper entries of every pair; sample them per pair.

    Returns the per-pair samples and the parsed parents they need."""
    sampled: list[Candidate] = []
    parents: dict[int, Document] = {}
    previous: Document | None = None
    previous_ids: set[str] = set()
    previous_intake: Intake | None = None
    for index, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        doc = parse_document(text)
        intake = detect(doc)
        linked = _linked_arxiv_ids(text)
        if previous is not None:
            report.pairs += 1
            days = _intake_days(previous_intake, intake)
            pair = _pair_candidates(report, previous, doc, index, path.name, days)
            report.outside += len(linked - previous_ids - _entry_arxiv_ids(doc))
            pair.sort(key=lambda c: c.rank)
            if pair[: report.caps.per_pair]:
                sampled += pair[: report.caps.per_pair]
                parents[index] = previous
        previous, previous_ids, previous_intake = doc, linked, intake
    return sampled, parents


def _intake_days(parent: Intake | None, child: Intake | None) -> dict[int, date]:
    """The child's day sections (by id) and their days, when parent and child file new papers by day
    under the same parent heading; {} otherwise (a list that moved its days elsewhere starts anew)."""
    if parent is None or child is None or parent.parent_path != child.parent_path:
        return {}
    return {id(found.section): found.day for found in child.days}


def _version_day(name: str) -> date | None:
    """The date a stored version's file name starts with (`DATE_SHA.md`): the run's day in a replay."""
    try:
        return date.fromisoformat(name[:10])
    except ValueError:
        return None


def _pair_candidates(
    report: ListReport, parent: Document, child: Document, index: int, name: str, days: Mapping[int, date]
) -> list[Candidate]:
    """Count the pair's added entries into `report`; the replayable ones as candidates. An addition under
    a day heading of a list that files by day (`days`: the child's day sections) is replayed through
    the intake, under a heading the parent has or not."""
    known = listed_keys(parent)
    parent_skipped = skipped_sections(parent)
    parent_sections = {section_key(s) for s in parent.sections if s.path not in parent_skipped}
    skipped = skipped_sections(child)
    found: list[Candidate] = []
    for section in child.sections:
        if section.path in skipped:
            continue
        for entry in section.entries:
            if entry_keys(entry) & known.keys():
                continue
            if not is_paper_entry(entry):
                report.added_other += 1
                continue
            report.added += 1
            new_heading = section_key(section) not in parent_sections
            report.new_section += new_heading
            day = days.get(id(section))
            if new_heading and day is None:
                continue
            report.replayable += 1
            before, after = _place(section, entry, known)
            intake = None
            if day is not None:
                heading = strip_eol(child.lines[section.heading_line]) if new_heading else None
                intake = IntakeCase(day, heading, _version_day(name))
            rank = _rank(report.name, name, entry)
            found.append(Candidate(index, entry, section_key(section), before, after, rank, intake))
    return found


def replay_list(
    data: Path, name: str, caps: Caps = Caps(), meta: Mapping[str, ArxivMeta] | None = None
) -> ListReport:
    """Replay a list's added paper entries (at most `caps`); `meta` defaults to the firehose under `data`."""
    started = time.perf_counter()
    report = ListReport(name, caps)
    files = version_files(data, name)
    report.versions = len(files)
    sampled, parents = _collect(report, files)
    chosen = sorted(
        sorted(sampled, key=lambda c: c.rank)[: caps.per_list], key=lambda c: (c.pair, c.entry.start)
    )
    if chosen and meta is None:
        arxiv_dir = data / "arxiv"
        meta = load_arxiv_meta(arxiv_dir) if arxiv_dir.is_dir() else {}
    for candidate in chosen:
        names = files[candidate.pair - 1].name, files[candidate.pair].name
        report.cases.append(replay_candidate(parents[candidate.pair], *names, candidate, meta or {}))
    report.seconds = time.perf_counter() - started
    return report


def replay_lists(data: Path, names: Sequence[str], caps: Caps = Caps()) -> Iterator[ListReport]:
    """Replay each named list, sharing one load of the arXiv metadata."""
    arxiv_dir = data / "arxiv"
    meta = load_arxiv_meta(arxiv_dir) if arxiv_dir.is_dir() else {}
    for name in names:
        yield replay_list(data, name, caps, meta)
