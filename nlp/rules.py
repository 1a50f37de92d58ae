"""The rules: every lexicon file of ``lexicons/`` read, checked and typed into one immutable :class:`Rules`.

Stages receive a Rules object (the pipeline loads it once per run and worker) instead of reading YAML
themselves. Each file's content is a frozen dataclass whose fields are the file's keys: a field without a
default is a required key, and the converter given to :func:`~nlp.rules_schema.key` says its type (text, a number
in a range, a list of regular expressions…). Unknown keys, wrong types and invalid regular expressions are
errors that name the file and line, all reported together: ``zwgk lexicon check`` lists them, and loading
raises one UsageError. Regular expressions are compiled here; what a stage builds from them (one alternation
of a list, say) stays in the stage.

The rule holders compare and hash by identity: stages cache what they compile from a holder per holder.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .rules_topics import KINDS, TopicLexicon, check_lexicon, lexicon_files, parsed_topics
from .errors import UsageError
from .lexicon import bodies_files, lexicon_dir
from .rules_schema import Flag, Into, ListOf, MapOf, Number, OneOf, Plain, Record, Regex, Text, convert_file, key
from .rules_yaml import INVALID, LexiconProblem, Where, file_signature, raise_errors
from .scorecard.settings import ScorecardRules

LEVELS = ("province", "city", "county", "township", "department")
_REGEXES = ListOf(Regex())
_TEXTS = ListOf(Text(nonempty=True))


@dataclass(frozen=True, eq=False)
class SectionRules:
    """``sections.yaml``: heading variants of each section key, in file order; problems sub-headings as fallback;
    the wordings and key words that tolerant heading matching compares with."""

    sections: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = key(MapOf(_REGEXES))
    problems_fallback: tuple[re.Pattern[str], ...] = key(_REGEXES, ())
    heading_wordings: tuple[tuple[str, tuple[str, ...]], ...] = key(MapOf(_TEXTS), ())
    heading_key_words: tuple[tuple[str, re.Pattern[str]], ...] = key(MapOf(Regex()), ())
    min_heading_similarity: float = key(Number(0.5, 1), 0.75)


@dataclass(frozen=True, eq=False)
class SignalRules:
    """``signals.yaml``: the wording that splits and classifies the narrative into items."""

    subheadings: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = key(MapOf(_REGEXES, key=OneOf(KINDS)))
    commitment_openers: tuple[re.Pattern[str], ...] = key(_REGEXES)
    frames: tuple[re.Pattern[str], ...] = key(_REGEXES)
    problem_lead_ins: tuple[re.Pattern[str], ...] = key(_REGEXES)
    overview_future: tuple[re.Pattern[str], ...] = key(_REGEXES)
    overview_realis: tuple[re.Pattern[str], ...] = key(_REGEXES)
    commitment_frames: tuple[re.Pattern[str], ...] = key(_REGEXES)
    followup_sentences: tuple[re.Pattern[str], ...] = key(_REGEXES)
    measure_actions: tuple[re.Pattern[str], ...] = key(_REGEXES)
    problem_nouns: tuple[re.Pattern[str], ...] = key(_REGEXES)
    problem_predicates: tuple[re.Pattern[str], ...] = key(_REGEXES)
    commitment_markers: tuple[re.Pattern[str], ...] = key(_REGEXES)
    measure_markers: tuple[re.Pattern[str], ...] = key(ListOf(Regex(), nonempty=True))
    preamble: tuple[re.Pattern[str], ...] = key(_REGEXES)
    measure_openers: tuple[re.Pattern[str], ...] = key(_REGEXES, ())
    preamble_sentences: tuple[re.Pattern[str], ...] = key(_REGEXES, ())
    closing_matter: tuple[re.Pattern[str], ...] = key(_REGEXES, ())


@dataclass(frozen=True)
class PageField:
    """A labelled field of a government article page (索引号, 发布单位, 发文日期…): the field it fills, its label,
    and the shape of its value when it is not in a cell of its own."""

    field: str = key(Text(nonempty=True))
    label: re.Pattern[str] = key(Regex())
    value: re.Pattern[str] = key(Regex())


@dataclass(frozen=True, eq=False)
class ChromeRules:
    """``page_chrome.yaml``: the tokens of web-page chrome around an article body, and the page's own metadata."""

    leading: tuple[re.Pattern[str], ...] = key(_REGEXES)
    trailing: tuple[re.Pattern[str], ...] = key(_REGEXES)
    block_markers: tuple[re.Pattern[str], ...] = key(_REGEXES)
    fields: tuple[PageField, ...] = key(ListOf(Record(PageField)), ())
    meta_tags: tuple[tuple[str, str], ...] = key(MapOf(Text(nonempty=True)), ())
    breadcrumb: re.Pattern[str] | None = key(Regex(), None)
    name_chrome: re.Pattern[str] | None = key(Regex(), None)


