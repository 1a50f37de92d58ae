"""The one entry of the cross-year stage: every output that compares a body's reports across years.

:func:`run_cross_year` takes the pipeline's results (the Python API passes the whole corpus, the batch one body
at a time, in its worker processes: :func:`nlp.runtime.spill.track_body`) and returns a :class:`Tracking` with
the series, duplicates, recurring weaknesses, promise follow-up, copied text and the table checks between
consecutive years. It works on the result rows themselves (:func:`track_rows`): building DataFrames and reading
them back cost more than the comparisons. :func:`track` is the same over DataFrames shaped like the output files
(the evaluation reads them from CSV).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..annotate.tags import tagger_for
from ..annotate.vague import is_vague
from ..checks.check import Check
from ..checks.years import check_across_years
from ..read.document import is_table_row
from .copies import section_texts, series_row
from .counted import Figures
from .evidence import tag_index
from .features import clear_caches
from .followup import ReportTexts, followup_rows
from .frames import Rows, clean_items, int_cell, records, topic_set
from .recurring import recurring_rows
from .rows import FollowupRow, Tracking, TrackingWarning
from .series import build_series
from ..rules_tracking import refresh

if TYPE_CHECKING:
    import pandas as pd

    from ..runtime.pipeline import ReportResult

# The follow-up rows of one year of a body, already judged: (year, report id of the year before or None, of the
# year, of the year after or None) → its rows. A year's rows depend on those three reports only.
KnownFollowups = dict[tuple[int, str | None, str, str | None], list[FollowupRow]]


def run_cross_year(results: Sequence[ReportResult], lexicon_paths: tuple[str, ...] = (),
                   known: KnownFollowups | None = None) -> Tracking:
    """Series, duplicates, recurring weaknesses, promise follow-up, copied text and the cross-year table checks
    over the given reports (the checks on the copy of each report that the series keeps). Each result's text
    (``ReportResult.text``) is searched whole for evidence of last year's promises, and its table cells answer
    promises on what the tables count; series and duplicates compare the items, as the output files always
    have. ``known``: follow-up rows judged before (a body's earlier run, see :func:`nlp.runtime.spill.track_body`),
    taken as they are where the series has the same three reports around the year."""
    tracking = track_rows([r.report for r in results], [i for r in results for i in r.items],
                          [s for r in results for s in r.sections], [t for r in results for t in r.tags],
                          lexicon_paths, texts={r.report.report_id: r.text for r in results if r.text},
                          tables=[c for r in results for c in r.cells], known=known)
    tracking.checks = _table_checks(results, tracking.reports_in_series)
    return tracking


def _table_checks(results: Sequence[ReportResult], series: dict[str, dict[int, str]]) -> list[Check]:
    """Table checks between consecutive years of each body (结转 carried over, 现行有效 in force)."""
    cells = {r.report.report_id: r.cells for r in results}
    out: list[Check] = []
    for years in series.values():
        if len(years) > 1:
            out.extend(check_across_years([(rid, year, cells[rid]) for year, rid in years.items()]))
    return out


def track(reports: pd.DataFrame, items: pd.DataFrame, sections: pd.DataFrame | None = None,
          texts: dict[str, str] | None = None, lexicon: Iterable[str] = (),
          tags: pd.DataFrame | None = None, tables: pd.DataFrame | None = None) -> Tracking:
    """Follow every body across its years: series, duplicates, follow-up, recurring weaknesses, copies, vagueness.

    ``reports``/``items``/``sections``/``tags``/``tables`` are DataFrames as in reports.csv, items.csv,
    sections.csv, tags.csv and tables.csv (``tags``, when given, saves tagging next year's sentences again: about
    a fifth of the time; ``tables``, when given, answers promises that name something the tables count).
    ``texts`` maps report_id → analysable text: it is searched whole for evidence and, with ``sections``, gives
    section 五 and the overview as printed (for similarity); without it those sections are rebuilt from the
    items. ``lexicon``: the extra topic lexicon files the analysis used. A thin adapter: :func:`track_rows` does
    the work.
    """
    refresh()  # tracking.yaml as it is now
    return track_rows(records(reports), records(items), records(sections), records(tags),
                      tuple(str(p) for p in lexicon), texts=texts, printed=texts, tables=records(tables))


def track_rows(reports: Rows, items: Rows, sections: Rows | None = None, tags: Rows | None = None,
               lexicon: tuple[str, ...] = (), texts: dict[str, str] | None = None,
               printed: dict[str, str] | None = None, tables: Rows | None = None,
               known: KnownFollowups | None = None) -> Tracking:
    """:func:`track` over rows (the pipeline's row dataclasses, or dicts with the same fields).

    ``texts``: report_id → analysable text, searched whole for evidence of a promise kept (other sections,
    overview measures, 五) and telling evidence copied from N's report. ``printed``: the same for comparing
    sections and copies of a report as printed (series.csv, duplicates.csv); without it they are compared on
    the items. ``tables``: table cells (as in tables.csv), for promises on what the tables count. ``known``: see
    :func:`run_cross_year`."""
    try:
        return _track(reports, items, sections, texts, printed, lexicon, tags, tables, known or {})
    finally:
        clear_caches()  # the memoised words and bigrams are of these reports: do not carry them to the next call


def _track(reports: Rows, items: Rows, sections: Rows | None, texts: dict[str, str] | None,
           printed: dict[str, str] | None, lexicon: tuple[str, ...], tags: Rows | None,
           tables: Rows | None, known: KnownFollowups) -> Tracking:
    item_rows = clean_items(items)
    by_report: dict[str, list[dict]] = defaultdict(list)
    for it in item_rows:
        by_report[it["report_id"]].append(it)
    for rows in by_report.values():
        rows.sort(key=lambda it: (it["start"], it["seq"]))
    section_rows = records(sections)
    result = Tracking(vague=_vagueness(item_rows))
    series, result.duplicates, result.warnings = build_series(reports, by_report, printed)
    result.reports_in_series = series
    result.warnings.extend(_promises_missing(series, by_report, section_rows))
    section_text = section_texts(section_rows, printed)
    # what only a follow-up from N to N+1 reads, prepared for the reports of such pairs only (a body with one
    # report, or a corpus of one year, has none), and only where that follow-up is not known already
    neighbours = {(body, y): _neighbours(years, y) for body, years in series.items() for y in years}
    paired: set[str] = set()
    for (_, y), (prev, rid, nxt) in neighbours.items():
        if nxt is not None and (y, prev, rid, nxt) not in known:
            paired.update((rid, nxt))
    report_texts = _report_texts({rid: t for rid, t in texts.items() if rid in paired} if texts else None,
                                 section_rows)
    tag_idx = tag_index(tags, [it for it in item_rows if it["report_id"] in paired]) if paired else None
    figures = _figures(tables, paired) if paired else {}
    tagger = tagger_for(lexicon) if paired else None  # asked once: it costs a look-up of the lexicon files
    for body in sorted(series):
        years = series[body]
        ordered = sorted(years)
        problems_by_year = {y: [it for it in by_report[years[y]] if it.get("kind") == "problem"] for y in ordered}
        result.recurring.extend(recurring_rows(body, ordered, problems_by_year, lexicon))
        for i, y in enumerate(ordered):
            rid = years[y]
            prev_year = ordered[i - 1] if i else None
            result.series.append(series_row(body, y, prev_year, rid, years[prev_year] if prev_year else "",
                                            by_report, section_text))
            prev, _, nxt = neighbours[(body, y)]
            rows = known.get((y, prev, rid, nxt))
            if rows is None:
                rows = followup_rows(body, y, rid, nxt, prev, by_report, tagger, tag_idx, report_texts, figures)
            result.followup.extend(rows)
    return result


def _neighbours(years: dict[int, str], year: int) -> tuple[str | None, str, str | None]:
    """The report ids of the year before ``year`` (None: no report), of the year, and of the year after: what
    the follow-up of the year reads."""
    return years.get(year - 1), years[year], years.get(year + 1)


def _figures(tables: Rows | None, reports: set[str]) -> dict[str, Figures]:
    """report_id → its table values (the cells that hold a number) of the given reports, from rows shaped like
    tables.csv."""
    out: dict[str, dict[tuple[str, str, str], float]] = defaultdict(dict)
    for c in records(tables):
        if str(c.get("report_id")) not in reports:
            continue
        try:
            value = float(c.get("value"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue  # a cell read as blank or not read
        if value == value:  # NaN (an empty CSV cell) is not a figure
            out[str(c["report_id"])][(str(c["table"]), str(c["row_key"]), str(c["col_key"]))] = value
    return dict(out)


def _vagueness(item_rows: list[dict]) -> dict[str, int]:
    """item_id → 1/0 for every problem item (whatever its report's status): the pipeline's ``vague`` column where
    the frame has it, else computed here."""
    out = {}
    for it in item_rows:
        if it.get("kind") == "problem":
            given = it.get("vague")
            if given not in (None, ""):
                out[str(it["item_id"])] = int(float(given))
            else:
                out[str(it["item_id"])] = int(is_vague(str(it.get("text") or ""), topic_set(it.get("topics"))))
    return out


_FIVE = ("problems", "improvements")  # the sections whose sentences are promises and problems, not evidence


def _report_texts(texts: dict[str, str] | None, sections: list[dict]) -> ReportTexts | None:
    """report_id → (text without its table rows, spans of its section 五), for the whole-report evidence search
    (the sentences of 五 are promises and problems, not evidence)."""
    if not texts:
        return None
    five: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in sections:
        start, end = int_cell(s.get("start")), int_cell(s.get("end"))
        if str(s.get("key")) in _FIVE and start is not None and end is not None:
            five[str(s.get("report_id"))].append((start, end))
    return {rid: (_without_table_rows(text), five.get(rid, [])) for rid, text in texts.items()}


def _without_table_rows(text: str) -> str:
    """``text`` with each table row blanked, offsets kept: its numbers are read into cells, and as a sentence a
    label and a count would "answer" any promise on the label's topic (a blank line is no sentence, and a short
    line before the row is no longer glued to it as a heading)."""
    if "|" not in text:
        return text
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if is_table_row(line):
            body = line.rstrip("\r\n")
            lines[i] = " " * len(body) + line[len(body):]
    return "".join(lines)


_IMPROVEMENT_HEADING = re.compile(r"改进|整改|下一步|工作打算|工作计划")


def _promises_missing(series: dict[str, dict[int, str]], by_report: dict[str, list[dict]],
                      sections: list[dict]) -> list[TrackingWarning]:
    """A warning for each report of a series that has an improvements part (a section 五 whose heading names
    改进/整改, or a separate improvements section) but no commitment item: its promises were lost upstream (read
    as problems, or not split out), and its follow-up would otherwise silently report nothing."""
    with_part = {str(s.get("report_id")) for s in sections
                 if str(s.get("key")) == "improvements"
                 or (str(s.get("key")) == "problems" and _IMPROVEMENT_HEADING.search(str(s.get("heading") or "")))}
    out = []
    for body in sorted(series):
        for year, rid in sorted(series[body].items()):
            if rid in with_part and not any(it.get("kind") == "commitment" for it in by_report.get(rid, [])):
                out.append(TrackingWarning(rid, f"no commitments found in {body} {year} although the report has an "
                                                "improvements part (改进): its promises are not followed up (were they "
                                                "read as problems?)"))
    return out
