"""Releases in the PR: a tracked repo the list does not link becomes a candidate, a release naming a new
paper gives that paper its code link, and releases of repos the list links only reach the PR body."""

from __future__ import annotations

from datetime import timedelta

from tests.publish.world import NOW, README_FILE, REPO, World, readme_text
from tracker.models import Release
from tracker.sources.github import repos_from_readme

ACME = "https://github.com/acme"


def test_releases_become_candidates_code_links_and_body_rows(world: World) -> None:
    linked = repos_from_readme(readme_text())[0]
    papers = world.arrive(2)
    world.standin.create_repo("acme/omni-mllm", {"README.md": "# Omni"}, description="An omni-modal LLM")
    world.config.sources.github.repos = ["acme/omni-mllm", "acme/paper-code"]
    when = NOW - timedelta(hours=2)
    omni_notes = "First release of a multimodal LLM for video and audio."
    code_notes = f"Code for https://arxiv.org/abs/{papers[0].arxiv_id}"
    releases = [
        Release(
            linked,
            "v9.9",
            "Version 9.9",
            "Bug fixes.",
            when,
            f"https://github.com/{linked}/releases/tag/v9.9",
        ),
        Release(
            "acme/omni-mllm", "v1.0", "OmniMLLM 1.0", omni_notes, when, f"{ACME}/omni-mllm/releases/tag/v1.0"
        ),
        Release(
            "acme/paper-code",
            "v0.1",
            "Code release",
            code_notes,
            when,
            f"{ACME}/paper-code/releases/tag/v0.1",
        ),
    ]
    with world.store() as store:
        store.upsert_releases(releases)
    before = world.standin.read_file("main", "README.md", REPO) or ""
    report = world.run()
    assert report.errors == [] and report.pr["action"] == "opened"
    branch = world.branch_readme() or ""
    body = world.standin.open_pulls(REPO)[0].body
    paper_row = next(
        line for line in body.splitlines() if papers[0].arxiv_id in line and line.startswith("|")
    )
    assert "github.com/acme/paper-code" in paper_row  # code link from the release that names the paper
    assert "releases/tag/v0.1" in paper_row
    assert "https://github.com/acme/omni-mllm" in branch  # the unlinked tracked repo, proposed as an entry
    assert [line for line in before.splitlines() if linked in line] == [
        line for line in branch.splitlines() if linked in line and "acme" not in line
    ]  # existing lines of the linked repo are untouched
    assert "### New releases of linked repos" in body and "v9.9" in body
    with world.store() as store:
        statuses = store.candidate_status(["acme/omni-mllm@v1.0", "acme/paper-code@v0.1"], kind="release")
        assert statuses == {"acme/omni-mllm@v1.0": "proposed", "acme/paper-code@v0.1": "proposed"}
        assert store.get_lookup("repo_description", "acme/omni-mllm") == (True, "An omni-modal LLM")


def test_a_table_list_gets_the_release_code_link_in_its_code_column(world: World) -> None:
    bradyfu = sorted((README_FILE.parents[1] / "bradyfu").glob("*.md"))[-1].read_text(encoding="utf-8")
    world.standin.create_repo("owner/tables", {"README.md": bradyfu})
    world.config.list.repo = "owner/tables"
    world.config.sources.github.repos = ["acme/paper-code"]
    first = world.papers[world.arrived]
    first.comment, first.abstract = None, first.abstract.split("http")[0]  # no code link of its own
    papers = world.arrive(2)
    notes = f"Code for https://arxiv.org/abs/{papers[0].arxiv_id}"
    when = NOW - timedelta(hours=2)
    release = Release("acme/paper-code", "v0.1", "Code", notes, when, f"{ACME}/paper-code/releases/tag/v0.1")
    with world.store() as store:
        store.upsert_releases([release])
    report = world.run()
    assert report.errors == [] and report.pr["action"] == "opened"
    branch = world.standin.read_file("tracker/updates", "README.md", "owner/tables") or ""
    row = next(line for line in branch.splitlines() if papers[0].arxiv_id in line and line.startswith("|"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[3] == "[Github](https://github.com/acme/paper-code)"  # the Code column, in the list's words
    assert cells[1] == "arXiv" and cells[2] == f"{papers[0].published:%Y-%m-%d}"
