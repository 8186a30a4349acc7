"""The publish stage's vocabulary: what goes into the tracker PR, shared by planning, body and platform.

A `Proposal` is one candidate on its way to the PR (a paper, or a release of a repo the list does not link
yet); a `ReleaseNote` is a new release of a repo the list already links, which only the PR body mentions.
`HiddenBlock` is the machine-readable record in the PR body from which state can be rebuilt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from tracker.models import Paper, Release

Decision = Literal["placed", "needs-section"]
HIDDEN_BLOCK_VERSION = 1
MAX_ALTERNATIVES = 3  # next sections the review table shows and the hidden block keeps per entry


@dataclass
class Proposal:
    """One candidate for the PR. `key` is the candidate key: canonical arXiv id, or `owner/repo@tag`."""

    key: str
    kind: Literal["paper", "release"]
    title: str
    url: str  # the abstract page (paper) or the repo page (release; its release page is `release_url`)
    section: str  # heading path joined by " > ", exactly as `tracker list` prints it
    confidence: float
    relevance: float
    placed: bool
    alternatives: list[dict[str, Any]] = field(default_factory=list)  # [{"section", "confidence"}]
    why: str = ""  # one line: top terms, rules that fired, nearest entry
    code_url: str | None = None
    release_url: str | None = None  # a tracked release that names this paper
    paper: Paper | None = None
    release: Release | None = None

    @property
    def decision(self) -> Decision:
        return "placed" if self.placed else "needs-section"

    @property
    def other_sections(self) -> list[Mapping[str, Any]]:
        """The alternatives that name a section other than its own, in order (malformed ones skipped)."""
        return [
            alternative
            for alternative in self.alternatives
            if isinstance(alternative, Mapping)
            and isinstance(alternative.get("section"), str)
            and alternative["section"]
            and alternative["section"] != self.section
        ]


@dataclass
class ReleaseNote:
    """A new release of a repo the list already links: reported in the PR body, never edits the README."""

    repo: str
    tag: str
    name: str
    url: str
    published: datetime | None = None


@dataclass
class HiddenEntry:
    """One candidate as recorded in the PR body: enough to rebuild its state with the README."""

    key: str
    kind: str
    decision: Decision
    section: str
    title: str
    confidence: float | None = None  # kept so a rebuilt PR still shows them
    relevance: float | None = None
    alternatives: list[dict[str, Any]] | None = None  # [{"section", "confidence"}]: the "place in" boxes
    why: str | None = None  # the review table's "why", cut to hidden_block.WHY_CAP characters

    @classmethod
    def of(cls, proposal: Proposal) -> HiddenEntry:
        return cls(
            proposal.key, proposal.kind, proposal.decision, proposal.section, proposal.title,
            proposal.confidence, proposal.relevance, proposal.alternatives, proposal.why,
        )  # fmt: skip


@dataclass
class HiddenBlock:
    """The PR body's machine-readable block; `base_sha` is the base commit the README edit was planned on."""

    entries: list[HiddenEntry]
    base_sha: str | None = None
    version: int = HIDDEN_BLOCK_VERSION
