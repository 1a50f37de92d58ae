"""The Python API: the same work as ``zwgk analyze``, returned as pandas DataFrames.

``iter_results`` is the streaming core (used by the CLI, which writes rows as they come and never holds the
whole corpus); ``analyze`` collects everything into an :class:`Analysis` for notebooks and scripts.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .runtime.batch import Job, analyze_task, discover, make_jobs, run_jobs, run_on_executor
from .runtime.pipeline import REPORT_COLUMNS, ReportResult, ReportRow, sha256_of


@dataclass
class Analysis:
    """Results of a batch, one DataFrame per output file (``reports`` ↔ ``reports.csv``…)."""

    results: list[ReportResult] = field(default_factory=list)
    lexicon_paths: tuple[str, ...] = ()
    _tracking: object = field(default=None, repr=False)

    def _frame(self, columns: list[str], rows: Iterable):
        """A DataFrame with exactly the output file's columns (pandas is imported only when asked for)."""
        import pandas as pd

        return pd.DataFrame([asdict(x) for x in rows], columns=columns)

    @property
    def reports(self):
        return self._frame(REPORT_COLUMNS, (r.report for r in self.results))

    @property
    def sections(self):
        from .runtime.pipeline import SECTION_COLUMNS

        return self._frame(SECTION_COLUMNS, (s for r in self.results for s in r.sections))

    @property
    def items(self):
        from .annotate.items import ITEM_COLUMNS

        return self._frame(ITEM_COLUMNS, (i for r in self.results for i in r.items))

    @property
    def tags(self):
        from .annotate.tags import TAG_COLUMNS

        return self._frame(TAG_COLUMNS, (t for r in self.results for t in r.tags))

    @property
    def tables(self):
        from .tables.extract import TABLE_COLUMNS

        return self._frame(TABLE_COLUMNS, (c for r in self.results for c in r.cells))

    @property
    def checks(self):
        from .checks.within import CHECK_COLUMNS

        return self._frame(CHECK_COLUMNS, [c for r in self.results for c in r.checks] + self.cross_year_checks())

    def cross_year_checks(self) -> list:
        """Checks between consecutive years, on the copy of each report that tracking kept (as the CLI does)."""
        dropped = {d.dropped_report_id for d in self.tracking().duplicates}
        return cross_year_checks(r for r in self.results if r.report.report_id not in dropped)

    def tracking(self):
        """Series, duplicates, recurring weaknesses, follow-up, copied text (computed once, on first use)."""
        if self._tracking is None:
            from .outputs.folder import run_tracking

            self._tracking = run_tracking(self.results, self.lexicon_paths)
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
    def failed(self) -> int:
        return sum(r.report.status == "error" for r in self.results)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass
class BatchStats:
    """What a run did: files found, reused from the cache, analysed."""

    files: int = 0
    cached: int = 0
    analysed: int = 0
    worker_peak_mb: int = 0  # highest peak memory of a local worker process


