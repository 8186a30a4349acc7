"""The text a classifier sees for a list entry or a paper, and the TF-IDF settings, stated once.

Both models (relevance and section) build their features here so they agree on what a document is.
The settings follow arxiv-sanity-lite (word 1-2 grams, sublinear tf, l2 norm, English stop words), with
two changes for awesome lists: tokens are Unicode words (not ASCII only), and CJK text, which has no
spaces, is split into single characters so that the bigrams are character bigrams (Chinese notes).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

# Hiragana/katakana, CJK unified ideographs (+ extension A, compatibility), Hangul syllables.
_CJK_CHARACTER = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"
_CJK = re.compile(f"({_CJK_CHARACTER})")
# A token: a word of 2+ word characters that is not a bare number, or one CJK character.
TOKEN_PATTERN = r"(?u)\b(?!\d+\b)\w\w+\b|" + _CJK_CHARACTER
# What `fast_analyzer` finds in non-ASCII text instead (then it drops all-digit words).
_WORD = re.compile(r"\w\w+|" + _CJK_CHARACTER)
# In ASCII text it splits words at every character but \w's [a-zA-Z0-9_] (bytes.translate, str.translate).
_ASCII_WORD_CHARACTERS = string.ascii_letters + string.digits + "_"
_ASCII_BREAKS = bytes(c if chr(c) in _ASCII_WORD_CHARACTERS else ord(" ") for c in range(256))
_ASCII_BREAKS_STR = {c: " " for c in range(128) if chr(c) not in _ASCII_WORD_CHARACTERS}
# Combining marks are never ASCII: `normalise_text` reads only these runs for them.
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")

TFIDF_SETTINGS: dict[str, Any] = {
    "ngram_range": (1, 2),
    "sublinear_tf": True,
    "norm": "l2",
    "use_idf": True,
    "smooth_idf": True,
    "stop_words": "english",
    "token_pattern": TOKEN_PATTERN,
    "min_df": 1,
    "max_df": 1.0,
    "dtype": np.float32,
}
"""The one place the TF-IDF recipe lives; `make_vectorizer` may override min_df/max_df/max_features."""


class EntryLike(Protocol):
    title: str
    note: str


def normalise_text(text: str) -> str:
    """Lower-case, NFKC (full-width forms), accents removed, CJK characters spaced apart.

    ASCII text (most abstracts) only needs lower-casing; skipping the Unicode passes there is 3x faster."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).lower())
    return _CJK.sub(r" \1 ", _NON_ASCII.sub(_drop_combining, text))


def _drop_combining(run: re.Match[str]) -> str:
    return "".join(ch for ch in run.group() if not unicodedata.combining(ch))


def paper_text(title: str | None, abstract: str | None) -> str:
    """A paper as one document: title, then abstract (either may be missing)."""
    return "\n".join(part.strip() for part in (title, abstract) if part and part.strip())


def entry_text(entry: EntryLike, abstract: str | None) -> str:
    """A list entry as one document: title, the maintainer's tag/note text, and the abstract if known."""
    return "\n".join(part.strip() for part in (entry.title, entry.note, abstract) if part and part.strip())


def make_vectorizer(
    *, min_df: int | float | None = None, max_df: float | None = None, max_features: int | None = None
) -> TfidfVectorizer:
    """A fresh TfidfVectorizer with TFIDF_SETTINGS (corpus-size knobs optionally overridden)."""
    settings = dict(TFIDF_SETTINGS)
    for key, value in (("min_df", min_df), ("max_df", max_df), ("max_features", max_features)):
        if value is not None:
            settings[key] = value
    return TfidfVectorizer(preprocessor=normalise_text, **settings)


def fast_analyzer(vectorizer: Any, *, encoded: bool = False) -> Callable[[str], list[Any]]:
    """`vectorizer.build_analyzer()`, about twice as fast when it tokenises with TOKEN_PATTERN: the same
    terms in the same order (tests/classify/test_corpus.py checks it against scikit-learn's). With
    `encoded`, an ASCII document's terms come as bytes, which FeatureHasher hashes exactly as it hashes
    the str (it would encode each one).

    TOKEN_PATTERN's lookarounds cost a third of the tokenising time. Its tokens are the maximal runs of
    2+ word characters that are not all decimal digits (`\\d` is exactly `str.isdecimal`), plus lone CJK
    characters (CJK characters are word characters, so in a longer run they are part of it either way).
    ASCII text, most abstracts, is split at its non-word characters instead of searched, and one set
    lookup drops both stop words and one-character words. Then come the n-grams of the remaining
    words, as in scikit-learn's `_word_ngrams`. Any other analyzer (or a duck-typed stand-in) is the
    vectorizer's own.
    """
    if not (
        isinstance(vectorizer, CountVectorizer)
        and vectorizer.analyzer == "word"
        and vectorizer.tokenizer is None
        and vectorizer.token_pattern == TOKEN_PATTERN
    ):
        return vectorizer.build_analyzer()
    decode, preprocess = vectorizer.decode, vectorizer.build_preprocessor()
    stop = vectorizer.get_stop_words() or frozenset()
    skip = stop | frozenset(_ASCII_WORD_CHARACTERS)
    skip_bytes = frozenset(word.encode() for word in skip)
    min_n, max_n = vectorizer.ngram_range

    def analyze(doc: str) -> list[Any]:
        text = preprocess(decode(doc))
        if not text.isascii():
            words = [word for word in _WORD.findall(text) if word not in stop and not word.isdecimal()]
            return _ngrams(words, min_n, max_n, " ".join)
        if encoded:
            found = text.encode().translate(_ASCII_BREAKS).split()
            words = [word for word in found if word not in skip_bytes and not word.isdigit()]
            return _ngrams(words, min_n, max_n, b" ".join)
        found = text.translate(_ASCII_BREAKS_STR).split()
        words = [word for word in found if word not in skip and not word.isdecimal()]
        return _ngrams(words, min_n, max_n, " ".join)

    return analyze


def _ngrams(words: list[Any], min_n: int, max_n: int, join: Callable[[Any], Any]) -> list[Any]:
    """`words` (when min_n is 1) and their n-grams up to max_n, joined by `join`, in scikit-learn's order."""
    if max_n == 1:
        return words
    # zipped from slices taken before `words` grows with the n-grams (the shortest slice ends them)
    grams = [
        map(join, zip(*(words[i:] for i in range(n)), strict=False)) for n in range(max(min_n, 2), max_n + 1)
    ]
    terms = words if min_n == 1 else []
    for gram in grams:
        terms.extend(gram)
    return terms
