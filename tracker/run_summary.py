"""The run report for people: console text, and the Markdown written to $GITHUB_STEP_SUMMARY.

The step summary is what a maintainer sees on the Action's page, so a failed source is named there,
not only in the log. Metadata in the diff goes inside a fenced block, where it cannot render as markup.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tracker.secrets import redact

DIFF_LIMIT = 60_000  # GitHub caps a step summary at 1 MiB; the diff is cut well below that


def headline(report: dict[str, Any]) -> str:
    pr = report["pr"]
    where = f" #{pr['number']}" if pr.get("number") else ""
    verb = "would be " if report.get("dry_run") and pr["action"] in ("opened", "updated") else ""
    return (
        f"PR{where}: {verb}{pr['action']}; papers: {report['papers_new']} new, "
        f"{report['candidates']} candidates; "
        f"in the PR: {report['placed']} placed, {report['needs_section']} need a section"
    )


def console_text(report: dict[str, Any]) -> str:
    """The diff, the PR body (when there is one) and the summary lines, for the terminal."""
    parts = []
    if report.get("diff"):
        parts.append(report["diff"].rstrip("\n"))
    if report.get("body"):
        parts.append("---- PR body ----\n" + report["body"].rstrip("\n"))
    lines = [headline(report)]
    if report["pr"].get("url"):
        lines.append(f"url: {report['pr']['url']}")
    total = sum(report["requests"].values())
    lines.append(f"requests: {total}" + "".join(f"\n  {h}: {n}" for h, n in report["requests"].items()))
    lines += [f"warning: {w}" for w in report.get("warnings", [])]
    lines += [f"failed: {e}" for e in report.get("errors", [])]
    parts.append("\n".join(lines))
    return redact("\n\n".join(parts))


def markdown(report: dict[str, Any]) -> str:
    """The step summary: outcome, failures first, counts, requests, and the README diff."""
    status = "failed" if report["errors"] else "ok"
    lines = [f"## tracker run: {status}" + (" (dry run)" if report.get("dry_run") else ""), ""]
    if report["errors"]:
        lines += ["**Failed:**", ""] + [f"- `{_code(e)}`" for e in report["errors"]] + [""]
    lines += [headline(report), ""]
    if report["pr"].get("url"):
        lines += [f"Pull request: {report['pr']['url']}", ""]
    lines += ["| host | requests |", "|---|---|"]
    lines += [f"| {host} | {n} |" for host, n in report["requests"].items()]
    lines += [""] + [f"- warning: `{_code(w)}`" for w in report.get("warnings", [])]
    diff = report.get("diff") or ""
    if diff:
        cut = diff[:DIFF_LIMIT] + ("\n… (cut)\n" if len(diff) > DIFF_LIMIT else "")
        lines += ["", "<details><summary>README diff</summary>", "", "````diff", cut.rstrip("\n"), "````", "",
                  "</details>"]  # fmt: skip
    return redact("\n".join(lines) + "\n")


def _code(text: str) -> str:
    return " ".join(str(text).replace("`", "'").split())


def write_step_summary(report: dict[str, Any]) -> None:
    """Append the Markdown summary to $GITHUB_STEP_SUMMARY when the Action sets it."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(markdown(report))
