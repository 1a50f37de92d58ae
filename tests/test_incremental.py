"""A run after a few files changed: the workers read the other results from the output folder's cache, even
while the parent writes the new ones there, and the cross-year results of bodies whose reports did not change are
reused, so only the changed files' bodies are compared again. The outputs are those of a run into an empty
folder."""
from __future__ import annotations

import copy
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import CORPUS, rows_without_seconds
from nlp.api import analyze_to
from nlp.crossyear.rows import DuplicateRow
from nlp.crossyear.run import run_cross_year
from nlp.runtime.pipeline import analyze_file
from nlp.runtime.serialise import tracking_from_json, tracking_to_json
from nlp.runtime.spill import SpillStore

BODIES = ("qingxi-xian", "nanping-jyj", "songlan-qu")


@pytest.fixture(scope="module")
def results():
    paths = sorted(p for body in BODIES for p in (CORPUS / body).iterdir())
    return [analyze_file(p, f"{p.parent.name}-{p.stem}") for p in paths]


def _inputs(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    for body in BODIES:
        shutil.copytree(CORPUS / body, src / body)
    return src


def _outputs(out: Path) -> dict[str, list[list[str]]]:
    return {p.name: rows_without_seconds(p) for p in sorted(out.glob("*.csv"))}


def _stored(out: Path) -> int:
    with sqlite3.connect(out / ".zwgk-cache.sqlite") as db:
        return db.execute("SELECT count(*) FROM trackings_v2").fetchone()[0]


def test_a_changed_file_has_only_its_body_compared_again(tmp_path):
    src, out = _inputs(tmp_path), tmp_path / "out"
    first = analyze_to([src], out, workers=1)
    assert (first.bodies, first.bodies_reused) == (3, 0) and _stored(out) == 3
    before = _outputs(out)
    next((src / "qingxi-xian").glob("*2021*")).unlink()  # a year gone: the body's series and follow-up change
    again = analyze_to([src], out, workers=1)
    assert (again.bodies, again.bodies_reused) == (3, 2)
    after = _outputs(out)
    assert after["followup.csv"] != before["followup.csv"] and after["series.csv"] != before["series.csv"]
    analyze_to([src], tmp_path / "fresh", workers=2)
    assert after == _outputs(tmp_path / "fresh")
    assert _stored(out) == 3  # the entry of the body as it was is gone: the file does not grow run after run
    forced = analyze_to([src], out, workers=2, force=True)
    assert forced.bodies_reused == 0 and _outputs(out) == after


def test_a_body_with_a_new_year_has_only_its_last_years_judged_again(tmp_path, monkeypatch):
    """The follow-up rows of a year depend on the reports of the year, the year before and the year after only:
    when next year's report comes, the years before the last are taken from the cache, and the folder is that of
    a fresh run."""
    from nlp.crossyear import run

    src, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(CORPUS / "nanping-jyj", src / "nanping-jyj")
    new = next((src / "nanping-jyj").glob("*2023*"))
    new.rename(tmp_path / new.name)
    judged = tmp_path / "judged.txt"
    real = run.followup_rows

    def counted(body, year, *args, **kwargs):
        with judged.open("a", encoding="utf-8") as fh:  # the workers are other processes: counted in a file
            fh.write(f"{year}\n")
        return real(body, year, *args, **kwargs)

    monkeypatch.setattr(run, "followup_rows", counted)
    analyze_to([src], out, workers=2)
    assert sorted(judged.read_text().split()) == ["2021", "2022"]
    judged.unlink()
    (tmp_path / new.name).rename(new)
    again = analyze_to([src], out, workers=2)
    assert again.bodies_reused == 0 and sorted(judged.read_text().split()) == ["2022", "2023"]  # not 2021
    monkeypatch.undo()
    analyze_to([src], tmp_path / "fresh", workers=2)
    assert _outputs(out) == _outputs(tmp_path / "fresh")
    judged.unlink()
    monkeypatch.setattr(run, "followup_rows", counted)
    analyze_to([src], out, workers=2, force=True)
    assert sorted(judged.read_text().split()) == ["2021", "2022", "2023"]  # --force reuses nothing


def test_a_damaged_entry_is_compared_again(tmp_path, capsys):
    from nlp.cli import main

    src, out = _inputs(tmp_path), tmp_path / "out"
    assert main(["analyze", str(src), "--out", str(out), "-q"]) == 0
    with sqlite3.connect(out / ".zwgk-cache.sqlite") as db:  # the first body's entry (南屏市教育局, in name order)
        db.execute("UPDATE trackings_v2 SET tracking = 'garbage' WHERE rowid = (SELECT min(rowid) FROM trackings_v2)")
    changed = next((src / "qingxi-xian").glob("*.txt"))
    changed.write_bytes(changed.read_bytes() + b"\n")  # another body's state: a new run, not an up-to-date one
    capsys.readouterr()
    assert main(["analyze", str(src), "--out", str(out), "-q"]) == 0
    assert "the cross-year results of 1 of 3 bodies" in capsys.readouterr().out
    assert main(["analyze", str(src), "--out", str(tmp_path / "fresh"), "-q"]) == 0
    assert _outputs(out) == _outputs(tmp_path / "fresh")


def test_a_body_result_survives_the_cache_as_it_was(results):
    tracking = run_cross_year(results)
    tracking.duplicates = [DuplicateRow("青溪县", 2021, "a", "b", "identical text")]
    assert tracking.followup and tracking.series and tracking.checks and tracking.recurring
    back = tracking_from_json(tracking_to_json(tracking))
    assert back == tracking
    assert all(isinstance(year, int) for years in back.reports_in_series.values() for year in years)


def test_a_body_key_names_its_reports_and_the_rules(results, tmp_path):
    def store(items) -> SpillStore:
        s = SpillStore(tmp_path)
        for result in items:
            s.add(result)
        return s

    one, two = store(results), store(results)
    names = one.names()
    assert names == two.names() and len(names) == 3
    assert [one.key(n, "rules") for n in names] == [two.key(n, "rules") for n in names]
    assert one.key(names[0], "rules") != one.key(names[0], "other rules")
    body = results[0].report.jurisdiction
    twice = copy.deepcopy(results[0])
    twice.report.report_id += "-copy"  # the same report saved twice: the body's duplicates change
    three = store([*results, twice])
    assert [three.key(n, "rules") != one.key(n, "rules") for n in names] == [n == body for n in names]
    for s in (one, two, three):
        s.close()


def test_the_workers_read_the_results_of_unchanged_files(tmp_path, monkeypatch):
    """Where every core runs a worker, a re-run hands the cached results to the workers, which decode and encode
    them (the parent only writes them): a worker that analysed an unchanged file here would give an error row,
    and the parent reading the cache itself fails the test. The run after copies what the folder writes of each
    (kept in the cache the first time): decoding an entry fails it. The cache is found whatever the output
    folder is called."""
    from nlp.runtime import batch, cache, stream
    from nlp.runtime.cache import ResultCache

    src, out = _inputs(tmp_path), tmp_path / "输出 #1?%20"
    assert analyze_to([src], out, workers=2).failed == 0
    changed = next((src / "qingxi-xian").glob("*.txt"))
    changed.write_bytes(changed.read_bytes() + b"\n")
    real = batch.analyze_task

    def only_the_changed_file(path, report_id, *args, **kwargs):
        if path != str(changed):
            return batch._error(batch.Job(0, path, report_id), "analysed again")
        return real(path, report_id, *args, **kwargs)

    monkeypatch.setattr(batch, "analyze_task", only_the_changed_file)
    monkeypatch.setattr(stream, "worker_encoding", lambda workers, fmt: fmt)  # as when every core has a worker
    monkeypatch.setattr(ResultCache, "get", lambda *args, **kwargs: pytest.fail("read in the parent"))
    again = analyze_to([src], out, workers=2)
    assert (again.files, again.cached, again.failed) == (9, 8, 0)
    changed.write_bytes(changed.read_bytes() + b"\n")
    monkeypatch.setattr(cache, "result_from_json", lambda text: pytest.fail("an entry decoded"))
    third = analyze_to([src], out, workers=2)
    assert (third.files, third.cached, third.failed) == (9, 8, 0)
    monkeypatch.undo()
    analyze_to([src], tmp_path / "fresh", workers=2)
    assert _outputs(out) == _outputs(tmp_path / "fresh")


def _read(where, path: str, sha256: str) -> bool:
    from nlp.runtime.cache import read_cached

    return read_cached(where, path, sha256) is not None


def test_the_workers_read_the_cache_while_the_parent_writes_a_large_transaction(results, tmp_path, monkeypatch):
    """A transaction of new results larger than SQLite's page cache must not lock the workers out until the
    parent commits: the parent, waiting for their results, would not commit (each read waited out the time limit
    and analysed the file again)."""
    import dataclasses
    import multiprocessing

    from nlp.runtime import cache as cache_module
    from nlp.runtime.batch import CachedIn

    monkeypatch.setattr(cache_module, "READ_TIMEOUT", 1.0)
    monkeypatch.setattr(cache_module, "COMMIT_SECONDS", 3600.0)
    monkeypatch.setattr(cache_module, "COMMIT_ENTRIES", 10**9)
    monkeypatch.setattr(cache_module, "COMMIT_BYTES", 10**9)
    cache = cache_module.ResultCache(tmp_path / "cache.sqlite", "key")
    old = results[0]
    cache.put(old)
    cache.commit()
    for i in range(600):  # about 9 MB compressed, uncommitted
        new = copy.copy(results[i % len(results)])
        new.report = dataclasses.replace(new.report, path=f"new-{i}", sha256=f"{i}")
        cache.put(new)
    assert cache._pending == 600
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_read, (CachedIn(str(cache.path), "key", "csv"), old.report.path, old.report.sha256))
    cache.close()
