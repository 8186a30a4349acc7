"""What the classifier takes from the state database: abstracts for the list's entries (by arXiv id),
the recently seen papers as relevance background, and the rejected papers as hard negatives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tracker.classify.corpus import paper_text
from tracker.classify.training import MappingAbstracts
from tracker.listdoc.model import Document
from tracker.store import Store

BACKGROUND_PAPERS = 8000
"""How many recent papers the relevance model learns from as negatives (the issue's anchor used 8,000)."""


@dataclass(frozen=True)
class StoreInputs:
    abstracts: MappingAbstracts
    background: list[str]
    hard_negatives: list[str]


def store_inputs(
    store: Store, document: Document, skip_ids: Iterable[str] = (), background: int = BACKGROUND_PAPERS
) -> StoreInputs:
    """Read everything `classifier.train` needs from `store`; `skip_ids` stay out of the background
    (the papers about to be classified, so none is scored by a model that learnt it as a negative)."""
    listed = {entry.arxiv_id for entry in document.entries() if entry.arxiv_id}
    known = store.papers_by_ids(listed)
    by_id = {arxiv_id: paper.abstract for arxiv_id, paper in known.items() if paper.abstract}
    recent = store.recent_papers(background, exclude_ids=listed | set(skip_ids))
    return StoreInputs(
        abstracts=MappingAbstracts(by_id, {}),
        background=[paper_text(paper.title, paper.abstract) for paper in recent],
        hard_negatives=[
            paper_text(paper.title, paper.abstract)
            for paper in store.rejected_papers()
            if paper.arxiv_id not in listed
        ],
    )
