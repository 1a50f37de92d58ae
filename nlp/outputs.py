"""The output folder of ``zwgk analyze``: every file streamed as results arrive, finished atomically.

Per-report rows go straight to their files; only what the cross-year stages need (report rows, items, sections,
tags and the few table cells that link consecutive years; no documents, no full tables) is kept in memory.
"""
from __future__ import annotations

from pathlib import Path

from .export import CsvSink
from .pipeline import ReportResult
from .tracking import OUTPUT_FILES, Tracking, track

# Table cells that the cross-year checks compare (结转, 现行有效).
_CROSS_YEAR_ROWS = {("t3", "carried_in"), ("t3", "carried_out"), ("t2", "regulations"), ("t2", "normative_docs")}


class Outputs:
    """Writes reports/sections/items/tags/tables/checks (and the cross-year files) into ``out``."""

    def __init__(self, out: Path, fmt: str = "csv", lexicon_paths: tuple[str, ...] = ()) -> None:
        from .checks import CHECK_COLUMNS
        from .items import ITEM_COLUMNS
        from .pipeline import REPORT_COLUMNS, SECTION_COLUMNS
        from .tables import TABLE_COLUMNS
        from .tags import TAG_COLUMNS

        self.out = out
        self.fmt = fmt
        safe = fmt == "csv"
        self.lexicon_paths = lexicon_paths
        self.sinks = {
            "reports": CsvSink(out / "reports.csv", REPORT_COLUMNS, safe),
            "sections": CsvSink(out / "sections.csv", SECTION_COLUMNS, safe),
            "items": CsvSink(out / "items.csv", ITEM_COLUMNS, safe),
            "tags": CsvSink(out / "tags.csv", TAG_COLUMNS, safe),
            "tables": CsvSink(out / "tables.csv", TABLE_COLUMNS, safe),
            "checks": CsvSink(out / "checks.csv", CHECK_COLUMNS, safe),
        }
        self.reports: list = []  # ReportRow of every file
        self.items: list = []  # Item of every report (for the cross-year stages)
        self.sections: list = []
        self.tags: list[tuple] = []  # (item_id, topic, term, start, end): saves re-tagging in the follow-up
        self.year_cells: list[ReportResult] = []  # slim results carrying only the cross-year cells
        self.failed = 0
        self.errors: list[tuple[str, str]] = []

    def add(self, result: ReportResult) -> None:
        r = result.report
        self.sinks["reports"].write([r])
        self.sinks["sections"].write(result.sections)
        self.sinks["items"].write(result.items)
        self.sinks["tags"].write(result.tags)
        self.sinks["tables"].write(result.cells)
        self.sinks["checks"].write(result.checks)
        self.reports.append(r)
        self.items.extend(result.items)
        self.sections.extend(result.sections)
        self.tags.extend((t.item_id, t.topic, t.term, t.start, t.end) for t in result.tags)
        if r.status == "error":
            self.failed += 1
            self.errors.append((r.path, r.message))
        cells = [c for c in result.cells if (c.table, c.row_key) in _CROSS_YEAR_ROWS]
        if cells:
            self.year_cells.append(ReportResult(r, cells=cells))

    def finish(self) -> list[Path]:
        """Add the cross-year results, then move every file into place."""
        from .api import cross_year_checks
        from .export import write_csv
        from .tables import label_lookup

        self.tracking = run_tracking(self.reports, self.items, self.sections, self.tags, self.lexicon_paths)
        # A report published twice is compared across years once: the copy tracking kept.
        dropped = {d.dropped_report_id for d in self.tracking.duplicates}
        self.sinks["checks"].write(cross_year_checks(r for r in self.year_cells if r.report.report_id not in dropped))
        written = [sink.close(self.fmt) for sink in self.sinks.values()]
        labels = self.out / "table_labels.csv"
        write_csv(labels, ["table", "axis", "key", "label"], label_lookup())
        written.append(labels)
        for name, (fname, columns) in OUTPUT_FILES.items():
            path = self.out / fname
            write_csv(path, columns, getattr(self.tracking, name))
            written.append(path)
        return written

    def abort(self) -> None:
        for sink in self.sinks.values():
            sink.abort()


def run_tracking(reports: list, items: list, sections: list, tags: list[tuple],
                 lexicon_paths: tuple[str, ...] = ()) -> Tracking:
    """Series, duplicates, recurring weaknesses, promise follow-up and copied text over all reports."""
    from dataclasses import asdict

    import pandas as pd

    from .items import ITEM_COLUMNS
    from .pipeline import REPORT_COLUMNS, SECTION_COLUMNS
    from .tags import TAG_COLUMNS

    return track(pd.DataFrame([asdict(r) for r in reports], columns=REPORT_COLUMNS),
                 pd.DataFrame([asdict(i) for i in items], columns=ITEM_COLUMNS),
                 pd.DataFrame([asdict(s) for s in sections], columns=SECTION_COLUMNS),
                 lexicon=lexicon_paths, tags=pd.DataFrame(tags, columns=TAG_COLUMNS))
