"""What ``lexicons/scorecard.yaml`` holds: the indicators' weights and thresholds, typed and checked.

The evaluator edits the file; :mod:`nlp.rules` reads it with every other lexicon (``Rules.scorecard``), so a
mistake is reported with its file and line before any report is analysed. Only the schema lives here (imported
by :mod:`nlp.rules`); the indicators read the values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules_schema import Flag, ListOf, MapOf, Number, OneOf, Record, Regex, Text, key

#: The indicators of ``scorecard.csv``, in column order (each is a status column and an ``_evidence`` column).
INDICATORS = ("on_time", "sections_complete", "format_matches_year", "tables_complete", "tables_consistent",
              "government_extras", "fees_reported", "problems_specific", "promises_followed", "not_copied",
              "applications_plausible")
LEVELS = ("province", "city", "county", "township", "department")
GENERATIONS = ("pre2019", "2019", "2021")
SECTION_KEYS = ("overview", "proactive", "applications", "review_litigation", "problems", "improvements", "other",
                "key_areas", "fees", "consultation", "organisation", "proposals", "statistics")
_YEAR = Number(1990, 2100, integer=True)
_SHARE = Number(0, 1)
_REGEXES = ListOf(Regex())


@dataclass(frozen=True)
class _OptionalYear:
    expected = "a year or null"

    def __call__(self, value, at):
        return None if value is None else _YEAR(value, at)


_YEARS = ListOf(_OptionalYear())  # [first, last]: null for an open end


@dataclass(frozen=True)
class _MonthDay:
    """``"MM-DD"``, kept as (month, day)."""

    expected = 'a date "MM-DD" in quotes'

    def __call__(self, value, at):
        m = re.fullmatch(r"(\d\d)-(\d\d)", value) if isinstance(value, str) else None
        if not m or not (1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31):
            return at.wrong(value, self.expected)
        return int(m.group(1)), int(m.group(2))


def year_in(span: tuple, year: int) -> bool:
    """Whether ``year`` lies in ``[first, last]`` (either end None: open)."""
    first, last = (tuple(span) + (None, None))[:2]
    return (first is None or year >= first) and (last is None or year <= last)


@dataclass(frozen=True)
class Weights:
    """How much each indicator counts in the score (any non-negative numbers; the score divides by their sum)."""

    on_time: float = key(Number(0, 1000))
    sections_complete: float = key(Number(0, 1000))
    format_matches_year: float = key(Number(0, 1000))
    tables_complete: float = key(Number(0, 1000))
    tables_consistent: float = key(Number(0, 1000))
    government_extras: float = key(Number(0, 1000))
    fees_reported: float = key(Number(0, 1000))
    problems_specific: float = key(Number(0, 1000))
    promises_followed: float = key(Number(0, 1000))
    not_copied: float = key(Number(0, 1000))
    applications_plausible: float = key(Number(0, 1000))


@dataclass(frozen=True)
class ScoreRules:
    warn_value: float = key(_SHARE)
    min_judged_share: float = key(_SHARE)


@dataclass(frozen=True)
class Deadline:
    """One statutory deadline: the reports it covers and the month-day (of the year after the one reported on)."""

    law: str = key(Text(nonempty=True))
    years: tuple = key(_YEARS)
    levels: tuple[str, ...] = key(ListOf(OneOf(LEVELS), nonempty=True))
    date: tuple[int, int] = key(_MonthDay())
    government_levels: tuple[str, ...] = key(ListOf(OneOf(LEVELS)), ())  # for departments: their government's
    zones: bool = key(Flag(), False)  # whether development / functional zones (管委会) are covered


@dataclass(frozen=True)
class OnTimeRules:
    deadlines: tuple[Deadline, ...] = key(ListOf(Record(Deadline), nonempty=True))
    weak_sources: tuple[str, ...] = key(ListOf(Text(nonempty=True)), ())


@dataclass(frozen=True)
class FormatRules:
    generations: tuple[tuple[str, tuple], ...] = key(MapOf(_YEARS, key=OneOf(GENERATIONS)))


@dataclass(frozen=True)
class SectionsRules:
    required: tuple[tuple[str, tuple[str, ...]], ...] = key(MapOf(ListOf(OneOf(SECTION_KEYS)), key=OneOf(GENERATIONS)))
    names: tuple[tuple[str, str], ...] = key(MapOf(Text(nonempty=True), key=OneOf(SECTION_KEYS)))
    expected: tuple[tuple[str, tuple[str, ...]], ...] = key(MapOf(ListOf(OneOf(SECTION_KEYS)), key=OneOf(GENERATIONS)), ())


@dataclass(frozen=True)
class ExtrasRules:
    years: tuple = key(_YEARS)
    levels: tuple[str, ...] = key(ListOf(OneOf(LEVELS), nonempty=True))
    items: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = key(MapOf(_REGEXES))
    zones: bool = key(Flag(), False)


@dataclass(frozen=True)
class FeesRules:
    years: tuple = key(_YEARS)
    statement: tuple[re.Pattern[str], ...] = key(_REGEXES)
    statement_pre2019: tuple[re.Pattern[str], ...] = key(_REGEXES)
    none_charged: tuple[re.Pattern[str], ...] = key(_REGEXES)
    amount: tuple[re.Pattern[str], ...] = key(_REGEXES)


@dataclass(frozen=True)
class ProblemsRules:
    none_stated: tuple[re.Pattern[str], ...] = key(_REGEXES)
    pass_max_vague_share: float = key(_SHARE)
    fail_min_vague_share: float = key(_SHARE)


@dataclass(frozen=True)
class PromisesRules:
    pass_min_share: float = key(_SHARE)
    fail_below_share: float = key(_SHARE)


@dataclass(frozen=True)
class CopiesRules:
    fail_flags: tuple[str, ...] = key(ListOf(Text(nonempty=True)))
    warn_carried_items: int = key(Number(0, 1000, integer=True))
    warn_flags: tuple[str, ...] = key(ListOf(Text(nonempty=True)), ())


@dataclass(frozen=True)
class ApplicationsRules:
    text_rules: tuple[str, ...] = key(ListOf(Text(nonempty=True)))
    no_applications: tuple[re.Pattern[str], ...] = key(_REGEXES)


@dataclass(frozen=True, eq=False)
class ScorecardRules:
    """``scorecard.yaml``."""

    weights: Weights = key(Record(Weights))
    score: ScoreRules = key(Record(ScoreRules))
    on_time: OnTimeRules = key(Record(OnTimeRules))
    format_matches_year: FormatRules = key(Record(FormatRules))
    sections_complete: SectionsRules = key(Record(SectionsRules))
    government_extras: ExtrasRules = key(Record(ExtrasRules))
    fees_reported: FeesRules = key(Record(FeesRules))
    problems_specific: ProblemsRules = key(Record(ProblemsRules))
    promises_followed: PromisesRules = key(Record(PromisesRules))
    not_copied: CopiesRules = key(Record(CopiesRules))
    applications_plausible: ApplicationsRules = key(Record(ApplicationsRules))
