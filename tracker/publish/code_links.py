"""Where a paper's code lives: a GitHub repo named in its abstract or comment, or a tracked release naming it.

Authors write "Code: https://github.com/Owner/Name." at the end of an abstract or in the arXiv comment;
the list's Code column wants exactly that repo page. Repo identity and validity come from `tracker.ids`;
this module only finds candidates in free text and keeps the owner's spelling for the link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from tracker.ids import arxiv_id_from_url, github_repo_from_url, normalize_arxiv_id
from tracker.models import Release

# github.com/OWNER/NAME, with or without scheme; not a subdomain (gist.github.com) nor an e-mail domain.
_GITHUB_REPO = re.compile(
    r"(?<![\w.@-])(?:https?://)?(?:www\.)?github\.com/([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+)",
    re.IGNORECASE,
)
_PAPER_URL = re.compile(
    r"(?:https?://)?(?:www\.|export\.)?(?:arxiv\.org|huggingface\.co|hf\.co)/[^\s<>()\[\]{}\"']+",
    re.IGNORECASE,
)
_BARE_NEW_ID = re.compile(r"(?<![\w./-])(\d{4}\.\d{4,5})(?:v\d+)?(?![\w/]|\.\d)")
_EPOCH = datetime.min.replace(tzinfo=UTC)


def _repo_url(owner: str, name: str) -> str | None:
    """The canonical repo page for a matched owner/name, or None when it is no repo (`ids` decides)."""
    name = name.rstrip(".").removesuffix(".git").rstrip(".")
    url = f"https://github.com/{owner}/{name}"
    return url if name and github_repo_from_url(url) else None


def code_link_from_text(*texts: str | None) -> str | None:
    """The first GitHub repository named in the texts, as "https://github.com/Owner/Name" (case kept).

    Sub-paths (/tree/main/x, /blob/...), ".git" and trailing punctuation are dropped; a bare
    github.com/<user>, a github.io page or a reserved page (/orgs, /topics) is not a repo.
    """
    for text in texts:
        for match in _GITHUB_REPO.finditer(text or ""):
            url = _repo_url(match.group(1), match.group(2))
            if url:
                return url
    return None


def repo_page(repo: str) -> str:
    """The GitHub page of an "owner/name" repo, as its releases spell it."""
    return f"https://github.com/{repo.strip('/')}"


def arxiv_ids_in_text(text: str | None) -> set[str]:
    """arXiv ids a release note names: arxiv.org / huggingface.co/papers links and bare new-style ids."""
    text = text or ""
    found = {
        arxiv_id for url in _PAPER_URL.findall(text) if (arxiv_id := arxiv_id_from_url(url.rstrip(".,;:")))
    }
    found |= {arxiv_id for bare in _BARE_NEW_ID.findall(text) if (arxiv_id := normalize_arxiv_id(bare))}
    return found


def _published(release: Release) -> datetime:
    """Sort key: naive times count as UTC, an unknown time as the oldest."""
    when = release.published
    if when is None:
        return _EPOCH
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def releases_naming(releases: Sequence[Release], arxiv_ids: set[str]) -> dict[str, Release]:
    """arXiv id -> the newest release whose name or body names that paper (only ids in `arxiv_ids`).

    Equal publication times keep the later release in `releases`, so the answer does not depend on
    anything but the input."""
    wanted = {canonical for arxiv_id in arxiv_ids if (canonical := normalize_arxiv_id(arxiv_id))}
    found: dict[str, Release] = {}
    for release in sorted(releases, key=_published):  # stable: ties keep input order
        for arxiv_id in arxiv_ids_in_text(f"{release.name}\n{release.body}") & wanted:
            found[arxiv_id] = release
    return found
