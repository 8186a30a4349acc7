"""Paper and release upserts: idempotent, version-aware, never erased by missing values, batched."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from tracker.models import Paper, Release
from tracker.store import Store, UpsertCounts
from tracker.store.schema import PaperRow, ReleaseRow


def _paper(arxiv_id: str = "2504.16936", **fields) -> Paper:
    base = {
        "title": "Multifaceted Evaluation of Audio-Visual Capability for MLLMs",
        "abstract": "We evaluate MLLMs.",
        "authors": ["Yusheng Zhao", "Junyu Luo"],
        "categories": ["cs.MM", "cs.CV"],
        "primary_category": "cs.MM",
        "version": 1,
        "published": datetime(2025, 4, 23, 17, 0, tzinfo=UTC),
        "updated": datetime(2025, 4, 23, 17, 0, tzinfo=UTC),
        "source": "arxiv_api:mllm",
    }
    return Paper(arxiv_id=arxiv_id, **(base | fields))


def _rows(store: Store, model=PaperRow) -> list:
    with store.engine.connect() as connection:
        return list(connection.execute(select(model)).mappings())


def test_same_papers_twice_store_nothing_twice(store: Store) -> None:
    papers = [_paper("2504.00001"), _paper("2504.00002", title="Another")]
    assert store.upsert_papers(papers) == UpsertCounts(new=2, updated=0, unchanged=0)
    before = _rows(store)
    assert store.upsert_papers(papers) == UpsertCounts(new=0, updated=0, unchanged=2)
    after = _rows(store)
    assert len(after) == 2
    strip = [{k: v for k, v in row.items() if k != "last_seen"} for row in after]
    assert strip == [{k: v for k, v in row.items() if k != "last_seen"} for row in before]


def test_newer_version_updates_the_same_row(store: Store, clock_at) -> None:
    store.upsert_papers([_paper()])
    (first,) = _rows(store)
    clock_at("2026-06-02T08:00:00Z")
    v2 = _paper(
        title="MLLMs, revisited",
        abstract="Now with audio.",
        version=2,
        updated=datetime(2025, 5, 1, tzinfo=UTC),
    )
    assert store.upsert_papers([v2]) == UpsertCounts(updated=1)
    (row,) = _rows(store)
    assert row["id"] == first["id"]
    assert row["first_seen"] == first["first_seen"] == datetime(2026, 6, 1, 12, tzinfo=UTC)
    assert row["last_seen"] == datetime(2026, 6, 2, 8, tzinfo=UTC)
    paper = store.get_paper("2504.16936")
    assert paper is not None
    assert (paper.title, paper.abstract, paper.version) == ("MLLMs, revisited", "Now with audio.", 2)
    assert paper.updated == datetime(2025, 5, 1, tzinfo=UTC)
    assert paper.published == datetime(2025, 4, 23, 17, 0, tzinfo=UTC)


def test_older_version_never_overwrites_but_fills_gaps(store: Store) -> None:
    store.upsert_papers([_paper(version=3, title="v3 title", comment=None)])
    counts = store.upsert_papers([_paper(version=1, title="v1 title", comment="12 pages")])
    assert counts == UpsertCounts(updated=1)
    paper = store.get_paper("2504.16936")
    assert paper is not None
    assert (paper.title, paper.version, paper.comment) == ("v3 title", 3, "12 pages")
    assert store.upsert_papers([_paper(version=1, title="v1 title")]) == UpsertCounts(unchanged=1)


def test_missing_values_never_erase_known_ones(store: Store) -> None:
    store.upsert_papers([_paper(comment="CVPR 2026", doi="10.1/x", links=["https://github.com/a/b"])])
    sparse = Paper(arxiv_id="2504.16936", title="", version=None)
    assert store.upsert_papers([sparse]) == UpsertCounts(unchanged=1)
    same_version_sparse = _paper(abstract="", authors=[], categories=[], comment=None, doi=None, links=[])
    assert store.upsert_papers([same_version_sparse]) == UpsertCounts(unchanged=1)
    paper = store.get_paper("2504.16936")
    assert paper is not None
    assert paper.abstract == "We evaluate MLLMs."
    assert paper.authors == ["Yusheng Zhao", "Junyu Luo"]
    assert (paper.comment, paper.doi, paper.links) == ("CVPR 2026", "10.1/x", ["https://github.com/a/b"])


def test_unversioned_dump_does_not_override_a_versioned_paper(store: Store) -> None:
    store.upsert_papers([_paper(version=2, title="API title")])
    dump = Paper(arxiv_id="2504.16936", title="Old dump title", announced=datetime(2025, 4, 25, tzinfo=UTC))
    assert store.upsert_papers([dump]) == UpsertCounts(updated=1)
    paper = store.get_paper("2504.16936")
    assert paper is not None
    assert (paper.title, paper.version) == ("API title", 2)
    assert paper.announced == datetime(2025, 4, 25, tzinfo=UTC)


def test_links_accumulate_and_times_keep_the_earliest(store: Store) -> None:
    day = datetime(2025, 4, 25, tzinfo=UTC)
    store.upsert_papers([_paper(links=["https://a"], announced=day)])
    store.upsert_papers([_paper(links=["https://b", "https://a"], announced=day.replace(day=28))])
    paper = store.get_paper("2504.16936")
    assert paper is not None
    assert paper.links == ["https://a", "https://b"]
    assert paper.announced == datetime(2025, 4, 25, tzinfo=UTC)


def test_duplicates_in_one_call_make_one_row(store: Store) -> None:
    twice = [_paper(version=2, title="v2"), _paper(version=2, title="v2")]
    counts = store.upsert_papers([_paper(version=1), *twice])
    assert counts == UpsertCounts(new=1, updated=1, unchanged=1)
    assert len(_rows(store)) == 1
    assert store.get_paper("2504.16936").title == "v2"


def test_naive_datetimes_are_taken_as_utc(store: Store) -> None:
    store.upsert_papers([_paper(published=datetime(2025, 4, 23, 17, 0))])
    assert store.get_paper("2504.16936").published == datetime(2025, 4, 23, 17, 0, tzinfo=UTC)


def test_many_papers_across_chunks(store: Store) -> None:
    first = [_paper(f"2505.{n:05d}", title=f"Paper {n}") for n in range(1500)]
    assert store.upsert_papers(iter(first)) == UpsertCounts(new=1500)
    mixed = [_paper(f"2505.{n:05d}", title=f"Paper {n}", version=1 + (n % 2)) for n in range(1000, 2500)]
    assert store.upsert_papers(mixed) == UpsertCounts(new=1000, updated=250, unchanged=250)
    assert len(store.known_paper_ids()) == 2500


def test_known_ids_and_papers_without_abstract(store: Store) -> None:
    store.upsert_papers([_paper("2504.00001"), _paper("2504.00002", abstract=""), _paper("cs/0101001")])
    assert store.known_paper_ids() == {"2504.00001", "2504.00002", "cs/0101001"}
    wanted = ["2504.00001", "2504.00002", "2504.99999"]
    assert store.papers_without_abstract(wanted) == {"2504.00002", "2504.99999"}
    assert store.get_paper("2504.99999") is None


def test_releases_are_idempotent_and_matched_case_insensitively(store: Store) -> None:
    published = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    release = Release(repo="OpenGVLab/InternVL", tag="v2.5", published=published, url="https://x/v2.5")
    assert store.upsert_releases([release]) == UpsertCounts(new=1)
    assert store.upsert_releases([release]) == UpsertCounts(unchanged=1)
    lower = Release(repo="opengvlab/internvl", tag="v2.5", name="InternVL 2.5")
    assert store.upsert_releases([lower]) == UpsertCounts(updated=1)
    (row,) = _rows(store, ReleaseRow)
    assert (row["repo_key"], row["repo"], row["name"], row["url"]) == (
        "opengvlab/internvl",
        "opengvlab/internvl",
        "InternVL 2.5",
        "https://x/v2.5",
    )
    assert row["published"] == published
    assert store.upsert_releases([Release(repo="OpenGVLab/InternVL", tag="V2.5")]) == UpsertCounts(new=1)


def test_prerelease_flag_is_not_undone_by_a_feed_entry(store: Store) -> None:
    store.upsert_releases([Release(repo="a/b", tag="v1-rc1", prerelease=True)])
    assert store.upsert_releases([Release(repo="a/b", tag="v1-rc1")]) == UpsertCounts(unchanged=1)
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).where(ReleaseRow.prerelease.is_(True))) == 1
