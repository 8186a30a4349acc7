"""`tracker classify`: relevance and section for papers in a JSON-lines file, trained on a README.

Reads only local files and the state database (entry abstracts, recent papers as background, rejected
papers as hard negatives); it never makes a network request.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from tracker.cli import AppContext


@click.command("classify")
@click.option(
    "--list", "readme", required=True, type=click.Path(exists=True, dir_okay=False), help="The list's README."
)
@click.option(
    "--papers",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="JSON lines: arxiv_id, title, abstract[, authors, categories].",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: stdout).")
@click.option(
    "--rules", type=click.Path(dir_okay=False), help="Section rules (default: classify.sections_file)."
)
@click.pass_obj
def classify_cmd(app: AppContext, readme: str, papers: str, out: Path | None, rules: str | None) -> None:
    """Score each paper of PAPERS for the list README: one JSON line per input line, same order, with
    relevance, in_scope, section, confidence, placed, alternatives and explanation."""
    from tracker.classify.classifier import train
    from tracker.classify.paper_lines import output_line, read_paper_lines
    from tracker.classify.rules import load_section_rules
    from tracker.classify.store_inputs import store_inputs
    from tracker.listdoc.parse import read_document
    from tracker.store import open_store

    config = app.config
    lines = read_paper_lines(papers)  # fail fast: a bad line is exit 2 before any output
    document = read_document(readme)
    section_rules = load_section_rules(rules or config.classify.sections_file, required=rules is not None)
    with open_store(config.state.url) as store:
        inputs = store_inputs(store, document, skip_ids={line.paper.arxiv_id for line in lines})
    classifier = train(
        document, inputs.abstracts, inputs.background, inputs.hard_negatives, section_rules, config.classify
    )
    results = classifier.classify([line.paper for line in lines])
    text = "".join(
        output_line(line.given_id, result.as_dict()) + "\n"
        for line, result in zip(lines, results, strict=True)
    )
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
