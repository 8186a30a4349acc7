"""`tracker run` (fetch, classify, publish) and `tracker publish` (the same without fetching)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import click

from tracker.commands.options import json_option
from tracker.errors import TrackerError, first_of
from tracker.output import emit, progress_reporter

if TYPE_CHECKING:
    from tracker.cli import AppContext
    from tracker.config import Config

max_candidates_option = click.option(
    "--max-candidates", type=click.IntRange(min=1), default=None, help="This run's review budget."
)
dry_run_option = click.option(
    "--dry-run",
    is_flag=True,
    help="Print the README diff and PR body; write nothing to GitHub or the database.",
)


def execute(config: Config, *, dry_run: bool, since: datetime | None, fetch: bool, as_json: bool) -> None:
    """Run the pipeline, print its report (and the step summary), and fail (exit 1) when a stage failed."""
    from tracker.pipeline import RunOptions, run_pipeline
    from tracker.run_summary import console_text, write_step_summary
    from tracker.store.lease import hold_lease

    start = since.replace(tzinfo=UTC) if since else None
    options = RunOptions(dry_run=dry_run, since=start, fetch=fetch, lease=hold_lease)
    with progress_reporter("run" if fetch else "publish") as progress:
        report = run_pipeline(config, options, progress=progress).to_dict()
    emit(report, as_json, lambda data: click.echo(console_text(data)))
    write_step_summary(report)
    if report["errors"]:
        raise TrackerError(first_of(report["errors"]))


@click.command("run")
@dry_run_option
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Look at papers from this day on (YYYY-MM-DD), as `tracker fetch --since`.",
)
@max_candidates_option
@json_option
@click.pass_obj
def run_cmd(
    app: AppContext, dry_run: bool, since: datetime | None, max_candidates: int | None, as_json: bool
) -> None:
    """Fetch, dedupe, classify, and open or update the one tracker pull request."""
    execute(_budgeted(app.config, max_candidates), dry_run=dry_run, since=since, fetch=True, as_json=as_json)


@click.command("publish")
@dry_run_option
@max_candidates_option
@json_option
@click.pass_obj
def publish_cmd(app: AppContext, dry_run: bool, max_candidates: int | None, as_json: bool) -> None:
    """Classify what `tracker fetch` stored, then open or update the tracker pull request (no fetching)."""
    execute(_budgeted(app.config, max_candidates), dry_run=dry_run, since=None, fetch=False, as_json=as_json)


def _budgeted(config: Config, max_candidates: int | None) -> Config:
    if max_candidates is not None:
        config.classify.max_candidates_per_run = max_candidates
    return config
