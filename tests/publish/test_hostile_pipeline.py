"""Hostile metadata through the whole pipeline: every paper is still proposed, the README stays intact
(same sections and counts plus the new entries), and neither the README edit nor the PR body renders a
live HTML tag, a `javascript:` link, a ping or an issue reference."""

from __future__ import annotations

from collections import Counter

from tests.publish.test_body_safety import HOSTILE
from tests.publish.test_body_support import foreign_tags, hrefs, rendered
from tests.publish.world import REPO, World
from tracker.listdoc.parse import parse_document
from tracker.models import Release


def _counts(text: str) -> Counter[str]:
    return Counter(" > ".join(entry.section_path) for entry in parse_document(text).entries())


def test_hostile_titles_abstracts_and_notes_are_proposed_and_inert(world: World) -> None:
    papers = world.arrive(len(HOSTILE))
    for number, (paper, text) in enumerate(zip(papers, HOSTILE, strict=True)):
        paper.title = f"Multimodal {text} model {number}"  # distinct: equal normalised titles are one paper
        paper.abstract = f"We study vision-language models. {text}"
        paper.comment = text
    with world.store() as store:
        store.upsert_papers(papers)
        store.upsert_releases(
            [Release("acme/evil", "v1", HOSTILE[2], HOSTILE[3], papers[0].announced, "javascript:alert(1)")]
        )
    world.config.sources.github.repos = ["acme/evil"]
    world.config.classify.max_candidates_per_run = 40
    world.config.publish.max_entries_per_pr = 120
    base = world.standin.read_file("main", "README.md", REPO) or ""
    report = world.run()
    assert report.errors == [] and report.pr["action"] == "opened"
    assert report.placed == len(HOSTILE) + 1, report.warnings  # every paper and the release, still proposed

    branch = world.branch_readme() or ""
    before, after = _counts(base), _counts(branch)
    assert set(after) == set(before) and sum(after.values()) == sum(before.values()) + len(HOSTILE) + 1
    assert all(after[section] >= count for section, count in before.items())
    new_lines = [line for line in branch.splitlines() if line not in base.splitlines()]
    page = rendered("\n".join(new_lines))
    assert set(foreign_tags(page)) <= {"ol", "ul"}  # list markup of the README's own lists, nothing else
    assert all(h.startswith(("https://", "http://")) for h in hrefs(page))

    body = world.standin.open_pulls(REPO)[0].body
    body_page = rendered(body)
    assert foreign_tags(body_page) == []
    assert all(h.startswith(("https://", "http://")) for h in hrefs(body_page))
    assert "javascript:" not in "".join(hrefs(body_page))
