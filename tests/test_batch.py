"""Batch behaviour: the incremental cache, atomic outputs, Parquet, and the Dask engine on a LocalCluster."""
from __future__ import annotations

import shutil

import pytest

from conftest import CORPUS
from nlp.api import BatchStats, analyze_to, iter_results
from nlp.cli import main


def _corpus_copy(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(CORPUS / "qingxi-xian", src / "qingxi-xian")
    shutil.copytree(CORPUS / "nanping-jyj", src / "nanping-jyj")
    return src


def test_rerun_reuses_unchanged_files_and_reanalyses_changed_ones(tmp_path):
    src = _corpus_copy(tmp_path)
    out = tmp_path / "out"
    assert main(["analyze", str(src), "--out", str(out), "-q"]) == 0
    first = (out / "items.csv").read_bytes()
    (out / "reports.csv").unlink()  # an output lost: the run is redone, every result from the cache
    run = analyze_to([src], out)
    assert (run.files, run.cached) == (6, 6)
    assert (out / "items.csv").read_bytes() == first  # identical outputs from the cache
    changed = next((src / "qingxi-xian").glob("*.txt"))
    changed.write_bytes(changed.read_bytes() + "\n".encode("gbk"))
    run = analyze_to([src], out)
    assert run.cached == 5
    assert analyze_to([src], out, force=True).cached == 0
    cache = tmp_path / "api-cache.sqlite"  # the API's own cache, of the results themselves
    for cached in (0, 6):
        stats = BatchStats()
        results = list(iter_results([src], workers=1, cache_path=cache, stats=stats))
        assert (stats.files, stats.cached, stats.analysed) == (6, cached, 6 - cached) and results[0].items
    # the folder's cache holds what the folder writes, not the rows: the API reads it as a miss, and stores its
    # own entries, which a run into the folder then packs again
    stats = BatchStats()
    list(iter_results([src], workers=1, exclude=out, cache_path=out / ".zwgk-cache.sqlite", stats=stats))
    assert (stats.cached, stats.analysed) == (0, 6)
    assert analyze_to([src], out, html=True).cached == 6  # (another option: not the last run again)
    (out / ".zwgk-cache.sqlite").unlink()  # safe to delete
    assert main(["analyze", str(src), "--out", str(out), "-q"]) == 0


def test_unchanged_rerun_stops_early_and_a_change_reruns(tmp_path, capsys):
    src = _corpus_copy(tmp_path)
    out = tmp_path / "out"
    assert main(["analyze", str(src), "--out", str(out), "-q"]) == 0
    capsys.readouterr()
    assert main(["analyze", str(src), "--out", str(out), "-q"]) == 0
    assert "nothing changed since the last run" in capsys.readouterr().out
    (out / "followup.csv").unlink()  # an output lost: written again
    assert main(["analyze", str(src), "--out", str(out), "-q"]) == 0
    assert "nothing changed" not in capsys.readouterr().out and (out / "followup.csv").exists()
    assert main(["analyze", str(src), "--out", str(out), "-q", "--format", "parquet"]) == 0  # other options: a new run
    assert "nothing changed" not in capsys.readouterr().out


def test_results_come_in_input_order_whatever_the_workers(tmp_path):
    src = _corpus_copy(tmp_path)
    one = [r.report.report_id for r in iter_results([src], workers=1)]
    two = [r.report.report_id for r in iter_results([src], workers=2)]
    assert one == two and len(one) == 6


def test_an_interrupted_run_leaves_earlier_outputs_whole(tmp_path, monkeypatch):
    src = _corpus_copy(tmp_path)
    out = tmp_path / "out"
    assert main(["analyze", str(src), "--out", str(out), "-q", "--force"]) == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}

    import nlp.outputs.folder

    def boom(self, result):
        raise KeyboardInterrupt

    monkeypatch.setattr(nlp.outputs.folder.Outputs, "add", boom)
    assert main(["analyze", str(src), "--out", str(out), "-q", "--force"]) == 130
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before
    assert not list(out.glob(".*.tmp")), "temporary files are cleaned up"


