"""Canonical identity of papers and repos, whatever link or spelling points at them.

A paper is known by its arXiv id (without version), its DOI, or its normalised title; dedupe
compares the prefixed keys from `paper_keys`. A GitHub repo (`owner/repo`, lower-cased) is a
separate identity and never a paper key: one repo is often linked from several papers.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote, urlsplit

# New-style ids: YYMM.NNNN (2007-2014) or YYMM.NNNNN (2015-); old-style: archive[.SC]/YYMMNNN.
_NEW_ID = r"(?P<new>(?P<yymm>\d{4})\.(?P<seq>\d{4,5}))"
_OLD_ID = r"(?P<old>(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.[a-z]{2})?/(?P<num>\d{7}))"
_ID_BODY = rf"(?:{_NEW_ID}|{_OLD_ID})(?:v(?P<version>\d+))?"
_BARE_ID = re.compile(rf"^(?:arxiv\s*[:/]?\s*)?{_ID_BODY}$", re.IGNORECASE)
_ARXIV_PATH = re.compile(rf"^/(?:abs|pdf|html|format|ps)/{_ID_BODY}(?:\.pdf)?/?$", re.IGNORECASE)
_HF_PATH = re.compile(rf"^/papers/{_ID_BODY}/?$", re.IGNORECASE)
_ARXIV_HOSTS = {"arxiv.org", "www.arxiv.org", "export.arxiv.org", "browse.arxiv.org", "alphaxiv.org"}
_HF_HOSTS = {"huggingface.co", "www.huggingface.co", "hf.co"}

_DOI = re.compile(r"(10\.\d+(?:\.\d+)*/[^\s?#]+)", re.IGNORECASE)
_DOI_HOSTS = {"doi.org", "dx.doi.org", "www.doi.org"}
_DOI_PATH = re.compile(r"/doi/(?:abs/|pdf/|full/|epdf/)?(10\.\d+(?:\.\d+)*/[^?#]+)", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)

_GITHUB_HOSTS = {"github.com", "www.github.com"}
# First path segments of github.com pages that are not user or organisation namespaces.
_GITHUB_RESERVED = frozenset(
    {
        "about", "apps", "blog", "codespaces", "collections", "contact", "customer-stories", "enterprise",
        "events", "explore", "features", "issues", "join", "login", "marketplace", "new", "notifications",
        "organizations", "orgs", "pricing", "pulls", "readme", "search", "security", "settings", "signup",
        "site", "sponsors", "team", "topics", "trending", "users",
    }
)  # fmt: skip
_BADGE_KINDS = frozenset({"stars", "forks", "watchers", "last-commit", "issues", "license", "v", "release"})
_GITHUB_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9._-]*)$", re.IGNORECASE)

_LATEX_WRAPPER = re.compile(r"\\(?:text\w*|math\w*|emph|underline|mbox|operatorname)\s*\{([^{}]*)\}")
_LATEX_COMMAND = re.compile(r"\\([a-zA-Z]+)")
_HTML_TAG = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _valid_new_id(yymm: str, seq: str) -> bool:
    month = int(yymm[2:])
    if not 1 <= month <= 12:
        return False
    return len(seq) == (5 if int(yymm) >= 1501 else 4)


def _id_from_match(match: re.Match[str]) -> str | None:
    if match.group("new"):
        if not _valid_new_id(match.group("yymm"), match.group("seq")):
            return None
        return match.group("new")
    return f"{match.group('archive').lower()}/{match.group('num')}"


def normalize_arxiv_id(text: str) -> str | None:
    """The arXiv id without version from "arXiv:2401.00001v2", "2401.00001", "cs/0101001v1" or a URL."""
    if not text:
        return None
    text = text.strip()
    if "://" in text or text.lower().startswith(("arxiv.org/", "www.arxiv.org/")):
        return arxiv_id_from_url(text)
    match = _BARE_ID.match(text)
    return _id_from_match(match) if match else None


@lru_cache(maxsize=8192)
def _split(url: str) -> tuple[str, str]:
    """(host lower-cased without port, unquoted path) of a URL, tolerating a missing scheme."""
    url = url.strip().strip("<>")
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return "", ""
    return (parts.hostname or "").lower(), unquote(parts.path)


def arxiv_id_from_url(url: str | None) -> str | None:
    """The arXiv id (no version) an arxiv.org abs/pdf/html or huggingface.co/papers link points at."""
    if not url:
        return None
    host, path = _split(url)
    if host in _ARXIV_HOSTS:
        match = _ARXIV_PATH.match(path)
    elif host in _HF_HOSTS:
        match = _HF_PATH.match(path)
    else:
        return None
    return _id_from_match(match) if match else None


def _clean_doi(doi: str) -> str:
    return doi.rstrip("/.").removesuffix(".pdf").lower()


def normalize_doi(text: str | None) -> str | None:
    """A DOI lower-cased ("doi:" prefix and resolver host dropped), or None."""
    if not text:
        return None
    text = text.strip()
    if "://" in text:
        return doi_from_url(text)
    text = re.sub(r"^doi\s*:\s*", "", text, flags=re.IGNORECASE)
    match = _DOI.fullmatch(text)
    return _clean_doi(match.group(1)) if match else None


def doi_from_url(url: str | None) -> str | None:
    """The DOI of a doi.org link or of a publisher page with /doi/10.x/... in its path, lower-cased."""
    if not url:
        return None
    host, path = _split(url)
    match = _DOI.fullmatch(path.lstrip("/")) if host in _DOI_HOSTS else _DOI_PATH.search(path)
    return _clean_doi(match.group(1)) if match else None


def github_repo_from_url(url: str | None) -> str | None:
    """The "owner/repo" (lower-cased, .git and sub-paths dropped) of a github.com repo link, else None."""
    if not url:
        return None
    host, path = _split(url)
    if host not in _GITHUB_HOSTS:
        return None
    parts = [part for part in path.split("/") if part]
    if len(parts) < 2:
        return None
    owner, repo = parts[0], parts[1].removesuffix(".git")
    if owner.lower() in _GITHUB_RESERVED or not (_GITHUB_NAME.match(owner) and _GITHUB_NAME.match(repo)):
        return None
    if repo in {".", ".."}:
        return None
    return f"{owner}/{repo}".lower()


def github_repo_from_badge(url: str | None) -> str | None:
    """The "owner/repo" of a shields.io GitHub badge (`img.shields.io/github/stars/OWNER/REPO`), else None."""
    if not url:
        return None
    host, path = _split(url)
    if host != "img.shields.io":
        return None
    parts = [part for part in path.split("/") if part]
    if len(parts) < 4 or parts[0] != "github" or parts[1] not in _BADGE_KINDS:
        return None
    repo = re.sub(r"\.(svg|png|json)$", "", parts[3])
    return github_repo_from_url(f"https://github.com/{parts[2]}/{repo}")


def normalize_title(title: str | None) -> str:
    """A stable key for fuzzy title matching: no case, accents, punctuation, LaTeX or markdown marks."""
    if not title:
        return ""
    text = unicodedata.normalize("NFKC", title)
    text = _HTML_TAG.sub(" ", text)
    for _ in range(3):  # nested wrappers like \textbf{\textit{X}}
        text = _LATEX_WRAPPER.sub(r"\1", text)
    text = _LATEX_COMMAND.sub(r"\1", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _NON_WORD.sub(" ", text.casefold())
    return " ".join(text.split())


def paper_keys(
    url: str | None = None,
    title: str | None = None,
    arxiv_id: str | None = None,
    doi: str | None = None,
) -> set[str]:
    """Every identity key of one paper: "arxiv:ID", "doi:10.x/y", "title:normalised title".

    A GitHub repo is never a paper key: one repo is linked from several papers.
    """
    keys: set[str] = set()
    arxiv = (normalize_arxiv_id(arxiv_id) if arxiv_id else None) or arxiv_id_from_url(url)
    doi_value = (normalize_doi(doi) if doi else None) or doi_from_url(url)
    if doi_value:
        keys.add(f"doi:{doi_value}")
        arxiv_doi = _ARXIV_DOI.match(doi_value)
        if arxiv_doi and not arxiv:
            arxiv = normalize_arxiv_id(arxiv_doi.group(1))
    if arxiv:
        keys.add(f"arxiv:{arxiv}")
    title_key = normalize_title(title)
    if title_key:
        keys.add(f"title:{title_key}")
    return keys
