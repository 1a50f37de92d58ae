"""Running many files: discovery, report ids, and worker processes with a per-file time limit.

A pathological file (a PDF that makes the parser loop, a crash in a C extension) must not hang or kill the
batch. Each worker is a separate process fed one path at a time; the parent watches the clock and, when a file
exceeds its limit, kills that worker, records an error row and starts a fresh worker.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import re
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING

from ..read.pdf import DEFAULT_READER
from ..errors import UsageError
from ..read.files import shown_path
from .pool import Call
from .signals import STOP_SIGNALS, stop_signals_held
from ..schema import ReportRow
from .pipeline import ReportResult, analyze_file

if TYPE_CHECKING:
    from ..rules import Rules
    from .encoded import EncodedResult


@dataclass(frozen=True, slots=True)
class CachedIn:
    """Where a worker finds a job's result instead of analysing the file: the cache file of the run, the key of
    the run's results there, and the output format to encode the result for (see
    :func:`nlp.runtime.cache.read_cached`)."""

    cache: str
    fingerprint: str
    fmt: str


@dataclass(slots=True)
class Job:
    """One input file of a run, made from the run's list on disk (:mod:`.joblist`) when it is needed: slotted,
    the path found and the report id made once."""

    index: int
    path: str
    report_id: str
    sha256: str = ""  # the content's SHA-256 once :func:`nlp.runtime.stream.run_key` has hashed it
    cached: CachedIn | None = None  # the cache holds its result: the worker reads it there


def discover(inputs: Iterable[str], exclude: Path | None = None) -> list[str]:
    """Files named or found (recursively) under the inputs, in a stable order (see :func:`walk`), each file once
    (the first path it was met by). A run keeps this list on disk instead (:class:`~nlp.runtime.joblist.JobList`)."""
    seen: set[object] = set()
    unique = []
    for f in walk(inputs, exclude):
        key = identity(Path(f))
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def walk(inputs: Iterable[str], exclude: Path | None = None) -> Iterator[str]:
    """Files named or found (recursively) under the inputs, in a stable order; hidden files are skipped. A file
    reached by two paths (a link, an input named twice) comes twice: :func:`identity` tells them apart.

    Everything named on the command line is kept, whatever it is (a FIFO, a broken or looping link): reading
    decides and reports why it cannot be read. In folders, links to folders are not followed (no cycles), and
    the output folder is skipped wherever it lies in the tree; given as an input itself, the files zwgk writes
    there are skipped and the rest is read. Every input is checked before the first file is given.
    """
    inputs = list(inputs)
    for item in inputs:
        if not os.path.lexists(item):
            raise UsageError(f"input not found: {item}")
    excl = identity(exclude) if exclude is not None else None
    for item in inputs:
        p = Path(item)
        if not p.is_dir():
            yield str(p)
            continue
        for root, dirs, files in os.walk(p):
            rootp = Path(root)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (excl is None or identity(rootp / d) != excl))
            own = _written_by_zwgk() if excl is not None and identity(rootp) == excl else frozenset()
            yield from (str(rootp / f) for f in sorted(files) if not f.startswith(".") and f not in own)


def _written_by_zwgk() -> frozenset[str]:
    """The names of the files a run writes into its output folder."""
    from ..schema import TABLES

    names = {t.file for t in TABLES} | {Path(t.file).with_suffix(".parquet").name for t in TABLES}
    return frozenset(names | {"report.html", "zwgk.xlsx", "lexicon_untagged.csv", "lexicon_candidates.csv"})


def identity(path: Path) -> object:
    """What makes two paths the same file: device and inode, or the absolute path where there is none (a
    broken or looping link)."""
    try:
        st = path.stat()
        return (st.st_dev, st.st_ino)
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def make_jobs(paths: list[str]) -> list[Job]:
    """Report ids from file names (readable, stable across runs).

    The stem when it is unique; the file name with its extension when two files share a stem (a report
    published both as PDF and as text); a -2, -3… suffix beyond that.
    """
    stems = [stem_of(path) for path in paths]
    shared = Counter(stems)
    used: set[str] = set()
    jobs = []
    for i, (path, stem) in enumerate(zip(paths, stems)):
        rid = numbered(name_base(path, shared[stem] > 1), used.__contains__)
        used.add(rid)
        jobs.append(Job(i, path, rid))
    return jobs


def stem_of(path: str) -> str:
    """The file's stem as a report id would show it (whitespace and slashes made ``_``)."""
    return shown_path(re.sub(r"[\s/\\]+", "_", Path(path).stem)) or "report"


