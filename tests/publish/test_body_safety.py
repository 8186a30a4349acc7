"""Hostile metadata in the PR body renders with no live HTML, bad link, ping, issue reference or autolink."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.publish.test_body_support import (
    body_for,
    foreign_tags,
    hrefs,
    proposal,
    release,
    rendered,
    visible_text,
)
from tracker.publish.body import read_hidden_block, regenerate_requested
from tracker.publish.neutralize import body_text, body_url
from tracker.publish.section_choice import choice_lines, ticked_choices

HOSTILE = [
    "](javascript:alert(1))",
    "[click](javascript:alert(1)) [x](data:text/html,<script>)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">a</a>',
    "<details open><summary>hi</summary>",
    "a | b | c",
    "back`tick` ``double`` *em* _em_ **strong** ~~del~~",
    "@octocat, .@team, -@org/team and (@user)",
    "#123, owner/repo#45, GH-67, gh-8 and C#",
    "see https://github.com/owner/repo/issues/1 and www.github.com/owner/repo/pull/2",
    "RTL \u202eevil\u202c zero\u200bwidth\u2066iso\u2069 \ufeffbom",
    "control\x00\x07\x1b[31m chars\r\nnew line\n\n# heading\n- bullet\n| a | b |\n|---|---|",
    "- [x] regenerate this PR",
    "$\\huge{math}$ and $$x$$",
    "&lt;script&gt; &#60;img&#62; &amp;",
    "-->\n<!-- tracker:hidden-block json\n{}\n-->",
    "x" * 10_000,
]
_LEAKS = {
    "mention": re.compile(r"@[A-Za-z0-9]"),
    "issue reference": re.compile(r"#\d|\bGH-\d", re.IGNORECASE),
    "autolink": re.compile(r"://|\bwww\.", re.IGNORECASE),
}


def _hostile_body(text: str, url: str = "https://arxiv.org/abs/2601.00001") -> tuple[str, int]:
    """A body with `text` in every field, and how many "place in" boxes it offers."""
    alternatives = [{"section": text, "confidence": 0.1}]
    fields = {"title": text, "why": text, "section": text, "alternatives": alternatives, "url": url}
    proposals = [proposal(1, **fields), proposal(2, placed=False, **fields)]
    releases = [release(1, repo=text, tag=text, name=text)]
    return body_for(proposals, releases, stats={text: text}), _choices(proposals)


def _choices(proposals: list) -> int:
    """How many "place in" boxes (each with its marker comment) the unplaced proposals offer."""
    return sum(len(choice_lines(p)) for p in proposals if not p.placed)


def _assert_inert(body: str, proposals: int = 1, links: int | None = None, choices: int = 0) -> None:
    page = rendered(body)
    assert foreign_tags(page) == []
    markers = page.count("<!-- tracker:place [")
    assert markers == choices and len(ticked_choices(body.replace("- [ ] place", "- [x] place"))[0]) == (
        1 if choices else 0
    )  # each box is tracker's own: ticking them all names the one unplaced candidate
    assert all(href.startswith(("https://", "http://")) for href in hrefs(page)), hrefs(page)
    if links is not None:
        assert len(hrefs(page)) == links
    text = visible_text(page)
    for name, pattern in _LEAKS.items():
        assert not pattern.search(text), (name, pattern.search(text))
    assert page.count("<!--") == 1 + markers and page.count("<tr>") == (1 + proposals) + (1 + 1) + (1 + 1)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_metadata_renders_inert(text: str) -> None:
    body, choices = _hostile_body(text)
    # per placed row: title, code; per needs item: title; the release tag
    _assert_inert(body, links=2 + 1 + 1, choices=choices)
    assert not regenerate_requested(body)
    assert [entry.title for entry in read_hidden_block(body).entries] == [text[:300]] * 2


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "/rel"]
)
def test_unsafe_urls_are_never_linked(url: str) -> None:
    odd = proposal(1, url=url, code_url=url, release_url=url)
    body = body_for([odd, proposal(2, placed=False, url=url)], [release(1, url=url)])
    page = rendered(body)
    assert hrefs(page) == [] and foreign_tags(page) == []


def test_github_links_go_through_the_redirector() -> None:
    assert body_url("https://github.com/o/r/issues/1") == "https://redirect.github.com/o/r/issues/1"
    assert body_url("https://WWW.GitHub.com./o/r/pull/2#x") == "https://redirect.github.com/o/r/pull/2#x"
    assert body_url("https://user:pw@github.com:443/o/r") == "https://redirect.github.com/o/r"
    assert body_url("https://gist.github.com/x") == "https://gist.github.com/x"
    assert body_url("https://arxiv.org/abs/2601.00001") == "https://arxiv.org/abs/2601.00001"
    body = body_for(
        [proposal(1, code_url="https://github.com/o/r/issues/9", release_url="https://github.com/o/r")]
    )
    assert "](https://github.com" not in body


def test_body_text_breaks_pings_references_and_autolinks_but_keeps_plain_words() -> None:
    assert body_text("LLaVA-1.5: Improved Baselines (v2), C# and snake_case") == (
        "LLaVA-1.5: Improved Baselines (v2), C# and snake_case"
    )
    assert body_text("-@bob owner/repo#1 GH-2") == "-@&#8203;bob owner/repo#&#8203;1 GH-&#8203;2"
    assert body_text("https://x.org www.x.org") == "https:&#8203;//x.org www&#8203;.x.org"
    assert body_text("$x$ &#60;") == "\\$x\\$ &amp;#&#8203;60;"  # shows `&#60;`; `#60` would link issue 60


def test_long_titles_are_cut_without_reading_all_of_them() -> None:
    assert body_text("word " * 5_000) == body_text("word " * 100)  # both cut to the same 300 characters
    blank_start = " " * 5_000 + "late title"
    assert body_text(blank_start) == "late title"


_FRAGMENTS = [*'<>[]()!|`*_~#@\\-:/ \n&;="$1a', "javascript:", "<img src=x onerror=alert(1)>", "<script>"]
_FRAGMENTS += [
    "-->",
    "GH-1",
    "www.",
    "https://github.com/o/r/issues/1",
    "\u202e",
    "\u200b",
    "&#60;",
    "- [x] ",
    "| --- |",
]
_HOSTILE_TEXT = st.one_of(
    st.text(max_size=200), st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join)
)


@settings(max_examples=150, deadline=None)
@given(_HOSTILE_TEXT)
def test_any_text_anywhere_renders_inert(text: str) -> None:
    body, choices = _hostile_body(text)
    _assert_inert(body, choices=choices)
    assert not regenerate_requested(body)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_HOSTILE_TEXT, _HOSTILE_TEXT, st.booleans()), min_size=1, max_size=6))
def test_many_hostile_proposals_keep_one_row_or_item_each(rows: list[tuple[str, str, bool]]) -> None:
    proposals = [
        proposal(i, title=title, why=why, section=why, placed=placed)
        for i, (title, why, placed) in enumerate(rows)
    ]
    placed = sum(placed for *_, placed in rows)
    page = rendered(body_for(proposals))
    assert foreign_tags(page) == []
    assert page.count("<tr>") == (1 + placed if placed else 0) + 3  # review table, statistics table
    # needs-a-section items with their "place in" boxes, the regenerate checkbox
    assert page.count("<li>") == len(rows) - placed + _choices(proposals) + 1
