"""Proposals and their README entries: code links, venues, dates and link forms, on real data."""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tracker.classify.classifier import Classification
from tracker.ids import arxiv_id_from_url, github_repo_from_url
from tracker.listdoc.edit import find_section, render_entry
from tracker.listdoc.parse import parse_document, read_document
from tracker.models import Paper, Release
from tracker.publish.code_links import code_link_from_text, releases_naming
from tracker.publish.proposals import (
    link_template,
    new_entry_for,
    paper_date,
    paper_proposal,
    release_proposal,
    release_text,
    why_line,
)
from tracker.publish.venue import venue_from_comment, venue_from_journal_ref, venue_in_style, venue_of

BRADYFU_HEAD = "2026-07-02_2d26f04c67.md"
YFZHANG_HEAD = "2026-03-15_8c27720671.md"


def classification(section: str, placed: bool = True, **explanation: object) -> Classification:
    return Classification(
        "x", 0.8, True, section, 0.7, placed, [{"section": "Other", "confidence": 0.2}], explanation
    )


# ---------------------------------------------------------------- code links


R1 = "https://github.com/yfzhang114/r1_reward"


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Code: https://github.com/OpenGVLab/InternVL.",), "https://github.com/OpenGVLab/InternVL"),
        (
            ("see github.com/haotian-liu/LLaVA/tree/main/docs for details",),
            "https://github.com/haotian-liu/LLaVA",
        ),
        (("\\url{https://github.com/QwenLM/Qwen2.5-VL}",), "https://github.com/QwenLM/Qwen2.5-VL"),
        (("(https://github.com/a-b/c_d.git), more",), "https://github.com/a-b/c_d"),
        (("[code](https://www.github.com/Foo/Bar/blob/main/x.py)",), "https://github.com/Foo/Bar"),
        (
            ("https://github.com/yfzhang114", "https://github.com/yfzhang114/r1_reward;"),
            R1,
        ),  # owner only: next
        (("by https://github.com/yfzhang114 and https://github.com/yfzhang114/r1_reward",), R1),
        (("project page https://llava-vl.github.io/ only",), None),
        (("https://gist.github.com/user/abc123 and https://github.com/orgs/foo/x",), None),
        (("mail me@github.com/x/y", "https://github.com/topics/vlm"), None),
        ((None, "", "Home page: https://github.com/yfzhang114/r1_reward"), R1),
    ],
)
def test_code_link_from_text(texts: tuple[str | None, ...], expected: str | None) -> None:
    assert code_link_from_text(*texts) == expected


