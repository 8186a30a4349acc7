"""Replay the maintainers' real additions: tracker's line has the same shape as theirs in >= 90% of cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.listdoc.replay import ReplayResult, replay_list
from tracker.listdoc.shape import normalised, shape


@pytest.fixture(scope="module")
def results(shared_data: Path) -> dict[str, ReplayResult]:
    return {name: replay_list(shared_data, name) for name in ("bradyfu", "yfzhang")}


@pytest.mark.parametrize("name", ["bradyfu", "yfzhang"])
def test_replayed_additions_match_the_maintainers_shape(results, name: str) -> None:
    result = results[name]
    print(result.summary())
    assert result.compared >= (450 if name == "bradyfu" else 150), result.summary()
    assert result.shape_share >= 0.9, result.summary()


def test_every_replayed_addition_produced_a_line(results) -> None:
    for result in results.values():
        assert all(case.generated for case in result.cases), result.name


def test_shape_abstracts_content_but_not_structure() -> None:
    badge = "| ![Star](https://img.shields.io/x.svg) <br> [**T**](https://x.org) <br> | arXiv | 2024-01 |"
    assert shape(badge) == "| IMG BR LINK* BR | TEXT | DATE |"
    assert shape("| [**T**](https://x.org) | arXiv | 2024-01-02 |") != shape(badge)
    assert shape("| [Coming soon]() |") == shape("| - |") != shape("| [Coming soon]() |", strict=True)
    assert (
        shape("12. (LLM) [T](https://x.org)(note)")
        == shape("3. (X)[Other](https://y.org) (n)")
        == "N. (TEXT) LINK (TEXT)"
    )
    assert (
        normalised("3. [A](https://a.org)(n)")
        == normalised("17. [B](https://b.org)(n)")
        != normalised("3. [A](u)(m)")
    )
