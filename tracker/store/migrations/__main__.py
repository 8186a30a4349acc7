"""Developer commands for the state schema: write the next revision, move a database up or down.

python -m tracker.store.migrations revision "what changed"
python -m tracker.store.migrations upgrade [REV] [--url URL]
python -m tracker.store.migrations downgrade REV [--url URL]
"""

from __future__ import annotations

import argparse
import os

from tracker.store.db import make_engine
from tracker.store.migrate import DEFAULT_URL, current_revision, downgrade, new_revision, upgrade


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tracker.store.migrations", description="Developer tools for the state schema."
    )
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("revision", help="write the next revision from the models").add_argument("message")
    for name in ("upgrade", "downgrade"):
        action = actions.add_parser(name, help=f"{name} the database at --url")
        action.add_argument("revision", nargs="?" if name == "upgrade" else None, default="head")
        action.add_argument("--url", default=os.environ.get("TRACKER_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args(argv)
    if args.action == "revision":
        print(f"wrote {new_revision(args.message)}")
        return 0
    engine = make_engine(args.url)
    (upgrade if args.action == "upgrade" else downgrade)(engine, args.revision)
    print(f"{engine.url.render_as_string(hide_password=True)} is at revision {current_revision(engine)}")
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
