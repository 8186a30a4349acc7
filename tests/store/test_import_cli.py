"""`tracker import`: our jsonl, the Kaggle arXiv snapshot and arXiv API dumps; gzip or not; bad lines."""

from __future__ import annotations

import gzip
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cli_runner import Invoke, run_tracker
from tracker.store import open_store

OURS = {
    "arxiv_id": "2504.16936",
    "title": "Multifaceted Evaluation of Audio-Visual Capability for MLLMs",
    "abstract": "Multi-modal large language models (MLLMs) have recently achieved great success.",
    "authors": ["Yusheng Zhao", "Junyu Luo"],
    "categories": ["cs.MM", "cs.CV"],
    "primary_category": "cs.MM",
    "published": None,
    "first_listing_date": "2025-04-25",
    "comment": None,
}
KAGGLE = {
    "id": "0704.0001",
    "submitter": "Pavel Nadolsky",
    "authors": "C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan",
    "title": "Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies",
    "comments": "37 pages, 15 figures; published version",
    "journal-ref": "Phys.Rev.D76:013009,2007",
    "doi": "10.1103/PhysRevD.76.013009",
    "report-no": "ANL-HEP-PR-07-12",
    "categories": "hep-ph",
    "license": None,
    "abstract": "  A fully differential calculation in perturbative quantum chromodynamics is\npresented.\n",
    "versions": [
        {"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"},
        {"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"},
    ],
    "update_date": "2008-11-13",
    "authors_parsed": [
        ["Balázs", "C.", ""],
        ["Berger", "E. L.", ""],
        ["Nadolsky", "P. M.", ""],
        ["Yuan", "C. -P.", ""],
    ],
}
API = {
    "entry_id": "http://arxiv.org/abs/2306.13549v4",
    "title": "A Survey on Multimodal Large Language Models",
    "summary": "Recently, Multimodal Large Language Model (MLLM) represented by GPT-4V...",
    "authors": [{"name": "Shukang Yin"}, {"name": "Chaoyou Fu"}],
    "published": "2023-06-23T17:59:25Z",
    "updated": "2024-11-29T16:05:46Z",
    "categories": ["cs.CV", "cs.AI"],
    "primary_category": "cs.CV",
    "links": ["http://arxiv.org/abs/2306.13549v4", "http://arxiv.org/pdf/2306.13549v4"],
}


def _write(path: Path, records: list, compress: bool = False) -> Path:
    lines = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)
    path.write_bytes(gzip.compress(lines.encode()) if compress else lines.encode())
    return path


