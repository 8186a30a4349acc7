"""The text a classifier sees for a list entry or a paper, and the TF-IDF settings, stated once.

Both models (relevance and section) build their features here so they agree on what a document is.
The settings follow arxiv-sanity-lite (word 1-2 grams, sublinear tf, l2 norm, English stop words), with
two changes for awesome lists: tokens are Unicode words (not ASCII only), and CJK text, which has no
spaces, is split into single characters so that the bigrams are character bigrams (Chinese notes).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Protocol

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

# Hiragana/katakana, CJK unified ideographs (+ extension A, compatibility), Hangul syllables.
_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])")
# A token: a word of 2+ word characters that is not a bare number, or one CJK character.
TOKEN_PATTERN = r"(?u)\b(?!\d+\b)\w\w+\b|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"

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
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _CJK.sub(r" \1 ", text)


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
