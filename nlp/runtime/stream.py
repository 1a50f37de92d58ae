"""The streaming core of a batch: per-report results in input order, with the cache of earlier runs.

Files whose path, content and pipeline/lexicon fingerprint are unchanged are read back from the cache; the
rest run on local worker processes (hard per-file time limit) or on any ``concurrent.futures.Executor``.
Results that finish out of order wait until those before them are out, so consumers write rows in a stable
order without holding the corpus.
"""
from __future__ import annotations

import math
import os
from contextlib import nullcontext
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..read.pdf import DEFAULT_READER
from .batch import CachedIn, Job, Workers, analyze_task, run_jobs, run_on_executor
from .cache import fingerprint
from ..errors import ReadError, UsageError
from ..read.files import sha256_of, shown_path
from .encoded import EncodedResult, encode
from .joblist import JobList
from .pipeline import ReportResult

if TYPE_CHECKING:
    from ..rules import Rules

MAX_WORKERS = 256


def check_options(workers: int | None, timeout: float) -> list[str]:
    """Refuse options that cannot work (UsageError); notes on questionable ones."""
    notes = []
    if workers is not None:
        cpus = usable_cpus()
        if not 1 <= workers <= MAX_WORKERS:
            raise UsageError(f"--workers must be between 1 and {MAX_WORKERS}")
        if workers > cpus:
            cpu_s = "CPU" if cpus == 1 else "CPUs"
            notes.append(f"--workers {workers} is more than the {cpus} {cpu_s} this run may use: the run will not "
                         f"be faster, and each worker takes up to ~200 MB of memory")
    if not (isinstance(timeout, (int, float)) and math.isfinite(timeout) and timeout > 0):
        raise UsageError("--timeout must be a positive, finite number of seconds")
    return notes


