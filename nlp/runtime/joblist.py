"""The input files of a run, listed once and kept on disk, so that the parent's memory does not grow with them.

A run needs every input's path, report id and content hash from its first result to its last (results come back
by report id, cached ones are looked up by hash). Held as objects, that was about 0.6 KB per input in the parent:
60 MB for 100,000 files, the one part of its memory that grew with the corpus. :class:`JobList` keeps them in a
scratch SQLite file (:class:`~nlp.runtime.scratch.Scratch`: in the output folder during a run, removed at the end
or by the next run after a crash) and makes a :class:`~nlp.runtime.batch.Job` of a row when one is asked for.

Paths are stored as the bytes of the file name (``os.fsencode``): a name that is not valid UTF-8 comes back as
the same ``str`` (with its surrogate escapes), which SQLite's text columns could not hold. Report ids are made by
the same rules as :func:`~nlp.runtime.batch.make_jobs`, with the stems and the ids given so far looked up in the
file rather than in dicts.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import islice
from pathlib import Path

from .batch import Job, identity, name_base, numbered, stem_of, walk
from .scratch import Scratch

_CHUNK = 2000  # rows read or written at a time


class JobList:
    """The jobs of a run in input order: ``len``, iteration, ``jobs[i]`` and :meth:`index_of` a report id.
    :meth:`set_sha256` records a job's content hash (iteration and look-ups then give it). Close it when done
    (or use it as a context manager): that deletes the file."""

    def __init__(self, folder: Path | None = None) -> None:
        self._scratch = Scratch(folder if folder is not None else Path(tempfile.gettempdir()), "inputs")
        self._db = self._scratch.db
        self._db.execute("CREATE TABLE jobs (idx INTEGER PRIMARY KEY, path BLOB NOT NULL, ident BLOB UNIQUE, "
                         "stem TEXT NOT NULL, rid TEXT UNIQUE, sha256 TEXT NOT NULL DEFAULT '')")
        self._count = 0
        self._hashes: list[tuple[str, int]] = []  # set_sha256 calls not written yet

    @classmethod
    def find(cls, inputs: Iterable[str], exclude: Path | None = None, folder: Path | None = None) -> JobList:
        """The files named or found under ``inputs`` (as :func:`~nlp.runtime.batch.discover` finds them, the
        same file met twice kept once), with their report ids; the list's file goes into ``folder``."""
        jobs = cls(folder)
        try:
            jobs._add(walk(inputs, exclude))
            jobs._name()
        except BaseException:
            jobs.close()
            raise
        return jobs

    def _add(self, paths: Iterator[str]) -> None:
        """Store the paths in order, skipping a file stored already under another path (``INSERT OR IGNORE`` on
        its identity: an ignored row takes no ``idx``, so the indexes stay consecutive)."""
        insert = "INSERT OR IGNORE INTO jobs (path, ident, stem) VALUES (?, ?, ?)"
        while chunk := [(os.fsencode(p), _ident_key(p), stem_of(p)) for p in islice(paths, _CHUNK)]:
            self._db.executemany(insert, chunk)
        self._db.execute("CREATE INDEX jobs_stem ON jobs (stem)")
        self._count = self._db.execute("SELECT count(*) FROM jobs").fetchone()[0]

    def _name(self) -> None:
        """Give every job its report id, in input order (an id must not be one given before it)."""
        query = ("SELECT idx, path, (SELECT count(*) > 1 FROM jobs AS o WHERE o.stem = jobs.stem) "
                 "FROM jobs WHERE idx > ? ORDER BY idx LIMIT ?")
        last = 0
        while rows := self._db.execute(query, (last, _CHUNK)).fetchall():
            named: dict[str, int] = {}  # ids given in this chunk, not written yet
            for idx, path, shared in rows:
                base = name_base(os.fsdecode(path), bool(shared))
                named[numbered(base, partial(self._taken, named))] = idx
            self._db.executemany("UPDATE jobs SET rid = ? WHERE idx = ?", named.items())
            last = rows[-1][0]

    def _taken(self, named: dict[str, int], report_id: str) -> bool:
        """Whether ``report_id`` was given already: in the chunk being named (``named``) or before it."""
        return report_id in named or \
            self._db.execute("SELECT 1 FROM jobs WHERE rid = ?", (report_id,)).fetchone() is not None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Job]:
        last = 0
        while True:
            self._flush()
            rows = self._db.execute("SELECT idx, path, rid, sha256 FROM jobs WHERE idx > ? ORDER BY idx LIMIT ?",
                                    (last, _CHUNK)).fetchall()
            if not rows:
                return
            yield from map(_job, rows)
            last = rows[-1][0]

    def __getitem__(self, index: int) -> Job:
        self._flush()
        row = self._db.execute("SELECT idx, path, rid, sha256 FROM jobs WHERE idx = ?", (index + 1,)).fetchone()
        if row is None:
            raise IndexError(index)
        return _job(row)

    def index_of(self, report_id: str) -> int:
        """The position of the job with this report id (KeyError if there is none)."""
        row = self._db.execute("SELECT idx FROM jobs WHERE rid = ?", (report_id,)).fetchone()
        if row is None:
            raise KeyError(report_id)
        return row[0] - 1

    def set_sha256(self, job: Job, digest: str) -> None:
        """Record ``digest`` as the content hash of ``job`` (and set it on the object)."""
        job.sha256 = digest
        self._hashes.append((digest, job.index + 1))
        if len(self._hashes) >= _CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._hashes:
            self._db.executemany("UPDATE jobs SET sha256 = ? WHERE idx = ?", self._hashes)
            self._hashes.clear()

    def close(self) -> None:
        self._scratch.close()

    def __enter__(self) -> JobList:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _job(row: tuple[int, bytes, str, str]) -> Job:
    idx, path, rid, sha256 = row
    return Job(idx - 1, os.fsdecode(path), rid, sha256)


def _ident_key(path: str) -> bytes:
    """:func:`~nlp.runtime.batch.identity` as bytes a SQLite column can hold."""
    found = identity(Path(path))
    return f"{found[0]}:{found[1]}".encode() if isinstance(found, tuple) else b"/" + os.fsencode(found)
