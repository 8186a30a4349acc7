"""Classified candidates -> `Proposal`s for the PR, and a proposal -> the `NewEntry` the README gets.

A proposal carries what the reviewer needs (links, section, why); the entry is the paper as the list
itself would write it: its arXiv link in the form the list's newest (or the section's nearest) entries
use (abs, pdf, pdf with ".pdf", huggingface.co/papers, ...), the submission date, the venue as the
list writes venues, and the code link. Pure: no I/O, same input, same output.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from tracker.classify.classifier import Classification
from tracker.ids import arxiv_id_from_url, normalize_arxiv_id
from tracker.listdoc.model import Document, Entry, Section
from tracker.listdoc.placement import date_key, insertion_index, section_order
from tracker.listdoc.template import NewEntry
from tracker.models import Paper, Release
from tracker.publish.code_links import code_link_from_text, repo_page
from tracker.publish.model import Proposal
from tracker.publish.venue import venue_in_style, venue_of

ABS_LINK = "https://arxiv.org/abs/{id}"
LINK_NEIGHBOURS = 10  # arXiv links the link form is voted from, most telling first (see `_link_tiers`)
WHY_TERMS = 3
WHY_TITLE = 70
RELEASE_TEXT = 2000  # characters of a release note worth classifying; changelogs run long

_ID_IN_PATH = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
_VERSION_LABEL = re.compile(r"(?:release\s*)?v?\d+(?:[._-]\w+)*", re.IGNORECASE)
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|https?://\S+|[#*_`>|]+")


# ---------------------------------------------------------------- proposals


def paper_date(paper: Paper | None) -> date | None:
    """The paper's date for the list: its submission (v1 `published`) day, else its announcement day (UTC).

    It is what BradyFU's Date column holds: the gold replay (tests/publish/test_plan_gold.py) writes the
    maintainer's own date for 183 of 198 additions."""
    return _day(paper.published or paper.announced) if paper else None


def day_of(proposal: Proposal) -> date | None:
    """The proposal's own day: its paper's date (`paper_date`), else its release's publication day (UTC)."""
    return paper_date(proposal.paper) or (_day(proposal.release.published) if proposal.release else None)


def _day(when: datetime | None) -> date | None:
    """The UTC day of a time (naive times are UTC already)."""
    if when is None:
        return None
    return (when.astimezone(UTC) if when.tzinfo else when).date()


def why_line(explanation: dict[str, Any] | None) -> str:
    """One short line for the review table: top terms, the rules that fired, the nearest listed entry."""
    explanation = explanation or {}
    parts: list[str] = []
    terms = [str(term) for term in explanation.get("terms") or []][:WHY_TERMS]
    if terms:
        parts.append("terms: " + ", ".join(terms))
    parts += [_short_rule(str(rule)) for rule in explanation.get("rules") or []]
    nearest = explanation.get("nearest") or []
    if nearest:
        first = nearest[0]
        title = str(first.get("title", "") if isinstance(first, dict) else first)
        if title:
            parts.append(f'near "{_cut(title, WHY_TITLE)}"')
    return "; ".join(parts)


def _short_rule(description: str) -> str:
    """A rule description without its origin: "pinned to 'X' (keyword 'y')"."""
    origin, _, rest = description.partition(": ")
    return rest if origin.startswith("rule ") and rest else description


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _from_classification(result: Classification) -> dict[str, Any]:
    return {
        "section": result.section,
        "confidence": result.confidence,
        "relevance": result.relevance,
        "placed": result.placed,
        "alternatives": [dict(alternative) for alternative in result.alternatives],
        "why": why_line(result.explanation),
    }


def paper_proposal(paper: Paper, result: Classification, release: Release | None = None) -> Proposal:
    """A paper for the PR: abstract-page link, code from its abstract/comment (else the naming release's
    repo), and the tracked release that names it, if any."""
    arxiv_id = normalize_arxiv_id(paper.arxiv_id) or paper.arxiv_id
    code_url = code_link_from_text(paper.abstract, paper.comment)
    if code_url is None and release is not None:
        code_url = repo_page(release.repo)
    return Proposal(
        key=arxiv_id,
        kind="paper",
        title=" ".join(paper.title.split()),
        url=ABS_LINK.format(id=arxiv_id),
        code_url=code_url,
        release_url=(release.url or None) if release is not None else None,
        paper=paper,
        release=release,
        **_from_classification(result),
    )


def release_title(release: Release) -> str:
    """The release's name, unless it is only a version label ("v1.2", "Release 2.0"): then the repo name."""
    name = " ".join(release.name.split())
    if not name or name.casefold() == release.tag.casefold() or _VERSION_LABEL.fullmatch(name):
        return release.repo.rstrip("/").rsplit("/", 1)[-1]
    return name


