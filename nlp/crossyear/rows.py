"""The rows of the cross-year output files, and :class:`Tracking`, everything one run of the stage finds.

The columns of each file are its row dataclass's fields; :mod:`nlp.schema` names the file each one goes to.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from ..checks.check import Check

STATUSES = ("reported", "partly", "not_reported", "repeated", "no_next_report", "no_commitment")


@dataclass
class RecurringRow:
    """A topic that appears among one body's problems in several years (one row of ``recurring.csv``)."""

    jurisdiction: str
    topic: str
    topic_name: str
    years: str  # ;-joined years in which the topic is among the problems
    n_years: int
    first_year: int
    last_year: int
    longest_streak: int  # longest run of consecutive calendar years (a missing report breaks the run)
    still_open: int  # 1 when the topic is among the problems of the body's latest report
    returned: int  # 1 when the topic disappeared in a year with a report and came back later
    gap_years: str  # ;-joined years with a report in which the topic was absent, between first and last
    series_years: str  # ;-joined years of the body's series (so that gaps can be checked)
    examples: str  # "2019: 一是…｜2020: …"


@dataclass
class FollowupRow:
    """One commitment of year N and what N+1 says about it; or a problem of year N without a commitment."""

    jurisdiction: str
    year: int
    commitment_item_id: str
    commitment_text: str
    topics: str
    status: str  # one of STATUSES
    evidence_item_id: str = ""
    evidence_text: str = ""
    evidence_year: int | None = None
    score: float = 0.0
    reason: str = ""
    report_id: str = ""
    next_report_id: str = ""
    problem_item_id: str = ""  # the problem(s) the commitment answers; for no_commitment rows: the problem
    problem_text: str = ""
    coverage: float | None = None  # share of the promise (clauses, listed items) found in the evidence
    repeated_item_id: str = ""  # a commitment of N+1 that makes the same promise again
    repeats_prev_item_id: str = ""  # a commitment of N-1 that this one repeats (carried-over text)
    stale_year: str = ""  # a year token <= N in the promise ("2021年，我县将…" in the 2021 report)
    features: str = ""  # the named features the status was decided on (topic=…;action=…;concrete=…;…)
    copied_evidence: int = 0  # 1 when the evidence sentence is copied from N's report (only years/numbers changed)


@dataclass
class SeriesRow:
    """Two consecutive reports of one body compared (one row of ``series.csv``)."""

    jurisdiction: str
    year: int
    prev_year: int | None  # the body's previous report year; None for the first report of the series
    problems_similarity: float | None  # section 五 (problems + commitments) of year vs prev_year, 0–1
    overview_similarity: float | None  # overview section (measures) of year vs prev_year, 0–1
    copied_year_tokens: str  # stale year tokens in year's promises, "2021年，我县将…" ;-joined
    report_id: str = ""
    prev_report_id: str = ""
    carried_problems: int = 0  # problems of year near-identical to one of prev_year
    carried_commitments: int = 0  # commitments of year near-identical to one of prev_year
    recurring_topics: str = ""  # topics among the problems of both years
    flags: str = ""  # near_duplicate_problems; near_duplicate_overview; stale_year; gap (prev_year != year-1)


@dataclass
class DuplicateRow:
    """Two reports of one body for the same year: which one the series keeps, and why."""

    jurisdiction: str
    year: int
    kept_report_id: str
    dropped_report_id: str
    reason: str


@dataclass
class TrackingWarning:
    """A report left out of every series (body or year unknown): one row of ``tracking_warnings.csv``."""

    report_id: str
    message: str


@dataclass
class Tracking:
    """Everything the cross-year stage finds. Rows are dataclasses; ``frame(name)`` gives a DataFrame with its
    columns. ``checks`` are the table checks between consecutive years: rows of ``checks.csv``, not a file of
    their own."""

    recurring: list[RecurringRow] = field(default_factory=list)
    followup: list[FollowupRow] = field(default_factory=list)
    series: list[SeriesRow] = field(default_factory=list)
    duplicates: list[DuplicateRow] = field(default_factory=list)
    warnings: list[TrackingWarning] = field(default_factory=list)
    vague: dict[str, int] = field(default_factory=dict)  # item_id → 1/0, for every problem item
    reports_in_series: dict[str, dict[int, str]] = field(default_factory=dict)  # body → year → report_id
    checks: list[Check] = field(default_factory=list)

    def frame(self, part: str) -> "pd.DataFrame":
        """The rows of ``part`` (``"followup"``…) as a DataFrame with the columns of its output file."""
        import pandas as pd

        from ..schema import CROSS_YEAR_TABLES

        columns = next(t.columns for t in CROSS_YEAR_TABLES if t.part == part)
        return pd.DataFrame([asdict(r) for r in getattr(self, part)], columns=list(columns))
