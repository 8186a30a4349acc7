"""Learn how a section writes its table rows from its own rows, and write a new row the same way.

Each column's role comes from what its cells hold in the nearest rows (nearest first); the header's
words decide only where the cells do not (all cells empty, or no kind of cell in the majority):
- title: the cell showing the row's title, found as the parser finds it (`fields.title_cell_index`);
- date: cells that are a date, in the column's own format (`2024-11`, `06/11/2026`, `2024`, `26.03`);
- venue: `arXiv`, `CVPR 2024`, `ICML'23`;
- links: cells made only of links to the row's own paper or code and badges (`[📄 Paper](…)`,
  `[Github](…) <br> [Paper](…)`); a link to another paper makes the cell free text;
- name: a short name the row's title starts with (`**LLaVA-Med**`, `BERT`);
- free: anything else (summaries, affiliations, sizes, images): nothing a bot knows.

Title and link cells are written like a list item (`entry_template.fill`): among the column's cells,
the one with a place for everything the new paper has and nothing it lacks (then the most common shape,
then the nearest) is the exemplar; its literal text is kept (badges, `<br>`, bold, labels such as
`[📄 Paper]`), its slots are filled (title, paper link, star badge, code link, authors, a date in the
cell) and a slot without value leaves with its group. A value with no column of its own is left out,
never written into another column. A free-text cell gets the column's "missing" token (`-`,
empty, `N/A`, `[Coming soon]()`, as its nearest cells write it), else the skeleton its cells keep
without their words (a hidden `[//]: #` tail). The row keeps the nearest row's frame: outer pipes,
each cell's padding, and a cell after the last pipe.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from tracker import ids
from tracker.listdoc import entry_template
from tracker.listdoc.fields import generic_label, row_fields, title_cell_index
from tracker.listdoc.inline import find_links, split_cells, strip_markup
from tracker.listdoc.sanitize import clean_text, inline_markdown, safe_url
from tracker.listdoc.slots import MONTH_NAMES, Facts, Slot, find_slots
from tracker.listdoc.stylescan import unwrap_emphasis
from tracker.listdoc.template import NewEntry, link_markdown

_REPO = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_MONTHS = rf"(?:{'|'.join(MONTH_NAMES)}|Sept)[a-z]*"
# Dates a table cell is made of. Each: pattern (for a whole cell's text), format for `format_date`.
_DATE_FORMATS = (
    (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
    (r"\d{4}/\d{2}/\d{2}", "%Y/%m/%d"),
    (r"\d{4}\.\d{2}\.\d{2}", "%Y.%m.%d"),
    (r"\d{2}/\d{2}/\d{4}", "%m/%d/%Y"),
    (r"\d{4}-\d{2}", "%Y-%m"),
    (r"\d{4}/\d{2}", "%Y/%m"),
    (r"\d{4}\.\d{2}", "%Y.%m"),
    (r"\d{2}/\d{4}", "%m/%Y"),
    (r"\d{2}\.\d{2}", "%y.%m"),
    (rf"{_MONTHS}\.? \d{{1,2}}, \d{{4}}", "%b. %d, %Y"),
    (rf"{_MONTHS}\.? \d{{4}}", "%b %Y"),
    (r"(?:19|20)\d{2}", "%Y"),
)
_DATE_CELL = [(re.compile(rf"^([\[(]?){pattern}([\])]?)$"), form) for pattern, form in _DATE_FORMATS]
# Dates inside a title or link cell (`[Name](url)(05/2026)`) that `slots` does not read: 4-digit years only.
_DATE_IN_CELL = [
    (re.compile(rf"(?<![\w/.-]){pattern}(?![\w/.-])"), form)
    for pattern, form in _DATE_FORMATS
    if "%Y" in form
]
_PREPRINT = re.compile(r"^(?:arxiv|preprint|biorxiv|medrxiv|techrxiv|ssrn)\b", re.IGNORECASE)
_VENUE_YEAR = re.compile(
    r"^(?P<name>[A-Za-z][\w&.-]*(?: [A-Za-z][\w&.-]*){0,2}?)(?P<sep> ?'| )(?P<year>\d{2}|\d{4})$"
)
_VENUE_NAME = re.compile(r"^(?:[A-Z][A-Za-z]*[A-Z][\w-]*|[A-Z]{2,})$")
_ROLE_WORDS = (
    ("title", ("title",)),
    ("paper", ("paper", "papers")),
    ("name", ("name",)),  # "Model" columns hold base models and sizes as often as names
    ("venue", ("venue", "conference", "publication", "journal", "pub", "published")),
    ("date", ("date", "year", "time", "month")),
    ("code", ("code", "github", "repo", "repository", "page", "project")),
    ("demo", ("demo",)),
    ("link", ("link", "links", "data", "download", "dataset")),
    ("note", ("notes", "note", "description", "remark", "remarks", "highlights", "summary")),
)
# What a column is, from its header alone (used when its cells do not say).
_HEADER_ROLES = {"paper": "links", "code": "links", "demo": "links", "link": "links", "note": "free"}
_MISSING_TOKENS = frozenset(
    {"", "-", "--", "N/A", "n/a", "NA", "—", "–", "/", "None", "TBD", "?", "coming soon"}
)
_LINK_SEPARATORS = re.compile(r"(?:<br\s*/?>|&nbsp;|[\s,;|/·•*_~–—-])+", re.IGNORECASE)
_HTML_ONLY = re.compile(r"^(?:\s*</?[A-Za-z][^<>]*>\s*)+$")
_EDGE_BREAKS = (
    re.compile(r"^(?:\s*<br\s*/?>)+\s*", re.IGNORECASE),
    re.compile(r"(?:\s*<br\s*/?>)+\s*$", re.IGNORECASE),
)
_BLOCK_START = re.compile(r"^(\d{1,9}(?=[.)])|)([-+*#>=.)])")
_LINK_KINDS = frozenset({"paper_url", "code_url", "repo", "arxiv_id"})
FILL_SHARE = 0.25  # a column writes a kind of link when at least a quarter of its cells show one
MISSING_VOTERS = 10  # the "no value" token drifts over time ("[Coming soon]()" -> "-"): ask the nearest rows
_NAME_WORDS = 4  # a short name column holds a few words at most
_NAME_CHARS = 40


def _is_missing(cell: str) -> bool:
    """A cell saying "no value": empty, a dash-like token, or a link without target ("[Coming soon]()")."""
    links = find_links(cell)
    if links:
        return len(links) == 1 and not links[0].url and links[0].start == 0 and links[0].end == len(cell)
    return cell in _MISSING_TOKENS or cell.casefold() in _MISSING_TOKENS


def short_name(title: str) -> str | None:
    """A dataset/model name from a paper title: the part before ':' when it is short; else unknown."""
    head, colon, _ = title.partition(":")
    return head.strip() if colon and 0 < len(head.strip()) <= _NAME_CHARS else None


def repo_in_url(url: str | None) -> str | None:
    """The repo of a github.com URL as the URL spells it ("Owner/Name", case kept), else None."""
    if not url or not ids.github_repo_from_url(url):
        return None
    path = url.split("://", 1)[-1].split("/", 1)[1]
    owner, name = re.split(r"[/?#]", path + "/")[:2]
    repo = f"{owner}/{name.removesuffix('.git')}"
    return repo if _REPO.match(repo) else None


def host_class(url: str) -> str:
    """Which label family a link belongs to: github, huggingface or any other host."""
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    if host.endswith("github.com"):
        return "github"
    if host in ("huggingface.co", "hf.co", "www.huggingface.co"):
        return "huggingface"
    return "other"


def date_format_of(cell: str) -> str | None:
    """The `format_date` format of a cell that is a date ("2026-06" -> "%Y-%m", "[06/11/2026]" ->
    "[%m/%d/%Y]"), None for anything else."""
    text = cell.strip()
    for pattern, form in _DATE_CELL:
        match = pattern.match(text)
        if match and _BRACKETS.get(match.group(1), "") == match.group(2) and _valid(text, form):
            return match.group(1) + form + match.group(2)
    return None


def _valid(text: str, form: str) -> bool:
    """Whether a date's numbers are a month (1-12) and a day (1-31) where its format puts them."""
    limits = {"%m": 12, "%d": 31}
    numbers = zip(re.findall(r"%[Yymd]", form), map(int, re.findall(r"\d+", text)), strict=False)
    return all(1 <= number <= limits[part] for part, number in numbers if part in limits)


