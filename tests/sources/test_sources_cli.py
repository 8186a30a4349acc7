"""`tracker fetch` as the maintainer runs it: exit codes, the --json document, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.cli_runner import run_tracker
from tests.fakes.arxiv_server import RssFeed, papers_by_day
from tracker.store import open_store


def _run(tmp_path: Path, settings: dict[str, Any], *args: str) -> subprocess.CompletedProcess[str]:
    settings = {**settings, "state": {"url": f"sqlite:///{tmp_path / 'state.db'}"}}
    (tmp_path / "tracker.yaml").write_text(yaml.safe_dump(settings))
    return run_tracker(
        ["--config", "tracker.yaml", "fetch", *args], tmp_path, TRACKER_NOW=os.environ["TRACKER_NOW"]
    )


def test_json_document_and_exit_0(arxiv_fake, settings, tmp_path):
    arxiv_fake.papers = papers_by_day(7)

    result = _run(tmp_path, settings, "--json")

    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["papers_new"], doc["papers_updated"], doc["releases_new"], doc["errors"]) == (7, 0, 0, [])
    assert doc["requests"] == {arxiv_fake.host_port: 2}  # page_size 5: two pages
    assert isinstance(doc["seconds"], float) and doc["warnings"] == []


def test_human_summary_names_counts_and_hosts(arxiv_fake, settings, tmp_path):
    arxiv_fake.papers = papers_by_day(3)
    result = _run(tmp_path, settings)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("papers: 3 new, 0 updated; releases: 0 new;")
    assert f"  {arxiv_fake.host_port}: 1" in result.stdout


def test_one_failing_source_exits_1_and_keeps_the_others(arxiv_fake, settings, tmp_path):
    arxiv_fake.papers = papers_by_day(3)
    arxiv_fake.feeds["cs.CV"] = RssFeed(papers_by_day(1)[0].published, truncated=True)
    settings["sources"]["arxiv"]["rss"] = True

    result = _run(tmp_path, settings, "--json")

    assert result.returncode == 1
    assert json.loads(result.stdout)["papers_new"] == 3
    [line] = result.stderr.strip().splitlines()[-1:]
    assert line.startswith("error: arxiv:rss:cs.CV: arXiv RSS cs.CV: malformed XML")
    assert line.endswith("what the other sources fetched is kept")
    with open_store(f"sqlite:///{tmp_path / 'state.db'}") as store:
        assert store.known_paper_ids() == {p.arxiv_id for p in arxiv_fake.papers}


def test_since_sets_the_window(arxiv_fake, settings, tmp_path):
    result = _run(tmp_path, settings, "--since", "2025-06-01", "--json")
    assert result.returncode == 0, result.stderr
    assert "submittedDate:[202506010000 TO 202601070300]" in arxiv_fake.log[0].args["search_query"]


def test_a_bad_since_is_a_usage_error(settings, tmp_path):
    result = _run(tmp_path, settings, "--since", "yesterday")
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
