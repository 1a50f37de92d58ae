"""Bodies compared ahead of the end of a run (nlp.runtime.early): the output folder is byte for byte what a run
without them writes, whatever order the reports come in; a body that turns out not to be complete is compared
again at the end; input not grouped by body stops the running ahead."""
from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

import nlp.runtime.early as early
from conftest import CORPUS
from nlp.outputs.folder import Outputs
from nlp.runtime.pipeline import analyze_file


@pytest.fixture(scope="module")
def results():
    """The sample reports of corpus/ in path order: grouped by body, as a folder per body gives them."""
    paths = sorted(p for p in CORPUS.rglob("*") if p.is_file() and "bad" not in p.parts)
    return [analyze_file(p, f"{p.parent.name}-{p.stem}") for p in paths]


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _write(results, out: Path, early_too: bool) -> early.EarlyBodies | None:
    """The output folder of ``results``; ``early_too``: comparing the due bodies after each report (as a run
    does while it waits for the workers)."""
    outputs = Outputs(out, early=early_too)
    for result in results:
        outputs.add(result)
        while outputs.early is not None and outputs.early.step():
            pass
    outputs.finish()
    return outputs.early


def _bodies(results) -> list[str]:
    return list(dict.fromkeys(r.report.jurisdiction for r in results if r.report.jurisdiction))


def test_grouped_reports_are_compared_early_with_the_same_outputs(results, tmp_path, monkeypatch):
    monkeypatch.setattr(early, "QUIET", 1)
    without = _write(results, tmp_path / "plain", early_too=False)
    ahead = _write(results, tmp_path / "early", early_too=True)
    assert without is None and ahead is not None
    assert len(ahead.compared) >= len(_bodies(results)) - 2 and not ahead.dropped and not ahead.stopped
    assert _files(tmp_path / "early") == _files(tmp_path / "plain")
    assert not list((tmp_path / "early").glob(".zwgk-*"))  # the scratch files are gone


def test_a_body_that_comes_back_is_compared_again_at_the_end(results, tmp_path, monkeypatch):
    """A body whose reports seemed all in gets one more: its early result is dropped, and the outputs are still
    those of the complete body."""
    monkeypatch.setattr(early, "QUIET", 1)
    series = [r for r in results if r.report.jurisdiction == "青溪县"]
    others = [r for r in results if r.report.jurisdiction != "青溪县"]
    assert len(series) >= 3
    order = series[:-1] + others + series[-1:]
    _write(results, tmp_path / "plain", early_too=False)
    ahead = _write(order, tmp_path / "early", early_too=True)
    assert "青溪县" in ahead.compared and "青溪县" in ahead.dropped
    assert _files(tmp_path / "early")["followup.csv"] == _files(tmp_path / "plain")["followup.csv"]
    assert _files(tmp_path / "early")["series.csv"] == _files(tmp_path / "plain")["series.csv"]


def test_reports_not_grouped_by_body_stop_the_running_ahead(results, tmp_path, monkeypatch):
    """Folders by year: every body comes back, so after a few dropped results no more bodies are run ahead;
    the outputs are the same."""
    monkeypatch.setattr(early, "QUIET", 1)
    monkeypatch.setattr(early, "GIVE_UP", 2)
    by_year = sorted(results, key=lambda r: (r.report.year or 0, r.report.report_id))
    _write(by_year, tmp_path / "plain", early_too=False)
    ahead = _write(by_year, tmp_path / "early", early_too=True)
    assert ahead.stopped and len(ahead.dropped) >= 2
    assert _files(tmp_path / "early") == _files(tmp_path / "plain")


def test_any_order_gives_the_same_outputs(results, tmp_path, monkeypatch):
    monkeypatch.setattr(early, "QUIET", 2)
    shuffled = list(results)
    random.Random(7).shuffle(shuffled)
    _write(shuffled, tmp_path / "plain", early_too=False)
    _write(shuffled, tmp_path / "early", early_too=True)
    assert _files(tmp_path / "early") == _files(tmp_path / "plain")


def _rows(path: Path) -> list[list[str]]:
    """A CSV's rows without the ``seconds`` column (it differs between runs by nature)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    drop = rows[0].index("seconds") if "seconds" in rows[0] else None
    return [[c for i, c in enumerate(r) if i != drop] for r in rows]


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
        assert _rows(folders[1] / name) == _rows(folders[0] / name), name
