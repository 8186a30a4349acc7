"""The state database: what tracker has seen (papers, releases), where each source got to, and its runs.

Use `open_store(url)`; it creates or upgrades the schema. Everything else goes through `Store`.
"""

from __future__ import annotations

from tracker.store.cursors import Cursor
from tracker.store.store import Store, open_store
from tracker.store.upsert import UpsertCounts

__all__ = ["Cursor", "Store", "UpsertCounts", "open_store"]
