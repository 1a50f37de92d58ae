"""The topic lexicon (T00–T36): loading, merging user files, and validating them with file and line.

The lexicon is data analysts edit (``lexicons/topics/*.yaml``, schema in its README). Users add or override
topics with extra files (``--lexicon PATH``): a topic given again replaces the shipped terms only when the
file says ``replace: true`` for it, otherwise its terms and rules are added.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import UsageError
from ..lexicon import lexicon_dir
from ..text.width import match_copy

KINDS = ("measure", "problem", "commitment", "followup")
TOPIC_KEYS = {"name", "code", "definition", "terms", "rules", "kind_terms", "replace"}
RULE_KEYS = {"all", "kinds", "label"}
TOP_KEYS = {"topics", "precedence", "shared_terms"}
PRECEDENCE_KEYS = {"prefer", "over", "when"}
TOPIC_ID = re.compile(r"^T\d{2}$")


@dataclass
class Where:
    """A place in a lexicon file, for error messages."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Rule:
    """Co-occurrence of every part (a regex) within one clause; optionally only in some item kinds."""

    parts: list[re.Pattern[str]]
    kinds: tuple[str, ...]
    label: str
    where: Where


@dataclass
class Term:
    text: str  # as written in the lexicon
    kinds: tuple[str, ...]  # empty = every kind
    where: Where


@dataclass
class Topic:
    id: str
    name: str = ""
    code: str = ""
    definition: str = ""
    terms: list[Term] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    where: Where | None = None


@dataclass
class Precedence:
    prefer: str
    over: str
    when: re.Pattern[str] | None
    where: Where


@dataclass
class TopicLexicon:
    topics: dict[str, Topic] = field(default_factory=dict)
    precedence: list[Precedence] = field(default_factory=list)
    shared: dict[str, set[str]] = field(default_factory=dict)  # term → topics allowed to share it
    files: list[str] = field(default_factory=list)

    def name(self, topic_id: str) -> str:
        t = self.topics.get(topic_id)
        return t.name if t else ""


@dataclass
class LexiconProblem:
    where: Where
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


# --------------------------------------------------------------------------------------------- loading

class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping and scalar (for messages that name the line)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__key_lines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> list:
    items = yaml.SafeLoader.construct_sequence(loader, node, deep=True)
    return _Lines(items, [n.start_mark.line + 1 for n in node.value])


class _Lines(list):
    """A list that remembers the line of each element."""

    def __init__(self, items: list, lines: list[int]) -> None:
        super().__init__(items)
        self.lines = lines


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def lexicon_files(extra: list[str | Path] | None = None) -> list[Path]:
    """The shipped topic files, then the user's (files, or folders of *.yaml), in that order."""
    files = sorted((lexicon_dir() / "topics").glob("*.yaml"))
    for item in extra or []:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(p.glob("*.y*ml")))
        elif p.exists():
            files.append(p)
        else:
            raise UsageError(f"lexicon file not found: {item}")
    return files


def _line(data: dict, key: str) -> int:
    return data.get("__key_lines__", {}).get(key, data.get("__line__", 1))


def load_topics(extra: list[str | Path] | None = None, problems: list[LexiconProblem] | None = None) -> TopicLexicon:
    """Load and merge the lexicon. Structural errors are collected in ``problems`` (or raised as UsageError).

    Without ``problems`` the merged lexicon is shared: it is parsed once per set of files and their
    modification times (a batch asks for it at start, in tracking and for the tagger; an analyst who edits a
    file gets it read again). Callers must not change it."""
    files = lexicon_files(extra)
    if problems is not None:
        return _merge(files, problems)
    return _valid_lexicon(tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files))


@lru_cache(maxsize=8)
def _valid_lexicon(signature: tuple[tuple[str, int, int], ...]) -> TopicLexicon:
    collect: list[LexiconProblem] = []
    lex = _merge([Path(name) for name, _, _ in signature], collect)
    errors = [p for p in collect if p.severity == "error"]
    if errors:
        raise UsageError("invalid lexicon:\n  " + "\n  ".join(map(str, errors)))
    return lex


def _merge(files: list[Path], problems: list[LexiconProblem]) -> TopicLexicon:
    lex = TopicLexicon()
    for path in files:
        _load_file(path, lex, problems)
    return lex


