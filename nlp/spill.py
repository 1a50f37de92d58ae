"""What the cross-year stages need, kept on disk during a batch and read back one body at a time.

Follow-up, recurring weaknesses, copied text and the 结转/现行有效 checks compare the reports *of one body*, so the
parent process of a batch never needs the whole corpus in memory: each result's rows (report row, sections,
items, tags and the few table cells that link consecutive years) go to a temporary SQLite file beside the
outputs as they arrive, and :meth:`SpillStore.bodies` hands them back body by body. Memory then grows with the
largest body's series (a handful of reports), not with the corpus.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .pipeline import ReportResult
from .serialise import result_from_json, result_to_json

# Table cells that the cross-year checks compare (结转 carried over, 现行有效 in force).
CROSS_YEAR_ROWS = {("t3", "carried_in"), ("t3", "carried_out"), ("t2", "regulations"), ("t2", "normative_docs")}


def body_key(result: ReportResult) -> str:
    """The series a report belongs to (as :func:`nlp.tracking.track` groups them; "" when the body is unknown)."""
    return (result.report.jurisdiction or "").strip()


class SpillStore:
    """A temporary SQLite file in ``folder``, deleted by :meth:`close` (also after an interrupted run)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        fd, self.path = tempfile.mkstemp(prefix=".zwgk-crossyear-", suffix=".sqlite.tmp", dir=folder)
        os.close(fd)
        self._db = sqlite3.connect(self.path)
        # Scratch data of this run only: no journal, no fsync (a crash loses nothing the user gave).
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE results (seq INTEGER PRIMARY KEY, body TEXT, data TEXT)")
        self._seq = 0

    def add(self, result: ReportResult) -> None:
        """Keep a report for the cross-year stages (failed files take no part in them)."""
        if result.report.status == "error":
            return
        slim = ReportResult(result.report, sections=result.sections, items=result.items, tags=result.tags,
                            cells=[c for c in result.cells if (c.table, c.row_key) in CROSS_YEAR_ROWS])
        self._db.execute("INSERT INTO results VALUES (?, ?, ?)",
                         (self._seq, body_key(result), result_to_json(slim, ("sections", "items", "tags", "cells"))))
        self._seq += 1

    def bodies(self) -> Iterator[list[ReportResult]]:
        """The stored reports, one list per body (bodies in name order, reports in the order they were given)."""
        self._db.commit()
        self._db.execute("CREATE INDEX IF NOT EXISTS by_body ON results (body, seq)")
        names = [row[0] for row in self._db.execute("SELECT DISTINCT body FROM results ORDER BY body")]
        for name in names:
            rows = self._db.execute("SELECT data FROM results WHERE body = ? ORDER BY seq", (name,))
            yield [result_from_json(data) for (data,) in rows]

    def close(self) -> None:
        self._db.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass
