"""`tracker list` and `tracker add`: read and edit an awesome-list README (placeholder until listdoc lands)."""

from __future__ import annotations

import click

from tracker.commands.options import json_option
from tracker.errors import TrackerError


@click.command("list")
@click.argument("readme", type=click.Path(exists=True, dir_okay=False))
@json_option
def list_cmd(readme: str, as_json: bool) -> None:
    """Print the sections of README (path, entry count, style) and their entries."""
    raise TrackerError("not implemented yet")


@click.command("add")
@click.argument("readme", type=click.Path(exists=True, dir_okay=False))
def add_cmd(readme: str) -> None:
    """Insert one entry into README in its section's own style."""
    raise TrackerError("not implemented yet")
