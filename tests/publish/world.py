"""A small world for the PR-lifecycle tests: the GitHub stand-in holding a real list README, a state
database, real firehose papers the list never took, and a config that runs the pipeline against them.

Sources are switched off: papers "arrive" by being stored, as a fetch would store them, so every
scenario controls exactly what is new. Relevance and confidence floors are zero, so every arrival is a
candidate placed in its best section, and the scenarios test the lifecycle, not the model.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from tests.hardening.secret_sweep import SENTINEL_TOKEN
from tracker.config import Config
from tracker.demo import GitHubStandIn
from tracker.listdoc.parse import parse_document
from tracker.models import Paper
from tracker.pipeline import RunOptions, RunReport, run_pipeline
from tracker.store import Store, open_store
from tracker.store.dumps import record_to_paper

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
README_FILE = DATA / "lists" / "yfzhang" / "2026-03-15_8c27720671.md"
FIREHOSE = DATA / "arxiv" / "firehose-2025-11.jsonl.gz"
REPO = "owner/awesome-list"
TOKEN = SENTINEL_TOKEN  # the session-wide secret sweep (tests/hardening/secret_sweep.py) looks for it
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
WORDS = ("multimodal", "vision-language", "visual instruction", "mllm")


@cache
def readme_text() -> str:
    return README_FILE.read_text(encoding="utf-8")


@cache
def spare_papers() -> tuple[Paper, ...]:
    """Firehose papers on multimodal LLMs that this README does not list, in a fixed order."""
    listed = {entry.arxiv_id for entry in parse_document(readme_text()).entries() if entry.arxiv_id}
    found = []
    with gzip.open(FIREHOSE, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            title = record.get("title", "").lower()
            if record["arxiv_id"] not in listed and any(word in title for word in WORDS):
                found.append(record_to_paper(record, "firehose"))
            if len(found) >= 60:
                break
    return tuple(found)


def config_for(standin: GitHubStandIn, state_url: str, **publish: Any) -> Config:
    return Config.model_validate(config_data(standin, state_url, **publish))


def config_data(standin: GitHubStandIn, state_url: str, **publish: Any) -> dict[str, Any]:
    """The configuration as rules/tracker.yaml would hold it."""
    return (
        {
            "list": {"repo": REPO, "path": "README.md", "branch": "main"},
            "state": {"url": state_url},
            "sources": {
                "arxiv": {"enabled": False},
                "github": {
                    "enabled": False, "api_url": standin.url, "server_url": standin.server_url,
                    "token": TOKEN, "mutation_delay_seconds": 0, "timeout_seconds": 5,
                },
            },
            "classify": {"min_relevance": 0.0, "min_confidence": 0.0, "max_candidates_per_run": 4,
                         "sections_file": "no-such-rules.yaml"},
            "publish": {"max_entries_per_pr": 12, **publish},
        }
    )  # fmt: skip


@dataclass
class World:
    standin: GitHubStandIn
    config: Config
    papers: list[Paper] = field(default_factory=lambda: [replace(p) for p in spare_papers()])  # own copies
    arrived: int = 0

    def store(self) -> Store:
        return open_store(self.config.state.url)

    def arrive(self, n: int, when: datetime = NOW) -> list[Paper]:
        """The next `n` papers reach the database, announced just before `when`."""
        batch = self.papers[self.arrived : self.arrived + n]
        self.arrived += n
        for offset, paper in enumerate(batch):
            paper.announced = when - timedelta(hours=1, minutes=offset)
        with self.store() as store:
            store.upsert_papers(batch)
        return batch

    def run(self, dry_run: bool = False) -> RunReport:
        return run_pipeline(self.config, RunOptions(dry_run=dry_run))

    def branch_readme(self) -> str | None:
        return self.standin.read_file(self.config.publish.branch, "README.md", REPO)

    def statuses(self, papers: list[Paper]) -> dict[str, str]:
        with self.store() as store:
            return store.candidate_status([p.arxiv_id for p in papers])
