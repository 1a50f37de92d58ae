"""One body across years: promise follow-up, recurring weaknesses, copied text, vague self-criticism (issue 5).

Why this exists: a 年报 names problems and promises improvements every year, and evaluators (CASS, provincial
inspections) judge a body by whether next year's report shows the promise carried out, whether the same weakness
keeps coming back, and whether section 五 is simply copied forward. :func:`track` answers those questions from the
item tables the pipeline already writes, with every judgement traceable to the sentences that support it.

How (taxonomy §4):
- **Series.** Reports are grouped by canonical body name (``reports.jurisdiction``, alias table already applied) and
  year. A report whose body or year is unknown is left out, with a warning — never merged by guess. Two reports of
  one body for one year are a duplicate: one is kept (status ok over warning, then the richer one) and the other
  reported with the reason.
- **Follow-up.** Each commitment of year N is compared with the sentences of N+1's measures and explicit follow-up
  blocks (上年度问题整改情况, the strongest evidence): shared topic + shared words (jieba) + shared character bigrams +
  same kind of action (a website-function promise is never carried out by a training). ``reported`` needs concrete
  evidence (a named 《document》, a count, a completed step) that covers most of what was promised; ``partly`` is
  generic wording, a step still under way, or only part of a list; ``repeated`` is no evidence but the same promise
  made again; ``not_reported`` nothing at all; ``no_next_report`` when N+1 is missing. Problems of year N that no
  commitment addresses are listed as ``no_commitment`` (the problem is in ``problem_item_id``/``problem_text``;
  ``commitment_item_id`` is empty): a report that names a weakness and promises nothing about it is a finding.
- **Recurring.** Per body and topic, the years in which the topic is among the problems; streaks, gaps (a topic that
  disappears and returns) and whether it is still open in the latest year.
- **Copied text.** Similarity of section 五 and of the overview between consecutive years, items carried over
  unchanged, and stale year tokens (a 2021 report promising what it "will do in 2021").
- **Vagueness.** A problem that names no specific object, number or area gets ``vague = 1``.

All thresholds, status words and kinds of action are data: ``lexicons/tracking.yaml``.
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ..text import similarity as sim
from ..lexicon import load_yaml
from ..text.width import match_copy

RECURRING_COLUMNS = ["jurisdiction", "topic", "topic_name", "years", "n_years", "first_year", "last_year",
                     "longest_streak", "still_open", "returned", "gap_years", "series_years", "examples"]
FOLLOWUP_COLUMNS = ["jurisdiction", "year", "commitment_item_id", "commitment_text", "topics", "status",
                    "evidence_item_id", "evidence_text", "evidence_year", "score", "reason",
                    "report_id", "next_report_id", "problem_item_id", "problem_text", "coverage",
                    "repeated_item_id", "repeats_prev_item_id", "stale_year"]
SERIES_COLUMNS = ["jurisdiction", "year", "prev_year", "problems_similarity", "overview_similarity",
                  "copied_year_tokens", "report_id", "prev_report_id", "carried_problems", "carried_commitments",
                  "recurring_topics", "flags"]
DUPLICATE_COLUMNS = ["jurisdiction", "year", "kept_report_id", "dropped_report_id", "reason"]
WARNING_COLUMNS = ["report_id", "message"]
STATUSES = ("reported", "partly", "not_reported", "repeated", "no_next_report", "no_commitment")
GENERIC_TOPIC = "T00"
_SPLIT_TOPICS = re.compile(r"[;；,，\s]+")
_SENTENCE = re.compile(r"[^。！？；;!?\n]*(?:[。！？；;!?]+[”’」』）)]*|\n|$)")
_CLAUSE = re.compile(r"[，,。；;：:、！？!?\n]+")
_HEADING_SENTENCE = 16  # a sentence this short that ends a heading ("二是强化业务培训。") is glued to the next


# --------------------------------------------------------------------------------------------- rows

@dataclass
class RecurringRow:
    """A topic that appears among one body's problems in several years (one row of ``recurring.csv``)."""

    jurisdiction: str
    topic: str
    topic_name: str
    years: str  # ;-joined years in which the topic is among the problems
    n_years: int
    first_year: int
    last_year: int
    longest_streak: int  # longest run of consecutive calendar years (a missing report breaks the run)
    still_open: int  # 1 when the topic is among the problems of the body's latest report
    returned: int  # 1 when the topic disappeared in a year with a report and came back later
    gap_years: str  # ;-joined years with a report in which the topic was absent, between first and last
    series_years: str  # ;-joined years of the body's series (so that gaps can be checked)
    examples: str  # "2019: 一是…｜2020: …"


@dataclass
class FollowupRow:
    """One commitment of year N and what N+1 says about it; or a problem of year N without a commitment."""

    jurisdiction: str
    year: int
    commitment_item_id: str
    commitment_text: str
    topics: str
    status: str
    evidence_item_id: str = ""
    evidence_text: str = ""
    evidence_year: int | None = None
    score: float = 0.0
    reason: str = ""
    report_id: str = ""
    next_report_id: str = ""
    problem_item_id: str = ""  # the problem(s) the commitment answers; for no_commitment rows: the problem
    problem_text: str = ""
    coverage: float | None = None  # share of the promise (clauses, listed items) found in the evidence
    repeated_item_id: str = ""  # a commitment of N+1 that makes the same promise again
    repeats_prev_item_id: str = ""  # a commitment of N-1 that this one repeats (carried-over text)
    stale_year: str = ""  # a year token <= N in the promise ("2021年，我县将…" in the 2021 report)


@dataclass
class SeriesRow:
    """Two consecutive reports of one body compared (one row of ``series.csv``)."""

    jurisdiction: str
    year: int
    prev_year: int | None  # the body's previous report year; None for the first report of the series
    problems_similarity: float | None  # section 五 (problems + commitments) of year vs prev_year, 0–1
    overview_similarity: float | None  # overview section (measures) of year vs prev_year, 0–1
    copied_year_tokens: str  # stale year tokens in year's promises, "2021年，我县将…" ;-joined
    report_id: str = ""
    prev_report_id: str = ""
    carried_problems: int = 0  # problems of year near-identical to one of prev_year
    carried_commitments: int = 0  # commitments of year near-identical to one of prev_year
    recurring_topics: str = ""  # topics among the problems of both years
    flags: str = ""  # near_duplicate_problems; near_duplicate_overview; stale_year; gap (prev_year != year-1)


@dataclass
class DuplicateRow:
    """Two reports of one body for the same year: which one the series keeps, and why."""

    jurisdiction: str
    year: int
    kept_report_id: str
    dropped_report_id: str
    reason: str


