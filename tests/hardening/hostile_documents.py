"""Hand-built hostile READMEs, shared by tests/hardening/test_hostile_readme.py and
benchmarks/hostile_readme.py (which times the same documents the tests prove correct).

Every builder returns (text, section path to insert into or None); existing entries link arXiv ids
2401.xxxxx, so an inserted 2612.9xxxx paper is never a duplicate.
"""

from __future__ import annotations

from collections.abc import Callable

Built = tuple[str, str | None]


def nested_list(depth: int = 500) -> Built:
    """One list item nesting `depth` levels of sub-items (each two spaces deeper)."""
    items = "".join(
        "  " * level + f"- [Level {level}](https://arxiv.org/abs/2401.{level:05d})\n"
        for level in range(depth)
    )
    return f"# L\n\n## Deep\n{items}\n## After\n- [A](https://arxiv.org/abs/2401.99999)\n", "Deep"


def big_table(rows: int = 20_000, columns: int = 50) -> Built:
    """A `rows` x `columns` table with a Title column and escaped pipes in some cells."""
    header = "| Title | " + " | ".join(f"C{c}" for c in range(columns - 1)) + " |\n"
    delimiter = "|" + ":---|" * columns + "\n"
    cells = " | ".join(f"v{c}\\|x" if c % 10 == 0 else f"v{c}" for c in range(columns - 1))
    body = "".join(f"| [Paper {r}](https://arxiv.org/abs/2401.{r:05d}) | {cells} |\n" for r in range(rows))
    return f"# L\n\n## Table\n{header}{delimiter}{body}\n## After\n", "Table"


def fenced_headings(blocks: int = 200) -> Built:
    """Headings, items and table rows inside backtick and tilde fences, indented fences, longer closing
    fences and HTML comments: none of them may count."""
    hidden = (
        "```\n# Not a heading\n- [No](https://arxiv.org/abs/2402.00001)\n```\n"
        "~~~ md\n## Nor this\n~~~\n"
        "   ```\n# Indented fence\n   ```\n"
        "````\n```\n# Inner fence text\n````\n"
        "<!--\n## Commented out\n- [No](https://arxiv.org/abs/2402.00002)\n-->\n"
    )
    body = hidden * blocks
    return f"# L\n\n## Papers\n- [A](https://arxiv.org/abs/2401.00001)\n\n{body}\n## Last\n", "Papers"


def html_blocks(blocks: int = 200) -> Built:
    """Entries folded in <details>, HTML wrappers around images, inline HTML in titles."""
    item = "- [P {n}](https://arxiv.org/abs/2401.{n:05d}) <b>new</b>"
    folded = "".join(
        f"<details>\n<summary>Year {n}</summary>\n\n{item.format(n=n)}\n\n</details>\n" for n in range(blocks)
    )
    return f'# L\n<div align="center"><img src="logo.png"></div>\n\n## Folded\n{folded}', "Folded"


def control_characters() -> Built:
    """Tabs, NUL, bell, escape, form feed, vertical tab, NEL, LS/PS and a lone CR inside lines."""
    lines = [
        "# L\t\x00",
        "",
        "## Odd",
        "- [A\x00\x07](https://arxiv.org/abs/2401.00001)\t\x1b[31m red\x0c\x0b",
        "- [B](https://arxiv.org/abs/2401.00002) \x85 \u2028 \u2029 lone\rcr",
        "\t- [tabbed](https://arxiv.org/abs/2401.00003)",
    ]
    return "\n".join(lines) + "\n", "Odd"


def bracket_bombs(count: int = 50_000, nested: int = 3_000) -> Built:
    """Inline markup that is quadratic or recursive to naive parsers: `count` unclosed brackets, unclosed
    link destinations, `nested` links inside each other, runs of emphasis and backticks."""
    lines = [
        "- [A](https://arxiv.org/abs/2401.00001) " + "[" * count,
        "- [B](https://arxiv.org/abs/2401.00002) " + "[a](" * (count // 4),
        "- " + "[" * nested + "C" + "](https://arxiv.org/abs/2401.00003)" * nested,
        "- [D](https://arxiv.org/abs/2401.00004) " + "**a" * (count // 3) + "`" * count,
    ]
    return "# L\n\n## Bombs\n" + "\n".join(lines) + "\n", "Bombs"


def with_endings(text: str, style: str) -> str:
    """`text` (LF) with CRLF, mixed endings, a BOM and/or no final newline, as `style` names them."""
    if "crlf" in style:
        text = text.replace("\n", "\r\n")
    if "mixed" in style:
        text = "".join(line + ("\r\n" if i % 3 else "\n") for i, line in enumerate(text.split("\n")))
    if "bom" in style:
        text = "\ufeff" + text
    if "no-final-newline" in style:
        text = text.rstrip("\r\n")
    return text


DOCUMENTS: dict[str, Callable[[], Built]] = {
    "nested list, 500 levels": nested_list,
    "table, 20,000 rows x 50 columns": big_table,
    "headings in fences and comments": fenced_headings,
    "HTML blocks": html_blocks,
    "control characters": control_characters,
    "bracket and emphasis bombs": bracket_bombs,
}
