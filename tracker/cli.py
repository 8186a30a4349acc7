"""The `tracker` command: global options, error-to-exit-code mapping, and the command registry.

Commands live in `tracker/commands/`, one module per stage; this file only wires them.
Exit codes: 0 ok, 1 failed, 2 bad usage or config. Errors are one line; tracebacks only with --debug.
"""

from __future__ import annotations

import logging
import sys
import traceback
from dataclasses import dataclass, field

import click

from tracker.config import Config, load_config
from tracker.errors import TrackerError
from tracker.output import setup_logging
from tracker.secrets import redact


@dataclass
class AppContext:
    """Shared by every command: global flags and the lazily loaded configuration."""

    debug: bool = False
    config_path: str | None = None
    _config: Config | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Debug logs and full tracebacks on errors.")
@click.option("-v", "--verbose", is_flag=True, help="Show tracker's debug logs too.")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr; no progress.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Configuration file (default: $TRACKER_CONFIG or rules/tracker.yaml).",
)
@click.version_option(package_name="tracker")
@click.pass_context
def cli(ctx: click.Context, debug: bool, verbose: bool, quiet: bool, config_path: str | None) -> None:
    """Keep a curated awesome list of papers up to date through one reviewed pull request."""
    if quiet and (verbose or debug):
        raise click.UsageError("--quiet cannot be combined with --verbose or --debug")
    setup_logging(debug, verbose=verbose, quiet=quiet)
    ctx.obj = AppContext(debug=debug, config_path=config_path)


def _register() -> None:
    from tracker.commands import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_register()


def _fail(message: str, code: int) -> None:
    sys.stderr.write(f"error: {redact(message)}\n")
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn every failure into one line and an exit code."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="tracker", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _fail("aborted", 1)
    except click.ClickException as exc:
        if debug:
            traceback.print_exc()
        _fail(exc.format_message(), 2)
    except TrackerError as exc:
        if debug:
            sys.stderr.write(redact(traceback.format_exc()))
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, no traceback
        if debug:
            sys.stderr.write(redact(traceback.format_exc()))
        logging.getLogger("tracker").debug("unexpected failure", exc_info=True)
        _fail(f"unexpected {type(exc).__name__}: {exc} (rerun with --debug for the traceback)", 1)
    sys.exit(0)


if __name__ == "__main__":
    main()
