"""rules/sections.yaml: the maintainer's section rules (pins, excludes, aliases), applied openly.

    aliases:                      # old heading (or path) -> the heading the README has now
      MLLM Alignment: Alignment With Human Preference (MLLM)
    pins:                         # a keyword puts the paper in the section (first matching pin wins)
      - section: Awesome Papers > Multimodal Hallucination
        keywords: [hallucination, hallucinate]
        in: title                 # title (default) or text (title + abstract)
    excludes:                     # a keyword keeps the paper out of the section
      - section: Survey and Outlook
        keywords: [benchmark]

A rule's section is a heading path ("A > B") or, when unambiguous, a heading; aliases are followed first.
Rules whose section is not in the README being classified against are inactive. Keywords match whole
words or phrases, case- and accent-insensitively, CJK included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from tracker.classify.corpus import normalise_text

# The YAML reader and the one-line error formatter are config.py's: one format for every rules file.
from tracker.config import describe_validation_error, read_yaml_with_lines
from tracker.errors import ConfigError
from tracker.listdoc.headings import heading_label

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class KeywordRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section: Text
    keywords: list[Text] = Field(min_length=1)
    where: Literal["title", "text"] = Field("title", alias="in")


class SectionRulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aliases: dict[Text, Text] = Field(default_factory=dict)
    pins: list[KeywordRule] = Field(default_factory=list)
    excludes: list[KeywordRule] = Field(default_factory=list)


@dataclass(frozen=True)
class Rule:
    """One pin or exclude as loaded: `origin` is "file:line" for explanations."""

    kind: Literal["pin", "exclude"]
    section: str
    keywords: tuple[str, ...]
    where: Literal["title", "text"]
    origin: str


@dataclass(frozen=True)
class SectionRules:
    aliases: dict[str, str] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()

    def bind(self, sections: list[str]) -> BoundRules:
        """The rules whose section (after aliases) is one of `sections` (path texts), resolved to it."""
        bound = []
        for rule in self.rules:
            resolved = resolve_section(rule.section, sections, self.aliases)
            if resolved is not None:
                bound.append(_BoundRule(rule, resolved, _keyword_pattern(rule.keywords)))
        return BoundRules(tuple(bound))


NO_RULES = SectionRules()


def _fold(name: str) -> str:
    return " ".join(normalise_text(name).split())


def resolve_section(name: str, sections: list[str], aliases: dict[str, str] | None = None) -> str | None:
    """The path text among `sections` that `name` means: the name itself, else what its aliases say it
    was renamed to, else the old names it was renamed from (an older README); each by exact path, then
    by unique heading. A name copied from the README's heading line (with its `<!-- -->` comment or
    anchor tag) reads as its label (`listdoc.headings.heading_label`), as `tracker add --section` does."""
    for candidate in _alias_names(name, aliases or {}):
        for wanted in dict.fromkeys([_fold(candidate), _fold(heading_label(candidate))]):
            exact = [path for path in sections if _fold(path) == wanted]
            tails = [path for path in sections if _fold(path.split(" > ")[-1]) == wanted]
            if exact or len(tails) == 1:
                return (exact or tails)[0]
    return None


def _alias_names(name: str, aliases: dict[str, str]) -> list[str]:
    forward = {_fold(old): new for old, new in aliases.items()}
    names = [name]
    while _fold(names[-1]) in forward and forward[_fold(names[-1])] not in names:  # renames chain, no loops
        names.append(forward[_fold(names[-1])])
    folded = {_fold(n) for n in names}
    return names + [old for old, new in aliases.items() if _fold(new) in folded and old not in names]


def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(_fold(keyword)) for keyword in keywords)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


@dataclass(frozen=True)
class _BoundRule:
    rule: Rule
    section: str
    pattern: re.Pattern[str]

    def matched(self, folded: str) -> str | None:
        """The keyword found in the folded (`_fold`) title or text, whichever `rule.where` says, if any."""
        found = self.pattern.search(folded)
        return found.group(0) if found else None

    def describe(self, keyword: str) -> str:
        verb = "pinned to" if self.rule.kind == "pin" else "excluded from"
        return f"rule {self.rule.origin}: {verb} '{self.section}' (keyword '{keyword}')"


@dataclass(frozen=True)
class RuleOutcome:
    pinned: str | None
    excluded: frozenset[str]
    fired: tuple[str, ...]


@dataclass(frozen=True)
class BoundRules:
    rules: tuple[_BoundRule, ...] = ()

    def apply(self, title: str, text: str) -> RuleOutcome:
        """Which section a paper is pinned to (first matching pin) and which it is excluded from."""
        pinned: str | None = None
        excluded: set[str] = set()
        fired: list[str] = []
        folded: dict[str, str] = {}  # title and text, each folded once, when a rule first reads it
        for bound in self.rules:
            where = bound.rule.where
            if where not in folded:
                folded[where] = _fold(title if where == "title" else text)
            keyword = bound.matched(folded[where])
            if keyword is None or (bound.rule.kind == "pin" and pinned is not None):
                continue
            if bound.rule.kind == "pin":
                pinned = bound.section
            else:
                excluded.add(bound.section)
            fired.append(bound.describe(keyword))
        if pinned in excluded:
            pinned = None
        return RuleOutcome(pinned, frozenset(excluded), tuple(fired))


def load_section_rules(path: str | Path, *, required: bool = False) -> SectionRules:
    """Read and validate a sections file; a missing file means no rules unless `required`.

    Errors are one ConfigError line, `file:line: key: problem`, like tracker/config.py's.
    """
    path = Path(path)
    if not path.exists() and not required:
        return NO_RULES
    if not path.exists():
        raise ConfigError(f"{path}: sections rules file not found; create it or fix classify.sections_file")
    data, lines = read_yaml_with_lines(path)
    try:
        parsed = SectionRulesFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc, path, lines)) from None
    rules = [
        Rule(kind, rule.section, tuple(rule.keywords), rule.where, f"{path}:{lines.get((key, str(i)), 1)}")
        for kind, key, items in (("exclude", "excludes", parsed.excludes), ("pin", "pins", parsed.pins))
        for i, rule in enumerate(items)
    ]
    return SectionRules(dict(parsed.aliases), tuple(rules))