_BRACKETS = {"": "", "[": "]", "(": ")"}


def column_role(header: str) -> str:
    """The role a column's header words name ("Code", "Page" -> code; unknown -> other)."""
    words = re.findall(r"[a-z]+", header.lower())
    for role, keys in _ROLE_WORDS:
        if any(word in keys for word in words):
            return role
    return "other"


def coarser_forms(form: str) -> list[str]:
    """`form`, then the same without the day, then the year alone ("%m/%d/%Y" -> "%m/%Y" -> "%Y"): what
    a date column shows when the bot knows only the month (an arXiv id) or the year."""
    forms = [form]
    for part in ("%d", r"%[mb]\.?"):
        for pattern in (rf"[-/.]{part}", rf"{part}[-/.,]?\s?"):
            shorter, count = re.subn(pattern, "", forms[-1], count=1)
            if count:
                forms.append(shorter.strip())
                break
    return forms


# ---------------------------------------------------------------- reading the neighbour rows


@dataclass(frozen=True)
class _Row:
    """A neighbour row as the parser reads it: its raw text, cells, title cell and identity."""

    raw: str
    cells: list[str]
    title: str
    title_at: int
    arxiv_id: str | None
    repo: str | None


def _read_row(raw: str, columns: list[str]) -> _Row:
    fields, cells = row_fields(raw, columns)
    return _Row(raw, cells, fields.title, title_cell_index(cells, columns), fields.arxiv_id, fields.github)


