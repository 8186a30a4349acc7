"""`parse_document(text).render() == text` for every real README version and for awkward encodings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.errors import UsageError
from tracker.listdoc.model import BOM, Document
from tracker.listdoc.parse import parse_document, read_document

SAMPLE = (
    "# List\n\n## Papers\n| Title | Date |\n|---|---|\n| [A](https://arxiv.org/abs/2401.00001) | 2024 |\n"
)


@pytest.fixture(scope="module")
def versions(shared_data: Path) -> list[tuple[str, str, Document]]:
    """(name, text, parsed) for every README version of every list folder, parsed once per module."""
    paths = sorted((shared_data / "lists").glob("*/*.md"))
    for folder in sorted((shared_data / "lists").iterdir()):
        order = folder / "ORDER.txt"
        if order.exists():  # every version ORDER.txt names is there, and no other
            lines = order.read_text(encoding="utf-8").splitlines()
            named = {line.split()[0] for line in lines if line.strip()}
            assert named == {path.name for path in folder.glob("*.md")}, folder.name
    # the two gold lists (65 + 60) and the seven with ORDER.txt: 683 when the ninth list landed
    assert len(paths) >= 683, f"expected every list version under {shared_data / 'lists'}, found {len(paths)}"
    texts = [(f"{path.parent.name}/{path.name}", path.read_bytes().decode("utf-8")) for path in paths]
    return [(name, text, parse_document(text)) for name, text in texts]


def test_every_real_version_round_trips_byte_for_byte(versions) -> None:
    for name, text, document in versions:
        assert document.render() == text, name
        assert "".join(document.lines) == text.removeprefix(BOM), name


def test_every_real_version_has_sane_spans(versions) -> None:
    for name, _, document in versions:
        previous_end = 0
        for section in document.sections:
            assert section.heading_line < section.start <= section.end <= len(document.lines)
            for entry in section.entries:
                assert section.start <= entry.start < entry.end <= section.end, (name, entry.line)
                assert entry.start >= previous_end, "entries never overlap"
                assert entry.lines == document.lines[entry.start : entry.end]
                previous_end = entry.end


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: t.rstrip("\n"), id="no-final-newline"),
        pytest.param(lambda t: BOM + t, id="bom"),
        pytest.param(lambda t: BOM + t.replace("\n", "\r\n").rstrip("\r\n"), id="bom-crlf-no-final-newline"),
        pytest.param(lambda t: t.replace("\n", "\r\n", 2), id="mixed-endings"),
        pytest.param(lambda t: "", id="empty"),
        pytest.param(lambda t: "\n\n", id="only-newlines"),
        pytest.param(lambda t: t + "\r", id="trailing-lone-cr"),
    ],
)
def test_synthetic_variants_round_trip_and_parse_the_same(variant) -> None:
    text = variant(SAMPLE)
    document = parse_document(text)
    assert document.render() == text
    if "Papers" in text:
        entries = document.entries()
        assert [entry.title for entry in entries] == ["A"]
        assert entries[0].arxiv_id == "2401.00001"
        assert document.sections[-1].path == ("Papers",)


def test_bom_and_newline_are_recorded() -> None:
    document = parse_document(BOM + SAMPLE.replace("\n", "\r\n"))
    assert document.bom is True
    assert document.newline == "\r\n"
    assert document.lines[0] == "# List\r\n"
    assert parse_document(SAMPLE.rstrip("\n")).final_newline is False


def test_real_version_with_crlf_and_bom_keeps_its_counts(shared_data: Path) -> None:
    text = (shared_data / "lists/yfzhang/2026-03-15_8c27720671.md").read_text(encoding="utf-8")
    plain = parse_document(text)
    variant_text = BOM + text.replace("\n", "\r\n").rstrip("\r\n")
    variant = parse_document(variant_text)
    assert variant.render() == variant_text
    assert [len(s.entries) for s in variant.sections] == [len(s.entries) for s in plain.sections]
    assert [e.title for e in variant.entries()] == [e.title for e in plain.entries()]


def test_read_document_reads_bytes_and_rejects_non_utf8(tmp_path: Path) -> None:
    good = tmp_path / "README.md"
    good.write_bytes((BOM + SAMPLE.replace("\n", "\r\n")).encode("utf-8"))
    document = read_document(good)
    assert document.bom and document.render().encode("utf-8") == good.read_bytes()
    bad = tmp_path / "latin1.md"
    bad.write_bytes("# Caf\xe9\n".encode("latin-1"))
    with pytest.raises(UsageError, match="not UTF-8"):
        read_document(bad)
    with pytest.raises(UsageError, match="cannot read"):
        read_document(tmp_path / "missing.md")


_MARKDOWN_BITS = st.sampled_from(
    ["# ", "## ", "- ", "1. ", "  ", "|", "---", "```", "~~~", "<!--", "-->", "[", "](", ")", "**", "\\", "`"]
    + ["\n", "\r\n", "\r", BOM, "text", "https://arxiv.org/abs/2401.00001", "#a", "<details>", "==="]
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_MARKDOWN_BITS | st.text(max_size=5), max_size=40).map("".join))
def test_any_text_round_trips(text: str) -> None:
    document = parse_document(text)
    assert document.render() == text
    for entry in document.entries():
        assert entry.lines == document.lines[entry.start : entry.end]
