"""The incremental cache: results of unchanged files, and the cross-year results of unchanged bodies, are reused
on the next run.

A result is valid for a file while its path, its content (SHA-256) and the *fingerprint* of everything that
shapes the result (the package's version and code, the shipped lexicons, the user's lexicon files) are
unchanged. A body's cross-year result is valid while the rows of its reports and that fingerprint are: one
changed file costs the comparison of its body, not of the corpus (see :meth:`ResultCache.tracking`). The cache
is one SQLite file beside the outputs (``DIR/.zwgk-cache.sqlite``): safe to delete, never required.
"""
from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from ..distribution import version
from ..lexicon import lexicon_dir
from ..rules_yaml import file_signature
from .batch import TIMEOUT_MESSAGE, CachedIn
from .encoded import EncodedResult, encode
from .pipeline import PIPELINE_VERSION, ReportResult
from .serialise import (followups_from_json, followups_to_json, pack, result_from_json, result_to_json,
                        tracking_from_json, tracking_to_json, unpack)
from ..crossyear.rows import FollowupRow, Tracking

T = TypeVar("T")

CACHE_NAME = ".zwgk-cache.sqlite"
COMMIT_SECONDS = 2.0
COMMIT_ENTRIES = 200
COMMIT_BYTES = 10_000_000
# Seconds a worker waits to read the cache while the parent commits, before it analyses the file instead.
READ_TIMEOUT = 10.0


def fingerprint(lexicon_paths: tuple[str, ...] = ()) -> str:
    """Hash of the pipeline version, the package's version and source, and every lexicon file in use (the
    version covers a zipped install, whose source is no folder to hash). Hashed once per process for each state
    of the files (their modification times and sizes), as the rules are parsed: a lexicon edited between two runs
    of one process (a notebook) gives the second run a new fingerprint, hence no stale cache entries."""
    package = Path(__file__).resolve().parent.parent  # all of nlp/, not only this stage
    files = sorted(package.rglob("*.py")) + sorted(lexicon_dir().rglob("*.y*ml"))
    for item in lexicon_paths:
        p = Path(item)
        files.extend(sorted(p.rglob("*.y*ml")) if p.is_dir() else [p])
    return _hashed(file_signature(files))


@lru_cache(maxsize=8)
def _hashed(signature: tuple[tuple[str, int, int], ...]) -> str:
    h = hashlib.sha256(f"{PIPELINE_VERSION}\0{version()}".encode())
    for name, _, _ in signature:
        f = Path(name)
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def not_damage(exc: Exception) -> bool:
    """SQLite errors that say nothing about the file: a full disk, a read-only folder, a lock."""
    text = str(exc).lower()
    return any(word in text for word in ("full", "readonly", "read-only", "locked", "unable to open"))


