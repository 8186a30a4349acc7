"""Relevance recall over the real firehose, week by week, training only on what was known before each week.

Protocol (issue 4), per list and per week of the firehose (Monday to Sunday):
- known: the README as it was at the week's start (the latest stored version dated before the week) and
  the abstracts of the papers in it;
- training: positives are that README's entries (plus, by default, the gold additions made between that
  stored version and the week: the live README had them, and BradyFU's stored versions are months
  apart), negatives the `max_background` most recent firehose papers listed before the week that the
  list had not taken (as far as was known then: later additions stay in the background, as they would);
- scored: the week's firehose papers the README does not have yet;
- gold: those the maintainers added (gold/<list>_additions.jsonl, by arXiv id, or by the id the abstract
  file matched for the entry's title) on or after the week's start;
- recall at K: gold papers ranked within K x (days of the week inside the firehose), summed over weeks.
"""

from __future__ import annotations

import sys
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from tracker import ids
from tracker.classify.corpus import paper_text
from tracker.classify.eval_data import LIST_REPOS, additions, load_abstracts, read_jsonl
from tracker.classify.relevance import RelevanceModel, RelevanceSettings, recency_weights
from tracker.classify.termcounts import TermCounts
from tracker.classify.training import Example, MappingAbstracts, training_examples
from tracker.listdoc.model import Document
from tracker.listdoc.parse import read_document
from tracker.listdoc.replay import Version, versions

Progress = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Firehose:
    """The firehose papers ordered by listing day; month-only days are inferred from arXiv id order."""

    ids: list[str]
    titles: list[str]
    texts: list[str]
    days: list[date]

    @classmethod
    def load(cls, arxiv_dir: Path) -> Firehose:
        rows = {}
        for path in sorted(arxiv_dir.glob("firehose-*.jsonl.gz")):
            for row in read_jsonl(path):
                rows.setdefault(row["arxiv_id"], row)
        ordered = sorted(rows.values(), key=lambda row: row["arxiv_id"])
        days = _listing_days([row.get("first_listing_date") or "" for row in ordered])
        order = sorted(range(len(ordered)), key=lambda i: (days[i], ordered[i]["arxiv_id"]))
        return cls(
            ids=[ordered[i]["arxiv_id"] for i in order],
            titles=[ordered[i]["title"] for i in order],
            texts=[paper_text(ordered[i]["title"], ordered[i].get("abstract")) for i in order],
            days=[days[i] for i in order],
        )


def _listing_days(values: list[str]) -> list[date]:
    """Full dates as given; a bare "YYYY-MM" takes the last full date seen before it in id order,
    clamped to that month (ids grow with submission time, so neighbours were listed about then)."""
    found: list[date] = []
    last: date | None = None
    for value in values:
        if len(value) >= 10:
            last = date.fromisoformat(value[:10])
            found.append(last)
            continue
        first = date.fromisoformat(f"{value}-01") if len(value) == 7 else (last or date.min)
        month_end = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        guess = last if last and first <= last <= month_end else first
        found.append(guess)
    return found


@dataclass
class ListHistory:
    """One list's README versions, first-addition dates by arXiv id, and what is known of its entries."""

    name: str
    versions: list[Version]
    added: dict[str, str]  # arXiv id -> the first commit date (ISO) the list added it
    abstracts: MappingAbstracts
    additions: list[tuple[str, str, str]]  # (commit date, arXiv id or "", text) per gold addition
    documents: dict[Path, Document] = field(default_factory=dict)
    parsed: dict[Path, list[Example]] = field(default_factory=dict)

    def version_before(self, day: date) -> Version | None:
        earlier = [v for v in self.versions if v.day < day.isoformat()]
        return earlier[-1] if earlier else None

    def readme(self, version: Version) -> Document:
        if version.path not in self.documents:
            self.documents[version.path] = read_document(version.path)
        return self.documents[version.path]

    def examples(self, version: Version) -> list[Example]:
        if version.path not in self.parsed:
            self.parsed[version.path] = training_examples(self.readme(version), self.abstracts)
        return self.parsed[version.path]

    def entry_texts(self, version: Version) -> list[str]:
        return [example.text for example in self.examples(version)]

    def texts(self) -> list[str]:
        """Every text a week may train on: the entries of every version and every gold addition."""
        return [t for v in self.versions for t in self.entry_texts(v)] + [t for _, _, t in self.additions]


