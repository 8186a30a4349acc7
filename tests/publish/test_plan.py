"""plan_readme on real READMEs: entries land in their sections and nothing else changes; the cap, the
skip reasons, determinism and line-ending fidelity."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.listdoc.splice_checks import assert_splice_only
from tracker.classify.classifier import Classification
from tracker.listdoc.edit import find_section
from tracker.listdoc.parse import parse_document
from tracker.models import Paper, Release
from tracker.publish.model import Proposal
from tracker.publish.plan import ALREADY_LISTED, DUPLICATE, EMPTY_TITLE, UNWRITABLE, plan_readme
from tracker.publish.proposals import paper_proposal, release_proposal

BRADYFU_HEAD = "2026-07-02_2d26f04c67.md"
YFZHANG_HEAD = "2026-03-15_8c27720671.md"
HALLUCINATION = "Awesome Papers > Multimodal Hallucination"
EVALUATION = "Awesome Papers > Evaluation"
INSTRUCTION = "Awesome Papers > Multimodal Instruction Tuning (& Latest Works)"


def proposal(
    n: int, section: str, placed: bool = True, title: str | None = None, **paper: object
) -> Proposal:
    arxiv_id = f"2607.{n:05d}"
    fields = {"published": datetime(2026, 7, 1 + n % 20, 12, tzinfo=UTC), **paper}
    found = Paper(arxiv_id, title or f"Probe {n}: Testing Multimodal Models", **fields)  # type: ignore[arg-type]
    return paper_proposal(found, Classification(arxiv_id, 0.9, True, section, 0.8 if placed else 0.3, placed))


@pytest.fixture(scope="module")
def bradyfu(shared_data: Path) -> str:
    return (shared_data / "lists" / "bradyfu" / BRADYFU_HEAD).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def yfzhang(shared_data: Path) -> str:
    return (shared_data / "lists" / "yfzhang" / YFZHANG_HEAD).read_text(encoding="utf-8")


def counts(text: str) -> dict[str, int]:
    return {section.path_text: len(section.entries) for section in parse_document(text).sections}


def test_placed_entries_land_in_their_sections_and_nothing_else_changes(bradyfu: str) -> None:
    proposals = [
        proposal(1, HALLUCINATION),
        proposal(2, EVALUATION, abstract="Code: https://github.com/Foo/Bench"),
        proposal(3, HALLUCINATION),
        proposal(4, "Awesome Datasets > Benchmarks for Evaluation"),
        proposal(5, INSTRUCTION, placed=False),
    ]
    plan = plan_readme(bradyfu, proposals, max_entries=10)
    assert [p.key for p in plan.inserted] == ["2607.00001", "2607.00002", "2607.00003", "2607.00004"]
    assert [p.key for p in plan.needs_section] == ["2607.00005"] and not plan.left_out and not plan.skipped
    assert_splice_only(bradyfu, plan.text, inserted=4)
    before, after = counts(bradyfu), counts(plan.text)
    assert after == before | {
        HALLUCINATION: before[HALLUCINATION] + 2,
        EVALUATION: before[EVALUATION] + 1,
        "Awesome Datasets > Benchmarks for Evaluation": before["Awesome Datasets > Benchmarks for Evaluation"]
        + 1,
    }
    doc = parse_document(plan.text)
    for placed in plan.inserted:
        section = find_section(doc, placed.section)
        assert any(entry.arxiv_id == placed.key for entry in section.entries), placed.key
    assert "2607.00005" not in plan.text  # needs a section: the PR body lists it, the README does not
    assert plan.diff.startswith("--- a/README.md\n+++ b/README.md\n")
    assert sum(line.startswith("+|") for line in plan.diff.splitlines()) == 4


def test_numbered_lists_are_renumbered_and_each_entry_found(yfzhang: str) -> None:
    sections = ["Unify Multimodal Understanding and Generation", "Survey and Outlook"]
    plan = plan_readme(
        yfzhang, [proposal(1, sections[0]), proposal(2, sections[1]), proposal(3, sections[0])], 5
    )
    assert len(plan.inserted) == 3
    doc, old = parse_document(plan.text), parse_document(yfzhang)
    spans = [find_section(old, name) for name in sections]
    renumbered = range(min(s.start for s in spans), max(s.end for s in spans))
    assert_splice_only(yfzhang, plan.text, inserted=3, renumber_span=renumbered)
    for name, added in zip(sections, (2, 1), strict=True):
        entries = find_section(doc, name).entries
        assert len(entries) == len(find_section(old, name).entries) + added
        assert [entry.number for entry in entries] == list(range(1, len(entries) + 1))
    grown = counts(yfzhang)
    grown[sections[0]] += 2
    grown[sections[1]] += 1
    assert counts(plan.text) == grown


def test_same_input_same_bytes(bradyfu: str, yfzhang: str) -> None:
    for text, section in ((bradyfu, HALLUCINATION), (yfzhang, "Survey and Outlook")):
        proposals = [proposal(n, section, placed=n % 3 != 0) for n in range(8)]
        first, second = plan_readme(text, proposals, 5), plan_readme(text, list(proposals), 5)
        assert first.text == second.text and first.diff == second.diff
        assert [p.key for p in first.inserted] == [p.key for p in second.inserted]


def test_the_cap_counts_placed_and_needs_section_in_priority_order(bradyfu: str) -> None:
    proposals = [
        proposal(1, HALLUCINATION),
        proposal(2, INSTRUCTION, placed=False),
        proposal(3, EVALUATION),
        proposal(4, HALLUCINATION, placed=False),
    ]
    plan = plan_readme(bradyfu, proposals, max_entries=2)
    assert [p.key for p in plan.inserted] == ["2607.00001"]
    assert [p.key for p in plan.needs_section] == ["2607.00002"]
    assert [p.key for p in plan.left_out] == ["2607.00003", "2607.00004"]
    assert_splice_only(bradyfu, plan.text, inserted=1)
    nothing = plan_readme(bradyfu, proposals, max_entries=0)
    assert nothing.text == bradyfu and nothing.diff == "" and len(nothing.left_out) == 4


def test_already_listed_under_any_identity_key_is_skipped(bradyfu: str) -> None:
    doc = parse_document(bradyfu)
    listed = find_section(doc, HALLUCINATION).entries[0]  # linked as https://arxiv.org/pdf/2410.03577
    same_id = paper_proposal(
        Paper(listed.arxiv_id or "", "A retitled version"),
        Classification("x", 0.9, True, EVALUATION, 0.9, True),
    )
    same_title = proposal(7, INSTRUCTION, title=listed.title.upper())
    unplaced = paper_proposal(
        Paper(listed.arxiv_id or "", "T"), Classification("x", 0.9, True, "S", 0.1, False)
    )
    plan = plan_readme(bradyfu, [same_id, same_title, unplaced, proposal(8, HALLUCINATION)], 10)
    reasons = {p.key: reason for p, reason in plan.skipped}
    assert set(reasons) == {listed.arxiv_id, "2607.00007"} and len(plan.skipped) == 3
    assert all(reason.startswith(ALREADY_LISTED) for _, reason in plan.skipped)
    assert f"line {listed.line} ({HALLUCINATION}" in reasons[listed.arxiv_id]
    assert [p.key for p in plan.inserted] == ["2607.00008"]


def test_other_skip_reasons_and_a_renamed_parent(bradyfu: str) -> None:
    renamed = proposal(1, "Old Papers > Multimodal Hallucination")  # parent heading renamed upstream
    gone = proposal(2, "Awesome Papers > Multimodal Agents")
    ambiguous = proposal(3, "Old Papers > Others")  # "Others" is under Awesome Papers and Awesome Datasets
    blank = proposal(4, HALLUCINATION, title="\u200b\u202e\x07 ")
    twice = proposal(1, EVALUATION)
    broken = proposal(5, HALLUCINATION)
    broken.paper.published = "yesterday"  # type: ignore[union-attr,assignment]  # bad metadata: no date math
    plan = plan_readme(bradyfu, [renamed, gone, ambiguous, blank, twice, broken, proposal(6, EVALUATION)], 10)
    assert [p.key for p in plan.inserted] == ["2607.00001", "2607.00006"]
    reasons = [(p.key, reason) for p, reason in plan.skipped]
    assert reasons[0] == (
        "2607.00002",
        "section 'Awesome Papers > Multimodal Agents' no longer exists in this README",
    )
    assert reasons[1] == ("2607.00003", "section 'Old Papers > Others' no longer exists in this README")
    assert reasons[2] == ("2607.00004", EMPTY_TITLE)
    assert reasons[3] == ("2607.00001", DUPLICATE)
    assert reasons[4][0] == "2607.00005" and reasons[4][1].startswith("could not be written: ")
    assert any(
        e.arxiv_id == "2607.00001" for e in find_section(parse_document(plan.text), HALLUCINATION).entries
    )
    assert_splice_only(bradyfu, plan.text, inserted=2)


def test_a_release_entry_links_its_repo_unless_the_list_already_does(bradyfu: str) -> None:
    def of(repo: str) -> Proposal:
        tagged = Release(
            repo,
            "v1.0",
            "v1.0",
            published=datetime(2026, 7, 1, tzinfo=UTC),
            url=f"https://github.com/{repo}/releases/v1.0",
        )
        return release_proposal(tagged, Classification(f"{repo}@v1.0", 0.9, True, INSTRUCTION, 0.9, True))

    linked = next(entry.github for entry in parse_document(bradyfu).entries() if entry.github)  # lower-cased
    plan = plan_readme(bradyfu, [of("QwenLM/Qwen9-VL"), of(linked.upper())], 5)
    assert [p.key for p in plan.inserted] == ["QwenLM/Qwen9-VL@v1.0"]
    assert plan.skipped[0][1].startswith(ALREADY_LISTED)
    added = [line for line in plan.diff.splitlines() if line.startswith("+|")]
    assert len(added) == 1 and "[**Qwen9-VL**](https://github.com/QwenLM/Qwen9-VL)" in added[0]
    assert "| - | 2026-07-01 | [Github](https://github.com/QwenLM/Qwen9-VL) |" in added[0]


@pytest.mark.parametrize("variant", ["crlf", "bom", "no-final-newline"])
def test_line_endings_bom_and_missing_final_newline_survive(bradyfu: str, variant: str) -> None:
    text = {
        "crlf": bradyfu.replace("\n", "\r\n"),
        "bom": "\ufeff" + bradyfu,
        "no-final-newline": bradyfu.rstrip("\n"),
    }[variant]
    plan = plan_readme(text, [proposal(1, HALLUCINATION)], 5, path="docs/LIST.md")
    assert plan.diff.startswith("--- a/docs/LIST.md\n+++ b/docs/LIST.md\n")
    assert_splice_only(text, plan.text, inserted=1)
    assert plan.text.startswith("\ufeff") == (variant == "bom")
    assert plan.text.endswith("\n") == (variant != "no-final-newline")
    if variant == "crlf":
        assert "\n" not in plan.text.replace("\r\n", "")


def test_nothing_to_write_leaves_the_text_alone(bradyfu: str) -> None:
    plan = plan_readme(bradyfu, [], 5)
    assert (plan.text, plan.diff, plan.inserted, plan.skipped) == (bradyfu, "", [], [])
    only_unplaced = plan_readme(bradyfu, [proposal(1, INSTRUCTION, placed=False)], 5)
    assert (
        only_unplaced.text == bradyfu and only_unplaced.diff == "" and len(only_unplaced.needs_section) == 1
    )


def test_an_entry_that_would_not_read_back_is_skipped_with_its_reason(bradyfu: str, monkeypatch) -> None:
    """Issue 13: the batch is read back (`listdoc.verify`); an entry the README would not show is skipped
    with a reason naming its section (the publisher then offers it under "needs a section"), the others
    are written."""
    from tracker.listdoc import edit

    original = edit._apply

    def blanking(doc, splices, renumbered):  # noqa: ANN001, ANN202 - a renderer that loses one row's text
        for splice in splices:
            splice.lines = [
                "| - | - | - | - | - |\n" if "2607.00002" in line else line for line in splice.lines
            ]
        return original(doc, splices, renumbered)

    monkeypatch.setattr(edit, "_apply", blanking)
    plan = plan_readme(
        bradyfu, [proposal(1, HALLUCINATION), proposal(2, EVALUATION), proposal(3, EVALUATION)], 10
    )
    assert [p.key for p in plan.inserted] == ["2607.00001", "2607.00003"]
    [(skipped, reason)] = plan.skipped
    assert skipped.key == "2607.00002" and reason.startswith(f"{UNWRITABLE} '{EVALUATION}': cannot add ")
    assert (
        "has no place tracker can fill with its title and link (it would write '| - | - | - | - | - |')"
        in reason
    )
    assert "2607.00002" not in plan.text
    assert_splice_only(bradyfu, plan.text, inserted=2)