@pytest.fixture
def tracker(tracker_cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`tracker_cli` taking ARGS as arguments, at a fixed clock, with `url=` for the database."""
    for name in [
        name for name in os.environ if name.startswith("TRACKER_") and name != "TRACKER_TEST_POSTGRES_URL"
    ]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TRACKER_NOW", "2026-06-01T12:00:00Z")

    def run(*args: str, url: str | None = None) -> tuple[int, str, str]:
        monkeypatch.setenv("TRACKER_DATABASE_URL", url or f"sqlite:///{tmp_path / 'tracker.db'}")
        return tracker_cli(list(args))

    return run


def test_imports_all_three_formats_in_one_call(tracker, tmp_path: Path, db_url: str) -> None:
    ours = _write(tmp_path / "ours.jsonl.gz", [OURS], compress=True)
    kaggle = _write(tmp_path / "arxiv-metadata-oai-snapshot.json", [KAGGLE])
    api = _write(tmp_path / "api.jsonl", [API])
    code, out, err = tracker("import", str(ours), str(kaggle), str(api), "--json", url=db_url)
    assert code == 0, err
    summary = json.loads(out)
    assert {k: summary[k] for k in ("files", "lines", "new", "updated", "unchanged", "bad")} == {
        "files": 3,
        "lines": 3,
        "new": 3,
        "updated": 0,
        "unchanged": 0,
        "bad": 0,
    }
    assert summary["seconds"] >= 0 and summary["bad_lines"] == []
    assert err == ""  # no progress with --json
    with open_store(db_url) as store:
        paper = store.get_paper("0704.0001")
        assert (
            paper.title
            == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
        )
        assert paper.abstract.startswith(
            "A fully differential calculation in perturbative quantum chromodynamics is"
        )
        assert paper.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"]
        assert (paper.categories, paper.primary_category, paper.version) == (["hep-ph"], "hep-ph", 2)
        assert paper.published == datetime(2007, 4, 2, 19, 18, 42, tzinfo=UTC)
        assert paper.updated == datetime(2007, 7, 24, 20, 10, 27, tzinfo=UTC)
        assert (paper.comment, paper.journal_ref, paper.doi) == (
            "37 pages, 15 figures; published version",
            "Phys.Rev.D76:013009,2007",
            "10.1103/PhysRevD.76.013009",
        )
        ours_paper = store.get_paper("2504.16936")
        assert ours_paper.announced == datetime(2025, 4, 25, tzinfo=UTC)
        assert (ours_paper.published, ours_paper.source) == (None, "import:ours.jsonl.gz")
        api_paper = store.get_paper("2306.13549")
        assert (api_paper.version, api_paper.authors) == (4, ["Shukang Yin", "Chaoyou Fu"])
        assert api_paper.published == datetime(2023, 6, 23, 17, 59, 25, tzinfo=UTC)
        (run,) = store.last_runs()
        assert (run["command"], run["status"], run["counts"]["new"]) == ("import", "ok", 3)


def test_only_id_and_title_are_required(tracker, tmp_path: Path) -> None:
    sparse = [
        {"arxiv_id": "2501.00001", "title": "Ours, sparse"},
        {
            "arxiv_id": "2501.00002",
            "title": "Ours, nulls",
            **{k: None for k in OURS if k not in ("arxiv_id", "title")},
        },
        {"id": "2501.00003", "title": "Kaggle, sparse"},
        {"id": "2501.00004", "title": "Kaggle, nulls", "authors": None, "categories": None, "versions": None},
        {"entry_id": "https://arxiv.org/abs/2501.00005", "title": "API, sparse"},
        {"arxiv_id": "2510.00006", "title": "Month-only listing date", "first_listing_date": "2025-10"},
    ]
    code, out, err = tracker("import", str(_write(tmp_path / "sparse.jsonl", sparse)), "--json")
    assert code == 0, err
    assert json.loads(out)["new"] == 6
    with open_store(f"sqlite:///{tmp_path / 'tracker.db'}") as store:
        paper = store.get_paper("2501.00004")
        assert (paper.abstract, paper.authors, paper.categories, paper.version) == ("", [], [], None)
        assert store.get_paper("2510.00006").announced is None


def test_bad_lines_are_counted_and_reported_without_losing_good_ones(tracker, tmp_path: Path) -> None:
    records = [
        OURS,
        "{not json",
        "[1, 2]",
        {"arxiv_id": "2501.00001"},
        {"arxiv_id": "see the blog", "title": "No id"},
        {"id": 704.0001, "title": "A number for an id"},
        {"arxiv_id": "2501.00002", "title": "Bad authors", "authors": 7},
        {"id": "2501.00003", "title": "Bad date", "versions": [{"version": "v1", "created": "yesterday"}]},
        {"title": "Nothing to identify it"},
        "",
        KAGGLE,
    ]
    dump = _write(tmp_path / "mixed.jsonl", records)
    code, out, err = tracker("import", str(dump), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["lines"], summary["new"], summary["bad"]) == (10, 2, 8)
    assert summary["bad_lines"] == [
        f"{dump}:2: not valid JSON (Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1))",
        f"{dump}:3: expected a JSON object, got list",
        f"{dump}:4: title is missing",
        f"{dump}:5: 'see the blog' is not an arXiv id",
        f"{dump}:6: id must be a string, got float",
        f"{dump}:7: authors must be a list or a string, got int",
        f"{dump}:8: created 'yesterday' is not a date",
        f"{dump}:9: no arxiv_id, id or entry_id field: not a paper record",
    ]
    code, out, err = tracker("import", str(dump))
    assert code == 0
    assert f"bad line {dump}:4: title is missing" in err
    assert "0 new, 0 updated, 2 unchanged, 8 bad" in out


def test_reimport_is_idempotent_and_newer_versions_update(tracker, tmp_path: Path) -> None:
    first = _write(tmp_path / "v1.jsonl", [OURS, {**OURS, "arxiv_id": "0704.0001", "title": "Old title"}])
    assert json.loads(tracker("import", str(first), "--json")[1])["new"] == 2
    again = json.loads(tracker("import", str(first), "--json")[1])
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 2)
    kaggle = _write(tmp_path / "kaggle.jsonl", [KAGGLE])
    assert json.loads(tracker("import", str(kaggle), "--json")[1])["updated"] == 1
    with open_store(f"sqlite:///{tmp_path / 'tracker.db'}") as store:
        assert store.get_paper("0704.0001").title.startswith("Calculation of prompt diphoton")


def test_gzip_is_detected_by_content_and_a_broken_tail_keeps_the_head(tracker, tmp_path: Path) -> None:
    misnamed = tmp_path / "plain-name.jsonl"
    misnamed.write_bytes(gzip.compress((json.dumps(OURS) + "\n").encode()))
    whole = gzip.compress(
        "".join(json.dumps({**OURS, "arxiv_id": f"2502.{n:05d}"}) + "\n" for n in range(400)).encode()
    )
    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(whole[: len(whole) * 2 // 3])
    code, out, err = tracker("import", str(misnamed), str(truncated), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["new"] > 1 and summary["bad"] == 1
    assert "compressed data ends early or is corrupt" in summary["bad_lines"][0]


def test_a_file_that_is_not_jsonl_stops_before_importing_anything(tracker, tmp_path: Path) -> None:
    good = _write(tmp_path / "good.jsonl", [OURS])
    readme = tmp_path / "README.md"
    readme.write_text("# Awesome list\n\n1. [Paper](https://arxiv.org/abs/2504.16936)\n")
    code, out, err = tracker("import", str(good), str(readme))
    assert code == 2
    assert out == ""
    assert err.strip().splitlines() == [
        f"error: {readme}: not a JSON Lines paper dump (none of its first 2 lines is a JSON object); "
        "expected one JSON object per line, optionally gzip-compressed"
    ]
    with open_store(f"sqlite:///{tmp_path / 'tracker.db'}") as store:
        assert store.known_paper_ids() == set()


def test_missing_file_is_a_usage_error(tracker, tmp_path: Path) -> None:
    code, _out, err = tracker("import", str(tmp_path / "nope.jsonl"))
    assert code == 2
    assert "does not exist" in err


def test_shared_list_papers_import_cleanly(tracker, shared_data: Path) -> None:
    code, out, err = tracker(
        "import", str(shared_data / "arxiv" / "list-papers-outside-firehose.jsonl.gz"), "--json"
    )
    assert code == 0, err
    summary = json.loads(out)
    assert summary["bad"] == 0 and summary["new"] == summary["lines"] > 200


def test_real_command_line_exit_code_and_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("just some text\n")
    result = run_tracker(
        ["import", "notes.txt"], tmp_path, TRACKER_DATABASE_URL=f"sqlite:///{tmp_path / 'tracker.db'}"
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: notes.txt: not a JSON Lines paper dump")
