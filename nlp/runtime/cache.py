"""The incremental cache: results of unchanged files are reused on the next run.

A result is valid for a file while its path, its content (SHA-256) and the *fingerprint* of everything that
shapes the result (the package's version and code, the shipped lexicons, the user's lexicon files) are
unchanged. The cache is one SQLite file beside the outputs (``DIR/.zwgk-cache.sqlite``): safe to delete, never
required.
"""
from __future__ import annotations

import hashlib
import sqlite3
from functools import lru_cache
from pathlib import Path

from ..distribution import version
from ..lexicon import lexicon_dir
from .pipeline import PIPELINE_VERSION, ReportResult
from .serialise import result_from_json, result_to_json

CACHE_NAME = ".zwgk-cache.sqlite"


@lru_cache(maxsize=8)
def fingerprint(lexicon_paths: tuple[str, ...] = ()) -> str:
    """Hash of the pipeline version, the package's version and source, and every lexicon file in use (the
    version covers a zipped install, whose source is no folder to hash)."""
    h = hashlib.sha256(f"{PIPELINE_VERSION}\0{version()}".encode())
    package = Path(__file__).resolve().parent.parent  # all of nlp/, not only this stage
    files = sorted(package.rglob("*.py")) + sorted(lexicon_dir().rglob("*.y*ml"))
    for item in lexicon_paths:
        p = Path(item)
        files.extend(sorted(p.rglob("*.y*ml")) if p.is_dir() else [p])
    for f in files:
        h.update(str(f.name).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


class ResultCache:
    """``(path, sha256, fingerprint) → ReportResult``, stored as JSON in SQLite (plain data: a cache file from
    elsewhere cannot run code)."""

    def __init__(self, path: Path, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._open()
        except sqlite3.DatabaseError:
            # Damaged (or not ours): set it aside and start an empty cache; the cache is never required.
            path.replace(path.with_name(path.name + ".damaged"))
            self._open()

    def _open(self) -> None:
        self._db = sqlite3.connect(str(self.path), timeout=30)
        self._db.execute("DROP TABLE IF EXISTS results")  # the pickled results of earlier versions
        self._db.execute("CREATE TABLE IF NOT EXISTS entries (path TEXT, sha256 TEXT, fingerprint TEXT, "
                         "report_id TEXT, result TEXT, PRIMARY KEY (path, sha256, fingerprint))")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self._pending = 0

    def last_run(self) -> str:
        """The run key of the last run whose outputs were all written (see BatchStats.run_key)."""
        row = self._db.execute("SELECT value FROM meta WHERE key='last_run'").fetchone()
        return row[0] if row else ""

    def set_last_run(self, run_key: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('last_run', ?)", (run_key,))
        self._db.commit()

    def has(self, path: str, sha256: str, report_id: str) -> bool:
        """Whether a result for this file content, under this report id, is stored (without loading it)."""
        return self._db.execute("SELECT 1 FROM entries WHERE path=? AND sha256=? AND fingerprint=? AND report_id=?",
                                (path, sha256, self.fingerprint, report_id)).fetchone() is not None

    def get(self, path: str, sha256: str) -> ReportResult | None:
        row = self._db.execute("SELECT result FROM entries WHERE path=? AND sha256=? AND fingerprint=?",
                               (path, sha256, self.fingerprint)).fetchone()
        if row is None:
            return None
        try:
            return result_from_json(row[0])
        except Exception:  # noqa: BLE001 - a damaged or incompatible entry is a cache miss
            return None

    def put(self, result: ReportResult) -> None:
        if result.report.status == "error" and "time limit" in result.report.message:
            return  # a timeout may pass with more time: do not remember it
        r = result.report
        self._db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)",
                         (r.path, r.sha256, self.fingerprint, r.report_id, result_to_json(result)))
        self._pending += 1
        if self._pending >= 200:
            self.commit()

    def commit(self) -> None:
        self._db.commit()
        self._pending = 0

    def close(self, prune: bool = True) -> None:
        self.commit()
        if prune:  # entries of other fingerprints are stale: drop them so the file does not grow forever
            self._db.execute("DELETE FROM entries WHERE fingerprint != ?", (self.fingerprint,))
            self._db.commit()
        self._db.close()
