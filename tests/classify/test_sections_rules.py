"""rules/sections.yaml: pins and excludes fire openly, aliases follow renames both ways, rules for
sections the README lacks stay inactive, and a bad file is one `file:line: key: problem` line (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.classify.lists_helpers import latest_document, latest_readme, write_jsonl
from tests.cli_runner import Invoke
from tracker.classify.classifier import train
from tracker.classify.rules import load_section_rules, resolve_section
from tracker.classify.training import NO_ABSTRACTS
from tracker.errors import ConfigError
from tracker.models import Paper

RULES = """\
aliases:
  MLLM Alignment: Alignment With Human Preference (MLLM)
pins:
  - section: MLLM Alignment          # an old heading: the alias resolves it
    keywords: [preference optimization]
  - section: Awesome Papers > Multimodal Hallucination   # not in yfzhang: inactive there
    keywords: [hallucination]
excludes:
  - section: Multimodal Large Language Models
    keywords: [technical report]
"""


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    path = tmp_path / "sections.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


def test_pin_exclude_and_alias_fire_and_are_explained(shared_data: Path, rules_file: Path) -> None:
    rules = load_section_rules(rules_file, required=True)
    classifier = train(
        latest_document(shared_data, "yfzhang"), NO_ABSTRACTS, ["background paper"], rules=rules
    )
    pinned, excluded, hallucination = classifier.classify(
        [
            Paper("1", "Direct Preference Optimization for vision-language models", ""),
            Paper("2", "Qwen9-VL Technical Report", "A multimodal large language model."),
            Paper("3", "Hallucination in LVLMs", ""),
        ]
    )
    assert pinned.section == "Alignment With Human Preference (MLLM)"
    assert pinned.placed and pinned.confidence == 1.0
    expected = "pinned to 'Alignment With Human Preference (MLLM)' (keyword 'preference optimization')"
    assert pinned.explanation["rules"] == [f"rule {rules_file}:4: {expected}"]
    assert excluded.section != "Multimodal Large Language Models"
    assert "Multimodal Large Language Models" not in {a["section"] for a in excluded.alternatives}
    assert "excluded from 'Multimodal Large Language Models'" in excluded.explanation["rules"][0]
    assert hallucination.explanation["rules"] == []  # the BradyFU pin has no section in this README


def test_the_same_pin_fires_on_the_list_that_has_the_section(shared_data: Path, rules_file: Path) -> None:
    rules = load_section_rules(rules_file, required=True)
    classifier = train(
        latest_document(shared_data, "bradyfu"), NO_ABSTRACTS, ["background paper"], rules=rules
    )
    [result] = classifier.classify([Paper("3", "On hallucination in video LLMs", "")])
    assert result.section == "Awesome Papers > Multimodal Hallucination"
    assert "pinned to 'Awesome Papers > Multimodal Hallucination'" in result.explanation["rules"][0]


def test_aliases_resolve_old_and_new_names() -> None:
    aliases = {"MLLM Alignment": "Alignment With Human Preference (MLLM)"}
    assert resolve_section("MLLM Alignment", ["Alignment With Human Preference (MLLM)"], aliases)
    assert resolve_section("Alignment With Human Preference (MLLM)", ["MLLM Alignment"], aliases) == (
        "MLLM Alignment"
    )
    assert (
        resolve_section("evaluation", ["A > Evaluation", "B > Benchmarks for Evaluation"]) == "A > Evaluation"
    )
    assert resolve_section("Others", ["A > Others", "B > Others"]) is None  # ambiguous heading: inactive


def test_the_shipped_rules_file_is_valid() -> None:
    rules = load_section_rules(Path(__file__).resolve().parents[2] / "rules" / "sections.yaml", required=True)
    assert rules.rules and rules.aliases


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "pins:\n  - section: X\n    keywords: []\n",
            ":3: pins.0.keywords: List should have at least 1 item",
        ),
        ("pins:\n  - section: X\n    keywords: [a]\n    where: title\n", ":4: pins.0.where: unknown key"),
        ("excludes:\n  - keywords: [a]\n", ":2: excludes.0.section: Field required"),
        ("aliases: [a, b]\n", ":1: aliases: Input should be a valid dictionary"),
        ("pins: [\n", ": invalid YAML"),
    ],
)
def test_bad_rules_are_one_line_with_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "sections.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_section_rules(path)
    assert str(error.value).startswith(str(path)) and message in str(error.value)
    assert "\n" not in str(error.value)


def test_bad_rules_file_exits_2_from_the_command(
    tracker_cli: Invoke, tmp_path: Path, shared_data: Path
) -> None:
    (tmp_path / "bad.yaml").write_text("pins:\n  - section: X\n", encoding="utf-8")
    papers = write_jsonl(tmp_path / "in.jsonl", [{"arxiv_id": "1", "title": "A paper"}])
    code, out, err = tracker_cli(
        [
            "classify",
            "--list",
            str(latest_readme(shared_data, "yfzhang")),
            "--papers",
            str(papers),
            "--rules",
            "bad.yaml",
        ]
    )
    assert code == 2 and out == ""
    assert err.strip() == "error: bad.yaml:2: pins.0.keywords: Field required"
