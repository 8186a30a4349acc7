"""Insert entries into a README by splicing lines: each in its section's own style, nothing else touched.

Only the inserted lines change, plus the numbers of renumbered items in numbered lists. Line
endings (CRLF), a missing final newline and the BOM survive. A paper the list already has, under
any identity key from `ids.paper_keys`, is refused with the line where it is. Every insert is read
back before it is returned (`verify.check_written`): an entry that would not show, in its section, with
its title and link, is refused and nothing is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from tracker.errors import UsageError
from tracker.ids import paper_keys
from tracker.listdoc import entry_template
from tracker.listdoc.blocks import hidden_blocks
from tracker.listdoc.headings import path_text, query_keys, section_key
from tracker.listdoc.inline import is_separator_row, split_cells
from tracker.listdoc.list_template import ListStyle, infer_list_style, render_list_item
from tracker.listdoc.model import BOM, Document, Entry, Section, split_lines, strip_eol
from tracker.listdoc.parse import parse_document
from tracker.listdoc.placement import arrange, new_numbers, renumbered_line
from tracker.listdoc.sanitize import clean_text, safe_url
from tracker.listdoc.table_template import infer_table_style, render_table_row
from tracker.listdoc.template import NewEntry, link_markdown
from tracker.listdoc.verify import AddedHeadings, check_written, visible_splice_point, written_entries

__all__ = [
    "NewEntry",
    "check_not_listed",
    "find_inserted",
    "find_section",
    "insert_entries",
    "insert_entry",
    "listed_keys",
    "render_entry",
    "unified_diff",
]
NEIGHBOURS = 30  # rows a style is learned from: enough for the majority votes, few enough to stay current


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_section(doc: Document, query: str) -> Section:
    """The section named by its path as `tracker list` prints it ("A > B", "A > B #2"), by a heading
    copied from the README (comments and tags are ignored, see `listdoc.headings`) or, when unambiguous,
    by the last part(s) of its path. A printed path always names its own section, also an empty one, a
    table of contents or a news block; a shortened one prefers sections that can hold entries."""
    if not query.strip():
        raise UsageError("empty --section; give a heading path like 'Awesome Papers > Evaluation'")
    keys = query_keys(query)
    printed = {section_key(s.path_text): s for s in doc.sections}
    for key in keys:
        if key in printed:
            return printed[key]
    content = [s for s in doc.sections if not (s.is_toc or s.is_news)]
    found = _tail_matches(content, keys) or _tail_matches(doc.sections, keys)
    if len(found) == 1:
        return found[0]
    if found:
        paths = "; ".join(s.path_text for s in found)
        raise UsageError(f"section {query!r} is ambiguous: give the full path, one of: {paths}")
    candidates = content or doc.sections
    full_path = {s.path_text.lower(): s.path_text for s in candidates} | {
        s.title.lower(): s.path_text for s in reversed(candidates)
    }
    close = difflib.get_close_matches(query.lower(), list(full_path), n=6, cutoff=0.5)
    close = list(dict.fromkeys(full_path[name] for name in close))[:3]
    hint = f"; did you mean {' or '.join(repr(name) for name in close)}?" if close else ""
    raise UsageError(f"no section {query!r} in the list{hint} (see `tracker list` for all sections)")


def _tail_matches(sections: Sequence[Section], keys: Sequence[str]) -> list[Section]:
    """Sections whose path, or its last parts, reads as one of `keys` (the `#N` rank is not part of it)."""
    wanted = set(keys)
    return [
        s
        for s in sections
        if any(section_key(path_text(s.path[-size:])) in wanted for size in range(1, len(s.path) + 1))
    ]


# ---------------------------------------------------------------- duplicates


_NOT_PAPER_HOSTS = ("github.com/", "img.shields.io/")  # repos and badges never identify a paper


def _entry_keys(entry: Entry) -> set[str]:
    keys = paper_keys(url=entry.url, title=entry.title, arxiv_id=entry.arxiv_id)
    for url in entry.urls:
        if url != entry.url and not any(host in url for host in _NOT_PAPER_HOSTS):
            keys |= paper_keys(url=url)
    return keys


def _new_keys(new: NewEntry) -> set[str]:
    return paper_keys(url=new.url, title=new.title, arxiv_id=new.arxiv_id)


def listed_keys(doc: Document) -> dict[str, Entry]:
    """Every paper identity key (`ids.paper_keys`) of the document's entries -> the first entry with it.

    The one definition of "the list already has it", shared by `check_not_listed` and the publish
    stage's planner (which skips, rather than refuses, a paper added upstream by hand)."""
    seen: dict[str, Entry] = {}
    for section in doc.sections:
        if section.is_toc:
            continue
        for entry in section.entries:
            for key in _entry_keys(entry):
                seen.setdefault(key, entry)
    return seen


