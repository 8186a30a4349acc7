"""One fetch: run every configured source, store what it returns, move its cursor only after it succeeded.

Each source (an arXiv query, an RSS category, the list README, one repo's releases) is guarded on its own:
a failure records its error on its cursor and in the report, and what the other sources fetched is kept.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from tracker import clock
from tracker.config import Config
from tracker.errors import SourceError
from tracker.listdoc.parse import parse_document
from tracker.models import Paper, Release
from tracker.sources import arxiv_api, arxiv_rss, github
from tracker.sources.http import HttpClients, RateLimitError, make_clients
from tracker.status import record_rate_limit
from tracker.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
LIST_REPOS = "list_repos"  # lookup kind: the repos the list README linked to when last read


@dataclass
class FetchReport:
    """What one fetch did: counts, requests per "HOST:PORT", errors (failed sources) and warnings."""

    papers_new: int = 0
    papers_updated: int = 0
    releases_new: int = 0
    requests: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Fetch:
    """The state of one fetch; each method is one source, `guard` isolates their failures."""

    def __init__(
        self, config: Config, store: Store, clients: HttpClients, since: date | None, progress: Progress
    ) -> None:
        self.config, self.store, self.clients = config, store, clients
        self.since, self.progress = since, progress
        self.report = FetchReport()
        self.now = clock.now()
        self.arxiv_client = arxiv_api.make_client(config.sources.arxiv, clients.arxiv)

    def _failed(self, key: str, exc: SourceError, note: str = "") -> None:
        message = " ".join(str(exc).split())  # one line, whatever a parser put in its message
        log.info("%s failed: %s", key, message)  # reported once, by the command
        self.report.errors.append(f"{key}: {message}{note}")
        self.store.save_cursor_error(key, message)

    def guard(self, key: str, work: Callable[[], None]) -> bool:
        """Run one source; on SourceError record it on the cursor and in the report and go on."""
        try:
            work()
        except SourceError as exc:
            self._failed(key, exc)
            return False
        return True

    def _store_papers(self, papers: list[Paper]) -> None:
        counts = self.store.upsert_papers(papers)
        self.report.papers_new += counts.new
        self.report.papers_updated += counts.updated

    def _store_releases(self, releases: list[Release]) -> None:
        self.report.releases_new += self.store.upsert_releases(releases).new

    # arXiv -----------------------------------------------------------------------------------------
    def arxiv_query(self, query: Any) -> None:
        key = f"arxiv:query:{query.name}"
        cursor = self.store.get_cursor(key)
        start = arxiv_api.window_start(
            cursor.watermark if cursor else None, self.since, self.config.sources.arxiv, self.now
        )
        self.progress(f"arXiv query {query.name}: submitted since {start:%Y-%m-%d %H:%M}")
        result = arxiv_api.fetch_query(self.arxiv_client, query, start, self.now)
        self._store_papers(result.papers)
        self.store.save_cursor_success(key, watermark=result.watermark)

    def arxiv_rss(self, category: str) -> None:
        key = f"arxiv:rss:{category}"
        cursor = self.store.get_cursor(key)
        cfg = self.config.sources.arxiv
        self.progress(f"arXiv RSS {category}")
        result = arxiv_rss.fetch_category(
            self.clients.arxiv,
            cfg.rss_url,
            category,
            etag=cursor.etag if cursor else None,
            last_modified=cursor.last_modified if cursor else None,
            last_built=cursor.watermark if cursor else None,
            announce_types=cfg.rss_announce_types,
            now=self.now,
        )
        self.report.warnings.extend(result.warnings)
        self._store_papers(result.papers)
        self.store.save_cursor_success(
            key, watermark=result.built, etag=result.etag, last_modified=result.last_modified
        )

    def enrich_list_papers(self, readme: str) -> None:
        """Metadata for the list's own papers: id_list batches for ids without abstract, then exact titles."""
        cfg = self.config.sources.arxiv
        entries = parse_document(readme).entries()
        missing = self.store.papers_without_abstract({e.arxiv_id for e in entries if e.arxiv_id})
        if missing:
            self.progress(f"arXiv id_list: {len(missing)} list papers without abstract")
            self._store_papers(arxiv_api.lookup_ids(self.arxiv_client, missing, cfg.id_batch_size))
        titles = [entry.title for entry in entries if not entry.arxiv_id]
        found = arxiv_api.lookup_titles(self.arxiv_client, self.store, titles, cfg.title_lookups_per_run)
        self._store_papers(found)

    # GitHub ----------------------------------------------------------------------------------------
    @property
    def readme_key(self) -> str:
        target = self.config.list
        return f"github:readme:{target.repo}/{target.path}@{target.branch}"

    def cached_list_repos(self) -> list[str]:
        """The repos the README linked to when it was last read (none before the first read)."""
        return list(self.store.get_lookup(LIST_REPOS, self.readme_key)[1] or [])

    def list_readme(self) -> list[str]:
        """The repos the list links to; reads the README conditionally, enriches its papers if it changed."""
        target = self.config.list
        key = self.readme_key
        cursor = self.store.get_cursor(key)
        found, cached = self.store.get_lookup(LIST_REPOS, key)
        etag = cursor.etag if cursor and found else None  # without the cached list, read it in full
        self.progress(f"list README {target.repo}/{target.path}")
        fetched = github.fetch_readme(
            self.clients.github, self.config.sources.github, target.repo, target.path, target.branch, etag
        )
        if fetched.not_modified:
            self.store.save_cursor_success(key)
            return list(cached or [])
        assert fetched.text is not None
        repos = github.repos_from_readme(fetched.text)
        enrich = lambda: self.enrich_list_papers(fetched.text or "")  # noqa: E731
        if self.config.sources.arxiv.enabled and not self.guard("arxiv:list-papers", enrich):
            return repos  # ETag not saved: the next run reads the README again and retries the lookups
        self.store.save_lookup(LIST_REPOS, key, repos)
        self.store.save_cursor_success(key, etag=fetched.etag)
        return repos

    def releases(self, repos: list[str]) -> None:
        """Each repo's releases; a rate limit that may not be waited out stops the rest cleanly."""
        cfg = self.config.sources.github
        api = None if cfg.include_prereleases else github.make_api(cfg, self.clients.counter)
        for index, repo in enumerate(repos, 1):
            if index % 25 == 0 or index == len(repos):
                self.progress(f"GitHub releases {index}/{len(repos)}")
            key = f"github:releases:{repo.lower()}"
            try:
                self.repo_releases(key, repo, api)
            except RateLimitError as exc:
                self._failed(key, exc, f" (stopped; {len(repos) - index} repos not read)")
                return
            except SourceError as exc:
                self._failed(key, exc)

    def _note_rate_limit(self, api: github.GithubApi) -> None:
        """Keep the API budget GitHub's last answer reported, for `tracker status` (no extra request)."""
        remaining, limit = api.gh.requester.rate_limiting
        if limit >= 0:  # -1 until a response with x-ratelimit-* headers was seen
            record_rate_limit(self.store, remaining, limit, api.gh.requester.rate_limiting_resettime)

    def repo_releases(self, key: str, repo: str, api: github.GithubApi | None) -> None:
        cursor = self.store.get_cursor(key)
        cfg = self.config.sources.github
        etag = cursor.etag if cursor else None
        feed = github.fetch_release_feed(self.clients.github, cfg.server_url, repo, etag)
        if feed.status == "missing":
            self.report.warnings.append(f"GitHub repo {repo}: releases.atom answered 404 (renamed/deleted?)")
            return
        if feed.status == "not_modified":
            self.store.save_cursor_success(key)
            return
        fresh = github.new_since(feed.releases, cursor.watermark if cursor else None)
        if fresh and api is not None:  # prereleases are excluded, and only the API knows which they are
            try:
                github.fill_prerelease_flags(api, fresh[0].repo, fresh)
            finally:
                self._note_rate_limit(api)
            fresh = [release for release in fresh if not release.prerelease]
        self._store_releases(fresh)
        newest = max((r.published for r in feed.releases if r.published), default=None)
        self.store.save_cursor_success(key, watermark=newest, etag=feed.etag)


