"""Schema migrations with Alembic, run from code: no alembic.ini, the scripts ship inside the package.

`upgrade(engine)` brings any database made by an older tracker to the current schema in place.
Developers: `python -m tracker.store.migrations revision "what changed"` writes the next numbered
revision from the models; `upgrade` / `downgrade REV [--url URL]` move a database.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from tracker.store.db import make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DEFAULT_URL = "sqlite:///state/tracker.db"


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config pointing at the packaged scripts; `engine` is handed to env.py."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database behind `engine` to `revision` (default: the newest schema)."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Step the schema back to `revision` (for developers; tracker itself only upgrades)."""
    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest revision shipped with this tracker."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migration scripts found"
    return head


def new_revision(message: str) -> Path:
    """Write the next numbered revision (e.g. 0003_message.py) from the difference between the models
    and the current head, computed on a scratch SQLite database; review the file before committing it."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'scratch.db'}")
        upgrade(engine)
        config = alembic_config(engine)
        config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
        script = command.revision(
            config, message=message, autogenerate=True, rev_id=f"{int(head_revision()) + 1:04d}"
        )
        engine.dispose()
    assert script is not None and not isinstance(script, list)
    return Path(script.path)
