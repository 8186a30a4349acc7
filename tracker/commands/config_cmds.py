"""`tracker config`: validate the configuration and show the effective values (tokens hidden)."""

from __future__ import annotations

import click
import yaml

from tracker.commands.options import json_option
from tracker.output import emit


@click.command("config")
@json_option
@click.pass_obj
def config_cmd(app, as_json: bool) -> None:  # noqa: ANN001 - click passes AppContext
    """Validate the configuration and print the effective values (environment applied, token hidden)."""
    config = app.config
    data = config.model_dump(mode="json")
    token = config.sources.github.token
    data["sources"]["github"]["token"] = "***" if token else None
    emit(
        {"path": config.path, "config": data},
        as_json,
        lambda doc: click.echo(f"# {doc['path']} (valid)\n" + yaml.safe_dump(doc["config"], sort_keys=False)),
    )
