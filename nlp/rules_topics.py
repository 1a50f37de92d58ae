"""The topic lexicon (T00–T36): the schema of a topic file, merging user files, and the lexicon checks.

The lexicon is data analysts edit (``lexicons/topics/*.yaml``, schema in its README). Users add or override
topics with extra files (``--lexicon PATH``): a topic given again replaces the shipped terms only when the
file says ``replace: true`` for it, otherwise its terms and rules are added. A topic file is checked against
its schema (below) with the file and line of every problem; the merged lexicon is part of :class:`nlp.rules.Rules`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from .errors import UsageError
from .lexicon import is_bodies_file, lexicon_dir
from .rules_schema import Flag, ListOf, MapOf, Matching, OneOf, Placed, Record, Regex, Text, Written, convert_file, key
from .rules_yaml import INVALID, LexiconProblem, Where, file_signature, raise_errors
from .text.width import match_copy

KINDS = ("measure", "problem", "commitment", "followup")
TOPIC_ID = re.compile(r"^T\d{2}$")


@dataclass(frozen=True)
class Rule:
    """Co-occurrence of every part (a regex) within one clause; optionally only in some item kinds."""

    parts: tuple[re.Pattern[str], ...]
    kinds: tuple[str, ...]
    label: str
    where: Where


@dataclass(frozen=True)
class Term:
    text: str  # as written in the lexicon
    kinds: tuple[str, ...]  # empty = every kind
    where: Where


@dataclass(frozen=True)
class Topic:
    id: str
    name: str = ""
    code: str = ""
    definition: str = ""
    terms: tuple[Term, ...] = ()
    rules: tuple[Rule, ...] = ()
    where: Where | None = None


@dataclass(frozen=True)
class Precedence:
    prefer: str
    over: str
    when: re.Pattern[str] | None
    where: Where


@dataclass(frozen=True, eq=False)
class TopicLexicon:
    """The merged lexicon. Immutable, so one copy serves every caller; compared and hashed by identity, so that
    what is built from it (a tagger) can be cached per lexicon."""

    topics: Mapping[str, Topic] = field(default_factory=lambda: MappingProxyType({}))
    precedence: tuple[Precedence, ...] = ()
    shared: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))  # term → topics
    files: tuple[str, ...] = ()

    def name(self, topic_id: str) -> str:
        t = self.topics.get(topic_id)
        return t.name if t else ""


# --------------------------------------------------------------------------------------------- schema

_PATTERN = Regex(prepare=match_copy)  # rules run on the match copy of the text, so their patterns are made alike
_TERMS = ListOf(Placed(Text(nonempty=True)))


@dataclass(frozen=True)
class _RuleEntry:
    all: tuple[tuple[str, re.Pattern[str]], ...] = key(ListOf(Written(_PATTERN), nonempty=True))
    kinds: tuple[str, ...] = key(ListOf(OneOf(KINDS)), ())
    label: str = key(Text(), "")


@dataclass(frozen=True)
class _TopicEntry:
    name: str = key(Text(), "")
    code: str = key(Text(), "")
    definition: str = key(Text(), "")
    terms: tuple[tuple[str, Where], ...] = key(_TERMS, ())
    kind_terms: tuple[tuple[str, tuple[tuple[str, Where], ...]], ...] = key(MapOf(_TERMS, key=OneOf(KINDS)), ())
    rules: tuple[tuple[_RuleEntry, Where], ...] = key(ListOf(Placed(Record(_RuleEntry))), ())
    replace: bool = key(Flag(), False)


@dataclass(frozen=True)
class _PrecedenceEntry:
    prefer: str = key(Text(nonempty=True))
    over: str = key(Text(nonempty=True))
    when: re.Pattern[str] | None = key(_PATTERN, None)


@dataclass(frozen=True)
class _SharedEntry:
    term: str = key(Text(nonempty=True))
    topics: tuple[str, ...] = key(ListOf(Text(nonempty=True)))


@dataclass(frozen=True)
class _TopicFile:
    """One topic file (schema in ``lexicons/topics/README.md``)."""

    topics: tuple[tuple[str, tuple[_TopicEntry, Where]], ...] = key(
        MapOf(Placed(Record(_TopicEntry)), key=Matching(TOPIC_ID, "a topic id T00–T99")), ())
    precedence: tuple[tuple[_PrecedenceEntry, Where], ...] = key(ListOf(Placed(Record(_PrecedenceEntry))), ())
    shared_terms: tuple[_SharedEntry, ...] = key(ListOf(Record(_SharedEntry)), ())


# --------------------------------------------------------------------------------------------- loading

def lexicon_files(extra: list[str | Path] | None = None, folder: Path | None = None) -> list[Path]:
    """The topic files of the lexicon folder (``folder``, default the one in use), then the user's (files, or
    folders of *.yaml), in that order."""
    files = sorted(((folder or lexicon_dir()) / "topics").glob("*.yaml"))
    for item in extra or []:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(f for f in p.glob("*.y*ml") if not is_bodies_file(f)))
        elif p.exists():
            files.extend([] if is_bodies_file(p) else [p])
        else:
            raise UsageError(f"lexicon file not found: {item}")
    return files


def load_topics(extra: list[str | Path] | None = None, problems: list[LexiconProblem] | None = None) -> TopicLexicon:
    """The merged lexicon of the shipped and the user's files. Problems are added to ``problems``, or the
    errors among them raised as one UsageError.

    Stages take the lexicon from :func:`nlp.rules.load_rules` (``rules.topics``, the same object); this is for
    callers that hold only the user's lexicon paths."""
    lex, found = parsed_topics(file_signature(lexicon_files(extra)))
    if problems is None:
        raise_errors(found)
    else:
        problems.extend(found)
    return lex