def name_base(path: str, shared_stem: bool) -> str:
    """The report id of the file before numbering: its stem, or its name where another file has that stem."""
    return shown_path(re.sub(r"[\s/\\]+", "_", Path(path).name)) if shared_stem else stem_of(path)


def numbered(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, or ``base-2``, ``base-3``… the first that is not ``taken``."""
    rid, n = base, 1
    while taken(rid):
        n += 1
        rid = f"{base}-{n}"
    return rid


def _worker(conn: Connection, keep_document: bool, lexicon_paths: tuple[str, ...], pdf_reader: str,
            encode_for: str | None, rules: Rules | None = None) -> None:
    from .pipeline import warm_up

    # A worker leads its own process group, so that killing it (a file over its time limit) also kills what it
    # started: LibreOffice converting a .doc would otherwise outlive it. Ctrl-C is the parent's to handle: it
    # ends the workers, which must not each print a traceback.
    if hasattr(os, "setpgid"):
        os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # held by the parent while it forked us

    try:  # the run's rules (loaded here once if not given) and the segmenter, before the first file's time limit
        rules = warm_up(lexicon_paths, rules)
    except Exception:  # noqa: BLE001 - the first job will report the problem as an error row
        pass
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        if isinstance(job, Call):  # a task after the analysis (the cross-year stage of one body)
            conn.send((job.index, job.run(), _peak_rss_mb()))
            continue
        result = None
        if job.cached is not None:  # decoded and encoded here, not in the parent (None: the entry went bad)
            from .cache import read_cached

            result = read_cached(job.cached, shown_path(job.path), job.sha256)
        if result is None:
            result = analyze_task(job.path, job.report_id, keep_document, lexicon_paths, pdf_reader=pdf_reader,
                                  encode_for=encode_for, rules=rules)
        conn.send((job.index, result, _peak_rss_mb()))


def _peak_rss_mb() -> int:
    """Peak resident memory of this process in MB (0 where the platform does not tell)."""
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return int(peak / 1024) if sys.platform != "darwin" else int(peak / 1024 / 1024)
    except (ImportError, OSError):
        return 0


# Jobs sent ahead to each worker. With one, a worker waits while the parent writes the previous result (CSV,
# cache, cross-year store: a few ms on the same two cores); with two, the next file is already in its pipe.
IN_FLIGHT = 2
# ...when the parent does other work while it waits (``idle`` of run_jobs: a body's cross-year stage, tens of ms).
IN_FLIGHT_IDLE = 6
# Seconds a worker may take to warm up (lexicons, tagger, segmenter; about 0.4 s here, longer on a first run,
# when jieba builds its caches), on top of its first file's time limit.
WARM_UP_LIMIT = 300.0


class _Slot:
    """One worker process and the jobs sent to it, oldest (the one it is working on) first."""

    def __init__(self, ctx: mp.context.BaseContext, options: tuple) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, *options), daemon=True)
        with stop_signals_held():
            self.proc.start()
        child.close()
        self.jobs: deque[Job] = deque()
        self.deadline = 0.0  # of the oldest job: it started when the one before it came back
        self.ready = False  # it said it has warmed up
        self.used = False  # it was given work

    def wait_ready(self) -> None:
        """Wait until the worker has built its pipeline (so that it is not charged to the first file)."""
        if self.ready:
            return
        try:
            if self.conn.poll(WARM_UP_LIMIT):
                self.conn.recv()
        except (EOFError, OSError):
            pass  # a dead worker: the first send or receive on it reports the failure
        self.ready = True

    def send(self, job: Job | Call, timeout: float, send: Callable[[Job | Call], None] | None = None) -> None:
        """Queue ``job`` in the worker's pipe (``send``: how, instead of writing it from this thread). A worker
        still warming up takes it once it is ready: the job's clock starts then (:meth:`warmed_up`), so the
        warm-up is not charged to a file."""
        self.used = True
        (send or self.conn.send)(job)
        if not self.jobs:
            self.deadline = time.monotonic() + timeout + (0.0 if self.ready else WARM_UP_LIMIT)
        self.jobs.append(job)

    def warmed_up(self, timeout: float) -> None:
        """The worker said it is ready (a message :meth:`wait_ready` did not wait for): its oldest job starts
        now."""
        self.ready = True
        if self.jobs:
            self.deadline = time.monotonic() + timeout

    def finished(self, timeout: float) -> Job:
        """The oldest job is done; the next one, already sent, starts its clock now."""
        job = self.jobs.popleft()
        self.deadline = time.monotonic() + timeout
        return job

    def kill(self) -> None:
        _kill_group(self.proc)
        self.proc.join(5)
        self.conn.close()


def _kill_group(proc: mp.process.BaseProcess) -> None:
    """Kill a worker and every process it started (its process group; see :func:`_worker`)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # type: ignore[arg-type]
    except (AttributeError, OSError):  # no process groups here, or the worker had not made its own yet
        proc.kill()


class Workers:
    """The local worker processes of a run, started when first needed and kept until :meth:`close`: the
    analysis (:func:`run_jobs`) and then the cross-year stage (:func:`nlp.runtime.pool.local_map`) use the same
    warmed-up processes. ``encode_for``: the output format the workers encode their results for (see
    :func:`analyze_task`; None: results as objects). ``rules``: the run's rules, those of ``lexicon_paths`` as
    the run validated them; forked workers analyse under them (a spawned worker, which cannot be handed them,
    loads them as it starts)."""

    def __init__(self, workers: int, keep_document: bool = False, lexicon_paths: tuple[str, ...] = (),
                 pdf_reader: str = DEFAULT_READER, encode_for: str | None = None, rules: Rules | None = None) -> None:
        self.size = max(1, workers)
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self.ctx = mp.get_context(method)
        self.options = (keep_document, tuple(lexicon_paths), pdf_reader, encode_for,
                        rules if method == "fork" else None)
        self.slots: list[_Slot] = []

    def start(self) -> None:
        """Start the first worker now, without waiting for it: it warms up (lexicons, tagger, segmenter: about
        0.4 s) while the parent still prepares the run (hashing the inputs, opening the outputs), instead of
        after. :meth:`grow` starts the others, when the number of files is known."""
        if not self.slots:
            self.slots.append(_Slot(self.ctx, self.options))

    def grow(self, n: int, wait: bool = True) -> list[_Slot]:
        """Start workers until there are ``min(n, size)`` (at least one); they warm up in parallel, and with
        ``wait`` each is ready when this returns. Without, the caller reads each worker's "ready" message
        (:meth:`_Slot.warmed_up`) and may queue jobs meanwhile: :func:`run_jobs` does, so that a worker that is
        ready works while the others still warm up."""
        self.slots.extend(_Slot(self.ctx, self.options) for _ in range(max(1, min(n, self.size)) - len(self.slots)))
        if wait:
            for slot in self.slots:
                slot.wait_ready()
        return self.slots

    def replace(self, i: int, pending: _Queue) -> None:
        """A fresh worker in place of worker ``i`` (see :func:`_replace`)."""
        self.slots[i] = _replace(self.slots[i], pending, self.ctx, self.options)

    def restart_busy(self) -> None:
        """Replace the workers that still have tasks (after a failed stage of tasks: a worker may be in the middle
        of one, or of reading the next), so that the pool is ready for the caller's next tasks. Whoever writes to
        their pipes from another thread must have stopped first (the pipes are closed here)."""
        for i, slot in enumerate(self.slots):
            if slot.jobs:
                self.replace(i, _Queue(()))

    def close(self) -> None:
        _stop(self.slots)
        self.slots = []


def run_jobs(jobs: Iterable[Job], workers: int = 1, timeout: float = 120.0, keep_document: bool = False,
             lexicon_paths: tuple[str, ...] = (), peak: list[int] | None = None,
             pdf_reader: str = DEFAULT_READER, pool: Workers | None = None,
             encode_for: str | None = None, idle: Callable[[], bool] | None = None,
             rules: Rules | None = None, count: int | None = None) -> Iterator[ReportResult | EncodedResult]:
    """Analyse the jobs in worker processes; yields results as they complete. Workers started here get their
    first files while they warm up, so the first worker that is ready does not wait for the others.

    Each worker has up to :data:`IN_FLIGHT` jobs sent ahead; when one exceeds the time limit or crashes its
    worker, that job gets an error row, the worker is replaced and the jobs queued behind it are sent again.
    A worker that dies before it is ready has started none of its jobs: they all go to its replacement.
    ``peak``: a one-element list that receives the highest peak memory (MB) reported by a worker. ``pool``: the
    workers to use and leave running (default: workers of this call, stopped at the end, which encode their
    results for the output format ``encode_for``, see :func:`analyze_task`; the pool's own setting otherwise).
    The error rows of files no worker finished are never encoded. ``idle``: called whenever no worker has a
    result ready and no file is overdue, until it returns False (it did nothing); each worker then has
    :data:`IN_FLIGHT_IDLE` jobs sent ahead, so that it has files queued meanwhile (it still waits once the
    results it sent fill its pipe, a few hundred KB). Calls stop once a file is overdue; a file's clock starts
    when the parent takes the result before it, so a call in between may give it that call's time more.
    ``rules``: the run's rules, for the workers of this call (see :class:`Workers`). ``count``: the number of
    jobs, when ``jobs`` is an iterator (they are drawn from it as workers take them: a run's list is on disk)."""
    own = pool is None
    pool = pool or Workers(workers, keep_document, lexicon_paths, pdf_reader, encode_for, rules)
    pending = _Queue(jobs)
    slots = pool.grow(len(jobs) if count is None else count, wait=False)
    ahead = IN_FLIGHT if idle is None else IN_FLIGHT_IDLE
    try:
        while pending or any(s.jobs for s in slots):
            for i in range(len(slots)):
                failed = _feed(pool, i, pending, timeout, ahead)
                if failed is not None:
                    yield failed
            busy = [s for s in slots if s.jobs]
            if not busy:
                continue
            conns, deadline = [s.conn for s in busy], min(s.deadline for s in busy)
            ready = []
            if idle is not None:
                ready = wait(conns, timeout=0)
                while not ready and time.monotonic() < deadline and idle():
                    ready = wait(conns, timeout=0)
            if not ready:
                ready = wait(conns, timeout=max(0.0, deadline - time.monotonic()))
            now = time.monotonic()
            for i, slot in enumerate(slots):
                if not slot.jobs:
                    continue
                if slot.conn in ready:
                    try:
                        message = slot.conn.recv()
                        if message == "ready":  # the worker has warmed up: its first file starts now
                            slot.warmed_up(timeout)
                            continue
                        _, result, rss = message
                        slot.finished(timeout)
                        if peak is not None:
                            peak[0] = max(peak[0], rss)
                    except (EOFError, OSError):
                        if not slot.ready:  # it died warming up, on none of its files: they all go again
                            pending.extendleft(reversed(slot.jobs))
                            slot.jobs.clear()
                            pool.replace(i, pending)
                            continue
                        result = _error(slot.jobs[0], "the analysis process crashed on this file "
                                                      f"(exit code {slot.proc.exitcode})")
                        pool.replace(i, pending)
                    yield result
                elif now >= slot.deadline:
                    result = _error(slot.jobs[0], _timed_out(timeout))
                    pool.replace(i, pending)
                    yield result
    finally:
        if own:
            pool.close()


class _Queue:
    """The jobs still to send: those given back (their worker died before starting them) first, then the rest,
    drawn from ``jobs`` one at a time as workers take them."""

    def __init__(self, jobs: Iterable[Job]) -> None:
        self.front: deque[Job] = deque()
        self.rest = iter(jobs)

    def __bool__(self) -> bool:
        if not self.front:
            job = next(self.rest, None)
            if job is None:
                return False
            self.front.append(job)
        return True

    def popleft(self) -> Job:
        return self.front.popleft() if self.front else next(self.rest)

    def appendleft(self, job: Job) -> None:
        self.front.appendleft(job)

    def extendleft(self, jobs: Iterable[Job]) -> None:
        self.front.extendleft(jobs)


def _stop(slots: list[_Slot], grace: float = 2.0) -> None:
    """Ask every worker to end, give them one shared grace period, kill the rest (a stopped run with many
    workers ends in seconds, not one second per worker). A worker that was never given work (started early
    for a run that then had nothing to analyse) is killed at once: it may still be warming up."""
    for slot in [s for s in slots if not s.used]:
        slot.kill()
    slots = [s for s in slots if s.used]
    for slot in slots:
        try:
            slot.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
    deadline = time.monotonic() + grace
    for slot in slots:
        slot.proc.join(max(0.0, deadline - time.monotonic()))
    for slot in slots:
        if slot.proc.is_alive():
            _kill_group(slot.proc)
            slot.proc.join(1)


def _feed(pool: Workers, i: int, pending: _Queue, timeout: float, ahead: int) -> ReportResult | None:
    """Send worker ``i`` jobs until it has ``ahead``; the error row of a job no worker could take."""
    slots = pool.slots
    while pending and len(slots[i].jobs) < ahead:
        job = pending.popleft()
        try:
            slots[i].send(job, timeout)
        except (BrokenPipeError, OSError):
            if slots[i].jobs:  # it died working on a file: the main loop reports that file and replaces it
                pending.appendleft(job)
                return None
            pool.replace(i, pending)
            try:
                slots[i].send(job, timeout)
            except (BrokenPipeError, OSError):
                return _error(job, "no analysis process could be started for this file")
    return None


def _replace(slot: _Slot, pending: _Queue, ctx: mp.context.BaseContext,
             options: tuple[bool, tuple[str, ...], str]) -> _Slot:
    """A fresh worker for one that died or overran; the jobs it had not started go back to the front of the
    queue, in order (the oldest job, the one it was on, is the caller's to report)."""
    slot.kill()
    pending.extendleft(reversed(list(slot.jobs)[1:]))
    fresh = _Slot(ctx, options)
    fresh.wait_ready()
    return fresh


def _error(job: Job, message: str) -> ReportResult:
    """The error row of a file the batch could not analyse (the path shown as any UTF-8 output can hold it)."""
    return ReportResult(ReportRow(job.report_id, shown_path(job.path), "error", message))


TIMEOUT_MESSAGE = "time limit exceeded"  # how the row of a timed-out file begins (the cache looks for it)


def _timed_out(timeout: float) -> str:
    return f"{TIMEOUT_MESSAGE}: analysis took longer than {timeout:g} s (file skipped)"


def analyze_task(path: str, report_id: str, keep_document: bool, lexicon_paths: tuple[str, ...],
                 timeout: float | None = None, pdf_reader: str = DEFAULT_READER,
                 encode_for: str | None = None, rules: Rules | None = None) -> ReportResult | EncodedResult:
    """One file as a picklable task for any ``concurrent.futures.Executor`` (a Dask client's included).

    With ``encode_for`` (an output format, "csv" or "parquet") the result comes encoded for an output folder,
    where it was made (:func:`nlp.runtime.encoded.encode`): the parent of the batch then only copies text.
    ``rules``: those of ``lexicon_paths`` when the caller holds them (a local worker has the run's, see
    :class:`Workers`); a task sent elsewhere loads them where it runs.

    With ``timeout`` the analysis runs in a helper thread and an overdue file becomes an error row. A thread
    cannot be killed, so a truly hung file keeps its worker thread busy until it ends; the local engine, which
    kills the process instead, has no such leak."""
    def run() -> ReportResult:
        try:
            if rules is None:  # sent elsewhere: a Dask worker lasts across runs, so tracking.yaml as it is now
                from .pool import fresh_call

                return fresh_call(analyze_file, path, report_id, keep_document, lexicon_paths, pdf_reader)
            return analyze_file(path, report_id, keep_document, lexicon_paths, pdf_reader, rules)
        except Exception as exc:  # noqa: BLE001 - a bug on one file must not end the batch
            return _error(Job(0, path, report_id), f"internal error while analysing: {type(exc).__name__}: {exc}")
    if encode_for is not None:
        from .encoded import encode

        return encode(_limited(run, path, report_id, timeout), encode_for)
    return _limited(run, path, report_id, timeout)


def _limited(run: Callable[[], ReportResult], path: str, report_id: str, timeout: float | None) -> ReportResult:
    """``run()``, turned into an error row when it takes longer than ``timeout`` (see :func:`analyze_task`)."""
    if timeout is None:
        return run()
    import concurrent.futures as cf

    pool = cf.ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(run).result(timeout=timeout)
    except cf.TimeoutError:
        return _error(Job(0, path, report_id), _timed_out(timeout))
    finally:
        pool.shutdown(wait=False)


def run_on_executor(jobs: list[Job], executor, timeout: float = 120.0, keep_document: bool = False,
                    lexicon_paths: tuple[str, ...] = (), pdf_reader: str = DEFAULT_READER,
                    encode_for: str | None = None) -> Iterator[ReportResult | EncodedResult]:
    """Analyse the jobs on a ``concurrent.futures.Executor`` (e.g. ``distributed.Client.get_executor()``);
    yields results as they complete."""
    from concurrent.futures import as_completed

    futures = {executor.submit(analyze_task, j.path, j.report_id, keep_document, tuple(lexicon_paths), timeout,
                               pdf_reader, encode_for): j
               for j in jobs}
    for fut in as_completed(futures):
        job = futures[fut]
        try:
            yield fut.result()
        except Exception as exc:  # noqa: BLE001 - a lost worker, a serialisation error
            yield _error(job, f"the analysis task failed: {type(exc).__name__}: {exc}")
