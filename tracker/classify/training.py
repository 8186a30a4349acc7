"""Training data from the list itself: one labelled example per entry of each leaf section.

A leaf section is one that holds entries and is neither a table of contents nor a news block; its label
is `Section.path_text`, exactly what `tracker list` prints and `tracker add --section` accepts (two
sections with the same headings stay two labels, "A > B #1" and "A > B #2"). Abstracts come from an
`AbstractLookup` (the state database in production, the shared data files in `tracker eval`), by arXiv
id, else by normalised title.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from tracker import ids
from tracker.classify.corpus import entry_text
from tracker.listdoc.model import Document, Entry, Section


class AbstractLookup(Protocol):
    def abstracts(self, entries: Sequence[Entry]) -> list[str | None]:
        """The abstract of each entry, or None when unknown."""
        ...


@dataclass(frozen=True)
class MappingAbstracts:
    """Abstracts from in-memory maps: arXiv id -> abstract and normalised title -> abstract."""

    by_id: Mapping[str, str]
    by_title: Mapping[str, str]

    def abstracts(self, entries: Sequence[Entry]) -> list[str | None]:
        return [
            (self.by_id.get(entry.arxiv_id) if entry.arxiv_id else None)
            or self.by_title.get(ids.normalize_title(entry.title))
            for entry in entries
        ]


NO_ABSTRACTS = MappingAbstracts({}, {})


@dataclass(frozen=True)
class Example:
    """One list entry as training data: its text, its leaf section's path text and the entry itself."""

    text: str
    section: str
    entry: Entry
    has_abstract: bool

    @property
    def paper_key(self) -> str:
        """The same paper listed under several sections shares this key (arXiv id, else title)."""
        return self.entry.arxiv_id or ids.normalize_title(self.entry.title) or self.text


def fit_inputs(examples: Sequence[Example]) -> tuple[list[str], list[str], list[str]]:
    """(texts, sections, paper keys) of the examples, as `SectionModel.fit` takes them."""
    return [e.text for e in examples], [e.section for e in examples], [e.paper_key for e in examples]


def leaf_sections(document: Document) -> list[Section]:
    """Sections that hold entries, in document order, without tables of contents and news blocks."""
    return [s for s in document.sections if s.entries and not s.is_toc and not s.is_news]


def training_examples(document: Document, lookup: AbstractLookup = NO_ABSTRACTS) -> list[Example]:
    """Every entry of every leaf section, with its abstract when `lookup` knows it."""
    labelled = [(entry, s.path_text) for s in leaf_sections(document) for entry in s.entries]
    found = lookup.abstracts([entry for entry, _ in labelled])
    return [
        Example(entry_text(entry, abstract), label, entry, bool(abstract))
        for (entry, label), abstract in zip(labelled, found, strict=True)
    ]


def titles_to_abstracts(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, str]:
    """normalised title -> abstract for the (title, abstract) pairs that have both."""
    return {ids.normalize_title(title): abstract for title, abstract in pairs if title and abstract}
