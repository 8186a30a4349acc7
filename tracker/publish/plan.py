"""Plan the README edit of the tracker PR: which proposals go in, where, and the new text. Pure, no I/O.

It runs every time on the latest base README with every proposal of the PR (the pending ones and the
new ones), so the PR is always regenerated, never patched: the same input gives the same bytes. The
proposals' order is their priority; `max_entries` counts the placed and the needs-a-section ones. A
proposal that cannot be written is skipped with a one-line reason and never stops the others:
"already listed" (the maintainer added it by hand upstream: callers count it as accepted), a section
the README no longer has, an empty title, an entry the section would not show as written (read back by
`listdoc.verify`: it is then offered under "needs a section", with the reason in the run's warnings).
Everything placed is spliced in by `insert_entries` in one pass, so CRLF, a BOM and a missing final
newline survive and nothing else changes.

A list that files every new paper under a heading for its day (`listdoc.intake`) has no topic section
for the classifier to choose: there every proposal, placed or not, goes under its day (the paper's date,
see `proposal_day`; the clock is read only for a proposal without one). The day's heading is written
when the README lacks it, and the proposal the PR shows names that day section (`filed_by_day`), so the
diff, the review table and the hidden block agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from tracker import clock
from tracker.errors import UsageError
from tracker.ids import github_repo_from_url, paper_keys
from tracker.listdoc.edit import find_section, insert_entries, listed_keys, render_entry, unified_diff
from tracker.listdoc.headings import SEPARATOR, path_text
from tracker.listdoc.intake import Intake, detect, file_by_day
from tracker.listdoc.model import Document, Entry, Section
from tracker.listdoc.parse import parse_document
from tracker.listdoc.sanitize import clean_text
from tracker.listdoc.template import NewEntry
from tracker.listdoc.verify import AddedHeadings, UnwritableEntry
from tracker.publish.model import Proposal
from tracker.publish.proposals import day_of, new_entry_for

ALREADY_LISTED = "already listed"  # reasons start with this when the README has the paper (or repo)
DUPLICATE = "duplicate of an earlier proposal in this PR"
EMPTY_TITLE = "empty title after sanitising"
# An entry the README would not show as written (`listdoc.verify`): it goes under "needs a section".
UNWRITABLE = "cannot be written readably in section"
BY_DAY = "the list files new papers under their day"  # the "why" of a proposal filed by `listdoc.intake`


@dataclass
class ReadmePlan:
    """The planned README and what became of each proposal."""

    text: str  # the new README text (== base text when nothing is inserted)
    diff: str  # unified diff of the README (empty when unchanged)
    inserted: list[Proposal] = field(default_factory=list)  # placed proposals actually written
    needs_section: list[Proposal] = field(default_factory=list)  # placed=False: PR body only
    left_out: list[Proposal] = field(default_factory=list)  # beyond max_entries: a later PR
    skipped: list[tuple[Proposal, str]] = field(default_factory=list)  # not written, with the reason


def _where(entry: Entry) -> str:
    return f"line {entry.line} ({path_text(entry.section_path)}: {entry.title!r})"


def _listed_repos(doc: Document) -> dict[str, Entry]:
    """GitHub repos (owner/name) the list links from its entries -> the first entry linking it."""
    repos: dict[str, Entry] = {}
    for entry in doc.entries():
        for repo in [entry.github, *map(github_repo_from_url, entry.urls)]:
            if repo:
                repos.setdefault(repo, entry)
    return repos


def _identity(proposal: Proposal) -> set[str]:
    """What says "the list has this": the paper's identity keys, or the release's repo ("repo:owner/name")."""
    if proposal.kind == "release":
        repo = github_repo_from_url(proposal.code_url or proposal.url)
        return {f"repo:{repo}"} if repo else set()
    return paper_keys(url=proposal.url, title=proposal.title, arxiv_id=proposal.key)


def _section_for(doc: Document, query: str) -> Section | str:
    """The section a proposal names, also after an upstream rename of a parent heading (then matched by
    its last heading alone); else the reason it cannot be used."""
    gone = f"section {query!r} no longer exists in this README"
    try:
        return find_section(doc, query)
    except UsageError as error:
        if "ambiguous" in str(error):
            return f"section {query!r} is ambiguous in this README"
    leaf = query.rsplit(SEPARATOR, 1)[-1].strip()
    try:
        return find_section(doc, leaf) if leaf else gone
    except UsageError:
        return gone


def _failed(error: Exception) -> str:
    """A one-line reason from an unexpected error."""
    return "could not be written: " + (" ".join(str(error).split()) or type(error).__name__)


def proposal_day(proposal: Proposal, intake: Intake, today: date | None = None) -> date:
    """The day a proposal is filed under on a list that files by day: its paper's date (v1 submission,
    else announcement), a release's publication day; else the day its section already names (a proposal
    rebuilt from an earlier PR's hidden block, whose paper the database lost); else `today`, by default
    the run's (`tracker.clock`).

    The paper's own date, not the run's: a maintainer's daily log files a paper under its arXiv day (in
    tmgthb's log, most papers sit under the day before their first listing: their submission day), and
    the same proposal must land under the same day in every run that regenerates the PR."""
    return day_of(proposal) or intake.day_named(proposal.section) or today or clock.now().date()


def filed_by_day(proposal: Proposal, path: str) -> Proposal:
    """The proposal as the PR shows it once filed under its day section `path`: placed there by the list's
    own workflow (like a pinned rule: confidence 1, no alternative sections to offer)."""
    why = "; ".join(part for part in (BY_DAY, proposal.why) if part)
    return replace(proposal, section=path, placed=True, confidence=1.0, alternatives=[], why=why)


@dataclass
class _Write:
    """A proposal to write: the section path it goes to, its entry, and its day on a list filed by day."""

    proposal: Proposal
    path: str
    new: NewEntry
    day: date | None = None


class _Planner:
    """One pass over the proposals in priority order (see the module docstring)."""

    def __init__(self, doc: Document, max_entries: int, today: date | None = None) -> None:
        self.base = doc
        self.doc = doc  # `base` plus the day headings added so far (lists filed by day)
        self.added: list[str] = []
        self.intake: Intake | None = detect(doc)
        self.today = today
        self.max_entries = max(0, max_entries)
        self.listed = {key: _where(entry) for key, entry in listed_keys(doc).items()}
        self.listed |= {f"repo:{repo}": _where(entry) for repo, entry in _listed_repos(doc).items()}
        self.taken: set[str] = set()  # identity keys of earlier proposals
        self.counted = 0
        self.writes: list[_Write] = []

    def consider(self, proposal: Proposal, plan: ReadmePlan) -> None:
        if not clean_text(proposal.title):
            plan.skipped.append((proposal, EMPTY_TITLE))
            return
        keys = _identity(proposal)
        where = next((self.listed[key] for key in sorted(keys) if key in self.listed), None)
        if where:
            plan.skipped.append((proposal, f"{ALREADY_LISTED} at {where}"))
            return
        if keys & self.taken:
            plan.skipped.append((proposal, DUPLICATE))
            return
        self.taken |= keys
        if self.intake is not None:
            self._by_day(proposal, plan, self.intake)
            return
        section = _section_for(self.doc, proposal.section) if proposal.placed else None
        if isinstance(section, str):
            plan.skipped.append((proposal, section))
            return
        if self.counted >= self.max_entries:
            plan.left_out.append(proposal)
            return
        if section is None:
            plan.needs_section.append(proposal)
        else:
            new = self._entry(self.doc, proposal, section)
            if isinstance(new, str):
                plan.skipped.append((proposal, new))
                return
            self.writes.append(_Write(proposal, section.path_text, new))
        self.counted += 1

    def _by_day(self, proposal: Proposal, plan: ReadmePlan, intake: Intake) -> None:
        """File the proposal under its day; the day's heading joins the README only with an entry."""
        if self.counted >= self.max_entries:
            plan.left_out.append(proposal)
            return
        day = proposal_day(proposal, intake, self.today)
        try:
            doc, [path], added = file_by_day(self.doc, [day])
        except UsageError as error:
            why = " ".join(str(error).split())
            plan.skipped.append((proposal, f"{UNWRITABLE} of its day {day.isoformat()}: {why}"))
            return
        filed = filed_by_day(proposal, path)
        new = self._entry(doc, filed, find_section(doc, path))
        if isinstance(new, str):
            plan.skipped.append((proposal, new))
            return
        if added is not None:
            self.doc = doc
            self.added += added.paths
        self.writes.append(_Write(filed, path, new, day))
        self.counted += 1

    def _entry(self, doc: Document, proposal: Proposal, section: Section) -> NewEntry | str:
        """The entry, rendered once on its own so that a bad one is skipped before the batch."""
        try:
            new = new_entry_for(doc, section, proposal)
            render_entry(doc, section, new)
        except Exception as error:  # one bad proposal must not stop the PR
            return _failed(error)
        return new

    def added_headings(self) -> AddedHeadings | None:
        return AddedHeadings(self.base, tuple(self.added)) if self.added else None