@dataclass
class TrackingWarning:
    report_id: str
    message: str


@dataclass
class Tracking:
    """Everything :func:`track` finds. Rows are dataclasses; ``frame(name)`` gives a DataFrame with its columns."""

    recurring: list[RecurringRow] = field(default_factory=list)
    followup: list[FollowupRow] = field(default_factory=list)
    series: list[SeriesRow] = field(default_factory=list)
    duplicates: list[DuplicateRow] = field(default_factory=list)
    warnings: list[TrackingWarning] = field(default_factory=list)
    vague: dict[str, int] = field(default_factory=dict)  # item_id → 1/0, for every problem item
    reports_in_series: dict[str, dict[int, str]] = field(default_factory=dict)  # body → year → report_id

    def frame(self, name: str) -> pd.DataFrame:
        columns = {"recurring": RECURRING_COLUMNS, "followup": FOLLOWUP_COLUMNS, "series": SERIES_COLUMNS,
                   "duplicates": DUPLICATE_COLUMNS, "warnings": WARNING_COLUMNS}[name]
        return pd.DataFrame([asdict(r) for r in getattr(self, name)], columns=columns)


# --------------------------------------------------------------------------------------------- rules

@dataclass(frozen=True)
class _Rules:
    same_text: float
    near_duplicate: float
    carried_item: float
    stale_year: re.Pattern[str]
    min_years: int
    n_examples: int
    example_chars: int
    evidence_kinds: tuple[str, ...]
    followup_bonus: float
    min_shared_words: int
    min_similarity_without_topic: float
    generic_min_word_similarity: float
    reported_coverage: float
    reported_min_score: float
    partly_min_score: float
    repeated_similarity: float
    weights: dict[str, float]
    done: re.Pattern[str]
    progress: re.Pattern[str]
    generic_documents: re.Pattern[str]
    count: re.Pattern[str]
    routine_counts: re.Pattern[str]
    mechanism: re.Pattern[str]
    actions: dict[str, tuple[str, ...]]
    generic_words: frozenset[str]
    generic_word_pattern: re.Pattern[str]
    stop_bigrams: frozenset[str]
    purpose_clause: re.Pattern[str]
    vague_specific: re.Pattern[str]
    vague_stock: re.Pattern[str]
    vague_max_clause: int
    min_topic_overlap: int


def _alternation(terms: Iterable[str], escape: bool = True) -> re.Pattern[str]:
    parts = [re.escape(match_copy(t)) if escape else f"(?:{t})" for t in terms]
    return re.compile("|".join(parts) if parts else r"(?!x)x")


@lru_cache(maxsize=4)
def rules(name: str = "tracking.yaml") -> _Rules:
    """The rules of ``lexicons/tracking.yaml``, compiled once."""
    data = load_yaml(name)
    ser, rec, fol, vag = data["series"], data["recurring"], data["followup"], data["vague"]
    generic = frozenset(match_copy(w) for w in fol["generic_words"])
    stop = frozenset(w[i:i + 2] for w in generic for i in range(len(w) - 1))
    return _Rules(
        same_text=float(ser["same_text_similarity"]),
        near_duplicate=float(ser["near_duplicate_similarity"]),
        carried_item=float(ser["carried_item_similarity"]),
        stale_year=re.compile(ser["stale_year"]),
        min_years=int(rec["min_years"]),
        n_examples=int(rec["examples"]),
        example_chars=int(rec["example_chars"]),
        evidence_kinds=tuple(fol["evidence_kinds"]),
        followup_bonus=float(fol["followup_bonus"]),
        min_shared_words=int(fol["min_shared_words"]),
        min_similarity_without_topic=float(fol["min_similarity_without_topic"]),
        generic_min_word_similarity=float(fol["generic_min_word_similarity"]),
        reported_coverage=float(fol["reported_coverage"]),
        reported_min_score=float(fol["reported_min_score"]),
        partly_min_score=float(fol["partly_min_score"]),
        repeated_similarity=float(fol["repeated_similarity"]),
        weights={k: float(v) for k, v in fol["weights"].items()},
        done=_alternation(fol["status_words"]["done"]),
        progress=_alternation(fol["status_words"]["progress"]),
        generic_documents=_alternation(fol["generic_documents"], escape=False),
        count=re.compile(fol["count"]),
        routine_counts=re.compile(fol["routine_counts"]),
        mechanism=re.compile(fol["mechanism"]),
        actions={k: tuple(match_copy(t) for t in v) for k, v in fol["actions"].items()},
        generic_words=generic,
        generic_word_pattern=re.compile(fol["generic_word_pattern"]),
        stop_bigrams=stop,
        purpose_clause=re.compile(fol["purpose_clause"]),
        vague_specific=_alternation(vag["specific"], escape=False),
        vague_stock=_alternation(vag["stock_judgement"], escape=False),
        vague_max_clause=int(vag["max_stock_clause_chars"]),
        min_topic_overlap=int((data.get("alignment") or {}).get("min_topic_overlap", 1)),
    )


# --------------------------------------------------------------------------------------------- text features

def topic_set(value: Any) -> frozenset[str]:
    """Topic ids of an items.csv ``topics`` cell, without the generic T00."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return frozenset()
    return frozenset(t for t in _SPLIT_TOPICS.split(str(value)) if t and t != GENERIC_TOPIC)


def _specific(w: str) -> bool:
    r = rules()
    return w not in r.generic_words and not r.generic_word_pattern.search(w)


@lru_cache(maxsize=100_000)
def specific_words(text: str) -> frozenset[str]:
    """jieba words that carry content: not generic (工作, 进一步, 全县, 区政府…), not numbers."""
    return frozenset(w for w in sim.words(text) if _specific(w))


@lru_cache(maxsize=100_000)
def specific_bigrams(text: str) -> frozenset[str]:
    r = rules()
    return frozenset(g for g in sim.bigrams(text) if g not in r.stop_bigrams and not g[0].isdigit())


@lru_cache(maxsize=100_000)
def actions_of(text: str) -> frozenset[str]:
    """Kinds of action a text names (training, staffing, inspection, website_function…)."""
    copy = match_copy(text)
    return frozenset(kind for kind, terms in rules().actions.items() if any(t in copy for t in terms))


@dataclass
class Concreteness:
    """What makes a sentence checkable: a named document, a count, a completed step (or a step under way)."""

    documents: list[str]
    counts: list[str]
    done: list[str]
    progress: list[str]

    @property
    def concrete(self) -> bool:
        return bool(self.documents or self.counts or self.done) and not self.progress

    def describe(self) -> str:
        parts = []
        if self.documents:
            parts.append("named " + "、".join(f"《{d}》" for d in self.documents[:2]))
        if self.counts:
            parts.append("counts " + "、".join(self.counts[:4]))
        if self.done:
            parts.append("done: " + "、".join(dict.fromkeys(self.done)))
        if self.progress:
            parts.append("in progress: " + "、".join(dict.fromkeys(self.progress)))
        return "; ".join(parts) if parts else "generic wording only"


_DOC = re.compile(r"《([^》]{2,80})》")


@lru_cache(maxsize=100_000)
def concreteness(text: str) -> Concreteness:
    """Named documents, counts, completed steps and steps under way in one sentence of next year's report."""
    r = rules()
    copy = match_copy(text)
    docs = [d for d in _DOC.findall(copy) if not r.generic_documents.search(d)]
    counts = [] if r.routine_counts.search(copy) else [m.group(0).replace(" ", "") for m in r.count.finditer(copy)]
    done = r.done.findall(copy) + [m.group(0) for m in r.mechanism.finditer(copy)]
    return Concreteness(docs, counts, done, r.progress.findall(copy))


