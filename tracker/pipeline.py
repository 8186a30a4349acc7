"""One run: fetch -> dedupe -> classify -> plan -> publish, and the report it ends with.

Stages are guarded so one failure never hides the rest: a failed source is reported and the others'
papers are still classified and published; a GitHub failure is reported with what was fetched. A dry run
does all of it on a scratch copy of the database and writes nothing to GitHub.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from tracker.config import Config
from tracker.errors import TrackerError
from tracker.fetching import fetch
from tracker.publish.platform import GitHubPlatform
from tracker.publish.publisher import Publisher
from tracker.sources.http import RequestCounter
from tracker.store import Store
from tracker.store.recovery import open_or_recover
from tracker.store.scratch import scratch_store
from tracker.triage import triage, window_start

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
COUNTED = ("papers_new", "candidates", "placed", "needs_section")  # on the run row, for `tracker status`


@dataclass
class RunReport:
    """The run's outcome; `to_dict` is the `--json` document and what the step summary shows."""

    papers_new: int = 0
    candidates: int = 0
    placed: int = 0
    needs_section: int = 0
    pr: dict[str, Any] = field(default_factory=lambda: {"number": None, "url": None, "action": "none"})
    requests: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    classified: int = 0
    accepted: int = 0
    rejected: int = 0
    left_out: int = 0
    dry_run: bool = False
    seconds: float = 0.0
    diff: str = ""
    body: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def add_requests(self, counts: dict[str, int]) -> None:
        for host, n in counts.items():
            self.requests[host] = self.requests.get(host, 0) + n


@dataclass(frozen=True)
class RunOptions:
    dry_run: bool = False
    since: datetime | None = None
    fetch: bool = True  # `tracker publish` skips fetching only: it classifies what `tracker fetch` stored
    lease: Callable[[Store], Any] | None = None  # the run lock, e.g. `hold_lease` (real runs only)


@contextmanager
def _state(config: Config, dry_run: bool, report: RunReport) -> Iterator[Store]:
    if dry_run:
        with scratch_store(config.state.url) as store:
            yield store
        return
    store, warning = open_or_recover(config.state.url)
    if warning:
        report.warnings.append(warning)
    with store:
        yield store


def run_pipeline(
    config: Config, options: RunOptions | None = None, progress: Progress | None = None
) -> RunReport:
    """Run once and return the report; never raises for a failed source or GitHub step (see `errors`)."""
    options = options or RunOptions()
    started = time.monotonic()
    report = RunReport(dry_run=options.dry_run)
    with _state(config, options.dry_run, report) as store:
        lock = options.lease(store) if options.lease and not options.dry_run else nullcontext()
        with lock as lease:
            run_id = store.start_run("run" if options.fetch else "publish")
            status = "crashed"
            try:
                _stages(config, store, options, report, progress or (lambda message: None), lease)
                status = "failed" if report.errors else "ok"
            finally:
                report.seconds = round(time.monotonic() - started, 3)
                counts = {k: getattr(report, k) for k in COUNTED}
                store.finish_run(
                    run_id, status=status, counts=counts, requests=report.requests, errors=report.errors
                )
    return report


def _stages(
    config: Config, store: Store, options: RunOptions, report: RunReport, progress: Progress, lease: Any
) -> None:
    start = window_start(config, store, options.since)
    if options.fetch:
        day = options.since.date() if options.since else None
        fetched = fetch(config, store, since=day, progress=progress, record_run=False)
        report.papers_new = fetched.papers_new
        report.errors += fetched.errors
        report.warnings += fetched.warnings
        report.add_requests(fetched.requests)
    counter = RequestCounter()
    try:
        platform = GitHubPlatform(config, counter, read_only=options.dry_run)
        progress(f"reading {config.list.repo}/{config.list.path}@{config.list.branch}")
        publisher = Publisher(config, store, platform, dry_run=options.dry_run)
        base = publisher.sync()
        progress("classifying what is new")
        found = triage(config, store, base.document, base.listed, start, platform.repo_description)
        report.classified, report.candidates = found.classified, found.candidates
        progress("planning and publishing the pull request")
        stats = {
            "papers fetched": report.papers_new,
            "classified": found.classified,
            "new candidates": found.candidates,
        }
        if lease is not None:
            lease.ensure_held()  # never publish once another run may have taken over
        outcome = publisher.run(found.release_notes, stats)
    except TrackerError as exc:
        report.errors.append(str(exc))
        return
    finally:
        report.add_requests(counter.as_dict())
    report.pr = {"number": outcome.number, "url": outcome.url, "action": outcome.action}
    report.placed, report.needs_section, report.left_out = (
        outcome.placed,
        outcome.needs_section,
        outcome.left_out,
    )
    report.accepted, report.rejected = outcome.accepted, outcome.rejected
    report.diff, report.body = outcome.diff, outcome.body
    report.warnings += outcome.warnings
