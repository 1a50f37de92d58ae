"""The rules of ``lexicons/tracking.yaml``, compiled once per version of the file: thresholds, status words, kinds
of action, the words that carry no content, and the signals of vague self-criticism.

One loader for the whole file, because its sections share knowledge: the generic words that follow-up matching
ignores are the ones a vague problem is made of (:mod:`nlp.annotate.vague` reads them here too).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from .rules import load_rules
from .text.alternation import any_of, any_word
from .text.width import match_copy

# follow-up thresholds whose field has the name of their key in the ``followup`` section
_FOLLOWUP_FLOATS = ("followup_bonus", "min_similarity_without_topic", "generic_min_word_similarity",
                    "reported_coverage", "reported_min_score", "partly_min_score", "repeated_similarity")
# what evidence copied from last year's report may decide (``followup.decision.copied_evidence``): read at face
# value like any sentence (the annotation guideline), or never more than ``partly`` by itself
COPIED_EVIDENCE_POLICIES = ("face_value", "partly")


@dataclass(frozen=True)
class Counted:
    """Something the statistical tables count that a promise may name (``followup.counted``)."""

    name: str  # as the evidence shows it (行政复议被纠错)
    words: re.Pattern[str]  # in the promise's matching copy
    cells: tuple[tuple[str, str, str], ...]  # (table, row_key, col_key), summed
    better: str  # lower / higher


@dataclass(frozen=True)
class Rules:
    """tracking.yaml as typed fields: a missing key fails when the rules are loaded, not halfway through a run."""

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
    channel: re.Pattern[str]
    realis: re.Pattern[str]
    decision: dict[str, Any]
    action_patterns: tuple[tuple[str, re.Pattern[str]], ...]  # each kind of action: its terms as one alternation
    generic_words: frozenset[str]
    generic_word_pattern: re.Pattern[str]
    stop_bigrams: frozenset[str]
    purpose_clause: re.Pattern[str]
    generic_topics: frozenset[str]
    overall: re.Pattern[str]
    counted: tuple[Counted, ...]
    vague_specific: re.Pattern[str]
    vague_stock: re.Pattern[str]
    vague_max_clause: int
    min_topic_overlap: int

    def specific(self, word: str) -> bool:
        """A word that carries content: not generic (工作, 进一步, 全县, 区政府…), not a number."""
        return word not in self.generic_words and not self.generic_word_pattern.search(word)


def _words(terms: Iterable[str]) -> re.Pattern[str]:
    """Words of the lexicon, matched literally on the matching copy of a text."""
    return any_word(match_copy(t) for t in terms)


_trial: list[Rules] = []  # rules under trial (cross-validation), innermost last


def rules() -> Rules:
    """The rules in force: those of ``lexicons/tracking.yaml``, or rules under trial (:func:`trying`)."""
    return _trial[-1] if _trial else _loaded()


@contextmanager
def trying(thresholds: Mapping[str, float]) -> Iterator[Rules]:
    """Run with some thresholds changed: ``{"partly_min_score": 0.3, "decision.min_action_coverage": 0.5}`` (a
    field of :class:`Rules`, or ``decision.KEY``). The evaluation's cross-validation chooses thresholds this way
    without writing the lexicon. The trial starts from the file as it is now (or from the trial it is in)."""
    if not _trial:
        refresh()
    base = rules()
    decision = dict(base.decision)
    fields: dict[str, Any] = {}
    for name, value in thresholds.items():
        if name.startswith("decision."):
            decision[name.split(".", 1)[1]] = value
        else:
            fields[name] = value
    _trial.append(replace(base, decision=decision, **fields))
    try:
        yield _trial[-1]
    finally:
        _trial.pop()


_compiled: list[tuple[Any, Rules]] = []  # (tracking.yaml as nlp.rules parsed it, its compiled rules)


def _loaded() -> Rules:
    """The rules of ``lexicons/tracking.yaml`` (read and checked by :mod:`nlp.rules`), as compiled last."""
    if not _compiled:
        refresh()
    return _compiled[0][1]


def refresh(data: Any = None) -> None:
    """Compile ``tracking.yaml`` again if it changed since its rules were compiled (``data``: the file as a run
    read it, ``Rules.tracking`` of :func:`nlp.rules.load_rules`; by default as it is now). Asked when a run or a
    comparison across years starts, not on every use (:func:`rules` is asked per sentence compared): in one
    process (a notebook), an analysis after the file was edited follows the edit. A wrong value is a
    UsageError naming the file."""
    data = data if data is not None else load_rules().tracking  # the same object while the files are unchanged
    if _compiled and _compiled[0][0] is data:
        return
    try:
        compiled = compile_rules(data)
    except (KeyError, TypeError, ValueError, AttributeError, re.error):
        from .rules import check_stages

        check_stages(load_rules())  # the same problem, as a usage error naming the file
        raise
    _compiled[:] = [(data, compiled)]


def compile_rules(data) -> Rules:
    """``tracking.yaml``'s content (:class:`nlp.rules.TrackingRules`) as typed, compiled rules. Raises
    KeyError/TypeError/ValueError/re.error for a missing key or a wrong value (:mod:`nlp.rules` reports them)."""
    ser, rec, vag = data.series, data.recurring, data.vague
    return Rules(
        same_text=float(ser["same_text_similarity"]),
        near_duplicate=float(ser["near_duplicate_similarity"]),
        carried_item=float(ser["carried_item_similarity"]),
        stale_year=re.compile(ser["stale_year"]),
        min_years=int(rec["min_years"]),
        n_examples=int(rec["examples"]),
        example_chars=int(rec["example_chars"]),
        **_followup(data.followup),
        vague_specific=any_of(vag["specific"]),
        vague_stock=any_of(vag["stock_judgement"]),
        vague_max_clause=int(vag["max_stock_clause_chars"]),
        min_topic_overlap=int((data.alignment or {}).get("min_topic_overlap", 1)),
    )


def _followup(fol: dict[str, Any]) -> dict[str, Any]:
    """The fields of :class:`Rules` from the ``followup`` section."""
    generic = frozenset(match_copy(w) for w in fol["generic_words"])
    return dict(
        {key: float(fol[key]) for key in _FOLLOWUP_FLOATS},
        evidence_kinds=tuple(fol["evidence_kinds"]),
        min_shared_words=int(fol["min_shared_words"]),
        weights={k: float(v) for k, v in fol["weights"].items()},
        done=_words(fol["status_words"]["done"]),
        progress=_words(fol["status_words"]["progress"]),
        generic_documents=any_of(fol["generic_documents"]),
        count=re.compile(fol["count"]),
        routine_counts=re.compile(fol["routine_counts"]),
        mechanism=re.compile(fol["mechanism"]),
        channel=re.compile(fol["channel"]),
        realis=re.compile(fol["realis"]),
        decision=_decision(fol["decision"]),
        action_patterns=tuple((k, _words(v)) for k, v in fol["actions"].items()),
        generic_words=generic,
        generic_word_pattern=re.compile(fol["generic_word_pattern"]),
        stop_bigrams=frozenset(w[i:i + 2] for w in generic for i in range(len(w) - 1)),
        purpose_clause=re.compile(fol["purpose_clause"]),
        generic_topics=frozenset(fol["generic_promise"]["topics"]),
        overall=re.compile(fol["generic_promise"]["overall"]),
        counted=tuple(_counted(entry) for entry in fol["counted"]),
    )


def _counted(entry: dict[str, Any]) -> Counted:
    """One ``followup.counted`` entry; cells are written ``t4.review.corrected``."""
    better = str(entry["better"])
    if better not in ("lower", "higher"):
        raise ValueError(f"followup.counted {entry['name']!r}: better must be lower or higher, not {better!r}")
    cells = tuple(tuple(str(c).split(".")) for c in entry["cells"])
    if not cells or any(len(c) != 3 for c in cells):
        raise ValueError(f"followup.counted {entry['name']!r}: cells are written table.row.column (t4.review.corrected)")
    return Counted(str(entry["name"]), re.compile(entry["words"]), cells, better)  # type: ignore[arg-type]


def _decision(dec: dict[str, Any]) -> dict[str, Any]:
    """The ``followup.decision`` rules: shares, yes/no rules and the copied-evidence policy (see tracking.yaml)."""
    policy = str(dec["copied_evidence"])
    if policy not in COPIED_EVIDENCE_POLICIES:
        raise ValueError(f"followup.decision.copied_evidence must be one of {', '.join(COPIED_EVIDENCE_POLICIES)}, "
                         f"not {policy!r}")
    return dict(candidates=int(dec["candidates"]), min_action_coverage=float(dec["min_action_coverage"]),
                min_list_coverage=float(dec["min_list_coverage"]),
                min_list_coverage_problem_again=float(dec["min_list_coverage_problem_again"]),
                partly_without_topic=bool(dec["partly_without_topic"]),
                partly_on_other_topic=bool(dec["partly_on_other_topic"]),
                copied_min_chars=int(dec["copied_min_chars"]), copied_evidence=policy)
