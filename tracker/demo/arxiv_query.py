"""The arXiv API's search language, evaluated over a list of papers: what the arXiv stand-in answers with.

It understands what the `arxiv` package and tracker send: `field:word`, `field:"a phrase"`, `field:pre*`,
`submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]`, AND / OR / ANDNOT with parentheses (AND binds tighter),
and `id_list`. Text is compared as normalised words (`tracker.ids.normalize_title`), the way arXiv's
search ignores case and punctuation; a phrase must appear as consecutive words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from tracker.ids import normalize_title
from tracker.models import Paper

_TOKEN = re.compile(
    r"\s*(?:(?P<open>\()|(?P<close>\))|(?:(?P<field>[A-Za-z]+):)?"
    r'(?:"(?P<phrase>[^"]*)"|\[(?P<range>[^\]]*)\]|(?P<word>[^\s()"]+)))'
)
_OPERATORS = {"AND", "OR", "ANDNOT"}
_ID_FORMAT = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_VERSION = re.compile(r"v\d+$")
_DATE_FIELDS = {"submitteddate": "published", "lastupdateddate": "updated"}
_TEXT_FIELDS = {
    "ti": ("title",),
    "abs": ("abstract",),
    "au": ("authors",),
    "co": ("comment",),
    "jr": ("journal_ref",),
    "all": ("title", "abstract", "authors", "comment", "journal_ref"),
}


class QueryError(ValueError):
    """The request cannot be answered; the message is what arXiv's error entry says."""


Match = Callable[["IndexedPaper"], bool]


@dataclass
class IndexedPaper:
    """A paper with its searchable text normalised once (thousands of lookups hit the same papers)."""

    paper: Paper

    @cached_property
    def words(self) -> dict[str, str]:
        """Each text field as " w1 w2 ... " so a phrase test is one substring search."""
        paper = self.paper
        fields = {
            "title": paper.title,
            "abstract": paper.abstract,
            "authors": " ; ".join(paper.authors),
            "comment": paper.comment or "",
            "journal_ref": paper.journal_ref or "",
        }
        return {name: f" {normalize_title(text)} " for name, text in fields.items()}

    @property
    def submitted(self) -> datetime:
        return self.paper.published or datetime.min.replace(tzinfo=UTC)

    @property
    def last_updated(self) -> datetime:
        return self.paper.updated or self.submitted


def _text_match(fields: tuple[str, ...], value: str) -> Match:
    if value.endswith("*") and " " not in value.strip():  # a prefix: one word starting with it
        stem = normalize_title(value[:-1])
        pattern = re.compile(rf" {re.escape(stem)}\w* ")
        return lambda doc: any(pattern.search(doc.words[name]) for name in fields)
    phrase = f" {normalize_title(value)} "
    if not phrase.strip():
        raise QueryError(f"empty search term in {value!r}")
    return lambda doc: any(phrase in doc.words[name] for name in fields)


def _stamp(text: str) -> datetime:
    digits = text.strip()
    for layout in ("%Y%m%d%H%M%S", "%Y%m%d%H%M", "%Y%m%d"):
        try:
            return datetime.strptime(digits, layout).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise QueryError(f"invalid date {text!r} in a date range (use YYYYMMDDHHMM)")


def _range_match(field: str, value: str) -> Match:
    low, sep, high = value.partition(" TO ")
    if not sep:
        raise QueryError(f"invalid range [{value}] (use [FROM TO TO])")
    start, end = _stamp(low), _stamp(high)
    if field == "published":
        return lambda doc: start <= doc.submitted <= end
    return lambda doc: start <= doc.last_updated <= end


def _category_match(value: str) -> Match:
    if value.endswith("*"):
        prefix = value[:-1]
        return lambda doc: any(c.startswith(prefix) for c in doc.paper.categories)
    return lambda doc: value in doc.paper.categories


def _term(field: str | None, phrase: str | None, bounds: str | None, word: str | None) -> Match:
    name = (field or "all").lower()
    if bounds is not None:
        if name not in _DATE_FIELDS:
            raise QueryError(f"a [FROM TO TO] range needs submittedDate or lastUpdatedDate, not {name}")
        return _range_match(_DATE_FIELDS[name], bounds)
    value = phrase if phrase is not None else (word or "")
    if name == "cat":
        return _category_match(value)
    if name == "id":
        base = _VERSION.sub("", value)
        return lambda doc: doc.paper.arxiv_id == base
    if name not in _TEXT_FIELDS:
        raise QueryError(f"unknown search field {field!r}")
    return _text_match(_TEXT_FIELDS[name], value)