@dataclass(frozen=True)
class Body:
    """A reporting body: its canonical name, the names it publishes under, its administrative level."""

    name: str = key(Text(nonempty=True))
    level: str = key(OneOf(LEVELS), "")
    zone: bool = key(Flag(), False)
    aliases: tuple[str, ...] = key(_TEXTS, ())


@dataclass(frozen=True)
class Rewrite:
    """A spelling of a body name made canonical before aliases are looked up (政府办 → 人民政府办公室)."""

    pattern: re.Pattern[str] = key(Regex())
    replace: str = key(Text())


@dataclass(frozen=True, eq=False)
class BodyRules:
    """``bodies.yaml``, and the analyst's own bodies files given with ``--lexicon`` (their bodies first)."""

    bodies: tuple[Body, ...] = key(ListOf(Record(Body)), ())
    rewrites: tuple[Rewrite, ...] = key(ListOf(Record(Rewrite)), ())


@dataclass(frozen=True)
class Unit:
    """The last unit of a place name and the level it gives (``zone``: a county-level zone)."""

    pattern: re.Pattern[str] = key(Regex())
    level: str = key(OneOf(LEVELS))
    zone: bool = key(Flag(), False)


@dataclass(frozen=True, eq=False)
class LevelRules:
    """``levels.yaml``: the administrative level of a body from the last unit of its name."""

    government_suffixes: tuple[str, ...] = key(_TEXTS)
    township_offices: re.Pattern[str] = key(Regex())
    units: tuple[Unit, ...] = key(ListOf(Record(Unit), nonempty=True))
    provinces: tuple[str, ...] = key(_TEXTS)
    municipalities: tuple[str, ...] = key(_TEXTS)
    department_suffix: re.Pattern[str] = key(Regex())
    county_level_cities: frozenset[str] = key(Into(_TEXTS, frozenset), frozenset())


@dataclass(frozen=True, eq=False)
class FormatRules:
    """``formats.yaml``: the table vocabulary of each format generation, in file order."""

    vocabulary: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, eq=False)
class NormaliseRules:
    """``normalise.yaml``: the layout artefacts removed from the analysable text."""

    page_number_lines: tuple[re.Pattern[str], ...] = key(ListOf(Regex(), nonempty=True))
    running_line_min_share: float = key(Number(0, 1))
    running_line_max_chars: int = key(Number(1, 10_000, integer=True))
    number_units: str = key(Text(nonempty=True))
    bare_page_numbers: bool = key(Flag(), True)


@dataclass(frozen=True, eq=False)
class TableLabelRules:
    """``table_labels.yaml``, checked for its top-level keys and kept as parsed (read-only) until the table and
    check stages take typed rules."""

    t2: Mapping[str, Any] = key(Plain(dict))
    t3: Mapping[str, Any] = key(Plain(dict))
    t4: Mapping[str, Any] = key(Plain(dict))
    dash: tuple[str, ...] = key(_TEXTS)
    value_words: tuple[str, ...] = key(_TEXTS)
    sentence_units: str = key(Text(nonempty=True))
    narrative: tuple[Any, ...] = key(Plain(list), ())
    narrative_scope_words: tuple[str, ...] = key(_TEXTS, ())


