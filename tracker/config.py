"""rules/tracker.yaml -> a typed, validated Config; one error line naming file, line, key and the fix.

Environment variables override the file so CI and tests can point tracker anywhere:
TRACKER_CONFIG, TRACKER_LIST_REPO, TRACKER_DATABASE_URL, TRACKER_ARXIV_API_URL,
TRACKER_ARXIV_RSS_URL, GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_TOKEN.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from tracker.errors import ConfigError

DEFAULT_CONFIG_PATH = Path("rules/tracker.yaml")
_REPO_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ListTarget(_Strict):
    """Which README tracker maintains."""

    repo: str = "yfzhang114/Awesome-Multimodal-Large-Language-Models"
    path: str = "README.md"
    branch: str = "main"

    @field_validator("repo")
    @classmethod
    def _owner_slash_name(cls, value: str) -> str:
        if not _REPO_RE.match(value):
            raise ValueError(f"must be owner/name, got {value!r}")
        return value


class StateConfig(_Strict):
    url: str = "sqlite:///state/tracker.db"


class ArxivQuery(_Strict):
    """One arXiv API query: categories OR-ed together, AND-ed with an optional keyword expression."""

    name: str
    categories: list[str] = Field(default_factory=list)
    keywords: str | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> ArxivQuery:
        if not self.categories and not self.keywords:
            raise ValueError("a query needs categories, keywords or both")
        return self


class ArxivConfig(_Strict):
    enabled: bool = True
    api_url: str = "https://export.arxiv.org/api/query"
    rss_url: str = "https://rss.arxiv.org/rss"
    categories: list[str] = Field(default_factory=lambda: ["cs.CV", "cs.CL", "cs.AI", "cs.LG"])
    queries: list[ArxivQuery] = Field(default_factory=list)
    rss: bool = True
    rss_announce_types: list[Literal["new", "cross", "replace", "replace-cross"]] = Field(
        default_factory=lambda: ["new", "cross"]
    )
    overlap_days: int = Field(3, ge=0, le=60)
    cold_start_days: int = Field(14, ge=1, le=365)
    page_size: int = Field(2000, ge=1, le=2000)
    delay_seconds: float = Field(3.0, ge=0)
    timeout_seconds: float = Field(30.0, gt=0)
    max_retries: int = Field(4, ge=0, le=10)
    id_batch_size: int = Field(100, ge=1, le=2000)
    title_lookups_per_run: int = Field(50, ge=0, le=2000)


class GithubConfig(_Strict):
    enabled: bool = True
    api_url: str = "https://api.github.com"
    server_url: str = "https://github.com"
    repos: list[str] = Field(default_factory=list)
    track_list_repos: bool = True
    include_prereleases: bool = False
    on_rate_limit: Literal["wait", "stop"] = "wait"
    max_wait_seconds: float = Field(900.0, ge=0)
    timeout_seconds: float = Field(30.0, gt=0)
    mutation_delay_seconds: float = Field(1.0, ge=0)
    token: SecretStr | None = None

    @field_validator("repos")
    @classmethod
    def _repos_are_owner_name(cls, values: list[str]) -> list[str]:
        for value in values:
            if not _REPO_RE.match(value):
                raise ValueError(f"{value!r} is not owner/name")
        return values


class SourcesConfig(_Strict):
    arxiv: ArxivConfig = Field(default_factory=ArxivConfig)
    github: GithubConfig = Field(default_factory=GithubConfig)


class ClassifyConfig(_Strict):
    min_relevance: float = Field(0.5, ge=0, le=1)
    max_candidates_per_run: int = Field(10, ge=1)
    min_confidence: float = Field(0.65, ge=0, le=1)
    sections_file: str = "rules/sections.yaml"


class PublishConfig(_Strict):
    branch: str = "tracker/updates"
    title: str = "tracker: new papers for the list"
    labels: list[str] = Field(default_factory=lambda: ["tracker"])
    max_entries_per_pr: int = Field(30, ge=1)
    mode: Literal["branch", "fork"] = "branch"
    hands_off_on_human_commit: bool = True


class ScheduleConfig(_Strict):
    """The daemon's crontab schedule; checked by building the trigger (APScheduler loads only when set)."""

    cron: str = "0 3 * * *"
    timezone: str = "UTC"
    # how often the daemon looks at the open tracker PR for ticked boxes and then runs `tracker publish`
    # at once (one GitHub request a look); 0 leaves ticks to the next scheduled run
    tick_check_minutes: float = Field(10.0, ge=0)

    @field_validator("cron")
    @classmethod
    def _crontab(cls, value: str) -> str:
        from tracker.scheduler import crontab_trigger

        crontab_trigger(value, "UTC")
        return value

    @field_validator("timezone")
    @classmethod
    def _iana_zone(cls, value: str) -> str:
        from tracker.scheduler import zone

        zone(value)
        return value


