"""Identity keys: every link form of one paper gives the same arXiv id; repos are never paper keys."""

from __future__ import annotations

import pytest

from tracker.ids import (
    arxiv_id_from_url,
    doi_from_url,
    github_repo_from_badge,
    github_repo_from_url,
    normalize_arxiv_id,
    normalize_doi,
    normalize_title,
    paper_keys,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2401.00001",
        "https://arxiv.org/abs/2401.00001v3",
        "http://arxiv.org/pdf/2401.00001",
        "https://arxiv.org/pdf/2401.00001.pdf",
        "https://arxiv.org/pdf/2401.00001v2.pdf",
        "https://arxiv.org/html/2401.00001v1",
        "https://www.arxiv.org/abs/2401.00001",
        "https://export.arxiv.org/abs/2401.00001",
        "https://browse.arxiv.org/pdf/2401.00001.pdf",
        "arxiv.org/abs/2401.00001",
        "https://arxiv.org/abs/2401.00001?context=cs.CV",
        "https://arxiv.org/abs/2401.00001#section",
        "https://arxiv.org/abs/2401.00001/",
        "https://huggingface.co/papers/2401.00001",
        "https://ARXIV.ORG/abs/2401.00001",
    ],
)
def test_every_arxiv_link_form_gives_the_bare_id(url: str) -> None:
    assert arxiv_id_from_url(url) == "2401.00001"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arxiv.org/abs/cs/0101001", "cs/0101001"),
        ("https://arxiv.org/pdf/cs/0101001v2.pdf", "cs/0101001"),
        ("https://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001"),
        ("https://arxiv.org/abs/math.GT/0309136", "math/0309136"),
        ("https://arxiv.org/pdf/1405.0312.pdf", "1405.0312"),
    ],
)
def test_old_style_and_four_digit_ids(url: str, expected: str) -> None:
    assert arxiv_id_from_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "https://github.com/owner/2401.00001",
        "https://arxiv.org/list/cs.CV/recent",
        "https://arxiv.org/abs/2413.00001",  # month 13
        "https://arxiv.org/abs/2401.0001",  # 2024 ids have five digits
        "https://huggingface.co/datasets/2401.00001",
        "https://notarxiv.org/abs/2401.00001",
        "https://zhuanlan.zhihu.com/p/2401.00001",
    ],
)
def test_non_arxiv_links_give_none(url: str | None) -> None:
    assert arxiv_id_from_url(url) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("arXiv:2401.00001v2", "2401.00001"),
        ("arxiv:2401.00001", "2401.00001"),
        ("2401.00001", "2401.00001"),
        (" 2401.00001v12 ", "2401.00001"),
        ("cs/0101001v1", "cs/0101001"),
        ("https://arxiv.org/abs/2401.00001v2", "2401.00001"),
        ("not an id", None),
        ("2401.00001x", None),
        ("", None),
    ],
)
def test_normalize_arxiv_id(text: str, expected: str | None) -> None:
    assert normalize_arxiv_id(text) == expected


def test_doi_forms() -> None:
    assert doi_from_url("https://doi.org/10.1145/3581783.3612345") == "10.1145/3581783.3612345"
    assert doi_from_url("https://dx.doi.org/10.1109/CVPR.2024.00001") == "10.1109/cvpr.2024.00001"
    assert doi_from_url("https://dl.acm.org/doi/pdf/10.1145/3581783.3612345") == "10.1145/3581783.3612345"
    assert doi_from_url("https://www.techrxiv.org/doi/pdf/10.36227/techrxiv.176289261.16802577") == (
        "10.36227/techrxiv.176289261.16802577"
    )
    assert doi_from_url("https://arxiv.org/abs/2401.00001") is None
    assert normalize_doi("doi:10.1000/XYZ") == "10.1000/xyz"
    assert normalize_doi("nonsense") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/OpenGVLab/InternVL", "opengvlab/internvl"),
        ("https://github.com/OpenGVLab/InternVL.git", "opengvlab/internvl"),
        ("https://github.com/OpenGVLab/InternVL/", "opengvlab/internvl"),
        ("https://github.com/Tencent/VITA/tree/VITA-E", "tencent/vita"),
        ("https://github.com/a/b/blob/main/paper.pdf", "a/b"),
        ("https://github.com/BradyFU/Video-MME?tab=readme-ov-file#-dataset", "bradyfu/video-mme"),
        ("http://www.github.com/x/y", "x/y"),
        ("https://github.com/orgs/OpenGVLab/repositories", None),
        ("https://github.com/features/copilot", None),
        ("https://github.com/topics/llm", None),
        ("https://github.com/sponsors/someone", None),
        ("https://github.com/OpenGVLab", None),
        ("https://github.com", None),
        ("https://opengvlab.github.io/InternVL", None),
        ("https://gitlab.com/a/b", None),
        (None, None),
    ],
)
def test_github_repo_from_url(url: str | None, expected: str | None) -> None:
    assert github_repo_from_url(url) == expected


def test_github_repo_from_star_badge() -> None:
    badge = "https://img.shields.io/github/stars/MiG-NJU/OmniVideo-100K.svg?style=social&label=Star"
    assert github_repo_from_badge(badge) == "mig-nju/omnivideo-100k"
    assert github_repo_from_badge("https://img.shields.io/github/stars/nvidia/cosmos") == "nvidia/cosmos"
    assert github_repo_from_badge("https://img.shields.io/badge/arXiv-2401.00001-red") is None


def test_normalize_title_ignores_case_punctuation_latex_and_markdown() -> None:
    key = normalize_title("Chain-of-Thought Reasoning: A Survey")
    assert key == "chain of thought reasoning a survey"
    assert normalize_title("**Chain of  Thought** reasoning — a `Survey`!") == key
    assert normalize_title(r"$\alpha$-CLIP: \textbf{Focus} Anywhere") == "alpha clip focus anywhere"
    assert normalize_title("Café <br> Über") == "cafe uber"
    assert normalize_title("万字长文总结多模态大模型") == "万字长文总结多模态大模型"
    assert normalize_title("") == "" and normalize_title(None) == ""


def test_paper_keys_agree_across_link_forms_and_never_contain_repos() -> None:
    abs_keys = paper_keys(url="https://arxiv.org/abs/2401.00001v2", title="A Paper")
    pdf_keys = paper_keys(url="https://arxiv.org/pdf/2401.00001.pdf", title="a paper.")
    assert abs_keys == pdf_keys == {"arxiv:2401.00001", "title:a paper"}
    assert paper_keys(arxiv_id="arXiv:2401.00001v1") == {"arxiv:2401.00001"}
    assert paper_keys(doi="10.48550/arXiv.2401.00001") == {
        "doi:10.48550/arxiv.2401.00001",
        "arxiv:2401.00001",
    }
    assert paper_keys(url="https://doi.org/10.1/X") == {"doi:10.1/x"}
    assert paper_keys(url="https://github.com/owner/repo", title="") == set()
    assert paper_keys() == set()
