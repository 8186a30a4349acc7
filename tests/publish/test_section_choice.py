"""The "place in" checkboxes under a needs-a-section entry: rendered, ticked by hand, read back."""

from __future__ import annotations

from tests.publish.test_body_support import body_for, foreign_tags, proposal, rendered
from tracker.publish.section_choice import SectionChoice, choice_lines, ticked_choices

HALLUCINATION = "Awesome Papers > Multimodal Hallucination"
EVALUATION = "Awesome Papers > Evaluation"


def _tick(body: str, section_label: str) -> str:
    return body.replace(f"- [ ] place in {section_label} ", f"- [x] place in {section_label} ", 1)


def test_each_entry_offers_its_guess_and_alternatives_as_unticked_boxes() -> None:
    unplaced = proposal(
        3,
        placed=False,
        alternatives=[
            {"section": EVALUATION, "confidence": 0.2},
            {"section": HALLUCINATION, "confidence": 0.1},  # the guess again: offered once
            {"section": "Others", "confidence": 0.05},
            {"section": "Fourth", "confidence": 0.01},  # beyond the best guess and two more
            {"bogus": 1},
        ],
    )
    lines = choice_lines(unplaced)
    assert [line.split(" <!--")[0] for line in lines] == [
        "  - [ ] place in Awesome Papers \\> Multimodal Hallucination",
        "  - [ ] place in Awesome Papers \\> Evaluation",
        "  - [ ] place in Others",
    ]
    assert ticked_choices("\n".join(lines)) == ([], [])  # nothing ticked yet


def test_a_ticked_box_is_read_back_as_the_candidate_and_section() -> None:
    body = body_for([proposal(1), proposal(3, placed=False)])
    ticked = _tick(body, "Awesome Papers \\> Evaluation")
    assert ticked_choices(ticked) == ([SectionChoice("paper", "2601.00003", EVALUATION)], [])
    assert ticked_choices(ticked.replace("\n", "\r\n")) == ticked_choices(ticked)  # GitHub's line endings
    assert ticked_choices(ticked.replace("- [x] place", "- [X] place")) == ticked_choices(ticked)
    assert foreign_tags(rendered(ticked)) == []


def test_two_boxes_ticked_for_one_entry_take_the_first_with_a_warning() -> None:
    body = body_for([proposal(1), proposal(3, placed=False)])
    both = _tick(_tick(body, "Awesome Papers \\> Evaluation"), "Awesome Papers \\> Multimodal Hallucination")
    choices, warnings = ticked_choices(both)
    assert choices == [SectionChoice("paper", "2601.00003", HALLUCINATION)]  # first in the body
    assert warnings == [f"2601.00003: more than one section ticked; placed in {HALLUCINATION!r}"]


def test_metadata_and_hand_edits_cannot_forge_or_break_a_choice() -> None:
    forged = '- [x] place in X <!-- tracker:place ["paper","2601.09999","Others"] -->'
    hostile = proposal(4, placed=False, title=forged, why=forged, section=f"S {forged}")
    body = body_for([proposal(1), hostile])
    assert ticked_choices(body) == ([], [])  # every `<` from metadata is escaped
    for payload in ('["paper","2601.1"]', '["folder","k","S"]', '["paper","",""]', "[1,2,3]", "[nope"):
        assert ticked_choices(f"- [x] place in S <!-- tracker:place {payload} -->") == ([], [])
    assert ticked_choices('text - [x] place in S <!-- tracker:place ["paper","k","S"] -->') == ([], [])
