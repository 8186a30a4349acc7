"""Never write something broken: an insert is read back by the parser before anyone writes it.

A renderer can only guess a section's format, and markdown around the insertion point can swallow
what it writes: an unclosed `<!--` or code fence at a section's end hides the entry on the rendered
page and from `tracker list`; a table without a column tracker reads as the title gets a row without
the title or the link (`| - | - |`). Each of these used to be written with exit 0. So every insert
(`tracker add` and the batch `tracker run` publishes) is checked on the re-parsed document:

- the headings are the same (same sections, same printed paths), but for the headings the caller says it
  added on purpose (`AddedHeadings`: a day heading of a dated intake section, see `listdoc.intake`),
  which must be there, and start with no entry but the new ones;
- every entry the section had still reads the same (list numbers aside: renumbering is expected), and
  every other section keeps its entries unchanged;
- each new entry is listed in the section it was put in, and its lines show its title and its link
  (the link only where the section's entries are linked: some lists write `**Title;** authors`).

Otherwise `check_written` raises `UnwritableEntry`, a UsageError (exit 2) that says which entry and
why, and nothing is written. Before that, `visible_splice_point` moves an insertion point out of a
comment or code fence left open at a section's end, so the entry is written above the opener, where
it shows, rather than refused.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tracker.errors import UsageError
from tracker.ids import paper_keys
from tracker.listdoc.blocks import HiddenBlock, hidden_blocks
from tracker.listdoc.headings import section_key
from tracker.listdoc.model import Document, Entry, Section, strip_eol
from tracker.listdoc.sanitize import clean_text, safe_url
from tracker.listdoc.template import NewEntry

_WORD = re.compile(r"[^\W_]+")
_LINK_TARGET = re.compile(r"(?<!\\)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_BARE_URL = re.compile(r"https?://\S+")
_NUMBER = re.compile(r"^([ \t]*)\d{1,9}(?=[.)])")
_SHOWN = 100  # characters of a written line quoted in an error
NOTHING_WRITTEN = "nothing was written"


class UnwritableEntry(UsageError):
    """An insert that would not read back as asked (hidden, swallowed, without its title or link)."""


def visible_splice_point(blocks: Sequence[HiddenBlock], at: int) -> int:
    """Where lines meant to go before line `at` show: `at` itself, unless that is inside a hidden block;
    then before the opener of a block left open to the end, or after the closer of a closed one."""
    for block in blocks:
        if block.start < at < block.end or (at == block.end and not block.closed and block.start < at):
            return block.end if block.closed else block.start
    return at


@dataclass(frozen=True)
class AddedHeadings:
    """Headings a caller added on purpose before inserting: `base` is the README before them, `paths` their
    printed paths. Only `listdoc.intake` adds headings (a list's new day); passing them says exactly which
    ones `check_written` may find beyond `base`'s, so the check stays strict for everything else."""

    base: Document
    paths: tuple[str, ...]


def check_written(
    before: Document,
    after: Document,
    placed: Sequence[tuple[Section, NewEntry]],
    added_headings: Sequence[str] = (),
) -> Document:
    """`after` if it is `before` plus every entry of `placed` (section, entry), each listed in its section
    with its title and link, and nothing else read differently; else `UnwritableEntry`.

    A placed section is named by its printed path, so it may come from a document between `before` and
    `after` (one with the headings of `added_headings` already in). Those headings, and no others, may be
    new in `after`; a new heading's section holds only entries of `placed`."""
    wanted: dict[str, list[NewEntry]] = {}
    for section, new in placed:
        wanted.setdefault(section_key(section.path_text), []).append(new)
    pairs = _paired_sections(before, after, added_headings)
    gone = set(wanted) - {section_key(now.path_text) for _, now in pairs}
    if gone:
        named = ", ".join(sorted(gone))
        raise UnwritableEntry(f"the insert names sections the README lacks ({named}); {NOTHING_WRITTEN}")
    for old, now in pairs:
        news = wanted.get(section_key(now.path_text), [])
        fresh = _fresh_entries(after, old, now)
        paired = _match(fresh, news)
        linked = links_expected(before, old) if news else True
        for new, entry in zip(news, paired, strict=True):
            _check_entry(after, now, new, entry, linked)
        extra = [entry for entry in fresh if all(entry is not other for other in paired)]
        if extra:
            lines = ", ".join(str(entry.line) for entry in extra[:3])
            raise UnwritableEntry(
                f"the insert would make other text of {now.path_text!r} read as entries (line {lines}); "
                f"{NOTHING_WRITTEN}"
            )
    return after


def _paired_sections(
    before: Document, after: Document, added_headings: Sequence[str]
) -> list[tuple[Section, Section]]:
    """Each section of `after` with the section of `before` it continues; an added heading's section is
    paired with an empty copy of itself (it had no entries before). `UnwritableEntry` unless `after`'s
    headings are `before`'s plus exactly `added_headings`."""
    added = {section_key(path) for path in added_headings}
    kept = [s for s in after.sections if section_key(s.path_text) not in added]
    new = [s for s in after.sections if section_key(s.path_text) in added]
    missing = added - {section_key(s.path_text) for s in new}
    if missing or any(section_key(s.path_text) in added for s in before.sections):
        named = ", ".join(sorted(missing or added))
        raise UnwritableEntry(f"the insert would not add the heading {named} as planned; {NOTHING_WRITTEN}")
    _same_headings(before.sections, kept)
    pairs = dict(zip(map(id, kept), before.sections, strict=True))
    return [(pairs[id(s)] if id(s) in pairs else replace(s, entries=[]), s) for s in after.sections]


def written_entries(
    before: Document, after: Document, placed: Sequence[tuple[Section, NewEntry]]
) -> list[Entry | None]:
    """The entry each of `placed` (section of `before`, entry) became in `after`, None where none did."""
    index_of = {id(section): index for index, section in enumerate(before.sections)}
    found: list[Entry | None] = []
    for section, new in placed:
        index = index_of[id(section)]
        if index >= len(after.sections):
            found.append(None)
            continue
        fresh = _fresh_entries(after, section, after.sections[index])
        found.append(_match(fresh, [new])[0])
    return found


def _same_headings(before: Sequence[Section], after: Sequence[Section]) -> None:
    old = [s.path_text for s in before]
    new = [s.path_text for s in after]
    if old != new:
        changed = next((f"{a!r} became {b!r}" for a, b in zip(old, new, strict=False) if a != b), None)
        what = changed or f"{len(old)} sections became {len(new)}"
        raise UnwritableEntry(f"the insert would change the README's headings ({what}); {NOTHING_WRITTEN}")


def _fingerprint(entry: Entry) -> tuple[str, ...]:
    """An entry's lines without line endings and without its list number (renumbering is expected)."""
    lines = [strip_eol(line) for line in entry.lines]
    return (_NUMBER.sub(r"\1#", lines[0]), *lines[1:])


def _fresh_entries(after: Document, old: Section, now: Section) -> list[Entry]:
    """Entries of `now` that `old` did not have; a UsageError when one of `old`'s no longer reads the same."""
    remaining = Counter(_fingerprint(entry) for entry in old.entries)
    fresh: list[Entry] = []
    for entry in now.entries:
        key = _fingerprint(entry)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            fresh.append(entry)
    lost = [entry for entry in old.entries if remaining[_fingerprint(entry)] > 0]
    if lost:
        first = lost[0]
        count = f"{len(lost)} existing entr{'y' if len(lost) == 1 else 'ies'} of {now.path_text!r}"
        blocks = hidden_blocks(after.lines)
        hidden = next((b for b in blocks if first.lines[0] in after.lines[b.start : b.end]), None)
        what = f"hide {count} inside {_describe(hidden)}" if hidden else f"change how {count} read"
        raise UnwritableEntry(
            f"the insert would {what} (first: {first.title!r}, line {first.line}); {NOTHING_WRITTEN}"
        )
    return fresh


def _has_link(entry: Entry, url: str | None) -> bool:
    """Whether the entry links `url`: the same paper (arXiv id, DOI), else the same address. A URL that is
    not http(s) is never linked (`sanitize.safe_url`), so it is not looked for."""
    if not url or not safe_url(url):
        return True  # no address, or one that is never linked (not http): nothing to find
    return _links_to(entry, url)


def _links_to(entry: Entry, url: str | None, main_only: bool = False) -> bool:
    """Whether the entry links `url` itself (False without a URL): what pairs a written entry with its own.
    With `main_only`, only its main link counts (another entry's code link may be this one's paper)."""
    if not url:
        return False
    targets = [entry.url] if main_only else [entry.url, *entry.urls]
    keys = set().union(*(paper_keys(url=target) for target in targets if target))
    if not main_only and entry.arxiv_id:
        keys |= paper_keys(arxiv_id=entry.arxiv_id)
    if paper_keys(url=url) & keys:
        return True
    forms = {form.rstrip("/") for form in (url, safe_url(url)) if form}
    return any(target.rstrip("/") in forms for target in targets if target)


def words(text: str) -> str:
    """The words of plain text (a title, a note: shown as typed), case and width folded, space-separated
    and space-framed, so that `words(x) in shown_words(md)` is "md shows x" word for word."""
    return f" {' '.join(_WORD.findall(unicodedata.normalize('NFKC', text).casefold()))} "


def shown_words(markdown: str, urls: bool = True) -> str:
    """The words written markdown shows, as `words`: character references decoded once, link targets left
    out (an escaped `\\](x)` is text, and stays); bare URLs too unless `urls`."""
    text = _LINK_TARGET.sub("] ", html.unescape(markdown))
    return words(text if urls else _BARE_URL.sub(" ", text))


def _has_title(entry: Entry, title: str) -> bool:
    """Whether the entry's lines show `title`: whole, or its part after a `Name:` prefix the list writes
    apart. A title without words passes."""
    cleaned = clean_text(title)
    if cleaned.endswith("…"):  # capped by `clean_text`: the cut word may be cut elsewhere by a renderer
        cleaned = cleaned.rsplit(" ", 1)[0]
    forms = [words(cleaned), words(cleaned.split(":", 1)[1]) if ":" in cleaned else " "]
    if not forms[0].strip():
        return True
    shown = shown_words(" ".join(strip_eol(line) for line in entry.lines))
    return any(form.strip() and form in shown for form in forms)


def _match(fresh: Sequence[Entry], news: Sequence[NewEntry]) -> list[Entry | None]:
    """Pair each new entry with a fresh one: by its main link and title, by its main link, by the title
    read from it, by any link,
    by the title shown anywhere in it (another entry's note may hold the same words: longer titles
    choose first, so a short one does not take a long one's entry), then in order among the rest."""
    left = list(fresh)
    paired: list[Entry | None] = [None] * len(news)
    tests = (  # link and title first: two new entries of one batch may share a link
        lambda e, n: _links_to(e, n.url, main_only=True) and words(e.title) == words(clean_text(n.title)),
        lambda e, n: _links_to(e, n.url, main_only=True),
        lambda e, n: words(e.title) == words(clean_text(n.title)),
        lambda e, n: _links_to(e, n.url),
        lambda e, n: _has_title(e, n.title),
    )
    order = sorted(range(len(news)), key=lambda i: -len(words(clean_text(news[i].title))))
    for test in tests:
        for index in order:
            new = news[index]
            if paired[index] is None:
                hit = next((entry for entry in left if test(entry, new)), None)
                if hit is not None:
                    paired[index] = hit
                    left.remove(hit)
    for index in range(len(news)):
        if paired[index] is None and left:
            paired[index] = left.pop(0)
    return paired


def links_expected(doc: Document, section: Section) -> bool:
    """Whether the section's format links its entries: at least half of its entries (of the document's,
    for an empty section) carry a URL. A list of unlinked `**Title;** authors` items is written unlinked,
    so there a missing link is a field without a place (reported by `tracker add`), not a broken entry."""
    entries = section.entries or doc.entries()
    return not entries or 2 * sum(1 for entry in entries if entry.url or entry.urls) >= len(entries)


def _check_entry(after: Document, section: Section, new: NewEntry, entry: Entry | None, linked: bool) -> None:
    where = f"cannot add {clean_text(new.title)!r} to {section.path_text!r}"
    if entry is None:
        raise UnwritableEntry(f"{where}: {_not_listed_reason(after, section, new)}; {NOTHING_WRITTEN}")
    checks = (("title", _has_title(entry, new.title)), ("link", not linked or _has_link(entry, new.url)))
    missing = [part for part, ok in checks if not ok]
    if missing:
        written = strip_eol(entry.lines[0]).strip()
        written = written if len(written) <= _SHOWN else written[: _SHOWN - 1] + "…"
        columns = ""
        if entry.kind == "table_row" and section.columns:
            columns = f" (columns {' | '.join(section.columns)})"
        raise UnwritableEntry(
            f"{where}: the section's format{columns} has no place tracker can fill with its "
            f"{' and '.join(missing)} (it would write {written!r}); {NOTHING_WRITTEN}"
        )


def _describe(block: HiddenBlock) -> str:
    what = "an HTML comment" if block.kind == "comment" else "a code block"
    return f"{what}{'' if block.closed else ' left open'} at line {block.start + 1}"


def _not_listed_reason(after: Document, section: Section, new: NewEntry) -> str:
    """Why the written entry does not read back: hidden in a comment or code block, or a news block."""
    marks = [form for form in (new.url, safe_url(new.url)) if form]
    title = words(clean_text(new.title))
    for block in hidden_blocks(after.lines):
        text = "".join(after.lines[block.start : block.end])
        if any(mark in text for mark in marks) or (title.strip() and title in shown_words(text)):
            return f"it would land inside {_describe(block)}, hidden on the page and from `tracker list`"
    if section.is_news:
        return "the section is a news block, whose items are not read as entries"
    return "the written lines would not read back as an entry of that section"
