"""Every output table, declared once: its name, its file and its row dataclass; the columns are the row's fields.

The CLI's writers, the Python API's DataFrames, the cache, the re-run check and the tests all iterate over
:data:`TABLES`, so adding a column is adding a field to a row class, and adding an output is one line here.
The rows of ``reports.csv`` and ``sections.csv`` are declared in this module (the pipeline fills them); the
other rows live beside the stage that makes them and are only named here.

Columns are a contract (users' scripts read them by name): add freely, never rename or drop.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from .annotate.items import Item
from .annotate.tags import Tag
from .checks.check import Check
from .crossyear.rows import DuplicateRow, FollowupRow, RecurringRow, SeriesRow, TrackingWarning
from .tables.cells import Cell
from .tables.labels import LabelRow


@dataclass
class ReportRow:
    """One row of ``reports.csv``: one input file, whatever became of it."""

    report_id: str
    path: str
    status: str = "ok"  # ok | warning | error
    message: str = ""
    jurisdiction: str = ""
    level: str = ""
    year: int | None = None
    format: str = ""
    title: str = ""
    n_chars: int | None = None
    n_pages: int | None = None
    sha256: str = ""
    kind: str = ""
    encoding: str = ""
    seconds: float | None = None
    body: str = ""
    body_source: str = ""
    government_level: str = ""
    zone: bool = False
    published: str = ""
    published_source: str = ""
    publisher: str = ""
    index_number: str = ""
    document_number: str = ""
    # how much of the statutory tables was read (nlp.tables.complete): cells read / expected, yes | partly | no |
    # none (no statutory tables in this format), and why the rest was not read
    table_cells_read: int | None = None
    table_cells_expected: int | None = None
    table_complete: str = ""
    table_note: str = ""


@dataclass
class SectionRow:
    """One row of ``sections.csv``: a statutory section and where it lies in the analysable text."""

    report_id: str
    key: str
    heading: str
    start: int
    end: int
    numeral: str = ""
    inferred: bool = False
    page: int | None = None


@dataclass(frozen=True)
class OutputTable:
    """One output file. ``part``: the attribute that holds its rows — of a per-report result
    (:class:`nlp.runtime.pipeline.ReportResult`) for ``scope="report"``, of the cross-year
    :class:`nlp.crossyear.rows.Tracking` for ``scope="crossyear"``; ``scope="lookup"`` tables are reference data."""

    name: str
    file: str
    row: type
    scope: str
    part: str = ""

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self.row))


REPORT_TABLES = (
    OutputTable("reports", "reports.csv", ReportRow, "report", "report"),
    OutputTable("sections", "sections.csv", SectionRow, "report", "sections"),
    OutputTable("items", "items.csv", Item, "report", "items"),
    OutputTable("tags", "tags.csv", Tag, "report", "tags"),
    OutputTable("tables", "tables.csv", Cell, "report", "cells"),
    OutputTable("checks", "checks.csv", Check, "report", "checks"),
)
CROSS_YEAR_TABLES = (
    OutputTable("recurring", "recurring.csv", RecurringRow, "crossyear", "recurring"),
    OutputTable("followup", "followup.csv", FollowupRow, "crossyear", "followup"),
    OutputTable("series", "series.csv", SeriesRow, "crossyear", "series"),
    OutputTable("duplicates", "duplicates.csv", DuplicateRow, "crossyear", "duplicates"),
    OutputTable("tracking_warnings", "tracking_warnings.csv", TrackingWarning, "crossyear", "warnings"),
)
LOOKUP_TABLES = (OutputTable("table_labels", "table_labels.csv", LabelRow, "lookup"),)
TABLES = REPORT_TABLES + CROSS_YEAR_TABLES + LOOKUP_TABLES
_BY_NAME = {t.name: t for t in TABLES}


def table(name: str) -> OutputTable:
    """The output table called ``name`` (``"items"``, ``"followup"``…)."""
    return _BY_NAME[name]