def stale_year_tokens(text: str, year: int | None) -> list[str]:
    """Promises dated in a year that is not in the future for a report about ``year`` ("2021年，我县将…")."""
    if year is None:
        return []
    out = []
    for m in rules().stale_year.finditer(match_copy(text)):
        if int(m.group(1)) <= int(year):
            out.append(text[m.start():m.end()])  # as printed (the match ran on a same-length copy)
    return out


def is_vague(text: str, topics: Iterable[str] = ()) -> bool:
    """A problem that names no specific object, number or area (泛泛而谈).

    Specific: a number, a quoted or named thing (“阳光招生”专栏, 《…》), or at least one clause that says more than
    an area name plus a stock judgement ("解读材料以文字稿为主" is specific, "依申请办件质量需进一步提升" is not).
    Without any substantive topic (only T00 or none), a problem is vague unless it has a number or name.
    """
    r = rules()
    copy = match_copy(text)
    body = re.sub(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[是、.．]|\d{1,2}[、.．])", "", copy)
    if r.vague_specific.search(body):
        return False
    if not set(topics) - {GENERIC_TOPIC}:
        return True
    clauses = [c.strip() for c in _CLAUSE.split(body) if c.strip()]
    for clause in clauses:
        if not r.vague_stock.search(clause):
            return False  # a clause without a stock judgement describes the problem itself
        rest = r.vague_stock.sub("", clause)
        rest = "".join(w for w in sim.words(rest) if w not in r.generic_words and not r.generic_word_pattern.search(w))
        if len(rest) > r.vague_max_clause:
            return False
    return bool(clauses)


# --------------------------------------------------------------------------------------------- evidence units

