"""`tracker eval`: replay a list's history against the classifier and print the quality table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.commands.options import json_option
from tracker.output import emit

if TYPE_CHECKING:
    from tracker.cli import AppContext

DEFAULT_DATA = Path("../shared/data")


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _rows(name: str, result: dict[str, Any]) -> list[list[str]]:
    rows = []
    for label, key in (("sections", "sections"), ("sections, plain TF-IDF", "sections_baseline")):
        s = result.get(key)
        if s:
            top = f"{_figure(s['top1'])} / {_figure(s['top3'])}"
            placed = f"{_figure(s['placed_accuracy'])} / {_figure(s['coverage'])}"
            rows.append([name, label, top, placed, f"{s['papers']} papers, {s['commits']} commits"])
    r = result.get("relevance")
    if r:
        recalls = " / ".join(_figure(v) for k, v in r.items() if k.startswith("recall@"))
        budgets = "/".join(k.removeprefix("recall@") for k in r if k.startswith("recall@"))
        counts = f"{r['gold']} gold papers, {r['weeks']} weeks"
        rows.append([name, f"relevance recall at {budgets} a day", recalls, "", counts])
    return rows


def _print_table(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"tracker eval (abstain below confidence {report['min_confidence']})")
    for column in ("list", "figure", "top-1 / top-3", "placed accuracy / coverage", "counts"):
        table.add_column(column)
    for name, result in report["lists"].items():
        for row in _rows(name, result):
            table.add_row(*row)
    Console(highlight=False).print(table)


@click.command("eval")
@click.option(
    "--list", "list_name", type=click.Choice(["bradyfu", "yfzhang", "all"]), default="all", show_default=True
)
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="Shared data folder: lists/<name>/DATE_SHA.md, gold/, arxiv/*.jsonl.gz.",
)
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Abstain threshold (default: config).")
@click.option(
    "--skip-relevance", is_flag=True, help="Only the section half (the relevance replay is slower)."
)
@click.option("--no-baseline", is_flag=True, help="Skip the plain TF-IDF baseline on the section cases.")
@click.option("--last-commits", type=click.IntRange(1), help="Only the last N commits (quick checks).")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the JSON report here."
)
@json_option
@click.pass_obj
def eval_cmd(
    app: AppContext,
    list_name: str,
    data: Path,
    min_confidence: float | None,
    skip_relevance: bool,
    no_baseline: bool,
    last_commits: int | None,
    out: Path | None,
    as_json: bool,
) -> None:
    """Replay the maintainers' real additions: section top-1/top-3, accuracy and coverage at the abstain
    threshold, and relevance recall at 5/10/20 papers a day, with the counts behind every figure."""
    from tracker.classify.eval_report import LIST_NAMES, evaluate
    from tracker.errors import UsageError

    if not (data / "gold").is_dir() or not (data / "lists").is_dir():
        raise UsageError(f"{data}: not the shared data folder (needs lists/ and gold/); pass --data DIR")
    names = LIST_NAMES if list_name == "all" else (list_name,)
    threshold = app.config.classify.min_confidence if min_confidence is None else min_confidence
    report = evaluate(
        data,
        names,
        threshold,
        relevance=not skip_relevance,
        baseline=not no_baseline,
        limit_commits=last_commits,
    )
    if out is not None:
        out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    emit(report, as_json, _print_table)
