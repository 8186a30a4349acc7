"""`tracker list` and `tracker add`: read and edit an awesome-list README."""

from __future__ import annotations

import click

from tracker.commands.options import json_option
from tracker.output import emit


@click.command("list")
@click.argument("readme", type=click.Path(exists=True, dir_okay=False))
@json_option
def list_cmd(readme: str, as_json: bool) -> None:
    """Print the sections of README (path, entry count, style) and their entries."""
    from tracker.listdoc.listing import document_listing, print_listing
    from tracker.listdoc.parse import read_document

    emit(document_listing(read_document(readme)), as_json, print_listing)


@click.command("add")
@click.argument("readme", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--section",
    default=None,
    help="Section path as `tracker list` prints it ('A > B'), or, when unambiguous, its last heading. "
    "On a list that files new papers under day headings, naming their parent files the entry under its day.",
)
@click.option(
    "--intake",
    is_flag=True,
    help="File the entry under its day in the list's dated intake section (the day of --date, else today), "
    "writing the day's heading if the list lacks it; instead of --section.",
)
@click.option("--title", required=True, help="Paper title.")
@click.option("--url", required=True, help="Paper link (http or https).")
@click.option("--code", "code_url", default=None, help="Code repository link.")
@click.option("--date", "date_text", default=None, help="Publication date, YYYY-MM-DD (--intake: the day).")
@click.option("--venue", default=None, help="Venue, e.g. arXiv or CVPR.")
@click.option("--note", default=None, help="Short note, written the way the list writes notes.")
@click.option("--tag", default=None, help="Leading tag such as LLM, written the way the list writes tags.")
@click.option("--demo", "demo_url", default=None, help="Demo link.")
@click.option("--authors", default=None, help="Authors in order, separated by commas ('A. One, B. Two').")
@click.option("--dry-run", is_flag=True, help="Print the README diff and write nothing.")
def add_cmd(readme: str, dry_run: bool, intake: bool, **fields: str | None) -> None:
    """Insert one entry into README in its section's own style (only the new lines change)."""
    from tracker.listdoc.add import add_to_file

    result = add_to_file(readme, **fields, intake=intake, dry_run=dry_run)
    if result.notice:
        click.echo(result.notice, err=True)
    click.echo(result.diff if dry_run else result.message, nl=not dry_run)
