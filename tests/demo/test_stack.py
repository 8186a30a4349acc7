"""The demo stack end to end: the bundle's shape, its rebuild, and `tracker fetch` / `tracker classify` run
in-process against the stand-ins with nothing but `stack.env`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli_runner import Invoke
from tracker.config import _ENV_OVERRIDES, load_config
from tracker.demo.build_data import build
from tracker.demo.bundle import DATA, Bundle, load_bundle
from tracker.demo.stack import DemoStack
from tracker.ids import normalize_title
from tracker.listdoc.parse import parse_document
from tracker.store import open_store

S1_VL = "2604.21409"  # a window paper a bundled release of yfzhang114/MME-RealWorld cites


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle()


@pytest.fixture
def stack(bundle: Bundle, tmp_path: Path) -> Iterator[DemoStack]:
    with DemoStack(tmp_path / "demo", bundle=bundle) as running:
        yield running


@pytest.fixture
def demo_env(stack: DemoStack, monkeypatch: pytest.MonkeyPatch) -> DemoStack:
    """The stack's env over a shell that points at the real services (as a GitHub Action does)."""
    monkeypatch.setenv("GITHUB_API_URL", "https://api.github.com")
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    for name, value in stack.env.items():
        monkeypatch.setenv(name, value)
    return stack


# the bundle -------------------------------------------------------------------------------------------------
def test_the_bundle_is_small_and_matches_its_manifest():
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    files = {path.name: path.read_bytes() for path in DATA.iterdir()}

    assert sum(len(data) for data in files.values()) < 1_500_000
    assert set(files) == {*manifest["sha256"], "manifest.json"}
    for name, digest in manifest["sha256"].items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name


def test_the_bundle_holds_the_window_the_lists_papers_and_releases_citing_window_papers(bundle: Bundle):
    listed = parse_document(bundle.readme).entries()
    list_ids = {entry.arxiv_id for entry in listed if entry.arxiv_id}
    list_titles = {normalize_title(entry.title) for entry in listed}
    window_ids = {paper.arxiv_id for paper in bundle.window_papers}

    assert 1000 <= len(bundle.window_papers) <= 2000
    assert all(
        paper.announced and bundle.first_day <= paper.announced.date() <= bundle.last_day
        for paper in bundle.window_papers
    )
    assert all(set(paper.categories) & set(bundle.categories) for paper in bundle.window_papers)
    assert all(paper.published for paper in bundle.papers)
    assert len(bundle.list_papers) >= 30 and all(paper.abstract for paper in bundle.list_papers)
    assert all(p.arxiv_id in list_ids or normalize_title(p.title) in list_titles for p in bundle.list_papers)
    cited = [release for release in bundle.releases if release.repo in bundle.linked_repos]
    assert len(cited) >= 2 and all(any(i in release.body for i in window_ids) for release in cited)
    assert {release.repo for release in bundle.releases} - set(bundle.linked_repos) == set(
        bundle.tracked_repos
    )
    newest = max(paper.published for paper in bundle.papers if paper.published)
    assert newest < bundle.now < newest + timedelta(days=1)
    assert max(release.published for release in bundle.releases) < bundle.now


def test_the_readme_is_the_maintainers_file_byte_for_byte(shared_data: Path):
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    assert (DATA / "README.md").read_bytes() == (shared_data / manifest["list"]["source"]).read_bytes()


def test_a_rebuild_gives_the_same_bytes(shared_data: Path):
    rebuilt = build(shared_data)
    assert {name: hashlib.sha256(data).hexdigest() for name, data in rebuilt.items()} == {
        name: hashlib.sha256((DATA / name).read_bytes()).hexdigest() for name in rebuilt
    }


# the stack --------------------------------------------------------------------------------------------------
def test_env_overrides_every_endpoint_and_the_config_points_at_loopback(demo_env: DemoStack):
    config = load_config()

    assert set(_ENV_OVERRIDES) <= set(demo_env.env)
    assert config.path == str(demo_env.config_path)
    assert config.sources.github.api_url == demo_env.github.url
    assert config.sources.github.server_url == demo_env.github.server_url
    assert config.sources.arxiv.api_url.startswith("http://127.0.0.1:")
    assert config.state.url == demo_env.database_url and not (demo_env.workdir / "state.db").exists()
    assert config.list.repo == "demo/awesome-mllm" and config.sources.arxiv.delay_seconds == 0
    assert demo_env.github.read_file("main", "README.md") == demo_env.bundle.readme


def test_a_temporary_workdir_goes_away(bundle: Bundle):
    with DemoStack(bundle=bundle) as stack:
        workdir = stack.workdir
        assert stack.config_path.exists() and stack.readme_path.read_text(encoding="utf-8") == bundle.readme
    assert not workdir.exists()


def test_fetch_stores_the_window_list_papers_and_releases_then_classify_reads_the_store(
    demo_env: DemoStack, tracker_cli: Invoke, tmp_path: Path
):
    stack = demo_env
    code, out, err = tracker_cli(["fetch", "--json"])

    assert code == 0, err
    report = json.loads(out)
    assert (report["errors"], report["warnings"], report["releases_new"]) == ([], [], 5)
    assert report["papers_new"] >= len(stack.bundle.window_papers) + 30
    assert set(report["requests"]) == {stack.arxiv.host_port, stack.github.host_port}
    with open_store(stack.database_url) as store:
        cited = store.get_paper(S1_VL)
        list_ids = {paper.arxiv_id for paper in stack.bundle.list_papers}
        known = store.papers_by_ids(list_ids)
        releases = store.releases_since(datetime(2000, 1, 1, tzinfo=UTC))
    assert cited is not None and cited.abstract.startswith("We present S1-VL")
    assert len(known) >= 30 and all(paper.abstract for paper in known.values())
    assert {(r.repo.lower(), r.tag) for r in releases} >= {("yfzhang114/mme-realworld", "v2026.04.24")}

    quota = stack.github.rate.remaining
    code, out, err = tracker_cli(["fetch", "--json"])
    again = json.loads(out)
    assert code == 0 and (again["papers_new"], again["releases_new"]) == (0, 0)
    assert stack.github.rate.remaining == quota  # every GitHub answer was a 304

    papers = tmp_path / "papers.jsonl"
    chosen = [
        stack.bundle.window_papers[0],
        next(p for p in stack.bundle.window_papers if p.arxiv_id == S1_VL),
    ]
    papers.write_text(
        "".join(
            json.dumps({"arxiv_id": p.arxiv_id, "title": p.title, "abstract": p.abstract}) + "\n"
            for p in chosen
        ),
        encoding="utf-8",
    )
    code, out, err = tracker_cli(["classify", "--list", str(stack.readme_path), "--papers", str(papers)])

    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["arxiv_id"] for line in lines] == [p.arxiv_id for p in chosen]
    assert all({"relevance", "section", "confidence", "placed"} <= set(line) for line in lines)