def load_history(data_dir: Path, name: str) -> ListHistory:
    """A list's history from gold/ and lists/; an addition's arXiv id is its own, else its title's match."""
    gold = data_dir / "gold"
    repo = LIST_REPOS.get(name, name)
    matched = {
        row["entry_uid"]: row["matched_arxiv_id"]
        for row in read_jsonl(gold / "list_entry_abstracts.jsonl.gz")
        if row["list"].startswith(repo) and row.get("matched_arxiv_id")
    }
    abstracts = load_abstracts(gold, [data_dir / "arxiv" / "list-papers-outside-firehose.jsonl.gz"])
    added: dict[str, str] = {}
    rows = []
    for row in additions(gold, name):
        arxiv_id = row.get("arxiv_id") or matched.get(row["entry_uid"]) or ""
        if arxiv_id:
            added.setdefault(arxiv_id, row["commit_date"])
        text = paper_text(row["title"], abstracts.for_addition(name, row))
        rows.append((row["commit_date"], arxiv_id, text))
    return ListHistory(name, versions(data_dir, name), added, abstracts.lookup(), rows)


class RelevanceCorpus:
    """The firehose papers listed before `until` plus every list text, tokenised once (TermCounts)."""

    def __init__(self, firehose: Firehose, histories: Iterable[ListHistory], settings: RelevanceSettings,
                 until: date | None = None) -> None:  # fmt: skip
        end = bisect_left(firehose.days, until) if until else len(firehose.days)
        texts = firehose.texts[:end]
        self.rows: dict[str, int] = {}
        for history in histories:
            for text in history.texts():
                self.rows.setdefault(text, len(texts) + len(self.rows))
        self.counts = TermCounts([*texts, *self.rows], settings.vectorizer())


@dataclass
class Week:
    """One week's replay: what was known at its start, what it brought, and the gold among it."""

    start: date
    days: int  # days of the week inside the firehose
    positives: list[str]
    positive_ids: list[str | None]
    background: list[int]  # firehose rows, newest first
    scored: list[int]  # firehose rows
    gold: list[int]  # positions in `scored`


def _week(history: ListHistory, firehose: Firehose, start: date, max_background: int,
          with_additions: bool) -> Week | None:  # fmt: skip
    version = history.version_before(start)
    if version is None:
        return None
    entries = history.readme(version).entries()
    listed_ids = {e.arxiv_id for e in entries if e.arxiv_id}
    listed_titles = {ids.normalize_title(e.title) for e in entries}
    day = start.isoformat()
    taken = listed_ids | {i for i, when in history.added.items() if when[:10] < day}
    positives = history.entry_texts(version)
    positive_ids = [example.entry.arxiv_id for example in history.examples(version)]
    if with_additions:  # added since the stored version but before the week: the live README had them
        recent = [
            (i, t)
            for when, i, t in history.additions
            if version.day <= when[:10] < day and i not in listed_ids
        ]
        positives += [t for _, t in recent]
        positive_ids += [i or None for i, _ in recent]
    lo = bisect_left(firehose.days, start)
    hi = bisect_left(firehose.days, start + timedelta(days=7))
    background = [i for i in range(lo - 1, -1, -1) if firehose.ids[i] not in taken][:max_background]
    scored = [
        i
        for i in range(lo, hi)
        if firehose.ids[i] not in taken and ids.normalize_title(firehose.titles[i]) not in listed_titles
    ]
    gold = [j for j, i in enumerate(scored) if history.added.get(firehose.ids[i], "")[:10] >= day]
    end = min(start + timedelta(days=7), firehose.days[-1] + timedelta(days=1))
    return Week(
        start, (end - max(start, firehose.days[0])).days, positives, positive_ids, background, scored, gold
    )