class Config(_Strict):
    """Everything a run needs to know; the source file is kept for error messages."""

    list: ListTarget = Field(default_factory=ListTarget)
    state: StateConfig = Field(default_factory=StateConfig)
    sources: SourcesConfig = Field(default_factory=SourcesConfig)
    classify: ClassifyConfig = Field(default_factory=ClassifyConfig)
    publish: PublishConfig = Field(default_factory=PublishConfig)
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig)
    path: str | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _budgets_fit(self) -> Config:
        if self.publish.max_entries_per_pr < 3 * self.classify.max_candidates_per_run:
            raise ValueError(
                "publish.max_entries_per_pr must be at least 3 x classify.max_candidates_per_run"
            )
        return self


_ENV_OVERRIDES: dict[str, tuple[str, ...]] = {
    "TRACKER_LIST_REPO": ("list", "repo"),
    "TRACKER_DATABASE_URL": ("state", "url"),
    "TRACKER_ARXIV_API_URL": ("sources", "arxiv", "api_url"),
    "TRACKER_ARXIV_RSS_URL": ("sources", "arxiv", "rss_url"),
    "GITHUB_API_URL": ("sources", "github", "api_url"),
    "GITHUB_SERVER_URL": ("sources", "github", "server_url"),
    "GITHUB_TOKEN": ("sources", "github", "token"),
}


def _key_lines(node: yaml.Node, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """Map each key path in a YAML document to its 1-based line, for error messages."""
    lines: dict[tuple[str, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            lines[path] = key.start_mark.line + 1
            lines.update(_key_lines(value, path))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = (*prefix, str(index))
            lines[path] = item.start_mark.line + 1
            lines.update(_key_lines(item, path))
    return lines


def read_yaml_with_lines(path: Path) -> tuple[dict[str, Any], dict[tuple[str, ...], int]]:
    """A YAML file whose top level is a mapping, and the line of each key path (("a", "b") for a.b; list
    items by index as text), for `file:line` errors. Empty files are {}; unreadable files and invalid
    YAML raise a one-line ConfigError. tracker/config.py and the classify rules file both read this way."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found; create it or set TRACKER_CONFIG") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}{where}: invalid YAML: {problem}") from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: the top level must be a mapping of settings")
    return data, _key_lines(node) if node is not None else {}


def _apply_env(data: dict[str, Any], environ: dict[str, str]) -> None:
    for variable, keys in _ENV_OVERRIDES.items():
        value = environ.get(variable, "").strip()
        if not value:
            continue
        target = data
        for key in keys[:-1]:
            existing = target.get(key)
            target[key] = existing if isinstance(existing, dict) else {}
            target = target[key]
        target[keys[-1]] = value


def describe_validation_error(
    error: ValidationError,
    path: Path,
    lines: dict[tuple[str, ...], int],
    environ: dict[str, str] | None = None,
) -> str:
    """The first problem of `error` as one line, `file:line: key: problem`, with `lines` from
    `read_yaml_with_lines`; a value that came from an environment override (given `environ`) is named
    by its variable instead of a line."""
    environ = environ or {}
    first = error.errors()[0]
    loc = tuple(str(part) for part in first["loc"])
    line = None
    for depth in range(len(loc), 0, -1):
        line = lines.get(loc[:depth])
        if line:
            break
    key = ".".join(loc) or "(top level)"
    env = next((name for name, keys in _ENV_OVERRIDES.items() if keys == loc and environ.get(name)), None)
    where = f"{path}:{line}" if line and not env else str(path)
    source = f" (from ${env})" if env else ""
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown key; check its spelling against the configuration reference in README.md"
    return f"{where}: {key}{source}: {message}"


def load_config(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Config:
    """Load and validate the configuration; a missing default file means all defaults."""
    environ = dict(os.environ) if environ is None else environ
    explicit = path or environ.get("TRACKER_CONFIG")
    config_path = Path(explicit) if explicit else DEFAULT_CONFIG_PATH
    if explicit or config_path.exists():
        data, lines = read_yaml_with_lines(config_path)
    else:
        data, lines = {}, {}
    _apply_env(data, environ)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc, config_path, lines, environ)) from None
    config.path = str(config_path)
    return config
