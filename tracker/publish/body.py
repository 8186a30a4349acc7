"""Render the tracker PR body: what the maintainer reviews, plus the hidden block that records the PR's state.

Pure and deterministic (same inputs, same text), so a run can tell that nothing changed. Every string
from metadata goes through `neutralize`, and the body always fits GitHub's limit: the long lists lose
rows from their ends first, saying how many are not shown; the checkbox and the hidden block are never
cut (the block shrinks its titles, then compresses, instead).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from tracker.publish.hidden_block import hidden_block_forms, read_hidden_block, render_hidden_block
from tracker.publish.model import MAX_ALTERNATIVES, HiddenBlock, Proposal, ReleaseNote
from tracker.publish.neutralize import body_text, body_url, link
from tracker.publish.section_choice import choice_lines, ticked_choices

__all__ = [
    "BODY_LIMIT",
    "REGENERATE_TEXT",
    "BodyTooLarge",
    "maintainer_ticked",
    "read_hidden_block",
    "regenerate_requested",
    "render_body",
    "render_hidden_block",
]

BODY_LIMIT = 65_536  # GitHub's limit on a PR body, in characters
REGENERATE_TEXT = "regenerate this PR"
MISSING = "—"
NEEDS_SECTION_HEADING = (
    "### Needs a section\n\nTick the section an entry belongs in: tracker's next run files it there."
)
_CHECKBOX = (
    f"- [ ] {REGENERATE_TEXT} — tick it and tracker rebuilds this branch on its next run, even after a human"
    " commit on it (which otherwise makes tracker keep its hands off)."
)
_TICKED = re.compile(rf"^[ \t]*[-*+][ \t]+\[[xX]\][ \t]+{re.escape(REGENERATE_TEXT)}\b", re.MULTILINE)


class BodyTooLarge(ValueError):
    """Even the parts that are never cut (summary, checkbox, hidden block) exceed the limit."""


def render_body(
    proposals: Sequence[Proposal],
    releases: Sequence[ReleaseNote],
    stats: Mapping[str, Any],
    hidden: HiddenBlock,
    *,
    left_out: int = 0,
    hands_off_checkbox: bool = True,
    limit: int = BODY_LIMIT,
) -> str:
    """The PR body, at most `limit` characters; raises BodyTooLarge when its uncuttable parts do not fit."""
    placed = [proposal for proposal in proposals if proposal.placed]
    unplaced = [proposal for proposal in proposals if not proposal.placed]
    lists = [
        _CutList("### Placed in the README edit", _REVIEW_HEADER, placed, _review_row),
        _CutList(NEEDS_SECTION_HEADING, "", unplaced, _needs_section_item),
        _CutList("### New releases of linked repos", _RELEASE_HEADER, releases, _release_row),
    ]
    papers_only = all(proposal.kind == "paper" for proposal in proposals)
    head = [_summary(len(placed), len(unplaced), papers_only, len(releases), left_out)]
    tail = [_CHECKBOX] if hands_off_checkbox else []
    fixed = _length(head + [cut.render(0) for cut in lists] + tail, extra_blocks=1)
    block = _fitting_block(hidden, limit - fixed)
    stats_block = _stats(stats)
    if stats_block and fixed + len(block) + len(stats_block) + 2 <= limit:
        tail.insert(0, stats_block)
    shown = _fill(lists, limit - _length(head + [cut.render(0) for cut in lists] + tail + [block]))
    return _join(head + [cut.render(count) for cut, count in zip(lists, shown, strict=True)] + tail + [block])


def maintainer_ticked(body: str | None) -> bool:
    """True when a box in the body is ticked: "regenerate this PR" or a "place in" section."""
    return regenerate_requested(body) or bool(ticked_choices(body)[0])


def regenerate_requested(body: str | None) -> bool:
    """True when the maintainer ticked the `- [x] regenerate this PR` checkbox (any line ending, either x)."""
    return bool(body) and _TICKED.search(body) is not None


class _CutList:
    """A heading over rows (table rows under `header`, or list items) that may lose rows from its end.

    Rows are built only when asked for: a huge run shows a few hundred and never neutralises the rest.
    """

    def __init__(self, heading: str, header: str, items: Sequence[Any], row: Callable[[Any], str]) -> None:
        self.heading, self.header, self.total = heading, header, len(items)
        self._items, self._row = items, row
        self._rows: list[str] = []
        self._lengths = [len(header) + 1 if header else 0]  # characters of header plus the first k rows

    def rows(self, shown: int) -> list[str]:
        while len(self._rows) < shown:
            self._rows.append(self._row(self._items[len(self._rows)]))
            self._lengths.append(self._lengths[-1] + len(self._rows[-1]) + 1)
        return self._rows[:shown]

    def render(self, shown: int) -> str:
        if not self.total:
            return ""
        parts = [self.heading]
        if shown:
            parts.append("\n".join(([self.header] if self.header else []) + self.rows(shown)))
        if shown < self.total:
            parts.append(self._notice(shown))
        return "\n\n".join(parts)

    def size(self, shown: int) -> int:
        """len(self.render(shown)), without joining the text."""
        if not self.total:
            return 0
        self.rows(shown)
        body = 2 + self._lengths[shown] - 1 if shown else 0
        return len(self.heading) + body + (2 + len(self._notice(shown)) if shown < self.total else 0)

    def _notice(self, shown: int) -> str:
        return f"… and {self.total - shown} more not shown."


def _fill(lists: list[_CutList], budget: int) -> list[int]:
    """Rows shown per list: one row of each list in turn while it fits, so no list starves the others."""
    shown = [0] * len(lists)
    open_lists = [index for index, cut in enumerate(lists) if cut.total]
    while open_lists:
        for index in list(open_lists):
            cut, count = lists[index], shown[index]
            growth = cut.size(count + 1) - cut.size(count) if count < cut.total else None
            if growth is None or growth > budget:
                open_lists.remove(index)
            else:
                shown[index], budget = count + 1, budget - growth
    return shown


def _fitting_block(hidden: HiddenBlock, room: int) -> str:
    """The most informative hidden block within half the room, else the smallest that fits at all."""
    smallest = ""
    for form in hidden_block_forms(hidden):
        if len(form) <= room // 2:
            return form
        smallest = form if not smallest or len(form) < len(smallest) else smallest
    if len(smallest) > room:
        raise BodyTooLarge(
            f"the PR body's summary, checkbox and hidden block need {len(smallest) - room} characters more"
            " than its limit allows: lower max_entries_per_pr"
        )
    return smallest


def _length(blocks: list[str], extra_blocks: int = 0) -> int:
    """len(_join(blocks)) with `extra_blocks` more (empty) blocks still to come."""
    present = [block for block in blocks if block]
    return sum(map(len, present)) + 2 * (len(present) + extra_blocks - 1) + 1


def _join(blocks: list[str]) -> str:
    return "\n\n".join(block for block in blocks if block) + "\n"


def _summary(placed: int, unplaced: int, papers_only: bool, releases: int, left_out: int) -> str:
    total = placed + unplaced
    if total:
        noun = _plural(total, "paper", "papers") if papers_only else _plural(total, "entry", "entries")
        text = f"tracker proposes {noun} for the list: {placed} placed in sections, {_needs(unplaced)}."
    else:
        text = "tracker proposes no new entries."
    if releases:
        text += f" {_plural(releases, 'new release', 'new releases')} of repos the list already links."
    if left_out > 0:
        text += f" {_plural(left_out, 'more candidate waits', 'more candidates wait')} for the next PR"
        text += " (this one is at max_entries_per_pr)."
    return text


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _needs(count: int) -> str:
    return f"{count} needs a section" if count == 1 else f"{count} need a section"


def _percent(confidence: Any) -> str:
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or math.isnan(confidence):
        return "?"
    return f"{round(min(max(confidence, 0.0), 1.0) * 100)}%"


def _alternatives(proposal: Proposal) -> str:
    shown = [
        f"{body_text(alternative['section'])} ({_percent(alternative.get('confidence'))})"
        for alternative in proposal.other_sections[:MAX_ALTERNATIVES]
    ]
    return "; ".join(shown) or MISSING


def _title(proposal: Proposal, line_start: bool = False) -> str:
    """The title (else the key) linked to its abstract or release page when that URL is http(s)."""
    linked = body_url(proposal.url) is not None
    text = proposal.title if body_text(proposal.title) else proposal.key
    return link(body_text(text), proposal.url) if linked else body_text(text, line_start=line_start)


_REVIEW_HEADER = "| Title | Section | Confidence | Alternatives | Why | Code | Release |\n" + "|---" * 7 + "|"
_RELEASE_HEADER = "| Repo | Release | Date |\n|---|---|---|"


def _cells(cells: list[str]) -> str:
    return "| " + " | ".join(cell or MISSING for cell in cells) + " |"


def _review_row(proposal: Proposal) -> str:
    return _cells(
        [
            _title(proposal),
            body_text(proposal.section),
            _percent(proposal.confidence),
            _alternatives(proposal),
            body_text(proposal.why),
            _link_only("code", proposal.code_url),
            _link_only("release", proposal.release_url),
        ]
    )


def _link_only(label: str, url: str | None) -> str:
    """A link with a fixed label, or nothing when the URL is missing or not http(s)."""
    return link(label, url) if body_url(url) else ""


def _needs_section_item(proposal: Proposal) -> str:
    guess = f"{body_text(proposal.section) or MISSING} ({_percent(proposal.confidence)})"
    item = f"- {_title(proposal, line_start=True) or MISSING} — best guess: {guess}"
    alternatives = _alternatives(proposal)
    item = item if alternatives == MISSING else f"{item}; alternatives: {alternatives}"
    return "\n".join([item, *choice_lines(proposal)])


def _release_row(release: ReleaseNote) -> str:
    name = release.name if release.name and release.name != release.tag else ""
    label = body_text(f"{release.tag} ({name})" if name else release.tag)
    return _cells([body_text(release.repo), link(label, release.url), _date(release.published)])


def _date(moment: datetime | None) -> str:
    """The UTC day, so the same release shows the same date whichever zone the source reported."""
    if moment is None:
        return MISSING
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date().isoformat()


def _stats(stats: Mapping[str, Any]) -> str:
    if not stats:
        return ""
    rows = [
        _cells([body_text(str(label), 100), body_text(str(value), 100)]) for label, value in stats.items()
    ]
    return "\n".join(["### Run statistics", "", "| statistic | value |", "|---|---|", *rows])
