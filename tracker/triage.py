"""Decide once what each newly seen paper and release is: a PR candidate, ignored, or already listed.

Every paper seen since the window start that no run has classified gets exactly one candidate row:
`new` (in scope, waiting for the PR), `ignored` (below min_relevance, or beyond the run's review budget) or
`accepted` (the README already lists it). Releases of tracked repos the list does not link yet are
classified like papers (name, tag, notes); releases of repos it already links only go to the PR body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tracker import clock
from tracker.classify.budget import out_of_scope_reason, select_in_scope
from tracker.classify.classifier import Classification, train
from tracker.classify.rules import load_section_rules
from tracker.classify.store_inputs import store_inputs
from tracker.config import Config
from tracker.listdoc.model import Document
from tracker.models import Paper, Release
from tracker.publish.code_links import releases_naming
from tracker.publish.model import Proposal, ReleaseNote
from tracker.publish.proposals import paper_proposal, release_proposal, release_text
from tracker.publish.records import record_of
from tracker.publish.verdicts import Listed
from tracker.store import Store
from tracker.store.candidates import CandidateRecord

ALREADY_LISTED = "already in the list"
FOLDS = 2
CROSS_FIT_MIN = 200  # a smaller batch is a small share of the background: one model scores it all
REPO_DESCRIPTION = "repo_description"  # lookup kind: a tracked repo's description, read once

Describe = Callable[[str], str | None]


@dataclass
class Triage:
    """What this run found: how many were classified and kept, and the releases for the PR body."""

    classified: int = 0
    candidates: int = 0
    release_notes: list[ReleaseNote] = field(default_factory=list)


def window_start(config: Config, store: Store, since: datetime | None) -> datetime:
    """`--since`, else the last successful run or publish (both classify) minus the overlap days, else the
    cold-start look-back."""
    if since is not None:
        return since
    cfg = config.sources.arxiv
    for run in store.last_runs(50):
        if run["command"] in ("run", "publish") and run["status"] == "ok" and run["started"] is not None:
            return run["started"] - timedelta(days=cfg.overlap_days)
    return clock.now() - timedelta(days=cfg.cold_start_days)


def triage(
    config: Config,
    store: Store,
    document: Document,
    listed: Listed,
    start: datetime,
    describe: Describe = lambda repo: None,
) -> Triage:
    """Classify the papers and releases no run has seen, and record one candidate row for each."""
    result = Triage()
    tracked = {repo.lower() for repo in config.sources.github.repos}
    releases = store.releases_since(start)
    result.release_notes = [_note(r) for r in releases if r.repo.lower() in listed.repos]
    unlinked = [r for r in releases if r.repo.lower() in tracked and r.repo.lower() not in listed.repos]
    known = store.candidate_status([_release_key(r) for r in unlinked], kind="release")
    unlinked = [r for r in unlinked if _release_key(r) not in known]
    papers = store.unclassified_papers(start)
    records = [
        CandidateRecord(key=p.arxiv_id, status="accepted", reason=ALREADY_LISTED)
        for p in papers
        if listed.has("paper", p.arxiv_id)
    ]
    papers = [p for p in papers if not listed.has("paper", p.arxiv_id)]
    result.classified = len(papers) + len(unlinked)
    if papers or unlinked:
        descriptions = {r.repo: _description(store, r.repo, describe) for r in unlinked}
        records += _classified_records(config, store, document, papers, unlinked, releases, descriptions)
    result.candidates = sum(1 for r in records if r.status == "new")
    store.record_candidates(records)
    return result


def _classified_records(
    config: Config,
    store: Store,
    document: Document,
    papers: list[Paper],
    releases: list[Release],
    all_releases: list[Release],
    descriptions: dict[str, str | None],
) -> list[CandidateRecord]:
    stand_ins = [Paper(_release_key(r), *release_text(r, descriptions.get(r.repo))) for r in releases]
    results = classify_cross_fitted(config, store, document, papers + stand_ins)
    naming = releases_naming(all_releases, {p.arxiv_id for p in papers})
    proposals: list[tuple[Proposal, Classification]] = [
        (paper_proposal(p, r, naming.get(p.arxiv_id)), r) for p, r in zip(papers, results, strict=False)
    ]
    proposals += [
        (release_proposal(release, r, descriptions.get(release.repo)), r)
        for release, r in zip(releases, results[len(papers) :], strict=True)
    ]
    min_relevance = config.classify.min_relevance
    return [
        record_of(p, "new")
        if r.in_scope
        else record_of(p, "ignored", out_of_scope_reason(r.relevance, min_relevance))
        for p, r in proposals
    ]


def classify_cross_fitted(
    config: Config, store: Store, document: Document, items: list[Paper]
) -> list[Classification]:
    """Classify `items` with the run's budget applied over all of them.

    The relevance model learns from the recently seen papers as negatives, and on a cold start the
    batch itself is most of them. A paper must not be scored by a model that learnt it as a negative,
    so a large batch is split in folds: each fold is scored by a model whose background holds the others.
    """
    rules = load_section_rules(config.classify.sections_file)
    folds = [list(range(len(items)))]
    if len(items) >= CROSS_FIT_MIN:
        folds = [list(range(start, len(items), FOLDS)) for start in range(FOLDS)]
    results: list[Classification | None] = [None] * len(items)
    for fold in folds:
        batch = [items[i] for i in fold]
        inputs = store_inputs(store, document, skip_ids={p.arxiv_id for p in batch})
        classifier = train(
            document, inputs.abstracts, inputs.background, inputs.hard_negatives, rules, config.classify
        )
        for index, result in zip(fold, classifier.classify(batch), strict=True):
            results[index] = result
    done = [result for result in results if result is not None]
    cfg = config.classify
    chosen = select_in_scope([r.relevance for r in done], cfg.min_relevance, cfg.max_candidates_per_run)
    for result, in_scope in zip(done, chosen, strict=True):
        result.in_scope = in_scope
    return done


def _description(store: Store, repo: str, describe: Describe) -> str | None:
    found, cached = store.get_lookup(REPO_DESCRIPTION, repo.lower())
    if found:
        return cached
    description = describe(repo)
    store.save_lookup(REPO_DESCRIPTION, repo.lower(), description)
    return description


def _release_key(release: Release) -> str:
    return f"{release.repo}@{release.tag}"


def _note(release: Release) -> ReleaseNote:
    return ReleaseNote(release.repo, release.tag, release.name, release.url, release.published)