def check_not_listed(doc: Document, news: Sequence[NewEntry]) -> None:
    """Refuse any paper the document (or an earlier item of the same batch) already has."""
    seen = {
        key: f"line {entry.line} ({path_text(entry.section_path)}: {entry.title!r})"
        for key, entry in listed_keys(doc).items()
    }
    for index, new in enumerate(news):
        keys = _new_keys(new)
        where = next((seen[key] for key in sorted(keys) if key in seen), None)
        if where:
            raise UsageError(f"{new.title!r} is already in the list at {where}")
        for key in keys:
            seen.setdefault(key, f"batch item {index + 1} ({new.title!r})")


# ---------------------------------------------------------------- planning


@dataclass
class _Splice:
    """Lines to insert before line `at` of the original document."""

    at: int
    lines: list[str]


def _sibling_with_entries(doc: Document, section: Section) -> Section | None:
    """The nearest section with entries, preferring siblings (same parent and level)."""
    order = sorted(
        (s for s in doc.sections if s.entries and not s.is_toc),
        key=lambda s: (
            s.path[:-1] != section.path[:-1] or s.level != section.level,
            abs(s.heading_line - section.heading_line),
        ),
    )
    return order[0] if order else None


def _table_block(doc: Document, section: Section) -> tuple[list[str], int] | None:
    """(columns, index of the first row line) of the section's first table, if it has one."""
    for index in range(section.start, section.end - 1):
        if strip_eol(doc.lines[index]).lstrip().startswith("|") and is_separator_row(
            strip_eol(doc.lines[index + 1])
        ):
            return split_cells(strip_eol(doc.lines[index])), index + 2
    return None


def _writer(
    doc: Document, model: Section | None, columns: list[str] | None, around: int
) -> Callable[[NewEntry, int | None], str]:
    """Writes one new entry (no line ending) in the style of `model`'s entries near index `around`:
    a table row when `columns` is given, else a list item (plain numbered list without a model)."""
    nearest = _nearest_entries(model.entries, around) if model else []
    neighbours = [strip_eol(entry.lines[0]) for entry in nearest]
    if columns is not None:
        table_style = infer_table_style(columns, neighbours)
        return lambda new, _number: render_table_row(table_style, new)
    list_style = infer_list_style(neighbours, _document_list_style(doc))
    paragraphs = bool(nearest) and nearest[0].kind == "block"
    templates = entry_template.learn_nearest(nearest)

    def write(new: NewEntry, number: int | None) -> str:
        template = entry_template.choose(templates, new) if safe_url(new.url) else None
        if template is None and paragraphs:  # no block to copy: a title paragraph alone is still a block
            return link_markdown(new.title, new.url, "", line_start=True)
        if template is None:  # no item whose title can be found in its own text: the line-style writer
            return render_list_item(list_style, new, number)
        forms = (list_style.tag_form, list_style.note_form)
        return entry_template.render(template, new, number, forms)[0].replace("\n", doc.newline)

    return write


def _nearest_entries(entries: Sequence[Entry], around: int) -> list[Entry]:
    """Entries nearest to index `around`, nearest first (the items a template is learned from)."""
    return [entries[i] for i in sorted(range(len(entries)), key=lambda i: (abs(i - around), i))[:NEIGHBOURS]]


def _gap_after(doc: Document, entries: Sequence[Entry]) -> list[str]:
    """The blank lines a section puts between its items (most items' gap), as lines to write."""
    pairs = range(min(len(entries) - 1, NEIGHBOURS))
    between = [doc.lines[entries[i].end : entries[i + 1].start] for i in pairs]
    gaps = [len(lines) for lines in between if all(line in ("\n", "\r\n") for line in lines)]
    usual = max(set(gaps), key=gaps.count) if gaps else 0
    return [doc.newline] * usual


def _document_list_style(doc: Document) -> ListStyle:
    """Tag and note forms used anywhere in the document's lists: the fallback for a section without them."""
    lines = [strip_eol(e.lines[0]) for e in doc.entries() if e.kind != "table_row"]
    return infer_list_style(lines)


def _main_kind(section: Section) -> Section:
    """The section as if it held only the entries of its most common kind (ties: the first entry's).

    New entries go among those and are written like them: in a section mixing a table with a list, a
    list item placed above the first row would cut the table in two and turn its rows into text."""
    kinds = [entry.kind for entry in section.entries]
    kind = max(dict.fromkeys(kinds), key=kinds.count)
    return replace(section, entries=[entry for entry in section.entries if entry.kind == kind])


