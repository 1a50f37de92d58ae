"""The per-report indicators, run by the pipeline on each report (they travel with its result and cache entry).

Every indicator that needs only the report itself is judged here, where its text is at hand; the cross-year ones
are judged body by body (:mod:`nlp.scorecard.crossyear`).
"""
from __future__ import annotations

from .content import fees_reported, government_extras
from .facts import ReportFacts
from .figures import applications_plausible, tables_complete, tables_consistent
from .rows import Verdict
from .structure import problems_specific, sections_complete
from .timing import format_matches_year, on_time

PER_REPORT = (on_time, sections_complete, format_matches_year, tables_complete, tables_consistent, government_extras,
              fees_reported, problems_specific, applications_plausible)


def report_verdicts(facts: ReportFacts) -> list[Verdict]:
    """The per-report verdicts of one analysed report."""
    return [indicator(facts) for indicator in PER_REPORT]
