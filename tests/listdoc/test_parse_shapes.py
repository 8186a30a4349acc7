"""Entry shapes seen in real lists, one small README each: what is an entry and which lines it owns."""

from __future__ import annotations

from textwrap import dedent

from tracker.listdoc.model import Document
from tracker.listdoc.parse import parse_document


def parse(markdown: str) -> Document:
    text = dedent(markdown).lstrip("\n")
    document = parse_document(text)
    assert document.render() == text
    return document


def section(document: Document, path: str):
    return next(s for s in document.sections if s.path_text == path)


def test_headings_atx_setext_and_paths_as_labels() -> None:
    document = parse(
        """
        # Awesome Things
        intro
        ## 🔥 Papers ##
        ### <a name="vision"></a>Vision [![badge](https://img.shields.io/badge/x-y-red)](#)
        - [A](https://a.example)

        Datasets
        --------
        - [B](https://b.example)
        #not-a-heading
        """
    )
    assert [s.path for s in document.sections] == [
        ("Awesome Things",),
        ("🔥 Papers",),
        ("🔥 Papers", "Vision [![badge](https://img.shields.io/badge/x-y-red)](#)"),  # no anchor: not shown
        ("Datasets",),
    ]
    assert document.lines[3].startswith('### <a name="vision"></a>Vision'), "the README keeps its heading"
    assert [s.level for s in document.sections] == [1, 2, 3, 2]
    datasets = section(document, "Datasets")
    assert (datasets.heading_line, datasets.start) == (6, 8)
    assert [e.title for e in datasets.entries] == ["B"]


def test_thematic_break_after_a_list_or_lazy_line_is_not_a_setext_heading() -> None:
    document = parse(
        """
        # L
        - [A](https://a.example)
        ---
        - [B](https://b.example)
        lazy continuation
        ---
        text

        ---
        """
    )
    assert [s.path for s in document.sections] == [("L",)]
    assert [e.end - e.start for e in document.sections[0].entries] == [1, 2]


def test_fenced_code_and_html_comments_are_never_entries_or_headings() -> None:
    document = parse(
        """
        # Papers
        ```markdown
        # Not a heading
        - [Not an entry](https://x.example)
        ```
        ~~~
        | T | D |
        |---|---|
        | [no](https://no.example) | 1 |
        ~~~
        <!--
        - [Commented out](https://c.example)
        -->
        <!-- - [Also out](https://d.example) -->
        - [Real](https://r.example)
        """
    )
    assert [s.path for s in document.sections] == [("Papers",)]
    assert [e.title for e in document.entries()] == ["Real"]


def test_entries_inside_details_blocks_count() -> None:
    document = parse(
        """
        # Papers
        <details>
        <summary>Older papers</summary>

        - [Old one](https://arxiv.org/abs/2301.00001)
        - [Old two](https://arxiv.org/abs/2301.00002)

        </details>
        """
    )
    assert [e.arxiv_id for e in document.entries()] == ["2301.00001", "2301.00002"]


def test_multiline_bullets_own_continuations_nested_bullets_and_badges() -> None:
    document = parse(
        """
        # Papers
        * **Bold Title;** Some Authors
          [![Star](https://img.shields.io/github/stars/Own/Repo.svg)](https://github.com/Own/Repo)
          - sub point with [code](https://github.com/other/thing)

            deeper paragraph
        + [Second](https://arxiv.org/pdf/2402.00002v2.pdf) lazy
        continuation line

        Paragraph after the list.
        """
    )
    first, second = document.entries()
    assert (first.kind, first.title, first.start, first.end) == ("bullet", "Bold Title", 1, 6)
    assert first.github == "own/repo"
    assert first.note.startswith("Some Authors")
    assert "https://github.com/other/thing" in first.urls
    assert (second.title, second.start, second.end, second.arxiv_id) == ("Second", 6, 8, "2402.00002")


BADGE_ROW = (
    "| ![Star](https://img.shields.io/github/stars/A/B.svg) <br> [**X \\| Y**](https://arxiv.org/abs/2401.00001)"
    " <br> | CVPR | 2024-01-02 | [Github](https://github.com/A/B) |"
)


