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


def test_a_task_that_raises_fails_the_run_with_its_traceback():
    pool = Workers(1)
    try:
        with pytest.raises(RuntimeError, match="ValueError: negative"):
            list(local_map(pool, _square_where, [(1,), (-1,), (2,)]))
    finally:
        pool.close()


def test_executor_map_keeps_task_order_with_a_bounded_window():
    with ThreadPoolExecutor(3) as ex:
        assert [v for v, _ in executor_map(ex, _square_where, [(n,) for n in range(25)], window=4)] == \
            [n * n for n in range(25)]
