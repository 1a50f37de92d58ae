"""The scorecard's rows: a :class:`Verdict` per report and indicator, and the wide :class:`ScorecardRow` of
``scorecard.csv`` that gathers them.

A verdict is made where its ingredients are: the per-report ones in the pipeline (they travel with the report's
result and its cache entry), the cross-year ones body by body; :mod:`nlp.scorecard.score` puts them together.
"""
from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("pass", "warn", "fail", "unknown")
# Evidence that opens with one of these is not a finding about the report: the indicator does not apply to it
# (it is left out of the score), or an ingredient the analysis does not produce yet.
NOT_REQUIRED = "not required: "
NOT_AVAILABLE = "not available: "


@dataclass
class Verdict:
    """One indicator of one report: ``status`` (one of :data:`STATUSES`) and the evidence for it."""

    report_id: str
    indicator: str
    status: str
    evidence: str


@dataclass
class ScorecardRow:
    """One row of ``scorecard.csv``: a report, its score with what it is made of, and each indicator with its
    evidence (columns in the order of :data:`nlp.scorecard.settings.INDICATORS`)."""

    report_id: str
    jurisdiction: str = ""
    year: int | None = None
    level: str = ""
    score: float | None = None  # 0–100, see lexicons/scorecard.yaml; empty when too little could be judged
    score_basis: str = ""  # which indicators counted, with what value and weight
    on_time: str = "unknown"
    on_time_evidence: str = ""
    sections_complete: str = "unknown"
    sections_complete_evidence: str = ""
    format_matches_year: str = "unknown"
    format_matches_year_evidence: str = ""
    tables_complete: str = "unknown"
    tables_complete_evidence: str = ""
    tables_consistent: str = "unknown"
    tables_consistent_evidence: str = ""
    government_extras: str = "unknown"
    government_extras_evidence: str = ""
    fees_reported: str = "unknown"
    fees_reported_evidence: str = ""
    problems_specific: str = "unknown"
    problems_specific_evidence: str = ""
    promises_followed: str = "unknown"
    promises_followed_evidence: str = ""
    not_copied: str = "unknown"
    not_copied_evidence: str = ""
    applications_plausible: str = "unknown"
    applications_plausible_evidence: str = ""