def usable_cpus() -> int:
    """The CPUs this process may run on: those of its affinity mask where the system keeps one (``taskset``, a
    container's cpuset), else all of the machine's. A run confined to one CPU that counted the machine's would
    start workers it has no CPU for, and believe that its parent had a core to spare."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # no affinity masks on this platform (macOS, Windows)
        return os.cpu_count() or 1


def default_workers() -> int:
    return usable_cpus()


@dataclass
class BatchStats:
    """What a run did: files found, reused from the cache, analysed."""

    files: int = 0
    cached: int = 0
    analysed: int = 0
    worker_peak_mb: int = 0  # highest peak memory of a local worker process
    notes: list[str] = field(default_factory=list)  # what the user should know about the run (e.g. a bad cache)


def iter_results(paths: Iterable[str | os.PathLike] | str | os.PathLike, workers: int | None = None,
                 timeout: float = 120.0, exclude: Path | None = None, keep_documents: bool = False,
                 lexicon: Iterable[str | os.PathLike] = (), cache_path: Path | None = None, force: bool = False,
                 executor=None, stats: BatchStats | None = None,
                 progress: Callable[[ReportResult, int, int], None] | None = None,
                 retry_failed: bool = False,
                 pdf_reader: str = DEFAULT_READER, pool: Workers | None = None,
                 encode_for: str | None = None, idle: Callable[[], bool] | None = None,
                 lexicons: tuple[Rules, str] | None = None, jobs: JobList | None = None) -> Iterator[ReportResult]:
    """Results in input order, as soon as each one and all before it are done (bounded memory).

    ``cache_path``: reuse results of unchanged files (same path, content and pipeline/lexicon fingerprint; read
    by the local workers where every core runs one and results are encoded, else here); ``force`` re-analyses
    everything, ``retry_failed`` the files that failed before (a timeout is retried anyway when ``timeout`` is
    longer than the limit it failed under).
    ``executor``: any ``concurrent.futures.Executor`` (a Dask client's ``get_executor()`` for a cluster);
    default: local worker processes with a hard per-file time limit, those of ``pool`` when given (left running
    for the caller's later tasks). ``pdf_reader``: the PDF reader asked first, "pdfium" or "pdfminer" (see
    :mod:`nlp.read.pdf`). ``encode_for``: an output format ("csv" or "parquet") to get each result as an
    :class:`~nlp.runtime.encoded.EncodedResult` for an output folder of that format, encoded once (by the
    workers as :func:`worker_encoding` says, or else here). ``idle``: work to do while waiting for the local
    workers (see :func:`~nlp.runtime.batch.run_jobs`). ``lexicons``: the run's rules and their cache key, as the
    caller read them (:func:`run_lexicons`) and gave them to ``pool``; by default they are read here. Local
    workers analyse every file under these rules, and results are cached under this key. ``jobs``: the files
    as :func:`find_jobs` listed them, instead of listing ``paths`` again (the caller closes them); those
    :func:`run_key` hashed are looked up in the cache by that hash, not read again.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    check_options(workers, timeout)
    lexicon_paths = tuple(str(p) for p in lexicon)
    rules, lexicon_key = lexicons or run_lexicons(lexicon_paths)  # an invalid lexicon is a usage error, up front
    with find_jobs(paths, exclude) if jobs is None else nullcontext(jobs) as jobs:
        stats = stats if stats is not None else BatchStats()
        stats.files = len(jobs)
        cache = _open_cache(cache_path, lexicon_key, pdf_reader, retry_failed, timeout) \
            if cache_path is not None and not keep_documents else None
        cached = _cached(jobs, None if force else cache, encode_for)
        stats.cached = sum(cached)
        stats.analysed = len(jobs) - stats.cached
        peak = [0]
        in_parent = cached  # the cached results the parent reads when their turn comes
        todo: Iterable[Job] = (job for job in jobs if not cached[job.index])
        count = stats.analysed  # the jobs the workers get
        if executor is not None:
            stream = run_on_executor(todo, executor, timeout, keep_documents, lexicon_paths, pdf_reader, encode_for)
        else:
            n = workers or default_workers()
            fmt = worker_encoding(n, encode_for)
            if fmt is not None and stats.cached:
                # where every core runs a worker, the workers read them instead, each decoded and encoded where
                # it is read like an analysed one: the parent only writes them (with a core to spare, the parent
                # reads them there while the workers analyse)
                where = CachedIn(str(cache.path), cache.fingerprint, fmt)
                todo = (replace(job, cached=where) if cached[job.index] else job for job in jobs)
                in_parent, count = bytearray(len(jobs)), len(jobs)
            stream = run_jobs(todo, n, timeout, keep_documents, lexicon_paths, peak, pdf_reader, pool, fmt, idle,
                              rules, count) if count else iter(())
        order = _InOrder(jobs, in_parent, cache, progress,
                         lambda job: analyze_task(job.path, job.report_id, keep_documents, lexicon_paths, timeout,
                                                  pdf_reader, encode_for, rules), encode_for)
        try:
            yield from order.due()
            for result in stream:
                if cache is not None and not result.report.sha256:  # a file that timed out or crashed its worker:
                    job = jobs[jobs.index_of(result.report.report_id)]  # remember it by content
                    result.report.sha256 = _sha256(job)
                if encode_for is not None and isinstance(result, ReportResult):  # not encoded by a worker
                    result = encode(result, encode_for)
                if cache is not None:
                    cache.put_new(result)
                order.finished(result)
                yield from order.due()
        finally:
            if executor is None:
                stats.worker_peak_mb = peak[0]
            if cache is not None:
                cache.close()
                stats.notes.extend(cache.notes)


def run_lexicons(lexicon_paths: tuple[str, ...]) -> tuple[Rules, str]:
    """The rules of the lexicons and their cache key (:func:`~nlp.runtime.cache.fingerprint`), read together when
    a run starts. The key is taken first: a lexicon edited in between then gives the next run a cache miss, never
    a stale hit. An invalid or missing lexicon, or a wrong value in a file a stage compiles (tracking.yaml, the
    table files), is a UsageError naming the file, before any file is read. The compiled rules of
    ``tracking.yaml`` are brought up to date too, before any worker is forked."""
    from ..rules import check_stages, load_rules
    from ..rules_tracking import refresh

    try:
        key = fingerprint(lexicon_paths)
    except OSError:  # a lexicon file is missing: load_rules says which
        key = ""
    rules = load_rules(lexicon_paths)
    check_stages(rules)
    refresh(rules.tracking)
    return rules, key or fingerprint(lexicon_paths)


def spare_core(workers: int) -> bool:
    """Whether the parent of a run with ``workers`` local workers has a core that no worker uses: it then encodes
    the results (:func:`worker_encoding`) and takes a share of the cross-year stage
    (:func:`nlp.runtime.pool.local_map`), work that core would otherwise leave to the busy ones."""
    return workers < usable_cpus()


def worker_encoding(workers: int, encode_for: str | None) -> str | None:
    """What local workers encode their results for: where every core runs a worker, each result is encoded
    where it was made (the parent then only copies text); with a core to spare, the parent encodes it there
    (that core would idle otherwise) and the workers only analyse."""
    return None if spare_core(workers) else encode_for


def _open_cache(path: Path, lexicon_fingerprint: str, pdf_reader: str, retry_failed: bool, timeout: float):
    from .cache import ResultCache

    cache = ResultCache(path, cache_fingerprint(lexicon_fingerprint, pdf_reader), retry_failed, timeout)
    cache.drop_stale()
    return cache


def cache_fingerprint(lexicon_fingerprint: str, pdf_reader: str) -> str:
    """The key of a run's results in the cache: the lexicons' fingerprint (:func:`run_lexicons`), and the PDF
    reader when it is not the default (results of the two readers are kept apart)."""
    return lexicon_fingerprint + ("" if pdf_reader == DEFAULT_READER else f"+{pdf_reader}")


class _InOrder:
    """Hands results out in input order: a result that finished early waits for those before it (bounded by the
    time limit, not the corpus), and a cached result is read from the cache only when its turn comes.
    ``cached``: a byte per job, true where the cache holds its result."""

    def __init__(self, jobs: JobList, cached: bytearray, cache,
                 progress: Callable[[ReportResult, int, int], None] | None,
                 analyse: Callable[[Job], ReportResult], encode_for: str | None) -> None:
        self.jobs = jobs
        self.encode_for = encode_for
        self.total = len(jobs)
        self.cached, self.cache, self.progress, self.analyse = cached, cache, progress, analyse
        self.ready: dict[int, ReportResult] = {}
        self.done = self.next = 0

    def finished(self, result: ReportResult) -> None:
        self.ready[self.jobs.index_of(result.report.report_id)] = result
        self._count(result)

    def due(self) -> Iterator[ReportResult]:
        """Every result whose turn has come."""
        while self.next in self.ready or (self.next < self.total and self.cached[self.next]):
            if self.next in self.ready:
                result = self.ready.pop(self.next)
            else:
                job = self.jobs[self.next]
                result = self.cache.get(shown_path(job.path), job.sha256, self.encode_for)
                if result is None:  # the entry went bad since it was found: analyse the file here
                    result = self.analyse(job)
                    self.cache.put(result)
                elif isinstance(result, EncodedResult):  # (a plain result read back has nothing new to store)
                    self.cache.put_new(result)
                self._count(result)
            yield result
            self.next += 1

    def _count(self, result: ReportResult) -> None:
        self.done += 1
        if self.progress:
            self.progress(result, self.done, self.total)


def _cached(jobs: JobList, cache, encode_for: str | None) -> bytearray:
    """A byte per job: 1 where the cache holds its result in a form the run can use (``encode_for``: see
    :meth:`~nlp.runtime.cache.ResultCache.has`), read when its turn comes. A job :func:`run_key` did not hash is
    hashed here, and the hash recorded for that moment."""
    cached = bytearray(len(jobs))
    if cache is None:
        return cached
    for job in jobs:
        digest = _sha256(job)
        if digest and not job.sha256:
            jobs.set_sha256(job, digest)
        if digest and cache.has(shown_path(job.path), digest, job.report_id, encode_for):
            cached[job.index] = 1
    return cached


def _sha256(job: Job) -> str:
    """The job's content hash: as :func:`run_key` found it, else read now ("" for an unreadable file)."""
    return job.sha256 or _digest(job.path)


def find_jobs(paths: Iterable[str | os.PathLike] | str | os.PathLike, exclude: Path | None = None,
              folder: Path | None = None) -> JobList:
    """The input files under ``paths`` (see :func:`~nlp.runtime.batch.discover`) with their report ids, kept
    in a file in ``folder`` (the temporary folder by default) until the list is closed. A run lists them once
    and hands the list to :func:`run_key` and :func:`iter_results`: listing a folder of 100,000 files takes
    seconds, and the list on disk keeps the parent's memory the same whatever the number of files."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return JobList.find([str(p) for p in paths], exclude, folder)


def _digest(path: str) -> str:
    """SHA-256 of a file, "" when it cannot be read (the analysis then reports why)."""
    try:
        return sha256_of(path)
    except (OSError, ReadError):
        return ""


def run_key(paths: Iterable[str | os.PathLike], exclude: Path | None, lexicon_paths: tuple[str, ...],
            options: str = "", lexicon_key: str | None = None, jobs: JobList | None = None) -> str:
    """Identifies a run: the files (paths and contents), the pipeline and lexicon fingerprint and the output
    options. Two runs with the same key write the same outputs. ``lexicon_key``: the lexicons' fingerprint as the
    run read them (:func:`run_lexicons`; by default read here). ``jobs``: the files as :func:`find_jobs` listed
    them (instead of ``paths`` and ``exclude``); each gets its ``sha256`` (pass them on to :func:`iter_results`)."""
    import hashlib

    key = hashlib.sha256(f"{lexicon_key or fingerprint(lexicon_paths)}\0{options}\n".encode())
    with find_jobs(paths, exclude) if jobs is None else nullcontext(jobs) as listed:
        for job in listed:
            digest = _digest(job.path)
            listed.set_sha256(job, digest)
            key.update(f"{shown_path(job.path)}\0{job.report_id}\0{digest or 'unreadable'}\n".encode())
    return key.hexdigest()