def iter_results(paths: Iterable[str | os.PathLike] | str | os.PathLike, workers: int | None = None,
                 timeout: float = 120.0, exclude: Path | None = None, keep_documents: bool = False,
                 lexicon: Iterable[str | os.PathLike] = (), cache_path: Path | None = None, force: bool = False,
                 executor=None, stats: BatchStats | None = None,
                 progress: Callable[[ReportResult, int, int], None] | None = None,
                 digests: dict[str, str] | None = None) -> Iterator[ReportResult]:
    """Results in input order, as soon as each one and all before it are done (bounded memory).

    ``cache_path``: reuse results of unchanged files (same path, content and pipeline/lexicon fingerprint);
    ``force`` re-analyses everything; ``digests``: path → SHA-256 of files already hashed (by :func:`run_key`),
    so that they are not read again to look them up in the cache. ``executor``: any ``concurrent.futures.Executor`` (a Dask client's
    ``get_executor()`` for a cluster); default: local worker processes with a hard per-file time limit.
    """
    from .rules import load_rules

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    lexicon_paths = tuple(str(p) for p in lexicon)
    load_rules(lexicon_paths)  # validate once, up front: an invalid lexicon is a usage error
    jobs = make_jobs(discover([str(p) for p in paths], exclude=exclude))
    stats = stats if stats is not None else BatchStats()
    stats.files = len(jobs)
    cache = None
    if cache_path is not None and not keep_documents:
        from .runtime.cache import ResultCache, fingerprint

        cache = ResultCache(cache_path, fingerprint(lexicon_paths))
    cached: dict[int, tuple[Job, str]] = {}  # index → (job, sha256): loaded from the cache when its turn comes
    todo: list[Job] = []
    for job in jobs:
        if cache is not None and not force:
            digest = (digests or {}).get(job.path) or _digest(job.path)
            if digest and cache.has(job.path, digest, job.report_id):
                cached[job.index] = (job, digest)
                continue
        todo.append(job)
    stats.cached = len(cached)
    stats.analysed = len(todo)
    if executor is not None:
        stream = run_on_executor(todo, executor, timeout, keep_documents, lexicon_paths)
    else:
        peak = [0]
        stream = run_jobs(todo, workers or default_workers(), timeout, keep_documents, lexicon_paths, peak) \
            if todo else iter(())
    index_of = {j.report_id: j.index for j in jobs}
    ready: dict[int, ReportResult] = {}  # finished out of order, waiting for the ones before them
    done = 0
    next_index = 0

    def report(result: ReportResult) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(result, done, len(jobs))

    def in_order() -> Iterator[ReportResult]:
        """Every result whose turn has come: finished ones, and cached ones read now (one at a time)."""
        nonlocal next_index
        while next_index in ready or next_index in cached:
            if next_index in ready:
                result = ready.pop(next_index)
            else:
                job, digest = cached.pop(next_index)
                result = cache.get(job.path, digest)
                if result is None:  # the entry went bad since it was found: analyse the file here
                    result = analyze_task(job.path, job.report_id, keep_documents, lexicon_paths, timeout)
                    cache.put(result)
                report(result)
            yield result
            next_index += 1

    try:
        yield from in_order()
        for result in stream:
            ready[index_of[result.report.report_id]] = result
            if cache is not None:
                cache.put(result)
            report(result)
            yield from in_order()
        yield from in_order()
    finally:
        if executor is None:
            stats.worker_peak_mb = peak[0]
        if cache is not None:
            cache.close()


def _digest(path: str) -> str:
    """SHA-256 of a file, "" when it cannot be read (the analysis then reports why)."""
    try:
        return sha256_of(Path(path))
    except OSError:
        return ""


def run_key(paths: Iterable[str | os.PathLike], exclude: Path | None, lexicon_paths: tuple[str, ...],
            options: str = "", digests: dict[str, str] | None = None) -> str:
    """Identifies a run: the files (paths and contents), the pipeline and lexicon fingerprint and the output
    options. Two runs with the same key write the same outputs. ``digests``, when given, receives path → SHA-256
    of every file hashed (pass it on to :func:`iter_results`)."""
    import hashlib

    from .runtime.cache import fingerprint

    key = hashlib.sha256(f"{fingerprint(lexicon_paths)}\0{options}\n".encode())
    for job in make_jobs(discover([str(p) for p in paths], exclude=exclude)):
        digest = _digest(job.path)
        if digests is not None and digest:
            digests[job.path] = digest
        key.update(f"{job.path}\0{job.report_id}\0{digest or 'unreadable'}\n".encode())
    return key.hexdigest()


def analyze(paths: Iterable[str | os.PathLike] | str | os.PathLike, workers: int | None = None,
            timeout: float = 120.0, exclude: Path | None = None, keep_documents: bool = False,
            lexicon: Iterable[str | os.PathLike] = (), cache_path: Path | None = None, force: bool = False,
            executor=None, progress=None) -> Analysis:
    """Analyse files and folders (recursively). Bad files become error rows; nothing raises for them.

    ``lexicon``: extra topic lexicon files or folders that add to or override the shipped one. An invalid
    lexicon raises :class:`nlp.errors.UsageError` before any file is read.
    """
    results = list(iter_results(paths, workers, timeout, exclude, keep_documents, lexicon, cache_path, force,
                                executor, progress=progress))
    return Analysis(results, tuple(str(p) for p in lexicon))


def cross_year_checks(results: Iterable[ReportResult]) -> list:
    """Table checks between consecutive years of each body (结转 carried over, 现行有效 in force)."""
    from .checks.within import check_across_years

    by_body: dict[str, list] = {}
    for r in results:
        if r.report.status != "error" and r.report.jurisdiction and r.report.year and r.cells:
            by_body.setdefault(r.report.jurisdiction, []).append((r.report.report_id, r.report.year, r.cells))
    out = []
    for series in by_body.values():
        if len(series) > 1:
            out.extend(check_across_years(series))
    return out


__all__ = ["Analysis", "BatchStats", "ReportRow", "analyze", "iter_results", "cross_year_checks"]
