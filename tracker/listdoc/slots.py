"""Find what each piece of one written entry *is*: the slots of a template learned from the entry itself.

An entry such as `* [2508] [VITAL] [Title](https://arxiv.org/abs/2508.04416)  [[Code 💻](https://…)]`
is read into character spans: the date `2508` (format `%y%m`), a short name, the title, the paper
URL, a code link group, and what is left: literal text (markers, brackets, labels, separators) and
free text the maintainer wrote by hand (notes, summaries, affiliations). `entry_template` renders a
new paper through these spans; a slot the bot has no value for is dropped with its whole group
(`[[Code 💻](…)]` and the spacing before it), never left half-written.

Nothing here knows a list: every rule reads the entry's own markup, links and text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker import ids
from tracker.listdoc.inline import Link, find_links

SlotKind = (
    str  # title | paper_url | code_url | repo | arxiv_id | date | authors | short_name | venue | free | drop
)

# Dates as lists write them. Each: pattern, format; a format's %y%m / %y.%m forms are checked against
# the entry's arXiv id (a bare "2508" is a date only when it is the id's month).
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = "|".join(MONTH_NAMES) + "|Sept"  # the month names lists write, short
_DATE_FORMATS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![\w.])(20\d{2})-(\d{2})-(\d{2})(?![\w-])"), "%Y-%m-%d"),
    (re.compile(r"(?<![\w.])(20\d{2})\.(\d{2})\.(\d{2})(?![\w.])"), "%Y.%m.%d"),
    (re.compile(r"(?<![\w/])(20\d{2})/(\d{2})/(\d{2})(?![\w/])"), "%Y/%m/%d"),
    (re.compile(r"(?<![\w/])(\d{2})/(\d{2})/(20\d{2})(?![\w/])"), "%m/%d/%Y"),
    (re.compile(rf"(?<!\w)({_MONTHS})\.? (\d{{1,2}}), (20\d{{2}})(?!\w)"), "%b. %d, %Y"),
    (re.compile(rf"(?<!\w)({_MONTHS})[a-z]*\.? (20\d{{2}})(?!\w)"), "%b %Y"),
    (re.compile(r"(?<![\w.-])(20\d{2})-(\d{2})(?![\w-])"), "%Y-%m"),
    (re.compile(r"(?<![\w.])(20\d{2})\.(\d{2})(?![\w.])"), "%Y.%m"),
    (re.compile(r"(?<![\w.])(20\d{2})\.([1-9])(?![\w.])"), "%Y.%n"),  # an unpadded month: 2024.9
    (re.compile(r"(?<![\w./])(\d{2})\.(\d{2})(?![\w.])"), "%y.%m"),
    (re.compile(r"(?<=\[)(\d{2})(\d{2})(?=\])"), "%y%m"),
)
_VENUE = re.compile(
    r"(?<![\w/])(?P<name>arXiv|ArXiv|Arxiv|Preprint|preprint|[A-Z][A-Za-z]*[A-Z][A-Za-z-]*|[A-Z]{2,})"
    r"(?P<sep> ?'| )(?P<year>(?:19|20)?\d{2})(?P<tail>(?: [A-Z][a-z]+)?)(?![\w'])"
)
_PREPRINT_WORD = re.compile(r"(?<![\w/.-])(?P<name>arXiv|ArXiv|Arxiv|Preprint|preprint)(?![\w'/.-])")
_NAME = r"[A-Z\u00C0-\u024F][\w\u00C0-\u024F.'’-]*(?:[ -][A-Za-z\u00C0-\u024F][\w\u00C0-\u024F.'’-]*){0,4}"
_AUTHORS = re.compile(
    rf"(?<![\w\u00C0-\u024F])(?P<names>{_NAME}(?:(?:, | and |, and ){_NAME}){{1,}}(?:,? et al\.?)?"
    rf"|{_NAME} et al\.?)(?![\w\u00C0-\u024F])"
)
_WORDS = re.compile(r"[^\W\d_](?:[\w'’.-]*[\w])?", re.UNICODE)
_BRACKETS = {"(": ")", "[": "]", "（": "）", "【": "】", "{": "}", '"': '"', "“": "”", "`": "`"}
_EMPHASIS = ("***", "**", "__", "*", "_")
_YEAR = re.compile(r"(?<![\w.])(?:19|20)\d{2}(?:[./-]\d{1,2}){0,2}(?![\w])")
_SPACING = " \t,;|/·•–—-"
_STAR_BADGE = re.compile(r"/github/stars/(?P<repo>[\w.-]+/[\w.-]+?)(?=\.svg|\?|$|\))")


@dataclass(frozen=True)
class Slot:
    """One span of the exemplar's text: `start:end` holds the value; `group_start:group_end` goes with it
    when the new entry has no value for it. `form` says how to write the value (date format, authors
    form, venue form)."""

    kind: SlotKind
    start: int
    end: int
    group_start: int
    group_end: int
    form: str = ""


@dataclass(frozen=True)
class Facts:
    """What is known of the exemplar entry: its title and the identity its links carry."""

    title: str
    arxiv_id: str | None = None


def _host_kind(url: str) -> SlotKind:
    """What a link target is: the paper (arXiv or a paper host), the code (GitHub), or something the bot
    cannot know for a new paper (project page, model card: dropped)."""
    if ids.arxiv_id_from_url(url) or ids.doi_from_url(url):
        return "paper_url"
    if ids.github_repo_from_url(url):
        return "code_url"
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    if any(
        part in host for part in ("openreview", "aclanthology", "thecvf", "neurips", "nips.cc", "acm.org")
    ):
        return "paper_url"
    return "drop"


def _enclosing(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span over brackets written right around it: `[` `[Code](u)` `]`, `(` note `)`."""
    while start > 0 and end < len(text) and _BRACKETS.get(text[start - 1]) == text[end]:
        start, end = start - 1, end + 1
    return start, end


