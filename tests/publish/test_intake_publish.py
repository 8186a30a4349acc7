"""A list that files new papers by day, through the real pipeline, PyGithub and the stateful stand-in.

The README is a real version of tmgthb/Autonomous-Agents (newest day `#### 23rd June 2026`). Papers
arrive on 2026-06-25; two have only their announcement day, one was submitted on 2026-06-22. The PR
must file them under their days (writing `#### 25th June 2026` above the newest day), and its review
table and hidden block must name those day sections, whatever the classifier guessed. The planner alone:
which day a proposal without a paper date gets, and no heading without an entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.listdoc.splice_checks import assert_splice_only
from tests.publish.world import REPO, TOKEN, World, config_for
from tracker.classify.classifier import Classification
from tracker.demo import GitHubStandIn
from tracker.listdoc.edit import find_section
from tracker.listdoc.parse import parse_document
from tracker.models import Paper
from tracker.publish.body import read_hidden_block
from tracker.publish.model import Proposal
from tracker.publish.plan import BY_DAY, plan_readme
from tracker.publish.proposals import paper_proposal

README = "lists/tmgthb-autonomous-agents/2026-06-24_ab1074adab.md"
PARENT = "Research papers: 2026 5/5"
NOW = datetime(2026, 6, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def daily(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_data: Path) -> Iterator[World]:
    monkeypatch.setenv("TRACKER_NOW", NOW.isoformat())
    for name in ("GITHUB_TOKEN", "TRACKER_CONFIG", "TRACKER_DATABASE_URL", "GITHUB_API_URL"):
        monkeypatch.delenv(name, raising=False)
    with GitHubStandIn(login="tracker-bot") as standin:
        standin.add_token(TOKEN, "tracker-bot")
        standin.create_repo(REPO, {"README.md": (shared_data / README).read_text(encoding="utf-8")})
        world = World(standin, config_for(standin, f"sqlite:///{tmp_path / 'state.db'}"))
        submitted = (None, None, datetime(2026, 6, 22, 9, 30, tzinfo=UTC))
        world.papers[:3] = [
            replace(p, published=day) for p, day in zip(world.papers, submitted, strict=False)
        ]
        yield world


def test_papers_are_filed_under_their_days_and_the_pr_names_the_day_sections(daily: World) -> None:
    papers = daily.arrive(3, when=NOW)
    base = daily.standin.read_file("main", "README.md", REPO) or ""
    report = daily.run()
    assert report.errors == [] and report.pr["action"] == "opened"
    assert (report.placed, report.needs_section) == (3, 0)
    branch = daily.branch_readme() or ""
    assert_splice_only(base, branch, inserted=1 + 3 * 2, blank_lines_free=True)  # a heading, 3 blocks
    new_day, old_day = f"{PARENT} > 25th June 2026", f"{PARENT} > 22nd June 2026"
    doc = parse_document(branch)
    assert {e.arxiv_id for e in find_section(doc, new_day).entries} == {
        papers[0].arxiv_id,
        papers[1].arxiv_id,
    }
    assert papers[2].arxiv_id in {e.arxiv_id for e in find_section(doc, old_day).entries}
    days = [s.title for s in doc.sections if s.path[:-1] == (PARENT,)]
    assert days[:2] == ["25th June 2026", "23rd June 2026"]  # the new day on top, as the log has it
    assert "\n---\n\n#### 23rd June 2026\n" in branch.split("#### 25th June 2026\n", 1)[1][:2000]

    pull = daily.standin.repo(REPO).pulls()[0]
    block = read_hidden_block(pull.body)
    assert block is not None
    sections = {entry.key: (entry.section, entry.decision) for entry in block.entries}
    assert sections == {
        papers[0].arxiv_id: (new_day, "placed"),
        papers[1].arxiv_id: (new_day, "placed"),
        papers[2].arxiv_id: (old_day, "placed"),
    }
    rows = [line for line in pull.body.splitlines() if line.startswith("| [")]
    assert len(rows) == 3 and all(BY_DAY in row and "| 100% |" in row for row in rows)
    assert sum("25th June 2026" in row for row in rows) == 2 and "Needs a section" not in pull.body

    again = daily.run()  # the days come from the papers, not the clock: the same PR
    assert again.pr["action"] == "unchanged" and again.errors == []


def _proposal(n: int, section: str, published: datetime | None, paper: bool = True) -> Proposal:
    found = Paper(f"2606.{n:05d}", f"Agent{n}: Testing Agents", published=published, authors=["A. Bee"])
    result = Classification(found.arxiv_id, 0.9, True, section, 0.3, False)
    made = paper_proposal(found, result)
    return replace(made, paper=None) if not paper else made


def test_plan_files_by_paper_date_then_recorded_day_then_today_and_writes_no_lone_heading(
    shared_data: Path,
) -> None:
    base = (shared_data / README).read_text(encoding="utf-8")
    proposals = [
        _proposal(90001, f"{PARENT} > 16th June 2026", datetime(2026, 6, 24, 8, tzinfo=UTC)),
        _proposal(90002, f"{PARENT} > 26th June 2026", None, paper=False),  # rebuilt: its PR's day stays
        _proposal(90003, "Somewhere", None, paper=False),  # no date at all: the run's day
        _proposal(
            90004, f"{PARENT} > 16th June 2026", datetime(2026, 6, 20, 8, tzinfo=UTC)
        ),  # beyond the cap
    ]
    plan = plan_readme(base, proposals, max_entries=3, today=date(2026, 6, 30))
    assert [(p.key, p.section) for p in plan.inserted] == [
        ("2606.90001", f"{PARENT} > 24th June 2026"),
        ("2606.90002", f"{PARENT} > 26th June 2026"),
        ("2606.90003", f"{PARENT} > 30th June 2026"),
    ]
    assert [p.key for p in plan.left_out] == ["2606.90004"] and not plan.needs_section and not plan.skipped
    headings = [line for line in plan.diff.splitlines() if line.startswith("+#")]
    assert headings == [
        "+#### 30th June 2026",
        "+#### 26th June 2026",
        "+#### 24th June 2026",
    ]  # newest first
    assert plan_readme(base, proposals, max_entries=3, today=date(2026, 6, 30)).text == plan.text
