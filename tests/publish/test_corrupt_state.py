"""A corrupt or missing state database: `run` moves it aside and rebuilds from GitHub; `status`, `import`
and `classify` only report it, from the database alone, without a single network request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import Invoke
from tests.publish.world import README_FILE, REPO, World


def test_corrupt_database_is_moved_aside_and_rebuilt_by_run(world: World, tmp_path: Path) -> None:
    rejected = world.arrive(2)
    first = world.run()
    world.standin.close_pull(first.pr["number"], REPO)
    world.run()
    assert set(world.statuses(rejected).values()) == {"rejected"}
    database = tmp_path / "state.db"
    database.write_bytes(b"this is not a database" * 100)
    report = world.run()
    assert report.errors == [] and any("was corrupt" in w for w in report.warnings)
    assert [p.name for p in tmp_path.glob("state.db.corrupt-*")]
    with world.store() as store:
        store.upsert_papers(rejected)  # a fresh fetch brings the same papers back
    again = world.run()
    assert again.pr["action"] == "none" and set(world.statuses(rejected).values()) == {"rejected"}


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_status_import_and_classify_report_a_corrupt_database_without_the_network(
    world: World, tmp_path: Path, tracker_cli: Invoke, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    world.arrive(1)
    world.run()
    database = tmp_path / "state.db"
    if damage == "garbage":
        database.write_bytes(b"this is not a database" * 100)
    else:
        database.write_bytes(database.read_bytes()[: database.stat().st_size // 2])
    monkeypatch.setenv("TRACKER_DATABASE_URL", world.config.state.url)
    papers = tmp_path / "in.jsonl"
    papers.write_text(json.dumps({"arxiv_id": "x", "title": "A multimodal model"}) + "\n", encoding="utf-8")
    before = len(world.standin.log)
    classify = ["classify", "--list", str(README_FILE), "--papers", str(papers)]
    for args in (["status"], ["import", str(papers)], classify):
        code, out, err = tracker_cli(args)
        assert code == 1 and out == "", args
        [line] = err.strip().splitlines()
        assert line.startswith("error: cannot open the state database")
        assert line.endswith("moves it aside and rebuilds the state from GitHub")
    assert len(world.standin.log) == before  # none of them touched the network
    assert database.exists()  # and none of them moved or replaced it
