"""`tracker import`: load paper metadata dumps into the state database and print what changed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from tracker.commands.options import json_option
from tracker.output import emit, stderr_console

if TYPE_CHECKING:
    from tracker.cli import AppContext
    from tracker.store.importer import ProgressCallback

SHOWN_BAD_LINES = 20


@contextmanager
def _progress(paths: list[Path], enabled: bool) -> Iterator[ProgressCallback | None]:
    """A rich progress bar on stderr over the files' bytes; nothing when disabled."""
    if not enabled:
        yield None
        return
    sizes = {path: path.stat().st_size for path in paths}
    done: dict[Path, int] = {}
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr_console, transient=True) as bar:
        task = bar.add_task("importing", total=sum(sizes.values()))

        def advance(path: Path, position: int, papers: int) -> None:
            done[path] = min(position, sizes.get(path, position))
            bar.update(task, completed=sum(done.values()), description=f"{path.name}: {papers:,} papers")

        yield advance


def _human(data: dict[str, Any]) -> None:
    for line in data["bad_lines"][:SHOWN_BAD_LINES]:
        stderr_console.print(f"bad line {line}", markup=False, soft_wrap=True)
    hidden = data["bad"] - min(len(data["bad_lines"]), SHOWN_BAD_LINES)
    if hidden > 0:
        stderr_console.print(
            f"... and {hidden} more bad lines (--json lists up to 100)", markup=False, soft_wrap=True
        )
    click.echo(
        f"imported {data['files']} file(s), {data['lines']:,} lines into {data['database']}: "
        f"{data['new']:,} new, {data['updated']:,} updated, {data['unchanged']:,} unchanged, "
        f"{data['bad']:,} bad, in {data['seconds']:.1f} s"
    )


@click.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@json_option
@click.pass_obj
def import_cmd(app: AppContext, files: tuple[Path, ...], as_json: bool) -> None:
    """Load paper metadata from FILES (.jsonl or .jsonl.gz: our format, the Kaggle arXiv snapshot, or
    arXiv API dumps) into the state database. Bad lines are reported and skipped."""
    paths = list(files)
    from tracker.store import open_store  # SQLAlchemy and alembic load only for this command
    from tracker.store.importer import check_files, import_files

    check_files(paths)  # before the progress bar and the database: a wrong file is one line, exit 2
    with open_store(app.config.state.url) as store:
        run_id = store.start_run("import")
        try:
            with _progress(paths, enabled=not as_json and stderr_console.is_terminal) as progress:
                report = import_files(store, paths, progress)
        except Exception as exc:
            store.finish_run(run_id, status="failed", counts={}, requests={}, errors=[str(exc)])
            raise
        summary = report.as_dict()
        counts = {key: value for key, value in summary.items() if key != "bad_lines"}
        store.finish_run(run_id, status="ok", counts=counts, requests={}, errors=report.bad_lines)
        emit(summary | {"database": store.url}, as_json, _human)
