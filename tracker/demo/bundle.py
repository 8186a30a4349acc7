"""The offline demo's data (tracker/demo/data, written by `python -m tracker.demo.build_data`), loaded.

Firehose rows become `Paper`s through `tracker import`'s own reader. The firehose has no submission time
for these months, so a paper's `published` (what arXiv's submittedDate filters) is its first listing
day at 00:00 UTC when the row has none.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tracker.clock import parse_instant
from tracker.models import Paper
from tracker.store.dumps import record_to_paper

DATA = Path(__file__).resolve().parent / "data"
SOURCE = "demo_bundle"


@dataclass(frozen=True)
class BundledRelease:
    """One release the GitHub stand-in publishes (see build_data for where each comes from)."""

    repo: str
    tag: str
    name: str
    body: str
    published: datetime
    updated: datetime
    author: str
    avatar_url: str | None
    prerelease: bool


@dataclass(frozen=True)
class Bundle:
    readme: str
    list_papers: list[Paper]  # the README's own papers the firehose has
    window_papers: list[Paper]  # every paper first listed in the window, oldest listing first
    releases: list[BundledRelease]
    now: datetime  # the demo's clock: just after the window's last listing
    first_day: date
    last_day: date
    categories: list[str]
    linked_repos: list[str]  # every repo the README links, as it spells them
    tracked_repos: list[str]  # extra repos the demo config tracks (the README does not link them)

    @property
    def papers(self) -> list[Paper]:
        """Everything the arXiv stand-in can find (a window paper wins over a list paper with its id)."""
        return list({paper.arxiv_id: paper for paper in [*self.list_papers, *self.window_papers]}.values())

    def listing(self, category: str) -> list[Paper]:
        """The RSS listing of `category` on the window's last day: that day's papers in the category."""
        return [
            paper
            for paper in self.window_papers
            if category in paper.categories and paper.announced and paper.announced.date() == self.last_day
        ]


def _papers(path: Path) -> list[Paper]:
    papers = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            paper = record_to_paper(json.loads(line), SOURCE)
            paper.published = paper.published or paper.announced
            papers.append(paper)
    return papers


def _releases(path: Path) -> list[BundledRelease]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        BundledRelease(
            repo=row["repo"],
            tag=row["tag"],
            name=row["name"],
            body=row["body"],
            published=parse_instant(row["published"]),
            updated=parse_instant(row["updated"]),
            author=row["author"],
            avatar_url=row["avatar_url"],
            prerelease=row["prerelease"],
        )
        for row in rows
    ]


def load_bundle(path: Path = DATA) -> Bundle:
    """Read the bundle at `path` (the packaged one by default)."""
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    window = manifest["window"]
    return Bundle(
        readme=(path / "README.md").read_bytes().decode("utf-8"),
        list_papers=_papers(path / "list_papers.jsonl.gz"),
        window_papers=_papers(path / "window.jsonl.gz"),
        releases=_releases(path / "releases.jsonl"),
        now=parse_instant(manifest["now"]),
        first_day=date.fromisoformat(window["first_listing_date"]),
        last_day=date.fromisoformat(window["last_listing_date"]),
        categories=list(manifest["categories"]),
        linked_repos=list(manifest["list"]["linked_repos"]),
        tracked_repos=list(manifest["tracked_repos"]),
    )
