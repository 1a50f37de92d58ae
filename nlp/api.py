"""The Python API: the same work as ``zwgk analyze``, returned as pandas DataFrames."""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .batch import discover, make_jobs, run_jobs
from .pipeline import REPORT_COLUMNS, ReportResult


@dataclass
class Analysis:
    """Results of a batch, one DataFrame per output file (``reports`` ↔ ``reports.csv``…)."""

    results: list[ReportResult] = field(default_factory=list)
    cross_year_checks: list = field(default_factory=list)  # list[nlp.checks.Check], between consecutive years

    @property
    def reports(self):
        import pandas as pd

        return pd.DataFrame([asdict(r.report) for r in self.results], columns=REPORT_COLUMNS)

    @property
    def sections(self):
        import pandas as pd

        from .pipeline import SECTION_COLUMNS

        return pd.DataFrame([asdict(s) for r in self.results for s in r.sections], columns=SECTION_COLUMNS)

    @property
    def items(self):
        import pandas as pd

        from .items import ITEM_COLUMNS

        return pd.DataFrame([asdict(i) for r in self.results for i in r.items], columns=ITEM_COLUMNS)

    @property
    def tags(self):
        import pandas as pd

        from .tags import TAG_COLUMNS

        return pd.DataFrame([asdict(t) for r in self.results for t in r.tags], columns=TAG_COLUMNS)

    @property
    def tables(self):
        import pandas as pd

        from .tables import TABLE_COLUMNS

        return pd.DataFrame([asdict(c) for r in self.results for c in r.cells], columns=TABLE_COLUMNS)

    @property
    def checks(self):
        import pandas as pd

        from .checks import CHECK_COLUMNS

        rows = [asdict(c) for r in self.results for c in r.checks] + [asdict(c) for c in self.cross_year_checks]
        return pd.DataFrame(rows, columns=CHECK_COLUMNS)

    @property
    def failed(self) -> int:
        return sum(r.report.status == "error" for r in self.results)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def analyze(paths: Iterable[str | os.PathLike] | str | os.PathLike, workers: int | None = None,
            timeout: float = 120.0, exclude: Path | None = None, keep_documents: bool = False,
            lexicon: Iterable[str | os.PathLike] = (), progress=None) -> Analysis:
    """Analyse files and folders (recursively). Bad files become error rows; nothing raises for them.

    ``lexicon``: extra topic lexicon files or folders that add to or override the shipped one. An invalid
    lexicon raises :class:`nlp.errors.UsageError` before any file is read.
    """
    from .topics import load_topics

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    lexicon_paths = tuple(str(p) for p in lexicon)
    load_topics(list(lexicon_paths))  # validate once, up front
    files = discover([str(p) for p in paths], exclude=exclude)
    jobs = make_jobs(files)
    order = {j.report_id: j.index for j in jobs}
    results = []
    for result in run_jobs(jobs, workers or default_workers(), timeout, keep_documents, lexicon_paths):
        results.append(result)
        if progress:
            progress(result, len(results), len(jobs))
    results.sort(key=lambda r: order[r.report.report_id])
    return Analysis(results, cross_year_checks(results))


def cross_year_checks(results: list[ReportResult]) -> list:
    """Table checks between consecutive years of each body (结转 carried over, 现行有效 in force)."""
    from .checks import check_across_years

    by_body: dict[str, list] = {}
    for r in results:
        if r.report.status != "error" and r.report.jurisdiction and r.report.year and r.cells:
            by_body.setdefault(r.report.jurisdiction, []).append((r.report.report_id, r.report.year, r.cells))
    out = []
    for series in by_body.values():
        if len(series) > 1:
            out.extend(check_across_years(series))
    return out
