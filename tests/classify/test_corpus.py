"""The shared recipe's text handling: `fast_analyzer` makes exactly scikit-learn's terms, ASCII or not."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import TfidfVectorizer

from tracker.classify.corpus import fast_analyzer, make_vectorizer, normalise_text
from tracker.classify.relevance import RelevanceSettings
from tracker.classify.termcounts import N_FEATURES, hashed_counts

SAMPLE = [
    "Visual Instruction Tuning: LLaVA-1.5 beats GPT-4V on 12 of 13 benchmarks (2024), e.g. MM-Vet_v2.",
    "We train a 7B model; the 3D point-cloud encoder uses 2048 points and a 1x1 conv, i.e. 0.5% params.",
    "多模态大语言模型综述 (A Survey on Multimodal Large Language Models)，含幻觉与评测。",
    "マルチモーダル・モデル and 한국어 멀티모달 모델 with ﬁne-tuning",
    "Ｆｕｌｌ－ｗｉｄｔｈ ＧＰＴ４ and café, naïve, Zürich, Ångström, résumé",
    "Arabic-Indic digits ٣٤٥ and circled ①② and superscript x² and fractions ½",
    "tabs\tand\nnew lines\x0bvertical\x1cfile separators, under_scores, __dunder__, _ a b c I",
    "emoji 🤖 robots, math 𝐀𝐁𝐂 bold, combining e\u0301 and a\u0308",
    "",
    "the and of",
    "12 345 6789",
]


def _decoded(terms: list) -> list[str]:
    return [term.decode() if isinstance(term, bytes) else term for term in terms]


def _random_texts(count: int) -> list[str]:
    """Texts drawn from ASCII words, digits, punctuation, accents, CJK, full-width forms and odd spaces."""
    rnd = random.Random(0)
    pieces = [
        *"abcxyzABC019_-.,;:()'\"/\\ \t\n",
        "the", "model", "2024", "7b", "a", "I", "über", "é", "e\u0301", "模", "型", "。", "・", "ー",
        "한", "ｗ", "５", "①", "٣", "²", "ﬁ", "\u3000", "\xa0", "🤖",
    ]  # fmt: skip
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40))) for _ in range(count)]


VECTORIZERS = {
    "section model's": make_vectorizer(),
    "relevance model's": RelevanceSettings().vectorizer(),
    "unigrams": make_vectorizer().set_params(ngram_range=(1, 1)),
    "1-3 grams": make_vectorizer().set_params(ngram_range=(1, 3)),
    "2-3 grams": make_vectorizer().set_params(ngram_range=(2, 3)),
    "no stop words": make_vectorizer().set_params(stop_words=None),
    "scikit-learn's preprocessor": make_vectorizer().set_params(preprocessor=None, strip_accents="unicode"),
}


@pytest.mark.parametrize("name", VECTORIZERS)
def test_fast_analyzer_makes_scikit_learns_terms(name: str) -> None:
    vectorizer = VECTORIZERS[name]
    expected, fast = vectorizer.build_analyzer(), fast_analyzer(vectorizer)
    encoded = fast_analyzer(vectorizer, encoded=True)
    for text in SAMPLE + _random_texts(2000):
        want = expected(text)
        assert fast(text) == want, text
        assert _decoded(encoded(text)) == want, text


def test_the_recipe_makes_cjk_character_bigrams_and_drops_numbers() -> None:
    analyze = fast_analyzer(make_vectorizer())
    assert {"模 型", "survey", "multimodal large"} <= set(analyze(SAMPLE[2]))
    assert analyze(SAMPLE[-1]) == [] and analyze("the and of") == []


def test_fast_analyzer_is_the_vectorizers_own_for_other_tokenisers() -> None:
    for vectorizer in (
        make_vectorizer().set_params(analyzer="char_wb", ngram_range=(2, 3)),
        make_vectorizer().set_params(token_pattern=r"(?u)\b\w+\b"),
    ):
        expected, fast = vectorizer.build_analyzer(), fast_analyzer(vectorizer)
        assert all(fast(text) == expected(text) for text in SAMPLE)


def test_hashed_counts_equal_hashing_scikit_learns_terms() -> None:
    vectorizer = RelevanceSettings().vectorizer()
    texts = SAMPLE + _random_texts(300)
    analyzer = vectorizer.build_analyzer()
    hasher = FeatureHasher(N_FEATURES, input_type="string", alternate_sign=False, dtype=np.float32)
    expected = hasher.transform(analyzer(text) for text in texts)
    got = hashed_counts(texts, vectorizer)
    assert got.shape == expected.shape and (got != expected).nnz == 0
    assert np.array_equal(got.indices, expected.indices) and np.array_equal(got.indptr, expected.indptr)


def test_the_recipe_builds_scikit_learns_vocabulary_with_the_fast_terms() -> None:
    texts = SAMPLE + _random_texts(200)
    fitted = make_vectorizer().fit(texts)
    fast = TfidfVectorizer(analyzer=fast_analyzer(make_vectorizer())).fit(texts)
    assert fitted.vocabulary_ == fast.vocabulary_


def test_normalise_text_folds_case_width_accents_and_spaces_cjk() -> None:
    assert normalise_text("LLaVA-1.5 Beats GPT-4V") == "llava-1.5 beats gpt-4v"
    assert normalise_text("Ｆｕｌｌ café Ångström e\u0301") == "full cafe angstrom e"
    assert normalise_text("多模态LLM") == " 多  模  态 llm"