def plan_readme(
    base_text: str,
    proposals: Sequence[Proposal],
    max_entries: int,
    path: str = "README.md",
    today: date | None = None,
) -> ReadmePlan:
    """Plan the PR's README edit on `base_text` for `proposals` (priority order), at most `max_entries`.
    `today` files an undated proposal on a list that files new papers by day (default: the run's day)."""
    doc = parse_document(base_text)
    plan = ReadmePlan(text=base_text, diff="")
    planner = _Planner(doc, max_entries, today)
    for proposal in proposals:
        planner.consider(proposal, plan)
    if not planner.writes:
        return plan
    after = _insert(planner, plan)
    plan.text = after.render()
    plan.diff = unified_diff(base_text, plan.text, path) if plan.text != base_text else ""
    return plan


def _insert(planner: _Planner, plan: ReadmePlan) -> Document:
    """All writes in one splice pass; should the batch fail anyway, one at a time, skipping the failures
    (a day heading is then written with its first entry that reads back, never alone)."""
    items = [(write.path, write.new) for write in planner.writes]
    try:
        after = insert_entries(planner.doc, items, check_duplicates=False, added=planner.added_headings())
        plan.inserted += [write.proposal for write in planner.writes]
        return after
    except Exception:  # fall back to finding the one entry that fails
        pass
    after = planner.base
    for write in planner.writes:
        try:
            target, query, added = after, write.path, None
            if write.day is not None:
                target, [query], added = file_by_day(after, [write.day])
            after = insert_entries(target, [(query, write.new)], check_duplicates=False, added=added)
        except UnwritableEntry as error:  # the section's format cannot show it: the maintainer places it
            why = " ".join(str(error).split())
            plan.skipped.append((write.proposal, f"{UNWRITABLE} {write.path!r}: {why}"))
        except Exception as error:
            plan.skipped.append((write.proposal, _failed(error)))
        else:
            plan.inserted.append(write.proposal)
    return after
