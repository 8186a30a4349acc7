"""Click commands, one module per stage; COMMANDS is what `tracker` registers."""

from __future__ import annotations

import click

from tracker.commands.classify_cmds import classify_cmd
from tracker.commands.config_cmds import config_cmd
from tracker.commands.daemon_cmds import daemon_cmd
from tracker.commands.demo_cmds import demo_cmd
from tracker.commands.eval_cmds import eval_cmd
from tracker.commands.fetch_cmds import fetch_cmd
from tracker.commands.listdoc_cmds import add_cmd, list_cmd
from tracker.commands.run_cmds import publish_cmd, run_cmd
from tracker.commands.status_cmds import status_cmd
from tracker.commands.store_cmds import import_cmd

COMMANDS: list[click.Command] = [
    config_cmd, list_cmd, add_cmd, import_cmd, fetch_cmd, classify_cmd, eval_cmd, run_cmd, publish_cmd,
    status_cmd, daemon_cmd, demo_cmd,
]  # fmt: skip
