"""What the cross-year comparisons read in a text: content words, character bigrams, kinds of action, concrete
results, stale year tokens and sentence spans.

Each feature is memoised per text, because a commitment is compared with dozens of sentences and a sentence with
several commitments; :func:`clear_caches` empties the memos after a run, so that one run's texts are not kept
for the next. The words and patterns behind every feature are data (``lexicons/tracking.yaml``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..text.punctuation import SENTENCE_OR_SEMICOLON
from ..text.width import match_copy
from ..text import similarity as sim
from ..rules_tracking import rules

_HEADING_SENTENCE = 16  # a sentence this short that ends a heading ("二是强化业务培训。") is glued to the next
_DOC = re.compile(r"《([^》]{2,80})》")
_DIGIT = re.compile(r"[0-9０-９]")  # a digit as bigrams() keeps it (full width becomes ASCII there)


@lru_cache(maxsize=100_000)
def specific_words(text: str) -> frozenset[str]:
    """jieba words that carry content: not generic (工作, 进一步, 全县, 区政府…), not numbers."""
    return frozenset(w for w in sim.words(text) if rules().specific(w))


@lru_cache(maxsize=100_000)
def specific_bigrams(text: str) -> frozenset[str]:
    """Character bigrams without those of the generic words and without numbers. The set difference runs in C;
    only a text with a digit (its bigrams hold no other: see :func:`~nlp.text.similarity.bigrams`) is looked at
    bigram by bigram."""
    grams = sim.bigrams(text) - rules().stop_bigrams
    if _DIGIT.search(text):
        return frozenset(g for g in grams if not g[0].isdigit())
    return grams


@lru_cache(maxsize=100_000)
def actions_of(text: str) -> frozenset[str]:
    """Kinds of action a text names (training, staffing, inspection, website_function…): those with a term in
    it, each kind's terms searched as one alternation."""
    copy = match_copy(text)
    return frozenset(kind for kind, pattern in rules().action_patterns if pattern.search(copy))


@dataclass
class Concreteness:
    """What makes a sentence checkable: a named document, a count, a completed step (or a step under way)."""

    documents: list[str]
    counts: list[str]
    done: list[str]
    progress: list[str]
    channels: list[str] = field(default_factory=list)  # a new channel or column opened (开通…微博, 新增…专栏)

    @property
    def concrete(self) -> bool:
        return bool(self.documents or self.counts or self.done or self.channels) and not self.progress

    def describe(self) -> str:
        parts = []
        if self.documents:
            parts.append("named " + "、".join(f"《{d}》" for d in self.documents[:2]))
        if self.counts:
            parts.append("counts " + "、".join(self.counts[:4]))
        if self.channels:
            parts.append("new channel " + "、".join(self.channels[:2]))
        if self.done:
            parts.append("done: " + "、".join(dict.fromkeys(self.done)))
        if self.progress:
            parts.append("in progress: " + "、".join(dict.fromkeys(self.progress)))
        return "; ".join(parts) if parts else "generic wording only"


@lru_cache(maxsize=100_000)
def concreteness(text: str) -> Concreteness:
    """Named documents, counts, completed steps and steps under way in one sentence of next year's report."""
    r = rules()
    copy = match_copy(text)
    docs = [d for d in _DOC.findall(copy) if not r.generic_documents.search(d)]
    counts = [] if r.routine_counts.search(copy) else [m.group(0).replace(" ", "") for m in r.count.finditer(copy)]
    done = r.done.findall(copy) + [m.group(0) for m in r.mechanism.finditer(copy)]
    channels = [m.group(0) for m in r.channel.finditer(copy)]
    return Concreteness(docs, counts, done, r.progress.findall(copy), channels)


def clear_caches() -> None:
    """Forget the memoised features (and the tokenisations under them) of the texts of a run."""
    sim.cache_clear()
    for memoised in (specific_words, specific_bigrams, actions_of, concreteness):
        memoised.cache_clear()


def stale_year_tokens(text: str, year: int | None) -> list[str]:
    """Promises dated in a year that is not in the future for a report about ``year`` ("2021年，我县将…")."""
    if year is None:
        return []
    out = []
    for m in rules().stale_year.finditer(match_copy(text)):
        if int(m.group(1)) <= int(year):
            out.append(text[m.start():m.end()])  # as printed (the match ran on a same-length copy)
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (split after 。！？； and line breaks); a short heading sentence is glued to the next one."""
    raw = []
    for m in SENTENCE_OR_SEMICOLON.finditer(text or ""):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            raw.append((a, b))
    count = rules().count
    out: list[tuple[int, int]] = []
    carry: int | None = None
    for a, b in raw:
        if b - a <= _HEADING_SENTENCE and not count.search(match_copy(text[a:b])):
            carry = a if carry is None else carry
            continue
        out.append((carry if carry is not None else a, b))
        carry = None
    if carry is not None:
        if out:
            out[-1] = (out[-1][0], raw[-1][1])
        else:
            out.append((carry, raw[-1][1]))
    return out
