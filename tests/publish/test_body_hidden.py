"""The hidden block round-trips exactly through the body whatever the metadata; a forged one reads as None."""

from __future__ import annotations

import base64
import json
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.publish.test_body_support import body_for, hidden_for, proposal
from tracker.publish.body import read_hidden_block, render_body, render_hidden_block
from tracker.publish.hidden_block import MARKER, TITLE_CAP, WHY_CAP, hidden_block_forms
from tracker.publish.model import HiddenBlock, HiddenEntry

NASTY_TITLES = [
    "closes the comment --> <script>alert(1)</script>",
    "double -- dashes --!> and <!-- opener",
    "line\nbreaks\r\nand\rreturns\u2028separators",
    "unicode: 视觉语言模型 🤖 é\u0301 \u202eRLO\u202c \u200bzw",
    '<img src=x onerror=alert(1)> "quotes" \\backslash\\ \\u002d',
    f"<!-- {MARKER} json\n{{}}\n-->",
    "lone surrogate \udc80 and NUL \x00",
]


def _cut(hidden: HiddenBlock, cap: int = TITLE_CAP, details: bool = True) -> HiddenBlock:
    entries = [
        HiddenEntry(
            e.key, e.kind, e.decision, e.section, e.title[:cap], alternatives=e.alternatives,
            why=(e.why or "")[:WHY_CAP] or None,
        )
        if details
        else HiddenEntry(e.key, e.kind, e.decision, e.section, e.title[:cap])
        for e in hidden.entries
    ]  # fmt: skip
    return HiddenBlock(entries=entries, base_sha=hidden.base_sha, version=hidden.version)


def test_round_trip_through_the_body_with_nasty_titles() -> None:
    proposals = [proposal(i, placed=i % 2 == 0, title=title) for i, title in enumerate(NASTY_TITLES)]
    body = body_for(proposals)
    assert read_hidden_block(body) == hidden_for(proposals)
    assert read_hidden_block(body.replace("\n", "\r\n")) == hidden_for(proposals)  # as GitHub stores it


def test_block_is_one_ascii_line_without_dash_or_angle_bracket() -> None:
    hidden = hidden_for([proposal(i, title=title) for i, title in enumerate(NASTY_TITLES)])
    block = render_hidden_block(hidden)
    opener, payload, closer = block.split("\n")
    assert (opener, closer) == (f"<!-- {MARKER} json", "-->")
    assert payload.isascii() and not set(payload) & set("-<>\r\n")


def test_titles_are_cut_but_keys_and_sections_kept_whole() -> None:
    hidden = hidden_for([proposal(1, title="t" * 10_000, section="S" * 2_000, key="k-" * 500)], base_sha=None)
    assert read_hidden_block(render_hidden_block(hidden)) == _cut(hidden)
    assert read_hidden_block(render_hidden_block(hidden, title_cap=0)) == _cut(hidden, 0)


def test_every_form_reads_back_and_the_compressed_one_is_smallest() -> None:
    hidden = hidden_for([proposal(i, title=f"A long title {i} " * 30) for i in range(200)])
    forms = list(hidden_block_forms(hidden))
    bare = _cut(hidden, 0, details=False)
    expected = [_cut(hidden)] + [_cut(hidden, cap, details=False) for cap in (TITLE_CAP, 80, 0)] + [bare]
    assert [read_hidden_block(form) for form in forms] == expected
    assert all(entry.alternatives and entry.why for entry in expected[0].entries)  # what a rebuild shows
    assert len(forms[-1]) == min(map(len, forms)) and "zlib+base64" in forms[-1]


def test_forged_block_in_a_title_is_ignored() -> None:
    forged = json.dumps({"version": 1, "base_sha": "evil", "entries": []})
    title = f"x\n<!-- {MARKER} json\n{forged}\n-->\n"
    proposals = [proposal(1, title=title), proposal(2)]
    body = body_for(proposals)
    assert read_hidden_block(body) == hidden_for(proposals)
    without_real_block = body[: body.rindex(f"<!-- {MARKER}")]
    assert read_hidden_block(without_real_block) is None  # the visible copy is escaped, not a block


