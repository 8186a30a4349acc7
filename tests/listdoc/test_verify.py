"""Never write something broken (issue 13, part 3): every insert is read back before it is written.

`check_written` is tested on hand-made before/after documents, so these tests hold whatever a renderer
writes; the end-to-end tests break the written lines on purpose at the last step before writing
(`edit._apply`), the way a renderer's mistake would, and check that nothing reaches the file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest
from splice_checks import assert_splice_only

from tests.cli_runner import Invoke
from tracker.listdoc import edit
from tracker.listdoc.blocks import hidden_blocks
from tracker.listdoc.edit import find_section, insert_entries, insert_entry
from tracker.listdoc.model import Document
from tracker.listdoc.parse import parse_document
from tracker.listdoc.template import NewEntry
from tracker.listdoc.verify import UnwritableEntry, check_written, visible_splice_point

URL = "https://arxiv.org/abs/2612.90001"
NEW = NewEntry(title="Probe Paper: A Study", url=URL)
BEFORE = dedent(
    """\
    # L

    ## Papers
    - [Alpha](https://arxiv.org/abs/2401.00001)
    - [Beta](https://arxiv.org/abs/2401.00002)

    ## Other
    - [Gamma](https://arxiv.org/abs/2401.00003)
    """
)


def checked(before_text: str, after_text: str, section: str = "Papers", new: NewEntry = NEW) -> Document:
    before = parse_document(before_text)
    return check_written(before, parse_document(after_text), [(find_section(before, section), new)])


def with_line(text: str, after: str, line: str) -> str:
    """`text` with `line` inserted after the first line equal to `after`."""
    lines = text.splitlines(keepends=True)
    at = lines.index(after + "\n") + 1
    return "".join(lines[:at] + [line + "\n"] + lines[at:])


def test_an_insert_that_reads_back_passes() -> None:
    after = with_line(BEFORE, "## Papers", f"- [Probe Paper: A Study]({URL})")
    assert checked(BEFORE, after).render() == after


def test_renumbering_is_not_a_change() -> None:
    before = "# L\n\n## Papers\n1. [Alpha](https://a.example)\n2. [Beta](https://b.example)\n"
    after = f"# L\n\n## Papers\n1. [Probe Paper: A Study]({URL})\n2. [Alpha](https://a.example)\n"
    after += "3. [Beta](https://b.example)\n"
    checked(before, after)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (f"<!-- - [Probe Paper: A Study]({URL}) -->", "inside an HTML comment at line 4"),
        ("- [Probe Paper: A Study](https://example.org/another)", "no place tracker can fill with its link"),
        (f"- [Probe]({URL})", "no place tracker can fill with its title"),
        (f"- [A different paper]({URL}) | [code](https://github.com/a/b)", "with its title"),
    ],
)
def test_an_entry_that_does_not_read_back_is_refused(line: str, reason: str) -> None:
    after = with_line(BEFORE, "## Papers", line)
    with pytest.raises(UnwritableEntry, match=reason) as refused:
        checked(BEFORE, after)
    message = str(refused.value)
    assert "'Probe Paper: A Study'" in message and message.endswith("nothing was written")


def test_hiding_or_changing_an_existing_entry_is_refused() -> None:
    hidden = with_line(BEFORE, "## Papers", f"- [Probe Paper: A Study]({URL})\n<!--")
    expected = "hide 2 existing entries of 'Papers' inside an HTML comment at line 5"
    with pytest.raises(UnwritableEntry, match=expected):
        checked(BEFORE, hidden.replace("## Other", "-->\n## Other"))
    alpha = "- [Alpha](https://arxiv.org/abs/2401.00001)"
    changed = with_line(BEFORE, alpha, f"  - [Probe Paper: A Study]({URL})")
    with pytest.raises(UnwritableEntry, match="change how 1 existing entry of 'Papers' read .*'Alpha'"):
        checked(BEFORE, changed)


def test_a_changed_heading_or_stray_entries_are_refused() -> None:
    swallowed = with_line(BEFORE, "## Papers", f"- [Probe Paper: A Study]({URL})\n```")
    with pytest.raises(UnwritableEntry, match="change the README's headings"):
        checked(BEFORE, swallowed)
    stray = with_line(BEFORE, "## Other", f"- [Probe Paper: A Study]({URL})")
    with pytest.raises(UnwritableEntry, match="other text of 'Other' read as entries"):
        check_written(parse_document(BEFORE), parse_document(stray), [])


def test_a_table_row_without_title_names_the_columns() -> None:
    before = "# L\n\n## T\n\n| A | B | C |\n|---|---|---|\n| 1 | [2](https://arxiv.org/abs/2401.2) | 3 |\n"
    after = before.replace("|---|---|---|\n", "|---|---|---|\n| - | - | - |\n")
    expected = r"\(columns A \| B \| C\) .* title and link .*'\| - \| - \| - \|'"
    with pytest.raises(UnwritableEntry, match=expected):
        checked(before, after, "T")
    unlinked = before.replace("[2](https://arxiv.org/abs/2401.2)", "2")
    with pytest.raises(UnwritableEntry, match="fill with its title "):  # the link: the section never links
        checked(unlinked, unlinked.replace("|---|---|---|\n", "|---|---|---|\n| - | - | - |\n"), "T")


def test_a_section_that_never_links_may_be_written_without_the_link() -> None:
    before = "# L\n\n## Papers\n- **Alpha One;** Ann Lee; nice\n- **Beta Two;** Cy Dee; ok\n"
    after = before.replace("## Papers\n", "## Papers\n- **Probe Paper: A Study;** Zoe Park\n")
    checked(before, after)


def test_hostile_titles_are_read_as_they_show() -> None:
    title = "<img src=x> &lt;b&gt; @octocat ](javascript:x)"
    shown = "\\<img src=x\\> &amp;lt;b&amp;gt; @&#8203;octocat \\](javascript:x)"
    after = with_line(BEFORE, "## Papers", f"- [{shown}]({URL})")
    checked(BEFORE, after, new=NewEntry(title=title, url=URL))


def test_visible_splice_point_leaves_open_blocks_and_closed_ones() -> None:
    lines = ["a\n", "<!--\n", "x\n", "-->\n", "b\n", "```\n", "code\n"]
    blocks = hidden_blocks(lines)
    assert [(b.start, b.end, b.kind, b.closed) for b in blocks] == [
        (1, 4, "comment", True),
        (5, 7, "fence", False),
    ]
    assert [visible_splice_point(blocks, at) for at in range(8)] == [0, 1, 4, 4, 4, 5, 5, 5]


@pytest.mark.parametrize("opener", ["<!--", "```", "~~~~"])
def test_an_empty_section_ending_in_an_open_block_gets_the_entry_above_it(opener: str) -> None:
    text = f"# L\n\n## Papers\n- [Alpha](https://arxiv.org/abs/2401.00001)\n\n## Empty\n\nSoon.\n{opener}\n"
    text += "- [Old](https://old.example)\n"
    doc = parse_document(text)
    after = insert_entry(doc, "Empty", NEW)  # today written after the last line: inside the open block
    blank, added = assert_splice_only(text, after.render(), 2)
    assert (after.lines[blank], after.lines[added + 1]) == ("\n", f"{opener}\n"), "above the opener"
    assert [e.title for e in find_section(after, "Empty").entries] == ["Probe Paper: A Study"]


def break_written(monkeypatch: pytest.MonkeyPatch, breaking: Callable[[str], str], marker: str = URL) -> None:
    """Make the written line holding `marker` read as `breaking` makes it, as a renderer bug would."""
    original = edit._apply

    def broken(doc, splices, renumbered):  # noqa: ANN001, ANN202 - the private signature, as it is
        for splice in splices:
            splice.lines = [breaking(line) if marker in line else line for line in splice.lines]
        return original(doc, splices, renumbered)

    monkeypatch.setattr(edit, "_apply", broken)


def test_a_batch_with_one_broken_entry_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = parse_document(BEFORE)
    other = NewEntry(title="Fine Paper", url="https://arxiv.org/abs/2612.90002")
    break_written(monkeypatch, lambda line: f"<!-- {line.rstrip()} -->\n")
    expected = "'Probe Paper: A Study' to 'Other': it would land inside an HTML comment at line 9"
    with pytest.raises(UnwritableEntry, match=expected):
        insert_entries(doc, [("Papers", other), ("Other", NEW)])


@pytest.mark.parametrize(
    ("breaking", "reason"),
    [
        (lambda line: "| - | - |\n", r"\(columns Model \| Link\) .* its title and link .*'\| - \| - \|'"),
        (lambda line: "```\n" + line, "the README's headings"),
    ],
)
def test_add_refuses_with_exit_2_and_writes_nothing(
    tracker_cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, breaking, reason: str
) -> None:
    readme = tmp_path / "README.md"
    text = "# L\n\n## Models\n\n| Model | Link |\n|---|---|\n| [Foo](https://arxiv.org/abs/2401.1) | - |\n"
    readme.write_text(text + "\n## Next\n- [X](https://x.example)\n", encoding="utf-8")
    before = readme.read_bytes()
    break_written(monkeypatch, breaking, "Probe Paper")
    args = ["add", str(readme), "--section", "Models", "--title", "Probe Paper: A Study", "--url", URL]
    code, out, err = tracker_cli(args)
    assert (code, out) == (2, ""), err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")
    assert re.search(reason, err), err
    assert readme.read_bytes() == before


def test_two_new_entries_sharing_a_link_are_each_found_by_their_title() -> None:
    """A batch may hold two papers with one link (a hostile or a careless source): each is paired with
    the entry showing its own title, not the first one with that link."""
    doc = parse_document("# L\n\n## S\n\n- [Old](https://arxiv.org/abs/2401.00001)\n")
    titles = ["Short one", "A much longer title of the second paper"]
    items = [("S", NewEntry(title=title, url="http://a.com/00000")) for title in titles]
    after = insert_entries(doc, items, check_duplicates=False)
    assert sorted(e.title for e in after.entries()) == sorted(["Old", *titles])
