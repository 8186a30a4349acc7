"""export.arxiv.org/api/query answers, byte for byte in the recorded shape (../shared/data/wire/arxiv_api).

Element order, indentation, namespaces, the opensearch totals, the feed id (base64 of the SHA-1 of the
echoed query) and the error feed all follow the real responses, so the real `arxiv` client, and any
parser that is stricter than it, read the stand-in exactly as they read arXiv.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from tracker.models import Paper

_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom"'
    ' xmlns="http://www.w3.org/2005/Atom">\n'
)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # control characters XML 1.0 forbids
_SCHEME = "http://arxiv.org/schemas/atom"


def text(value: str) -> str:
    """Element text: XML-escaped, without characters XML cannot carry."""
    return escape(_NOT_XML.sub("", value))


def attr(value: str) -> str:
    """An attribute value for double quotes."""
    return escape(_NOT_XML.sub("", value), {'"': "&quot;"})


def atom_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def echoed_query(search_query: str) -> str:
    """arXiv echoes a bare one-word query as `all:word` (the recorded `testing` -> `all:testing`)."""
    stripped = search_query.strip()
    if stripped and re.fullmatch(r"[^\s:()\"]+", stripped) and stripped not in {"AND", "OR", "ANDNOT"}:
        return f"all:{stripped}"
    return search_query


def entry(paper: Paper) -> str:
    """One `<entry>`: the fields arXiv sends, in its order; optional ones only when the paper has them."""
    versioned = f"{paper.arxiv_id}v{paper.version or 1}"
    published = paper.published or datetime.min.replace(tzinfo=UTC)
    primary = paper.primary_category or (paper.categories[0] if paper.categories else "")
    lines = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{versioned}</id>",
        f"    <title>{text(paper.title)}</title>",
        f"    <updated>{atom_time(paper.updated or published)}</updated>",
        f'    <link href="https://arxiv.org/abs/{versioned}" rel="alternate" type="text/html"/>',
        f'    <link href="https://arxiv.org/pdf/{versioned}" rel="related" type="application/pdf"'
        ' title="pdf"/>',
        f"    <summary>{text(paper.abstract)}</summary>",
        *(f'    <category term="{attr(term)}" scheme="{_SCHEME}"/>' for term in paper.categories),
        f"    <published>{atom_time(published)}</published>",
    ]
    if paper.comment:
        lines.append(f"    <arxiv:comment>{text(paper.comment)}</arxiv:comment>")
    lines.append(f'    <arxiv:primary_category term="{attr(primary)}"/>')
    if paper.journal_ref:
        lines.append(f"    <arxiv:journal_ref>{text(paper.journal_ref)}</arxiv:journal_ref>")
    for name in paper.authors:
        lines += ["    <author>", f"      <name>{text(name)}</name>", "    </author>"]
    if paper.doi:
        lines.append(f"    <arxiv:doi>{text(paper.doi)}</arxiv:doi>")
        lines.append(f'    <link rel="related" href="https://doi.org/{attr(paper.doi)}" title="doi"/>')
    lines.append("  </entry>")
    return "\n".join(lines) + "\n"


def page(
    papers: Sequence[Paper],
    *,
    search_query: str,
    id_list: str,
    start: int,
    max_results: int,
    total: int,
    updated: datetime,
) -> bytes:
    """One page of results: `papers` are already this page's slice; `total` is opensearch:totalResults."""
    query = echoed_query(search_query)
    echo = f"search_query={query}&id_list={id_list}&start={start}&max_results={max_results}"
    feed_id = base64.b64encode(hashlib.sha1(echo.encode()).digest()).decode().rstrip("=")
    link = f"https://arxiv.org/api/query?search_query={query}&start={start}&max_results={max_results}"
    head = [
        f"  <id>https://arxiv.org/api/{feed_id}</id>",
        f"  <title>arXiv Query: {text(echo)}</title>",
        f"  <updated>{atom_time(updated)}</updated>",
        f'  <link href="{attr(link + "&id_list=" + id_list)}" type="application/atom+xml"/>',
        f"  <opensearch:itemsPerPage>{max_results}</opensearch:itemsPerPage>",
        f"  <opensearch:totalResults>{total}</opensearch:totalResults>",
        f"  <opensearch:startIndex>{start}</opensearch:startIndex>",
    ]
    body = _HEAD + "\n".join(head) + "\n" + "".join(entry(paper) for paper in papers) + "</feed>\n"
    return body.encode("utf-8")


def error_page(message: str, updated: datetime) -> bytes:
    """arXiv's error answer (sent with HTTP 400): a one-entry feed whose entry is the error."""
    anchor = f"https://arxiv.org/api/errors#{attr(message.replace(' ', '_'))}"
    stamp = atom_time(updated)
    lines = [
        "  <id>https://arxiv.org/</id>",
        "  <title>arXiv Search Results</title>",
        f"  <updated>{stamp}</updated>",
        "  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>",
        "  <opensearch:totalResults>1</opensearch:totalResults>",
        "  <opensearch:startIndex>0</opensearch:startIndex>",
        "  <entry>",
        f"    <id>{anchor}</id>",
        "    <title>Error</title>",
        f"    <updated>{stamp}</updated>",
        f'    <link href="{anchor}" rel="alternate" type="text/html"/>',
        f"    <summary>{text(message)}</summary>",
        "    <author>",
        "      <name>arXiv api core</name>",
        "    </author>",
        "  </entry>",
    ]
    return (_HEAD + "\n".join(lines) + "\n</feed>\n").encode("utf-8")
