"""Results encoded once (nlp.runtime.encoded): a folder is the same whoever encodes its rows."""
from __future__ import annotations

import os
import pickle
import shutil
import sqlite3

from conftest import CORPUS, rows_without_seconds

from nlp.api import analyze_to
from nlp.runtime.cache import ResultCache
from nlp.runtime.encoded import EncodedResult, encode
from nlp.runtime.pipeline import analyze_file
from nlp.runtime.serialise import pack, result_to_json, unpack


def test_a_folder_is_the_same_whether_workers_the_parent_or_the_cache_encode_its_rows(tmp_path, monkeypatch):
    src = tmp_path / "in"
    for body in ("qingxi-xian", "nanping-jyj"):
        shutil.copytree(CORPUS / body, src / body)
    folders = []
    for cpus in (1, 4):  # one worker on one CPU: the worker encodes; with CPUs to spare, the parent does
        monkeypatch.setattr(os, "cpu_count", lambda cpus=cpus: cpus)
        folders.append(tmp_path / f"out{cpus}")
        analyze_to([src], folders[-1], workers=1)
    again = analyze_to([src], folders[-1], workers=1, html=True)  # another run key: every result from the cache
    assert again.cached == again.files == 6
    with sqlite3.connect(folders[-1] / ".zwgk-cache.sqlite") as db:  # read by the parent: it keeps what it wrote
        assert db.execute("SELECT count(*) FROM results_v4 WHERE written IS NOT NULL").fetchone() == (6,)
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
    assert isinstance(encoded, EncodedResult) and unpack(encoded.entry) == result_to_json(result)
    assert len(encoded.entry) < len(result_to_json(result).encode()) / 3  # compressed
    assert encoded.csv["items"][1] == len(result.items) > 0
    cache = ResultCache(tmp_path / "c.sqlite", "fp")
    cache.put(encoded)
    back = cache.get(result.report.path, result.report.sha256, "csv")
    assert back.csv == encoded.csv and back.spill == encoded.spill
    assert back.from_cache and back.entry == b""  # never stored again: the entry is not carried to the parent
    assert pack(result_to_json(cache.get(result.report.path, result.report.sha256))) == encoded.entry
    cache.close()


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


def test_what_a_folder_writes_of_a_result_is_cached_and_copied_back(tmp_path):
    """The first time a result is read back from the cache, what an output folder writes of it (CSV lines,
    cross-year row, report row, verdicts) is added to its entry, and later runs copy that; for a folder of the
    other format, or when it is damaged, the entry is decoded and encoded again."""
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    path = next((CORPUS / "qingxi-xian").glob("*.txt"))
    cache = ResultCache(tmp_path / "c.sqlite", "fp")
    db = sqlite3.connect(tmp_path / "c.sqlite")
    for result in (analyze_file(path, "r"), analyze_file(bad, "bad")):
        fresh = encode(result, "csv")
        assert not fresh.written and (fresh.spill is None) == (result.report.status == "error")
        cache.put(fresh)  # a first run stores the entry only
        where = (result.report.path, result.report.sha256)
        first = cache.get(*where, "csv")
        assert first.from_cache and first.entry == b"" and first.written == first.packed()
        back = EncodedResult.unpacked(first.written, "csv")
        assert back.from_cache and back.entry == b"" and back.written == b""
        assert (back.report, back.csv, back.spill, back.verdicts) == \
            (fresh.report, fresh.csv, fresh.spill, fresh.verdicts)
        assert EncodedResult.unpacked(first.written, "parquet") is None  # cells not made safe for spreadsheets
        cache.put_written(first)
        cache.commit()
        entry = db.execute("SELECT result FROM results_v4 WHERE path = ?", (where[0],)).fetchone()[0]
        db.execute("UPDATE results_v4 SET result = ? WHERE path = ?", (b"garbage", where[0]))
        db.commit()
        copied = cache.get(*where, "csv")  # from what was written alone
        assert (copied.csv, copied.spill, copied.written) == (fresh.csv, fresh.spill, b"")
        assert cache.get(*where, "parquet") is None  # the other format needs the entry
        db.execute("UPDATE results_v4 SET result = ?, written = ? WHERE path = ?",
                   (entry, first.written[:-5], where[0]))
        db.commit()
        assert cache.get(*where, "parquet").csv == encode(result, "parquet").csv
        damaged = cache.get(*where, "csv")  # what was written is damaged: the entry is encoded again
        assert (damaged.csv, damaged.spill) == (fresh.csv, fresh.spill)
    db.close()
    cache.close()
