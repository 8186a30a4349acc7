"""`tracker demo`: the whole pipeline, offline, on bundled real data served from loopback stand-ins.

It starts the arXiv and GitHub stand-ins (`tracker.demo.DemoStack`), points tracker at them through the
same environment variables a maintainer would set, runs `tracker run` for real (the PR is opened on the
stand-in), and prints the README diff and the PR body. Nothing leaves the machine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from tracker.commands.options import json_option

if TYPE_CHECKING:
    from tracker.cli import AppContext


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@click.command("demo")
@json_option
@click.pass_obj
def demo_cmd(app: AppContext, as_json: bool) -> None:
    """Run fetch, classify and publish offline against bundled data; print the diff and the PR body."""
    from tracker.commands.run_cmds import execute
    from tracker.config import load_config
    from tracker.demo import DemoStack

    with DemoStack() as stack, _environment(stack.env):
        config = load_config(stack.config_path)
        if not as_json:
            click.echo(
                f"demo: {stack.list_repo} on {stack.github.server_url}, arXiv on {stack.arxiv.api_url}",
                err=True,
            )
        execute(config, dry_run=False, since=None, fetch=True, as_json=as_json)
