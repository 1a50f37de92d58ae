"""Bodies compared ahead of the end of a run (nlp.runtime.early): the output folder is byte for byte what a run
without them writes, whatever order the reports come in; a body that turns out not to be complete is compared
again at the end; input not grouped by body stops the running ahead."""
from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from conftest import CORPUS, rows_without_seconds, slow_file
from nlp.outputs.folder import Outputs
from nlp.runtime import early
from nlp.runtime.pipeline import analyze_file
from nlp.runtime.spill import SpillStore


@pytest.fixture(scope="module")
def results():
    """The sample reports of corpus/ in path order: grouped by body, as a folder per body gives them."""
    paths = sorted(p for p in CORPUS.rglob("*") if p.is_file() and "bad" not in p.parts)
    return [analyze_file(p, f"{p.parent.name}-{p.stem}") for p in paths]


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _write(results, out: Path, early_too: bool) -> tuple[early.EarlyBodies | None, int]:
    """The output folder of ``results``; ``early_too``: comparing the due bodies after each report (as a run
    does while it waits for the workers). Returns the early bodies and how many bodies were compared at the
    end."""
    outputs = Outputs(out, early=early_too)
    for result in results:
        outputs.add(result)
        while outputs.early is not None and outputs.early.step():
            pass
    at_end = []

    def task_map(fn, tasks):
        for task in tasks:
            at_end.append(task)
            yield fn(*task)
    outputs.finish(task_map)
    return outputs.early, len(at_end)


def _bodies(results) -> list[str]:
    return list(dict.fromkeys(r.report.jurisdiction for r in results if r.report.jurisdiction))


def test_grouped_reports_are_compared_early_with_the_same_outputs(results, tmp_path, monkeypatch):
    monkeypatch.setattr(early, "QUIET", 1)
    without, all_at_end = _write(results, tmp_path / "plain", early_too=False)
    ahead, left_to_the_end = _write(results, tmp_path / "early", early_too=True)
    assert without is None and all_at_end == len(_bodies(results))
    assert len(ahead.compared) == len(_bodies(results)) - 1 and not ahead.dropped and not ahead.stopped
    assert left_to_the_end == 1  # the last body: the early results of the others were used
    assert _files(tmp_path / "early") == _files(tmp_path / "plain")
    assert not list((tmp_path / "early").glob(".zwgk-*"))  # the scratch files are gone


def test_a_body_that_comes_back_is_compared_again_at_the_end(results, tmp_path, monkeypatch):
    """A body whose reports seemed all in gets one more: its early result is dropped, and the outputs are still
    those of the complete body."""
    monkeypatch.setattr(early, "QUIET", 1)
    series = [r for r in results if r.report.jurisdiction == "青溪县"]
    others = [r for r in results if r.report.jurisdiction != "青溪县"]
    assert len(series) >= 3
    _write(results, tmp_path / "plain", early_too=False)
    ahead, _ = _write(series[:-1] + others + series[-1:], tmp_path / "early", early_too=True)
    assert "青溪县" in ahead.compared and "青溪县" in ahead.dropped
    assert _files(tmp_path / "early")["followup.csv"] == _files(tmp_path / "plain")["followup.csv"]
    assert _files(tmp_path / "early")["series.csv"] == _files(tmp_path / "plain")["series.csv"]


def test_a_due_body_that_gets_another_report_is_not_due_any_more(results, tmp_path, monkeypatch):
    """Between two steps a due body may get another report: it waits again, and is compared once, with all of
    them."""
    monkeypatch.setattr(early, "QUIET", 1)
    series = [r for r in results if r.report.jurisdiction == "青溪县"]
    other = next(r for r in results if r.report.jurisdiction not in ("青溪县", None, ""))
    store = SpillStore(tmp_path)
    ahead = early.EarlyBodies(store, tmp_path, ())
    try:
        for r in [series[0], other, series[1]]:  # 青溪县 is due after `other`, then gets a report
            store.add(r)
            ahead.added(r.report.jurisdiction)
        assert "青溪县" not in ahead.due and list(ahead.due) == [other.report.jurisdiction]
        for r in series[2:] + [other]:
            store.add(r)
            ahead.added(r.report.jurisdiction)
        while ahead.step():
            pass
        assert ahead.compared == {"青溪县"} and ahead.ready() == {"青溪县"}
        assert len(ahead.take("青溪县").reports_in_series["青溪县"]) == len(series)
    finally:
        ahead.close()
        store.close()
    assert not list(tmp_path.glob(".zwgk-*"))


