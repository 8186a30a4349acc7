"""Alembic revisions, oldest first: each file is history and is never edited after release."""