def test_parquet_outputs(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    out = tmp_path / "out"
    assert main(["analyze", str(CORPUS / "yuntai-qu"), "--out", str(out), "-q", "--format", "parquet"]) == 0
    items = pd.read_parquet(out / "items.parquet")
    assert {"item_id", "kind", "text", "topics"} <= set(items.columns)
    assert "问题" in "".join(items["text"]) or len(items) > 10
    # the same rows as the CSV outputs, every value as text ("" for empty), line breaks inside texts kept
    csv_out = tmp_path / "csv"
    assert main(["analyze", str(CORPUS / "yuntai-qu"), "--out", str(csv_out), "-q"]) == 0
    for name in ("items", "sections", "tags"):
        frame = pd.read_parquet(out / f"{name}.parquet")
        expected = pd.read_csv(csv_out / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(frame, expected)
    assert not list(out.glob("*.tmp")) and not list(out.glob("*.csv.*"))


def test_dask_engine_on_a_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = _corpus_copy(tmp_path)
    local = [(r.report.report_id, len(r.items)) for r in iter_results([src], workers=1)]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        out = tmp_path / "out"
        assert main(["analyze", str(src), "--out", str(out), "-q", "--engine", "dask",
                     "--scheduler", cluster.scheduler_address]) == 0
        with distributed.Client(cluster) as client:
            remote = [(r.report.report_id, len(r.items))
                      for r in iter_results([src], executor=client.get_executor())]
    assert remote == local
    assert (out / "items.csv").exists()


def test_dask_engine_needs_a_scheduler(tmp_path):
    assert main(["analyze", str(CORPUS / "yuntai-qu"), "--out", str(tmp_path / "o"), "--engine", "dask"]) == 2


def _csv(path):
    import pandas as pd

    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_cross_year_files_compared_body_by_body_equal_the_whole_corpus_analysis(tmp_path):
    """The CLI keeps only one body's reports in memory at a time for the cross-year stages (spilled to a
    temporary file); the result must be what the in-memory API computes over the whole corpus at once."""
    import nlp

    src = tmp_path / "in"
    shutil.copytree(CORPUS, src, ignore=shutil.ignore_patterns("bad"))
    dup = next((src / "qingxi-xian").glob("*2021*.txt"))
    # one report saved several times (identical copies, and one with a line added): rows in duplicates.csv
    shutil.copy(dup, src / "yuntai-qu" / ("copy_" + dup.name))
    shutil.copy(dup, src / "yuntai-qu" / ("copy2_" + dup.name))
    (src / "nanping-jyj" / ("longer_" + dup.name)).write_bytes(dup.read_bytes() + "\n附：联系电话。\n".encode("gbk"))
    out = tmp_path / "out"
    assert main(["analyze", str(src), "--out", str(out), "-q", "--workers", "2"]) == 0
    a = nlp.analyze([src], workers=2)
    from nlp.outputs.sinks import write_csv
    from nlp.schema import table

    for name in ("followup", "recurring", "series", "duplicates"):
        fname, columns = table(name).file, table(name).columns
        write_csv(tmp_path / fname, columns, getattr(a.tracking(), name))
        ours, theirs = _csv(out / fname), _csv(tmp_path / fname)
        assert len(ours) == len(theirs) > 0, name
        assert name != "duplicates" or len(ours) == 3
        assert sorted(map(tuple, ours.values.tolist())) == sorted(map(tuple, theirs.values.tolist())), name
    xyear = _csv(out / "checks.csv")
    xyear = xyear[xyear["rule"].str.startswith("xyear_")]
    assert len(xyear) == len([c for c in a.cross_year_checks()]) >= 6
    assert not list(out.glob(".*.tmp")), "the cross-year store is removed"


def test_cache_holds_plain_data_and_a_damaged_entry_is_analysed_again(tmp_path):
    import json
    import sqlite3

    import zstandard

    src = _corpus_copy(tmp_path)
    out = tmp_path / "out"
    assert main(["analyze", str(src), "--out", str(out), "-q"]) == 0
    first = (out / "items.csv").read_bytes()
    db = sqlite3.connect(out / ".zwgk-cache.sqlite")
    rows = db.execute("SELECT path, result FROM results_v5").fetchall()
    # compressed plain data (a JSON header, then texts), not pickle: no code runs
    assert len(rows) == 6 and all(json.loads(zstandard.decompress(r).decode().split("\n", 1)[0])["report"]
                                  for _, r in rows)
    db.execute("UPDATE results_v5 SET result = ? WHERE path = ?", (zstandard.compress(b"garbage"), rows[0][0]))
    db.execute("UPDATE results_v5 SET result = 'garbage' WHERE path = ?", (rows[1][0],))
    db.commit()
    db.close()
    (out / "items.csv").unlink()
    run = analyze_to([src], out)  # the two damaged entries: analysed again, by the worker that read them
    assert run.cached == 6 and run.failed == 0 and (out / "items.csv").read_bytes() == first
    assert main(["analyze", str(src), "--out", str(out), "-q", "--format", "parquet"]) == 0
    assert main(["analyze", str(src), "--out", str(out), "-q"]) == 0
    assert (out / "items.csv").read_bytes() == first


def test_jobs_queued_behind_a_file_that_times_out_or_crashes_are_analysed(tmp_path, monkeypatch):
    """Each worker has files sent ahead; a file that overruns or kills its worker gets its row, the files
    queued behind it are sent to the fresh worker, none is lost or charged with the other's time."""
    import os
    import time

    from nlp.runtime import batch

    real = batch.analyze_task

    def task(path, report_id, *args, **kwargs):
        if path.endswith("slow.txt"):
            time.sleep(60)
        if path.endswith("crash.txt"):
            os._exit(3)
        return real(path, report_id, *args, **kwargs)

    monkeypatch.setattr(batch, "analyze_task", task)  # the workers are forked: they see it
    text = next((CORPUS / "qingxi-xian").glob("*.txt")).read_bytes()
    names = ["a.txt", "slow.txt", "b.txt", "c.txt", "crash.txt", "d.txt", "e.txt"]
    for name in names:
        (tmp_path / name).write_bytes(text)
    jobs = batch.make_jobs([str(tmp_path / n) for n in names])
    results = {r.report.report_id: r.report for r in batch.run_jobs(jobs, workers=1, timeout=3)}
    assert set(results) == {n[:-4] for n in names}
    assert "time limit" in results["slow"].message and "crashed" in results["crash"].message
    assert all(results[n].status != "error" for n in "abcde")


def test_a_worker_killed_over_its_time_limit_takes_its_child_processes_with_it(tmp_path, monkeypatch):
    """A converter a worker started (LibreOffice for a .doc) must not outlive the worker killed over its limit."""
    import os
    import subprocess
    import time

    from nlp.runtime import batch

    real = batch.analyze_task
    pid_file = tmp_path / "child.pid"

    def task(path, report_id, *args, **kwargs):
        if path.endswith("convert.txt"):
            child = subprocess.Popen(["sleep", "120"])
            pid_file.write_text(str(child.pid))
            time.sleep(120)
        return real(path, report_id, *args, **kwargs)

    monkeypatch.setattr(batch, "analyze_task", task)  # the workers are forked: they see it
    text = next((CORPUS / "qingxi-xian").glob("*.txt")).read_bytes()
    for name in ("convert.txt", "after.txt"):
        (tmp_path / name).write_bytes(text)
    jobs = batch.make_jobs([str(tmp_path / n) for n in ("convert.txt", "after.txt")])
    results = {r.report.report_id: r.report for r in batch.run_jobs(jobs, workers=1, timeout=3)}
    assert "time limit" in results["convert"].message and results["after"].status != "error"
    child = int(pid_file.read_text())
    for _ in range(50):  # killed with its worker: gone once init has reaped it
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(child, 9)
        raise AssertionError("the worker's child process outlived the worker")


def test_a_worker_analyses_a_run_under_the_rules_it_started_with(tmp_path):
    """A run's cache entries are keyed by the lexicons as they were when it started; a lexicon an analyst edits
    during the run must not change the files a worker analyses after the edit (it loads the rules once)."""
    from nlp.runtime import batch

    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("topics:\n  T90: {name: 试验, definition: x, terms: [无此用语之词]}\n", encoding="utf-8")
    jobs = batch.make_jobs([str(tmp_path / n) for n in _copies(tmp_path, 6)])
    topics = {}
    for result in batch.run_jobs(jobs, workers=1, lexicon_paths=(str(lexicon),)):
        if not topics:  # the first result is in; the worker is on the next files
            lexicon.write_text("topics:\n  T90: {name: 试验, definition: x, terms: [政府信息公开, 主动公开]}\n",
                               encoding="utf-8")
        topics[result.report.report_id] = {t.topic for t in result.tags}
    assert result.tags and all("T90" not in found for found in topics.values())


def test_a_ready_worker_starts_while_another_still_warms_up(tmp_path, monkeypatch):
    """Workers warm up in parallel, and a worker that is ready is given files at once: it does not wait for the
    slowest warm-up. A file queued at a worker still warming up is not charged for the warm-up: its time limit
    starts when the worker is ready (here a 2 s file against a 1 s limit times out, after a 3 s warm-up)."""
    import time

    from nlp.runtime import batch, pipeline

    real_warm_up, real_task = pipeline.warm_up, batch.analyze_task
    fast, slow, warmed = tmp_path / "fast-worker", tmp_path / "slow-worker", tmp_path / "slow-worker-ready"
    state = {}  # per process (the workers are forked)

    def warm_up(lexicon_paths=(), rules=None):
        if not _claim(fast) and _claim(slow):  # the second worker, once (its replacement warms up as usual)
            time.sleep(3)
            state["slow"] = True
            rules = real_warm_up(lexicon_paths, rules)
            warmed.touch()
            return rules
        return real_warm_up(lexicon_paths, rules)

    def task(path, report_id, *args, **kwargs):
        if state.pop("slow", False):
            time.sleep(2)  # the slow worker's first file overruns its limit, counted from the end of the warm-up
        return real_task(path, report_id, *args, **kwargs)

    monkeypatch.setattr(pipeline, "warm_up", warm_up)  # the workers are forked: they see it
    monkeypatch.setattr(batch, "analyze_task", task)
    names = _copies(tmp_path, 8)
    results = batch.run_jobs(batch.make_jobs([str(tmp_path / n) for n in names]), workers=2, timeout=1)
    first = next(results)
    assert first.report.status != "error" and not warmed.exists()
    errors = []
    for result in results:
        if result.report.status == "error":
            errors.append((result.report.message, warmed.exists()))
    assert len(errors) == 1 and "time limit" in errors[0][0] and errors[0][1]  # timed out after the warm-up


def test_a_worker_that_dies_warming_up_leaves_its_files_to_another(tmp_path, monkeypatch):
    """A worker that dies before it is ready (out of memory, a crash in a library) has started none of the files
    queued for it: they go to its replacement, and none gets an error row (which the cache would keep)."""
    import os
    import time

    from nlp.runtime import batch, pipeline

    real = pipeline.warm_up
    died = tmp_path / "died"

    def warm_up(lexicon_paths=(), rules=None):
        if _claim(died):
            time.sleep(0.5)  # its files are queued by now
            os._exit(7)
        return real(lexicon_paths, rules)

    monkeypatch.setattr(pipeline, "warm_up", warm_up)  # the workers are forked: they see it
    names = _copies(tmp_path, 6)
    results = list(batch.run_jobs(batch.make_jobs([str(tmp_path / n) for n in names]), workers=2, timeout=30))
    assert died.exists() and len(results) == 6
    assert all(r.report.status != "error" for r in results), [r.report.message for r in results]


def _claim(marker) -> bool:
    """True for the first process to get here (the marker file is made once, atomically)."""
    import os

    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return False
    return True


def _copies(folder, n: int) -> list[str]:
    """``n`` copies of a text report of corpus/ in ``folder``; their names."""
    text = next((CORPUS / "qingxi-xian").glob("*.txt")).read_bytes()
    names = [f"r{i}.txt" for i in range(n)]
    for name in names:
        (folder / name).write_bytes(text)
    return names


def test_a_lexicon_edited_while_the_inputs_are_listed_reaches_the_next_run(tmp_path, monkeypatch):
    """``iter_results`` with a cache (the API's ``nlp.analyze(cache_path=...)``): the rules and the cache key are
    read together, the key first, so an edit made while a large input folder is listed gives the next run the new
    lexicon, not this run's results from the cache."""
    from nlp.runtime import stream

    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("topics:\n  T90: {name: 试验, definition: x, terms: [无此用语之词]}\n", encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    _copies(src, 3)
    list_inputs = stream.find_jobs

    def find_jobs(*args, **kwargs):
        lexicon.write_text("topics:\n  T90: {name: 试验, definition: x, terms: [政府信息公开, 主动公开]}\n",
                           encoding="utf-8")
        return list_inputs(*args, **kwargs)

    monkeypatch.setattr(stream, "find_jobs", find_jobs)
    cache = tmp_path / "cache.sqlite"

    def tagged() -> list[bool]:
        return [any(t.topic == "T90" for t in r.tags)
                for r in iter_results([src], workers=1, lexicon=[lexicon], cache_path=cache)]
    assert tagged() == [False] * 3  # analysed under the lexicon as the run began
    monkeypatch.setattr(stream, "find_jobs", list_inputs)
    assert tagged() == [True] * 3