@dataclass(frozen=True, eq=False)
class IdentityRules:
    """``table_identities.yaml``: the sums of tables 3 and 4, kept as parsed (read-only); their keys are checked
    against the table labels by :mod:`nlp.tables.identities`."""

    t3: tuple[Any, ...] = key(Plain(list))
    t4: tuple[Any, ...] = key(Plain(list))


@dataclass(frozen=True, eq=False)
class TrackingRules:
    """``tracking.yaml``, checked for its top-level keys and kept as parsed (read-only) until the cross-year
    stage takes typed rules."""

    series: Mapping[str, Any] = key(Plain(dict))
    recurring: Mapping[str, Any] = key(Plain(dict))
    followup: Mapping[str, Any] = key(Plain(dict))
    vague: Mapping[str, Any] = key(Plain(dict))
    alignment: Mapping[str, Any] | None = key(Plain(dict), None)


@dataclass(frozen=True, eq=False)
class Rules:
    """Everything the analysis reads from ``lexicons/`` (and the user's topic files), checked and typed."""

    sections: SectionRules
    signals: SignalRules
    chrome: ChromeRules
    bodies: BodyRules
    levels: LevelRules
    formats: FormatRules
    normalise: NormaliseRules
    table_labels: TableLabelRules
    table_identities: IdentityRules
    tracking: TrackingRules
    scorecard: ScorecardRules
    topics: TopicLexicon


# Each field of Rules but the topics: the file that holds it and how it is read.
_FILES: dict[str, tuple[str, Any]] = {
    "sections": ("sections.yaml", Record(SectionRules)),
    "signals": ("signals.yaml", Record(SignalRules)),
    "chrome": ("page_chrome.yaml", Record(ChromeRules)),
    "bodies": ("bodies.yaml", Record(BodyRules)),
    "levels": ("levels.yaml", Record(LevelRules)),
    "formats": ("formats.yaml", Into(MapOf(_TEXTS), FormatRules)),
    "normalise": ("normalise.yaml", Record(NormaliseRules)),
    "table_labels": ("table_labels.yaml", Record(TableLabelRules)),
    "table_identities": ("table_identities.yaml", Record(IdentityRules)),
    "tracking": ("tracking.yaml", Record(TrackingRules)),
    "scorecard": ("scorecard.yaml", Record(ScorecardRules)),
}


def rule_files(folder: Path | None = None) -> list[Path]:
    """The lexicon files other than the topic files (of ``folder``, default the one in use), in the order of
    :data:`_FILES`."""
    folder = folder or lexicon_dir()
    return [folder / name for name, _ in _FILES.values()]


def load_rules(extra_topic_paths: Iterable[str | Path] = ()) -> Rules:
    """The rules of the lexicon folder (``$ZWGK_LEXICONS`` or the shipped one) plus the user's lexicon files: topic
    files, and bodies files (``bodies*.yaml``, see :func:`nlp.lexicon.is_bodies_file`) whose bodies come before
    the shipped ones.

    Parsed once per set of files and their modification times and sizes (an analyst who edits a file gets it
    read again), so calling it per file costs a few ``stat`` calls. Raises UsageError listing every error."""
    folder = _folder(os.environ.get("ZWGK_LEXICONS"))
    extra = list(extra_topic_paths)
    topic_files = lexicon_files(extra, folder)
    return _valid_rules(file_signature(rule_files(folder)), file_signature(topic_files),
                        file_signature(bodies_files(extra)))


@lru_cache(maxsize=4)
def _folder(env: str | None) -> Path:
    """The lexicon folder in use, found once per value of ``$ZWGK_LEXICONS`` (the only thing that changes it
    in a running process): finding the shipped folder costs path look-ups, and the pipeline asks per file."""
    return lexicon_dir()


