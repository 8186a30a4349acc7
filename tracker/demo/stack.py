"""The offline demo's world: arXiv and GitHub stand-ins serving the bundled real data, and a config for them.

`DemoStack` starts both stand-ins on loopback, puts the bundled list README in a GitHub repo, publishes
the bundled releases, and writes a config (and a fresh SQLite state database) into a work directory.
Running tracker with `stack.env` applied then needs no network at all. `tracker demo` and the
end-to-end tests use it the same way:

    with DemoStack() as stack:
        os.environ.update(stack.env)   # or pass env= to a child process
        ...                            # tracker fetch / classify / run against the stand-ins
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Self

import yaml

from tracker.demo.arxiv_listing import last_build
from tracker.demo.arxiv_standin import ArxivStandIn
from tracker.demo.bundle import Bundle, load_bundle
from tracker.demo.github_api import GitHubStandIn

LIST_REPO = "demo/awesome-mllm"
BOT_LOGIN = "tracker-bot"
TOKEN = "ghp_tracker-demo-stand-in-token"  # not a real token: the stand-in accepts this one only
# The maintainer's query (rules/tracker.yaml), plus the four categories whole: one cold start then stores
# the window's every paper, the background a fortnight of nightly RSS listings would have given.
QUERIES = [
    {
        "name": "mllm",
        "categories": ["cs.CV", "cs.CL", "cs.AI", "cs.LG"],
        "keywords": 'abs:"multimodal large language model" OR abs:MLLM OR abs:"vision-language model"'
        ' OR abs:"large vision-language model"',
    },
    {"name": "background", "categories": ["cs.CV", "cs.CL", "cs.AI", "cs.LG"]},
]
_RULES = Path(__file__).resolve().parents[2] / "rules" / "sections.yaml"  # present in a checkout


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


class DemoStack:
    """Both stand-ins, the demo config and a fresh state database; a context manager (or start()/stop()).

    `workdir` holds config.yaml, state.db and README.md (the list, for `tracker classify --list`); a
    temporary one is made and removed unless given. `config` is deep-merged into the demo config.
    """

    def __init__(
        self,
        workdir: Path | None = None,
        *,
        bundle: Bundle | None = None,
        config: Mapping[str, Any] | None = None,
    ) -> None:
        self.bundle = bundle or load_bundle()
        self.now = self.bundle.now
        self.list_repo = LIST_REPO
        self.token = TOKEN
        self._own_workdir = workdir is None
        self._workdir = workdir
        self._overrides = dict(config or {})
        self.arxiv = ArxivStandIn(
            self.bundle.papers,
            {category: self.bundle.listing(category) for category in self.bundle.categories},
            rss_built=last_build(self.now),
            clock=lambda: self.now,
        )
        self.github = GitHubStandIn(login=BOT_LOGIN, clock=lambda: self.now)
        self.config: dict[str, Any] = {}

    # lifecycle --------------------------------------------------------------------------------------------
    def start(self) -> Self:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.arxiv.start()
        self.github.start()
        self._publish_github()
        self.readme_path.write_bytes(self.bundle.readme.encode("utf-8"))
        self.config = _merge(self._demo_config(), self._overrides)
        self.config_path.write_text(yaml.safe_dump(self.config, sort_keys=False), encoding="utf-8")
        return self

    def stop(self) -> None:
        self.github.stop()
        self.arxiv.stop()
        if self._own_workdir and self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def __enter__(self) -> Self:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # where things are -------------------------------------------------------------------------------------
    @property
    def workdir(self) -> Path:
        if self._workdir is None:
            self._workdir = Path(tempfile.mkdtemp(prefix="tracker-demo-"))
        return self._workdir

    @property
    def config_path(self) -> Path:
        return self.workdir / "config.yaml"

    @property
    def readme_path(self) -> Path:
        return self.workdir / "README.md"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.workdir / 'state.db'}"

    @property
    def env(self) -> dict[str, str]:
        """Variables to apply on top of the environment. Every endpoint variable is set (to the same values
        as the config), so one inherited from the shell or a GitHub Action cannot reach the network."""
        return {
            "TRACKER_CONFIG": str(self.config_path),
            "TRACKER_NOW": self.now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "TRACKER_LIST_REPO": self.list_repo,
            "TRACKER_DATABASE_URL": self.database_url,
            "TRACKER_ARXIV_API_URL": self.arxiv.api_url,
            "TRACKER_ARXIV_RSS_URL": self.arxiv.rss_url,
            "GITHUB_API_URL": self.github.url,
            "GITHUB_SERVER_URL": self.github.server_url,
            "GITHUB_TOKEN": self.token,
        }

    # setting up -------------------------------------------------------------------------------------------
    def _publish_github(self) -> None:
        """The list repo first (the stand-in's default), every repo the README links, the releases."""
        github = self.github
        github.add_token(self.token, BOT_LOGIN)
        github.create_repo(self.list_repo, {"README.md": self.bundle.readme}, description="The demo's list")
        for repo in [*self.bundle.linked_repos, *self.bundle.tracked_repos]:
            if repo.lower() not in github.state.repos:
                github.create_repo(repo, {"README.md": f"# {repo.split('/')[1]}\n"})
        for release in self.bundle.releases:
            github.add_release(
                release.repo,
                release.tag,
                release.name,
                release.body,
                release.published,
                prerelease=release.prerelease,
                author=release.author,
                updated=release.updated,
                avatar_url=release.avatar_url,
            )

    def _demo_config(self) -> dict[str, Any]:
        """rules/tracker.yaml's shape, pointed at the stand-ins, with no politeness delays (loopback)."""
        classify: dict[str, Any] = {"sections_file": str(_RULES)} if _RULES.exists() else {}
        return {
            "list": {"repo": self.list_repo, "path": "README.md", "branch": "main"},
            "state": {"url": self.database_url},
            "sources": {
                "arxiv": {
                    "api_url": self.arxiv.api_url,
                    "rss_url": self.arxiv.rss_url,
                    "categories": list(self.bundle.categories),
                    "queries": copy.deepcopy(QUERIES),
                    "rss": True,
                    "cold_start_days": 14,
                    "delay_seconds": 0,
                    "timeout_seconds": 30,
                    "max_retries": 2,
                },
                "github": {
                    "api_url": self.github.url,
                    "server_url": self.github.server_url,
                    "repos": list(self.bundle.tracked_repos),
                    "track_list_repos": True,
                    "include_prereleases": False,
                    "on_rate_limit": "stop",
                    "timeout_seconds": 30,
                    "mutation_delay_seconds": 0,
                },
            },
            "classify": classify,
            "publish": {"branch": "tracker/updates", "labels": ["tracker"], "mode": "branch"},
        }