@dataclass(frozen=True)
class CellExemplar:
    """One cell of a column, read into slots like a list item (`slots.find_slots`)."""

    text: str
    slots: tuple[Slot, ...]

    @property
    def shape(self) -> str:
        """The cell with each slot group replaced by its kind and free text left out: what two cells of
        one column share when written the same way."""
        out, position = [], 0
        for slot in sorted(self.slots, key=lambda slot: slot.group_start):
            if slot.group_start < position:
                continue
            out += [self.text[position : slot.group_start], "" if slot.kind == "free" else f"<{slot.kind}>"]
            position = slot.group_end
        out.append(self.text[position:])
        return " ".join("".join(out).split())

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(slot.kind for slot in self.slots)

    @property
    def link_kinds(self) -> frozenset[str]:
        """The kinds of the paper's links the cell holds (paper link, code link, star badge, arXiv id)."""
        return self.kinds & _LINK_KINDS

    @property
    def one_paper(self) -> bool:
        """Whether its paper links are all to one paper (a `[Habitat](…), [Habitat 2.0](…)` cell lists
        several: no form for one new paper)."""
        urls = (self.text[slot.start : slot.end] for slot in self.slots if slot.kind == "paper_url")
        return len({ids.arxiv_id_from_url(url) or url.rstrip("/") for url in urls}) <= 1

    def fit(self, known: set[str]) -> tuple[int, int, int]:
        """How well the cell suits a paper with `known` values, best first when sorted: the kinds it has a
        place for that the paper lacks, fewest first (a title without address is written like the rows
        that have none, not like a linked one unlinked); then the kinds it fills, most first; then the
        links nobody can know (a venue badge), fewest first."""
        drops = sum(1 for slot in self.slots if slot.kind == "drop")
        kinds = self.kinds - {"free", "irregular", "drop"}
        return len(kinds - known), -len(kinds & known), drops


def _exemplar(text: str, title: str, arxiv_id: str | None) -> CellExemplar:
    """A cell's slots; `<br>` and other bare HTML stay literal (markup of the cell, not free text), and a
    date the slot reader does not know (`(05/2026)`, `2024`) is a date slot."""
    slots = [
        slot
        for slot in find_slots(text, Facts(title, arxiv_id))
        if not (slot.kind == "free" and _HTML_ONLY.match(text[slot.group_start : slot.group_end]))
    ]
    taken = [False] * len(text)
    for slot in slots:
        if slot.kind != "free":
            taken[slot.group_start : slot.group_end] = [True] * (slot.group_end - slot.group_start)
    for pattern, form in _DATE_IN_CELL:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            group_start, group_end = start, end
            while group_start > 0 and _BRACKETS.get(text[group_start - 1]) == text[group_end : group_end + 1]:
                group_start, group_end = group_start - 1, group_end + 1
            slots = [
                slot for slot in slots if slot.kind != "free" or not (start < slot.end and slot.start < end)
            ]
            slots.append(Slot("date", start, end, group_start, group_end, form))
            taken[group_start:group_end] = [True] * (group_end - group_start)
    return CellExemplar(
        text, tuple(sorted(slots + _address_labels(text, slots), key=lambda s: (s.start, s.end)))
    )


def _address_labels(text: str, slots: Sequence[Slot]) -> list[Slot]:
    """`[https://github.com/a/b](https://github.com/a/b)`: a link showing its own address shows the new
    one too, so its text is a slot of the same kind as its target."""
    out = []
    for link in find_links(text):
        label = link.text.strip()
        target = next((slot for slot in slots if link.start < slot.start < link.end), None)
        if not link.image and label and label == link.url and target and target.kind in _LINK_KINDS:
            start = text.index(label, link.start)
            out.append(Slot(target.kind, start, start + len(label), start, start + len(label)))
    return out


def _links_only(cell: str) -> bool:
    """A cell made of links and badges, joined by nothing but separators and `<br>`."""
    links = find_links(cell)
    rest, position = [], 0
    for link in links:
        rest.append(cell[position : link.start])
        position = link.end
    rest.append(cell[position:])
    return bool(links) and not _LINK_SEPARATORS.sub("", "".join(rest))


def _own_links(cell: str, row: _Row) -> bool:
    """Whether every paper the cell links is the row's own (a "Training Data" cell links other papers)."""
    for link in find_links(cell):
        for url in [link.url, *(inner.url for inner in find_links(link.text))]:
            arxiv = ids.arxiv_id_from_url(url)
            if arxiv and arxiv != row.arxiv_id:
                return False
    return True


