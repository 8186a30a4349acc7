"""The state database's tables as typed SQLAlchemy models; the migrations in `migrations/` must match them.

Rows are plain storage: the merge rules live in `papers.py` and `releases.py`, and the rest of
tracker sees `tracker.models` dataclasses, never these classes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tracker.store.types import UTCDateTime, json_column_type

CANDIDATE_STATUSES = ("new", "proposed", "accepted", "rejected", "ignored")


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: json_column_type()}


class PaperRow(Base):
    """One arXiv paper under its canonical id (no version); a newer version updates this same row."""

    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    arxiv_id: Mapped[str] = mapped_column(String, unique=True)
    version: Mapped[int | None]
    title: Mapped[str] = mapped_column(Text)
    abstract: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[str] | None] = mapped_column(json_column_type())
    categories: Mapped[list[str] | None] = mapped_column(json_column_type())
    primary_category: Mapped[str | None] = mapped_column(String)
    published: Mapped[datetime | None]
    updated: Mapped[datetime | None]
    announced: Mapped[datetime | None] = mapped_column(index=True)
    comment: Mapped[str | None] = mapped_column(Text)
    journal_ref: Mapped[str | None] = mapped_column(Text)
    doi: Mapped[str | None] = mapped_column(String)
    links: Mapped[list[str] | None] = mapped_column(json_column_type())
    source: Mapped[str | None] = mapped_column(String)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime | None]


class ReleaseRow(Base):
    """One release of a GitHub repo; `repo_key` is the lower-cased owner/name used for matching."""

    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("repo_key", "tag"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    repo_key: Mapped[str] = mapped_column(String)
    repo: Mapped[str] = mapped_column(String)
    tag: Mapped[str] = mapped_column(String)
    name: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    published: Mapped[datetime | None]
    url: Mapped[str | None] = mapped_column(Text)
    prerelease: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen: Mapped[datetime]


class CandidateRow(Base):
    """Something found for the list (a paper or a release), its review status and the PR that carried it."""

    __tablename__ = "candidates"
    __table_args__ = (
        UniqueConstraint("kind", "key"),
        CheckConstraint("kind IN ('paper', 'release')", name="kind"),
        CheckConstraint("status IN (" + ", ".join(f"'{s}'" for s in CANDIDATE_STATUSES) + ")", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)
    key: Mapped[str] = mapped_column(String)
    paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id", ondelete="SET NULL"))
    release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String, default="new", index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    relevance: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[float | None] = mapped_column(Float)
    decision: Mapped[dict[str, Any] | None]
    pr_number: Mapped[int | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SourceCursorRow(Base):
    """Where one query or feed got to: its watermark (source time, not the local clock), HTTP validators."""

    __tablename__ = "source_cursors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    watermark: Mapped[datetime | None]
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String)
    last_success: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None]


class RunRow(Base):
    """One command run: when, how it ended, what it counted, the requests it made per host, its errors."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    command: Mapped[str] = mapped_column(String)
    started: Mapped[datetime]
    finished: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String, default="running")
    counts: Mapped[dict[str, Any] | None]
    requests: Mapped[dict[str, Any] | None]
    errors: Mapped[list[str] | None] = mapped_column(json_column_type())


class LookupRow(Base):
    """A cached answer from a source (e.g. an arXiv title search); a NULL value caches a miss."""

    __tablename__ = "lookups"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)
    key: Mapped[str] = mapped_column(String)
    value: Mapped[Any] = mapped_column(json_column_type(), nullable=True)
    fetched_at: Mapped[datetime]


class LeaseRow(Base):
    """A named lock held as a lease: who holds it, and until when it counts without a new heartbeat.

    `token` is unique per holding, so a holder only ever renews or releases its own lease, even after a
    restarted process reused its pid.
    """

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String, primary_key=True)
    token: Mapped[str] = mapped_column(String)
    holder_pid: Mapped[int]
    holder_host: Mapped[str] = mapped_column(String)
    acquired_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]
    expires_at: Mapped[datetime]
