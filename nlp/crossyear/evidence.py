"""The two sides of a promise follow-up: a commitment of year N, and the evidence units of year N+1 (the
sentences of its measures and of its follow-up block on last year's problems).

Both are prepared once per run with what matching compares: topics, content words, character bigrams, kinds
of action, and for a commitment its steps and listed items (how much of the promise was carried out is counted
on those), for a unit how concrete it is (a named document, a count, a completed step).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from ..annotate.tags import GENERIC, Tagger
from ..text.punctuation import CLAUSE
from ..text.width import match_copy
from ..text import similarity as sim
from .features import Concreteness, actions_of, concreteness, sentence_spans, specific_bigrams, specific_words
from .frames import Rows, int_cell, records, text_cell, topic_set
from ..rules_tracking import rules

TagIndex = dict[str, list[tuple[str, int]]]  # item_id → (topic, offset inside the item text)

_LIST_CUT = re.compile(r"(?:等|和|及|与|或)")
_QUOTE_SPAN = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’|《[^》]*》")


@dataclass
class Unit:
    """A sentence of next year's measures or follow-up block: the grain at which evidence is judged.

    Words (jieba, the costly part) are computed on first use only: most sentences are ruled out by topic, kind
    of action or character bigrams before their words are needed.
    """

    item_id: str
    kind: str
    text: str
    topics: frozenset[str]
    grams: frozenset[str]
    actions: frozenset[str]
    concrete: Concreteness

    @property
    def words(self) -> frozenset[str]:
        return specific_words(self.text)

    @cached_property
    def overall(self) -> bool:
        """A statement about the disclosure work as a whole (the counterpart of a generic promise); asked for each
        generic promise the unit is compared with, so found once."""
        return bool(rules().overall.search(match_copy(self.text)))


def tag_index(tags: Rows | None, item_rows: list[dict]) -> TagIndex | None:
    """item_id → (topic, offset inside the item text) for the items ``item_rows``, from tags (rows of tags.csv,
    whose offsets are in the report's text)."""
    if tags is None or len(tags) == 0:
        return None
    starts = {it["item_id"]: it["start"] for it in item_rows}
    index: TagIndex = defaultdict(list)
    for t in records(tags):
        iid = text_cell(t.get("item_id"))
        if iid not in starts:
            continue
        pos = int_cell(t.get("start"))
        if pos is not None:
            index[iid].append((text_cell(t.get("topic")), pos - starts[iid]))
    return dict(index)


def units_of(rows: list[dict], tagger: Tagger, tags: TagIndex | None = None) -> list[Unit]:
    """The evidence sentences of one report: its measures and follow-up items split into sentences, each with the
    topics found in it (from tags.csv when given, else the item is tagged once with ``tagger``; the item's topics
    stand in for a sentence with none). Computed once per report and run (a report is N+1 of one pair only)."""
    r = rules()
    units = []
    for it in rows:
        kind = str(it.get("kind"))
        if kind not in r.evidence_kinds:
            continue
        text = str(it.get("text") or "")
        fallback = topic_set(it.get("topics"))
        if tags is not None and it["item_id"] in tags:
            found = tags[it["item_id"]]
        else:
            found = [(m.topic, m.start) for m in tagger.tag(text, 0, len(text), kind)]
        for a, b in sentence_spans(text):
            s = text[a:b]
            if r.routine_counts.search(match_copy(s)):
                continue  # the statistics every report gives for its tables: no evidence of a promise kept
            topics = frozenset(t for t, pos in found if a <= pos < b and t != GENERIC)
            units.append(Unit(str(it["item_id"]), kind, s, topics or fallback, specific_bigrams(s), actions_of(s),
                              concreteness(s)))
    return units


def other_units(text: str, covered: list[tuple[int, int]], tagger: Tagger) -> list[Unit]:
    """Evidence sentences from the rest of N+1's report (other sections: 主动公开情况, 重点领域…): every sentence of
    ``text`` that overlaps none of the ``covered`` spans (its items, its section 五), tagged like a measure."""
    r = rules()
    units = []
    for a, b in sentence_spans(text):
        if any(a < e and s < b for s, e in covered):
            continue
        sentence = text[a:b]
        if r.routine_counts.search(match_copy(sentence)) or not CLAUSE.search(sentence):
            continue
        topics = frozenset(m.topic for m in tagger.tag(sentence, 0, len(sentence), "measure") if m.topic != GENERIC)
        units.append(Unit(f"text:{a}", "other", sentence, topics, specific_bigrams(sentence), actions_of(sentence),
                          concreteness(sentence)))
    return units


@dataclass
class Commitment:
    """A promise of year N with what matching needs."""

    item_id: str
    text: str
    topics: frozenset[str]
    words: frozenset[str]
    grams: frozenset[str]
    actions: frozenset[str]
    clauses: list[frozenset[str]]  # specific words of each clause that is a step (purpose clauses left out)
    lists: list[list[frozenset[str]]]  # listed items ("图解、短视频、问答"): the key words of each
    main: frozenset[str] = frozenset()  # the topics that carry the promise (items.csv main_topics; else its topics)

    @cached_property
    def generic(self) -> bool:
        """A promise that names no kind of action and no topic but boilerplate or awareness (T00, T03): its
        counterpart in N+1 is a statement about the work as a whole."""
        return not self.actions and self.topics <= rules().generic_topics

    @property
    def specific(self) -> bool:
        """A promise that names a kind of action, a document, a count or a list of sub-items; else generic."""
        c = concreteness(self.text)
        return bool(self.actions or self.lists or c.documents or c.counts)


def _list_items(text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> list[frozenset[str]]:
    """Key words of each item of an enumeration ``A、B、C等…`` in text[start:end] ("图解、短视频、问答" → 图解 /
    视频 / 问答).

    The first item is preceded by its verb (综合运用图解 → its last word); the last one is followed by the common
    head (在线访谈等形式 → 在线访谈; without 等/和 only its first word); words all items share (同步) are not
    keys. A list of places or units (各乡镇、各部门) has no key words and is no list; 、 inside quotes or 《》 does
    not enumerate.
    """
    cuts = [i for i in range(start, end) if text[i] == "、" and not any(a <= i < b for a, b in quoted)]
    if not cuts:
        return []
    bounds = [start] + [c + 1 for c in cuts]
    spans = [(a, (cuts[k] if k < len(cuts) else end)) for k, a in enumerate(bounds)]
    last_a, last_b = spans[-1]
    m = _LIST_CUT.search(text, last_a, last_b)
    last_cut = m is not None and m.start() > last_a
    if last_cut:
        spans[-1] = (last_a, m.start())
    keys: list[list[str]] = []
    for k, (a, b) in enumerate(spans):
        w = list(sim.words_in(text, a, b))
        if k == 0:
            w = w[-1:]
        elif k == len(spans) - 1 and not last_cut:
            w = w[:1]
        keys.append([x for x in w if rules().specific(x)])
    common = set.intersection(*[set(k) for k in keys]) if all(keys) else set()
    items = [frozenset(k) - common for k in keys]
    items = [k for k in items if k]
    return items if len(items) >= 2 else []


def commitment(item: dict) -> Commitment:
    """A commitment with what matching needs: topics, words, bigrams, kinds of action, clauses and lists."""
    text = match_copy(str(item["text"]))
    r = rules()
    quoted = [m.span() for m in _QUOTE_SPAN.finditer(text)]
    clauses: list[frozenset[str]] = []
    lists: list[list[frozenset[str]]] = []
    for part in CLAUSE.finditer(text):
        if r.purpose_clause.search(sim.strip_frame(part.group(0).strip())):
            continue
        enumerated = _list_items(text, part.start(), part.end(), quoted)
        if enumerated:
            lists.append(enumerated)
        pos = part.start()
        for cut in [i for i in range(part.start(), part.end()) if text[i] == "、"] + [part.end()]:
            w = frozenset(x for x in sim.words_in(text, pos, cut) if r.specific(x))
            if w:
                clauses.append(w)
            pos = cut + 1
    topics = topic_set(item.get("topics"))
    return Commitment(str(item["item_id"]), str(item["text"]), topics,
                      specific_words(text), specific_bigrams(text), actions_of(text), clauses, lists,
                      (topic_set(item.get("main_topics")) & topics) or topics)