def test_table_rows_with_br_badges_escaped_pipes_and_missing_leading_pipe() -> None:
    document = parse(
        f"""
        ## Papers
        | Title | Venue | Date | Code |
        |:------|:-----:|:----:|:----:|
        {BADGE_ROW}
        [**Bare row**](https://arxiv.org/pdf/2401.00002.pdf) | arXiv | 2024-01-01 | - |
        | [**Plain**](https://example.com/p) | Blog | 2023-12-31 | - |

        | not | a table row after the blank |
        """
    )
    papers = section(document, "Papers")
    assert papers.style == "table"
    assert papers.columns == ["Title", "Venue", "Date", "Code"]
    first, bare, plain = papers.entries
    assert (first.title, first.venue, first.date, first.github) == ("X | Y", "CVPR", "2024-01-02", "a/b")
    assert len(first.cells) == 4, "an escaped pipe does not split a cell"
    assert (bare.title, bare.arxiv_id, bare.line) == ("Bare row", "2401.00002", 5)
    assert (plain.url, plain.arxiv_id, plain.github) == ("https://example.com/p", None, None)


def test_table_of_contents_found_by_content_under_any_heading() -> None:
    document = parse(
        """
        # Awesome X
        # Table of Contents
        - [Vision](#vision)
          - [Video](#video)
        - [Language](#language)

        ## Vision
        - [V1](https://v.example)
        # Table of Contents
        - [Real paper](https://arxiv.org/abs/2401.00001)
        """
    )
    title, toc, vision, real = document.sections
    assert title.path == ("Awesome X",) and not title.is_toc
    assert toc.is_toc and toc.entries == [] and toc.style == "empty"
    assert vision.path == ("Table of Contents", "Vision") and len(vision.entries) == 1
    assert not real.is_toc and [e.title for e in real.entries] == ["Real paper"]


def test_news_items_are_not_entries() -> None:
    document = parse(
        """
        # List
        ## What's New
        - We present [Tool](https://tool.example), a thing.
        - Our paper [P](https://arxiv.org/abs/2401.00001) is out.
        ## Highlights
        - [2025-03-15] Added twelve papers.
        - **2024.05.01** Moved sections.
        - [Paper](https://arxiv.org/abs/2401.00002)
        ## Papers
        - 🔥 [2024-01-01] dated news line inside a paper section
        - [2401.00003](https://arxiv.org/abs/2401.00003) id as link text is not a date
        1. (Tag) [Numbered](https://n.example)(note)
        ## Knowledge Updates
        - [Editing facts](https://arxiv.org/abs/2401.00004)
        """
    )
    assert section(document, "What's New").entries == []
    assert len(section(document, "Knowledge Updates").entries) == 1, "a topic, not news"
    assert section(document, "Highlights").entries == [], "mostly dated items make a news block"
    papers = section(document, "Papers")
    assert [e.title for e in papers.entries] == ["2401.00003", "Numbered"]
    assert papers.style == "mixed"
    assert papers.entries[1].note == "(Tag) note"


def test_link_oddities_in_real_lists() -> None:
    document = parse(
        """
        # Papers
        1. [Doubled]([https://a.example/1](https://a.example/2))
        2. [Empty]()()
        3. (X)[ Leading space](https://b.example)
        4. Plain Title, NeurIPS 2017 [[pdf](https://arxiv.org/abs/1706.03762)] [[code](https://github.com/a/b)]
        """
    )
    doubled, empty, spaced, plain = document.entries()
    assert (plain.title, plain.arxiv_id, plain.github) == ("Plain Title, NeurIPS 2017", "1706.03762", "a/b")
    assert doubled.url == "https://a.example/1"
    assert (empty.title, empty.url) == ("Empty", None)
    assert (spaced.title, spaced.url) == ("Leading space", "https://b.example")


def test_preamble_before_the_first_heading_is_not_a_section() -> None:
    document = parse(
        """
        - [Before any heading](https://x.example)
        # Papers
        - [After](https://y.example)
        """
    )
    assert [s.path for s in document.sections] == [("Papers",)]
    assert [e.title for e in document.entries()] == ["After"]
    assert document.sections[0].start == 2
