"""Results encoded once (nlp.runtime.encoded): a folder is the same whoever encodes its rows."""
from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
from dataclasses import replace

from conftest import CORPUS, rows_without_seconds

from nlp.api import analyze_to
from nlp.runtime import stream
from nlp.runtime.cache import ResultCache
from nlp.runtime.encoded import EncodedResult, encode
from nlp.runtime.pipeline import analyze_file
from nlp.runtime.serialise import unpack


def test_a_folder_is_the_same_whether_workers_the_parent_or_the_cache_encode_its_rows(tmp_path, monkeypatch):
    src = tmp_path / "in"
    for body in ("qingxi-xian", "nanping-jyj"):
        shutil.copytree(CORPUS / body, src / body)
    folders = []
    for cpus in (1, 4):  # one worker on one CPU: the worker encodes; with CPUs to spare, the parent does
        monkeypatch.setattr(stream, "usable_cpus", lambda cpus=cpus: cpus)
        folders.append(tmp_path / f"out{cpus}")
        analyze_to([src], folders[-1], workers=1)
    again = analyze_to([src], folders[-1], workers=1, html=True)  # another run key: every result from the cache
    assert again.cached == again.files == 6
    with sqlite3.connect(folders[-1] / ".zwgk-cache.sqlite") as db:  # entries packed for the folder's format
        assert db.execute("SELECT fmt, count(*) FROM results_v5 GROUP BY fmt").fetchall() == [("csv", 6)]
    names = sorted(p.name for p in folders[0].glob("*.csv"))
    assert "items.csv" in names and "followup.csv" in names
    for name in names:
        if name == "reports.csv":
            assert rows_without_seconds(folders[0] / name) == rows_without_seconds(folders[1] / name)
        else:
            assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name


def test_the_cache_stores_the_entry_the_worker_encoded(tmp_path):
    path = next((CORPUS / "qingxi-xian").glob("*.txt"))
    result = analyze_file(path, "r")
    encoded = pickle.loads(pickle.dumps(encode(result, "csv")))  # as it crosses the pipe from a worker
    assert isinstance(encoded, EncodedResult) and encoded.entry == encoded.packed()
    assert len(encoded.entry) < len(unpack(encoded.entry).encode()) / 3  # compressed
    assert encoded.csv["items"][1] == len(result.items) > 0
    cache = ResultCache(tmp_path / "c.sqlite", "fp")
    cache.put(encoded)
    where = (result.report.path, result.report.sha256, result.report.report_id)
    assert cache.has(*where, "csv") and not cache.has(*where, "parquet") and not cache.has(*where)
    back = cache.get(result.report.path, result.report.sha256, "csv")
    assert (back.report, back.csv, back.spill, back.verdicts) == \
        (encoded.report, encoded.csv, encoded.spill, encoded.verdicts)
    assert back.from_cache and back.entry == b""  # never stored again: the entry is not carried to the parent
    assert cache.get(result.report.path, result.report.sha256) is None  # the API needs the rows themselves
    cache.close()


def test_after_a_version_change_new_entries_take_the_old_ones_pages(tmp_path):
    """A run drops the entries of other fingerprints before it stores its own: the file then
    stays the size of one run's results instead of holding both sets, one of them as free pages for good."""
    result = encode(analyze_file(next((CORPUS / "qingxi-xian").glob("*.txt")), "r"), "csv")
    path = tmp_path / "c.sqlite"

    def fill(fingerprint: str) -> int:
        cache = stream._open_cache(path, fingerprint, "pdfium", False, 60.0)  # as a run opens it
        for i in range(40):  # incompressible entries of 64 KB, as many as a run of 40 reports stores
            cache.put(replace(result, report=replace(result.report, path=f"r{i}.txt"), entry=os.urandom(1 << 16)))
        cache.close(prune=False)
        return path.stat().st_size

    first = fill("version 1")
    assert fill("version 2") <= first * 1.1
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT DISTINCT fingerprint FROM results_v5").fetchall() == [("version 2",)]
    cache = ResultCache(path, "version 3")  # the end of a run drops what another version stored meanwhile
    cache.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM results_v5").fetchone() == (0,)


def test_a_result_pickles_as_plain_values_and_comes_back_equal():
    """A worker sends its parent each result pickled; the result pickles as tuples of field values, not as
    dataclass objects, and comes back equal (row classes included), with its document when it was kept."""
    for path in [next(CORPUS.glob("qingxi-xian/*.pdf")), next(CORPUS.glob("nanping-jyj/*"))]:
        result = analyze_file(path, path.stem, keep_document=True)
        data = pickle.dumps(result)
        assert b"nlp.annotate.items" not in data and b"nlp.runtime.serialise" in data  # no object pickled by class
        back = pickle.loads(data)
        assert back == result and back.document == result.document
        assert [type(i) for i in back.items] == [type(i) for i in result.items]


def test_an_entry_of_the_api_serves_a_folder_and_is_packed_for_it(tmp_path):
    """The API stores a result's rows as JSON; a folder run reads it (in any format), encodes it and stores the
    packed texts in its place; a damaged entry is a miss."""
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    path = next((CORPUS / "qingxi-xian").glob("*.txt"))
    cache = ResultCache(tmp_path / "c.sqlite", "fp")
    db = sqlite3.connect(tmp_path / "c.sqlite")
    for result in (analyze_file(path, "r"), analyze_file(bad, "bad")):
        cache.put(result)  # as the API stores it
        cache.commit()
        where = (result.report.path, result.report.sha256)
        assert cache.has(*where, result.report.report_id) and cache.has(*where, result.report.report_id, "parquet")
        assert cache.get(*where) == result
        fresh = encode(result, "csv")
        assert (fresh.spill is None) == (result.report.status == "error")
        first = cache.get(*where, "csv")
        assert first.from_cache and first.entry == fresh.entry  # packed now: the parent stores it
        assert (first.report, first.csv, first.spill, first.verdicts) == \
            (fresh.report, fresh.csv, fresh.spill, fresh.verdicts)
        assert EncodedResult.unpacked(first.entry, "parquet") is None  # cells not made safe for spreadsheets
        cache.put_new(first)
        cache.commit()
        assert db.execute("SELECT fmt FROM results_v5 WHERE path = ?", (where[0],)).fetchone() == ("csv",)
        copied = cache.get(*where, "csv")
        assert (copied.csv, copied.spill, copied.entry) == (fresh.csv, fresh.spill, b"")
        assert cache.get(*where, "parquet") is None and cache.get(*where) is None
        db.execute("UPDATE results_v5 SET result = ? WHERE path = ?", (fresh.entry[:-5], where[0]))
        db.commit()
        assert cache.get(*where, "csv") is None  # damaged: a miss, the file is analysed again
    db.close()
    cache.close()
