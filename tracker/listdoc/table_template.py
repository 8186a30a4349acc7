"""Learn how a section writes its table rows from its own rows, and write a new row the same way.

Each column's role comes from its header ("Code", "Page" -> code); its cell format from the
neighbour rows (nearest first): star badge before the title (with the row's repo swapped), bold
titles, link labels per host ("Github", "Huggingface", "Link"), the date format, and the token the
section writes for a missing value ("-", or "[Coming soon]()" in older rows).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from tracker.ids import arxiv_id_from_url, github_repo_from_url
from tracker.listdoc.inline import find_links, split_cells
from tracker.listdoc.sanitize import inline_markdown, safe_url
from tracker.listdoc.stylescan import main_link, unwrap_emphasis
from tracker.listdoc.template import NewEntry, link_markdown

REPO_SLOT = "\0"
_REPO = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_DATE_FORMATS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d"),
    (re.compile(r"^\d{4}/\d{2}/\d{2}$"), "%Y/%m/%d"),
    (re.compile(r"^\d{4}\.\d{2}\.\d{2}$"), "%Y.%m.%d"),
    (re.compile(r"^\d{4}-\d{2}$"), "%Y-%m"),
    (re.compile(r"^\d{4}/\d{2}$"), "%Y/%m"),
    (re.compile(r"^\d{4}\.\d{2}$"), "%Y.%m"),
    (re.compile(r"^\d{4}$"), "%Y"),
)
_ROLE_WORDS = (
    ("title", ("title",)),
    ("paper", ("paper",)),
    ("name", ("name", "model", "method")),
    ("venue", ("venue", "conference", "publication", "journal", "pub")),
    ("date", ("date", "year", "time", "published")),
    ("code", ("code", "github", "repo", "page", "project")),
    ("demo", ("demo",)),
    ("link", ("link", "links", "data", "download", "dataset")),
    ("note", ("notes", "note", "description", "remark", "remarks", "highlights")),
)
_MISSING_TOKENS = frozenset({"-", "N/A", "n/a", "—", "–", "/", "None", "TBD", "coming soon", "Coming soon"})
MISSING_VOTERS = 10  # the "no value" token drifts over time ("[Coming soon]()" -> "-"): ask the nearest rows


def _is_missing(cell: str) -> bool:
    """A cell saying "no value": a dash-like token, or a link without target like "[Coming soon]()"."""
    links = find_links(cell)
    if links:
        return len(links) == 1 and not links[0].url and links[0].start == 0 and links[0].end == len(cell)
    return cell in _MISSING_TOKENS


def short_name(title: str) -> str:
    """A dataset/model name from a paper title: the part before ':' when it is short, else the title."""
    head, colon, _ = title.partition(":")
    return head.strip() if colon and 0 < len(head.strip()) <= 40 else title


def repo_in_url(url: str | None) -> str | None:
    """The repo of a github.com URL as the URL spells it ("Owner/Name", case kept), else None."""
    if not url or not github_repo_from_url(url):
        return None
    path = url.split("://", 1)[-1].split("/", 1)[1]
    owner, name = re.split(r"[/?#]", path + "/")[:2]
    repo = f"{owner}/{name.removesuffix('.git')}"
    return repo if _REPO.match(repo) else None


def host_class(url: str) -> str:
    """Which label family a link belongs to: github, huggingface or any other host."""
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    if host.endswith("github.com"):
        return "github"
    if host in ("huggingface.co", "hf.co", "www.huggingface.co"):
        return "huggingface"
    return "other"


def format_date(text: str | None, date_format: str | None) -> str | None:
    """Write an ISO date (YYYY[-MM[-DD]]) in the section's date format, never inventing precision."""
    if not text:
        return None
    parts = text.split("-")
    if not date_format or not all(part.isdigit() for part in parts):
        return text
    needed = date_format.count("%")
    if len(parts) < needed:
        return text
    out = date_format.replace("%Y", parts[0])
    if needed >= 2:
        out = out.replace("%m", parts[1])
    if needed >= 3:
        out = out.replace("%d", parts[2])
    return out


def date_format_of(cell: str) -> str | None:
    """The strftime-like format of a date cell ("2026-06" -> "%Y-%m"), None for anything else."""
    return next((fmt for pattern, fmt in _DATE_FORMATS if pattern.match(cell.strip())), None)


def column_role(header: str) -> str:
    """The role of a column from its header text ("Code", "Page" -> code; unknown -> other)."""
    words = re.findall(r"[a-z]+", header.lower())
    for role, keys in _ROLE_WORDS:
        if any(word in keys for word in words):
            return role
    return "other"


@dataclass(frozen=True)
class CellStyle:
    """How one column writes its cell, learned from the neighbours' cells in that column."""

    header: str
    role: str
    wrap: str = ""
    linked: bool = True
    badge: tuple[str, str] | None = None
    use_badge: bool = False
    plain: tuple[str, str] = ("", "")
    date_format: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    missing: str = "-"


@dataclass(frozen=True)
class TableStyle:
    """One `CellStyle` per column, in column order."""

    cells: list[CellStyle]


def _row_repo(cells: Sequence[str]) -> str | None:
    for cell in cells:
        for link in find_links(cell):
            if not link.image and (repo := repo_in_url(link.url)):
                return repo
    return None


