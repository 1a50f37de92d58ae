"""What the cross-year stages need, kept on disk during a batch and read back one body at a time.

Follow-up, recurring weaknesses, copied text and the 结转/现行有效 checks compare the reports *of one body*, so the
parent process of a batch never needs the whole corpus in memory: each result's rows (report row, sections,
items, tags and the few table cells that link consecutive years) go to a temporary SQLite file beside the
outputs as they arrive, and :meth:`SpillStore.series` hands them back body by body. Copies of one body's report
for one year (a crawler that saved the page under many names) are settled first, from a summary row each, so
only the kept copy of each year is loaded: memory grows with the years of the largest body, not with the corpus.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from .pipeline import ReportResult
from .serialise import result_from_json, result_to_json
from ..crossyear.tracking import Candidate, DuplicateRow, counted_items, resolve_duplicates

# Table cells that the cross-year checks compare (结转 carried over, 现行有效 in force).
CROSS_YEAR_ROWS = {("t3", "carried_in"), ("t3", "carried_out"), ("t2", "regulations"), ("t2", "normative_docs")}


def body_key(result: ReportResult) -> str:
    """The series a report belongs to (as :func:`nlp.crossyear.tracking.track` groups them; "" when the body is unknown)."""
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
        self._db.execute("CREATE TABLE results (seq INTEGER PRIMARY KEY, body TEXT, year INTEGER, report_id TEXT, "
                         "status TEXT, n_items INTEGER, n_chars INTEGER, sha256 TEXT, text TEXT, data TEXT)")
        self._seq = 0

    def add(self, result: ReportResult) -> None:
        """Keep a report for the cross-year stages. Failed files take no part in them; a report whose body or
        year is unknown only gets a warning, so its row is all that is kept."""
        r = result.report
        if r.status == "error":
            return
        body = body_key(result)
        in_series = bool(body) and r.year is not None
        items = sorted(result.items, key=lambda it: (it.start, it.seq)) if in_series else []
        slim = ReportResult(r)
        if in_series:
            slim = ReportResult(r, sections=result.sections, items=items, tags=result.tags,
                                cells=[c for c in result.cells if (c.table, c.row_key) in CROSS_YEAR_ROWS])
        self._db.execute("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (self._seq, body, r.year, r.report_id, r.status, counted_items(it.kind for it in items),
                          r.n_chars or 0, r.sha256, "".join(it.text for it in items),
                          result_to_json(slim, ("sections", "items", "tags", "cells"))))
        self._seq += 1

    def series(self) -> Iterator[tuple[list[ReportResult], list[DuplicateRow]]]:
        """Per body (in name order): the reports to compare (one per year, in the order given, plus those without
        a year), and the rows of ``duplicates.csv`` for the copies left out."""
        self._db.commit()
        self._db.execute("CREATE INDEX IF NOT EXISTS by_body ON results (body, seq)")
        names = [row[0] for row in self._db.execute("SELECT DISTINCT body FROM results ORDER BY body")]
        for name in names:
            keep: list[int] = []
            by_year: dict[int, list[Candidate]] = defaultdict(list)
            for seq, year, rid, status, n_items, n_chars, sha in self._db.execute(
                    "SELECT seq, year, report_id, status, n_items, n_chars, sha256 FROM results WHERE body = ? "
                    "ORDER BY seq", (name,)):
                if year is None or not name:
                    keep.append(seq)
                else:
                    by_year[year].append(Candidate(rid, status, n_items, n_chars, seq, sha))
            duplicates: list[DuplicateRow] = []
            for year in sorted(by_year):
                kept, rows = resolve_duplicates(name, year, by_year[year], self._text_of(name, year))
                keep.append(kept.order)
                duplicates.extend(rows)
            yield [self._load(seq) for seq in sorted(keep)], duplicates

    def _text_of(self, body: str, year: int):
        def text_of(report_id: str) -> str:
            row = self._db.execute("SELECT text FROM results WHERE body = ? AND year = ? AND report_id = ?",
                                   (body, year, report_id)).fetchone()
            return row[0] if row else ""
        return text_of

    def _load(self, seq: int) -> ReportResult:
        (data,) = self._db.execute("SELECT data FROM results WHERE seq = ?", (seq,)).fetchone()
        return result_from_json(data)

    def close(self) -> None:
        self._db.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass
