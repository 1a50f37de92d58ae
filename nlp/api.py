"""The front door: everything ``zwgk analyze`` does, callable from Python.

- :func:`analyze_to` writes an output folder (what the CLI runs): cache, re-run detection, Dask, every file.
- :func:`iter_results` streams per-report results in input order (bounded memory, for your own writers).
- :func:`analyze` collects everything into an :class:`Analysis` of DataFrames, for notebooks and scripts.
"""
from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .read.pdf import DEFAULT_READER
from .errors import UsageError
from .runtime.pipeline import ReportResult
from .schema import ReportRow
from .runtime.batch import Workers
from .runtime.cache import not_damage
from .runtime.stream import (BatchStats, cache_fingerprint, check_options, default_workers, find_jobs, iter_results,
                             run_key, run_lexicons, spare_core, worker_encoding)

if TYPE_CHECKING:
    from .rules import Rules


@dataclass
class Analysis:
    """Results of a batch, one DataFrame per output file (``reports`` ↔ ``reports.csv``…)."""

    results: list[ReportResult] = field(default_factory=list)
    lexicon_paths: tuple[str, ...] = ()
    _tracking: object = field(default=None, repr=False)

    def _frame(self, name: str, rows: Iterable):
        """A DataFrame with exactly the output file's columns (pandas is imported only when asked for)."""
        import pandas as pd

        from .schema import table

        return pd.DataFrame([asdict(x) for x in rows], columns=list(table(name).columns))

    @property
    def reports(self):
        return self._frame("reports", (r.report for r in self.results))

    @property
    def sections(self):
        return self._frame("sections", (s for r in self.results for s in r.sections))

    @property
    def items(self):
        return self._frame("items", (i for r in self.results for i in r.items))

    @property
    def tags(self):
        return self._frame("tags", (t for r in self.results for t in r.tags))

    @property
    def tables(self):
        return self._frame("tables", (c for r in self.results for c in r.cells))

    @property
    def checks(self):
        return self._frame("checks", [c for r in self.results for c in r.checks] + self.cross_year_checks())

    def cross_year_checks(self) -> list:
        """Checks between consecutive years, on the copy of each report that tracking kept (as the CLI does)."""
        return self.tracking().checks

    def tracking(self):
        """Series, duplicates, recurring weaknesses, follow-up, copied text (computed once, on first use)."""
        if self._tracking is None:
            from .crossyear.run import run_cross_year
            from .rules_tracking import refresh

            refresh()  # tracking.yaml as it is now (edited since the analysis, in a notebook)
            self._tracking = run_cross_year(self.results, self.lexicon_paths)
        return self._tracking

    @property
    def recurring(self):
        return self.tracking().frame("recurring")

    @property
    def followup(self):
        return self.tracking().frame("followup")

    @property
    def series(self):
        return self.tracking().frame("series")

    @property
    def duplicates(self):
        return self.tracking().frame("duplicates")

    @property
    def scorecard(self):
        """The evaluator's checklist, one row per report (as ``scorecard.csv``)."""
        from .rules import load_rules
        from .scorecard.run import scorecard_rows

        return self._frame("scorecard", scorecard_rows(self.results, self.tracking(), load_rules(self.lexicon_paths)))

    @property
    def failed(self) -> int:
        return sum(r.report.status == "error" for r in self.results)


def analyze(paths: Iterable[str | os.PathLike] | str | os.PathLike, workers: int | None = None,
            timeout: float = 120.0, exclude: Path | None = None, keep_documents: bool = False,
            lexicon: Iterable[str | os.PathLike] = (), cache_path: Path | None = None, force: bool = False,
            executor=None, progress=None, pdf_reader: str = DEFAULT_READER) -> Analysis:
    """Analyse files and folders (recursively). Bad files become error rows; nothing raises for them.

    ``lexicon``: extra topic lexicon files or folders that add to or override the shipped one, and bodies files
    (``bodies*.yaml``, ``*bodies.yaml``) that add reporting bodies and aliases. An invalid lexicon raises
    :class:`nlp.errors.UsageError` before any file is read. ``pdf_reader``: "pdfium" (default) or "pdfminer",
    the PDF reader asked first (see :mod:`nlp.read.pdf`).
    """
    _check_reader(pdf_reader)
    results = list(iter_results(paths, workers, timeout, exclude, keep_documents, lexicon, cache_path, force,
                                executor, progress=progress, pdf_reader=pdf_reader))
    return Analysis(results, tuple(str(p) for p in lexicon))


