"""Tasks after the analysis, run where the analysis ran: the cross-year stage, one body per task.

The parent of a batch only streams rows to files; comparing a body's reports across years costs ~10 ms of CPU
per report (segmenting and matching sentences), which done in the parent made a serial tail after the workers
(17–20 minutes of one core for 100,000 reports). Here each body is a task for the warmed-up local workers
(:func:`local_map`) or for any ``concurrent.futures.Executor``, a Dask client's included (:func:`executor_map`).
Both hand the results back in the order the tasks were given, with a bounded number of tasks out at once, so the
parent holds a few bodies at a time, not the corpus. A local worker has its next task sent ahead (:data:`AHEAD`)
by a thread of the parent's: it starts that task as soon as it has sent a result, instead of waiting for the
parent to take the result and build the next task. With one task at a time, the workers of a run of 5,000
reports were busy three quarters of the stage; with the next one sent ahead, 82–90% (the parent, writing the
rows, has the rest of the two cores).

With fewer workers than cores (``--workers 1`` on two cores) the parent has a core of its own, idle once the
analysis is over: there it takes tasks too, so the stage ends in about half the time. Unless it has loaded the
segmenter already (comparing bodies early, :mod:`.early`), it joins only when the stage has lasted
:data:`HELP_AFTER` seconds, because its first task loads it (a few tenths of a second that a small run would not
win back).
"""
from __future__ import annotations

import math
import queue
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import TYPE_CHECKING, Any

from ..text import segmenter

if TYPE_CHECKING:
    from .batch import Workers

# Results held back at most per worker while an earlier (larger) body is still being compared.
WINDOW = 8
# Tasks sent to a local worker at a time: the one it runs and the next.
AHEAD = 2
# Seconds into the stage after which a parent with a core to spare takes tasks too.
HELP_AFTER = 0.5


@dataclass
class Call:
    """``fn(*args)`` to run in a worker process (``fn`` a module-level function, so that it pickles by name)."""

    index: int
    fn: Callable[..., Any]
    args: tuple

    def run(self) -> Any:
        try:
            return self.fn(*self.args)
        except Exception:  # noqa: BLE001 - sent back to the parent, which raises it there
            return Failed(traceback.format_exc())


@dataclass
class Failed:
    """A task that raised: the traceback as text (the exception itself may not pickle)."""

    trace: str


def local_map(pool: Workers, fn: Callable[..., Any], tasks: Iterable[tuple],
              spare_core: bool = False) -> Iterator[Any]:
    """``fn(*task)`` for each task on the pool's workers, results in task order.

    :data:`AHEAD` tasks per worker at a time, each sent by the worker's :class:`_Sender`. No time limit: a body's
    comparison is bounded by its reports, each of which was analysed within the limit. ``spare_core``: the
    parent has a core no worker uses, and takes tasks too once the stage has lasted :data:`HELP_AFTER` seconds
    (at once if it has loaded the segmenter already)."""
    slots = pool.grow(pool.size)
    senders = {id(slot): _Sender(slot.conn) for slot in slots}
    stopped: BaseException | None = None
    try:
        yield from _local_map(slots, senders, fn, tasks, spare_core)
    except BaseException as exc:
        # The busy workers' tasks are no longer wanted, and a sender may be half-way through writing the next one:
        # they are stopped (a send blocked on one fails) and their senders end; after a failed task fresh workers
        # take their place (not when the run is interrupted: its pool is closed next).
        stopped = exc
        for slot in slots:
            if slot.jobs:
                slot.proc.kill()
        raise
    finally:
        for sender in senders.values():
            sender.close()
        if isinstance(stopped, Exception):
            pool.restart_busy()


def _local_map(slots: list, senders: dict[int, _Sender], fn: Callable[..., Any], tasks: Iterable[tuple],
               spare_core: bool) -> Iterator[Any]:
    todo = iter(tasks)
    done: dict[int, Any] = {}
    sent = given = 0
    more = True
    help_from = time.monotonic() + (0.0 if segmenter.loaded() else HELP_AFTER) if spare_core else math.inf
    while more or given < sent:
        for slot in slots:
            while more and len(slot.jobs) < AHEAD and sent - given < WINDOW * len(slots):
                task = next(todo, None)
                if task is None:
                    more = False
                else:
                    slot.send(Call(sent, fn, task), math.inf, senders[id(slot)].send)
                    sent += 1
        busy = [s for s in slots if s.jobs]
        helping = more and time.monotonic() >= help_from and sent - given < WINDOW * (len(slots) + 1)
        if helping:  # every worker has a task: run the next one here, then collect what the workers finished
            task = next(todo, None)
            if task is None:
                more = helping = False
            else:
                done[sent] = _value(Call(sent, fn, task).run())
                sent += 1
        for conn in wait([s.conn for s in busy], timeout=0 if helping else None) if busy else ():
            slot = next(s for s in busy if s.conn is conn)
            try:
                message = conn.recv()
            except (EOFError, OSError) as exc:
                raise RuntimeError(f"a worker process died in the cross-year stage (exit code "
                                   f"{slot.proc.exitcode})") from senders[id(slot)].error or exc
            if message == "ready":
                continue
            index, value, _ = message
            slot.finished(math.inf)
            done[index] = _value(value)
        while given in done:
            yield done.pop(given)
            given += 1


class _Sender:
    """Sends one worker's tasks from a thread of its own. A task carries a body's reports (up to megabytes, more
    than a pipe holds) and the worker reads it only once it has finished the task before: sent from the parent's
    own thread, the parent would stop taking results meanwhile, the other workers' and, once they filled its
    pipe, this worker's own, which would then never read the task (a deadlock). The task is pickled here, in the
    caller's thread; the thread only writes the bytes, as ``Connection.send`` would."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.error: OSError | None = None  # why the worker could not be sent a task (it died)
        self._queue: queue.SimpleQueue[memoryview | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="zwgk-task-sender", daemon=True)
        self._thread.start()

    def send(self, call: Call) -> None:
        self._queue.put(ForkingPickler.dumps(call))

    def _run(self) -> None:
        while (data := self._queue.get()) is not None:
            try:
                self.conn.send_bytes(data)
            except OSError as exc:  # the worker died: the parent's read of its pipe reports it
                self.error = exc
                return

    def close(self) -> None:
        """End the thread once it has sent what it was given (or failed to: its worker died)."""
        self._queue.put(None)
        self._thread.join()


def executor_map(executor, fn: Callable[..., Any], tasks: Iterable[tuple], window: int = 16) -> Iterator[Any]:
    """``fn(*task)`` for each task on a ``concurrent.futures.Executor``, results in task order, at most
    ``window`` tasks submitted and not yet handed back. Each task runs under ``tracking.yaml`` as it is when it
    starts (:func:`fresh_call`)."""
    out: deque = deque()
    for task in tasks:
        out.append(executor.submit(fresh_call, fn, *task))
        if len(out) >= window:
            yield out.popleft().result()
    while out:
        yield out.popleft().result()


def fresh_call(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` after compiling ``tracking.yaml`` again if it changed. A local worker is forked with the
    rules the run compiled when it started; a Dask worker lasts across runs and keeps what it compiled for an
    earlier one, so a task sent there looks first (a few ``stat`` calls): a cross-year task here, an analysis task
    without the run's rules in :func:`~nlp.runtime.batch.analyze_task`."""
    from ..rules_tracking import refresh

    refresh()
    return fn(*args)


def _value(value: Any) -> Any:
    if isinstance(value, Failed):
        raise RuntimeError("the cross-year stage failed in a worker process:\n" + value.trace)
    return value
