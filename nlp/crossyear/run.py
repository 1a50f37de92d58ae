"""The one entry of the cross-year stage: every output that compares a body's reports across years.

:func:`run_cross_year` takes the pipeline's results (the Python API passes the whole corpus, the CLI one body at
a time from :class:`nlp.runtime.spill.SpillStore`) and returns a :class:`Tracking` with the series, duplicates,
recurring weaknesses, promise follow-up, copied text and the table checks between consecutive years.
:func:`track` does the same over DataFrames shaped like the output files (the evaluation reads them from CSV).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

import pandas as pd

from ..annotate.vague import is_vague
from ..checks.check import Check
from ..checks.years import check_across_years
from ..runtime.pipeline import ReportResult
from ..schema import table
from .copies import section_texts, series_row
from .counted import Figures
from .evidence import tag_index
from .features import clear_caches
from .followup import ReportTexts, followup_rows
from .frames import clean_items, int_cell, records, topic_set
from .recurring import recurring_rows
from .rows import Tracking, TrackingWarning
from .series import build_series


def run_cross_year(results: Sequence[ReportResult], lexicon_paths: tuple[str, ...] = ()) -> Tracking:
    """Series, duplicates, recurring weaknesses, promise follow-up, copied text and the cross-year table checks
    over the given reports (the checks on the copy of each report that the series keeps)."""
    def frame(name: str, rows) -> pd.DataFrame:
        columns = list(table(name).columns)
        return pd.DataFrame([[getattr(x, c) for c in columns] for x in rows], columns=columns)

    tracking = track(frame("reports", [r.report for r in results]),
                     frame("items", [i for r in results for i in r.items]),
                     frame("sections", [s for r in results for s in r.sections]),
                     lexicon=lexicon_paths, tags=frame("tags", [t for r in results for t in r.tags]),
                     tables=frame("tables", [c for r in results for c in r.cells]))
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

    ``reports``/``items``/``sections`` are the pipeline's DataFrames (as in reports.csv, items.csv, sections.csv).
    ``texts`` maps report_id → analysable text; with ``sections`` it gives section 五 and the overview as printed
    (for similarity); without it those sections are rebuilt from the items. ``lexicon``: the extra topic lexicon
    files the analysis used (sentences of next year's measures are tagged with the same lexicon). ``tags``
    (tags.csv), when given, saves tagging those sentences again (about a fifth of the time). ``tables``
    (tables.csv), when given, answers promises that name something the tables count.
    """
    try:
        return _track(reports, items, sections, texts, tuple(str(p) for p in lexicon), tags, _figures(tables))
    finally:
        clear_caches()  # the memoised words and bigrams are of these reports: do not carry them to the next call


def _track(reports: pd.DataFrame, items: pd.DataFrame, sections: pd.DataFrame | None, texts: dict[str, str] | None,
           lexicon: tuple[str, ...], tags: pd.DataFrame | None, figures: dict[str, Figures]) -> Tracking:
    item_rows = clean_items(items)
    by_report: dict[str, list[dict]] = defaultdict(list)
    for it in item_rows:
        by_report[it["report_id"]].append(it)
    for rows in by_report.values():
        rows.sort(key=lambda it: (it["start"], it["seq"]))
    result = Tracking(vague=_vagueness(item_rows))
    series, result.duplicates, result.warnings = build_series(reports, by_report, texts)
    result.reports_in_series = series
    result.warnings.extend(_promises_missing(series, by_report, sections))
    section_text = section_texts(sections, texts)
    report_texts = _report_texts(texts, sections)
    tag_idx = tag_index(tags, item_rows)
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
            result.followup.extend(followup_rows(body, y, rid, years.get(y + 1), years.get(y - 1), by_report,
                                                 lexicon, tag_idx, report_texts, figures))
    return result


def _figures(tables: pd.DataFrame | None) -> dict[str, Figures]:
    """report_id → its table values (the cells that hold a number), from rows shaped like tables.csv."""
    out: dict[str, dict[tuple[str, str, str], float]] = defaultdict(dict)
    for c in records(tables):
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


def _report_texts(texts: dict[str, str] | None, sections: pd.DataFrame | None) -> ReportTexts | None:
    """report_id → (text, spans of its section 五), for the whole-report evidence search."""
    if not texts:
        return None
    five: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in records(sections):
        start, end = int_cell(s.get("start")), int_cell(s.get("end"))
        if str(s.get("key")) in _FIVE and start is not None and end is not None:
            five[str(s.get("report_id"))].append((start, end))
    return {rid: (text, five.get(rid, [])) for rid, text in texts.items()}


_IMPROVEMENT_HEADING = re.compile(r"改进|整改|下一步|工作打算|工作计划")


def _promises_missing(series: dict[str, dict[int, str]], by_report: dict[str, list[dict]],
                      sections: pd.DataFrame | None) -> list[TrackingWarning]:
    """A warning for each report of a series that has an improvements part (a section 五 whose heading names
    改进/整改, or a separate improvements section) but no commitment item: its promises were lost upstream (read
    as problems, or not split out), and its follow-up would otherwise silently report nothing."""
    with_part = {str(s.get("report_id")) for s in records(sections)
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
