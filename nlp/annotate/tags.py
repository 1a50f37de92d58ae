"""Topic tagging: every lexicon term wherever it occurs, with the matched words as evidence.

Matching is character-level (an Aho-Corasick automaton over the terms), so it does not depend on word
segmentation (jieba's 全/县政府/信息/公开 hides 政府信息公开; a character automaton does not). It runs on a
same-length normalised copy of the text (full-width → half-width), so every span is an offset into the original
analysable text. Overlaps: at one place the longest term wins (政府信息公开 over 信息公开, 标准目录 over 目录);
then the lexicon's precedence rules drop a topic that another topic outranks within the same clause.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from ..text.width import match_copy
from ..text.punctuation import CLAUSE_BREAK, SENTENCE_END
from ..text.lists import split_list
from ..rules_topics import TopicLexicon, load_topics

GENERIC = "T00"

# Main topics (``items.csv`` ``main_topics``): the one to three topics an item is about, out of all it names in
# passing. A topic is main when the item's head names it (the sub-heading "（四）平台建设。", or the clause-initial
# verb and its object "一是加强业务培训，…"), or when its terms cover at least MAIN_TOPIC_SHARE of the characters
# the item's terms cover; ranked head first, then by coverage. An item whose head names no topic and where no
# topic reaches the share keeps its best-covered topic. Chosen on the development measures (README, items.csv).
MAIN_TOPICS_MAX = 3
MAIN_TOPIC_SHARE = 0.1
HEADING_CHARS = 20  # a first sentence this short is the item's sub-heading: all of it is the head

# A rule part written as plain words joined by | (印发|制定|下发) can match an item only where the item holds the
# first character of one of its words; parts with any other regex syntax are always tried. Most rules fail on
# most items, so this gate (a set look-up per character) spares most of the per-item regex searches.
_PLAIN_WORDS = re.compile(r"[^\\.^$*+?{}\[\]()|]+(?:\|[^\\.^$*+?{}\[\]()|]+)*")


@dataclass(slots=True)  # made by the hundred per report: slots make them cheaper to build and to read
class TermMatch:
    """One occurrence of a lexicon term (or rule) in the analysable text."""

    start: int
    end: int
    term: str
    topic: str
    kinds: tuple[str, ...] = ()


@dataclass
class Tag:
    """One row of ``tags.csv``: a topic given to an item, and the words that gave it."""

    item_id: str
    topic: str
    term: str
    start: int
    end: int


class Tagger:
    """Matches a :class:`TopicLexicon` against text. Build once per process; matching is thread-safe."""

    def __init__(self, lexicon: TopicLexicon) -> None:
        self.lexicon = lexicon
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
        for topic in lexicon.topics.values():
            for term in topic.terms:
                key = match_copy(term.text)
                entries.setdefault(key, []).append((topic.id, term.text, term.kinds))
        for key, values in entries.items():
            self._automaton.add_word(key, (len(key), tuple(values)))
        if entries:
            self._automaton.make_automaton()
        self._empty = not entries
        self._term_chars = frozenset("".join(entries))  # a term never spans a character outside this set
        self._bit: dict[str, int] = {}  # plain-word part → its bit in the masks below
        self._gate_of: dict[str, int] = defaultdict(int)  # first character → the bits of the plain parts it opens
        self._gated = [(topic.id, rule, self._gates(rule)) for topic in lexicon.topics.values() for rule in topic.rules]
        self._gate_chars = frozenset(self._gate_of)
        self._rules_of: dict[str, list] = {}  # item kind → the gated rules that apply to it
        self._precedence = lexicon.precedence
        self._preferring: dict[str, list] = defaultdict(list)  # topic → the precedence rules that prefer it
        for rule in lexicon.precedence:
            self._preferring[rule.prefer].append(rule)
        self._preferring_itself = any(rule.prefer == rule.over for rule in lexicon.precedence)

    def _gates(self, rule) -> int:
        """The mask of the rule's plain-word parts (see _PLAIN_WORDS), each registered under its words' first
        characters."""
        mask = 0
        for part in rule.parts:
            if part.flags & (re.IGNORECASE | re.VERBOSE) or not _PLAIN_WORDS.fullmatch(part.pattern):
                continue
            bit = self._bit.setdefault(part.pattern, 1 << len(self._bit))
            mask |= bit
            for word in part.pattern.split("|"):
                self._gate_of[word[0]] |= bit
        return mask

    def _open_gates(self, copy: str) -> int:
        """The mask of the plain-word parts whose first characters occur in ``copy``."""
        return functools.reduce(operator.or_, map(self._gate_of.__getitem__, self._gate_chars.intersection(copy)), 0)

    def matches(self, text: str, copy: str | None = None) -> list[TermMatch]:
        """Term occurrences in ``text``, overlaps resolved leftmost-longest (``copy``: its match copy, if made)."""
        if self._empty:
            return []
        return self._resolved(copy if copy is not None else match_copy(text), 0)

    def matches_around(self, copy: str, spans: list[tuple[int, int]]) -> list[TermMatch]:
        """The :meth:`matches` of the whole text (``copy``: its match copy) that start inside ``spans``, found by
        running the automaton only over stretches around them (items cover under half of a report).

        A stretch runs from and to a *cut*: a place no term can straddle, because the character before or after
        it occurs in no term. The overlaps resolved left to right never reach across a cut, so inside a stretch
        they come out as over the whole text."""
        out: list[TermMatch] = []
        if self._empty:
            return out
        n, chars = len(copy), self._term_chars
        lo = hi = 0  # the stretch being gathered
        for start, end in sorted(spans):
            while 0 < start < n and copy[start - 1] in chars and copy[start] in chars:
                start -= 1
            if start >= hi:  # a new stretch: resolve the last one
                if hi > lo:
                    out += self._resolved(copy[lo:hi], lo)
                lo = start
            while 0 < end < n and copy[end - 1] in chars and copy[end] in chars:
                end += 1
            hi = max(hi, end)
        if hi > lo:
            out += self._resolved(copy[lo:hi], lo)
        return out

    def _resolved(self, copy: str, offset: int) -> list[TermMatch]:
        """Term occurrences of ``copy`` (a stretch of the text from ``offset``), overlaps resolved leftmost-longest."""
        # (start, -length): sorted leftmost, then longest first (one key per place and length, so no ties)
        found = [(offset + end_index + 1 - length, -length, values)
                 for end_index, (length, values) in self._automaton.iter(copy)]
        found.sort()
        out: list[TermMatch] = []
        last_end = -1
        for start, minus_length, values in found:
            if start < last_end:
                continue  # inside or across a longer term already taken
            last_end = start - minus_length
            out.extend(TermMatch(start, last_end, term, topic, kinds) for topic, term, kinds in values)
        return out

    def tag(self, text: str, start: int, end: int, kind: str, doc_matches: list[TermMatch] | None = None,
            doc_copy: str | None = None) -> list[TermMatch]:
        """The evidence for the topics of the item text[start:end] of the given kind.

        ``doc_matches``/``doc_copy``: the matches and match copy of the whole text, when already made."""
        if doc_matches is None:
            doc_matches = [TermMatch(m.start + start, m.end + start, m.term, m.topic, m.kinds)
                           for m in self.matches(text[start:end])]
        lo = bisect.bisect_left(doc_matches, start, key=lambda m: m.start)  # doc_matches are sorted by start
        evidence = []
        for m in itertools.islice(doc_matches, lo, None):
            if m.start >= end:
                break
            if m.end <= end and (not m.kinds or kind in m.kinds):
                evidence.append(m)
        copy = doc_copy[start:end] if doc_copy is not None else match_copy(text[start:end])
        clauses = _clauses(copy, start)
        rules = self._rules_of.get(kind)
        if rules is None:
            rules = self._rules_of[kind] = [g for g in self._gated if not g[1].kinds or kind in g[1].kinds]
        open_gates = self._open_gates(copy)
        for topic, rule, gates in rules:
            if gates & open_gates != gates or not all(p.search(copy) for p in rule.parts):
                continue  # cheap tests on the whole item before the clause-by-clause one
            for cs, ce in clauses:
                clause = copy[cs - start:ce - start]
                hits = [p.search(clause) for p in rule.parts]
                if all(hits):
                    first = min(hits, key=lambda h: h.start())
                    evidence.append(TermMatch(cs + first.start(), cs + first.end(), rule.label, topic, rule.kinds))
        evidence = self._apply_precedence(evidence, clauses, copy, start)
        substantive = [m for m in evidence if m.topic != GENERIC]
        return sorted(substantive or evidence, key=lambda m: (m.start, m.topic))

    def _apply_precedence(self, evidence: list[TermMatch], clauses: list[tuple[int, int]], copy: str,
                          offset: int) -> list[TermMatch]:
        if not self._precedence or not evidence:
            return evidence
        if not self._preferring_itself and len({m.topic for m in evidence}) < 2:
            return evidence  # a rule needs two topics in one clause (unless it outranks its own topic)
        starts = [cs for cs, _ in clauses]
        in_clause: dict[int, list[int]] = defaultdict(list)  # clause → its evidence (clauses do not overlap)
        for i, m in enumerate(evidence):
            k = bisect.bisect_right(starts, m.start) - 1
            if k >= 0 and m.start < clauses[k][1]:
                in_clause[k].append(i)
        dropped: set[int] = set()
        for k, inside in in_clause.items():
            cs, ce = clauses[k]
            topics = {evidence[i].topic for i in inside}
            for preferred in topics:
                for rule in self._preferring.get(preferred, ()):
                    if rule.over in topics and (rule.when is None or rule.when.search(copy[cs - offset:ce - offset])):
                        dropped.update(i for i in inside if evidence[i].topic == rule.over)
        return [m for i, m in enumerate(evidence) if i not in dropped]


def _clauses(copy: str, offset: int) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in CLAUSE_BREAK.finditer(copy):
        if m.start() > pos:
            out.append((offset + pos, offset + m.start()))
        pos = m.end()
    if pos < len(copy):
        out.append((offset + pos, offset + len(copy)))
    return out


@lru_cache(maxsize=8)
def tagger_of(lexicon: TopicLexicon) -> Tagger:
    """The tagger of a lexicon (``rules.topics``), built once per process and lexicon."""
    return Tagger(lexicon)


def tagger_for(extra: tuple[str, ...] = ()) -> Tagger:
    """The tagger for the shipped lexicon plus the user's files, for callers that hold paths rather than Rules.
    Built once per process for each state of the files, as the lexicon is parsed: a file edited between two
    analyses in one process (a notebook) gets a new tagger. Asking costs a look-up by the files' signature
    (stat calls), so a caller that tags many texts asks once and keeps it."""
    return tagger_of(load_topics(list(extra)))


def tag_items(tagger: Tagger, text: str, items: list, matches: list[TermMatch] | None = None,
              copy: str | None = None) -> list[Tag]:
    """Give each item (an :class:`nlp.annotate.items.Item`) its ``topics`` and ``terms`` and return the evidence as
    ``tags.csv`` rows. One normalised copy and one automaton pass (over the stretches that hold items) serve every
    item of the text."""
    copy = match_copy(text) if copy is None else copy  # same length as text, so offsets hold
    if matches is None:
        matches = tagger.matches_around(copy, [(item.start, item.end) for item in items])
    tags: list[Tag] = []
    for item in items:
        evidence = tagger.tag(text, item.start, item.end, item.kind, matches, copy)
        item.topics, item.terms = summarise(evidence)
        item.main_topics = ";".join(main_topics(copy, item.start, item.end, evidence))
        item.topic_names = ";".join(tagger.lexicon.name(t) for t in split_list(item.topics))
        tags.extend(Tag(item.item_id, m.topic, m.term, m.start, m.end) for m in evidence)
    return tags


def summarise(evidence: list[TermMatch]) -> tuple[str, str]:
    """(topics, terms) for items.csv: ``;``-joined, in order of first occurrence, each once."""
    topics: list[str] = []
    terms: list[str] = []
    for m in evidence:
        if m.topic not in topics:
            topics.append(m.topic)
        if m.term not in terms:
            terms.append(m.term)
    return ";".join(topics), ";".join(terms)


def head_end(copy: str, start: int, end: int) -> int:
    """Where the head of the item copy[start:end] ends: its first sentence when that is a sub-heading (short),
    else its first clause (the clause-initial verb and its object)."""
    sentence = SENTENCE_END.search(copy, start, end)
    if sentence is not None and sentence.start() - start <= HEADING_CHARS and copy[start:sentence.start()].strip():
        return sentence.start()
    clause = CLAUSE_BREAK.search(copy, start, end)
    while clause is not None and not copy[start:clause.start()].strip():  # an enumerator line "一、\n" first
        clause = CLAUSE_BREAK.search(copy, clause.end(), end)
    return clause.start() if clause is not None else end


def main_topics(copy: str, start: int, end: int, evidence: list[TermMatch]) -> list[str]:
    """The topics that carry the item copy[start:end], ranked (see MAIN_TOPICS_MAX): named in the head first, then
    by the share of the characters covered by the item's terms that each topic's terms cover."""
    substantive = [m for m in evidence if m.topic != GENERIC]
    if not substantive:
        return []
    covered: dict[str, int] = defaultdict(int)
    first: dict[str, int] = {}
    for m in substantive:
        covered[m.topic] += m.end - m.start
        first.setdefault(m.topic, m.start)
    total = sum(covered.values())
    head = head_end(copy, start, end)
    in_head = {m.topic for m in substantive if m.start < head}
    ranked = sorted(covered, key=lambda t: (t not in in_head, -covered[t], first[t]))
    keep = [t for t in ranked if t in in_head or covered[t] >= MAIN_TOPIC_SHARE * total]
    return (keep or ranked)[:MAIN_TOPICS_MAX]