@dataclass
class RunSummary:
    """What :func:`analyze_to` did: the counts of the run, the files written and the files that failed."""

    files: int = 0
    analysed: int = 0
    failed: int = 0
    cached: int = 0  # results reused from the cache of an earlier run
    bodies: int = 0  # bodies compared across years (reports of no known body count as one)
    bodies_reused: int = 0  # ...whose cross-year result was reused from the cache (their reports unchanged)
    worker_peak_mb: int = 0
    written: list[Path] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, message) of each failed file
    up_to_date: bool = False  # nothing changed since the last complete run: nothing was redone
    notes: list[str] = field(default_factory=list)  # remarks on the options (shown before the summary)


def analyze_to(paths: Iterable[str | os.PathLike] | str | os.PathLike, out: str | os.PathLike, *,
               workers: int | None = None, timeout: float = 120.0, lexicon: Iterable[str | os.PathLike] = (),
               fmt: str = "csv", html: bool = False, xlsx: bool = False, force: bool = False,
               retry_failed: bool = False, scheduler: str | None = None, pdf_reader: str = DEFAULT_READER,
               progress: Callable[[ReportResult, int, int], None] | None = None) -> RunSummary:
    """Analyse files and folders into the output folder ``out``, as ``zwgk analyze`` does (``html``: also
    report.html; ``xlsx``: also the workbook zwgk.xlsx, which needs the xlsx extra).

    Unchanged files are reused from the folder's cache (files that failed too, unless ``retry_failed``); when nothing changed since the last complete run the
    outputs are left as they are (``up_to_date``). ``scheduler``: run on that Dask cluster instead of local
    worker processes. ``pdf_reader``: the PDF reader asked first (see :func:`analyze`). Problems the user must
    fix (bad options, missing inputs, an invalid lexicon) raise :class:`~nlp.errors.UsageError` before any file
    is read; bad files become error rows.
    """
    from .outputs.state import OutputLock, remove_leftovers

    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    out = Path(out)
    lexicon = tuple(str(p) for p in lexicon)
    notes = _validate(paths, out, workers, timeout, fmt)
    _check_reader(pdf_reader)
    if xlsx:
        from .outputs.xlsx import xlsxwriter_module

        xlsxwriter_module()  # missing: a usage error before any file is read
    rules, lexicon_key = run_lexicons(lexicon)  # an invalid lexicon: a usage error before any file is read
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = OutputLock(out)
        lock.acquire()
    except OSError as exc:
        raise UsageError(f"cannot write to --out {out}: {exc.strerror or exc}") from exc
    pool = _workers(workers, lexicon, pdf_reader, fmt, rules) if not scheduler else None
    try:
        remove_leftovers(out)
        run = _run_into(paths, out, workers, timeout, lexicon, fmt, (html, xlsx), force, retry_failed, scheduler,
                        progress, pdf_reader, pool, (rules, lexicon_key))
    except OSError as exc:
        if exc.errno in _USER_FIXES:
            raise UsageError(f"cannot write the outputs in {out}/: {exc.strerror}") from exc
        raise
    except sqlite3.OperationalError as exc:  # the cross-year store beside the outputs
        if not_damage(exc):
            raise UsageError(f"cannot write the outputs in {out}/: {exc}") from exc
        raise
    finally:
        if pool is not None:
            pool.close()
        lock.release()
    run.notes[:0] = notes + lock.notes
    return run


def _workers(workers: int | None, lexicon: tuple[str, ...], pdf_reader: str, fmt: str, rules: Rules) -> Workers:
    """The local worker processes of a run, the first one started at once where workers are forked: it warms up
    while the parent hashes the inputs and opens the outputs, instead of after. One only: the number of files,
    which may need fewer workers than asked, is not known yet. Started once the usage checks are passed (the
    lexicons valid, the folder locked), so that a usage error never kills a worker that may be writing jieba's
    dictionary caches on a first run. Where workers are spawned (a fresh interpreter that imports the caller's
    main module) none is started early, so an up-to-date run starts none, as before. ``rules``: the run's, as
    validated (forked workers analyse under them, whatever happens to the files during the run)."""
    n = workers or default_workers()
    pool = Workers(n, False, lexicon, pdf_reader, worker_encoding(n, fmt), rules)
    if pool.ctx.get_start_method() == "fork":
        pool.start()
    return pool


_USER_FIXES = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR}


