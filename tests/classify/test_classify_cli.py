"""`tracker classify` end to end on a real README and a real SQLite store: one output line per input
line in order (duplicate, non-arXiv and missing ids, null fields, Chinese titles), fail-fast input
errors, the store's abstracts and background used, and no network request."""

from __future__ import annotations

import json
import socket
from itertools import islice
from pathlib import Path

import pytest

from tests.classify.lists_helpers import latest_document, latest_readme, write_jsonl
from tests.cli_runner import Invoke
from tracker.classify.eval_data import read_jsonl
from tracker.classify.paper_lines import OUTPUT_FIELDS
from tracker.models import Paper
from tracker.store import open_store

ROWS: list[object] = [
    {
        "arxiv_id": "2501.00001",
        "title": "Mitigating hallucination in large vision-language models",
        "abstract": "x",
    },
    {"arxiv_id": "2501.00001", "title": "Mitigating hallucination in large vision-language models"},
    {"arxiv_id": "doi:10.1000/xyz", "title": "A benchmark for video understanding", "abstract": None},
    {"title": "万字长文总结多模态大模型最新进展", "authors": None, "categories": None},
    {
        "arxiv_id": None,
        "title": "  Ünïcode ＴＩＴＬＥ  ",
        "abstract": "",
        "authors": ["A"],
        "categories": "cs.CV",
    },
    {"arxiv_id": 42, "title": "Numbers as ids are echoed as given"},
]


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Endpoints at a closed port and any outbound connection an error; returns the database URL."""
    monkeypatch.setenv("TRACKER_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("TRACKER_ARXIV_RSS_URL", "http://127.0.0.1:9/rss")
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")
    url = f"sqlite:///{tmp_path / 'state.db'}"
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)

    def refuse(self: socket.socket, address: object) -> None:
        raise AssertionError(f"network request to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return url


def _run(tracker_cli: Invoke, shared_data: Path, papers: Path, *extra: str) -> tuple[int, str, str]:
    readme = latest_readme(shared_data, "yfzhang")
    return tracker_cli(["classify", "--list", str(readme), "--papers", str(papers), *extra])


def test_one_line_per_input_line_in_order(
    tracker_cli: Invoke, shared_data: Path, tmp_path: Path, offline: str
) -> None:
    papers = write_jsonl(tmp_path / "in.jsonl", ROWS)
    code, out, err = _run(tracker_cli, shared_data, papers)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == len(ROWS)
    results = [json.loads(line) for line in lines]
    assert [r["arxiv_id"] for r in results] == ["2501.00001", "2501.00001", "doi:10.1000/xyz", None, None, 42]
    sections = {s.path_text for s in latest_document(shared_data, "yfzhang").sections}
    for result in results:
        assert list(result) == list(OUTPUT_FIELDS)
        assert result["section"] in sections
        assert 0 <= result["relevance"] <= 1 and 0 <= result["confidence"] <= 1
        assert result["placed"] == (result["confidence"] >= 0.5)
        assert len(result["alternatives"]) <= 3
        assert {"terms", "nearest", "rules"} <= set(result["explanation"])
    assert results[0]["section"] == results[1]["section"]  # a repeated id is classified, not merged
    assert results[3]["section"] == "Survey and Outlook"


def test_out_file_and_empty_store_fallback(
    tracker_cli: Invoke, shared_data: Path, tmp_path: Path, offline: str
) -> None:
    papers = write_jsonl(tmp_path / "in.jsonl", ROWS[:2])
    code, out, _ = _run(tracker_cli, shared_data, papers, "--out", str(tmp_path / "out.jsonl"))
    assert code == 0 and out == ""
    results = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(results) == 2
    assert "no background papers" in results[0]["explanation"]["relevance"]


def test_store_background_trains_relevance(
    tracker_cli: Invoke, shared_data: Path, tmp_path: Path, offline: str
) -> None:
    firehose = read_jsonl(shared_data / "arxiv" / "firehose-2025-05.jsonl.gz")
    background = [Paper(row["arxiv_id"], row["title"], row["abstract"]) for row in islice(firehose, 400)]
    with open_store(offline) as store:
        store.upsert_papers(background)
    papers = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"arxiv_id": "a", "title": "Direct preference optimization for multimodal large language models"},
            {
                "arxiv_id": "b",
                "title": "Protein folding with molecular dynamics",
                "abstract": "We simulate proteins.",
            },
        ],
    )
    code, out, err = _run(tracker_cli, shared_data, papers)
    assert code == 0, err
    mllm, protein = (json.loads(line) for line in out.splitlines())
    assert "relevance" not in mllm["explanation"]  # the trained model, not the fallback
    assert mllm["relevance"] > protein["relevance"]
    assert mllm["in_scope"] and mllm["relevance"] >= 0.9, (mllm, protein)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "in.jsonl:2: not JSON"),
        ('{"arxiv_id": "x"}', "in.jsonl:2: no title"),
        ('{"title": "   "}', "in.jsonl:2: no title"),
        ('["a list"]', "in.jsonl:2: expected a JSON object"),
        ('{"title": "t", "abstract": 5}', "in.jsonl:2: abstract must be a string or null"),
    ],
)
def test_a_bad_line_fails_before_any_output(
    tracker_cli: Invoke, shared_data: Path, tmp_path: Path, offline: str, bad: str, message: str
) -> None:
    papers = tmp_path / "in.jsonl"
    papers.write_text(json.dumps(ROWS[0]) + "\n" + bad + "\n" + json.dumps(ROWS[1]) + "\n", encoding="utf-8")
    code, out, err = _run(tracker_cli, shared_data, papers, "--out", str(tmp_path / "out.jsonl"))
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out.jsonl").exists()