def _plan_section(
    doc: Document, section: Section, news: Sequence[NewEntry], added: bool = False
) -> tuple[list[_Splice], dict]:
    """Splices and renumbered lines (line index -> new line) that add `news` to `section`; `added`: its
    heading was just written by `listdoc.intake` (see `_empty_section_splice`)."""
    newline = doc.newline
    if section.entries:
        section = _main_kind(section)
        kind = section.entries[0].kind
        final = arrange(section.entries, news)
        columns = (
            (section.columns or (_table_block(doc, section) or ([], 0))[0]) if kind == "table_row" else None
        )
        numbers = new_numbers(final) if kind == "numbered" else [None] * len(final)
        # one style per section and batch, learned around the first insertion point
        write = _writer(
            doc, section, columns, next(i for i, item in enumerate(final) if isinstance(item, NewEntry))
        )
        splices: list[_Splice] = []
        renumbered: dict[int, str] = {}
        pending: list[str] = []
        gap = _gap_after(doc, section.entries) if kind != "table_row" else []
        for item, number in zip(final, numbers, strict=True):
            if isinstance(item, NewEntry):
                pending += [write(item, number) + newline, *gap]
                continue
            if pending:
                splices.append(_Splice(item.start, pending))
                pending = []
            if number is not None and item.number is not None and number != item.number:
                renumbered[item.start] = renumbered_line(doc.lines[item.start], number)
        if pending:  # after the last item: the gap goes before the new items instead
            splices.append(_Splice(section.entries[-1].end, gap + pending[: len(pending) - len(gap)]))
        return splices, renumbered
    return [_empty_section_splice(doc, section, news, added)], {}


@dataclass
class _Fresh:
    """How an empty section gets its first entries: whose style, which table columns, where they go."""

    model: Section | None
    columns: list[str] | None
    header: list[str]  # table header and delimiter lines to copy from the model (no line endings)
    at: int | None  # the first row line of the section's own (empty) table, if it has one


def _fresh(doc: Document, section: Section) -> _Fresh:
    """An empty section keeps a table header it already has, else takes the nearest sibling's form."""
    own_table = _table_block(doc, section)
    if own_table:
        model = _sibling_with_same_columns(doc, own_table[0]) or section
        return _Fresh(model, own_table[0], [], own_table[1])
    model = _sibling_with_entries(doc, section)
    header = _table_block(doc, model) if model is not None and model.style == "table" else None
    if header is None:
        return _Fresh(model, None, [], None)
    return _Fresh(model, header[0], [strip_eol(line) for line in doc.lines[header[1] - 2 : header[1]]], None)


def _empty_section_splice(
    doc: Document, section: Section, news: Sequence[NewEntry], added: bool = False
) -> _Splice:
    """The first entries of an empty section, with a table header or blank-line separation as needed.

    Under a heading `listdoc.intake` just wrote (`added`; its body is blank lines), the entries stand as
    far below the heading as the model sibling's first line stands below its own, and the blank lines
    the body had stay below them: a new day is spaced like the days around it."""
    newline = doc.newline
    fresh = _fresh(doc, section)
    block = [line + newline for line in fresh.header + _render_fresh(doc, fresh.model, news, fresh.columns)]
    if fresh.at is not None:
        return _Splice(fresh.at, block)
    body = [i for i in range(section.start, section.end) if strip_eol(doc.lines[i]).strip()]
    if body:
        return _Splice(body[-1] + 1, [newline, *block])
    if added:
        lead = _blank_lines_below_heading(doc, fresh.model)
        taken = min(lead, section.end - section.start)
        return _Splice(section.start + taken, [*[newline] * (lead - taken), *block, *[newline] * taken])
    if _writes_blocks(fresh.model):  # a paragraph entry stands a blank line below its heading
        blank = section.end > section.start  # the (empty) body is blank lines: write below the first
        return _Splice(section.start + blank, [*([] if blank else [newline]), *block, newline])
    return _Splice(section.start, [*block, newline])


def _blank_lines_below_heading(doc: Document, section: Section | None) -> int:
    """How many blank lines stand between `section`'s heading and its first text (0 without a section)."""
    if section is None:
        return 0
    index = section.start
    while index < section.end and not strip_eol(doc.lines[index]).strip():
        index += 1
    return index - section.start


def _writes_blocks(section: Section | None) -> bool:
    """Whether `section` writes its entries as paragraph entries (blocks, see `listdoc.parse`)."""
    return section is not None and bool(section.entries) and _main_kind(section).entries[0].kind == "block"


def _sibling_with_same_columns(doc: Document, columns: list[str]) -> Section | None:
    wanted = [_norm(c) for c in columns]
    return next(
        (s for s in doc.sections if s.entries and [_norm(c) for c in s.columns or []] == wanted), None
    )