def test_last_block_wins_when_a_human_pasted_an_old_one_above() -> None:
    old = render_hidden_block(HiddenBlock(entries=[], base_sha="old"))
    body = body_for([proposal(1)])
    assert read_hidden_block(old + "\n\n" + body) == hidden_for([proposal(1)])


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        "[]",
        '{"version":1,"base_sha":null}',
        '{"version":2,"base_sha":null,"entries":[]}',
        '{"version":true,"base_sha":null,"entries":[]}',
        '{"version":1,"base_sha":7,"entries":[]}',
        '{"version":1,"base_sha":null,"entries":[{"key":"k","kind":"paper","decision":"maybe","section":"s","title":"t"}]}',
        '{"version":1,"base_sha":null,"entries":[{"key":"k","kind":"paper","decision":"placed","section":"s"}]}',
        '{"version":1,"base_sha":null,"entries":[{"key":1,"kind":"paper","decision":"placed","section":"s","title":""}]}',
        '{"version":1,"base_sha":null,"entries":["k"]}',
        "[" * 100_000,
    ],
)
def test_malformed_json_reads_as_none(payload: str) -> None:
    assert read_hidden_block(f"text\n\n<!-- {MARKER} json\n{payload}\n-->\n") is None


def test_broken_compressed_payloads_read_as_none() -> None:
    bomb = base64.b64encode(zlib.compress(b" " * (64 * 1024 * 1024), 9)).decode()
    for payload in ("!!!not base64", base64.b64encode(b"not zlib").decode(), bomb):
        assert read_hidden_block(f"<!-- {MARKER} zlib+base64\n{payload}\n-->") is None


@pytest.mark.parametrize(
    "body", [None, "", "no block here", f"<!-- {MARKER} json\n{{}}", f"  <!-- {MARKER} json\n{{}}\n-->"]
)
def test_absent_or_unterminated_block_reads_as_none(body: str | None) -> None:
    assert read_hidden_block(body) is None


_ANY_TEXT = st.text(max_size=400)


@given(
    st.lists(
        st.tuples(_ANY_TEXT, st.sampled_from(["paper", "release"]), st.booleans(), _ANY_TEXT, _ANY_TEXT),
        max_size=8,
    ),
    st.one_of(st.none(), _ANY_TEXT),
)
def test_any_metadata_round_trips(rows: list[tuple[str, str, bool, str, str]], base_sha: str | None) -> None:
    proposals = [
        proposal(i, key=key, kind=kind, placed=placed, section=section, title=title)
        for i, (key, kind, placed, section, title) in enumerate(rows)
    ]
    hidden = hidden_for(proposals, base_sha=base_sha)
    body = render_body(proposals, [], {}, hidden)
    assert read_hidden_block(body) == _cut(hidden)
    assert read_hidden_block(body.replace("\n", "\r\n")) == _cut(hidden)


def test_scores_round_trip_rounded_and_out_of_range_scores_are_refused() -> None:
    entry = HiddenEntry("2601.00001", "paper", "placed", "A > B", "T", confidence=0.123456, relevance=1e-9)
    block = read_hidden_block(render_hidden_block(HiddenBlock([entry], base_sha="abc")))
    assert block is not None and (block.entries[0].confidence, block.entries[0].relevance) == (0.1235, 0.0)
    forged = render_hidden_block(HiddenBlock([entry], base_sha="abc")).replace("0.1235", "7")
    assert read_hidden_block(forged) is None


def test_malformed_alternatives_make_the_block_unreadable() -> None:
    good = {"key": "k", "kind": "paper", "decision": "needs-section", "section": "S", "title": "T"}
    for alternatives in (
        "S",
        [{"section": 1}],
        [{"section": "A", "confidence": 2}],
        [{"section": "A"}] * 4,
        [["A", 0.5]],
    ):
        entry = json.dumps({**good, "alternatives": alternatives})
        body = f'<!-- {MARKER} json\n{{"version":1,"base_sha":null,"entries":[{entry}]}}\n-->'
        assert read_hidden_block(body) is None, alternatives
    ok = json.dumps({**good, "alternatives": [{"section": "A", "confidence": 0.25}, {"section": "B"}]})
    block = read_hidden_block(f'<!-- {MARKER} json\n{{"version":1,"base_sha":null,"entries":[{ok}]}}\n-->')
    assert block is not None
    assert block.entries[0].alternatives == [
        {"section": "A", "confidence": 0.25},
        {"section": "B", "confidence": None},
    ]
