"""Text similarity for tracking across years: jieba words and character bigrams, both cached.

Two views of a text, because each misses what the other sees: jieba words carry meaning (巡查, 图解, 会商) but
segmentation errs on administrative prose (各部门子栏目 → 各部/门子/栏目); character bigrams never depend on
segmentation but also match across word boundaries. Scores use both. Everything works on a width-normalised copy
(full-width ASCII → half-width) with punctuation removed, so layout and width do not change a score.

Tokenisation is cached per text (a commitment is compared with dozens of sentences, a sentence with several
commitments): thousands of reports stay fast. jieba is loaded on first use only.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from operator import add

from .segmenter import tokenize
from .width import match_copy
from .enumerators import DUN, opening_enumerator

_NON_TEXT = re.compile(r"[^0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]+")
_ENUMERATOR = re.compile(rf"^\s*(?:{opening_enumerator('是要' + DUN)})\s*")
_YEAR = re.compile(r"20\d\d\s*年(?:度)?")


@lru_cache(maxsize=200_000)
def strip_frame(text: str) -> str:
    """Text without its enumerator (一是/（二）/3.) and year tokens: what stays when a report is copied forward.

    A commitment carried over from last year often changes only its number and year ("三是…" → "2021年，…"), so
    near-duplicate detection compares texts without them.
    """
    text = _ENUMERATOR.sub("", match_copy(text or ""))
    return _YEAR.sub("", text)


@lru_cache(maxsize=200_000)
def tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """jieba words with their offsets (exact mode; HMM on, so that 微信/读网 are found although not in jieba's
    dictionary): two or more characters, no punctuation, no bare numbers."""
    out = []
    for w, start, end in tokenize(match_copy(text or "")):
        if len(w) >= 2 and not w.isdigit() and not _NON_TEXT.search(w):
            out.append((w, start, end))
    return tuple(out)


def words(text: str) -> tuple[str, ...]:
    """The words of :func:`tokens`, in order."""
    return tuple(w for w, _, _ in tokens(text))


def words_in(text: str, start: int, end: int) -> tuple[str, ...]:
    """The words of ``text`` that lie inside text[start:end] (segmenting the whole text once, not each piece)."""
    return tuple(w for w, s, e in tokens(text) if s >= start and e <= end)


@lru_cache(maxsize=200_000)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams inside each run of text (never across punctuation): each character joined to the next
    in C (``map``), not a slice per place."""
    return frozenset(g for chunk in _NON_TEXT.split(match_copy(text or "")) for g in map(add, chunk, chunk[1:]))


def _as_set(items: Iterable[str] | set[str] | frozenset[str]) -> set[str] | frozenset[str]:
    """``items`` as a set, not copied when it is one already: the cached bigrams of a section are a set of
    thousands, compared with several others."""
    return items if isinstance(items, (set, frozenset)) else set(items)


def cosine(a: Iterable[str] | set[str], b: Iterable[str] | set[str]) -> float:
    """Set cosine |A∩B| / sqrt(|A|·|B|): symmetric and fair to a short text against a longer one."""
    a, b = _as_set(a), _as_set(b)
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def containment(a: Iterable[str] | set[str], b: Iterable[str] | set[str]) -> float:
    """Share of A found in B."""
    a, b = _as_set(a), _as_set(b)
    if not a:
        return 0.0
    return len(a & b) / len(a)


def dice(a: Iterable[str] | set[str], b: Iterable[str] | set[str]) -> float:
    a, b = _as_set(a), _as_set(b)
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def text_similarity(a: str, b: str) -> float:
    """Near-duplicate similarity of two texts in [0, 1]: Dice of character bigrams, enumerators and years removed.

    Used for "copied from last year" (section 五, overview, single commitments): 1.0 for a verbatim copy, about
    0.9 for a copy with a few words changed, below 0.5 for two texts on the same subject written anew.
    """
    return dice(bigrams(strip_frame(a)), bigrams(strip_frame(b)))


def cache_clear() -> None:
    tokens.cache_clear()
    bigrams.cache_clear()
    strip_frame.cache_clear()
