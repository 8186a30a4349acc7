"""`tracker status`: the last runs, each source's watermark, candidate counts, the PR and the rate limit."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape

from tracker.commands.options import json_option
from tracker.output import emit

if TYPE_CHECKING:
    from tracker.cli import AppContext

PER_REPO_PREFIX = "github:releases:"  # one cursor per tracked repo: summarised unless failing


def _when(value: datetime | str | None) -> str:
    if value is None:
        return "-"
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return f"{moment:%Y-%m-%d %H:%M}"


def _counts(counts: dict[str, Any]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items()) or "no counts"


_STATUS_STYLE = {"ok": "green", "failed": "red", "crashed": "red", "running": "yellow"}


def _run_line(run: dict[str, Any]) -> str:
    seconds = f"{run['seconds']:.1f}s" if run["seconds"] is not None else "-"
    style = _STATUS_STYLE.get(run["status"], "default")
    line = (
        f"  #{run['id']} {run['command']:<8} {_when(run['started'])}  {seconds:>7}  "
        f"[{style}]{run['status']:<7}[/{style}] {escape(_counts(run['counts']))}"
    )
    return line + (f"; errors: {escape('; '.join(run['errors']))}" if run["errors"] else "")


def _source_line(source: dict[str, Any]) -> str:
    key, watermark, success = escape(source["key"]), _when(source["watermark"]), _when(source["last_success"])
    line = f"  {key}: watermark {watermark}, last success {success}"
    if source["last_error"]:
        label = "[red]FAILING[/red]" if source["failing"] else "earlier error"
        line += f", {label} {_when(source['last_error_at'])}: {escape(source['last_error'])}"
    return line


def _sources(out: Console, sources: list[dict[str, Any]]) -> None:
    """One line per source; the per-repo release cursors are folded into one line unless they fail."""
    repos = [s for s in sources if s["key"].startswith(PER_REPO_PREFIX)]
    out.print("sources (times in UTC):" if sources else "sources: none fetched yet")
    for source in sources:
        if source in repos and not source["failing"]:
            continue
        out.print(_source_line(source))
    if repos:
        failing = sum(1 for s in repos if s["failing"])
        out.print(f"  GitHub releases: {len(repos)} repos tracked, {failing} failing")


def _human(data: dict[str, Any]) -> None:
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"database: {escape(data['database'])}")
    for lock in data["locks"]:
        state = "expired (its holder died; the next run takes it over)" if lock["expired"] else "held"
        out.print(
            f"lock {lock['name']!r}: {state} by pid {lock['holder']} since {_when(lock['acquired_at'])} UTC, "
            f"last heartbeat {_when(lock['heartbeat_at'])} UTC"
        )
    if not data["locks"]:
        out.print("lock: free (no run in progress)")
    out.print("last runs (times in UTC):" if data["runs"] else "last runs: none yet")
    for run in data["runs"]:
        out.print(_run_line(run))
    _sources(out, data["sources"])
    counts = data["candidates"]
    out.print(
        f"candidates: {counts['new']} pending, {counts['proposed']} proposed, {counts['accepted']} accepted, "
        f"{counts['rejected']} rejected, {counts['ignored']} ignored"
    )
    pr = data["pull_request"]
    if pr:
        out.print(
            f"pull request: #{pr['number']} {pr['state']} ({pr['url']}); "
            f"last run: {pr['action']}, seen {_when(pr['seen_at'])} UTC"
        )
    else:
        out.print("pull request: none recorded yet")
    limit = data["rate_limit"]
    if limit:
        refilled = "; refilled since" if limit["reset_passed"] else ""
        out.print(
            f"GitHub API: {limit['remaining']} of {limit['limit']} requests left at "
            f"{_when(limit['seen_at'])} UTC, resets {_when(limit['reset'])} UTC{refilled}"
        )
    else:
        out.print("GitHub API: rate limit not seen yet")


@click.command("status")
@click.option(
    "--runs", "runs", type=click.IntRange(min=1), default=10, show_default=True, help="How many runs."
)
@json_option
@click.pass_obj
def status_cmd(app: AppContext, runs: int, as_json: bool) -> None:
    """Show the last runs, source watermarks, candidate counts, the PR and the rate limit (no network)."""
    from tracker.status import collect_status
    from tracker.store import open_store

    with open_store(app.config.state.url) as store:
        data = collect_status(store, runs)
    emit(data, as_json, _human)
