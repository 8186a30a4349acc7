"""Regenerate tracker/demo/data (the offline demo's bundle) from the real data in ../shared/data.

    python -m tracker.demo.build_data [--shared ../shared/data] [--out tracker/demo/data]

Deterministic: the same inputs give the same bytes (gzip without timestamps, sorted rows, raw lines kept).
What it writes, and why each part is there:

- `README.md`: the yfzhang list as its maintainer last wrote it (byte-identical), the demo's list repo.
- `list_papers.jsonl.gz`: the firehose rows of that list's own papers (matched by arXiv id, or by exact
  normalised title for entries that link no arXiv page), so the classifier has their abstracts.
- `window.jsonl.gz`: every firehose paper first listed in WINDOW in the tracked categories: the background
  the relevance model needs, and the real new candidates of the demo night.
- `releases.jsonl`: releases for the stand-in's releases.atom. The repos' real release history is not in
  ../shared/data, so for each repo the README links, each window paper that names the repo's project
  (e.g. "MME-RealWorld") gets one release citing its arXiv id; appfair/Tune-Out's releases are the recorded
  feed's, verbatim. The README links no Tune-Out, so the demo tracks it through `sources.github.repos`.
- `manifest.json`: where each part came from, the window, the demo's clock (NOW) and the counts.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from tracker.ids import normalize_title
from tracker.listdoc.parse import parse_document

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
LIST_FILE = "lists/yfzhang/2026-03-15_8c27720671.md"  # the newest of the 65 versions
# Eight listing days (Wed to Thu) whose papers name two projects the README links, so releases have real
# papers to cite; ~1,600 papers keep the bundle under 1.5 MB.
WINDOW = (date(2026, 4, 22), date(2026, 4, 30))
NOW = "2026-04-30T18:00:00Z"  # Thursday 14:00 US Eastern: after the 04-30 listing, before the next one
CATEGORIES = ("cs.CV", "cs.CL", "cs.AI", "cs.LG")
RECORDED_FEED = "wire/github_releases_atom/appfair_Tune-Out_releases.atom"
UNLINKED_REPO = "appfair/Tune-Out"
_GITHUB_LINK = re.compile(r"github\.com/([\w.-]+)/([\w.-]+)")
_ATOM = {"atom": "http://www.w3.org/2005/Atom", "media": "http://search.yahoo.com/mrss/"}

Row = dict[str, Any]


def _firehose_lines(shared: Path) -> Iterator[tuple[bytes, Row]]:
    """Every row of every firehose file (and of the older list-paper dump), raw line and parsed."""
    for path in sorted((shared / "arxiv").glob("*.jsonl.gz")):
        if path.name.startswith("PROVENANCE"):
            continue
        with gzip.open(path) as lines:
            for line in lines:
                yield line.rstrip(b"\n"), json.loads(line)


def linked_repos(readme: str) -> list[str]:
    """owner/name of every GitHub repo the README links, spelled as the README spells it."""
    return list(dict.fromkeys(f"{owner}/{name}" for owner, name in _GITHUB_LINK.findall(readme)))


def select_papers(shared: Path, readme: str) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(the list's own papers, the window's papers) as arxiv_id -> raw firehose line (first one seen)."""
    entries = parse_document(readme).entries()
    list_ids = {entry.arxiv_id for entry in entries if entry.arxiv_id}
    list_titles = {normalize_title(entry.title) for entry in entries if not entry.arxiv_id} - {""}
    listed: dict[str, bytes] = {}
    window: dict[str, bytes] = {}
    first, last = (day.isoformat() for day in WINDOW)
    for raw, row in _firehose_lines(shared):
        if row["arxiv_id"] in list_ids or normalize_title(row["title"]) in list_titles:
            listed.setdefault(row["arxiv_id"], raw)
        listing = row.get("first_listing_date") or ""
        if first <= listing <= last and set(row["categories"]) & set(CATEGORIES):
            window.setdefault(row["arxiv_id"], raw)
    return listed, window


def _words(text: str) -> str:
    return f" {normalize_title(text)} "