@lru_cache(maxsize=8)
def _valid_rules(signature: tuple[tuple[str, int, int], ...],
                 topic_signature: tuple[tuple[str, int, int], ...],
                 bodies_signature: tuple[tuple[str, int, int], ...] = ()) -> Rules:
    problems: list[LexiconProblem] = []
    parts = _read_parts([Path(name) for name, _, _ in signature], problems)
    extra_bodies = _read_bodies([Path(name) for name, _, _ in bodies_signature], problems)
    topics, topic_problems = parsed_topics(topic_signature)
    raise_errors(problems + list(topic_problems))
    if extra_bodies:
        shipped = parts["bodies"]
        parts["bodies"] = BodyRules(tuple(b for r in extra_bodies for b in r.bodies) + shipped.bodies,
                                    tuple(w for r in extra_bodies for w in r.rewrites) + shipped.rewrites)
    return Rules(**parts, topics=topics)


def stage_problems(rules: Rules) -> list[LexiconProblem]:
    """What the stages find wrong when they compile the files they read as parsed data (tracking.yaml, the
    table labels and identities): checked when a run starts and by ``zwgk lexicon check``, so that a wrong
    value is a usage error naming its file, not an error row for every report."""
    from .rules_tracking import compile_rules
    from .tables.identities import parse as parse_identities
    from .tables.labels import compile_labels

    paths = dict(zip(_FILES, rule_files()))
    checks = (("tracking", lambda: compile_rules(rules.tracking)),
              ("table_labels", lambda: compile_labels(rules.table_labels)),
              ("table_identities", lambda: parse_identities(
                  {"t3": rules.table_identities.t3, "t4": rules.table_identities.t4}, str(paths["table_identities"]))))
    problems = []
    for name, check in checks:
        try:
            check()
        except (KeyError, TypeError, ValueError, AttributeError, re.error) as exc:
            what = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
            problems.append(LexiconProblem(Where(str(paths[name]), 1), what))
    return problems


def check_stages(rules: Rules) -> None:
    """Raise UsageError listing the :func:`stage_problems` of ``rules``, if there are any."""
    problems = stage_problems(rules)
    if problems:
        raise UsageError("the lexicons are not valid:\n" + "\n".join(map(str, problems)))


def _read_bodies(paths: list[Path], problems: list[LexiconProblem]) -> list[BodyRules]:
    """The analyst's bodies files, read as ``bodies.yaml`` is."""
    out = [convert_file(path, Record(BodyRules), problems) for path in paths]
    return [r for r in out if r is not INVALID]


def _read_parts(paths: list[Path], problems: list[LexiconProblem]) -> dict[str, Any]:
    """Each file of :data:`_FILES` (at ``paths``) read and converted; a file that is wrong is left out."""
    parts = {}
    for (field_name, (_, convert)), path in zip(_FILES.items(), paths):
        value = convert_file(path, convert, problems)
        if value is not INVALID:
            parts[field_name] = value
    return parts


def check_rules(extra_topic_paths: Iterable[str | Path] = ()) -> list[LexiconProblem]:
    """Everything wrong with the lexicon files, each naming file and line: the checks of loading, those of the
    topic lexicon as a whole (missing topics, terms claimed by two topics…), and files nothing reads."""
    problems: list[LexiconProblem] = []
    files = rule_files()
    _read_parts(files, problems)
    try:
        problems.extend(stage_problems(load_rules(extra_topic_paths)))
    except UsageError:
        pass  # the files do not load: the problems of loading are reported below
    _read_bodies(bodies_files(list(extra_topic_paths)), problems)
    for path in sorted(lexicon_dir().glob("*.y*ml")):
        if path not in files:
            problems.append(LexiconProblem(Where(str(path), 1), "the analyzer reads no such lexicon file (expected "
                                           f"{', '.join(p.name for p in files)} and topics/*.yaml)", "warning"))
    return problems + check_lexicon(list(extra_topic_paths))
