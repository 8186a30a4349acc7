"""Checkboxes under a "needs a section" entry, so the maintainer places it with one click on GitHub.

Each entry below the confidence threshold offers its best guess and alternatives as task-list items:

    - [Title](https://arxiv.org/abs/...) — best guess: Reasoning (64%); alternatives: ...
      - [ ] place in Reasoning <!-- tracker:place ["paper","2604.20755","Reasoning"] -->

Ticking one is the maintainer's decision: the next run files the entry in that section of the README
edit. The comment says which candidate and section the box means, in the hidden block's escaped JSON,
so the visible label may be neutralised freely. Only a ticked box on its own line counts, and metadata
cannot forge one: every `<` in the visible body is escaped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from tracker.publish.hidden_block import comment_json
from tracker.publish.model import Proposal
from tracker.publish.neutralize import body_text

MARKER = "tracker:place"
MAX_CHOICES = 3  # the best guess and the next two
_TICKED = re.compile(
    rf"^[ \t]*[-*+][ \t]+\[[xX]\][ \t]+[^\r\n]*?<!-- {re.escape(MARKER)} (\[[^\r\n]*?\]) -->[ \t]*\r?$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class SectionChoice:
    """The maintainer ticked `section` for the candidate (`kind`, `key`)."""

    kind: str
    key: str
    section: str


def choice_lines(proposal: Proposal, indent: str = "  ") -> list[str]:
    """Unticked boxes for the best guess and the alternatives, each carrying its marker."""
    sections = [proposal.section] + [alternative["section"] for alternative in proposal.other_sections]
    offered = [s for s in dict.fromkeys(sections) if s.strip()][:MAX_CHOICES]
    return [
        f"{indent}- [ ] place in {body_text(section)} "
        f"<!-- {MARKER} {comment_json([proposal.kind, proposal.key, section])} -->"
        for section in offered
    ]


def ticked_choices(body: str | None) -> tuple[list[SectionChoice], list[str]]:
    """The ticked boxes in `body`, first tick per candidate, and a warning for each candidate ticked more
    than once (the first in the body wins)."""
    chosen: dict[tuple[str, str], SectionChoice] = {}
    warnings: list[str] = []
    for match in _TICKED.finditer(body or ""):
        choice = _parse(match.group(1))
        if choice is None:
            continue
        first = chosen.setdefault((choice.kind, choice.key), choice)
        if first is not choice and first.section != choice.section:
            warnings.append(f"{choice.key}: more than one section ticked; placed in {first.section!r}")
    return list(chosen.values()), warnings


def _parse(payload: str) -> SectionChoice | None:
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    if not (isinstance(data, list) and len(data) == 3 and all(isinstance(v, str) and v for v in data)):
        return None
    kind, key, section = data
    return SectionChoice(kind, key, section) if kind in ("paper", "release") else None