def _is_name(text: str, title: str) -> bool:
    """A short name the row's title starts with ("BERT" for "BERT: Pre-training of …")."""
    name, full = ids.normalize_title(text), ids.normalize_title(title)
    short = 0 < len(text) <= _NAME_CHARS and len(text.split()) <= _NAME_WORDS
    return short and bool(name) and name != full and (full + " ").startswith(name + " ")


def _venue_like(text: str) -> bool:
    """`arXiv`, `Preprint 2024`, `CVPR 2024`, `ICML'23`: a venue by its shape (a bare name without a
    year counts only when the header says venue: "Google" could be an affiliation)."""
    if _PREPRINT.match(text) and len(text.split()) <= 2:
        return True
    match = _VENUE_YEAR.match(text)
    return bool(match) and any(_VENUE_NAME.match(word) for word in match["name"].split())


def _vocabulary(cells: Sequence[str]) -> frozenset[str]:
    """Link texts that are a column's labels, not names: generic ("Code", "📄 Paper", "Website") or
    written by several rows for different targets ("Github Repo", "🔗 GitHub")."""
    targets: dict[str, set[str]] = {}
    for cell in cells:
        for link in find_links(cell):
            if not link.image:
                targets.setdefault(link.text.strip(), set()).add(link.url)
    return frozenset(label for label, urls in targets.items() if generic_label(label) or len(urls) > 1)


def _labelled_links(cell: str, vocabulary: frozenset[str], row: _Row) -> bool:
    """Whether every link of the cell is a badge, carries one of the column's labels or its own address,
    or leads to the row's own paper or repo (`[代码](…)` in the only row that has code)."""
    for link in find_links(cell):
        label = link.text.strip()
        if link.image or link.is_badge or label in vocabulary or label == link.url:
            continue
        arxiv, repo = ids.arxiv_id_from_url(link.url), ids.github_repo_from_url(link.url)
        if not ((arxiv and arxiv == row.arxiv_id) or (repo and repo == row.repo)):
            return False
    return True


def _cell_kind(row: _Row, index: int, vocabulary: frozenset[str]) -> str:
    """What one cell holds (see the module docstring), from its content alone. A cell of links is a
    links cell only when they are the row's own and carry the column's labels: `[QWen-2.5-VL](…)` in a
    backbone column, or `[MINT-1T](…)` linking another paper, is the maintainer's content."""
    cell = row.cells[index]
    visible = strip_markup(cell)
    if date_format_of(visible):
        return "date"
    if _venue_like(visible):
        return "venue"
    if _links_only(cell):
        return "links" if _own_links(cell, row) and _labelled_links(cell, vocabulary, row) else "free"
    if not find_links(cell) and _is_name(visible, row.title):
        return "name"
    return "free"


# ---------------------------------------------------------------- the style


@dataclass(frozen=True)
class CellStyle:
    """How one column writes its cell, learned from the neighbours' cells in that column."""

    header: str
    role: str  # title | name | date | venue | links | free
    header_role: str = "other"
    exemplars: tuple[CellExemplar, ...] = ()
    wrap: str = ""
    date_format: str | None = None
    venue_form: str | None = None
    preprint: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    fills: frozenset[str] = frozenset()  # the paper's links this column writes (see `_fills`)
    missing: str = "-"
    pad: tuple[int, int, int] = (1, 1, 0)  # spaces before and after the text, and the cell's width


@dataclass(frozen=True)
class TableStyle:
    """One `CellStyle` per column, in column order, and the row's frame."""

    cells: list[CellStyle]
    lead: str = ""
    opened: bool = True
    closed: bool = True


def _frame(raw: str) -> tuple[str, list[str], bool, bool]:
    """(text before the first pipe, each cell's raw text, opened by a pipe, closed by a pipe)."""
    parts = re.split(r"(?<!\\)\|", raw.rstrip("\r\n"))
    opened = len(parts) > 1 and not parts[0].strip()
    lead = parts[0] if opened else ""
    parts = parts[1:] if opened else parts
    closed = len(parts) > 1 and not parts[-1].strip()
    return lead, parts[:-1] if closed else parts, opened, closed


def _pads(rows: Sequence[_Row], width: int) -> list[tuple[int, int, int]]:
    """Each column's padding as most of the rows write it (no space, one, or aligned to a width: the
    nearest row of that kind gives the width); one space on each side without rows."""
    frames = [_frame(row.raw)[1] for row in rows]
    pads = []
    for index in range(width):
        raws = [cells[index] for cells in frames if len(cells) == width]
        found = [(len(raw) - len(raw.lstrip(" ")), len(raw) - len(raw.rstrip(" ")), len(raw)) for raw in raws]
        kinds = Counter((min(left, 2), min(right, 2)) for left, right, _ in found)
        usual = kinds.most_common(1)[0][0] if kinds else (1, 1)
        pads.append(next((pad for pad in found if (min(pad[0], 2), min(pad[1], 2)) == usual), (1, 1, 0)))
    return pads


