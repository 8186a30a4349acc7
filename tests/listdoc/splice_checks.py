"""Shared assertion for the insertion tests: a new README differs from the old one only by a splice."""

from __future__ import annotations

import difflib
import re

from tracker.listdoc.model import split_lines

_NUMBER = re.compile(r"^(\s*)\d+([.)])")


def assert_splice_only(
    old: str, new: str, inserted: int, renumber_span: range | None = None, *, blank_lines_free: bool = False
) -> list[int]:
    """Assert `new` is `old` plus `inserted` new lines, where the only other change is the number of
    numbered items inside `renumber_span` (old line indexes). Returns the new indexes of inserted lines.
    With `blank_lines_free`, inserted blank lines (a section's gap between items) are not counted."""
    old_lines, new_lines = split_lines(old), split_lines(new)
    if old_lines and not old_lines[-1].endswith("\n") and old_lines[-1] not in new_lines:
        # appending below the last line of a file without a final newline ends that line first
        ended = [old_lines[-1] + ending for ending in ("\n", "\r\n") if old_lines[-1] + ending in new_lines]
        old_lines[-1] = ended[0] if ended else old_lines[-1]
    old_keys = [_NUMBER.sub(r"\1N\2", line) for line in old_lines]
    new_keys = [_NUMBER.sub(r"\1N\2", line) for line in new_lines]
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    added: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "insert":
            added.extend(range(j1, j2))
        elif tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                if old_lines[i] != new_lines[j]:
                    assert renumber_span is not None and i in renumber_span, (i, old_lines[i], new_lines[j])
        else:
            raise AssertionError(f"{tag} of old lines {i1}:{i2} -> new {j1}:{j2}: {old_lines[i1:i2]!r}")
    counted = [j for j in added if new_lines[j].strip()] if blank_lines_free else added
    assert len(counted) == inserted, added
    return added