class _Parser:
    """Recursive descent over the tokens: OR of ANDs of terms or parenthesised expressions."""

    def __init__(self, text: str) -> None:
        self.tokens: list[re.Match[str]] = []
        position = 0
        while text[position:].strip():
            match = _TOKEN.match(text, position)
            if match is None or match.end() == position:
                raise QueryError(f"cannot parse search_query at {text[position:]!r}")
            self.tokens.append(match)
            position = match.end()
        self.index = 0

    def _peek_operator(self) -> str | None:
        if self.index >= len(self.tokens):
            return None
        token = self.tokens[self.index]
        word = token.group("word")
        return word if token.group("field") is None and word in _OPERATORS else None

    def parse(self) -> Match:
        if not self.tokens:
            raise QueryError("empty search_query")
        match = self._or()
        if self.index != len(self.tokens):
            raise QueryError(f"unexpected {self.tokens[self.index].group(0).strip()!r} in search_query")
        return match

    def _or(self) -> Match:
        parts = [self._and()]
        while self._peek_operator() == "OR":
            self.index += 1
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else lambda doc: any(part(doc) for part in parts)

    def _and(self) -> Match:
        match = self._unary()
        while self.index < len(self.tokens) and self._peek_operator() != "OR":
            token = self.tokens[self.index]
            if token.group("close"):
                break
            operator = self._peek_operator()
            if operator:
                self.index += 1
            right, left = self._unary(), match
            if operator == "ANDNOT":
                match = lambda doc, a=left, b=right: a(doc) and not b(doc)  # noqa: E731
            else:  # AND, or two terms side by side
                match = lambda doc, a=left, b=right: a(doc) and b(doc)  # noqa: E731
        return match

    def _unary(self) -> Match:
        if self.index >= len(self.tokens):
            raise QueryError("search_query ends where a term is expected")
        token = self.tokens[self.index]
        self.index += 1
        if token.group("open"):
            inner = self._or()
            if self.index >= len(self.tokens) or not self.tokens[self.index].group("close"):
                raise QueryError("unbalanced parentheses in search_query")
            self.index += 1
            return inner
        if token.group("close") or (token.group("field") is None and token.group("word") in _OPERATORS):
            raise QueryError(f"unexpected {token.group(0).strip()!r} in search_query")
        return _term(token.group("field"), token.group("phrase"), token.group("range"), token.group("word"))


def parse_query(text: str) -> Match:
    """A predicate for one search_query; QueryError when arXiv would refuse it."""
    return _Parser(text).parse()


def parse_id_list(text: str) -> list[str]:
    """The ids of an id_list, in order; an id arXiv cannot read is a QueryError, as on arXiv."""
    ids = [part.strip() for part in text.split(",") if part.strip()]
    for arxiv_id in ids:
        if not _ID_FORMAT.match(arxiv_id):
            raise QueryError(f"incorrect id format for {arxiv_id}")
    return ids


_SORT_KEYS: dict[str, Callable[[IndexedPaper], object]] = {
    "submittedDate": lambda doc: (doc.submitted, doc.paper.arxiv_id),
    "lastUpdatedDate": lambda doc: (doc.last_updated, doc.paper.arxiv_id),
}


class Corpus:
    """The papers a stand-in serves, searchable the way the arXiv API searches them."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.docs = [IndexedPaper(paper) for paper in papers]
        self._by_id = {doc.paper.arxiv_id: doc for doc in self.docs}

    def search(self, args: Mapping[str, str]) -> list[Paper]:
        """Papers for the request's search_query / id_list / sortBy / sortOrder (paging is the caller's)."""
        query, id_text = args.get("search_query", "").strip(), args.get("id_list", "").strip()
        if not query and not id_text:
            return []  # arXiv answers an empty feed
        if id_text:
            wanted = dict.fromkeys(_VERSION.sub("", arxiv_id) for arxiv_id in parse_id_list(id_text))
            docs = [self._by_id[arxiv_id] for arxiv_id in wanted if arxiv_id in self._by_id]
        else:
            docs = list(self.docs)
        if query:
            match = parse_query(query)
            docs = [doc for doc in docs if match(doc)]
        key = _SORT_KEYS.get(args.get("sortBy", "relevance"))
        if key is not None:
            docs.sort(key=key, reverse=args.get("sortOrder", "descending") != "ascending")
        return [doc.paper for doc in docs]
