"""Configuration: defaults, environment overrides, and one-line errors naming file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.config import load_config
from tracker.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tracker.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_starter_config_targets_the_first_user() -> None:
    config = load_config(ROOT / "rules" / "tracker.yaml", environ={})
    assert config.list.repo == "yfzhang114/Awesome-Multimodal-Large-Language-Models"
    assert (config.list.path, config.list.branch) == ("README.md", "main")
    assert config.sources.arxiv.categories == ["cs.CV", "cs.CL", "cs.AI", "cs.LG"]
    assert config.publish.max_entries_per_pr >= 3 * config.classify.max_candidates_per_run


def test_environment_overrides_file(tmp_path: Path) -> None:
    path = write(tmp_path, "list:\n  repo: a/b\n")
    env = {
        "TRACKER_LIST_REPO": "someone/list",
        "TRACKER_DATABASE_URL": "sqlite:////tmp/x.db",
        "TRACKER_ARXIV_API_URL": "http://127.0.0.1:1/api/query",
        "TRACKER_ARXIV_RSS_URL": "http://127.0.0.1:1/rss",
        "GITHUB_API_URL": "http://127.0.0.1:2",
        "GITHUB_SERVER_URL": "http://127.0.0.1:3",
        "GITHUB_TOKEN": "sentinel-token-value",
    }
    config = load_config(path, environ=env)
    assert config.list.repo == "someone/list"
    assert config.state.url == "sqlite:////tmp/x.db"
    assert config.sources.arxiv.api_url.endswith(":1/api/query")
    assert config.sources.arxiv.rss_url.endswith(":1/rss")
    assert config.sources.github.api_url == "http://127.0.0.1:2"
    assert config.sources.github.server_url == "http://127.0.0.1:3"
    assert config.sources.github.token.get_secret_value() == "sentinel-token-value"
    assert "sentinel-token-value" not in repr(config)


def test_tracker_config_variable_picks_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "list:\n  branch: develop\n")
    assert load_config(environ={"TRACKER_CONFIG": str(path)}).list.branch == "develop"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("classify:\n  min_relevance: 3\n", ":2: classify.min_relevance: Input should be less than or equal"),
        ("list:\n  repo: not-a-repo\n", ":2: list.repo: Value error, must be owner/name"),
        ("publish:\n  brnch: x\n", ":2: publish.brnch: unknown key"),
        ("sources:\n  arxiv:\n    queries:\n      - name: q\n", ":4: sources.arxiv.queries.0: Value error"),
        ("list: [1, 2\n", ": invalid YAML"),
        ("- just\n- a list\n", ":1: the top level must be a mapping"),
    ],
)
def test_bad_file_gets_one_line_naming_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert expected in message


def test_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    with pytest.raises(ConfigError, match=r"list.repo \(from \$TRACKER_LIST_REPO\)"):
        load_config(path, environ={"TRACKER_LIST_REPO": "nope"})


def test_missing_explicit_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "absent.yaml", environ={})


def test_budget_rule_is_enforced(tmp_path: Path) -> None:
    path = write(tmp_path, "classify:\n  max_candidates_per_run: 20\npublish:\n  max_entries_per_pr: 30\n")
    with pytest.raises(ConfigError, match="at least 3 x"):
        load_config(path, environ={})
