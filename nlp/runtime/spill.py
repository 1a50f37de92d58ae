"""What the cross-year stages need, kept on disk during a batch and handed out one body at a time.

Follow-up, recurring weaknesses, copied text and the 结转/现行有效 checks compare the reports *of one body*, so the
parent process of a batch never needs the whole corpus in memory: each result's rows (report row, sections,
items, tags, the few table cells that link consecutive years or answer promises on what the tables count, and
the analysable text, in which next year's evidence of a promise is searched) go to a temporary SQLite file
beside the outputs as they arrive, and :meth:`SpillStore.body` hands them back one body at a time, still encoded:
:func:`track_body` decodes and compares them in a worker process (or on a Dask worker; in the parent only where
it has a core of its own, see :mod:`.early` and :mod:`.pool`). Copies of one body's report for one year (a
crawler that saved the page under many names) are settled first, from a summary row each, so only the kept copy
of each year is handed out: memory grows with the years of the largest body, not with the corpus.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .pipeline import ReportResult
from .scratch import Scratch
from .serialise import result_from_json, result_to_json
from ..crossyear.rows import DuplicateRow, FollowupRow, Tracking
from ..crossyear.series import Candidate, counted_items, series_key, settle

# Table cells that the cross-year checks compare (结转 carried over, 现行有效 in force).
CROSS_YEAR_ROWS = {("t3", "carried_in"), ("t3", "carried_out"), ("t2", "regulations"), ("t2", "normative_docs")}


def _counted_cells() -> frozenset[tuple[str, str, str]]:
    """The cells whose figures answer promises on what the tables count (``followup.counted``)."""
    from ..rules_tracking import rules

    return frozenset(cell for counted in rules().counted for cell in counted.cells)


class SpillStore:
    """A temporary SQLite file in ``folder``, deleted by :meth:`close` (also after an interrupted run)."""

    def __init__(self, folder: Path) -> None:
        self._scratch = Scratch(folder, "crossyear")
        self.path, self._db = self._scratch.path, self._scratch.db
        self._db.execute("CREATE TABLE results (seq INTEGER PRIMARY KEY, body TEXT, year INTEGER, report_id TEXT, "
                         "status TEXT, n_items INTEGER, n_chars INTEGER, sha256 TEXT, text TEXT, data TEXT, "
                         "full TEXT, digest BLOB)")
        # a body's rows are read at the end, and during the run by :mod:`.early`
        self._db.execute("CREATE INDEX by_body ON results (body, seq)")
        self._seq = 0

    def add(self, result: ReportResult) -> None:
        """Keep a report for the cross-year stages (see :func:`spill_values`)."""
        self.add_values(spill_values(result))

    def add_values(self, values: tuple | None) -> None:
        """Keep a report given as :func:`spill_values` made it (a batch's worker makes them, see
        :mod:`nlp.runtime.encoded`)."""
        if values is None:
            return
        self._db.execute("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (self._seq, *values))
        self._seq += 1

    def names(self) -> list[str]:
        """The bodies kept so far, in name order."""
        return [row[0] for row in self._db.execute("SELECT DISTINCT body FROM results ORDER BY body")]

    def key(self, name: str, salt: str) -> str:
        """What a body's cross-year result is a function of, hashed: every report kept of it (copies included, in
        the order given) and ``salt`` (the fingerprint of the code and rules that compare them). The same key
        on a later run means the same :class:`~nlp.crossyear.rows.Tracking` (see
        :meth:`nlp.runtime.cache.ResultCache.tracking`)."""
        h = hashlib.sha256(salt.encode())
        for (digest,) in self._db.execute("SELECT digest FROM results WHERE body = ? ORDER BY seq", (name,)):
            h.update(digest)
        return h.hexdigest()

    def body(self, name: str) -> Body:
        """A body's reports to compare (one per year, in the order given, plus those without a year), still
        encoded, and the rows of ``duplicates.csv`` for the copies left out: from the reports kept so far (the
        run's end, or earlier for :mod:`.early`)."""
        keep: list[int] = []
        candidates: list[tuple[str, int, Candidate]] = []
        for seq, year, rid, status, n_items, n_chars, sha in self._db.execute(
                "SELECT seq, year, report_id, status, n_items, n_chars, sha256 FROM results WHERE body = ? "
                "ORDER BY seq", (name,)):
            if year is None or not name:
                keep.append(seq)
            else:
                candidates.append((name, year, Candidate(rid, status, n_items, n_chars, seq, sha)))
        kept, duplicates = settle(candidates, self._text_of)
        keep.extend(c.order for years in kept.values() for c in years.values())
        series = {year: c.report_id for year, c in kept.get(name, {}).items()}
        return Body([self._data(seq) for seq in sorted(keep)], duplicates, series)

    def digests(self, name: str) -> dict[str, bytes]:
        """report id → the digest of its row (see :func:`_digest`), for every report of a body in the store."""
        return dict(self._db.execute("SELECT report_id, digest FROM results WHERE body = ?", (name,)))

    def _text_of(self, candidate: Candidate) -> str:
        """The text of a report's items (the candidate's ``order`` is its row in the store)."""
        (text,) = self._db.execute("SELECT text FROM results WHERE seq = ?", (candidate.order,)).fetchone()
        return text

    def _data(self, seq: int) -> tuple[str, str]:
        return self._db.execute("SELECT data, full FROM results WHERE seq = ?", (seq,)).fetchone()

    def close(self) -> None:
        self._scratch.close()


def spill_values(result: ReportResult) -> tuple | None:
    """A report's row of the store (without its place in the run), None for a report the cross-year stages do
    not take. Failed files take no part in them; a report whose body or year is unknown only gets a warning,
    so its row is all that is kept."""
    r = result.report
    if r.status == "error":
        return None
    body, year = series_key(r.jurisdiction, r.year)
    in_series = bool(body) and year is not None
    items = sorted(result.items, key=lambda it: (it.start, it.seq)) if in_series else []
    slim = ReportResult(r)
    if in_series:
        counted = _counted_cells()
        slim = ReportResult(r, sections=result.sections, items=items, tags=result.tags,
                            cells=[c for c in result.cells if (c.table, c.row_key) in CROSS_YEAR_ROWS
                                   or (c.table, c.row_key, c.col_key) in counted])
    head = (body, year, r.report_id, r.status, counted_items(it.kind for it in items), r.n_chars or 0, r.sha256)
    return (*head, "".join(it.text for it in items), result_to_json(slim, ("sections", "items", "tags", "cells")),
            result.text if in_series else "",  # as is: no JSON escaping of the longest field
            _digest(r.path, head))


def _digest(path: str, head: tuple) -> bytes:
    """What a row of the store is a function of, hashed (for :meth:`SpillStore.key`): the file (its path, its
    content's SHA-256, its report id), under the fingerprint of the code and lexicons that the key adds. Its rows
    and text are not hashed: they are made from those alone, as the cache of results takes them to be (hashing
    their 50 KB would cost each report a tenth of a millisecond)."""
    return hashlib.sha256("\0".join(map(str, (path, *head))).encode("utf-8", "surrogatepass")).digest()


def followup_keys(salt: str, body: str, series: dict[int, str], digests: dict[str, bytes]) -> dict[int, str]:
    """year → what the follow-up rows of that year of a body are a function of, hashed: the body, the year, the
    digests of the rows of its series' reports (``digests``, see :meth:`SpillStore.digests`) of the year before,
    the year and the year after, and ``salt`` (the fingerprint of the code and rules)."""
    if any(rid not in digests for rid in series.values()):
        return {}
    keys = {}
    for year, rid in series.items():
        h = hashlib.sha256(f"followup\0{salt}\0{body}\0{year}".encode("utf-8", "surrogatepass"))
        for near in (series.get(year - 1), rid, series.get(year + 1)):
            h.update(digests[near] if near is not None else bytes(32))
        keys[year] = h.hexdigest()
    return keys


@dataclass
class Body:
    """One body's reports as the store keeps them (JSON of :mod:`.serialise`, and the analysable text), and its
    copies left out: a task of the cross-year stage, decoded only in the worker that runs it. ``series``: the
    report kept for each year; ``followups``: the follow-up rows of years judged on an earlier run (see
    :func:`nlp.crossyear.run.run_cross_year`), filled in by the output folder from its cache."""

    reports: list[tuple[str, str]]
    duplicates: list[DuplicateRow]
    series: dict[int, str] = field(default_factory=dict)
    followups: dict[tuple[int, str | None, str, str | None], list[FollowupRow]] = field(default_factory=dict)


def track_body(body: Body, lexicon_paths: tuple[str, ...] = ()) -> Tracking:
    """The cross-year stage of one body (runs in a worker process, or on a Dask worker)."""
    from ..crossyear.run import run_cross_year

    results = []
    for data, text in body.reports:
        results.append(result_from_json(data))
        results[-1].text = text
    tracking = run_cross_year(results, lexicon_paths, body.followups)
    tracking.duplicates = body.duplicates
    return tracking
