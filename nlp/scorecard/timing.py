"""When and in which form: ``on_time`` (publication against the statutory deadline) and ``format_matches_year``
(the table generation printed against the one the year requires).

Serves every report whatever its source: the date is the one the reading stage found (reports.csv ``published``,
with its source), the generation is read from the tables' own vocabulary (lexicons/formats.yaml), never from
the year, so that a report printing the wrong tables is caught.
"""
from __future__ import annotations

import datetime as dt
import re

from .facts import ReportFacts, flag, required_generation
from .rows import NOT_AVAILABLE, Verdict
from .settings import Deadline, year_in

GENERATION_NAMES = {"pre2019": "pre-2019 report (条例 2007, no fixed tables)",
                    "2019": "2019 trial tables (国办公开办函〔2019〕60号)",
                    "2021": "2021 tables (国办公开办函〔2021〕30号)"}
MIN_TERMS = 2  # distinct vocabulary terms that make a generation printed (one term can be a phrase of the text)


def _deadline(f: ReportFacts) -> tuple[Deadline | None, str]:
    """The first deadline rule covering the report, or None and why none does."""
    year, level = f.row.year, f.row.level or ""
    zone, government = flag(f.field("zone")), f.field("government_level") or ""
    for rule in f.sc.on_time.deadlines:
        if not year_in(rule.years, year) or level not in rule.levels or (zone and not rule.zones):
            continue
        if level == "department" and rule.government_levels and government not in rule.government_levels:
            continue
        return rule, ""
    if not level:
        return None, "the reporting body's level is not known"
    if level == "department" and not government:
        return None, "the level of the department's government is not known"
    what = f"a {'zone' if zone else level}" + (f" of a {government} government" if level == "department" else "")
    return None, f"no deadline rule of lexicons/scorecard.yaml covers {what} report on {year}"


def on_time(f: ReportFacts) -> Verdict:
    """Publication date against the deadline; a file's own date (PDF CreationDate) is never more than warn."""
    published = f.field("published")
    if published is None:
        return f.verdict("on_time", "unknown", NOT_AVAILABLE + "reports.csv has no `published` column (the "
                                                               "publication date is not read by this version)")
    if f.row.year is None:
        return f.verdict("on_time", "unknown", "the year reported on is not known")
    rule, why = _deadline(f)
    if rule is None:
        return f.verdict("on_time", "unknown", why)
    deadline = dt.date(f.row.year + 1, *rule.date)
    source = f.field("published_source") or ""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(published or ""))
    if not m:
        return f.verdict("on_time", "unknown", f"no publication date found; deadline {deadline} ({rule.law})")
    date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    late = (date - deadline).days
    said = f"published {date} (source: {source or '?'}); deadline {deadline} ({rule.law})"
    if source in f.sc.on_time.weak_sources:
        when = f"{late} days after" if late > 0 else "before"
        return f.verdict("on_time", "warn", f"{said}; only the file's own date is known ({when} the deadline), "
                                            "not when it was published")
    if late > 0:
        return f.verdict("on_time", "fail", f"{said}: {late} days late")
    return f.verdict("on_time", "pass", said)


def printed_generation(f: ReportFacts) -> tuple[str, list[tuple[str, int]]]:
    """The table generation whose vocabulary the text holds most (at least :data:`MIN_TERMS` distinct terms,
    no tie), with the terms found and where; "" when none is printed."""
    found: dict[str, list[tuple[str, int]]] = {}
    for generation, terms in f.rules.formats.vocabulary:
        hits = []
        for term in terms:
            m = re.search(r"\s*".join(map(re.escape, term)), f.text)
            if m:
                hits.append((term, m.start()))
        found[generation] = hits
    ranked = sorted(found, key=lambda g: -len(found[g]))
    if not ranked or len(found[ranked[0]]) < MIN_TERMS or (len(ranked) > 1 and len(found[ranked[1]]) == len(found[ranked[0]])):
        return "", []
    return ranked[0], found[ranked[0]]


def format_matches_year(f: ReportFacts) -> Verdict:
    year = f.row.year
    if year is None:
        return f.verdict("format_matches_year", "unknown", "the year reported on is not known")
    required = required_generation(year, f.sc)
    if not required:
        return f.verdict("format_matches_year", "unknown", f"lexicons/scorecard.yaml names no format for {year}")
    printed, terms = printed_generation(f)
    need = f"a report on {year} uses the {GENERATION_NAMES.get(required, required)}"
    shown = ", ".join(f"{t} {f.where(at)}" for t, at in sorted(terms, key=lambda x: x[1])[:3])
    if not printed:
        if required == "pre2019":
            return f.verdict("format_matches_year", "pass", f"{need}; no table vocabulary of a later generation")
        return f.verdict("format_matches_year", "unknown", f"{need}; no table vocabulary found in the text (tables "
                                                           "missing, or printed as images)")
    if printed == required:
        return f.verdict("format_matches_year", "pass", f"{need}: printed ({shown})")
    return f.verdict("format_matches_year", "fail", f"{need}, but it prints the {GENERATION_NAMES.get(printed, printed)}"
                                                    f" ({shown})")
