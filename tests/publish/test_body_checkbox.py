"""The "regenerate this PR" checkbox: ticked however GitHub or a person writes it, never by metadata."""

from __future__ import annotations

import pytest

from tests.publish.test_body_support import body_for, proposal
from tracker.publish.body import REGENERATE_TEXT, regenerate_requested


def _ticked(body: str, mark: str = "x") -> str:
    return body.replace(f"- [ ] {REGENERATE_TEXT}", f"- [{mark}] {REGENERATE_TEXT}")


def test_fresh_body_is_not_ticked_and_a_ticked_one_is() -> None:
    body = body_for([proposal(1)])
    assert regenerate_requested(body) is False
    assert regenerate_requested(_ticked(body)) is True
    assert regenerate_requested(_ticked(body, "X")) is True


@pytest.mark.parametrize(
    "line",
    [
        f"- [x] {REGENERATE_TEXT}",
        f"- [X] {REGENERATE_TEXT} — tick it and tracker rebuilds this branch",
        f"  -  [x]   {REGENERATE_TEXT}  ",
        f"\t* [x] {REGENERATE_TEXT}",
        f"+ [x] {REGENERATE_TEXT}",
    ],
)
def test_ticked_line_variants(line: str) -> None:
    assert regenerate_requested(f"summary\r\n\r\n{line}\r\n\r\n<!-- block -->\r\n") is True
    assert regenerate_requested(line) is True


@pytest.mark.parametrize(
    "body",
    [
        None,
        "",
        f"- [ ] {REGENERATE_TEXT}",
        "- [x] regenerate this pull request",
        f"- [x] {REGENERATE_TEXT}s",
        f"text - [x] {REGENERATE_TEXT}",
        f"\\- [x] {REGENERATE_TEXT}",
        f"- \\[x\\] {REGENERATE_TEXT}",
        f"| - [x] {REGENERATE_TEXT} |",
    ],
)
def test_unticked_or_not_a_checkbox(body: str | None) -> None:
    assert regenerate_requested(body) is False


def test_ticked_box_in_a_title_does_not_count() -> None:
    title = f"\n- [x] {REGENERATE_TEXT}\n"
    body = body_for([proposal(1, title=title), proposal(2, placed=False, title=title, url=None)])
    assert regenerate_requested(body) is False
    assert regenerate_requested(_ticked(body)) is True