@dataclass
class _Unit:
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


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (split after 。！？； and line breaks); a short heading sentence is glued to the next one."""
    raw = []
    for m in _SENTENCE.finditer(text or ""):
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


def _tagger(lexicon: tuple[str, ...]):
    from ..annotate.tags import tagger_for

    return tagger_for(lexicon)


# --------------------------------------------------------------------------------------------- follow-up

@dataclass
class _Commitment:
    item_id: str
    text: str
    topics: frozenset[str]
    words: frozenset[str]
    grams: frozenset[str]
    actions: frozenset[str]
    clauses: list[frozenset[str]]  # specific words of each clause that is a step (purpose clauses left out)
    lists: list[list[frozenset[str]]]  # listed items ("图解、短视频、问答"): the key words of each


_LIST_CUT = re.compile(r"(?:等|和|及|与|或)")
_PART = re.compile(r"[^，,。；;：:！？!?\n]+")
_QUOTE_SPAN = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’|《[^》]*》")


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
        keys.append([x for x in w if _specific(x)])
    common = set.intersection(*[set(k) for k in keys]) if all(keys) else set()
    items = [frozenset(k) - common for k in keys]
    items = [k for k in items if k]
    return items if len(items) >= 2 else []


def _commitment(item: dict) -> _Commitment:
    """A commitment with what matching needs: topics, words, bigrams, kinds of action, clauses and lists."""
    text = match_copy(str(item["text"]))
    r = rules()
    quoted = [m.span() for m in _QUOTE_SPAN.finditer(text)]
    clauses: list[frozenset[str]] = []
    lists: list[list[frozenset[str]]] = []
    for part in _PART.finditer(text):
        if r.purpose_clause.search(sim.strip_frame(part.group(0).strip())):
            continue
        enumerated = _list_items(text, part.start(), part.end(), quoted)
        if enumerated:
            lists.append(enumerated)
        pos = part.start()
        for cut in [i for i in range(part.start(), part.end()) if text[i] == "、"] + [part.end()]:
            w = frozenset(x for x in sim.words_in(text, pos, cut) if _specific(x))
            if w:
                clauses.append(w)
            pos = cut + 1
    return _Commitment(str(item["item_id"]), str(item["text"]), topic_set(item.get("topics")),
                       specific_words(text), specific_bigrams(text), actions_of(text), clauses, lists)


@dataclass
class _Match:
    unit: _Unit
    score: float
    shared_topics: frozenset[str]
    shared_words: frozenset[str]
    word_sim: float
    gram_sim: float
    action: str  # "same" / "unknown" / "different"


def _match(c: _Commitment, u: _Unit) -> _Match | None:
    """How well one sentence of N+1 answers a commitment; None when it cannot be evidence at all.

    A promise that names a kind of action (training, patrol, website function…) is only answered by a sentence
    of the same kind: a website-function promise is never carried out by a training, nor by a sentence that
    names no action at all. Such a sentence is a candidate when it also shares the topic, or a specific word
    (the tagger may read 巡查 as 监督 in one year and as 网站 in the next). A promise that names no kind of
    action (generic wording) is answered by a sentence on the same topic that shares a specific word. Without
    a shared topic or action, only a lexically very close sentence is a candidate.
    """
    r = rules()
    w = r.weights
    if c.actions and u.actions and not c.actions & u.actions:
        return None  # a different kind of action
    action = "same" if c.actions & u.actions else "unknown"
    same = action == "same"
    shared_topics = c.topics & u.topics
    gram_sim = sim.cosine(c.grams, u.grams)
    if not same and not shared_topics and gram_sim < r.min_similarity_without_topic:
        return None  # settled without segmenting the sentence
    shared_words = c.words & u.words
    word_sim = sim.cosine(c.words, u.words)
    lexical = len(shared_words) >= r.min_shared_words and gram_sim >= r.min_similarity_without_topic
    if same:
        ok = bool(shared_topics) or len(shared_words) >= 1 or lexical
    elif c.actions:
        # generic wording about an action promise: only on the same topic and in much the same words
        ok = bool(shared_topics) and word_sim >= r.generic_min_word_similarity
    else:
        ok = (bool(shared_topics) and len(shared_words) >= 1) or lexical
    if not ok:
        return None
    # the subject is shared when the topic is, or when the kind of action is
    score = (w["topic"] * (1.0 if shared_topics or same else 0.0) + w["words"] * word_sim + w["ngrams"] * gram_sim
             + w["action"] * (1.0 if same else 0.5))
    if u.kind == "followup":
        score += r.followup_bonus
    return _Match(u, round(score, 3), shared_topics, shared_words, word_sim, gram_sim, action)


def _coverage(c: _Commitment, matches: list[_Match]) -> tuple[float, str]:
    """Share of the promise found in the evidence, and how it was measured.

    The promise's kinds of action (staffing + training: both done?) and its listed items (图解、短视频、问答: how
    many?) are the parts an analyst checks; the lower of the two shares counts. A promise with neither is
    measured by the share of its clauses' words found.
    """
    found: set[str] = set()
    acts: set[str] = set()
    for m in matches:
        found |= m.unit.words
        acts |= m.unit.actions
    parts = []
    if c.actions:
        parts.append((len(c.actions & acts) / len(c.actions),
                      f"actions {len(c.actions & acts)}/{len(c.actions)}"))
    if c.lists:
        items = [it for lst in c.lists for it in lst]
        hit = sum(1 for it in items if len(it & found) * 2 >= len(it))
        parts.append((hit / len(items), f"listed items {hit}/{len(items)}"))
    if parts:
        return min(parts, key=lambda p: p[0])
    if not c.clauses:
        return (1.0 if matches else 0.0), "no clauses"
    share = sum(sim.containment(cl, found) for cl in c.clauses) / len(c.clauses)
    return share, f"clause words {share:.2f}"


def _judge(c: _Commitment, units: list[_Unit], next_commitments: list[dict],
           next_problem_topics: frozenset[str]) -> dict:
    """Status, evidence, score and reason for one commitment against next year's units."""
    r = rules()
    matches = [m for m in (_match(c, u) for u in units) if m is not None]
    matches.sort(key=lambda m: -m.score)
    repeated = None
    best_rep = 0.0
    for nc in next_commitments:
        s = sim.text_similarity(c.text, nc["text"])
        if s > best_rep:
            best_rep, repeated = s, nc
    is_repeated = best_rep >= r.repeated_similarity
    out: dict[str, Any] = {"repeated_item_id": repeated["item_id"] if is_repeated else ""}
    rep_note = f"; the same promise is made again in N+1 ({repeated['item_id']}, similarity {best_rep:.2f})" \
        if is_repeated else ""
    top = [m for m in matches if m.score >= r.partly_min_score]
    if not top:
        status = "repeated" if is_repeated else "not_reported"
        out.update(status=status, score=round(matches[0].score, 3) if matches else 0.0, coverage=0.0)
        if matches:
            out["reason"] = (f"nearest N+1 sentence ({matches[0].unit.item_id}) is too weak a match "
                             f"(score {matches[0].score:.2f} < {r.partly_min_score})" + rep_note)
        else:
            out["reason"] = "nothing in N+1's measures or follow-up shares topic and words with the promise" + rep_note
        return out
    best = top[0]
    eligible = [m for m in top if m.unit.concrete.concrete and (m.action == "same" or not c.actions)]
    if eligible and eligible[0].score >= r.reported_min_score:
        best = eligible[0]
    # what counts towards coverage: the best evidence and the other sentences on the same subject (topic)
    coverage, how = _coverage(c, [best] + [m for m in top[:5] if m is not best and m.shared_topics])
    concrete = best.unit.concrete
    # N+1 repeats the promise and names the problem again, and no follow-up block speaks of it: the body itself
    # does not count it done, whatever a measure sentence says
    in_followup = any(m.unit.kind == "followup" for m in top)
    persists = is_repeated and bool(c.topics & next_problem_topics) and not in_followup
    same_action = best.action == "same" or not c.actions
    reported = (concrete.concrete and same_action and best.score >= r.reported_min_score
                and coverage >= r.reported_coverage and not persists)
    status = "reported" if reported else "partly"
    why = []
    if best.shared_topics:
        why.append("topic " + "、".join(sorted(best.shared_topics)))
    why.append("words " + ("/".join(sorted(best.shared_words)[:6]) or "none"))
    why.append("action " + ("、".join(sorted(c.actions & best.unit.actions)) or "not named"))
    why.append(concrete.describe())
    if best.unit.kind == "followup":
        why.append("in the follow-up block on last year's problems")
    why.append(f"coverage {coverage:.2f} ({how})")
    if not reported:
        if not concrete.concrete:
            why.append("no concrete result" if not concrete.progress else "still in progress")
        elif not same_action:
            why.append("generic wording: not the promised kind of action")
        elif best.score < r.reported_min_score:
            why.append(f"weak match (score < {r.reported_min_score})")
        elif coverage < r.reported_coverage:
            why.append(f"only part of the promise found (< {r.reported_coverage})")
        elif persists:
            why.append("N+1 names the problem again and repeats the promise")
    out.update(status=status, evidence_item_id=best.unit.item_id, evidence_text=best.unit.text,
               score=round(best.score, 3), coverage=round(coverage, 3), reason="; ".join(why) + rep_note)
    return out


# --------------------------------------------------------------------------------------------- alignment

def align_problems(problems: list[dict], commitments: list[dict]) -> dict[str, list[str]]:
    """problem item_id → commitment item_ids that answer it (taxonomy §4.1: align by topic).

    Each commitment goes to the problem(s) with which it shares most topics (ties: all of them, so one commitment
    may answer two problems); sharing fewer than ``alignment.min_topic_overlap`` topics it answers nothing. A
    problem that receives nothing has no commitment. (Why not by order: reports add extra commitments and merge
    two problems into one promise, so positions drift; topics do not.)
    """
    minimum = rules().min_topic_overlap
    out: dict[str, list[str]] = {p["item_id"]: [] for p in problems}
    ptopics = [topic_set(p.get("topics")) for p in problems]
    for c in commitments:
        ct = topic_set(c.get("topics"))
        overlaps = [len(ct & pt) for pt in ptopics]
        best = max(overlaps, default=0)
        if best < max(1, minimum):
            continue
        for p, n in zip(problems, overlaps):
            if n == best:
                out[p["item_id"]].append(c["item_id"])
    return out