def test_reports_not_grouped_by_body_stop_the_comparing_ahead(results, tmp_path, monkeypatch):
    """Folders by year: every body comes back, so after a few dropped results no more bodies are compared early;
    the outputs are the same."""
    monkeypatch.setattr(early, "QUIET", 1)
    monkeypatch.setattr(early, "GIVE_UP", 2)
    by_year = sorted(results, key=lambda r: (r.report.year or 0, r.report.report_id))
    _write(by_year, tmp_path / "plain", early_too=False)
    ahead, _ = _write(by_year, tmp_path / "early", early_too=True)
    assert ahead.stopped and len(ahead.dropped) >= 2
    assert _files(tmp_path / "early") == _files(tmp_path / "plain")


def test_any_order_gives_the_same_outputs(results, tmp_path, monkeypatch):
    monkeypatch.setattr(early, "QUIET", 2)
    for seed in range(3):
        shuffled = list(results)
        random.Random(seed).shuffle(shuffled)
        _write(shuffled, tmp_path / f"plain{seed}", early_too=False)
        _write(shuffled, tmp_path / f"early{seed}", early_too=True)
        assert _files(tmp_path / f"early{seed}") == _files(tmp_path / f"plain{seed}")


def test_a_body_whose_comparison_fails_early_is_left_to_the_end(results, tmp_path, monkeypatch):
    """It raises again at the end, where the run reports it, after every file was analysed; an aborted output
    folder keeps no scratch file."""
    monkeypatch.setattr(early, "QUIET", 1)

    def broken(body, lexicon_paths=()):
        raise ValueError("broken body")

    monkeypatch.setattr(early, "track_body", broken)
    outputs = Outputs(tmp_path, early=True)
    for result in results:
        outputs.add(result)
        while outputs.early.step():
            pass
    assert outputs.early.compared and outputs.early.dropped == outputs.early.compared and not outputs.early.ready()
    outputs.abort()
    assert not list(tmp_path.glob(".zwgk-*"))


def test_a_run_with_a_spare_core_compares_bodies_while_it_waits_for_the_worker(tmp_path, monkeypatch):
    """``zwgk analyze --workers 1`` on two cores: the parent compares the bodies already complete while the
    worker analyses the next files, and writes what a run without that writes."""
    import nlp.api as api

    compared = []
    step = early.EarlyBodies.step

    def counted(self) -> bool:
        did = step(self)
        compared.append(did)
        return did

    monkeypatch.setattr(early, "QUIET", 1)
    monkeypatch.setattr(early.EarlyBodies, "step", counted)
    folders = [tmp_path / "plain", tmp_path / "early"]
    for folder, spare in zip(folders, (False, True)):
        monkeypatch.setattr(api, "spare_core", lambda n, spare=spare: spare)
        api.analyze_to([CORPUS], folder, workers=1)
    assert any(compared)
    names = sorted(p.name for p in folders[0].glob("*.csv"))
    assert "followup.csv" in names
    for name in names:
        assert rows_without_seconds(folders[1] / name) == rows_without_seconds(folders[0] / name), name


def test_work_done_while_waiting_does_not_hide_a_file_over_its_time_limit(tmp_path, monkeypatch):
    """The parent stops its own work once a file is overdue: the file is reported as timed out, the next ones
    are analysed."""
    from nlp.runtime import batch

    slow_file(monkeypatch, 6)
    text = next((CORPUS / "qingxi-xian").glob("*.txt")).read_bytes()
    names = ["a.txt", "slow.txt", "b.txt"]
    for name in names:
        (tmp_path / name).write_bytes(text)
    calls = []

    def idle() -> bool:  # plenty of work, half a second at a time
        calls.append(1)
        time.sleep(0.5)
        return len(calls) < 40

    jobs = batch.make_jobs([str(tmp_path / n) for n in names])
    results = {r.report.report_id: r.report for r in batch.run_jobs(jobs, workers=1, timeout=3, idle=idle)}
    assert results["slow"].status == "error" and "time limit" in results["slow"].message
    assert results["a"].status != "error" and results["b"].status != "error" and calls