class ResultCache:
    """``(path, sha256, fingerprint) → ReportResult``, and a body's key → its cross-year
    :class:`~nlp.crossyear.rows.Tracking`, stored compressed in SQLite as plain data (a cache file from elsewhere
    cannot run code): a report's result as the texts an output folder writes of it
    (:class:`~nlp.runtime.encoded.EncodedResult`), or as JSON rows when the API asked for the result itself.

    The cache is never required: any error of the database (damaged pages, a file of another program or
    version) sets the file aside as ``….damaged`` with a note in :attr:`notes`, and the run goes on without
    it. Results are committed at least every :data:`COMMIT_SECONDS`, so a killed run loses little work.
    Files that failed (a timeout included) are remembered too, so that an unchanged bad file is not retried
    on every run; ``retry_failed`` retries them, and a timeout is retried when the time limit is now longer.
    """

    def __init__(self, path: Path, fingerprint: str, retry_failed: bool = False, timeout: float | None = None) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.retry_failed = retry_failed
        self.timeout = timeout
        self.notes: list[str] = []
        self._db: sqlite3.Connection | None = None
        self._pending = self._pending_bytes = 0
        self._last_commit = time.monotonic()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._safely(self._open)

    def _open(self) -> None:
        self._db = sqlite3.connect(str(self.path), timeout=30)
        # The workers of a run read results from this file while the parent writes the new ones (read_cached).
        # A transaction larger than SQLite's page cache (2 MB: some 30 results) would be written to the file
        # before its commit, under an exclusive lock that stops every reader until the commit: the workers would
        # wait for the parent, which waits for their results. Kept in memory until the commit (see _stored: 10 MB
        # at most), it only ever holds the lock that readers pass.
        self._db.execute("PRAGMA cache_spill = OFF")
        self._db.execute("DROP TABLE IF EXISTS results")  # the pickled results of the first versions
        self._db.execute("DROP TABLE IF EXISTS entries")  # results without their status (earlier versions)
        self._db.execute("DROP TABLE IF EXISTS results_v3")  # entries as uncompressed JSON text (earlier versions)
        self._db.execute("DROP TABLE IF EXISTS trackings_v1")
        self._db.execute("DROP TABLE IF EXISTS results_v4")  # a JSON entry and the folder's texts apart
        # ``fmt``: "" for an entry of the rows as JSON (a result of the API), else the output format whose texts
        # the entry packs (a result of an output folder, see nlp.runtime.encoded)
        self._db.execute("CREATE TABLE IF NOT EXISTS results_v5 (path TEXT, sha256 TEXT, fingerprint TEXT, "
                         "report_id TEXT, status TEXT, failed_timeout REAL, result BLOB, fmt TEXT, "
                         "PRIMARY KEY (path, sha256, fingerprint))")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self._db.execute("CREATE TABLE IF NOT EXISTS trackings_v2 (key TEXT PRIMARY KEY, tracking BLOB)")
        self._db.execute("CREATE TABLE IF NOT EXISTS followups_v1 (key TEXT PRIMARY KEY, rows BLOB)")
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used_trackings (key TEXT PRIMARY KEY)")  # this object's
        # a table of the same name but another shape fails here
        self._db.execute("SELECT path, sha256, fingerprint, report_id, status, failed_timeout, result, fmt "
                         "FROM results_v5 LIMIT 1").fetchall()
        self._db.execute("SELECT key, tracking FROM trackings_v2 LIMIT 1").fetchall()
        self._db.execute("SELECT key, rows FROM followups_v1 LIMIT 1").fetchall()

    def _safely(self, operation, default=None):
        """Run a database operation; on any database error set the file aside and carry on without a cache."""
        if self._db is None and operation != self._open:
            return default
        try:
            return operation()
        except sqlite3.Error as exc:
            self._set_aside(exc)
            return default

    def _set_aside(self, exc: Exception) -> None:
        try:
            if self._db is not None:
                self._db.close()
        except sqlite3.Error:
            pass
        self._db = None
        if not_damage(exc):  # the disk, not the file: keep it for a later run, go on without it now
            self.notes.append(f"the cache {self.path.name} is not used in this run ({exc}); this run analyses every file")
            return
        damaged = self.path.with_name(self.path.name + ".damaged")
        try:
            self.path.replace(damaged)
            where = f"moved to {damaged.name}"
        except OSError:
            where = "left in place"
        self.notes.append(f"the cache {self.path.name} could not be used ({type(exc).__name__}: {exc}); {where}, "
                          "this run analyses every file")

    def last_run(self) -> str:
        """The run key of the last run whose outputs were all written (see :func:`nlp.runtime.stream.run_key`)."""
        row = self._safely(lambda: self._db.execute("SELECT value FROM meta WHERE key='last_run'").fetchone())
        return row[0] if row else ""

    def set_last_run(self, run_key: str) -> None:
        def store() -> None:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('last_run', ?)", (run_key,))
            self._db.commit()
        self._safely(store)

    def has(self, path: str, sha256: str, report_id: str, fmt: str | None = None) -> bool:
        """Whether a usable result for this file content, under this report id, is stored (without loading it),
        for an output folder of format ``fmt`` (None: as a result; see :meth:`get`)."""
        row = self._safely(lambda: self._db.execute(
            "SELECT status, failed_timeout FROM results_v5 WHERE path=? AND sha256=? AND fingerprint=? AND report_id=?"
            " AND fmt IN ('', ?)", (path, sha256, self.fingerprint, report_id, fmt or "")).fetchone())
        if row is None:
            return False
        status, failed_timeout = row
        if status == "error" and self.retry_failed:
            return False
        return not (failed_timeout is not None and self.timeout is not None and self.timeout > failed_timeout)

    def get(self, path: str, sha256: str, encode_for: str | None = None) -> ReportResult | EncodedResult | None:
        """The stored result; with ``encode_for``, as an output folder of that format writes it (see
        :func:`_decoded`)."""
        row = self._safely(lambda: self._db.execute(
            "SELECT result, fmt FROM results_v5 WHERE path=? AND sha256=? AND fingerprint=?",
            (path, sha256, self.fingerprint)).fetchone())
        return None if row is None else _decoded(*row, encode_for)

    def put(self, result: ReportResult | EncodedResult) -> None:
        """Store a result: an encoded one as the worker packed it (nothing is encoded again), a plain one (of the
        API) as JSON. The entry replaces the file's earlier one, whatever its form."""
        r = result.report
        entry, fmt = (result.entry, result.fmt) if isinstance(result, EncodedResult) \
            else (pack(result_to_json(result)), "")
        failed_timeout = self.timeout if r.status == "error" and r.message.startswith(TIMEOUT_MESSAGE) else None

        def store() -> None:
            self._db.execute("INSERT OR REPLACE INTO results_v5 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             (r.path, r.sha256, self.fingerprint, r.report_id, r.status, failed_timeout, entry, fmt))
        self._safely(store)
        self._stored(len(entry))

    def put_new(self, result: ReportResult | EncodedResult) -> None:
        """Store a result that reached the parent unless it came from the cache as it is stored (one read back
        has an entry only when it was packed now, from a JSON entry: see :func:`_decoded`)."""
        if not (isinstance(result, EncodedResult) and result.from_cache and not result.entry):
            self.put(result)

    def has_tracking(self, key: str) -> bool:
        """Whether the cross-year result of a body in the state ``key`` names is stored (see
        :meth:`nlp.runtime.spill.SpillStore.key`)."""
        return self._safely(lambda: self._db.execute("SELECT 1 FROM trackings_v2 WHERE key = ?", (key,))
                            .fetchone()) is not None

    def tracking(self, key: str) -> Tracking | None:
        """The stored cross-year result of a body in the state ``key`` names (None if there is none or it is
        damaged), kept by :meth:`keep_used_trackings`."""
        return self._keyed("trackings_v2", key, tracking_from_json)

    def put_tracking(self, key: str, tracking: Tracking) -> None:
        """Store a body's cross-year result under the key of its state."""
        self._put_keyed("trackings_v2", key, tracking_to_json(tracking))

    def followups(self, key: str) -> list[FollowupRow] | None:
        """The stored follow-up rows of one year of a body, under the key of what they depend on (see
        :func:`nlp.runtime.spill.followup_keys`; None if there are none or they are damaged), kept by
        :meth:`keep_used_trackings`: a body with a new year has only its last years judged again."""
        return self._keyed("followups_v1", key, followups_from_json)

    def put_followups(self, key: str, rows: list[FollowupRow]) -> None:
        """Store the follow-up rows of one year of a body under the key of what they depend on."""
        self._put_keyed("followups_v1", key, followups_to_json(rows))

    def _keyed(self, table: str, key: str, decode: Callable[[str], T]) -> T | None:
        """The entry ``key`` of a table of cross-year results, decoded (None if there is none or it is damaged),
        noted as used."""
        row = self._safely(lambda: self._db.execute(f"SELECT * FROM {table} WHERE key = ?", (key,)).fetchone())
        if row is None:
            return None
        self._used(key)
        try:
            return decode(unpack(row[1]))
        except Exception:  # noqa: BLE001 - a damaged or incompatible entry is a cache miss
            return None

    def _put_keyed(self, table: str, key: str, text: str) -> None:
        entry = pack(text)
        self._safely(lambda: self._db.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", (key, entry)))
        self._used(key)
        self._stored(len(entry))

    def keep(self, keys: Iterable[str]) -> None:
        """Keep these entries of bodies or years past :meth:`keep_used_trackings`, unread (the years of a body
        whose whole result was reused)."""
        for key in keys:
            self._used(key)

    def _used(self, key: str) -> None:
        """Note a body's key as given or stored by this object (in a temporary table, not the file: a used entry
        is not rewritten)."""
        self._safely(lambda: self._db.execute("INSERT OR IGNORE INTO temp.used_trackings VALUES (?)", (key,)))

    def keep_used_trackings(self) -> None:
        """Drop the cross-year results (of bodies, and of years) this cache object neither gave nor stored: once a
        run has compared every body, the others are of bodies as they no longer are (or of other rules), and the
        file would only grow."""
        def prune() -> None:
            self._db.execute("DELETE FROM trackings_v2 WHERE key NOT IN (SELECT key FROM temp.used_trackings)")
            self._db.execute("DELETE FROM followups_v1 WHERE key NOT IN (SELECT key FROM temp.used_trackings)")
            self._db.commit()
        self._safely(prune)

    def _stored(self, size: int) -> None:
        """Commit every :data:`COMMIT_ENTRIES` entries, :data:`COMMIT_SECONDS` or :data:`COMMIT_BYTES` of entries,
        whichever comes first (a transaction is kept in memory until then, see :meth:`_open`)."""
        self._pending += 1
        self._pending_bytes += size
        if (self._pending >= COMMIT_ENTRIES or self._pending_bytes >= COMMIT_BYTES
                or time.monotonic() - self._last_commit >= COMMIT_SECONDS):
            self.commit()

    def commit(self) -> None:
        self._safely(self._db.commit if self._db is not None else lambda: None)
        self._pending = self._pending_bytes = 0
        self._last_commit = time.monotonic()

    def drop_stale(self) -> None:
        """Delete the results of other fingerprints (another version of the pipeline, other lexicons, the other
        PDF reader): a run calls this before it stores its own, whose entries then take the pages the old ones
        leave. Dropped only at the end, after a version change the file held both sets at once and kept one
        set's pages free for good (SQLite does not give them back): a cache of 100,000 reports grew from 2.0 to
        3.7 GB. The stale rows are found in the primary key's index, which holds the fingerprint, without
        reading the table: a few ms for 100,000 entries when there are none."""
        def drop() -> None:
            self._db.execute("DELETE FROM results_v5 WHERE rowid IN "
                             "(SELECT rowid FROM results_v5 WHERE fingerprint != ?)", (self.fingerprint,))
            self._db.commit()
        self._safely(drop)

    def close(self, prune: bool = True) -> None:
        """Commit and close; ``prune``: drop the results of other fingerprints too (:meth:`drop_stale`: those a
        run of another version or other lexicons stored since this one began), so that the file does not grow
        forever."""
        self.commit()
        if prune:
            self.drop_stale()
        self._safely(lambda: self._db.close())
        self._db = None


def _decoded(entry: bytes, fmt: str, encode_for: str | None) -> ReportResult | EncodedResult | None:
    """A cache entry of form ``fmt`` as a result; with ``encode_for``, as an output folder of that format writes
    it: an entry packed for that format is copied, a JSON entry (of the API) is decoded and encoded, and packed
    (``entry``) so that the parent stores that instead. None when it is damaged, or packed for another format
    (or the API, which needs the rows)."""
    try:
        if fmt:
            return EncodedResult.unpacked(entry, encode_for) if encode_for is not None else None
        result = result_from_json(unpack(entry))
        if encode_for is None:
            return result
        encoded = encode(result, encode_for)
        encoded.from_cache = True
        return encoded
    except Exception:  # noqa: BLE001 - a damaged or incompatible entry is a cache miss
        return None


def read_cached(where: CachedIn, path: str, sha256: str) -> EncodedResult | None:
    """A file's result as a worker of the run reads it from the cache (None: not there, damaged, or the cache
    cannot be read now): a run after a few files changed reads the others' results on all its workers, not one
    after the other in the parent. Read-only: the parent alone writes the cache, and sets it
    aside when it is damaged."""
    try:
        rows = _reader(where.cache).execute(
            "SELECT result, fmt FROM results_v5 WHERE path=? AND sha256=? AND fingerprint=?",
            (path, sha256, where.fingerprint)).fetchall()
    except sqlite3.Error:
        return None
    return _decoded(*rows[0], where.fmt) if rows else None


@lru_cache(maxsize=1)
def _reader(cache: str) -> sqlite3.Connection:
    """A worker's read-only connection to the run's cache (opened in the worker: a connection must not cross a
    fork). It waits while the parent commits (see :meth:`ResultCache._open`)."""
    return sqlite3.connect(Path(cache).resolve().as_uri() + "?mode=ro", uri=True, timeout=READ_TIMEOUT)

