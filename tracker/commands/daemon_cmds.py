"""`tracker daemon`: run tracker on the configured schedule until SIGTERM or Ctrl-C."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from tracker.cli import AppContext


@click.command("daemon")
@click.pass_obj
def daemon_cmd(app: AppContext) -> None:
    """Run `tracker run` on schedule.cron (crontab fields, in schedule.timezone), and `tracker publish` soon
    after the maintainer ticks a box in the tracker PR; stop with SIGTERM."""
    from tracker.scheduler import build_scheduler, pipeline_job, run_scheduler, ticks_job
    from tracker.store import open_store

    config = app.config
    open_store(config.state.url).close()  # a bad database fails now, not at the first scheduled run
    run_scheduler(build_scheduler(config, pipeline_job(config), ticks=ticks_job(config)))
