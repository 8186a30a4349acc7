"""Hypothesis strategies for README-like documents and for the metadata strangers write.

`readmes()` builds documents the way awesome lists are written, and the way they go wrong: headings
(ATX, setext, closing hashes), bullet and numbered lists with nested items and continuation lines, tables,
headings and list items inside code fences (backtick and tilde, indented) and HTML comments, HTML blocks,
tabs and control characters in text, LF, CRLF or mixed endings, a BOM, no final newline. Section names
are unique and every existing entry links its own arXiv id, so an inserted paper is never a duplicate.

`hostile_titles()` mixes every trick of issue 7 into titles: markdown and HTML injection, table pipes,
unbalanced brackets, backticks, @mentions, #123, RTL/zero-width/control characters, 10,000 characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from tracker.listdoc.model import BOM

HOSTILE_PIECES = [
    "](javascript:alert(1))",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<a href='javascript:x'>y</a>",
    "<!-- c -->",
    "<details open>",
    "| a | b |",
    "\\|",
    "[",
    "]",
    "((",
    "`",
    "``code``",
    "@octocat",
    "#123",
    "GH-42",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\t",
    "\r\n",
    "\n",
    "\u2028",
    "&lt;script&gt;",
    "&#60;img&#62;",
    "**",
    "__",
    "~~",
    "# ",
    "1. ",
    "- ",
    "> ",
    "![i](https://evil.example/x.png)",
    "<https://autolink.example>",
    "https://bare.example/path",
    "Ünïcødé ✓ 漢字 عربى",
]

_PLAIN = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), min_size=1, max_size=30
)


def hostile_titles() -> st.SearchStrategy[str]:
    """Titles built from hostile pieces and arbitrary text; sometimes 10,000 characters long."""
    pieces = st.lists(st.sampled_from(HOSTILE_PIECES) | _PLAIN, min_size=1, max_size=8).map("".join)
    return st.one_of(pieces, pieces.map(lambda title: (title + " x") * (10_000 // (len(title) + 2) + 1)))


def hostile_urls() -> st.SearchStrategy[str | None]:
    return st.one_of(
        st.none(),
        st.sampled_from(
            [
                "javascript:alert(1)",
                " JaVaScRiPt:alert(1)",
                "data:text/html,<script>",
                "/relative",
                "ftp://x.org",
            ]
        ),
        st.from_regex(r"https?://[a-z]{1,8}\.(org|com)/[\x21-\x7e]{0,30}", fullmatch=True),
    )


# ---------------------------------------------------------------- documents


@dataclass
class _Ids:
    """Unique section names and arXiv ids within one document."""

    sections: int = 0
    papers: int = 0

    def section(self) -> str:
        self.sections += 1
        return f"Section {self.sections}"

    def paper_url(self) -> str:
        self.papers += 1
        return f"https://arxiv.org/abs/2401.{self.papers:05d}"


_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Zl", "Zp"), blacklist_characters="\n\r\x85\x0b\x0c\x1c\x1d\x1e"
    ),
    max_size=40,
)
_TITLE = st.one_of(_TEXT.filter(lambda t: t.strip() and not set(t) & set("[]\\`<")), st.just("Paper"))


@st.composite
def _heading(draw: st.DrawFn, ids: _Ids) -> list[str]:
    name = ids.section()
    form = draw(st.sampled_from(["atx", "atx-closed", "setext", "indented-atx"]))
    level = draw(st.integers(1, 4))
    if form == "setext":
        return [name, "=" * draw(st.integers(1, 5)) if level == 1 else "-" * draw(st.integers(2, 5))]
    prefix = " " * draw(st.integers(0, 3)) if form == "indented-atx" else ""
    closing = " " + "#" * draw(st.integers(1, 3)) if form == "atx-closed" else ""
    return [f"{prefix}{'#' * level} {name}{closing}"]


@st.composite
def _list(draw: st.DrawFn, ids: _Ids) -> list[str]:
    numbered = draw(st.booleans())
    delimiter = draw(st.sampled_from([".", ")"]))
    bullet = draw(st.sampled_from(["-", "*", "+"]))
    same_number = draw(st.booleans())
    lines: list[str] = []
    for index in range(1, draw(st.integers(1, 5)) + 1):
        marker = f"{1 if same_number else index}{delimiter}" if numbered else bullet
        link = f"[{draw(_TITLE)}]({ids.paper_url()})"
        lines.append(
            f"{marker} {link}{draw(st.sampled_from(['', ' - a note', ' [code](https://github.com/o/r)']))}"
        )
        depth = draw(st.integers(0, 3))
        for level in range(1, depth + 1):  # nested sub-items and continuation text
            lines.append("  " * level + draw(st.sampled_from(["- ", "* ", "1. ", ""])) + draw(_TEXT))
    return lines


@st.composite
def _table(draw: st.DrawFn, ids: _Ids) -> list[str]:
    extra = draw(st.lists(st.sampled_from(["Venue", "Date", "Code", "Note"]), unique=True, max_size=3))
    columns = ["Title", *extra]
    outer = draw(st.booleans())

    def row(cells: list[str]) -> str:
        body = " | ".join(cells)
        return f"| {body} |" if outer else body

    lines = [row(columns), row([draw(st.sampled_from(["---", ":--", ":-:", "--:"])) for _ in columns])]
    for _ in range(draw(st.integers(1, 6))):
        cells = [f"[{draw(_TITLE).replace('|', '/')}]({ids.paper_url()})"]
        cells += [draw(st.sampled_from(["arXiv", "2024-01-02", "-", "CVPR\\|2024", ""])) for _ in extra]
        lines.append(row(cells))
    return lines


@st.composite
def _hidden(draw: st.DrawFn, ids: _Ids) -> list[str]:
    """Headings and items that must not count: in code fences (any kind, indented) or HTML comments."""
    inner = ["# Not a heading", "## Nor this", f"- [Hidden]({ids.paper_url()})", "| a | b |", "|---|---|"]
    kind = draw(st.sampled_from(["```", "~~~", "````", "comment"]))
    if kind == "comment":
        return ["<!--", *inner, "-->"]
    indent = " " * draw(st.integers(0, 3))
    return [f"{indent}{kind}{draw(st.sampled_from(['', 'python', 'md']))}", *inner, f"{indent}{kind}"]


@st.composite
def _html(draw: st.DrawFn, ids: _Ids) -> list[str]:
    return draw(
        st.sampled_from(
            [
                [
                    "<details>",
                    "<summary>More</summary>",
                    "",
                    f"- [Folded]({ids.paper_url()})",
                    "",
                    "</details>",
                ],
                ['<div align="center">', '<img src="logo.png" width="100">', "</div>"],
                ["<p>", "<b>bold</b> text", "</p>"],
            ]
        )
    )


@st.composite
def _paragraph(draw: st.DrawFn, ids: _Ids) -> list[str]:
    return [draw(_TEXT.filter(lambda t: t.strip())) + draw(st.sampled_from(["", "\t", "\x00", "\x07 tail"]))]


_BLOCKS = [_list, _table, _hidden, _html, _paragraph]


@st.composite
def readmes(draw: st.DrawFn) -> str:
    """A whole README: a title, then sections of blocks, in one of the line-ending styles."""
    ids = _Ids()
    lines = [f"# Awesome {draw(_TITLE)}", ""]
    for _ in range(draw(st.integers(1, 6))):
        lines += draw(_heading(ids))
        for _ in range(draw(st.integers(0, 3))):
            lines += [*draw(draw(st.sampled_from(_BLOCKS))(ids)), ""]
    endings = draw(st.sampled_from(["lf", "crlf", "mixed"]))
    if endings == "mixed":
        chosen = [draw(st.sampled_from(["\n", "\r\n"])) for _ in lines]
    else:
        chosen = ["\r\n" if endings == "crlf" else "\n"] * len(lines)
    text = "".join(line + end for line, end in zip(lines, chosen, strict=True))
    if not draw(st.booleans()):
        text = text.rstrip("\r\n")
    return (BOM if draw(st.booleans()) else "") + text
