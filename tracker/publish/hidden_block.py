"""The PR body's hidden block: the PR's candidates as JSON in an HTML comment, so state outlives the database.

The block is the last thing in the body:

    <!-- tracker:hidden-block json
    {"version":1,"base_sha":"...","entries":[{"key":...,"kind":...,"decision":...,"section":...,"title":...}]}
    -->

The JSON is one line, ASCII only, with every `-`, `<` and `>` written as a `\\u` escape, so no title can
close the comment, open a tag or differ after GitHub rewrites line endings. When that form is too big for
the body, the same JSON is zlib-compressed and base64-encoded (`zlib+base64` instead of `json`).
Reading takes the last block that starts a line and checks the JSON's shape; metadata shown in the
visible body cannot forge one, because every `<` there is escaped.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any, get_args

from tracker.publish.model import HIDDEN_BLOCK_VERSION, MAX_ALTERNATIVES, Decision, HiddenBlock, HiddenEntry

TITLE_CAP = 300  # characters of a title kept in the block; the key is what identifies a candidate
MARKER = "tracker:hidden-block"
_JSON, _ZLIB = "json", "zlib+base64"
_MAX_INFLATED = 16 * 1024 * 1024  # a hand-edited body must not make us inflate gigabytes
_BLOCK = re.compile(
    rf"^<!-- {re.escape(MARKER)} ({re.escape(_JSON)}|{re.escape(_ZLIB)})\r?\n([^\r\n]*)\r?\n-->", re.MULTILINE
)
_ESCAPES = {"-": "\\u002d", "<": "\\u003c", ">": "\\u003e"}
_ENTRY_FIELDS = ("key", "kind", "decision", "section", "title")
_SCORES = ("confidence", "relevance")  # optional numbers in [0, 1], rounded: never an exponent like 1e-05
WHY_CAP = 200  # characters of an entry's "why" kept
_DETAILS = ("alternatives", "why")  # optional per entry, left out when empty
_DECISIONS = frozenset(get_args(Decision))


def render_hidden_block(
    hidden: HiddenBlock, title_cap: int = TITLE_CAP, compress: bool = False, details: bool = True
) -> str:
    """The HTML comment holding `hidden`, titles cut to `title_cap` characters (and without each
    entry's alternatives and "why" unless `details`)."""
    payload = _to_json(hidden, title_cap, details)
    if compress:
        packed = zlib.compress(payload.encode("ascii"), 9)
        return _wrap(_ZLIB, base64.b64encode(packed).decode("ascii"))
    return _wrap(_JSON, payload)


def hidden_block_forms(hidden: HiddenBlock) -> Iterator[str]:
    """The block from most to least informative: everything; without the details (alternatives and
    "why", the least needed: only a PR rebuilt after a lost database misses them); then short titles,
    no titles, compressed."""
    yield render_hidden_block(hidden)
    for title_cap in (TITLE_CAP, 80, 0):
        yield render_hidden_block(hidden, title_cap, details=False)
    yield render_hidden_block(hidden, 0, compress=True, details=False)


def read_hidden_block(body: str | None) -> HiddenBlock | None:
    """The last hidden block in `body`; None when there is none or it is malformed (never raises)."""
    matches = list(_BLOCK.finditer(body)) if isinstance(body, str) else []
    if not matches:
        return None
    encoding, payload = matches[-1].groups()
    try:
        if encoding == _ZLIB:
            inflater = zlib.decompressobj()
            raw = inflater.decompress(base64.b64decode(payload, validate=True), _MAX_INFLATED)
            if inflater.unconsumed_tail or not inflater.eof:
                return None
            payload = raw.decode("ascii")
        return _from_data(json.loads(payload))
    except (ValueError, TypeError, RecursionError, zlib.error, binascii.Error):
        return None


def _wrap(encoding: str, payload: str) -> str:
    return f"<!-- {MARKER} {encoding}\n{payload}\n-->"


def _to_json(hidden: HiddenBlock, title_cap: int, details: bool = True) -> str:
    entries = []
    for entry in hidden.entries:
        data = {**asdict(entry), "title": entry.title[:title_cap], **_scores(entry)}
        data["alternatives"] = _alternatives(entry) if details else None
        data["why"] = (entry.why or "")[:WHY_CAP] if details else None
        entries.append({name: value for name, value in data.items() if name not in _DETAILS or value})
    data = {"version": hidden.version, "base_sha": hidden.base_sha, "entries": entries}
    return comment_json(data)  # outside strings there is no `-`: the version is positive


def comment_json(data: Any) -> str:
    """One line of ASCII JSON with `-`, `<` and `>` escaped: safe inside an HTML comment (and in a PR
    body, where it can neither close the comment, open a tag nor change when GitHub rewrites lines)."""
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).translate(str.maketrans(_ESCAPES))


def _scores(entry: HiddenEntry) -> dict[str, float | None]:
    return {name: _score(getattr(entry, name)) for name in _SCORES}


def _score(value: Any) -> float | None:
    return None if value is None else round(min(max(float(value), 0.0), 1.0), 4)


def _alternatives(entry: HiddenEntry) -> list[dict[str, Any]] | None:
    """At most MAX_ALTERNATIVES well-formed {"section", "confidence"} pairs, or None."""
    return _well_formed(entry.alternatives or [])[:MAX_ALTERNATIVES] or None


def _well_formed(items: list[Any]) -> list[dict[str, Any]]:
    """The {"section": non-empty text, "confidence": score or None} items, confidences rounded."""
    return [
        {"section": item["section"], "confidence": _score(item.get("confidence"))}
        for item in items
        if isinstance(item, dict) and isinstance(item.get("section"), str) and item["section"]
        and _is_score(item.get("confidence"))
    ]  # fmt: skip


def _is_score(value: Any) -> bool:
    return value is None or (type(value) in (int, float) and 0 <= value <= 1)


def _from_data(data: Any) -> HiddenBlock | None:
    if not isinstance(data, dict):
        return None
    version, base_sha, entries = data.get("version"), data.get("base_sha"), data.get("entries")
    if type(version) is not int or not 1 <= version <= HIDDEN_BLOCK_VERSION:
        return None
    if not (base_sha is None or isinstance(base_sha, str)) or not isinstance(entries, list):
        return None
    parsed = [entry for entry in map(_entry, entries) if entry is not None]
    if len(parsed) != len(entries):
        return None
    return HiddenBlock(entries=parsed, base_sha=base_sha, version=version)


def _entry(item: Any) -> HiddenEntry | None:
    if not isinstance(item, dict) or not all(isinstance(item.get(name), str) for name in _ENTRY_FIELDS):
        return None
    if item["decision"] not in _DECISIONS:
        return None
    scores = {name: item.get(name) for name in _SCORES}
    if not all(map(_is_score, scores.values())):
        return None
    raw = item.get("alternatives")
    alternatives = _well_formed(raw) if isinstance(raw, list) else None
    if raw is not None and (
        alternatives is None or len(alternatives) != len(raw) or len(raw) > MAX_ALTERNATIVES
    ):
        return None
    why = item.get("why")
    if not (why is None or isinstance(why, str)):
        return None
    return HiddenEntry(
        **{name: item[name] for name in _ENTRY_FIELDS}, **scores, alternatives=alternatives or None, why=why
    )
