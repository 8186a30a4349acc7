"""Hostile metadata lands as inert text: no live HTML, no javascript: link, no broken table or list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tracker.listdoc.edit import NewEntry, find_section, insert_entries, insert_entry
from tracker.listdoc.model import Document
from tracker.listdoc.parse import read_document
from tracker.listdoc.sanitize import ZWSP_ENTITY, clean_text, inline_markdown, safe_url

HOSTILE_TITLES = [
    "](javascript:alert(1))",
    "[click me](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "a | b | c",
    "unbalanced [ bracket",
    "closing ] without opening ((",
    "back`tick` and ``double",
    "@user please look",
    "#123 fixes the thing",
    "RTL \u202eevil\u202c override",
    "zero\u200bwidth\u200d\ufeffchars",
    "control\x00\x07\x1b[31m chars\r\nnew line",
    "# leading hash",
    "1. looks like a list",
    "- looks like a bullet",
    "![image](https://evil.example/x.png)",
    "<https://autolink.example>",
    "&lt;script&gt; and &#60;img&#62;",
    "**bold** _em_ ~~strike~~",
    "x" * 10_000,
]
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>",
    "https://x.org/a)(b <c>|d",
]
TARGETS = [
    ("bradyfu/2026-07-02_2d26f04c67.md", "Awesome Papers > Multimodal Hallucination"),
    ("bradyfu/2026-07-02_2d26f04c67.md", "Awesome Datasets > Benchmarks for Evaluation"),
    ("yfzhang/2026-03-15_8c27720671.md", "Multimodal Large Language Models"),
]
MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")
_LIVE = re.compile(r"<(img|script|iframe|svg|a\s[^>]*javascript)", re.IGNORECASE)


@pytest.fixture(scope="module")
def documents(shared_data: Path) -> dict[str, Document]:
    return {name: read_document(shared_data / "lists" / name) for name in {name for name, _ in TARGETS}}


def _live(html: str) -> list[str]:
    return _LIVE.findall(html) + re.findall(
        r"""(?:href|src)\s*=\s*["']?\s*(?:javascript|data):""", html, re.I
    )


@pytest.fixture(scope="module")
def live_before(documents) -> dict[str, int]:
    """Live tags the maintainers' own README already has (logo and star-badge images), per document."""
    return {name: len(_live(MARKDOWN.render(doc.render()))) for name, doc in documents.items()}


def _hostile(index: int, title: str) -> NewEntry:
    url = f"https://arxiv.org/abs/2612.9{index:04d}"
    return NewEntry(title=title, url=url, note=title, tag=title[:20], venue=title, code_url=url)


@pytest.mark.parametrize("index", range(len(HOSTILE_TITLES)))
def test_hostile_title_is_inert_in_tables_and_numbered_lists(documents, index: int) -> None:
    for name, path in TARGETS:
        doc = documents[name]
        after = insert_entry(doc, path, _hostile(index, HOSTILE_TITLES[index]))
        target = find_section(doc, path).path
        assert [(s.path, len(s.entries)) for s in after.sections] == [
            (s.path, len(s.entries) + (s.path == target)) for s in doc.sections
        ], name
        section = find_section(after, path)
        added = [e for e in section.entries if f"2612.9{index:04d}" in e.lines[0]]
        assert len(added) == 1 and len(added[0].lines) == 1, name
        context = after.lines[section.heading_line : section.entries[0].start] + added[0].lines
        html = MARKDOWN.render("".join(context))  # the new row under its table header, or the new item
        assert not _live(html), added[0].lines[0]


def test_readme_with_every_hostile_title_renders_without_live_tags(documents, live_before) -> None:
    for name, path in TARGETS[1:]:
        doc = documents[name]
        after = insert_entries(doc, [(path, _hostile(i, title)) for i, title in enumerate(HOSTILE_TITLES)])
        assert len(after.entries()) == len(doc.entries()) + len(HOSTILE_TITLES)
        assert len(_live(MARKDOWN.render(after.render()))) == live_before[name], name


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_http_urls_are_linked(documents, url: str) -> None:
    doc = documents[TARGETS[0][0]]
    after = insert_entry(doc, TARGETS[0][1], NewEntry(title="Harmless title", url=url, code_url=url))
    line = next(
        e for e in find_section(after, TARGETS[0][1]).entries if "Harmless title" in e.lines[0]
    ).lines[0]
    html = MARKDOWN.render(line)
    assert not _live(html)
    hrefs = re.findall(r'href="([^"]*)"', MARKDOWN.render(after.render()))
    assert all(href.startswith(("http://", "https://", "#", "./", "/")) or not href for href in hrefs)


def test_clean_text_drops_invisible_and_control_characters() -> None:
    assert clean_text("a\u202eb\u2066c\u200bd\u200de\ufefff\x00g\x1bh\ni\tj") == "abcdef g h i j"
    assert clean_text("x" * 500).endswith("…") and len(clean_text("x" * 500)) == 400


def test_inline_markdown_escapes_syntax_but_keeps_ordinary_text() -> None:
    assert inline_markdown("LLaVA-1.5: Improved Baselines (v2)") == "LLaVA-1.5: Improved Baselines (v2)"
    assert inline_markdown("snake_case and C# and a@b.org") == "snake_case and C# and a@b.org"
    assert inline_markdown("<b>|[x](y)`*") == "\\<b\\>\\|\\[x\\](y)\\`\\*"
    assert inline_markdown("@octocat and #12") == f"@{ZWSP_ENTITY}octocat and #{ZWSP_ENTITY}12"
    assert inline_markdown("# heading", line_start=True) == "\\# heading"
    assert inline_markdown("2024. A year", line_start=True) == "2024\\. A year"
    assert inline_markdown("&lt;tag&gt;") == "&amp;lt;tag&amp;gt;"


def test_safe_url_accepts_http_only_and_encodes_link_breakers() -> None:
    assert safe_url("https://arxiv.org/abs/2401.00001") == "https://arxiv.org/abs/2401.00001"
    assert safe_url("http://x.org/a b)c<d>|e") == "http://x.org/a%20b%29c%3Cd%3E%7Ce"
    for bad in (
        "javascript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,x",
        "/relative",
        "ftp://x.org",
        "",
    ):
        assert safe_url(bad) is None, bad