def _badge_form(cell: str, repo: str | None) -> tuple[str, str] | None:
    """(before, after) around the title link when the cell starts with an image naming the row's repo."""
    link = main_link(cell)
    if link is None or not any(image.image and image.end <= link.start for image in find_links(cell)):
        return None
    before = cell[: link.start]
    found = re.search(re.escape(repo), before, re.IGNORECASE) if repo else None
    found = found or re.search(r"(?<=/github/stars/)[\w.-]+/[\w.-]+?(?=\.svg|\?|\)|$)", before)
    if not found:
        return None
    return before[: found.start()] + REPO_SLOT + before[found.end() :], cell[link.end :]


def _plain_form(cell: str) -> tuple[str, str]:
    """(before, after) around the title link of a row without a badge, kept only when it is just spacing."""
    link = main_link(cell)
    if link is None:
        return "", ""
    before, after = cell[: link.start], cell[link.end :]
    return ("", "") if before.strip() else (before, after if after.strip() in ("", "<br>") else "")


def _infer_cell(header: str, cells: Sequence[str], repos: Sequence[str | None]) -> CellStyle:
    role = column_role(header)
    missing = Counter(cell for cell in cells[:MISSING_VOTERS] if _is_missing(cell)).most_common(1)
    style: dict = {"header": header, "role": role, "missing": missing[0][0] if missing else "-"}
    if role in ("title", "paper", "name"):
        links = [main_link(cell) for cell in cells]
        with_link = [(cell, link) for cell, link in zip(cells, links, strict=True) if link]
        style["linked"] = len(with_link) * 2 >= len(cells) if cells else role != "name"
        texts = [link.text for _, link in with_link] or [cell for cell in cells if cell]
        wraps = Counter(unwrap_emphasis(text)[0] for text in texts)
        style["wrap"] = wraps.most_common(1)[0][0] if wraps else ""
        badges = [_badge_form(cell, repo) for cell, repo in zip(cells, repos, strict=True)]
        with_repo = [badge for badge, repo in zip(badges, repos, strict=True) if repo]
        badge_forms = Counter(badge for badge in badges if badge)
        style["badge"] = badge_forms.most_common(1)[0][0] if badge_forms else None
        style["use_badge"] = bool(with_repo) and sum(map(bool, with_repo)) * 2 >= len(with_repo)
        plain = (cell for cell, badge in zip(cells, badges, strict=True) if not badge and main_link(cell))
        style["plain"] = _plain_form(next(plain, ""))
    elif role == "date":
        formats = Counter(fmt for cell in cells if (fmt := date_format_of(cell)))
        style["date_format"] = formats.most_common(1)[0][0] if formats else "%Y-%m-%d"
    elif role in ("code", "demo", "link"):
        by_class: dict[str, Counter[str]] = {}
        for cell in cells:
            for link in find_links(cell):
                if not link.image and link.text.strip() and link.url.startswith("http"):
                    by_class.setdefault(host_class(link.url), Counter())[link.text.strip()] += 1
                    by_class.setdefault("*", Counter())[link.text.strip()] += 1
        style["labels"] = {key: counts.most_common(1)[0][0] for key, counts in by_class.items()}
    return CellStyle(**style)


def infer_table_style(columns: Sequence[str], rows: Sequence[str]) -> TableStyle:
    """Per-column cell styles from neighbour rows (nearest first); rows with a different width are ignored."""
    split = [cells for cells in map(split_cells, rows) if len(cells) == len(columns)]
    repos = [_row_repo(cells) for cells in split]
    return TableStyle(
        [_infer_cell(header, [cells[i] for cells in split], repos) for i, header in enumerate(columns)]
    )


def _title_cell(style: CellStyle, title: str, url: str | None, repo: str | None) -> str:
    link = link_markdown(title, url if style.linked else None, style.wrap)
    if repo and style.use_badge and style.badge and safe_url(url):
        before, after = style.badge
        return before.replace(REPO_SLOT, repo) + link + after
    return style.plain[0] + link + style.plain[1]


def _link_cell(style: CellStyle, url: str | None) -> str:
    target = safe_url(url)
    if not target:
        is_label = url and "://" not in url and not set("[]()<>") & set(url)
        return inline_markdown(url, limit=60) if is_label else style.missing
    default = "Github" if host_class(target) == "github" else "Link"
    label = style.labels.get(host_class(target)) or style.labels.get("*") or default
    return f"[{inline_markdown(label, limit=40)}]({target})"


def render_cell(style: CellStyle, new: NewEntry, has_title_column: bool) -> str:
    """One cell of the new row, by the column's role."""
    role = style.role
    repo = repo_in_url(new.code_url)
    if role in ("title", "paper") or (role == "name" and not has_title_column):
        return _title_cell(style, new.title, new.url, repo)
    if role == "name":
        return _title_cell(style, new.name or short_name(new.title), None, None)
    if role == "date":
        return inline_markdown(format_date(new.date_text, style.date_format)) or style.missing
    if role == "venue":
        venue = new.venue or ("arXiv" if new.arxiv_id or arxiv_id_from_url(new.url) else None)
        return inline_markdown(venue, limit=60) or style.missing
    if role == "code":
        return _link_cell(style, new.code_url)
    if role == "demo":
        return _link_cell(style, new.demo_url)
    if role == "link":
        return _link_cell(style, new.data_url or new.code_url)
    value = new.cells.get(style.header.strip().lower())
    if value is None and role == "note":
        value = new.note
    return inline_markdown(value) or style.missing


def render_table_row(style: TableStyle, new: NewEntry) -> str:
    """One table row (without its line ending) in `style`."""
    has_title = any(cell.role in ("title", "paper") for cell in style.cells)
    return "| " + " | ".join(render_cell(cell, new, has_title) for cell in style.cells) + " |"
