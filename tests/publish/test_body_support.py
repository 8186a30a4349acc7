"""Builders and HTML checks shared by the PR body tests (no tests of its own)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from markdown_it import MarkdownIt

from tracker.publish.body import render_body
from tracker.publish.model import HiddenBlock, HiddenEntry, Proposal, ReleaseNote

# HTML on, as GitHub would let raw tags through if the body had any.
MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")
OWN_TAGS = frozenset({"p", "h3", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "a"})
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def proposal(index: int, placed: bool = True, **fields: Any) -> Proposal:
    values: dict[str, Any] = {
        "key": f"2601.{index:05d}",
        "kind": "paper",
        "title": f"Paper number {index}",
        "url": f"https://arxiv.org/abs/2601.{index:05d}",
        "section": "Awesome Papers > Multimodal Hallucination",
        "confidence": 0.9 if placed else 0.4,
        "relevance": 0.8,
        "placed": placed,
        "alternatives": [{"section": "Awesome Papers > Evaluation", "confidence": 0.07}],
        "why": "terms: hallucination, grounding; near: LLaVA",
        "code_url": f"https://github.com/owner{index}/repo",
    }
    values.update(fields)
    return Proposal(**values)


def release(index: int, **fields: Any) -> ReleaseNote:
    values: dict[str, Any] = {
        "repo": f"owner{index}/repo",
        "tag": f"v{index}.0",
        "name": f"Version {index}",
        "url": f"https://github.com/owner{index}/repo/releases/tag/v{index}.0",
        "published": datetime(2026, 3, 1 + index % 28, 12, tzinfo=UTC),
    }
    values.update(fields)
    return ReleaseNote(**values)


def hidden_for(proposals: list[Proposal], base_sha: str | None = "0123abcd" * 5) -> HiddenBlock:
    entries = [
        HiddenEntry(
            p.key,
            p.kind,
            p.decision,
            p.section,
            p.title,
            alternatives=p.alternatives or None,
            why=p.why or None,
        )
        for p in proposals
    ]
    return HiddenBlock(entries=entries, base_sha=base_sha)


def body_for(proposals: list[Proposal], releases: list[ReleaseNote] | None = None, **options: Any) -> str:
    """render_body with the hidden block that records exactly these proposals."""
    stats = options.pop("stats", {"arXiv papers fetched": 120, "new candidates": len(proposals)})
    return render_body(proposals, releases or [], stats, hidden_for(proposals), **options)


def rendered(body: str) -> str:
    return MARKDOWN.render(body)


def foreign_tags(page: str) -> list[str]:
    """Tags in the rendered body that markdown did not make from tracker's own layout (comments aside)."""
    return [name for _, name in _TAG.findall(_COMMENT.sub("", page)) if name.lower() not in OWN_TAGS]


def hrefs(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'<a href="([^"]*)"', page)]


def visible_text(page: str) -> str:
    """What a reader sees (and what GitHub scans for mentions and references): tags and comments removed."""
    return html.unescape(re.sub(r"<[^>]*>", " ", _COMMENT.sub("", page)))  # text has `&lt;`, never `<`
