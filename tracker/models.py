"""Domain types shared by every stage: what a source yields and what the store keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Paper:
    """One arXiv paper, identified by its canonical id without version (e.g. `2504.16936`, `cs/0101001`)."""

    arxiv_id: str
    title: str
    abstract: str = ""
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    primary_category: str | None = None
    version: int | None = None
    published: datetime | None = None
    updated: datetime | None = None
    announced: datetime | None = None
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    links: list[str] = field(default_factory=list)
    source: str | None = None


@dataclass
class Release:
    """One release of a GitHub repository (`owner/name`, case kept as GitHub spells it)."""

    repo: str
    tag: str
    name: str = ""
    body: str = ""
    published: datetime | None = None
    url: str = ""
    prerelease: bool = False
