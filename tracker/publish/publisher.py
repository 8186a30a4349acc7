"""Maintain the one tracker PR: read verdicts, regenerate the edit on the latest base, publish it once.

Order matters for crash safety. GitHub is written first (commit, branch move, PR), the database last: a
run killed anywhere in between leaves candidates `new`, and the next run regenerates the same PR from
them (adopting an open PR it finds by its head). Nothing on GitHub changes when nothing is new, and a
human commit on the branch means hands off until the maintainer ticks "regenerate this PR". A section
ticked under "needs a section" places that entry there on the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from tracker.config import Config
from tracker.listdoc.model import Document
from tracker.listdoc.parse import parse_document
from tracker.publish.body import read_hidden_block, regenerate_requested, render_body
from tracker.publish.model import HiddenBlock, HiddenEntry, Proposal, ReleaseNote
from tracker.publish.plan import ALREADY_LISTED, ReadmePlan, plan_readme
from tracker.publish.platform import AnswerLost, GitHubPlatform, PublishError, PullAlreadyExists, PullInfo
from tracker.publish.records import proposal_of
from tracker.publish.section_choice import ticked_choices
from tracker.publish.verdicts import Listed, Verdicts, apply_verdicts, plan_verdicts
from tracker.status import PULL_REQUEST, record_pull_request, record_rate_limit
from tracker.store import Store

log = logging.getLogger(__name__)

README_CACHE = "readme"  # lookup kind: the list file's text at the base commit last read
BODY_BUDGET = 60_000  # GitHub refuses bodies over 65,536 characters; keep a margin as Renovate does
CHOSEN_BY_HAND = "section chosen by the maintainer"


@dataclass
class PublishOutcome:
    """What publishing did (or, in a dry run, would do)."""

    action: str = "none"  # opened | updated | unchanged | none | hands-off
    number: int | None = None
    url: str | None = None
    diff: str = ""
    body: str = ""
    placed: int = 0
    needs_section: int = 0
    left_out: int = 0
    accepted: int = 0
    rejected: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class BaseReadme:
    """The list file at the base commit, parsed once for the whole run."""

    sha: str
    text: str

    @cached_property
    def document(self) -> Document:
        return parse_document(self.text)

    @cached_property
    def listed(self) -> Listed:
        return Listed.of(self.document, self.text)


def read_base(platform: GitHubPlatform, store: Store) -> BaseReadme:
    """The list file at the base branch's current commit; re-read only when the base moved."""
    sha = platform.base_sha()
    key = f"{platform.target.repo}/{platform.target.path}"
    found, cached = store.get_lookup(README_CACHE, key)
    if found and isinstance(cached, dict) and cached.get("sha") == sha:
        return BaseReadme(sha, cached["text"])
    text = platform.read_file(sha)
    store.save_lookup(README_CACHE, key, {"sha": sha, "text": text})
    return BaseReadme(sha, text)


def pending_proposals(store: Store) -> list[Proposal]:
    """Everything the PR should hold: proposed candidates first (they keep their place), then new ones,
    most relevant first."""
    proposed = [c for kind in ("paper", "release") for c in store.candidates_with_status("proposed", kind)]
    new = [c for kind in ("paper", "release") for c in store.candidates_with_status("new", kind)]
    for group in (proposed, new):
        group.sort(key=lambda c: -(c.relevance or 0.0))  # stable: ties keep their first-seen order
    papers = store.papers_by_ids([c.key for c in proposed + new if c.kind == "paper"])
    return [proposal_of(c, papers.get(c.key)) for c in proposed + new]


def _signature(block: HiddenBlock | None) -> tuple[Any, ...] | None:
    """What makes two PR versions the same: the base and each candidate's key, decision and section."""
    if block is None:
        return None
    return block.base_sha, tuple(sorted((e.kind, e.key, e.decision, e.section) for e in block.entries))


