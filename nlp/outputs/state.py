"""An output folder between runs: who is writing it, what a killed run left behind, and the last complete run.

- One run at a time: a run holds an exclusive lock on ``DIR/.zwgk.lock`` (the kernel releases it when the
  process dies, so a stale lock is simply taken over); a second run is refused with the holder's PID.
- Temporary files of a killed run (``.*.tmp``) are removed when the next run starts.
- A run whose key (inputs, contents, pipeline, lexicons, options) equals the last complete run's, and whose
  output files all exist, has nothing to do. The key is cleared when a run starts and written only after every
  output is in place, so an interrupted run never passes for a complete one.
"""
from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from ..errors import UsageError

from ..runtime.cache import CACHE_NAME, ResultCache
from ..runtime.signals import stop_signals_held


LOCK_NAME = ".zwgk.lock"


class OutputLock:
    """Exclusive use of an output folder for the length of a run (``with OutputLock(out): ...``)."""

    def __init__(self, out: Path) -> None:
        self.path = out / LOCK_NAME
        self._fd: int | None = None
        self.notes: list[str] = []

    def __enter__(self) -> "OutputLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock, or raise UsageError naming the run that holds it. Where the system or the file system
        has no such locks (Windows, some network shares) the run goes on unlocked, with a note."""
        try:
            import fcntl
        except ImportError:
            self.notes.append("this system has no file locks: make sure no other zwgk run writes to the same --out")
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise UsageError(f"another zwgk run (PID {holder}) is writing to {self.path.parent}/ "
                                 f"(lock {self.path}); wait for it to finish or choose another --out") from exc
            self.notes.append(f"the output folder cannot be locked ({exc.strerror}): make sure no other zwgk run "
                              "writes to it")
            return
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the lock; the file stays (removing it would race a waiter)
            self._fd = None


class Publication:
    """Moving a run's finished files into place so that, for the user, either all of them change or none.

    The files are written completely under temporary names first; then a journal naming each (temporary file,
    target) is written, the files are renamed, and the journal is removed. A run killed while renaming leaves
    the journal: the next run finishes the renames before it does anything else (:meth:`resume`), so the
    folder never mixes the files of two runs. The same step removes the files of earlier runs that the new ones
    make stale (``retire``): the other format's tables (an ``items.csv`` beside a new ``items.parquet`` would be
    read instead of it) and the HTML report and workbook, which a run that asks for them writes afresh after.
    """

    NAME = ".zwgk-publish.json"

    def __init__(self, out: Path) -> None:
        self.out = out
        self.journal = out / self.NAME

    def publish(self, sealed: list[tuple[str, Path]], retire: Sequence[Path] = ()) -> None:
        import json

        from .sinks import publish, write_text_atomic

        # names only: every file is in the output folder, which a later run may reach by another path
        with stop_signals_held():  # renames take milliseconds: a stop waits for them
            write_text_atomic(self.journal, json.dumps({"publish": [[Path(tmp).name, target.name]
                                                                    for tmp, target in sealed],
                                                        "retire": [p.name for p in retire]}))
            for tmp, target in sealed:
                publish(tmp, target)
            _remove(self.out, [p.name for p in retire])
            self.journal.unlink()

    def resume(self) -> bool:
        """Finish the renames of a publication a killed run left half done; True when there was one."""
        import json

        if not self.journal.exists():
            return False
        from .sinks import publish

        try:
            journal = json.loads(self.journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            journal = []  # a journal cut short: written before any rename, so nothing was published
        if isinstance(journal, list):  # the journal of a version that retired nothing
            journal = {"publish": journal}
        pairs = journal.get("publish", [])
        for tmp, target in pairs:
            if (self.out / tmp).exists():
                publish(str(self.out / tmp), self.out / target)
        _remove(self.out, journal.get("retire", []))
        self.journal.unlink()
        return bool(pairs)


def _remove(out: Path, names: list[str]) -> None:
    for name in names:
        try:
            (out / name).unlink()
        except FileNotFoundError:
            pass


def stale_outputs(out: Path, fmt: str) -> list[Path]:
    """The files of earlier runs in ``out`` that a run writing format ``fmt`` makes stale: the per-report tables
    in the other format, the HTML report and the workbook (rewritten after the tables when the run asks for
    them)."""
    from ..schema import REPORT_TABLES
    from .xlsx import WORKBOOK

    other = ".csv" if fmt == "parquet" else ".parquet"
    names = [Path(t.file).with_suffix(other).name for t in REPORT_TABLES] + ["report.html", WORKBOOK]
    return [out / name for name in names if (out / name).is_file()]


def remove_leftovers(out: Path) -> int:
    """Delete the temporary files and folders a killed run left in ``out`` (only ours: hidden, ending in ``.tmp``;
    the workbook's sheets wait in such a folder), after finishing a publication it left half done."""
    Publication(out).resume()
    removed = 0
    for tmp in out.glob(".*.tmp"):
        try:
            if tmp.is_dir() and not tmp.is_symlink():
                shutil.rmtree(tmp)
            else:
                tmp.unlink()
            removed += 1
        except OSError:
            pass
    return removed


class LastRun:
    """The run key of the last complete run into ``out``."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.cache_path = out / CACHE_NAME
        self.notes: list[str] = []  # a damaged cache file found on the way (set aside)

    def _use_cache(self, operation):
        """Open the cache, run ``operation`` on it, close it, and keep its notes."""
        cache = ResultCache(self.cache_path, "")
        value = operation(cache)
        cache.close(prune=False)
        self.notes.extend(cache.notes)
        return value

    def matches(self, key: str, fmt: str, html: bool) -> bool:
        """True when the last complete run had this key and its outputs are all still there."""
        if not self.cache_path.exists():
            return False
        previous = self._use_cache(ResultCache.last_run)
        return previous == key and outputs_complete(self.out, fmt, html)

    def clear(self) -> None:
        """Forget the last complete run: this run is about to change the outputs."""
        if self.cache_path.exists():
            self.record("")

    def record(self, key: str) -> None:
        self._use_cache(lambda cache: cache.set_last_run(key))


def outputs_complete(out: Path, fmt: str, html: bool) -> bool:
    """Whether every file a run writes is in ``out`` (per-report tables in the chosen format, the rest as CSV)."""
    from ..schema import TABLES

    names = [out / (Path(t.file).with_suffix(".parquet").name if t.scope == "report" and fmt == "parquet" else t.file)
             for t in TABLES]
    return all(p.exists() for p in names) and (not html or (out / "report.html").exists())


def previous_failures(out: Path, fmt: str) -> int:
    """Files that failed in the last run (read from its reports table)."""
    import pandas as pd

    if fmt == "parquet":
        reports = pd.read_parquet(out / "reports.parquet")
    else:
        reports = pd.read_csv(out / "reports.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return int((reports["status"] == "error").sum())
