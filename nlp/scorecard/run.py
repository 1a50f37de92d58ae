"""The scorecard's runner: per-report verdicts as results arrive, cross-year verdicts body by body, then one row
per report in input order.

:class:`ScorecardBuilder` is what ``zwgk analyze`` uses: the verdicts wait in a temporary SQLite file beside the
outputs (``.zwgk-scorecard-*.sqlite.tmp``, removed when done or by the next run), so the parent's memory does not
grow with the corpus. :func:`scorecard_rows` does the same in memory for the Python API.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from ..runtime.scratch import Scratch
from .crossyear import cross_year_verdicts
from .rows import ScorecardRow, Verdict
from .score import assemble

_REPORT_FIELDS = ("report_id", "jurisdiction", "year", "level", "status", "message")


def _report(row) -> dict:
    return {k: getattr(row, k, None) for k in _REPORT_FIELDS}


def scorecard_rows(results: Iterable, tracking, rules) -> list[ScorecardRow]:
    """The rows of ``scorecard.csv`` for results held in memory and their cross-year :class:`Tracking`."""
    across: dict[str, list[Verdict]] = defaultdict(list)
    for v in cross_year_verdicts(tracking, rules):
        across[v.report_id].append(v)
    return [assemble(_report(r.report), [*getattr(r, "verdicts", ()), *across[r.report.report_id]], rules)
            for r in results]


class ScorecardBuilder:
    """Verdicts of a batch kept on disk in ``folder`` until :meth:`rows` puts them together."""

    def __init__(self, folder: Path, rules) -> None:
        self.rules = rules
        self._scratch = Scratch(folder, "scorecard")
        self.path, self._db = self._scratch.path, self._scratch.db
        self._db.execute("CREATE TABLE reports (seq INTEGER PRIMARY KEY, report TEXT)")
        self._db.execute("CREATE TABLE verdicts (report_id TEXT, indicator TEXT, status TEXT, evidence TEXT)")

    def add(self, result) -> None:
        """A report's row and its per-report verdicts (a failed file has none: its row says why)."""
        self._db.execute("INSERT INTO reports (report) VALUES (?)", (json.dumps(_report(result.report)),))
        self._add_verdicts(getattr(result, "verdicts", ()))

    def add_tracking(self, tracking) -> None:
        """The cross-year verdicts of one body's comparison."""
        self._add_verdicts(cross_year_verdicts(tracking, self.rules))

    def _add_verdicts(self, verdicts: Iterable[Verdict]) -> None:
        self._db.executemany("INSERT INTO verdicts VALUES (?, ?, ?, ?)",
                             [(v.report_id, v.indicator, v.status, v.evidence) for v in verdicts])

    def batches(self, size: int = 100) -> Iterator[list[ScorecardRow]]:
        """:meth:`rows` in lists of ``size`` (a writer holds one list at a time, not the whole scorecard: a row
        carries the evidence of every indicator, about 10 KB)."""
        rows = self.rows()
        while batch := list(islice(rows, size)):
            yield batch

    def rows(self) -> Iterator[ScorecardRow]:
        """One row per report, in the order the reports were added."""
        self._db.commit()
        self._db.execute("CREATE INDEX IF NOT EXISTS by_report ON verdicts (report_id)")
        for (text,) in self._db.execute("SELECT report FROM reports ORDER BY seq"):
            report = json.loads(text)
            verdicts = [Verdict(*v) for v in self._db.execute(
                "SELECT report_id, indicator, status, evidence FROM verdicts WHERE report_id = ? ORDER BY rowid",
                (report["report_id"],))]
            yield assemble(report, verdicts, self.rules)

    def close(self) -> None:
        self._scratch.close()