def release_text(release: Release, description: str | None) -> tuple[str, str]:
    """(title, abstract-like text) to classify a release like a paper: the repo description, then the
    release name and notes without links and markup, cut to a paper abstract's length."""
    body = _MARKUP.sub(lambda m: m.group(1) or " ", release.body or "")
    text = " ".join(
        " ".join(part.split()) for part in (description or "", release.name, body) if part.strip()
    )
    return release_title(release), _cut(text, RELEASE_TEXT) if text else ""


def release_proposal(release: Release, result: Classification, description: str | None = None) -> Proposal:
    """A release of a tracked repo the list does not link yet; its entry links the repo page."""
    page = repo_page(release.repo)
    return Proposal(
        key=f"{release.repo}@{release.tag}",
        kind="release",
        title=release_text(release, description)[0],
        url=page,
        code_url=page,
        release_url=release.url or None,
        release=release,
        **_from_classification(result),
    )


# ---------------------------------------------------------------- the README entry


def link_template(url: str) -> str | None:
    """An arXiv-paper link with its id as "{id}" and without version, query or fragment:
    "https://arxiv.org/pdf/2401.00001v2.pdf" -> "https://arxiv.org/pdf/{id}.pdf"; None for other links."""
    if not arxiv_id_from_url(url):
        return None
    parts = urlsplit(url.strip())
    match = _ID_IN_PATH.search(parts.path)
    if match is None:
        return None
    path = parts.path[: match.start()] + "{id}" + parts.path[match.end() :]
    return f"{parts.scheme or 'https'}://{parts.netloc}{path}"


def _link_tiers(doc: Document, section: Section, new: NewEntry) -> list[list[Entry]]:
    """Entries whose links show the list's current link habit, most telling first, in tiers: the first
    tier with any arXiv link decides.

    A dated list: its newest-dated arXiv-linked entries, wherever they are (maintainers change habits
    list-wide, e.g. BradyFU dropped ".pdf" during 2024: the newest dates give 204 of 211 gold link forms,
    the section's neighbours 188). Otherwise the section's entries nearest the new entry's slot, then
    the document's entries nearest the section's heading."""
    dated = [
        entry
        for s in doc.sections
        if not s.is_toc
        for entry in s.entries
        if date_key(entry.date) and entry.url and link_template(entry.url)
    ]
    if len(dated) >= LINK_NEIGHBOURS:
        return [sorted(dated, key=lambda entry: date_key(entry.date) or "", reverse=True)]  # stable
    entries = section.entries
    at = insertion_index(entries, new, section_order(entries)) if entries else 0  # new goes before [at]
    nearest = sorted(range(len(entries)), key=lambda i: (i - at if i >= at else at - 1 - i, i))
    others = [entry for s in doc.sections if not s.is_toc and s is not section for entry in s.entries]
    return [[entries[i] for i in nearest], sorted(others, key=lambda e: abs(e.start - section.heading_line))]


def link_style(*tiers: Sequence[Entry]) -> str:
    """The arXiv link form ("https://arxiv.org/pdf/{id}") most of the first `LINK_NEIGHBOURS` arXiv-linked
    entries of the first tier that has any use (ties: the first entry's form); else the abstract page."""
    for entries in tiers:
        templates = [template for entry in entries if entry.url and (template := link_template(entry.url))]
        if templates:
            return Counter(templates[:LINK_NEIGHBOURS]).most_common(1)[0][0]
    return ABS_LINK


def paper_link(arxiv_id: str, template: str) -> str:
    """The paper's link in `template`'s form; the abstract page when the form cannot hold this id."""
    url = template.replace("{id}", arxiv_id)
    return url if arxiv_id_from_url(url) == arxiv_id else ABS_LINK.format(id=arxiv_id)


def _venues(doc: Document, section: Section) -> list[str | None]:
    """The venue cells the list writes: the section's, else the whole document's."""
    own = [entry.venue for entry in section.entries if entry.venue]
    return own or [entry.venue for entry in doc.entries() if entry.venue]


def new_entry_for(doc: Document, section: Section, proposal: Proposal) -> NewEntry:
    """The entry `proposal` gets in `section` of `doc`, in the list's own link and venue style."""
    paper = proposal.paper
    if proposal.kind == "release":
        day = _day(proposal.release.published) if proposal.release else None
        return NewEntry(
            proposal.title, proposal.url, code_url=proposal.code_url, date=day and day.isoformat()
        )
    arxiv_id = normalize_arxiv_id(proposal.key) or (normalize_arxiv_id(paper.arxiv_id) if paper else None)
    day = paper_date(paper)
    entry = NewEntry(
        title=proposal.title,
        url=proposal.url,
        code_url=proposal.code_url,
        date=day.isoformat() if day else None,
        venue=venue_in_style(venue_of(paper), _venues(doc, section)) if paper else None,
        arxiv_id=arxiv_id,
        authors=list(paper.authors or []) if paper else [],
    )
    if arxiv_id:
        entry.url = paper_link(arxiv_id, link_style(*_link_tiers(doc, section, entry)))
    return entry
