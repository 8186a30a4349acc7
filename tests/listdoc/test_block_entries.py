"""Paragraph entries ("blocks"): a paragraph holding the title link, the lines under it and the `---`
closing it are one entry; such sections are written a block at a time, and nothing else parses
differently."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from splice_checks import assert_splice_only

from tracker.listdoc import entry_template
from tracker.listdoc.edit import NewEntry, find_section, insert_entries, insert_entry
from tracker.listdoc.listing import document_listing
from tracker.listdoc.model import Document, Entry
from tracker.listdoc.parse import parse_document

TMGTHB_HEAD = "tmgthb-autonomous-agents/2026-06-24_ab1074adab.md"

DAILY = """\
# Daily papers

Intro text with [a link](https://example.org/about) in it.

## 2026

#### 23rd June 2026

[Alpha: First Paper](http://arxiv.org/abs/2606.00001)

- Alpha: introduces a thing.
- The framework utilizes CPT, SFT, and RL to train a world model.

---

[Beta: Second Paper](http://arxiv.org/abs/2606.00002)

- Beta: introduces another thing.

---

#### 22nd June 2026

[Gamma: Third Paper](http://arxiv.org/abs/2606.00003)

- Gamma: introduces a third thing.

---

## Other lists

- [Awesome Foo](https://github.com/a/foo) - a list.
- [Awesome Bar](https://github.com/a/bar) - another.
"""


def _section(doc: Document, path: str):
    return find_section(doc, path)


def _titles(entries: list[Entry]) -> list[tuple[str, str]]:
    return [(entry.kind, entry.title) for entry in entries]


# ---------------------------------------------------------------- reading


def test_title_paragraph_bullets_and_separator_are_one_entry() -> None:
    doc = parse_document(DAILY)
    day = _section(doc, "2026 > 23rd June 2026")
    assert day.style == "block"
    assert _titles(day.entries) == [("block", "Alpha: First Paper"), ("block", "Beta: Second Paper")]
    alpha = day.entries[0]
    assert alpha.lines[0].startswith("[Alpha") and alpha.lines[-1] == "---\n"  # the separator is the entry's
    assert alpha.end - alpha.start == 6 and alpha.lines == doc.lines[alpha.start : alpha.end]
    assert alpha.arxiv_id == "2606.00001" and alpha.url == "http://arxiv.org/abs/2606.00001"
    assert alpha.note == ""  # the summary bullets are prose, never the note
    assert day.entries[1].start == alpha.end + 1  # one blank line between blocks: no entry's
    assert doc.render() == DAILY


def test_a_lone_block_counts_in_a_document_written_in_blocks_and_lists_stay_lists() -> None:
    doc = parse_document(DAILY)
    assert _titles(_section(doc, "22nd June 2026").entries) == [("block", "Gamma: Third Paper")]
    others = _section(doc, "Other lists")
    assert others.style == "bullet" and [e.title for e in others.entries] == ["Awesome Foo", "Awesome Bar"]
    assert not _section(doc, "Daily papers").entries  # a sentence with a link is no entry
    alone = parse_document(
        DAILY.split("#### 22nd")[0]
        .replace("#### 23rd June 2026", "#### Day")
        .replace("[Beta: Second Paper](http://arxiv.org/abs/2606.00002)\n\n", "")
    )
    assert [e.kind for e in _section(alone, "Day").entries] == ["bullet"] * 3  # no other blocks: as before


def test_blocks_without_separators_end_at_the_next_title_and_leave_page_furniture() -> None:
    text = (
        "## Papers\n\n**Alpha** [Alpha: A Paper](https://arxiv.org/abs/2401.00001)\n"
        "Ann Lee, Bo Chen. NeurIPS 2024.\n\n"
        "[Beta: B Paper](https://arxiv.org/abs/2401.00002)\nCy Dee, Ed Fox. ICLR 2024.\n\n"
        "</div>\n\n[Back to top](#top)\n"
    )
    doc = parse_document(text)
    section = doc.sections[0]
    assert _titles(section.entries) == [("block", "Alpha: A Paper"), ("block", "Beta: B Paper")]
    assert [(e.start, e.end) for e in section.entries] == [(2, 4), (5, 7)]
    assert doc.render() == text


def test_sections_of_linked_items_parse_as_before() -> None:
    groups = (
        "## Groups\n\n[Agents survey](https://arxiv.org/abs/2401.00001)\n\n"
        "- [Paper One](https://arxiv.org/abs/2401.00002)\n- [Paper Two](https://arxiv.org/abs/2401.00003)\n\n"
        "[Memory survey](https://arxiv.org/abs/2401.00004)\n\n- [Paper Three](https://arxiv.org/abs/2401.00005)\n"
    )
    section = parse_document(groups).sections[0]
    assert section.style == "bullet"  # titled paragraphs over titled bullets are group labels
    assert [e.title for e in section.entries] == ["Paper One", "Paper Two", "Paper Three"]
    one_per_line = (
        "## Links\n[Paper A](https://arxiv.org/abs/2401.00001)\n[Paper B](https://arxiv.org/abs/2401.00002)\n\n"
        "[Paper C](https://arxiv.org/abs/2401.00003)\n[Paper D](https://arxiv.org/abs/2401.00004)\n"
    )
    assert not parse_document(one_per_line).sections[0].entries  # a paragraph of links: each line a paper
    prose = (
        "## About\n\nRead the [about page](https://example.org/a) first.\n\n- one\n\n"
        "Then see [our survey](https://arxiv.org/abs/2401.00001) too.\n\n- two\n"
    )
    assert [e.kind for e in parse_document(prose).sections[0].entries] == ["bullet", "bullet"]


def _blocks(count: int, first: int = 1) -> str:
    """`count` blocks as a daily log writes them: title paragraph, summary bullets, `---`."""
    return "".join(
        f"[Paper {n}: A Study](http://arxiv.org/abs/2606.{n:05d})\n\n- Paper {n}: introduces it.\n\n---\n\n"
        for n in range(first, first + count)
    )


def test_between_blocks_a_linked_item_stays_an_entry_other_items_do_not() -> None:
    stray = "*   **Key idea**: a stray note.\n- [Delta: Fourth Paper](http://arxiv.org/abs/2606.00099)\n\n"
    day = parse_document("## Day\n\n" + _blocks(5) + stray + _blocks(5, first=6)).sections[0]
    kinds = [entry.kind for entry in day.entries]
    assert kinds == ["block"] * 5 + ["bullet"] + ["block"] * 5  # one linked item per ten blocks is allowed
    assert day.entries[5].title == "Delta: Fourth Paper"


def test_real_daily_log_reads_one_entry_per_paper(shared_data: Path) -> None:
    text = (shared_data / "lists" / TMGTHB_HEAD).read_text(encoding="utf-8")
    doc = parse_document(text)
    days = [s for s in doc.sections if re.search(r"\d(?:st|nd|rd|th) \w+ 20\d\d$", s.title)]
    assert days and all(s.style == "block" for s in days)
    titles = re.findall(r"^\[[^\]]+\]\(https?://arxiv\.org/abs/[^)]+\)\r?$", text, re.MULTILINE)
    entries = [e for s in days for e in s.entries]
    assert len(entries) == len(titles) and all(entry.arxiv_id for entry in entries)
    unclosed = [entry.line for entry in entries if entry.lines[-1].strip() != "---"]
    assert len(unclosed) == 2  # two papers the maintainer left without a `---`: they end at their last bullet
    assert doc.render() == text


# ---------------------------------------------------------------- writing


def test_learn_keeps_the_title_paragraph_and_separator_and_drops_the_summary() -> None:
    alpha = _section(parse_document(DAILY), "23rd June 2026").entries[0]
    template = entry_template.learn(alpha)
    assert template is not None and template.marker == "" and not template.numbered
    assert template.text == "[Alpha: First Paper](http://arxiv.org/abs/2606.00001)\n\n---"


def test_a_line_the_bot_fills_under_the_title_is_written() -> None:
    text = "## Day\n\n" + re.sub(r"\n\n- (Paper \d+)", r"\n\n- Authors: Ann Lee, Bo Chen\n- \1", _blocks(3))
    doc = parse_document(text)
    template = entry_template.learn(doc.sections[0].entries[0])
    assert template is not None
    assert template.text.split("\n")[1:] == ["", "- Authors: Ann Lee, Bo Chen", "", "---"]
    new = NewEntry("New Paper", "https://arxiv.org/abs/2606.09999", authors=["Xu Yi", "Zo Wu"])
    after = insert_entry(doc, "Day", new).render()
    assert "\n[New Paper](https://arxiv.org/abs/2606.09999)\n\n- Authors: Xu Yi, Zo Wu\n\n---\n" in after


def test_insert_writes_a_block_like_its_neighbours_and_reads_it_back() -> None:
    doc = parse_document(DAILY.replace("\n", "\r\n"))
    new = NewEntry(
        "Omega: A New Paper", "https://arxiv.org/abs/2606.09999", code_url="https://github.com/o/omega"
    )
    after = insert_entry(doc, "2026 > 23rd June 2026", new)
    text = after.render()
    assert_splice_only(doc.render(), text, inserted=4)
    assert "\r\n\r\n[Omega: A New Paper](https://arxiv.org/abs/2606.09999)\r\n\r\n---\r\n\r\n" in text
    day = _section(after, "23rd June 2026")
    assert [e.kind for e in day.entries] == ["block"] * 3
    listed = [e for s in document_listing(after)["sections"] for e in s["entries"] if e["title"] == new.title]
    assert listed and listed[0]["arxiv_id"] == "2606.09999"


def test_blocks_the_bot_cannot_copy_still_get_a_title_paragraph() -> None:
    text = DAILY.replace(
        "[Alpha: First Paper](http://arxiv.org/abs/2606.00001)",
        "[Alpha: First Paper](http://arxiv.org/abs/2606.00001) [[Slides](https://arxiv.org/abs/2606.00009)]",
    ).replace(
        "[Beta: Second Paper](http://arxiv.org/abs/2606.00002)",
        "[Beta: Second Paper](http://arxiv.org/abs/2606.00002) [[Slides](https://arxiv.org/abs/2606.00008)]",
    )
    doc = parse_document(text)
    assert all(entry_template.learn(e) is None for e in _section(doc, "23rd June 2026").entries)
    after = insert_entry(doc, "23rd June 2026", NewEntry("Omega", "https://arxiv.org/abs/2606.09999"))
    assert "Omega" in [e.title for e in _section(after, "23rd June 2026").entries]


def test_an_empty_day_gets_blocks_spaced_like_the_others() -> None:
    doc = parse_document(
        DAILY.replace("#### 23rd June 2026\n", "#### 24th June 2026\n\n#### 23rd June 2026\n")
    )
    news = [NewEntry(f"Paper {n}", f"https://arxiv.org/abs/2606.0999{n}") for n in (1, 2)]
    after = insert_entries(doc, [("24th June 2026", new) for new in news])
    body = after.render().split("#### 24th June 2026\n")[1].split("#### 23rd")[0]
    assert re.fullmatch(r"\n\[Paper \d\]\(\S+\)\n\n---\n\n\[Paper \d\]\(\S+\)\n\n---\n\n", body), body
    assert [e.kind for e in _section(after, "24th June 2026").entries] == ["block", "block"]


# ---------------------------------------------------------------- any text


_PIECES = st.sampled_from(
    [
        "[Alpha: A Paper](https://arxiv.org/abs/2401.00001)",
        "**Beta** [Beta Paper](https://arxiv.org/abs/2401.00002) [[pdf](https://x.org/b.pdf)]",
        "- a summary bullet",
        "- [Linked Item](https://arxiv.org/abs/2401.00003)",
        "  indented continuation",
        "plain prose line",
        "---",
        "***",
        "",
        "",
        "#### 1st May 2026",
        "<!-- a comment -->",
        "</div>",
        "[Back to top](#top)",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.sampled_from(["\n", "\r\n"]))
def test_any_mix_of_blocks_and_items_round_trips_with_sane_spans(pieces: list[str], newline: str) -> None:
    text = "## Papers" + newline + newline.join(pieces) + newline
    doc = parse_document(text)
    assert doc.render() == text
    previous_end = 0
    for section in doc.sections:
        for entry in section.entries:
            assert section.start <= entry.start < entry.end <= section.end
            assert entry.start >= previous_end and entry.lines == doc.lines[entry.start : entry.end]
            previous_end = entry.end