# --------------------------------------------------------------------------------------------- main

def _records(df: pd.DataFrame | None) -> list[dict]:
    if df is None or len(df) == 0:
        return []
    return df.to_dict("records")


def _text(value: Any) -> str:
    """A cell as text: empty for None/NaN (a CSV read without dtype=str gives NaN for empty cells)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _clean_items(items: pd.DataFrame | None) -> list[dict]:
    """Item rows with the fields tracking reads normalised (text, ids, kind, topics as str; start, seq as int)."""
    out = []
    for it in _records(items):
        row = dict(it)
        for key in ("item_id", "report_id", "kind", "text", "topics", "label"):
            row[key] = _text(it.get(key))
        row["start"] = _year(it.get("start")) or 0
        row["seq"] = _year(it.get("seq")) or 0
        out.append(row)
    return out


def _year(value: Any) -> int | None:
    try:
        if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
            return None
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _short(text: str, n: int) -> str:
    text = re.sub(r"\s+", "", text or "")
    return text if len(text) <= n else text[:n] + "…"


def track(reports: pd.DataFrame, items: pd.DataFrame, sections: pd.DataFrame | None = None,
          texts: dict[str, str] | None = None, lexicon: Iterable[str] = (),
          tags: pd.DataFrame | None = None) -> Tracking:
    """Follow every body across its years: series, duplicates, follow-up, recurring weaknesses, copies, vagueness.

    ``reports``/``items``/``sections`` are the pipeline's DataFrames (as in reports.csv, items.csv, sections.csv).
    ``texts`` maps report_id → analysable text; with ``sections`` it gives section 五 and the overview as printed
    (for similarity); without it those sections are rebuilt from the items. ``lexicon``: the extra topic lexicon
    files the analysis used (sentences of next year's measures are tagged with the same lexicon). ``tags``
    (tags.csv), when given, saves tagging those sentences again (about a fifth of the time).
    """
    try:
        return _track(reports, items, sections, texts, tuple(str(p) for p in lexicon), tags)
    finally:
        _cache_clear()  # the memoised words and bigrams are of these reports: do not carry them to the next call


def _cache_clear() -> None:
    sim.cache_clear()
    for memoised in (specific_words, specific_bigrams, actions_of, concreteness):
        memoised.cache_clear()


def _track(reports: pd.DataFrame, items: pd.DataFrame, sections: pd.DataFrame | None, texts: dict[str, str] | None,
           lexicon: tuple[str, ...], tags: pd.DataFrame | None) -> Tracking:
    result = Tracking()
    item_rows = _clean_items(items)
    tag_index = _tag_index(tags, item_rows)
    by_report: dict[str, list[dict]] = defaultdict(list)
    for it in item_rows:
        by_report[it["report_id"]].append(it)
    for rows in by_report.values():
        rows.sort(key=lambda it: (it["start"], it["seq"]))

    # vagueness, for every problem item (whatever its report's status)
    for it in item_rows:
        if it.get("kind") == "problem":
            given = it.get("vague")  # set per item by the pipeline; computed here only for frames without it
            if given not in (None, ""):
                result.vague[str(it["item_id"])] = int(float(given))
            else:
                result.vague[str(it["item_id"])] = int(is_vague(str(it.get("text") or ""), topic_set(it.get("topics"))))

    series = _build_series(reports, by_report, texts, result)
    result.reports_in_series = series
    section_text = _section_texts(sections, texts)

    for body in sorted(series):
        years = series[body]
        ordered = sorted(years)
        problems_by_year: dict[int, list[dict]] = {}
        for y in ordered:
            problems_by_year[y] = [it for it in by_report[years[y]] if it.get("kind") == "problem"]
        result.recurring.extend(_recurring(body, ordered, problems_by_year, lexicon))
        for i, y in enumerate(ordered):
            rid = years[y]
            prev_year = ordered[i - 1] if i else None
            result.series.append(_series_row(body, y, prev_year, rid, years[prev_year] if prev_year else "",
                                             by_report, section_text))
            result.followup.extend(_followup_for(body, y, rid, years.get(y + 1), years.get(y - 1), by_report,
                                                 lexicon, tag_index))
    return result


def _tag_index(tags: pd.DataFrame | None, item_rows: list[dict]) -> dict[str, list[tuple[str, int]]] | None:
    """item_id → (topic, offset inside the item text) from tags.csv (whose offsets are in the report's text)."""
    if tags is None or len(tags) == 0:
        return None
    starts = {it["item_id"]: it["start"] for it in item_rows}
    index: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for t in _records(tags):
        iid = _text(t.get("item_id"))
        pos = _year(t.get("start"))
        if iid in starts and pos is not None:
            index[iid].append((_text(t.get("topic")), pos - starts[iid]))
    return dict(index)


def _build_series(reports: pd.DataFrame, by_report: dict[str, list[dict]], texts: dict[str, str] | None,
                  result: Tracking) -> dict[str, dict[int, str]]:
    candidates: dict[tuple[str, int], list[Candidate]] = defaultdict(list)
    for order, rep in enumerate(_records(reports)):
        rid = str(rep.get("report_id"))
        status = str(rep.get("status") or "")
        if status == "error":
            continue
        body = rep.get("jurisdiction")
        body = "" if body is None or (isinstance(body, float) and math.isnan(body)) else str(body).strip()
        year = _year(rep.get("year"))
        if not body:
            result.warnings.append(TrackingWarning(rid, "reporting body unknown: left out of the series (add the "
                                                        "body or its alias to lexicons/bodies.yaml)"))
            continue
        if year is None:
            result.warnings.append(TrackingWarning(rid, f"year unknown: left out of the series of {body}"))
            continue
        candidates[(body, year)].append(candidate(rep, by_report.get(rid, []), order))

    def text_of(rid: str) -> str:
        return texts[rid] if texts and rid in texts else report_text(by_report.get(rid, []))

    series: dict[str, dict[int, str]] = defaultdict(dict)
    for (body, year), reps in sorted(candidates.items()):
        kept, duplicates = resolve_duplicates(body, year, reps, text_of)
        series[body][year] = kept.report_id
        result.duplicates.extend(duplicates)
    return dict(series)


@dataclass(frozen=True)
class Candidate:
    """What choosing among the reports of one body and year needs: the kept one is analysed without warning,
    then yields most items, then is longest, then was given first (``order``)."""

    report_id: str
    status: str
    n_items: int
    n_chars: int
    order: int
    sha256: str = ""

    @property
    def richness(self) -> tuple:
        return (self.status == "ok", self.n_items, self.n_chars, -self.order)


_COUNTED_KINDS = ("problem", "commitment", "measure", "followup")


def counted_items(kinds: Iterable[str]) -> int:
    """The number of items that make a copy of a report richer than another (its sentences of substance)."""
    return sum(k in _COUNTED_KINDS for k in kinds)


def candidate(rep: dict, items: list[dict], order: int) -> Candidate:
    """A report row (as in reports.csv) and its item rows as a :class:`Candidate`."""
    sha = _text(rep.get("sha256"))
    return Candidate(str(rep["report_id"]), str(rep.get("status") or ""), counted_items(it.get("kind") for it in items),
                     _year(rep.get("n_chars")) or 0, order, "" if sha == "nan" else sha)


def report_text(items: list[dict]) -> str:
    """A report's text as its items give it (items in text order), for comparing two copies of a report."""
    return "".join(str(it.get("text") or "") for it in items)


def resolve_duplicates(body: str, year: int, reps: list[Candidate],
                       text_of: Callable[[str], str]) -> tuple[Candidate, list[DuplicateRow]]:
    """The report a series keeps for one year, and a row saying why for each other one (``text_of(report_id)``
    gives a report's text; it is asked for only when there is more than one report)."""
    kept = max(reps, key=lambda c: c.richness)
    rows = [DuplicateRow(body, year, kept.report_id, other.report_id, _duplicate_reason(kept, other, text_of))
            for other in reps if other is not kept]
    return kept, rows


def _duplicate_reason(kept: Candidate, other: Candidate, text_of: Callable[[str], str]) -> str:
    rk, ro = kept.richness, other.richness
    why = []
    if rk[0] != ro[0]:
        why.append(f"{kept.report_id} was analysed without warnings")
    elif rk[1] != ro[1]:
        why.append(f"{kept.report_id} yields more items ({rk[1]} vs {ro[1]})")
    elif rk[2] != ro[2]:
        why.append(f"{kept.report_id} is longer ({rk[2]} vs {ro[2]} characters)")
    else:
        why.append(f"{kept.report_id} was given first")
    if kept.sha256 and kept.sha256 == other.sha256:
        return "identical file (same SHA-256); kept the first given"
    s = sim.text_similarity(text_of(kept.report_id), text_of(other.report_id))
    if s >= rules().same_text:
        return f"same report published twice (text similarity {s:.2f}); kept: " + "; ".join(why)
    return (f"two different texts claim this body and year (similarity {s:.2f}): check year and body of "
            f"{other.report_id}; kept: " + "; ".join(why))


@lru_cache(maxsize=8)
def _topic_names(lexicon: tuple[str, ...] = ()):
    from ..annotate.topics import load_topics

    return load_topics(list(lexicon))


def _recurring(body: str, ordered: list[int], problems_by_year: dict[int, list[dict]],
               lexicon: tuple[str, ...] = ()) -> list[RecurringRow]:
    r = rules()
    names = _topic_names(lexicon)
    topic_years: dict[str, list[int]] = defaultdict(list)
    examples: dict[str, list[str]] = defaultdict(list)
    for y in ordered:
        seen: set[str] = set()
        for it in problems_by_year[y]:
            for t in sorted(topic_set(it.get("topics"))):
                if t not in seen:
                    seen.add(t)
                    topic_years[t].append(y)
                    if len(examples[t]) < r.n_examples:
                        examples[t].append(f"{y}: {_short(str(it.get('text')), r.example_chars)}")
    rows = []
    latest = ordered[-1] if ordered else None
    for t in sorted(topic_years):
        ys = topic_years[t]
        if len(ys) < r.min_years:
            continue
        streak = best = 1
        for a, b in zip(ys, ys[1:]):
            streak = streak + 1 if b == a + 1 else 1
            best = max(best, streak)
        gaps = [y for y in ordered if ys[0] < y < ys[-1] and y not in ys]
        rows.append(RecurringRow(body, t, names.name(t), ";".join(map(str, ys)), len(ys), ys[0], ys[-1], best,
                                 int(ys[-1] == latest), int(bool(gaps)), ";".join(map(str, gaps)),
                                 ";".join(map(str, ordered)), "｜".join(examples[t])))
    return rows


def pair_recurring(problems_n: list[dict], problems_n1: list[dict]) -> set[str]:
    """Topics among the problems of both years (the gold ``recurring_problems`` of a pair)."""
    a = set().union(*[topic_set(p.get("topics")) for p in problems_n]) if problems_n else set()
    b = set().union(*[topic_set(p.get("topics")) for p in problems_n1]) if problems_n1 else set()
    return a & b


def _section_texts(sections: pd.DataFrame | None, texts: dict[str, str] | None) -> dict[tuple[str, str], str]:
    """(report_id, key) → section text, for the sections 五 (problems) and overview, when texts are given."""
    out: dict[tuple[str, str], str] = {}
    if sections is None or texts is None or len(sections) == 0:
        return out
    for s in _records(sections):
        rid, key = str(s.get("report_id")), str(s.get("key"))
        if rid not in texts or key not in ("problems", "overview", "improvements"):
            continue
        start, end = _year(s.get("start")), _year(s.get("end"))
        if start is None or end is None:
            continue
        k = "problems" if key == "improvements" else key
        out[(rid, k)] = out.get((rid, k), "") + texts[rid][start:end]
    return out


def _series_row(body: str, year: int, prev_year: int | None, rid: str, prev_rid: str,
                by_report: dict[str, list[dict]], section_text: dict[tuple[str, str], str]) -> SeriesRow:
    """One report of a series against the previous one (similarities empty for the first report)."""
    r = rules()
    cur, prev = by_report.get(rid, []), (by_report.get(prev_rid, []) if prev_rid else [])

    def part(rows: list[dict], report_id: str, key: str, kinds: tuple[str, ...]) -> str:
        if (report_id, key) in section_text:
            return section_text[(report_id, key)]
        return "".join(str(it.get("text") or "") for it in rows if it.get("kind") in kinds)

    def similarity_of(key: str, kinds: tuple[str, ...]) -> float | None:
        if not prev_rid:
            return None
        a, b = part(cur, rid, key, kinds), part(prev, prev_rid, key, kinds)
        if not a.strip() or not b.strip():
            return None
        return round(sim.text_similarity(a, b), 3)

    ps = similarity_of("problems", ("problem", "commitment", "followup"))
    os_ = similarity_of("overview", ("measure",))

    def carried(kind: str) -> int:
        olds = [str(it.get("text") or "") for it in prev if it.get("kind") == kind]
        n = 0
        for it in cur:
            if it.get("kind") != kind:
                continue
            if any(sim.text_similarity(str(it.get("text") or ""), o) >= r.carried_item for o in olds):
                n += 1
        return n

    tokens = []
    for it in cur:
        if it.get("kind") == "commitment":
            tokens.extend(stale_year_tokens(str(it.get("text") or ""), year))
    if (rid, "problems") in section_text:
        for t in stale_year_tokens(section_text[(rid, "problems")], year):
            if t not in tokens:
                tokens.append(t)
    flags = []
    if ps is not None and ps >= r.near_duplicate:
        flags.append("near_duplicate_problems")
    if os_ is not None and os_ >= r.near_duplicate:
        flags.append("near_duplicate_overview")
    if tokens:
        flags.append("stale_year")
    if prev_year is not None and prev_year != year - 1:
        flags.append("gap")
    recurring = pair_recurring([it for it in prev if it.get("kind") == "problem"],
                               [it for it in cur if it.get("kind") == "problem"])
    return SeriesRow(body, year, prev_year, ps, os_, ";".join(dict.fromkeys(tokens)), rid, prev_rid,
                     carried("problem"), carried("commitment"), ";".join(sorted(recurring)), ";".join(flags))


def _units_of(rid: str, rows: list[dict], lexicon: tuple[str, ...],
              tag_index: dict[str, list[tuple[str, int]]] | None = None) -> list[_Unit]:
    """The evidence sentences of one report: its measures and follow-up items split into sentences, each with the
    topics found in it (from tags.csv when given, else the item is tagged once; the item's topics stand in for a
    sentence with none). Computed once per report and call of :func:`track` (a report is N+1 of one pair only)."""
    r = rules()
    units = []
    for it in rows:
        kind = str(it.get("kind"))
        if kind not in r.evidence_kinds:
            continue
        text = str(it.get("text") or "")
        fallback = topic_set(it.get("topics"))
        if tag_index is not None and it["item_id"] in tag_index:
            found = tag_index[it["item_id"]]
        else:
            found = [(m.topic, m.start) for m in _tagger(lexicon).tag(text, 0, len(text), kind)]
        for a, b in sentence_spans(text):
            s = text[a:b]
            if r.routine_counts.search(match_copy(s)):
                continue  # the statistics every report gives for its tables: no evidence of a promise kept
            topics = frozenset(t for t, pos in found if a <= pos < b and t != GENERIC_TOPIC)
            units.append(_Unit(str(it["item_id"]), kind, s, topics or fallback, specific_bigrams(s), actions_of(s),
                               concreteness(s)))
    return units


def _followup_for(body: str, year: int, rid: str, next_rid: str | None, prev_rid: str | None,
                  by_report: dict[str, list[dict]], lexicon: tuple[str, ...],
                  tag_index: dict[str, list[tuple[str, int]]] | None = None) -> list[FollowupRow]:
    rows = by_report.get(rid, [])
    problems = [it for it in rows if it.get("kind") == "problem"]
    commitments = [it for it in rows if it.get("kind") == "commitment"]
    alignment = align_problems(problems, commitments)
    answered_by: dict[str, list[str]] = defaultdict(list)
    for pid, cids in alignment.items():
        for cid in cids:
            answered_by[cid].append(pid)
    ptext = {str(p["item_id"]): str(p.get("text") or "") for p in problems}
    prev_commitments = [it for it in by_report.get(prev_rid, []) if it.get("kind") == "commitment"] if prev_rid else []
    next_rows = by_report.get(next_rid, []) if next_rid else []
    next_commitments = [it for it in next_rows if it.get("kind") == "commitment"]
    next_problems = [it for it in next_rows if it.get("kind") == "problem"]
    units = _units_of(next_rid, next_rows, lexicon, tag_index) if next_rid else []
    next_problem_topics = frozenset().union(*[topic_set(q.get("topics")) for q in next_problems])
    r = rules()
    out = []
    for it in commitments:
        c = _commitment(it)
        pids = answered_by.get(c.item_id, [])
        row = FollowupRow(body, year, c.item_id, c.text, ";".join(sorted(c.topics)), "no_next_report",
                          report_id=rid, next_report_id=next_rid or "",
                          problem_item_id=";".join(pids), problem_text="｜".join(ptext[p] for p in pids),
                          stale_year=";".join(stale_year_tokens(c.text, year)))
        best_prev, prev_id = 0.0, ""
        for pc in prev_commitments:
            s = sim.text_similarity(c.text, str(pc.get("text") or ""))
            if s > best_prev:
                best_prev, prev_id = s, str(pc["item_id"])
        if best_prev >= r.repeated_similarity:
            row.repeats_prev_item_id = prev_id
        if next_rid is None:
            row.reason = f"no report of {body} for {year + 1}"
        else:
            judged = _judge(c, units, next_commitments, next_problem_topics)
            for k, v in judged.items():
                setattr(row, k, v)
            if row.evidence_item_id:
                row.evidence_year = year + 1
        out.append(row)
    for p in problems:
        if alignment.get(str(p["item_id"])):
            continue
        pt = topic_set(p.get("topics"))
        recurs = sorted(pt & set().union(*[topic_set(q.get("topics")) for q in next_problems])) if next_problems else []
        reason = (f"no commitment of {year} shares a topic with this problem ({';'.join(sorted(pt)) or 'no topic'})")
        if next_rid:
            reason += (f"; its topic recurs among {year + 1}'s problems ({';'.join(recurs)})" if recurs
                       else f"; not named again among {year + 1}'s problems")
        out.append(FollowupRow(body, year, "", "", ";".join(sorted(pt)), "no_commitment", report_id=rid,
                               next_report_id=next_rid or "", problem_item_id=str(p["item_id"]),
                               problem_text=str(p.get("text") or ""), reason=reason))
    return out


# --------------------------------------------------------------------------------------------- output

OUTPUT_FILES = {"recurring": ("recurring.csv", RECURRING_COLUMNS), "followup": ("followup.csv", FOLLOWUP_COLUMNS),
                "series": ("series.csv", SERIES_COLUMNS), "duplicates": ("duplicates.csv", DUPLICATE_COLUMNS),
                "warnings": ("tracking_warnings.csv", WARNING_COLUMNS)}


def write(tracking: Tracking, out_dir: str | Path) -> dict[str, int]:
    """Write recurring.csv, followup.csv, series.csv, duplicates.csv, tracking_warnings.csv (Excel-safe, atomic).

    ``vague`` is not written here: it is a column of items.csv (1 for a vague problem, 0 for a specific one,
    empty for other kinds), set per item by the pipeline with :func:`is_vague`. Returns rows written per file.
    """
    from ..outputs.sinks import write_csv

    out = Path(out_dir)
    return {name: write_csv(out / fname, columns, getattr(tracking, name))
            for name, (fname, columns) in OUTPUT_FILES.items()}


# --------------------------------------------------------------------------------------------- evaluation

THREE_CLASS = {"reported": "reported", "partly": "partly", "not_reported": "not_reported", "repeated": "not_reported"}


def _overlap(a: str, b: str) -> float:
    """Character-bigram containment of the shorter text in the longer (gold text vs our item text)."""
    ga, gb = sim.bigrams(a), sim.bigrams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / min(len(ga), len(gb))


def score_followup(gold_dir: Path, tracking: Tracking, reports: pd.DataFrame, items: pd.DataFrame) -> dict:
    """Compare follow-up and recurring topics with gold ``followup/*.json`` (format: GOLD_FORMAT.md).

    Each gold judgement's commitment text is matched to our commitment item of year N (character-bigram overlap,
    at least 0.5); its status is compared on three classes (reported / partly / not_reported — our ``repeated`` is
    counted as not_reported, since it means nothing in N+1 reports the promise done) and on two (reported-or-partly
    vs not). A gold commitment we did not find as an item counts as wrong. Recurring topics: our topics among the
    problems of both years vs the gold ``recurring_problems``, set equality per pair. Gold file names are
    ``<file_id>_<N>_<N+1>.json``; ``from``/``to`` file ids are matched to our reports by the year and by the body
    of the report whose id (or path) contains the file id, else by the gold report's jurisdiction.
    """
    gold_dir = Path(gold_dir)
    reps = _records(reports)
    its = _clean_items(items)
    followup_by_item = {row.commitment_item_id: row for row in tracking.followup if row.commitment_item_id}
    details = []
    pairs = []
    n3 = n2 = total = 0
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        src, dst = _find_report(gold["from"], reps, gold_dir), _find_report(gold["to"], reps, gold_dir)
        pair = {"pair": path.stem, "from": src, "to": dst}
        src_items = [it for it in its if str(it["report_id"]) == src and it.get("kind") == "commitment"] if src else []
        for j in gold.get("judgements", []):
            best, best_s = None, 0.0
            for it in src_items:
                s = _overlap(j["commitment"], str(it.get("text") or ""))
                if s > best_s:
                    best, best_s = it, s
            ours = None
            row = followup_by_item.get(str(best["item_id"])) if best is not None and best_s >= 0.5 else None
            if row is not None:
                ours = row.status
            gold3 = j["status"]
            our3 = THREE_CLASS.get(ours or "", "missing")
            ok3 = our3 == gold3
            ok2 = (our3 in ("reported", "partly")) == (gold3 in ("reported", "partly")) and our3 != "missing"
            total += 1
            n3 += ok3
            n2 += ok2
            details.append({"pair": path.stem, "commitment": j["commitment"][:60], "gold": gold3, "ours": ours,
                            "ok3": ok3, "ok2": ok2, "item_id": row.commitment_item_id if row else None,
                            "match": round(best_s, 2), "score": row.score if row else None,
                            "evidence": (row.evidence_text[:80] if row else ""), "reason": row.reason if row else ""})
        if "recurring_problems" in gold:
            ours_rec: set[str] | None = None
            if src and dst:
                pa = [it for it in its if str(it["report_id"]) == src and it.get("kind") == "problem"]
                pb = [it for it in its if str(it["report_id"]) == dst and it.get("kind") == "problem"]
                ours_rec = pair_recurring(pa, pb)
            gold_rec = set(gold["recurring_problems"])
            pair.update(gold_recurring=sorted(gold_rec), our_recurring=sorted(ours_rec) if ours_rec is not None else None,
                        recurring_ok=ours_rec == gold_rec)
            # the same computation on the gold items' own topics: separates the recurrence logic from tagging
            ga, gb = gold_dir.parent / f"{gold['from']}.json", gold_dir.parent / f"{gold['to']}.json"
            if ga.exists() and gb.exists():
                pa = [{"topics": ";".join(p["topics"])} for p in json.loads(ga.read_text(encoding="utf-8"))["problems"]]
                pb = [{"topics": ";".join(p["topics"])} for p in json.loads(gb.read_text(encoding="utf-8"))["problems"]]
                pair["recurring_ok_on_gold_topics"] = pair_recurring(pa, pb) == gold_rec
        pairs.append(pair)
    rec = [p for p in pairs if "recurring_ok" in p]
    return {
        "judgements": total,
        "status_accuracy_3": round(n3 / total, 3) if total else None,
        "status_accuracy_binary": round(n2 / total, 3) if total else None,
        "recurring_pairs": len(rec),
        "recurring_exact": sum(p["recurring_ok"] for p in rec),
        "recurring_accuracy": round(sum(p["recurring_ok"] for p in rec) / len(rec), 3) if rec else None,
        "recurring_exact_on_gold_topics": sum(bool(p.get("recurring_ok_on_gold_topics")) for p in rec),
        "note": "3-class: our 'repeated' counts as not_reported",
        "details": details,
        "pairs": pairs,
    }


def _find_report(file_id: str, reps: list[dict], gold_dir: Path) -> str | None:
    """Our report_id for a gold file id: the report whose id or path contains it, else body + year from gold."""
    for rep in reps:
        if str(rep.get("report_id")) == file_id:
            return file_id
    for rep in reps:
        if file_id in str(rep.get("path") or "") or file_id in str(rep.get("report_id")):
            return str(rep["report_id"])
    report_gold = gold_dir.parent / f"{file_id}.json"
    m = re.search(r"(\d{4})$", file_id)
    year = int(m.group(1)) if m else None
    body = None
    if report_gold.exists():
        g = json.loads(report_gold.read_text(encoding="utf-8"))
        body, year = g.get("jurisdiction"), g.get("year", year)
    for rep in reps:
        if body and str(rep.get("jurisdiction")) == body and _year(rep.get("year")) == year:
            return str(rep["report_id"])
    return None