def _most_common(values: Sequence[str | None]) -> str | None:
    counts = Counter(value for value in values if value is not None)
    return counts.most_common(1)[0][0] if counts else None


def _missing_token(cells: Sequence[str]) -> str | None:
    return _most_common([cell for cell in cells[:MISSING_VOTERS] if _is_missing(cell)])


def _content_role(kinds: Sequence[str]) -> str | None:
    """The kind most of the column's filled cells hold, when most of them hold one."""
    votes = Counter(kinds)
    if not votes:
        return None
    kind, count = votes.most_common(1)[0]
    return kind if count * 2 > sum(votes.values()) else None


def _role(header_role: str, content: str | None) -> str:
    """The column's role: what most of its cells hold; where that is nothing in particular (free text,
    or no majority), a name, date or venue its header names (a "Name" column of short names that are
    not title prefixes: "EgoCOT" for EmbodiedGPT); links only from the header of a column whose cells
    hold no majority or are all empty (a "Training Data" column of text and links stays free text)."""
    if content in (None, "free") and header_role in ("name", "date", "venue"):
        return header_role
    if content is not None:
        return content
    return _HEADER_ROLES.get(header_role, "free")


def _venue_form(text: str) -> str:
    """`CVPR 2024` -> `CVPR %Y`, `ICML'23` -> `ICML'%y`, `arXiv` -> `arXiv`."""
    match = _VENUE_YEAR.match(text)
    if not match:
        return text
    return f"{match['name']}{match['sep']}{'%Y' if len(match['year']) == 4 else '%y'}"


def _labels(cells: Sequence[str]) -> dict[str, str]:
    """The label each host's links carry in the column ("Github", "Huggingface", "Link"), and "*" overall."""
    by_class: dict[str, Counter[str]] = {}
    for cell in cells:
        for link in find_links(cell):
            label = link.text.strip()
            if not link.image and label and link.url.startswith("http") and not find_links(label):
                by_class.setdefault(host_class(link.url), Counter())[label] += 1
                by_class.setdefault("*", Counter())[label] += 1
    return {key: counts.most_common(1)[0][0] for key, counts in by_class.items()}


def _infer_cell(
    header: str, rows: Sequence[_Row], index: int, is_title: bool, pad: tuple[int, int, int]
) -> CellStyle:
    cells = [row.cells[index] for row in rows]
    header_role = column_role(header)
    filled = [(row, cell) for row, cell in zip(rows, cells, strict=True) if not _is_missing(cell)]
    vocabulary = _vocabulary(cells)
    kinds = [_cell_kind(row, index, vocabulary) for row, _ in filled]
    role = "title" if is_title else _role(header_role, _content_role(kinds))
    style = CellStyle(header, role, header_role, missing=_missing_token(cells) or "-", pad=pad)
    if role == "links":  # only the column's own links cells show how it writes the paper's links
        filled = [pair for pair, kind in zip(filled, kinds, strict=True) if kind == "links"]
    if role in ("title", "links", "free"):
        # only the title column shows the title: elsewhere a label that equals it ("Paper") stays a label
        exemplars = tuple(
            _exemplar(cell, row.title if is_title else "", row.arxiv_id) for row, cell in filled
        )
        style = replace(style, exemplars=exemplars, labels=_labels(cells), fills=_fills(exemplars))
    if role == "name":
        wraps = [unwrap_emphasis(_text_with_emphasis(cell))[0] for _, cell in filled]
        style = replace(style, wrap=_most_common(wraps) or "")
    elif role == "date":
        style = replace(style, date_format=_date_form([strip_markup(cell) for _, cell in filled]))
    elif role == "venue":
        forms = [_venue_form(strip_markup(cell)) for _, cell in filled]
        preprints = [form for form in forms if _PREPRINT.match(form)]
        others = [form for form in forms if not _PREPRINT.match(form)]
        style = replace(style, venue_form=_most_common(others), preprint=_most_common(preprints))
    return style


def _fills(exemplars: Sequence[CellExemplar]) -> frozenset[str]:
    """The link kinds (paper link, code link, star badge, arXiv id) at least `FILL_SHARE` of the column's
    cells hold: a "Website" column whose maintainer once linked a GitHub repo is no code column, so the
    code link goes to the column that holds code, never a second one."""
    counts = Counter(kind for exemplar in exemplars for kind in {slot.kind for slot in exemplar.slots})
    return frozenset(kind for kind in _LINK_KINDS if counts[kind] >= max(1, FILL_SHARE * len(exemplars)))


