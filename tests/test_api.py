"""The Python front door does what the CLI does: ``nlp.analyze_to`` writes the folder and knows when it is current."""
from __future__ import annotations

import pytest
from conftest import CORPUS, CORPUS_LEXICON

import nlp
from nlp.errors import UsageError


def test_analyze_to_writes_the_folder_then_finds_it_up_to_date(tmp_path):
    out = tmp_path / "out"
    first = nlp.analyze_to(CORPUS / "qingxi-xian", out, workers=1)
    assert (first.files, first.failed, first.up_to_date) == (3, 0, False)
    assert {p.name for p in first.written} >= {"reports.csv", "items.csv", "followup.csv", "table_labels.csv"}
    assert all(p.exists() for p in first.written)
    again = nlp.analyze_to(CORPUS / "qingxi-xian", out, workers=1)
    assert again.up_to_date and again.failed == 0
    forced = nlp.analyze_to(CORPUS / "qingxi-xian", out, workers=1, force=True)
    assert not forced.up_to_date and forced.analysed == 3


def test_the_worker_started_early_does_not_outlive_a_run_that_needs_none(tmp_path, monkeypatch):
    """Where workers are forked, the first one starts before the inputs are hashed (it warms up meanwhile). A run
    that then has nothing to analyse (up to date, every file from the cache) or stops on a usage error leaves no
    worker behind; an invalid lexicon is found before any worker starts."""
    import multiprocessing as mp

    import nlp.api
    from nlp.runtime.batch import Workers

    running_while_hashing = []
    hash_inputs = nlp.api.run_key

    def run_key(*args, **kwargs):
        running_while_hashing.append(len(mp.active_children()))
        return hash_inputs(*args, **kwargs)
    monkeypatch.setattr(nlp.api, "run_key", run_key)
    out = tmp_path / "out"
    assert nlp.analyze_to(CORPUS / "qingxi-xian", out, workers=1).analysed == 3
    assert not mp.active_children()
    assert nlp.analyze_to(CORPUS / "qingxi-xian", out, workers=1).up_to_date
    assert not mp.active_children()
    reused = nlp.analyze_to(CORPUS / "qingxi-xian", out, workers=1, timeout=60)  # other options: not up to date
    assert (reused.up_to_date, reused.cached) == (False, 3)
    assert not mp.active_children()
    if Workers(1).ctx.get_start_method() == "fork":  # (building Workers starts no process)
        assert running_while_hashing == [1, 1, 1]
    bad = tmp_path / "bad_topics.yaml"
    bad.write_text("topics: [", encoding="utf-8")
    with pytest.raises(UsageError, match="lexicon"):
        nlp.analyze_to(CORPUS / "qingxi-xian", tmp_path / "o2", workers=1, lexicon=[bad])
    assert len(running_while_hashing) == 3 and not mp.active_children()


def test_analyze_to_refuses_bad_options_before_reading(tmp_path):
    for kwargs, message in [({"workers": 0}, "--workers"), ({"timeout": 0}, "--timeout"), ({"fmt": "xls"}, "format")]:
        with pytest.raises(UsageError, match=message):
            nlp.analyze_to(CORPUS / "qingxi-xian", tmp_path / "o", **kwargs)
    with pytest.raises(UsageError, match="input not found"):
        nlp.analyze_to(tmp_path / "missing", tmp_path / "o")
    assert not (tmp_path / "o").exists()


def test_batch_and_in_process_api_give_the_same_followup(tmp_path):
    """The batch compares each body in its workers from the cross-year store; the API compares the results it
    holds. Both search next year's whole report for evidence (the store and the cache keep the text), so
    followup.csv is the same file, also when the results come from the cache."""
    from nlp.outputs.sinks import CsvSink
    from nlp.schema import CROSS_YEAR_TABLES

    nlp.analyze_to(CORPUS, tmp_path / "out", workers=2, lexicon=[CORPUS_LEXICON])
    (table,) = [t for t in CROSS_YEAR_TABLES if t.part == "followup"]
    sink = CsvSink(tmp_path / table.file, table.columns)
    sink.write(nlp.analyze(CORPUS, workers=1, lexicon=[CORPUS_LEXICON]).tracking().followup)
    sink.close()
    batch = (tmp_path / "out" / table.file).read_bytes()
    assert batch.count(b"\n") > 20
    assert (tmp_path / table.file).read_bytes() == batch
    again = nlp.analyze_to(CORPUS, tmp_path / "out", workers=2, lexicon=[CORPUS_LEXICON], retry_failed=True)
    assert again.cached >= 10 and (tmp_path / "out" / table.file).read_bytes() == batch


def test_a_lexicon_edited_while_a_run_starts_does_not_mix_into_its_cache(tmp_path, monkeypatch):
    """A run analyses under the lexicons it validated and keys its cache entries by them: an analyst who edits a
    lexicon while the run hashes its inputs (minutes on a large corpus; the first worker has its rules by then)
    gets the edit on the next run, not results of the old lexicon filed under the new one."""
    import shutil
    import time

    import nlp.api

    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("topics:\n  T90: {name: 试验, definition: x, terms: [无此用语之词]}\n", encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    for i, path in enumerate(sorted((CORPUS / "qingxi-xian").glob("*.txt"))[:1] * 3):
        shutil.copy(path, src / f"r{i}.txt")
    hash_inputs = nlp.api.run_key

    def run_key(*args, **kwargs):
        time.sleep(1)  # the early worker is warm
        lexicon.write_text("topics:\n  T90: {name: 试验, definition: x, terms: [政府信息公开, 主动公开]}\n",
                           encoding="utf-8")
        return hash_inputs(*args, **kwargs)

    monkeypatch.setattr(nlp.api, "run_key", run_key)
    out = tmp_path / "out"
    nlp.analyze_to(src, out, workers=1, lexicon=[lexicon])
    assert "T90" not in (out / "tags.csv").read_text(encoding="utf-8-sig")  # the lexicon as the run began
    monkeypatch.setattr(nlp.api, "run_key", hash_inputs)
    again = nlp.analyze_to(src, out, workers=1, lexicon=[lexicon])
    assert not again.up_to_date and again.cached == 0
    assert "T90" in (out / "tags.csv").read_text(encoding="utf-8-sig")


def test_a_run_lists_and_hashes_its_inputs_once(tmp_path, monkeypatch):
    """A folder of 100,000 reports takes seconds to list and hash, and its list stays in the parent for the whole
    run: the run key and the analysis share one list, whose jobs carry their content hashes."""
    import nlp.runtime.joblist as joblist
    import nlp.runtime.stream as stream
    from nlp.read import files

    listed, hashed = [], []
    walk, sha256_of = joblist.walk, files.sha256_of
    monkeypatch.setattr(joblist, "walk", lambda *a, **k: listed.append(a) or walk(*a, **k))
    monkeypatch.setattr(stream, "sha256_of", lambda path: hashed.append(path) or sha256_of(path))
    out = tmp_path / "out"
    run = nlp.analyze_to(CORPUS / "qingxi-xian", out, workers=1)
    assert (run.analysed, len(listed)) == (3, 1)
    assert sorted(hashed) == sorted(map(str, (CORPUS / "qingxi-xian").iterdir()))  # each file once, in the parent
    listed.clear()
    hashed.clear()
    assert nlp.analyze_to(CORPUS / "qingxi-xian", out, workers=1, timeout=60).cached == 3  # looked up by hash
    assert (len(listed), len(hashed)) == (1, 3)
