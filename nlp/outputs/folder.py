"""The output folder of ``zwgk analyze``: every file streamed as results arrive, finished atomically.

Per-report rows go straight to their files; what the cross-year stages need goes to a temporary
:class:`nlp.runtime.spill.SpillStore` and is compared body by body at the end, so the parent's memory does not grow
with the corpus.
"""
from __future__ import annotations

from pathlib import Path

from .sinks import CsvSink
from ..runtime.pipeline import ReportResult
from ..runtime.spill import SpillStore
from ..crossyear.rows import OUTPUT_FILES
from ..crossyear.run import run_cross_year


class Outputs:
    """Writes reports/sections/items/tags/tables/checks (and the cross-year files) into ``out``."""

    def __init__(self, out: Path, fmt: str = "csv", lexicon_paths: tuple[str, ...] = ()) -> None:
        from ..checks.check import CHECK_COLUMNS
        from ..annotate.items import ITEM_COLUMNS
        from ..runtime.pipeline import REPORT_COLUMNS, SECTION_COLUMNS
        from ..tables import TABLE_COLUMNS
        from ..annotate.tags import TAG_COLUMNS

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
        # the cross-year files are small and always CSV (like table_labels.csv)
        self.tracking_sinks = {name: CsvSink(out / fname, columns) for name, (fname, columns) in OUTPUT_FILES.items()}
        self.store = SpillStore(out)
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
        self.store.add(result)
        if r.status == "error":
            self.failed += 1
            self.errors.append((r.path, r.message))

    def finish(self) -> list[Path]:
        """Run the cross-year stages body by body, then move every file into place."""
        from .sinks import write_csv
        from ..tables import label_lookup

        for results, duplicates in self.store.series():
            # one report per body and year: the copies of a report published twice were settled by the store
            tracking = run_cross_year(results, self.lexicon_paths)
            tracking.duplicates = duplicates
            for name, sink in self.tracking_sinks.items():
                sink.write(getattr(tracking, name))
            self.sinks["checks"].write(tracking.checks)
        self.store.close()
        written = [sink.close(self.fmt) for sink in self.sinks.values()]
        labels = self.out / "table_labels.csv"
        write_csv(labels, ["table", "axis", "key", "label"], label_lookup())
        written.append(labels)
        written.extend(sink.close() for sink in self.tracking_sinks.values())
        return written

    def abort(self) -> None:
        for sink in [*self.sinks.values(), *self.tracking_sinks.values()]:
            sink.abort()
        self.store.close()