class Publisher:
    """One publish step over a platform and a store; `dry_run` writes nothing to GitHub."""

    def __init__(self, config: Config, store: Store, platform: GitHubPlatform, *, dry_run: bool) -> None:
        self.config, self.store, self.platform, self.dry_run = config, store, platform, dry_run
        self.outcome = PublishOutcome()
        self.base: BaseReadme | None = None
        self.open_pull: PullInfo | None = None

    def sync(self, base: BaseReadme | None = None) -> BaseReadme:
        """Read the tracker PRs and apply the maintainer's verdicts (recreating lost rows from the hidden
        blocks) before anything new is classified, so nothing they decided is seen as new again."""
        pulls = self.platform.tracker_pulls()
        self.base = base or read_base(self.platform, self.store)
        verdicts = plan_verdicts(self.store, pulls, self.base.listed)
        apply_verdicts(self.store, verdicts)  # a dry run works on a scratch copy of the database
        self._count_verdicts(verdicts)
        self.open_pull = verdicts.open_pull or next((p for p in pulls if p.state == "open"), None)
        if self.open_pull is None and pulls:  # the last PR ended: show its verdict in `tracker status`
            last = pulls[-1]
            state = "merged" if last.merged else last.state
            record_pull_request(self.store, last.number, last.url, state, "none", last.head_sha)
        return self.base

    def run(
        self, releases: Sequence[ReleaseNote] = (), stats: Mapping[str, Any] | None = None
    ) -> PublishOutcome:
        """Regenerate the PR from every pending candidate and publish it (after `sync`)."""
        base = self.base or self.sync()
        open_pull = self.open_pull
        if open_pull is not None:
            self.outcome.number, self.outcome.url = open_pull.number, open_pull.url
            if self._hands_off(open_pull):
                self.outcome.action = "hands-off"
                return self.outcome
            self._apply_choices(open_pull.body)
        plan = self._plan(base)
        in_pr = plan.inserted + plan.needs_section
        self.outcome.placed, self.outcome.needs_section = len(plan.inserted), len(plan.needs_section)
        self.outcome.left_out = len(plan.left_out)
        if not in_pr or (not plan.inserted and open_pull is None):
            if plan.needs_section:
                self.outcome.warnings.append(
                    f"{len(plan.needs_section)} candidates need a section; a PR needs one placed entry first"
                )
            if open_pull is not None and not in_pr:  # never closed by tracker: a close reads as a rejection
                self.outcome.warnings.append(
                    f"PR #{open_pull.number} has nothing left to propose (the README has it all): close it"
                )
            self.outcome.action = "unchanged" if open_pull else "none"
            return self.outcome
        hidden = HiddenBlock([HiddenEntry.of(p) for p in in_pr], base.sha)
        body = render_body(
            in_pr, releases, dict(stats or {}), hidden, left_out=len(plan.left_out), limit=BODY_BUDGET
        )
        self.outcome.diff, self.outcome.body = plan.diff, body
        if open_pull is not None and self._unchanged(open_pull, hidden):
            self.outcome.action = "unchanged"
            self._remember(open_pull.number, open_pull.url, open_pull.head_sha, "unchanged")
            return self.outcome
        self.outcome.action = "updated" if open_pull else "opened"
        if self.dry_run:
            return self.outcome
        self._publish(open_pull, base, plan, body, in_pr)
        return self.outcome

    # steps -------------------------------------------------------------------------------------------
    def _count_verdicts(self, verdicts: Verdicts) -> None:
        self.outcome.accepted, self.outcome.rejected = verdicts.count("accepted"), verdicts.count("rejected")
        for number in verdicts.unreadable:
            self.outcome.warnings.append(
                f"PR #{number} has no readable tracker block; its verdicts are skipped"
            )

    def _hands_off(self, pull: PullInfo) -> bool:
        """A commit on the branch that tracker did not make, unless the maintainer asked to regenerate."""
        if not self.config.publish.hands_off_on_human_commit or regenerate_requested(pull.body):
            return False
        found, known = self.store.get_lookup(*PULL_REQUEST)
        if found and isinstance(known, dict) and known.get("head_sha") == pull.head_sha:
            return False  # the head is the commit we pushed: no need to look at the commits
        foreign = self.platform.foreign_commits(pull.number)
        if foreign:
            self.outcome.warnings.append(
                f"PR #{pull.number} has commits tracker did not make ({', '.join(foreign[:3])}): hands off; "
                "tick 'regenerate this PR' in its description to hand it back"
            )
        return bool(foreign)

    def _apply_choices(self, body: str | None) -> None:
        """Sections the maintainer ticked under "needs a section": those entries are placed there now."""
        choices, warnings = ticked_choices(body)
        self.outcome.warnings += warnings
        for choice in choices:
            self.store.choose_section(choice.kind, choice.key, choice.section, CHOSEN_BY_HAND)

    def _plan(self, base: BaseReadme) -> ReadmePlan:
        """Plan on the latest base. Papers the README already has were added by hand: accepted. Proposals
        whose section vanished are shown under "needs a section" instead."""
        plan = plan_readme(base.text, pending_proposals(self.store), self.config.publish.max_entries_per_pr,
                           path=self.config.list.path)  # fmt: skip
        listed = [p for p, reason in plan.skipped if reason.startswith(ALREADY_LISTED)]
        self._set_status(listed, "accepted", reason="in the README (added by hand)")
        self.outcome.accepted += len(listed)
        for proposal, reason in plan.skipped:
            if reason.startswith(ALREADY_LISTED):
                continue
            if "section" not in reason:  # a duplicate or an empty title: nothing to place by hand
                self._ignore(proposal, reason)
            else:
                self.outcome.warnings.append(f"{proposal.key}: {reason}; listed under 'needs a section'")
                plan.needs_section.append(replace(proposal, placed=False))
        return plan

    def _ignore(self, proposal: Proposal, reason: str) -> None:
        """A new candidate that cannot be written at all is ignored, so it does not come back every run."""
        self.outcome.warnings.append(f"{proposal.key}: {reason}; ignored")
        if self.store.candidate_status([proposal.key], proposal.kind).get(proposal.key) == "new":
            self._set_status([proposal], "ignored", reason=reason)

    def _set_status(self, proposals: Sequence[Proposal], status: str, **details: Any) -> None:
        """One status move per candidate kind (papers and releases are keyed apart)."""
        for kind in ("paper", "release"):
            keys = [p.key for p in proposals if p.kind == kind]
            if keys:
                self.store.set_candidate_status(keys, status, kind=kind, **details)

    def _unchanged(self, pull: PullInfo, hidden: HiddenBlock) -> bool:
        """The open PR already holds exactly this edit on this base, and the branch still points at it."""
        if regenerate_requested(pull.body) or _signature(read_hidden_block(pull.body)) != _signature(hidden):
            return False
        return self.platform.branch_sha() == pull.head_sha

    def _publish(
        self, open_pull: PullInfo | None, base: BaseReadme, plan: ReadmePlan, body: str, in_pr: list[Proposal]
    ) -> None:
        cfg = self.config.publish
        exists = self.platform.branch_sha() is not None
        head_sha = open_pull.head_sha if open_pull else ""
        if plan.inserted:  # an edit without entries would put the head on the base: GitHub closes the PR
            message = f"{cfg.title}\n\nAdds {len(plan.inserted)} entries to {self.config.list.path}."
            head_sha = self.platform.commit_file(base.sha, plan.text, message)
            self.platform.move_branch(head_sha, exists)
        if open_pull is None:
            pull, state = self._open_once(body), "open"
        else:
            pull, state = open_pull, self.platform.edit_pull(open_pull.number, cfg.title, body)
        self.outcome.number, self.outcome.url = pull.number, pull.url
        if state != "open":
            self._closed_meanwhile(pull)
            return
        self.outcome.warnings += self.platform.add_labels(pull.number, cfg.labels, pull.labels)
        self._set_status(in_pr, "proposed", pr_number=pull.number)
        self._remember(pull.number, pull.url, head_sha, self.outcome.action)

    def _closed_meanwhile(self, pull: PullInfo) -> None:
        """The maintainer closed the PR while this run worked: their verdict covers what they saw, so the
        body (and hidden block) they saw goes back, and the new candidates wait for the next PR."""
        self.platform.edit_pull(pull.number, pull.title, pull.body)
        self.outcome.warnings.append(f"PR #{pull.number} was closed during this run; new candidates wait")

    def _open_once(self, body: str) -> PullInfo:
        """POST /pulls exactly once. If GitHub says it exists, or the answer was lost, find and adopt it."""
        title = self.config.publish.title
        try:
            return self.platform.open_pull(title, body)
        except (PullAlreadyExists, AnswerLost) as exc:
            log.info("opening the PR did not answer cleanly (%s); looking for it", type(exc).__name__)
        found = next((p for p in self.platform.tracker_pulls() if p.state == "open"), None)
        if found is None:
            raise PublishError("opening the pull request failed and no open tracker PR exists; rerun")
        self.outcome.action = "updated"
        if found.body != body or found.title != title:
            self.platform.edit_pull(found.number, title, body)
        return found

    def _remember(self, number: int, url: str, head_sha: str, action: str) -> None:
        """For `tracker status`, and the hands-off check: the head tracker pushed needs no commit listing."""
        record_pull_request(self.store, number, url, "open", action, head_sha)
        limit = self.platform.rate_limit
        if limit is not None:
            record_rate_limit(self.store, *limit)