def fetch(
    config: Config,
    store: Store,
    since: date | None = None,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
    record_run: bool = True,
) -> FetchReport:
    """Run the configured sources once, store their results, and record the run; never raises SourceError.

    `sleep` is every backoff and rate-limit wait of the run (tests pass a recorder instead of waiting);
    `record_run=False` when the fetch is a stage of `tracker run`, which records itself."""
    started = time.monotonic()
    clients = make_clients(config.sources, sleep=sleep)
    run = _Fetch(config, store, clients, since, progress or (lambda message: None))
    run_id = store.start_run("fetch") if record_run else None
    arxiv_cfg, github_cfg = config.sources.arxiv, config.sources.github
    status = "crashed"  # unless the sources below return, successful or not
    try:
        if arxiv_cfg.enabled:
            for query in arxiv_cfg.queries:
                run.guard(f"arxiv:query:{query.name}", lambda q=query: run.arxiv_query(q))
            if arxiv_cfg.rss:
                for category in arxiv_cfg.categories:
                    run.guard(f"arxiv:rss:{category}", lambda c=category: run.arxiv_rss(c))
        if github_cfg.enabled:
            repos = list(github_cfg.repos)
            if github_cfg.track_list_repos and not run.guard(
                run.readme_key, lambda: repos.extend(run.list_readme())
            ):
                repos.extend(run.cached_list_repos())  # a README that failed today still names its repos
            run.releases(_unique_repos(repos))
        status = "failed" if run.report.errors else "ok"
    finally:
        report = run.report
        report.requests = clients.counter.as_dict()
        report.seconds = round(time.monotonic() - started, 3)
        clients.close()
        if run_id is not None:
            store.finish_run(
                run_id,
                status=status,
                counts={k: getattr(report, k) for k in ("papers_new", "papers_updated", "releases_new")},
                requests=report.requests,
                errors=report.errors,
            )
    return report


def _unique_repos(repos: list[str]) -> list[str]:
    """owner/name once each, case-insensitively, first spelling kept."""
    seen: dict[str, str] = {}
    for repo in repos:
        seen.setdefault(repo.lower(), repo)
    return list(seen.values())