def _load_file(path: Path, lex: TopicLexicon, problems: list[LexiconProblem]) -> None:
    name = str(path)
    lex.files.append(name)
    try:
        with path.open(encoding="utf-8-sig") as fh:
            data = yaml.load(fh, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(LexiconProblem(Where(name, mark.line + 1 if mark else 1), f"not valid YAML: {exc}"))
        return
    except UnicodeDecodeError:
        problems.append(LexiconProblem(Where(name, 1), "not UTF-8 text"))
        return
    if not data:
        return
    if not isinstance(data, dict):
        problems.append(LexiconProblem(Where(name, 1), "the file must be a mapping with a 'topics' key"))
        return
    for key in data:
        if key not in TOP_KEYS and not key.startswith("__"):
            problems.append(LexiconProblem(Where(name, _line(data, key)), f"unknown key {key!r} (expected {sorted(TOP_KEYS)})"))
    topics_map = data.get("topics") or {}
    if not isinstance(topics_map, dict):
        problems.append(LexiconProblem(Where(name, _line(data, "topics")), "'topics' must be a mapping of topic ids"))
        topics_map = {}
    for tid, entry in topics_map.items():
        tid = str(tid)
        if tid.startswith("__"):
            continue
        where = Where(name, _line(data["topics"], tid))
        if not TOPIC_ID.match(str(tid)):
            problems.append(LexiconProblem(where, f"topic id {tid!r} is not of the form T00–T99"))
            continue
        if not isinstance(entry, dict):
            problems.append(LexiconProblem(where, f"topic {tid} must be a mapping"))
            continue
        _load_topic(str(tid), entry, where, lex, problems)
    for i, entry in enumerate(data.get("precedence") or []):
        where = Where(name, data["precedence"].lines[i] if isinstance(data["precedence"], _Lines) else 1)
        if not isinstance(entry, dict) or "prefer" not in entry or "over" not in entry:
            problems.append(LexiconProblem(where, "a precedence entry needs 'prefer' and 'over'"))
            continue
        for key in entry:
            if key not in PRECEDENCE_KEYS and not key.startswith("__"):
                problems.append(LexiconProblem(where, f"unknown key {key!r} in precedence (expected {sorted(PRECEDENCE_KEYS)})"))
        when = _compile(entry.get("when"), where, problems) if entry.get("when") else None
        lex.precedence.append(Precedence(str(entry["prefer"]), str(entry["over"]), when, where))
    for i, entry in enumerate(data.get("shared_terms") or []):
        where = Where(name, data["shared_terms"].lines[i] if isinstance(data["shared_terms"], _Lines) else 1)
        if not isinstance(entry, dict) or "term" not in entry or "topics" not in entry:
            problems.append(LexiconProblem(where, "a shared_terms entry needs 'term' and 'topics'"))
            continue
        lex.shared.setdefault(match_copy(str(entry["term"])), set()).update(map(str, entry["topics"]))


def _compile(pattern: str, where: Where, problems: list[LexiconProblem]) -> re.Pattern[str] | None:
    try:
        return re.compile(match_copy(str(pattern)))
    except re.error as exc:
        problems.append(LexiconProblem(where, f"invalid regular expression {pattern!r}: {exc}"))
        return None


def _load_topic(tid: str, entry: dict, where: Where, lex: TopicLexicon, problems: list[LexiconProblem]) -> None:
    for key in entry:
        if key not in TOPIC_KEYS and not key.startswith("__"):
            problems.append(LexiconProblem(Where(where.file, _line(entry, key)),
                                           f"unknown key {key!r} in topic {tid} (expected {sorted(TOPIC_KEYS)})"))
    topic = lex.topics.get(tid)
    if topic is None or entry.get("replace"):
        topic = lex.topics[tid] = Topic(tid, where=where)
    topic.name = str(entry.get("name") or topic.name)
    topic.code = str(entry.get("code") or topic.code)
    topic.definition = str(entry.get("definition") or topic.definition)
    terms = entry.get("terms") or []
    if not isinstance(terms, list):
        problems.append(LexiconProblem(Where(where.file, _line(entry, "terms")), f"'terms' of {tid} must be a list"))
        terms = []
    lines = terms.lines if isinstance(terms, _Lines) else [where.line] * len(terms)
    for term, line in zip(terms, lines):
        _add_term(topic, term, (), Where(where.file, line), problems)
    kind_terms = entry.get("kind_terms") or {}
    if not isinstance(kind_terms, dict):
        problems.append(LexiconProblem(where, f"'kind_terms' of {tid} must map kinds to lists of terms"))
        kind_terms = {}
    for kind, kterms in kind_terms.items():
        if kind.startswith("__"):
            continue
        if kind not in KINDS:
            problems.append(LexiconProblem(Where(where.file, _line(entry["kind_terms"], kind)),
                                           f"unknown item kind {kind!r} (expected {list(KINDS)})"))
            continue
        klines = kterms.lines if isinstance(kterms, _Lines) else [where.line] * len(kterms)
        for term, line in zip(kterms, klines):
            _add_term(topic, term, (kind,), Where(where.file, line), problems)
    rules = entry.get("rules") or []
    if not isinstance(rules, list):
        problems.append(LexiconProblem(where, f"'rules' of {tid} must be a list"))
        rules = []
    rlines = rules.lines if isinstance(rules, _Lines) else [where.line] * len(rules)
    for rule, line in zip(rules, rlines):
        rwhere = Where(where.file, line)
        if not isinstance(rule, dict) or not isinstance(rule.get("all"), list) or not rule.get("all"):
            problems.append(LexiconProblem(rwhere, f"a rule of {tid} needs 'all': [part, part…]"))
            continue
        for key in rule:
            if key not in RULE_KEYS and not str(key).startswith("__"):
                problems.append(LexiconProblem(rwhere, f"unknown key {key!r} in a rule of {tid} (expected {sorted(RULE_KEYS)})"))
        parts = [_compile(p, rwhere, problems) for p in rule["all"]]
        kinds = tuple(rule.get("kinds") or ())
        for k in kinds:
            if k not in KINDS:
                problems.append(LexiconProblem(rwhere, f"unknown item kind {k!r} in a rule of {tid}"))
        if all(parts):
            label = str(rule.get("label") or "…".join(str(p) for p in rule["all"]))
            topic.rules.append(Rule([p for p in parts if p], kinds, label, rwhere))


def _add_term(topic: Topic, term, kinds: tuple[str, ...], where: Where, problems: list[LexiconProblem]) -> None:
    if not isinstance(term, str) or not term.strip():
        problems.append(LexiconProblem(where, f"empty or non-text term in {topic.id}"))
        return
    topic.terms.append(Term(term.strip(), kinds, where))


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
