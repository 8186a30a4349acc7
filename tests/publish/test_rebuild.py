"""The database is lost: the next run rebuilds the candidates' states from the PRs' hidden blocks and the
README, so nothing the maintainer decided is proposed again and the open PR is kept, not duplicated."""

from __future__ import annotations

from pathlib import Path

from tests.publish.world import REPO, World
from tracker.publish.body import read_hidden_block


def test_lost_database_is_rebuilt_from_the_hidden_blocks_and_the_readme(world: World, tmp_path: Path) -> None:
    rejected = world.arrive(2)
    first = world.run()
    world.standin.close_pull(first.pr["number"], REPO)
    merged = world.arrive(2)
    second = world.run()
    branch = world.branch_readme() or ""
    dropped = merged[1].arxiv_id
    world.standin.push_commit(
        "tracker/updates",
        {"README.md": "".join(line for line in branch.splitlines(True) if dropped not in line)},
        repo=REPO,
    )
    world.standin.merge_pull(second.pr["number"], repo=REPO)
    pending = world.arrive(2)
    third = world.run()
    assert third.pr["action"] == "opened"
    expected = world.statuses(rejected + merged + pending)
    with world.store() as store:
        scores = {c.key: (c.confidence, c.relevance) for c in store.candidates_with_status("proposed")}
        offered = {c.key: _sections(c.decision) for c in store.candidates_with_status("proposed")}
        whys = {c.key: (c.decision or {}).get("why") for c in store.candidates_with_status("proposed")}

    for path in tmp_path.glob("state.db*"):
        path.unlink()  # the database, its WAL and shared memory: all gone
    with world.store() as store:  # a fresh fetch stores the same papers again
        store.upsert_papers(rejected + merged + pending)
    fourth = world.run()
    assert fourth.errors == [] and world.statuses(rejected + merged + pending) == expected
    assert expected == {
        rejected[0].arxiv_id: "rejected", rejected[1].arxiv_id: "rejected",
        merged[0].arxiv_id: "accepted", merged[1].arxiv_id: "rejected",
        pending[0].arxiv_id: "proposed", pending[1].arxiv_id: "proposed",
    }  # fmt: skip
    assert fourth.pr["number"] == third.pr["number"] and fourth.pr["action"] == "unchanged"
    with world.store() as store:  # the PR's scores come back too, so its body still shows them
        rebuilt = {c.key: (c.confidence, c.relevance) for c in store.candidates_with_status("proposed")}
    assert rebuilt == {key: (round(c, 4), round(r, 4)) for key, (c, r) in scores.items()}
    with world.store() as store:  # and the alternatives ("place in" boxes) and "why" of the review table
        back = store.candidates_with_status("proposed")
        assert {c.key: _sections(c.decision) for c in back} == offered
        assert {c.key: (c.decision or {}).get("why") for c in back} == {k: w[:200] for k, w in whys.items()}
    assert all(offered.values()) and all(whys.values())
    open_pulls = world.standin.open_pulls(REPO)
    assert len(open_pulls) == 1
    block = read_hidden_block(open_pulls[0].body)
    assert block is not None and {e.key for e in block.entries} == {p.arxiv_id for p in pending}


def _sections(decision: dict | None) -> list[str]:
    return [alternative["section"] for alternative in (decision or {}).get("alternatives") or []][:3]