def _one_column_per_link(styles: list[CellStyle]) -> list[CellStyle]:
    """Each kind of link is written by one links column only: the one whose cells hold it most often
    (the first among equals). The code link goes to "Code", not also to a "Website" column that holds
    a repo now and then."""
    for kind in _LINK_KINDS:
        shares = [
            (sum(kind in cell.kinds for cell in style.exemplars) / len(style.exemplars), -index)
            for index, style in enumerate(styles)
            if style.role == "links" and kind in style.fills
        ]
        if len(shares) > 1:
            keep = -max(shares)[1]
            styles = [
                replace(style, fills=style.fills - {kind})
                if style.role == "links" and index != keep
                else style
                for index, style in enumerate(styles)
            ]
    return styles


def _date_form(texts: Sequence[str]) -> str:
    """The date format most of the column's dates of its newest year write (nearest first among
    equals): a list that switched from `2024` to `06/11/2026` writes the new way, one odd date among
    many of the same year does not. `%d/%m/%Y` when one of its `NN/NN/YYYY` dates has a day first."""
    dated = [(text, form) for text in texts if (form := date_format_of(text))]
    newest = max((_date_key(text, form)[0] for text, form in dated), default=0)
    form = _most_common([form for text, form in dated if _date_key(text, form)[0] == newest]) or "%Y-%m-%d"
    if "%m/%d/%Y" in form:
        firsts = [int(re.findall(r"\d+", text)[0]) for text, other in dated if other == form]
        form = form.replace("%m/%d", "%d/%m") if any(first > 12 for first in firsts) else form
    return form


def _date_key(text: str, form: str) -> tuple[int, int, int]:
    """(year, month, day) of a date cell in `form`; 0 for what the format does not show."""
    values = {"%Y": 0, "%m": 0, "%d": 0}
    numbers = iter(map(int, re.findall(r"\d+", text)))
    for part in re.findall(r"%[Yymdb]", form):
        if part == "%b":
            name = re.search(_MONTHS, text)
            values["%m"] = MONTH_NAMES.index(name.group(0)[:3].title()) + 1 if name else 0
            continue
        number = next(numbers, 0)
        values["%Y" if part == "%y" else part] = 2000 + number if part == "%y" else number
    return values["%Y"], values["%m"], values["%d"]


def _text_with_emphasis(cell: str) -> str:
    """A cell's text with links replaced by their text and images dropped, emphasis kept."""
    out, position = [], 0
    for link in find_links(cell):
        out.append(cell[position : link.start])
        out.append("" if link.image else link.text)
        position = link.end
    out.append(cell[position:])
    return "".join(out).strip()


def infer_table_style(columns: Sequence[str], rows: Sequence[str]) -> TableStyle:
    """Per-column cell styles from neighbour rows (nearest first). The rows' own width wins (a row may
    carry a cell after the header's last column); rows of another width are ignored."""
    columns = list(columns)
    read = [_read_row(row, columns) for row in rows if split_cells(row) and row.strip()]
    widths = Counter(len(row.cells) for row in read)
    width = max(widths, key=lambda w: (widths[w], w == len(columns))) if widths else len(columns)
    same = [row for row in read if len(row.cells) == width]
    headers = [columns[i] if i < len(columns) else "" for i in range(width)]
    if same:
        title_at = Counter(row.title_at for row in same).most_common(1)[0][0]
        lead, _, opened, closed = _frame(same[0].raw)
    else:
        header_roles = [column_role(header) for header in headers]
        title_at = next((header_roles.index(r) for r in ("title", "paper", "name") if r in header_roles), 0)
        lead, opened, closed = "", True, True
    pads = _pads(same, width)
    styles = _one_column_per_link(
        [_infer_cell(headers[i], same, i, i == title_at, pads[i]) for i in range(width)]
    )
    table_missing = _missing_token([cell for row in same for cell in row.cells])
    if table_missing is not None:  # a column that never lacks a value writes the table's own token
        styles = [
            replace(style, missing=table_missing)
            if _missing_token([row.cells[i] for row in same]) is None
            else style
            for i, style in enumerate(styles)
        ]
    return TableStyle(styles, lead, opened, closed)


# ---------------------------------------------------------------- writing


def _known(new: NewEntry) -> set[str]:
    """The slot kinds the new paper has a value for."""
    arxiv = new.arxiv_id or ids.arxiv_id_from_url(new.url)
    known = {"title"}
    known |= {"paper_url"} if safe_url(new.url) else set()
    known |= {"arxiv_id"} if arxiv else set()
    known |= {"code_url", "repo"} if repo_in_url(new.code_url) else set()
    known |= {"authors"} if new.authors else set()
    known |= {"date", "venue"} if new.date_text or arxiv else set()
    known |= {"venue"} if new.venue else set()
    known |= {"short_name"} if entry_template.short_name_of(new) else set()
    return known