def test_code_links_in_real_firehose_texts_are_repos_the_maintainers_agree_with(shared_data: Path) -> None:
    """Every link found in a real abstract/comment is a valid repo; where the maintainer wrote a code link
    for the same paper, it is the same repo in nearly every case (the rest are renamed or sibling repos)."""
    wanted: dict[str, str] = {}
    for row in map(json.loads, (shared_data / "gold" / "bradyfu_additions.jsonl").read_text().splitlines()):
        if row.get("arxiv_id") and row.get("github"):
            wanted[row["arxiv_id"]] = row["github"].lower()
    found = agree = 0
    for path in sorted((shared_data / "arxiv").glob("firehose-2025-0[5-6].jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for record in map(json.loads, lines):
                url = code_link_from_text(record.get("abstract"), record.get("comment"))
                if url is None:
                    continue
                assert url.startswith("https://github.com/") and github_repo_from_url(url), url
                assert not url.endswith((".", ".git", ")")), url
                if record["arxiv_id"] in wanted:
                    found += 1
                    agree += github_repo_from_url(url) == wanted[record["arxiv_id"]]
    assert found >= 3 and agree == found


def release(repo: str = "OpenGVLab/InternVL", tag: str = "v2.0", **kwargs: object) -> Release:
    return Release(repo, tag, **kwargs)  # type: ignore[arg-type]


def test_releases_naming_maps_each_paper_to_the_newest_release_naming_it() -> None:
    old = release(
        tag="v1", body="Paper: https://arxiv.org/abs/2404.16821v2", published=datetime(2024, 5, 1, tzinfo=UTC)
    )
    new = release(
        tag="v2",
        body="See arXiv:2404.16821 and https://arxiv.org/pdf/2312.14238.pdf.",
        published=datetime(2024, 6, 1, tzinfo=UTC),
    )
    hf = release(tag="v3", name="huggingface.co/papers/2410.16261", published=None)
    other = release(
        tag="v4", body="version 2404.16821.1 and 12404.16821 are not ids", published=datetime(2025, 1, 1)
    )
    found = releases_naming([new, old, hf, other], {"2404.16821", "2312.14238", "2410.16261v1", "2501.00001"})
    assert found == {"2404.16821": new, "2312.14238": new, "2410.16261": hf}


# ---------------------------------------------------------------- venues


@pytest.mark.parametrize(
    ("comment", "venue"),
    [  # real firehose comments
        ("11 pages, 7 figures. This paper is accepted by ICCV 2025", "ICCV 2025"),
        ("Accepted to CVPR 2024", "CVPR 2024"),
        ("ICLR 2025 (oral)", "ICLR 2025"),
        ("NeurIPS 2023 Datasets and Benchmarks", "NeurIPS 2023"),
        ("CVPR2026 camera-ready + appendix", "CVPR 2026"),
        ("Accepted to Findings of ACL 2026", "ACL 2026 Findings"),
        ("Accepted in ACL Findings 2026", "ACL 2026 Findings"),
        ("Accepted to CVPR 2026 Workshop on Generative AI for Storytelling (AISTORY)", "CVPR 2026 Workshop"),
        ("Accepted at EarthVision 2025 (CVPRW 2025)", "CVPR 2025 Workshop"),
        (
            "Accepted to CVPR 2026, at the 9th Workshop on Efficient Deep Learning for Computer Vision",
            "CVPR 2026 Workshop",
        ),
        ("accepted by the Fortieth AAAI Conference on Artificial Intelligence (AAAI-26)", "AAAI 2026"),
        (
            "17 pages, 6 figures, 5 tables. Accepted to Special Track on AI Alignment, AAAI 2026. Project",
            "AAAI 2026",
        ),
        ("Accepted by ACM MM'25", "ACM MM 2025"),
        (
            "MICCAI 2026 Accepted Paper; Subspace-Guided Registration for Ultrasound Quality Control",
            "MICCAI 2026",
        ),
        (
            "Accepted to the main conference of the 63rd Annual Meeting of the Association for Computational "
            "Linguistics (ACL 2025)",
            "ACL 2025",
        ),
        ("Accepted by IEEE TPAMI", "TPAMI"),
        ("Accepted to PRCV2025", "PRCV 2025"),
        (
            "Accepted to appear in IEEE International Symposium on Information Theory (ISIT), 2026",
            "ISIT 2026",
        ),
        ("Machine Learning in Medical Imaging (MLMI) 2025 Oral", "MLMI 2025"),
        # conservative: no clear acceptance
        ("15 pages, 7 figures", None),
        ("Submitted to CVPR 2024", None),
        ("Under review at ICLR 2025", None),
        ("Under review, MICCAI 2026", None),
        ("1st place solution for CVPR 2024 workshop challenge", None),
        ("14 pages, extended version of paper accepted to ISIT 2026", None),
        ("Technical Report to the paper accepted at IJCAI 2026", None),
        ("Accepted at AAAI 2026 Spring Symposium - Machine Consciousness", None),
        ("6 pages. Published in IEEE", None),
        ("Accepted by Machine Intelligence Research", None),
        ("Home page: https://github.com/yfzhang114/r1_reward", None),
        ("Technical report", None),
    ],
)
def test_venue_from_comment(comment: str, venue: str | None) -> None:
    assert venue_from_comment(comment) == venue


@pytest.mark.parametrize(
    ("journal_ref", "venue"),
    [  # real journal_ref values from the recorded arXiv API responses (../shared/data/wire)
        ("Phys. Rev. B 74, 024520 (2006)", "Phys. Rev. B 2006"),
        ("Int. J. Mod. Phys. B, 26, 1244002 (2012)", "Int. J. Mod. Phys. B 2012"),
        ("Annals of Physics 324, 523 (2009).", "Annals of Physics 2009"),
        (
            "Proc. 2023 IEEE International Conference on Software Testing, Verification and Validation "
            "Workshops (ICSTW), pp. 66-69",
            "ICSTW 2023",
        ),
        (
            "In Proc. ACM SIGSOFT International Symposium on Software Testing and Analysis (ISSTA 2020), "
            "pages 14-26. ACM, 2020",
            "ISSTA 2020",
        ),
        (
            "InProceedings of the 31st ACM SIGSOFT International Symposium on Software Testing and Analysis "
            "2022 Jul 18 (pp. 289-301)",
            None,
        ),
        (
            "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR), 2024",
            "CVPR 2024",
        ),
        ("", None),
    ],
)
def test_venue_from_journal_ref(journal_ref: str, venue: str | None) -> None:
    assert venue_from_journal_ref(journal_ref) == venue


def test_venue_of_prefers_journal_ref_and_defaults_to_arxiv() -> None:
    assert (
        venue_of(Paper("2401.00001", "T", journal_ref="CVPR 2024", comment="Accepted to ICLR 2025"))
        == "CVPR 2024"
    )
    assert venue_of(Paper("2401.00001", "T", comment="Accepted to ICLR 2025")) == "ICLR 2025"
    assert venue_of(Paper("2401.00001", "T", comment="15 pages, 7 figures")) == "arXiv"
    assert venue_of(Paper("2401.00001", "T")) == "arXiv"


def test_venues_on_the_real_firehose_are_short_and_never_from_a_submission(shared_data: Path) -> None:
    named = total = 0
    with gzip.open(shared_data / "arxiv" / "firehose-2026-03.jsonl.gz", "rt", encoding="utf-8") as lines:
        for record in map(json.loads, lines):
            comment = record.get("comment")
            if not comment:
                continue
            total += 1
            venue = venue_from_comment(comment)
            lowered = comment.lower()
            if venue is None:
                continue
            named += 1
            assert len(venue) <= 40 and "\n" not in venue, (comment, venue)
            submitted = "submitted to" in lowered or "under review" in lowered
            if submitted and not any(cue in lowered for cue in ("accept", "appear", "presented")):
                pytest.fail(f"venue {venue!r} from {comment!r}")
    assert total > 1000 and 0.15 < named / total < 0.6, (named, total)


def test_venue_in_style_drops_the_year_when_the_list_never_writes_one() -> None:
    assert venue_in_style("CVPR 2024", ["arXiv", "CVPR", "NeurIPS", "-"]) == "CVPR"
    assert venue_in_style("CVPR 2024 Workshop", ["arXiv", "ICLR"]) == "CVPR Workshop"
    assert venue_in_style("CVPR 2024", ["arXiv", "ECCV 2022"]) == "CVPR 2024"
    assert venue_in_style("CVPR 2024", []) == "CVPR 2024"
    assert venue_in_style("arXiv", ["CVPR"]) == "arXiv"


# ---------------------------------------------------------------- proposals


def test_paper_proposal_links_code_release_and_explains() -> None:
    paper = Paper(
        "2404.16821v2",
        "How Far Are We to GPT-4V?\n  Closing the Gap",
        abstract="We release InternVL 1.5 at https://github.com/OpenGVLab/InternVL.",
    )
    result = classification(
        "Awesome Papers > Foundation Models",
        terms=["internvl", "gap", "open", "source"],
        rules=["rule sections.yaml:3: pinned to 'Awesome Papers > Foundation Models' (keyword 'internvl')"],
        nearest=[
            {"title": "InternVL: Scaling up Vision Foundation Models", "section": "x", "similarity": 0.5}
        ],
    )
    tagged = release(url="https://github.com/OpenGVLab/InternVL/releases/tag/v2.0")
    proposal = paper_proposal(paper, result, tagged)
    assert proposal.key == "2404.16821" and proposal.kind == "paper"
    assert proposal.title == "How Far Are We to GPT-4V? Closing the Gap"
    assert proposal.url == "https://arxiv.org/abs/2404.16821"
    assert proposal.code_url == "https://github.com/OpenGVLab/InternVL"
    assert proposal.release_url == tagged.url and proposal.release is tagged and proposal.paper is paper
    assert proposal.section == "Awesome Papers > Foundation Models" and proposal.placed
    assert (proposal.confidence, proposal.relevance) == (0.7, 0.8)
    assert proposal.alternatives == [{"section": "Other", "confidence": 0.2}]
    assert proposal.why == (
        "terms: internvl, gap, open; pinned to 'Awesome Papers > Foundation Models' (keyword 'internvl'); "
        'near "InternVL: Scaling up Vision Foundation Models"'
    )
    no_code = paper_proposal(Paper("2404.16821", "T"), classification("S"), tagged)
    assert no_code.code_url == "https://github.com/OpenGVLab/InternVL"  # from the naming release
    assert paper_proposal(Paper("2404.16821", "T"), classification("S")).code_url is None


def test_why_line_tolerates_missing_and_odd_explanations() -> None:
    assert why_line({}) == "" and why_line(None) == ""
    assert why_line({"nearest": ["A plain title " * 10]}).endswith('…"')
    assert len(why_line({"terms": ["a"] * 9, "nearest": [{"title": "x" * 300}]})) < 100


def test_release_proposal_and_text() -> None:
    notes = "## What's new\n* Supports **video** input ![img](https://x/y.png) [docs](https://qwen.ai/docs)"
    page = "https://github.com/QwenLM/Qwen2-VL/releases/tag/v1.0"
    tagged = release("QwenLM/Qwen2-VL", "v1.0", name="v1.0", url=page, body=notes)
    proposal = release_proposal(
        tagged, classification("Awesome Papers > Foundation Models"), "Qwen2-VL: a VLM"
    )
    assert proposal.key == "QwenLM/Qwen2-VL@v1.0" and proposal.kind == "release"
    assert proposal.title == "Qwen2-VL"  # a version label is no title
    assert proposal.url == proposal.code_url == "https://github.com/QwenLM/Qwen2-VL"
    assert proposal.release_url == tagged.url and proposal.release is tagged
    title, text = release_text(tagged, "Qwen2-VL: a VLM")
    assert title == "Qwen2-VL"
    assert text == "Qwen2-VL: a VLM v1.0 What's new Supports video input img docs"
    named = release("a/b", "v2", name="InternVL 2.5: scaling test-time compute")
    assert release_text(named, None) == (
        "InternVL 2.5: scaling test-time compute",
        "InternVL 2.5: scaling test-time compute",
    )
    assert len(release_text(release(body="word " * 5000), None)[1]) <= 2000


def test_paper_date_is_the_submission_day_else_the_announcement_day() -> None:
    assert (
        paper_date(Paper("1", "T", published=datetime(2025, 5, 5, 23, 59, tzinfo=UTC))).isoformat()
        == "2025-05-05"
    )
    assert paper_date(Paper("1", "T", announced=datetime(2025, 5, 6, 0, 0))).isoformat() == "2025-05-06"
    assert paper_date(Paper("1", "T")) is None and paper_date(None) is None


@pytest.mark.parametrize(
    ("url", "template"),
    [
        ("https://arxiv.org/pdf/2304.08485.pdf", "https://arxiv.org/pdf/{id}.pdf"),
        ("https://arxiv.org/pdf/2304.08485v2", "https://arxiv.org/pdf/{id}"),
        ("https://www.arxiv.org/abs/2506.03569", "https://www.arxiv.org/abs/{id}"),
        ("https://huggingface.co/papers/2409.02889", "https://huggingface.co/papers/{id}"),
        ("http://arxiv.org/abs/cs/0101001v1?context=cs#x", "http://arxiv.org/abs/{id}"),
        ("https://zhuanlan.zhihu.com/p/719475102", None),
        ("https://github.com/a/b", None),
    ],
)
def test_link_template(url: str, template: str | None) -> None:
    assert link_template(url) == template


# ---------------------------------------------------------------- entries in the list's own style


def _entry_line(path: Path, section_query: str, paper: Paper) -> tuple[str, str]:
    doc = read_document(path)
    section = find_section(doc, section_query)
    new = new_entry_for(doc, section, paper_proposal(paper, classification(section.path_text)))
    return new.url or "", render_entry(doc, section, new)[0].rstrip("\n")


PAPER = Paper(
    "2607.01234",
    "A Probe of Multimodal Hallucination",
    abstract="Code: https://github.com/Foo/Probe.",
    published=datetime(2026, 7, 1, 17, 0, tzinfo=UTC),
    comment="Accepted to ECCV 2026",
)


@pytest.mark.parametrize(
    "section",
    [
        "Multimodal Hallucination",
        "Evaluation",
        "Multimodal Instruction Tuning (& Latest Works)",
        "Benchmarks for Evaluation",
    ],
)
def test_bradyfu_head_entries_follow_the_current_link_venue_and_date_style(
    shared_data: Path, section: str
) -> None:
    url, line = _entry_line(shared_data / "lists" / "bradyfu" / BRADYFU_HEAD, section, PAPER)
    assert url == "https://arxiv.org/pdf/2607.01234"  # the newest entries dropped ".pdf"
    if section != "Benchmarks for Evaluation":
        assert line.startswith("| ![Star") and "img.shields.io/github/stars/Foo/Probe" in line  # the badge
        assert (
            "<br> [**A Probe of Multimodal Hallucination**](https://arxiv.org/pdf/2607.01234) <br> |" in line
        )
        assert (
            "| ECCV | 2026-07-01 | [Github](https://github.com/Foo/Probe) |" in line
        )  # no year: the list never writes one
    else:  # dataset table: name, paper, link
        title = "A Probe of Multimodal Hallucination"
        assert line.startswith(f"| **{title}** | [{title}](https://arxiv.org/pdf/2607.01234) |")


def test_bradyfu_2023_entries_link_pdf_files(shared_data: Path) -> None:
    path = min((shared_data / "lists" / "bradyfu").glob("2023-06-*.md"))
    url, line = _entry_line(path, "Multimodal Chain-of-Thought", PAPER)
    assert url == "https://arxiv.org/pdf/2607.01234.pdf"
    assert "| ECCV | 2026-07-01 |" in line


@pytest.mark.parametrize(
    ("section", "url"),
    [
        (
            "Unify Multimodal Understanding and Generation",
            "https://arxiv.org/abs/2607.01234",
        ),  # abs links there
        ("Survey and Outlook", "https://arxiv.org/pdf/2607.01234"),  # its two arXiv links are pdf links
        (
            "Multimodal Large Language Models",
            "https://huggingface.co/papers/2607.01234",
        ),  # its one paper link
    ],
)
def test_yfzhang_entries_use_each_sections_own_link_form(shared_data: Path, section: str, url: str) -> None:
    got, line = _entry_line(shared_data / "lists" / "yfzhang" / YFZHANG_HEAD, section, PAPER)
    assert got == url
    # no venue or date column; the number is where the section's convention puts it (top or bottom)
    assert re.sub(r"^\d+\.", "N.", line) == f"N. [A Probe of Multimodal Hallucination]({url})"


def test_an_entry_without_paper_metadata_still_gets_a_styled_link(shared_data: Path) -> None:
    doc = read_document(shared_data / "lists" / "bradyfu" / BRADYFU_HEAD)
    section = find_section(doc, "Multimodal Hallucination")
    bare = paper_proposal(PAPER, classification(section.path_text))
    bare.paper = None
    new = new_entry_for(doc, section, bare)
    assert (new.url, new.date, new.venue, new.arxiv_id) == (
        "https://arxiv.org/pdf/2607.01234",
        None,
        None,
        "2607.01234",
    )


def test_a_list_without_arxiv_links_gets_abstract_pages() -> None:
    doc = parse_document("# L\n\n## A\n\n- [Blog post](https://example.com/x)\n")
    new = new_entry_for(doc, doc.sections[-1], paper_proposal(PAPER, classification("A")))
    assert new.url == "https://arxiv.org/abs/2607.01234" and arxiv_id_from_url(new.url) == "2607.01234"