def _render_fresh(
    doc: Document, model: Section | None, news: Sequence[NewEntry], columns: list[str] | None
) -> list[str]:
    """The first entries of an empty section in `model`'s style, newest first, numbered from 1; blocks
    are kept apart by the blank lines `model` puts between its blocks ("" for each)."""
    write = _writer(doc, model, columns, 0)
    gap = [""] * len(_gap_after(doc, _main_kind(model).entries)) if _writes_blocks(model) else []
    written: list[str] = []
    for number, new in enumerate(arrange([], news), start=1):
        written += [*(gap if written else []), write(new, number)]
    return written


# ---------------------------------------------------------------- public API


def render_entry(doc: Document, section: Section, new: NewEntry) -> list[str]:
    """The entry's own lines (with the document's line ending) as `insert_entry` would write them into
    `section`; scaffolding an empty section also gets (a copied table header, blank lines) is not included."""
    if section.entries:
        return _plan_section(doc, section, [new])[0][0].lines
    fresh = _fresh(doc, section)
    return [line + doc.newline for line in _render_fresh(doc, fresh.model, [new], fresh.columns)]


def insert_entries(
    doc: Document,
    items: Sequence[tuple[str, NewEntry]],
    *,
    check_duplicates: bool = True,
    added: AddedHeadings | None = None,
) -> Document:
    """Insert every (section query, entry) in one splice pass; return the re-parsed new document.

    `added`: `doc` is `added.base` plus the headings `listdoc.intake` added for the entries' days; the
    result is then read back against that base, so the README may differ from it by those headings and
    the entries only."""
    for _, new in items:
        if not clean_text(new.title):
            raise UsageError(f"title {new.title!r} is empty without its control and invisible characters")
    resolved = [(find_section(doc, query), new) for query, new in items]
    if check_duplicates:
        check_not_listed(doc, [new for _, new in resolved])
    by_section: dict[int, tuple[Section, list[NewEntry]]] = {}
    for section, new in resolved:
        by_section.setdefault(section.heading_line, (section, []))[1].append(new)
    splices: list[_Splice] = []
    renumbered: dict[int, str] = {}
    fresh_headings = {section_key(path) for path in added.paths} if added else set()
    for section, news in by_section.values():
        fresh = section_key(section.path_text) in fresh_headings
        section_splices, section_renumbered = _plan_section(doc, section, news, fresh)
        splices += section_splices
        renumbered.update(section_renumbered)
    splices = _visible_splices(doc, splices)
    after = parse_document(_apply(doc, splices, renumbered))
    if added is None:
        return check_written(doc, after, resolved)
    return check_written(added.base, after, resolved, added.paths)


def _visible_splices(doc: Document, splices: Sequence[_Splice]) -> list[_Splice]:
    """Splices moved out of a comment or code block left open at a section's end (`verify`), so the
    entries show; a blank line the splice starts with is dropped when the line above is blank already."""
    blocks = hidden_blocks(doc.lines)
    moved: list[_Splice] = []
    for splice in splices:
        at = visible_splice_point(blocks, splice.at)
        if at == splice.at:
            moved.append(splice)
            continue
        lines = splice.lines
        if len(lines) > 1 and not lines[0].strip() and at > 0 and not doc.lines[at - 1].strip():
            lines = lines[1:]
        moved.append(_Splice(at, lines))
    return moved


def find_inserted(before: Document, after: Document, section_query: str, new: NewEntry) -> Entry | None:
    """The entry an insertion of `new` into `section_query` created in `after` (see `verify`)."""
    return written_entries(before, after, [(find_section(before, section_query), new)])[0]


def insert_entry(
    doc: Document,
    section_query: str,
    new: NewEntry,
    *,
    check_duplicates: bool = True,
    added: AddedHeadings | None = None,
) -> Document:
    """Insert one entry; see `insert_entries`."""
    return insert_entries(doc, [(section_query, new)], check_duplicates=check_duplicates, added=added)


def _apply(doc: Document, splices: Sequence[_Splice], renumbered: dict[int, str]) -> str:
    """The new text: original lines with renumbered lines replaced and splices inserted (bottom-up)."""
    lines = [renumbered.get(index, line) for index, line in enumerate(doc.lines)]
    for splice in sorted(splices, key=lambda s: s.at, reverse=True):
        lines[splice.at : splice.at] = splice.lines
    if lines and doc.lines and not doc.final_newline:
        for index in range(len(lines) - 1):
            if not lines[index].endswith("\n"):
                lines[index] += doc.newline
        lines[-1] = strip_eol(lines[-1])
    return (BOM if doc.bom else "") + "".join(lines)


def unified_diff(old_text: str, new_text: str, path: str) -> str:
    """A git-style unified diff of two versions of `path` (CRLF kept, a missing final newline marked)."""
    marker = "\n\\ No newline at end of file\n"

    def lines_of(text: str) -> list[str]:
        return [line if line.endswith("\n") else line + marker for line in split_lines(text)]

    return "".join(difflib.unified_diff(lines_of(old_text), lines_of(new_text), f"a/{path}", f"b/{path}"))