def _ranks(week: Week, corpus: RelevanceCorpus, settings: RelevanceSettings) -> list[int]:
    """The 1-based rank of each gold paper among the week's scored papers."""
    positives = [corpus.rows[text] for text in week.positives]
    train, test = corpus.counts.tfidf([*positives, *week.background], week.scored)
    weights = recency_weights(week.positive_ids, settings.recency_half_life)
    model = RelevanceModel(settings).fit_vectors(
        train, len(positives), len(week.background), calibrate=False, positive_weights=weights
    )
    order = np.argsort(-model.ranking_scores(test), kind="stable")
    ranks = np.empty(len(order), dtype=int)
    ranks[order] = np.arange(1, len(order) + 1)
    return [int(ranks[j]) for j in week.gold]


def evaluate_relevance(
    data_dir: Path,
    list_name: str,
    budgets: Iterable[int] = (5, 10, 20),
    max_background: int = 8000,
    settings: RelevanceSettings | None = None,
    *,
    with_additions: bool = True,
    since: date | None = None,
    until: date | None = None,
    firehose: Firehose | None = None,
    corpus: RelevanceCorpus | None = None,
    progress: Progress | None = _stderr,
) -> dict:
    """Recall at each daily budget (papers/day) for one list, with the gold count and every gold rank.

    `since`/`until` limit the weeks replayed (by their Monday); `firehose` and `corpus` may be shared
    between calls (the corpus must hold this list's texts). `with_additions=False` trains on the stored
    README version only, as the issue's anchor did.
    """
    started = time.monotonic()
    say = progress or (lambda message: None)
    settings = settings or RelevanceSettings()
    firehose = firehose or Firehose.load(data_dir / "arxiv")
    history = load_history(data_dir, list_name)
    weeks = [
        week
        for start in _mondays(firehose, since, until)
        if (week := _week(history, firehose, start, max_background, with_additions)) and week.background
        and week.scored
    ]  # fmt: skip
    corpus = corpus or RelevanceCorpus(firehose, [history], settings, until)
    say(f"{list_name}: replaying {len(weeks)} weeks")
    rows, n_scored = [], 0
    for week in weeks:
        n_scored += len(week.scored)
        ranks = _ranks(week, corpus, settings) if week.gold else []
        for j, rank in zip(week.gold, ranks, strict=True):
            rows.append({"week": week.start.isoformat(), "arxiv_id": firehose.ids[week.scored[j]],
                         "rank": rank, "days": week.days})  # fmt: skip
        if week.gold:
            say(f"{list_name} week {week.start}: {len(week.scored)} papers, gold ranks {ranks}")
    summary: dict = {"list": list_name, "gold": len(rows), "weeks": len(weeks), "scored": n_scored}
    for k in budgets:
        hits = sum(row["rank"] <= k * row["days"] for row in rows)
        summary[f"recall@{k}"] = round(hits / len(rows), 4) if rows else None
    summary["gold_ranks"] = rows
    summary["seconds"] = round(time.monotonic() - started, 1)
    say(f"{list_name}: " + ", ".join(f"{k} {v}" for k, v in summary.items() if k.startswith("recall")))
    return summary


def _mondays(firehose: Firehose, since: date | None, until: date | None) -> list[date]:
    """The Monday of every week the firehose touches, within [since, until)."""
    first, last = firehose.days[0], firehose.days[-1]
    monday = first - timedelta(days=first.weekday())
    found = []
    while monday <= last:
        if (since is None or monday >= since) and (until is None or monday < until):
            found.append(monday)
        monday += timedelta(days=7)
    return found