def _emphasis_around(text: str, start: int, end: int) -> tuple[int, int]:
    for mark in _EMPHASIS:
        if text.startswith(mark, end) and text[:start].endswith(mark):
            return start - len(mark), end + len(mark)
    return start, end


def _norm_title(text: str) -> str:
    return " ".join(ids.normalize_title(text).split())


class _Finder:
    """Collects non-overlapping slots over the exemplar text, links first, then text patterns."""

    def __init__(self, text: str, facts: Facts) -> None:
        self.text = text
        self.facts = facts
        self.slots: list[Slot] = []
        self.taken = [False] * len(text)
        self.irregular = False

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(
        self, kind: SlotKind, start: int, end: int, group: tuple[int, int] | None = None, form: str = ""
    ) -> None:
        group_start, group_end = group or (start, end)
        self.slots.append(Slot(kind, start, end, group_start, group_end, form))
        for index in range(start, end):
            self.taken[index] = True

    def add_enclosed(self, kind: SlotKind, start: int, end: int, form: str = "") -> None:
        """A slot whose group is its span with the brackets written right around it."""
        self.add(kind, start, end, _enclosing(self.text, start, end), form)

    def claim(self, start: int, end: int) -> None:
        """Literal text inside a slot's group (a link's label): never read as free text."""
        for index in range(start, end):
            self.taken[index] = True

    # -- links

    def links(self) -> None:
        title_key = _norm_title(self.facts.title)
        title_done = False
        for link in find_links(self.text):
            label_start = link.start + (2 if link.image else 1)
            label_end = label_start + len(link.text)
            url_start = self.text.rfind(link.url, label_end, link.end) if link.url else -1
            if link.url and self.text[label_end + 2 : link.end - 1].strip() != link.url:
                self.irregular = True  # "[T]([u](u))" and other typos: never the exemplar of a section
            inner = find_links(link.text)
            if (
                not title_done
                and not link.image
                and not inner
                and _norm_title(link.text) == title_key
                and title_key
            ):
                title_done = True
                self._title(label_start, label_end)
                if url_start >= 0:
                    self.add("paper_url", url_start, url_start + len(link.url))
                elif not link.url.strip() and self.text[label_end : label_end + 2] == "](":
                    self.add("paper_url", label_end + 2, label_end + 2)  # "[Title]()": a link still to fill
                self.claim(link.start, link.end)
                continue
            group = _enclosing(self.text, link.start, link.end)
            if link.image or inner:
                self._badge(link, group, label_start, url_start)
                continue
            kind = _host_kind(link.url) if link.url else "drop"
            if kind == "drop" or url_start < 0:
                self.add("drop", link.start, link.end, group)
                continue
            self.add(kind, url_start, url_start + len(link.url), group)
            self.claim(link.start, link.end)
        if not title_done:
            self._plain_title()

    def _badge(self, link: Link, group: tuple[int, int], label_start: int, url_start: int) -> None:
        """An image or a badge link: an arXiv badge carries the id, a star badge the repo; others drop."""
        whole = self.text[link.start : link.end]
        star = _STAR_BADGE.search(whole)
        arxiv = self.facts.arxiv_id and whole.find(self.facts.arxiv_id)
        if star:
            repo_start = link.start + star.start("repo")
            self.add("repo", repo_start, repo_start + len(star["repo"]), group)
            for index in range(link.start, link.end):
                self.taken[index] = True
            self._outer_url(link, url_start, "code_url")
        elif arxiv is not None and arxiv >= 0 and self.facts.arxiv_id:
            start = link.start + arxiv
            self.add("arxiv_id", start, start + len(self.facts.arxiv_id), group)
            self.claim(link.start, link.end)
            self._outer_url(link, url_start, "paper_url")
        else:
            self.add("drop", link.start, link.end, group)

    def _outer_url(self, link: Link, url_start: int, kind: SlotKind) -> None:
        """The target of a badge link (`[![arXiv](…)](https://arxiv.org/abs/…)`) is a slot of its own."""
        if link.image or url_start < 0 or not link.url or _host_kind(link.url) != kind:
            return
        self.slots.append(
            Slot(kind, url_start, url_start + len(link.url), url_start, url_start + len(link.url))
        )

    def _title(self, start: int, end: int) -> None:
        """The title's span without emphasis or a trailing period, which stay literal around it."""
        inner_start, inner_end = start, end
        for mark in _EMPHASIS:
            if self.text.startswith(mark, inner_start) and self.text[:inner_end].endswith(mark):
                inner_start, inner_end = inner_start + len(mark), inner_end - len(mark)
                break
        while inner_end > inner_start and self.text[inner_end - 1] in ".;,: ":
            inner_end -= 1
        self.add("title", inner_start, inner_end)

    def _plain_title(self) -> None:
        """A title written as text (bold or plain): its first occurrence outside any slot."""
        title = self.facts.title.strip().rstrip(".;,:")
        at = self.text.find(title) if title else -1
        while at >= 0 and not self.free(at, at + len(title)):
            at = self.text.find(title, at + 1)
        if at >= 0:
            self._title(at, at + len(title))

    # -- text patterns

    def bare_urls(self) -> None:
        for match in re.finditer(r"https?://[^\s<>()\[\]|\"'`]+", self.text):
            if self.free(match.start(), match.end()):
                kind = _host_kind(match.group(0))
                self.add_enclosed(kind, match.start(), match.end())

    def dates(self) -> None:
        yymm = self.facts.arxiv_id[:4] if self.facts.arxiv_id and self.facts.arxiv_id[:4].isdigit() else None
        for pattern, form in _DATE_FORMATS:
            for match in pattern.finditer(self.text):
                if not self.free(match.start(), match.end()):
                    continue
                if form in ("%y%m", "%y.%m") and (match.group(1) + match.group(2)) != yymm:
                    continue
                monthly = form in ("%Y-%m", "%Y.%m", "%Y.%n", "%y.%m", "%y%m")
                if monthly and not 1 <= int(match.group(2)) <= 12:
                    continue
                self.add_enclosed("date", match.start(), match.end(), form)

    def venues(self) -> None:
        """`NeurIPS 2024`, `Preprint'25`, `arXiv 2025` (form keeps the year's width), and a lone
        preprint word such as `` `Preprint` `` (form without a year)."""
        for match in _PREPRINT_WORD.finditer(self.text):
            after = self.text[match.end() : match.end() + 5]
            if self.free(match.start(), match.end()) and not re.match(r" ?'?\d", after):
                self.add_enclosed("venue", match.start(), match.end(), match["name"])
        for match in _VENUE.finditer(self.text):
            if self.free(match.start(), match.end()):
                year = match["year"]
                form = f"{match['name']}{match['sep']}{'%Y' if len(year) == 4 else '%y'}{match['tail']}"
                self.add_enclosed("venue", match.start(), match.end(), form)

    def authors(self) -> None:
        for match in _AUTHORS.finditer(self.text):
            names = match["names"]
            if not self.free(match.start(), match.end()) or _norm_title(names) == _norm_title(
                self.facts.title
            ):
                continue
            if names.count(",") < 1 and " et al" not in names and " and " not in names:
                continue
            end = match.end() - 1 if names.endswith(".") and not names.endswith("et al.") else match.end()
            self.add_enclosed("authors", match.start(), end, _authors_form(names))

    def short_name(self) -> None:
        """`**Name**` or `[Name]` right before the title on its line: a short name, written from the new
        title's `Name: …` prefix (or dropped)."""
        title = next((slot for slot in self.slots if slot.kind == "title"), None)
        if title is None:
            return
        line_start = self.text.rfind("\n", 0, title.start) + 1
        head = self.text[line_start : title.group_start]
        for match in re.finditer(r"\*\*(?P<a>[^*\n]{1,40})\*\*|\[(?P<b>[^\[\]\n]{1,40})\](?!\()", head):
            name = match["a"] or match["b"]
            start = line_start + match.start("a" if match["a"] else "b")
            if self.free(start, start + len(name)) and len(name.split()) <= 4 and not _VENUE.fullmatch(name):
                self.add(
                    "short_name",
                    start,
                    start + len(name),
                    (line_start + match.start(), line_start + match.end()),
                )

    def free_text(self) -> None:
        """Words nobody can derive from metadata: each run becomes a `free` slot (with its brackets); an
        empty `()` left for a note is one too."""
        for match in re.finditer(r"(?<![\]\w])[(（][)）]", self.text):
            if self.free(match.start(), match.end()):
                self.add("free", match.start() + 1, match.start() + 1, (match.start(), match.end()))
        index = 0
        while index < len(self.text):
            if self.taken[index]:
                index += 1
                continue
            end = index
            while end < len(self.text) and not self.taken[end] and self.text[end] != "\n":
                end += 1
            self._free_run(index, end)
            index = end + 1

    def _free_run(self, start: int, end: int) -> None:
        segment = self.text[start:end]
        if not _WORDS.search(segment):
            for year in _YEAR.finditer(segment):  # a year no date form explains: never copied as it is
                self.add("free", start + year.start(), start + year.end())
            return
        first = start + len(segment) - len(segment.lstrip(_SPACING))
        last = start + len(segment.rstrip(_SPACING))
        closer = re.match(r"[*_]+", self.text[first:last])  # closes emphasis opened before the run
        if closer and self.text[first:last].count(closer.group(0)) % 2:
            first = start + len(segment) - len(segment[first - start + closer.end() :].lstrip(_SPACING))
        opener = re.search(r"[*_]+$", self.text[first:last])  # opens emphasis closed after the run
        if opener and self.text[first:last].count(opener.group(0)) % 2:
            last = first + len(self.text[first : last - len(opener.group(0))].rstrip(_SPACING))
        if first >= last or not _WORDS.search(self.text[first:last]):
            return
        group_start, group_end = first, last
        while last - first >= 2 and _BRACKETS.get(self.text[first]) == self.text[last - 1]:
            first, last = first + 1, last - 1  # "(note)": the note is the value, the brackets its group
        self.add("free", first, last, _enclosing(self.text, group_start, group_end))


def _authors_form(names: str) -> str:
    """How a section writes author lists: separator, joiner before the last name, "et al." after N."""
    if " et al" in names:
        shown = len(re.split(r", | and ", names.split(" et al")[0]))
        return f"etal:{shown}"
    if ", and " in names:
        return "oxford"
    if " and " in names:
        return "and"
    return "comma"


def find_slots(text: str, facts: Facts) -> list[Slot]:
    """The slots of an entry's text (lines joined by "\\n"), in text order; see the module docstring."""
    finder = _Finder(text, facts)
    finder.links()
    finder.bare_urls()
    finder.dates()
    finder.venues()
    finder.short_name()
    finder.authors()
    finder.free_text()
    if finder.irregular:
        finder.slots.append(Slot("irregular", 0, 0, 0, 0))
    return sorted(finder.slots, key=lambda slot: (slot.start, slot.end))
