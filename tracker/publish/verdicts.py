"""Read the maintainer's verdicts from the tracker PRs and the README, as candidate status changes.

- open PR: its candidates are `proposed` (recreated from the hidden block if the database lost them);
- merged: candidates whose entry is in the README are `accepted`; the ones the maintainer deleted before
  merging (or never placed from "needs a section") are `rejected`;
- closed unmerged: `rejected`, unless the README has the paper anyway (accepted by hand);
- any candidate whose paper (or release repo) the README now lists is `accepted`, whatever its status.
tracker never resets its branch onto the base nor deletes it, so a closed PR is always the maintainer's doing.
Pure: `plan_verdicts` returns the changes, `apply_verdicts` writes them, so a dry run can show them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.listdoc.model import Document
from tracker.publish.body import read_hidden_block
from tracker.publish.model import HiddenEntry
from tracker.publish.platform import PullInfo
from tracker.publish.records import rebuilt_record
from tracker.sources.github import repos_from_readme
from tracker.store import Store
from tracker.store.candidates import CandidateRecord


@dataclass(frozen=True)
class Listed:
    """What the README lists, by the keys candidates use: arXiv ids and lower-cased owner/repo."""

    arxiv_ids: frozenset[str]
    repos: frozenset[str]

    @classmethod
    def of(cls, document: Document, text: str) -> Listed:
        ids = frozenset(entry.arxiv_id for entry in document.entries() if entry.arxiv_id)
        return cls(ids, frozenset(repo.lower() for repo in repos_from_readme(text)))

    def has(self, kind: str, key: str) -> bool:
        if kind == "release":
            return key.partition("@")[0].lower() in self.repos
        return key in self.arxiv_ids


@dataclass
class Verdicts:
    """Status moves per (kind, key): target status, PR number and reason; plus rows to recreate."""

    moves: dict[tuple[str, str], tuple[str, int | None, str | None]] = field(default_factory=dict)
    rebuilt: list[CandidateRecord] = field(default_factory=list)
    open_pull: PullInfo | None = None
    unreadable: list[int] = field(default_factory=list)  # tracker PRs whose hidden block is missing/corrupt

    def count(self, status: str) -> int:
        """Candidates this sync moves to `status` or recreates with it."""
        moved = sum(1 for target, _, _ in self.moves.values() if target == status)
        return moved + sum(1 for record in self.rebuilt if record.status == status)


def _target(pull: PullInfo, entry: HiddenEntry, listed: Listed) -> tuple[str, str | None]:
    if listed.has(entry.kind, entry.key):
        return "accepted", f"in the README (PR #{pull.number})"
    if pull.state == "open":
        return "proposed", None
    if pull.merged:
        gone = "deleted before merging" if entry.decision == "placed" else "not placed when merged"
        return "rejected", f"PR #{pull.number} merged; {gone}"
    return "rejected", f"PR #{pull.number} closed unmerged"


def plan_verdicts(store: Store, pulls: Iterable[PullInfo], listed: Listed) -> Verdicts:
    """The status changes the PRs (oldest first) and the README imply, against what the store holds."""
    verdicts = Verdicts()
    wanted: dict[tuple[str, str], tuple[str, int, str | None, HiddenEntry]] = {}
    for pull in pulls:
        block = read_hidden_block(pull.body)
        if block is None:
            verdicts.unreadable.append(pull.number)
            continue
        if pull.state == "open":
            verdicts.open_pull = pull
        for entry in block.entries:
            target, reason = _target(pull, entry, listed)
            previous = wanted.get((entry.kind, entry.key))
            if previous is None or previous[0] == "proposed":  # the first final verdict stands
                wanted[(entry.kind, entry.key)] = (target, pull.number, reason, entry)
    for kind in ("paper", "release"):
        keys = [key for k, key in wanted if k == kind]
        stored = store.candidate_status(keys, kind=kind) if keys else {}
        for key in keys:
            target, number, reason, entry = wanted[(kind, key)]
            status = stored.get(key)
            if status is None:
                verdicts.rebuilt.append(rebuilt_record(entry, target, number, reason))
            elif status != target and _moves(status, target):
                verdicts.moves[(kind, key)] = (target, number, reason)
    _accepted_by_hand(store, listed, verdicts)
    return verdicts


def _moves(status: str, target: str) -> bool:
    """Only forward moves: new -> proposed (a crash after the PR), new or proposed -> a verdict."""
    return (status, target) in {
        ("new", "proposed"), ("new", "accepted"), ("new", "rejected"), ("proposed", "accepted"),
        ("proposed", "rejected"),
    }  # fmt: skip


def _accepted_by_hand(store: Store, listed: Listed, verdicts: Verdicts) -> None:
    """Any stored candidate the README now lists is accepted, whatever happened to it before."""
    releases = {
        c.key: c.status
        for status in ("new", "proposed", "rejected", "ignored")
        for c in store.candidates_with_status(status, kind="release")
        if listed.has("release", c.key)
    }  # release keys carry a tag, so they are found by status, not by key
    papers = store.candidate_status(listed.arxiv_ids, kind="paper")
    for kind, stored in (("paper", papers), ("release", releases)):
        for key, status in stored.items():
            if status != "accepted" and verdicts.moves.get((kind, key), ("",))[0] != "accepted":
                verdicts.moves[(kind, key)] = ("accepted", None, "in the README (added by hand)")


def apply_verdicts(store: Store, verdicts: Verdicts) -> None:
    """Write the verdicts: recreated rows first, then each move (grouped, one transaction per group)."""
    if verdicts.rebuilt:
        store.record_candidates(verdicts.rebuilt)
    groups: dict[tuple[str, str, int | None, str | None], list[str]] = {}
    for (kind, key), (target, number, reason) in verdicts.moves.items():
        groups.setdefault((kind, target, number, reason), []).append(key)
    for (kind, target, number, reason), keys in sorted(groups.items(), key=_group_order):
        store.set_candidate_status(keys, target, kind=kind, reason=reason, pr_number=number)


def _group_order(item: tuple[tuple[str, str, int | None, str | None], list[str]]) -> tuple[int, str]:
    """proposed before verdicts, so a new -> proposed -> accepted chain never skips a step."""
    kind, target, _, _ = item[0]
    return (0 if target == "proposed" else 1, kind)
