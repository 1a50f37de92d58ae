"""Tasks after the analysis (the cross-year stage, one body per task) on the run's workers or an executor:
results in task order, a failure raised in the parent, the workers of the analysis reused."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from nlp.runtime.batch import Workers, make_jobs, run_jobs
from nlp.runtime.pool import executor_map, local_map


def _square_where(n: int) -> tuple[int, int]:
    if n < 0:
        raise ValueError("negative")
    return n * n, os.getpid()


def test_local_map_reuses_the_analysis_workers_and_keeps_task_order(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("二〇二一年政府信息公开工作年度报告\n一、总体情况\n本机关全面推进政务公开。\n", encoding="utf-8")
    pool = Workers(2)
    try:
        assert len(list(run_jobs(make_jobs([str(src)]), pool=pool))) == 1
        started = {s.proc.pid for s in pool.slots}
        out = list(local_map(pool, _square_where, [(n,) for n in range(40)]))
        assert [v for v, _ in out] == [n * n for n in range(40)]
        assert started <= {pid for _, pid in out} <= {s.proc.pid for s in pool.slots}
        assert len(pool.slots) == 2 and os.getpid() not in {pid for _, pid in out}
    finally:
        pool.close()


def _slow_square_where(n: int) -> tuple[int, int]:
    import time

    time.sleep(0.01)
    return _square_where(n)


def test_a_parent_with_a_spare_core_takes_tasks_too(monkeypatch):
    """--workers 1 on two cores: once the stage has lasted HELP_AFTER, the parent runs tasks beside the worker;
    the results still come in task order, and a task that raises in the parent fails the run the same way."""
    import nlp.runtime.pool as pool_module

    monkeypatch.setattr(pool_module, "HELP_AFTER", 0.0)
    pool = Workers(1)
    try:
        out = list(local_map(pool, _slow_square_where, [(n,) for n in range(30)], spare_core=True))
        assert [v for v, _ in out] == [n * n for n in range(30)]
        where = {pid for _, pid in out}
        assert os.getpid() in where and pool.slots[0].proc.pid in where
        with pytest.raises(RuntimeError, match="ValueError: negative"):
            list(local_map(pool, _square_where, [(1,), (2,), (-1,), (3,)], spare_core=True))
    finally:
        pool.close()


def test_a_short_stage_is_left_to_the_workers(monkeypatch):
    """A parent that has not loaded the segmenter leaves a short stage to the workers (loading it would cost
    more than the stage); one that has, because it compared bodies early, joins at once."""
    from nlp.text import segmenter

    pool = Workers(1)
    try:
        monkeypatch.setattr(segmenter, "loaded", lambda: False)
        out = list(local_map(pool, _square_where, [(n,) for n in range(10)], spare_core=True))
        assert os.getpid() not in {pid for _, pid in out}  # a short stage: over before HELP_AFTER
        monkeypatch.setattr(segmenter, "loaded", lambda: True)
        out = list(local_map(pool, _slow_square_where, [(n,) for n in range(10)], spare_core=True))
        assert os.getpid() in {pid for _, pid in out}
    finally:
        pool.close()


def test_a_task_that_raises_fails_the_run_with_its_traceback():
    pool = Workers(1)
    try:
        with pytest.raises(RuntimeError, match="ValueError: negative"):
            list(local_map(pool, _square_where, [(1,), (-1,), (2,)]))
    finally:
        pool.close()


def _echo(data: bytes, pause: float) -> tuple[int, bytes]:
    import time

    time.sleep(pause)
    return len(data), data  # a result as large as its task


def test_tasks_and_results_larger_than_a_pipe_are_sent_ahead_without_a_deadlock(monkeypatch):
    """Each worker has its next task sent ahead, from a thread: a task larger than its pipe waits there until the
    worker reads it, while the parent goes on taking results, the same worker's included (results as large)."""
    import signal

    from nlp.runtime import batch

    in_flight = []
    send = batch._Slot.send

    def counted(slot, job, timeout, how=None):
        send(slot, job, timeout, how)
        in_flight.append(len(slot.jobs))

    monkeypatch.setattr(batch._Slot, "send", counted)
    pool = Workers(2)

    def deadlocked(*_) -> None:
        for slot in pool.slots:  # so that the parent's blocked send ends, and the test fails instead of hanging
            slot.proc.kill()
        pytest.fail("the parent and its workers wait for each other")

    signal.signal(signal.SIGALRM, deadlocked)
    signal.alarm(120)
    try:
        out = list(local_map(pool, _echo, [(bytes([n]) * (3 << 20), 0.02) for n in range(12)]))
        assert [(size, data[:1]) for size, data in out] == [(3 << 20, bytes([n])) for n in range(12)]
        assert max(in_flight) == 2
    finally:
        signal.alarm(0)
        pool.close()


def _echo_unless_empty(data: bytes, pause: float) -> tuple[int, bytes]:
    if not data:
        raise ValueError("empty task")
    return _echo(data, pause)


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_failed_stage_leaves_the_pool_ready_for_the_next_tasks():
    """A task that raises ends the stage while the other worker is busy and has a large task half sent: that
    worker is replaced (after its sender thread has ended: no thread writes to a closed pipe), and the pool
    serves the next call."""
    pool = Workers(2)
    try:
        tasks = [(b"x" * (3 << 20), 0.3), (b"", 0.0), (b"y" * (3 << 20), 0.3), (b"z" * (3 << 20), 0.3)]
        with pytest.raises(RuntimeError, match="ValueError: empty task"):
            list(local_map(pool, _echo_unless_empty, tasks))
        assert not any(slot.jobs for slot in pool.slots)
        out = list(local_map(pool, _square_where, [(n,) for n in range(6)]))
        assert [v for v, _ in out] == [n * n for n in range(6)]
    finally:
        pool.close()


def test_executor_map_keeps_task_order_with_a_bounded_window():
    with ThreadPoolExecutor(3) as ex:
        assert [v for v, _ in executor_map(ex, _square_where, [(n,) for n in range(25)], window=4)] == \
            [n * n for n in range(25)]


def test_the_store_hands_a_body_out_with_what_its_comparison_needs(tmp_path):
    """A body from the cross-year store, compared in a worker, gives what the results themselves give: the text
    (whole-report evidence) and the cells the follow-up counts travel with it."""
    from dataclasses import asdict

    from conftest import CORPUS
    from nlp.rules_tracking import rules
    from nlp.crossyear.run import run_cross_year
    from nlp.runtime.pipeline import analyze_file
    from nlp.runtime.spill import SpillStore, track_body

    results = [analyze_file(p, p.stem) for p in sorted((CORPUS / "qingxi-xian").iterdir())]
    store = SpillStore(tmp_path)
    try:
        for r in results:
            store.add(r)
        (name,) = store.names()
        body = store.body(name)
    finally:
        store.close()
    counted = {cell for c in rules().counted for cell in c.cells}
    assert all(text for _, text in body.reports)
    assert any(f'"{t}","{r}","{c}"' in data for data, _ in body.reports for t, r, c in counted)
    ours, theirs = track_body(body), run_cross_year(results)
    assert len(ours.reports_in_series["青溪县"]) == 3 and any(r.evidence_item_id for r in ours.followup)
    for part in ("followup", "series", "recurring", "checks"):
        assert [asdict(x) for x in getattr(ours, part)] == [asdict(x) for x in getattr(theirs, part)], part
