"""`tracker fetch`: run the configured sources once, store what is new, print what it cost."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from tracker.commands.options import json_option
from tracker.errors import SourceError, first_of
from tracker.output import emit, progress_reporter

if TYPE_CHECKING:
    from tracker.cli import AppContext


def _human(data: dict[str, Any]) -> None:
    click.echo(
        f"papers: {data['papers_new']} new, {data['papers_updated']} updated; "
        f"releases: {data['releases_new']} new; {data['seconds']:.1f}s"
    )
    total = sum(data["requests"].values())
    click.echo(f"requests: {total}" + "".join(f"\n  {host}: {n}" for host, n in data["requests"].items()))
    for warning in data["warnings"]:
        click.echo(f"warning: {warning}")
    for error in data["errors"]:
        click.echo(f"failed: {error}")


@click.command("fetch")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Start of the arXiv window (YYYY-MM-DD); overrides the stored watermark.",
)
@json_option
@click.pass_obj
def fetch_cmd(app: AppContext, since: datetime | None, as_json: bool) -> None:
    """Fetch new arXiv papers and GitHub releases into the state database."""
    from tracker.fetching import fetch  # the HTTP clients load only for this command
    from tracker.store import open_store

    config = app.config
    with open_store(config.state.url) as store, progress_reporter("fetch") as progress:
        report = fetch(config, store, since.date() if since else None, progress=progress)
    emit(report.to_dict(), as_json, _human)
    if report.errors:
        raise SourceError(f"{first_of(report.errors)}; what the other sources fetched is kept")