@lru_cache(maxsize=8)
def parsed_topics(signature: tuple[tuple[str, int, int], ...]) -> tuple[TopicLexicon, tuple[LexiconProblem, ...]]:
    """The lexicon merged from these files and the problems found, parsed once per set of files and their
    modification times (an analyst who edits a file gets it read again)."""
    problems: list[LexiconProblem] = []
    return merge_topic_files([Path(name) for name, _, _ in signature], problems), tuple(problems)


def merge_topic_files(files: list[Path], problems: list[LexiconProblem]) -> TopicLexicon:
    """The files merged in order: a topic given again adds terms and rules, or replaces them (``replace: true``)."""
    topics: dict[str, Topic] = {}
    precedence: list[Precedence] = []
    shared: dict[str, set[str]] = {}
    for path in files:
        data = convert_file(path, Record(_TopicFile), problems)
        if data is INVALID:
            continue
        for tid, (entry, where) in data.topics:
            topics[tid] = _merge_topic(topics.get(tid), tid, entry, where)
        precedence.extend(Precedence(e.prefer, e.over, e.when, where) for e, where in data.precedence)
        for e in data.shared_terms:
            shared.setdefault(match_copy(e.term), set()).update(e.topics)
    return TopicLexicon(MappingProxyType(topics), tuple(precedence),
                        MappingProxyType({k: frozenset(v) for k, v in shared.items()}), tuple(map(str, files)))


def _merge_topic(topic: Topic | None, tid: str, entry: _TopicEntry, where: Where) -> Topic:
    if topic is None or entry.replace:
        topic = Topic(tid, where=where)
    terms = [Term(text.strip(), (), at) for text, at in entry.terms]
    terms += [Term(text.strip(), (kind,), at) for kind, kterms in entry.kind_terms for text, at in kterms]
    rules = [Rule(tuple(p for _, p in r.all), r.kinds, r.label or "…".join(text for text, _ in r.all), at)
             for r, at in entry.rules]
    return replace(topic, name=entry.name or topic.name, code=entry.code or topic.code,
                   definition=entry.definition or topic.definition, terms=topic.terms + tuple(terms),
                   rules=topic.rules + tuple(rules))


# --------------------------------------------------------------------------------------------- checking

def check_lexicon(extra: list[str | Path] | None = None, expected: set[str] | None = None) -> list[LexiconProblem]:
    """Everything wrong with the lexicon, each naming file and line."""
    problems: list[LexiconProblem] = []
    lex = load_topics(extra, problems)
    expected = expected if expected is not None else {f"T{i:02d}" for i in range(37)}
    for tid in sorted(expected - set(lex.topics)):
        problems.append(LexiconProblem(Where(lex.files[0] if lex.files else str(lexicon_dir()), 1), f"topic {tid} is missing"))
    owners: dict[str, list[tuple[str, Term]]] = {}
    for topic in lex.topics.values():
        if not topic.name:
            problems.append(LexiconProblem(topic.where or Where("?", 1), f"topic {topic.id} has no name"))
        if not topic.terms and not topic.rules:
            problems.append(LexiconProblem(topic.where or Where("?", 1), f"topic {topic.id} has no terms"))
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for term in topic.terms:
            key = match_copy(term.text)
            if key != key.strip() or re.search(r"\s", key):
                problems.append(LexiconProblem(term.where, f"term {term.text!r} contains whitespace: the analysable text "
                                                           "has none inside Chinese words, so it can never match"))
            if any(c in key for c in "|\n"):
                problems.append(LexiconProblem(term.where, f"term {term.text!r} contains '|' (rules take regexes, terms do not)"))
            if (key, term.kinds) in seen:
                problems.append(LexiconProblem(term.where, f"term {term.text!r} is listed twice in {topic.id}", "warning"))
            seen.add((key, term.kinds))
            owners.setdefault(key, []).append((topic.id, term))
    for key, entries in owners.items():
        topic_ids = {t for t, _ in entries}
        ranked = {(r.prefer, r.over) for r in lex.precedence} | {(r.over, r.prefer) for r in lex.precedence}
        resolved = topic_ids <= lex.shared.get(key, set()) or (
            len(topic_ids) == 2 and tuple(sorted(topic_ids)) in {tuple(sorted(pair)) for pair in ranked})
        if len(topic_ids) > 1 and not resolved:
            where = entries[-1][1].where
            problems.append(LexiconProblem(where, f"term {entries[-1][1].text!r} is under {', '.join(sorted(topic_ids))} "
                                                  "without a shared_terms entry or precedence rule"))
    for rule in lex.precedence:
        for tid in (rule.prefer, rule.over):
            if tid not in lex.topics:
                problems.append(LexiconProblem(rule.where, f"precedence names unknown topic {tid}"))
    return problems