def _run_into(paths: list, out: Path, workers: int | None, timeout: float, lexicon: tuple[str, ...], fmt: str,
              extras: tuple[bool, bool], force: bool, retry_failed: bool, scheduler: str | None, progress,
              pdf_reader: str, pool: Workers | None, lexicons: tuple[Rules, str]) -> RunSummary:
    """The run itself, with the folder locked and clean. ``extras``: (html, xlsx); ``pool``: the local workers
    (None on a Dask cluster), closed here once the outputs are written (the caller closes them on errors);
    ``lexicons``: the rules and cache key of ``lexicon`` as the run validated them
    (:func:`~nlp.runtime.stream.run_lexicons`)."""
    from .outputs.folder import Outputs
    from .outputs.state import LastRun, previous_failures
    from .outputs.xlsx import WORKBOOK
    from .runtime.pool import executor_map, local_map

    html, xlsx = extras
    with find_jobs(paths, out, folder=out) as jobs:  # listed and hashed once, for the run key and the cache
        key = run_key(paths, out, lexicon, f"{fmt}|{html}|{xlsx}|{timeout}|{retry_failed}|{pdf_reader}",
                      lexicon_key=lexicons[1], jobs=jobs)
        last = LastRun(out)
        if (not force and not retry_failed and scheduler is None and last.matches(key, fmt, html)
                and (not xlsx or (out / WORKBOOK).exists())):
            return RunSummary(failed=previous_failures(out, fmt), up_to_date=True, notes=last.notes)
        last.clear()
        client = _dask_client(scheduler) if scheduler else None
        stats = BatchStats()
        # the local workers analyse the files, then compare each body across years; a single worker with a core
        # to spare leaves the parent time, in which it compares the bodies whose reports are all in
        # (nlp.runtime.early; with more workers the parent is busy writing their results, and it was measured
        # only with one)
        spare = pool is not None and spare_core(pool.size)
        outputs = Outputs(out, fmt=fmt, lexicon_paths=lexicon, early=spare and pool.size == 1,
                          fingerprint=cache_fingerprint(lexicons[1], pdf_reader), reuse=not force)
        try:
            for result in iter_results(paths, workers=workers, timeout=timeout, exclude=out, lexicon=lexicon,
                                       cache_path=last.cache_path, force=force,
                                       executor=client.get_executor() if client else None, stats=stats,
                                       progress=progress, jobs=jobs, retry_failed=retry_failed,
                                       pdf_reader=pdf_reader, pool=pool, encode_for=fmt,
                                       idle=outputs.early.step if outputs.early is not None else None,
                                       lexicons=lexicons):
                outputs.add(result)
            written = outputs.finish(partial(local_map, pool, spare_core=spare) if pool is not None
                                     else partial(executor_map, client.get_executor()))
        except BaseException:
            outputs.abort()
            raise
        finally:
            if pool is not None:
                pool.close()
            if client is not None:
                client.close()
        if html:
            from .report import write_report

            written.append(write_report(out))
        if xlsx:
            from .outputs.xlsx import write_workbook

            written.append(write_workbook(out))
        last.record(key)  # every output is written: a re-run with the same key can stop early
        return RunSummary(stats.files, stats.files - outputs.failed, outputs.failed, stats.cached,
                          outputs.bodies, outputs.bodies_reused, stats.worker_peak_mb, written, outputs.errors,
                          notes=last.notes + stats.notes + outputs.notes)


def _validate(paths: list, out: Path, workers: int | None, timeout: float, fmt: str) -> list[str]:
    """Every problem with the options and inputs the user must fix, before any file is read (the lexicons
    apart: :func:`~nlp.runtime.stream.run_lexicons`); returns notes on questionable choices."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")
    notes = check_options(workers, timeout)
    if fmt not in ("csv", "parquet"):
        raise UsageError(f"unknown output format {fmt!r}: csv or parquet")
    for item in paths:
        if not os.path.lexists(item):
            raise UsageError(f"input not found: {item}")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise UsageError("--format parquet needs pyarrow: pip install 'zwgk-nlp[parquet]'") from exc
    return notes


def _check_reader(pdf_reader: str) -> None:
    from .read.pdf import READERS

    if pdf_reader not in READERS:
        raise UsageError(f"unknown PDF reader {pdf_reader!r}: {' or '.join(READERS)}")


def _dask_client(scheduler: str):
    """A client of the Dask cluster at ``scheduler`` (the dask extra must be installed)."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise UsageError("--engine dask needs the dask extra: pip install 'zwgk-nlp[dask]'") from exc
    try:
        return Client(scheduler, timeout="20s")
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc


__all__ = ["Analysis", "BatchStats", "ReportRow", "RunSummary", "analyze", "analyze_to", "iter_results"]