def _best(usable: Sequence[CellExemplar], new: NewEntry) -> CellExemplar | None:
    """The cell to write the new one like, among `usable` (nearest first): the best fit for what the
    paper has, then the most common shape, then the nearest."""
    if not usable:
        return None
    known = _known(new)
    shapes = Counter(exemplar.shape for exemplar in usable)
    ranked = sorted(enumerate(usable), key=lambda pair: (pair[1].fit(known), -shapes[pair[1].shape], pair[0]))
    return ranked[0][1]


def _filled(exemplar: CellExemplar, new: NewEntry) -> str:
    """The exemplar cell written for `new`. A `<br>` at an edge stays only where the exemplar has one
    and lost nothing: with the star badge line gone, `![Star](…) <br> [**T**](…) <br>` is `[**T**](…)`."""
    text, dropped = entry_template.fill(exemplar.text, exemplar.slots, new)
    text = text.strip()
    for edge in _EDGE_BREAKS:
        if dropped or not edge.search(exemplar.text.strip()):
            text = edge.sub("", text)
    return text


def _title_cell(style: CellStyle, new: NewEntry, linked: bool) -> str:
    """The title cell; `linked`: the title must carry the paper link (no other column has a place for
    it), so a plain exemplar title becomes a link, its emphasis inside (`[**T**](…)`)."""
    url = safe_url(new.url) if linked else None
    exemplar = _best([cell for cell in style.exemplars if "title" in cell.kinds and cell.one_paper], new)
    if exemplar is None:
        return link_markdown(new.title, url, "")
    if not safe_url(new.url) and "paper_url" in exemplar.kinds:
        exemplar = _unlinked(exemplar)  # no address to give: the title as text, never `[T]()`
    elif url and not exemplar.link_kinds & {"paper_url", "arxiv_id"}:
        title = next(slot for slot in exemplar.slots if slot.kind == "title")
        text, start, end = exemplar.text, title.start, title.end
        while start > 0 and end < len(text) and text[start - 1] == text[end] and text[end] in "*_":
            start, end = start - 1, end + 1
        linked_text = f"{text[:start]}[{text[start:end]}]({url}){text[end:]}"
        exemplar = _exemplar(linked_text, text[title.start : title.end], None)
    return _filled(exemplar, new)


def _unlinked(exemplar: CellExemplar) -> CellExemplar:
    """The exemplar with its title link replaced by the link's text."""
    title = next(slot for slot in exemplar.slots if slot.kind == "title")
    text = exemplar.text
    link = next((link for link in find_links(text) if link.start < title.start < link.end), None)
    if link is None:
        return exemplar
    return _exemplar(text[: link.start] + link.text + text[link.end :], text[title.start : title.end], None)


def _labelled(style: CellStyle, url: str | None, default: str) -> str | None:
    """`[label](url)` with the column's own label for the URL's host; a value that is no address but
    a word ("Local demo") is written as text."""
    target = safe_url(url)
    if not target:
        is_label = url and "://" not in url and not set("[]()<>") & set(url)
        return inline_markdown(url, limit=60) if is_label else None
    label = style.labels.get(host_class(target)) or style.labels.get("*") or default
    return f"[{inline_markdown(label, limit=40)}]({target})"


def _links_cell(style: CellStyle, new: NewEntry) -> str | None:
    """A links cell: the column's own cell form with the paper's links; a code link off GitHub (a model
    card) in the column that holds code, with its host's label; else, in a column that holds no
    code yet, the code link its header names."""
    wanted = _known(new) & style.fills
    usable = [
        cell
        for cell in style.exemplars
        if cell.link_kinds <= style.fills and cell.link_kinds & wanted and cell.one_paper
    ]
    exemplar = _best(usable, new)
    text = _filled(exemplar, new) if exemplar else ""
    if find_links(text):
        return text
    code_column = "code_url" in style.fills or (
        style.header_role in ("code", "link") and not {"code_url", "repo"} & style.fills
    )
    return (
        _labelled(style, new.code_url, "Github" if repo_in_url(new.code_url) else "Code")
        if code_column
        else None
    )


def _venue_cell(style: CellStyle, new: NewEntry) -> str | None:
    """The venue as the column writes it (`CVPR 2024`, `ICML'24`, `CVPR`); a paper without one is a
    preprint, written in the column's own preprint form (`arXiv 2024`, `arXiv`) when it is on arXiv."""
    venue = clean_text(new.venue) if new.venue else ""
    if venue and not _PREPRINT.match(venue):
        if style.venue_form and "%" in style.venue_form:
            own = re.search(r"(?:19|20)(\d{2})(?!\d)|'(\d{2})$", venue)  # the venue's own year wins
            dated = replace(new, date="20" + (own.group(1) or own.group(2))) if own else new
            return entry_template.format_venue(style.venue_form, dated) or venue
        return venue
    if not (venue or new.arxiv_id or ids.arxiv_id_from_url(new.url)):
        return None
    form = style.preprint or ("arXiv %Y" if style.venue_form and "%" in style.venue_form else "arXiv")
    return entry_template.format_venue(form, new) if "%" in form else form


