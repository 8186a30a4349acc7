"""The PR body's layout: summary, review table, needs-a-section list, releases, statistics, checkbox."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from tests.publish.test_body_support import body_for, hidden_for, proposal, release, rendered
from tracker.publish.body import REGENERATE_TEXT, read_hidden_block, regenerate_requested, render_body
from tracker.publish.hidden_block import MARKER
from tracker.publish.model import HiddenBlock


def _table_rows(body: str, heading: str) -> list[list[str]]:
    """The body rows of the table under `heading`, as cell lists."""
    section = body.split(heading, 1)[1].split("\n\n###", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| ")][1:]  # drop the header row
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]


def test_full_body_has_every_part_in_order() -> None:
    proposals = [proposal(1), proposal(2), proposal(3, placed=False)]
    body = body_for(proposals, [release(1)], left_out=4)
    summary = body.splitlines()[0]
    assert summary.startswith(
        "tracker proposes 3 papers for the list: 2 placed in sections, 1 needs a section."
    )
    assert "1 new release of repos the list already links." in summary
    assert "4 more candidates wait for the next PR" in summary
    headings = re.findall(r"^### (.+)$", body, re.MULTILINE)
    assert headings == [
        "Placed in the README edit",
        "Needs a section",
        "New releases of linked repos",
        "Run statistics",
    ]
    assert body.index(f"- [ ] {REGENERATE_TEXT} — ") > body.index("### Run statistics")
    assert body.rstrip().endswith("-->") and body.rstrip().splitlines()[-3].startswith(f"<!-- {MARKER} ")
    assert body.endswith("\n") and "\n\n\n" not in body


def test_review_row_has_link_section_confidence_alternatives_why_code_and_release() -> None:
    placed = proposal(
        7,
        confidence=0.873,
        alternatives=[
            {"section": "A > B", "confidence": 0.2},
            {"section": "Awesome Papers > Multimodal Hallucination", "confidence": 0.9},  # the section itself
            {"section": "C", "confidence": 0.05},
            {"section": "D", "confidence": 0.04},
            {"section": "E", "confidence": 0.01},
            {"bogus": 1},
        ],
        release_url="https://github.com/o/r/releases/tag/v2",
    )
    [row] = _table_rows(body_for([placed]), "### Placed in the README edit")
    assert row == [
        "[Paper number 7](https://arxiv.org/abs/2601.00007)",
        "Awesome Papers \\> Multimodal Hallucination",
        "87%",
        "A \\> B (20%); C (5%); D (4%)",
        "terms: hallucination, grounding; near: LLaVA",
        "[code](https://redirect.github.com/owner7/repo)",
        "[release](https://redirect.github.com/o/r/releases/tag/v2)",
    ]


def test_missing_or_unsafe_links_and_odd_confidences_show_a_dash_or_question_mark() -> None:
    odd = proposal(
        1, url="javascript:alert(1)", code_url=None, alternatives=[], why="", confidence=float("nan")
    )
    [row] = _table_rows(body_for([odd, proposal(2, confidence=1.7)]), "### Placed in the README edit")[:1]
    assert row == ["Paper number 1", "Awesome Papers \\> Multimodal Hallucination", "?", "—", "—", "—", "—"]
    assert "| 100% |" in body_for([proposal(2, confidence=1.7)])


def test_needs_section_items_give_best_guess_and_alternatives() -> None:
    body = body_for([proposal(5, placed=False, confidence=0.42), proposal(6, placed=False, alternatives=[])])
    items = [line for line in body.splitlines() if line.startswith("- [Paper")]
    assert items == [
        "- [Paper number 5](https://arxiv.org/abs/2601.00005) — best guess: Awesome Papers \\> Multimodal"
        " Hallucination (42%); alternatives: Awesome Papers \\> Evaluation (7%)",
        "- [Paper number 6](https://arxiv.org/abs/2601.00006) — best guess: Awesome Papers \\> Multimodal"
        " Hallucination (40%)",
    ]
    assert "### Placed in the README edit" not in body
    assert body.splitlines()[0].startswith(
        "tracker proposes 2 papers for the list: 0 placed in sections, 2 need"
    )


def test_release_only_body_has_no_proposal_headings() -> None:
    body = render_body([], [release(1), release(2, name="v2.0")], {}, HiddenBlock(entries=[]))
    assert (
        body.splitlines()[0]
        == "tracker proposes no new entries. 2 new releases of repos the list already links."
    )
    assert re.findall(r"^### (.+)$", body, re.MULTILINE) == ["New releases of linked repos"]
    assert _table_rows(body, "### New releases of linked repos") == [
        [
            "owner1/repo",
            "[v1.0 (Version 1)](https://redirect.github.com/owner1/repo/releases/tag/v1.0)",
            "2026-03-02",
        ],
        ["owner2/repo", "[v2.0](https://redirect.github.com/owner2/repo/releases/tag/v2.0)", "2026-03-03"],
    ]
    assert read_hidden_block(body) == HiddenBlock(entries=[])


def test_release_date_is_the_utc_day() -> None:
    late = datetime(2026, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    body = render_body([], [release(1, published=late)], {}, HiddenBlock([]))
    assert _table_rows(body, "### New releases of linked repos")[0][2] == "2026-03-02"


def test_release_without_date_or_safe_url() -> None:
    body = render_body([], [release(1, published=None, url="data:text/html,x", name="")], {}, HiddenBlock([]))
    assert _table_rows(body, "### New releases of linked repos") == [["owner1/repo", "v1.0", "—"]]


def test_empty_run_has_summary_checkbox_and_block_only() -> None:
    body = render_body([], [], {}, HiddenBlock(entries=[]))
    assert "###" not in body
    assert body.splitlines()[0] == "tracker proposes no new entries."
    assert regenerate_requested(body) is False and f"- [ ] {REGENERATE_TEXT}" in body


def test_mixed_kinds_are_called_entries_and_release_proposals_link_their_page() -> None:
    repo_release = proposal(
        9,
        kind="release",
        key="newowner/tool@v1",
        title="tool v1",
        url="https://github.com/newowner/tool/releases/v1",
    )
    body = body_for([proposal(1), repo_release])
    assert body.startswith("tracker proposes 2 entries for the list: 2 placed in sections, 0 need a section.")
    assert "[tool v1](https://redirect.github.com/newowner/tool/releases/v1)" in body


def test_statistics_table_keeps_the_callers_order() -> None:
    body = body_for([proposal(1)], stats={"fetched": 10, "deduplicated": 7, "mode": "branch"})
    assert _table_rows(body, "### Run statistics") == [
        ["fetched", "10"],
        ["deduplicated", "7"],
        ["mode", "branch"],
    ]
    assert "### Run statistics" not in body_for([proposal(1)], stats={})


def test_checkbox_can_be_left_out() -> None:
    body = body_for([proposal(1)], hands_off_checkbox=False)
    assert REGENERATE_TEXT not in body and read_hidden_block(body) == hidden_for([proposal(1)])


def test_same_inputs_give_the_same_text() -> None:
    def build() -> str:
        return body_for([proposal(i, placed=i % 3 > 0) for i in range(40)], [release(i) for i in range(5)])

    assert build() == build()


def test_body_renders_as_the_tables_and_list_it_claims() -> None:
    page = rendered(body_for([proposal(1), proposal(2), proposal(3, placed=False)], [release(1)]))
    assert page.count("<table>") == 3  # review, releases, statistics
    assert page.count("<tr>") == (1 + 2) + (1 + 1) + (1 + 2)
    assert page.count("<li>") == 4  # one needs-a-section item with its 2 section boxes, the regenerate box
    assert page.count("<!-- tracker:place ") == 2  # the markers stay comments: invisible on GitHub
    assert page.count("<h3>") == 4