def derived_releases(repos: list[str], window: dict[str, bytes]) -> list[Row]:
    """One release per (linked repo, window paper that names the repo's project), citing the paper."""
    rows: list[Row] = []
    papers = sorted((json.loads(raw) for raw in window.values()), key=lambda r: r["arxiv_id"])
    for repo in repos:
        project = repo.split("/")[1]
        tags: set[str] = set()
        for paper in papers:
            text = " ".join([paper["title"], paper["abstract"], paper.get("comment") or ""])
            if _words(project) not in _words(text):
                continue
            day = paper["first_listing_date"]
            tag = base = "v" + day.replace("-", ".")
            while tag in tags:
                tag = f"{base}.{len(tags)}"
            tags.add(tag)
            link = f"https://arxiv.org/abs/{paper['arxiv_id']}"
            cited = f'<a href="{link}">{paper["title"]}</a> (arXiv:{paper["arxiv_id"]})'
            body = f"<p>New paper naming {project}: {cited}.</p>"
            rows.append(
                {
                    "repo": repo,
                    "tag": tag,
                    "name": f"{project} {tag}",
                    "body": body,
                    "published": f"{day}T12:00:00Z",
                    "updated": f"{day}T12:00:00Z",
                    "author": repo.split("/")[0],
                    "avatar_url": None,
                    "prerelease": False,
                    "source": f"arxiv:{paper['arxiv_id']}",
                }
            )
    return rows


def recorded_releases(shared: Path) -> list[Row]:
    """The releases of the one recorded releases.atom, field for field."""
    feed = ET.parse(shared / RECORDED_FEED).getroot()
    rows = []
    for entry in feed.findall("atom:entry", _ATOM):
        updated = entry.findtext("atom:updated", namespaces=_ATOM)
        rows.append(
            {
                "repo": UNLINKED_REPO,
                "tag": (entry.findtext("atom:id", namespaces=_ATOM) or "").rsplit("/", 1)[1],
                "name": entry.findtext("atom:title", namespaces=_ATOM),
                "body": entry.findtext("atom:content", namespaces=_ATOM),
                "published": updated,
                "updated": updated,
                "author": entry.findtext("atom:author/atom:name", namespaces=_ATOM),
                "avatar_url": entry.find("media:thumbnail", _ATOM).get("url"),  # type: ignore[union-attr]
                "prerelease": False,
                "source": RECORDED_FEED,
            }
        )
    return rows


def _gzip(lines: list[bytes]) -> bytes:
    """gzip without a timestamp or file name, so a rebuild gives the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as out:
        out.write(b"".join(line + b"\n" for line in lines))
    return buffer.getvalue()


def build(shared: Path) -> dict[str, bytes]:
    """The bundle's files as name -> bytes."""
    readme_bytes = (shared / LIST_FILE).read_bytes()
    readme = readme_bytes.decode("utf-8")
    listed, window = select_papers(shared, readme)
    repos = linked_repos(readme)
    ordered_window = sorted(
        window.items(), key=lambda item: (json.loads(item[1])["first_listing_date"], item[0])
    )
    releases = derived_releases(repos, window) + recorded_releases(shared)
    files = {
        "README.md": readme_bytes,
        "list_papers.jsonl.gz": _gzip([listed[key] for key in sorted(listed)]),
        "window.jsonl.gz": _gzip([raw for _, raw in ordered_window]),
        "releases.jsonl": "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in releases).encode(),
    }
    manifest = {
        "built_by": "python -m tracker.demo.build_data",
        "list": {"source": LIST_FILE, "linked_repos": repos},
        "window": {"first_listing_date": WINDOW[0].isoformat(), "last_listing_date": WINDOW[1].isoformat()},
        "categories": list(CATEGORIES),
        "now": NOW,
        "tracked_repos": [UNLINKED_REPO],
        "counts": {
            "list_papers": len(listed),
            "window_papers": len(window),
            "releases": len(releases),
            "list_entries": len(parse_document(readme).entries()),
        },
        "sources": ["arxiv/*.jsonl.gz", LIST_FILE, RECORDED_FEED],
        "sha256": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }
    files["manifest.json"] = (json.dumps(manifest, indent=2) + "\n").encode()
    return files


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        parser.error(f"{args.shared} is not a directory; pass --shared PATH/TO/shared/data")
    args.out.mkdir(parents=True, exist_ok=True)
    files = build(args.shared)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
    size = sum(len(data) for data in files.values())
    print(f"wrote {len(files)} files ({size / 1e6:.2f} MB) to {args.out}")


if __name__ == "__main__":
    main()
