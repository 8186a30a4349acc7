"""Alembic migration environment and scripts for the state database (run by tracker.store.migrate)."""