def _date_cell(style: CellStyle, new: NewEntry) -> str | None:
    """The date in the column's format, as precise as the bot knows it; a date given in another form
    (`--date "Spring 2024"`) is written as given."""
    for form in coarser_forms(style.date_format or "%Y-%m-%d"):
        value = entry_template.format_date(form, new)
        if value:
            return value
    text = new.date_text
    return text if text and not re.match(r"^\d{4}(?:-\d{2}){0,2}$", text) else None


def _name_cell(style: CellStyle, new: NewEntry) -> str | None:
    """The short name: given, else the title's `Name:` prefix. A column headed "Name" names every row
    (the whole title when there is no prefix); a column found by its cells being title prefixes
    ("BERT", "OLMo" under "keywords") gets a prefix or the placeholder."""
    name = new.name or short_name(new.title) or (new.title if style.header_role == "name" else None)
    return f"{style.wrap}{inline_markdown(name, limit=60)}{style.wrap}" if name else None


def _free_cell(style: CellStyle, new: NewEntry) -> str | None:
    """A free-text cell: what the user gave for this column (`cells`, or the note for a notes column),
    else the skeleton the column's cells share without their words (`_is_skeleton`), else nothing."""
    value = new.cells.get(style.header.strip().lower())
    if value is None and style.header_role == "note":
        value = new.note
    if value:
        return inline_markdown(value)
    blank = NewEntry(title="", url=None)
    skeletons = Counter(_NUMBERS.sub("", _filled(exemplar, blank)) for exemplar in style.exemplars)
    skeleton, count = skeletons.most_common(1)[0] if skeletons else ("", 0)
    return skeleton if _is_skeleton(skeleton) and count * 2 > len(style.exemplars) else None


_NUMBERS = re.compile(r"\d+(?:[/.:,-]\d+)*")


def _is_skeleton(text: str) -> bool:
    """Markup left with no words, figures or HTML, that still shows something (`[//]: #`, not `****`).
    Most of a free column's cells must leave the same one once their free text and numbers are left
    out: then it is the column's form (a hidden note after the last pipe), not a leftover."""
    if re.search(r"[^\W_]|[<>]", text):
        return False
    return bool(re.sub(r"[\s*_~()\[\]{}\"'`]", "", text))


def render_cell(style: CellStyle, new: NewEntry, linked_title: bool = False) -> str:
    """One cell of the new row, by the column's role; the column's missing token where there is no value."""
    if style.role == "title":
        return _title_cell(style, new, linked_title)
    given = {"demo": new.demo_url, "link": new.data_url}.get(style.header_role)
    if given:  # a demo or data link the user gave goes to the column its header names
        return _labelled(style, given, style.header_role.title()) or style.missing
    value = _WRITERS[style.role](style, new)
    if value and style.role in ("date", "venue"):
        value = inline_markdown(value, limit=60)
    return value or style.missing


_WRITERS: dict[str, Callable[[CellStyle, NewEntry], str | None]] = {
    "name": _name_cell,
    "date": _date_cell,
    "venue": _venue_cell,
    "links": _links_cell,
    "free": _free_cell,
}


def _framed(value: str, pad: tuple[int, int, int]) -> str:
    """The value with the nearest row's padding: one space or none as it has; a padded (aligned) cell
    keeps its width and alignment when the value fits."""
    left, right, width = pad
    if max(left, right) <= 1 or len(value) + 2 > width:
        return " " * min(left, 1) + value + " " * min(right, 1) if value else " " * min(left + right, 1)
    spare = width - len(value)
    if left <= 1:
        return " " * left + value + " " * (spare - left)
    if right <= 1:
        return " " * (spare - right) + value + " " * right
    return " " * (spare // 2) + value + " " * (spare - spare // 2)


def render_table_row(style: TableStyle, new: NewEntry) -> str:
    """One table row (without its line ending) in `style`: the paper's link goes in the title cell when
    no other column has a place for it."""
    links_hold_paper = any(
        cell.role == "links" and {"paper_url", "arxiv_id"} & cell.fills for cell in style.cells
    )
    values = [render_cell(cell, new, linked_title=not links_hold_paper) for cell in style.cells]
    if not style.opened and values:  # `- | x` without a leading pipe would be a list item, not a row
        values[0] = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), values[0], count=1)
    cells = [_framed(value, cell.pad) for value, cell in zip(values, style.cells, strict=True)]
    row = style.lead + ("|" if style.opened else "") + "|".join(cells) + ("|" if style.closed else "")
    return row.rstrip()
