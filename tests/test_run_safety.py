"""One run per output folder, clear errors for folders the user must fix, and clean stops on signals."""
from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import CORPUS, ROOT, slow_file

from nlp.cli import main
from nlp.outputs.state import LOCK_NAME, OutputLock
from nlp.runtime import stream
from nlp.runtime.stream import usable_cpus

SAMPLE = CORPUS / "qingxi-xian"


def test_second_run_into_the_same_folder_is_refused_with_the_holder(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(out):
        assert main(["analyze", str(SAMPLE), "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert f"PID {os.getpid()}" in err and LOCK_NAME in err
    assert main(["analyze", str(SAMPLE), "--out", str(out), "-q", "--workers", "1"]) == 0  # released


def test_a_stale_lock_of_a_dead_process_is_taken_over(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text("999999\n")  # a file left by a killed run holds no lock
    assert main(["analyze", str(SAMPLE), "--out", str(out), "-q", "--workers", "1"]) == 0


def test_leftover_temporary_files_are_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".reports.csv.abc123.tmp").write_text("half")
    (out / ".zwgk-crossyear-x.sqlite.tmp").write_text("half")
    (out / "notes.tmp").write_text("the user's")  # not ours: not hidden
    sheets = out / ".zwgk.xlsx-sheets-x.tmp"  # the sheets of a workbook being written
    sheets.mkdir()
    (sheets / "tmpab12").write_text("<row/>")
    assert main(["analyze", str(SAMPLE), "--out", str(out), "-q", "--workers", "1"]) == 0
    assert not list(out.glob(".*.tmp")) and (out / "notes.tmp").exists()


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-3"])
def test_timeout_must_be_positive_and_finite(tmp_path, capsys, value):
    assert main(["analyze", str(SAMPLE), "--out", str(tmp_path / "o"), "-q", "--timeout", value]) == 2
    assert "--timeout" in capsys.readouterr().err


def test_workers_beyond_the_limit_are_refused_and_beyond_the_cpus_noted(tmp_path, capsys):
    assert main(["analyze", str(SAMPLE), "--out", str(tmp_path / "o"), "-q", "--workers", "100000"]) == 2
    assert "--workers" in capsys.readouterr().err
    many = usable_cpus() + 1
    assert main(["analyze", str(SAMPLE / next(p.name for p in SAMPLE.glob("*.txt"))), "--out", str(tmp_path / "o"),
                 "-q", "--workers", str(many)]) == 0
    assert "more than the" in capsys.readouterr().err


def test_a_run_confined_to_one_cpu_counts_one(monkeypatch):
    """taskset or a container's cpuset: one worker by default, and no core to spare for the parent."""
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert usable_cpus() == stream.default_workers() == 1
    assert not stream.spare_core(1)
    assert stream.check_options(2, 60.0) and "the 1 CPU this run may use" in stream.check_options(2, 60.0)[0]


def test_output_folder_problems_are_one_line_and_exit_2(tmp_path, capsys):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert main(["analyze", str(SAMPLE), "--out", str(a_file / "sub"), "-q"]) == 2
    assert "cannot write to --out" in capsys.readouterr().err
    if os.geteuid() != 0:  # root may write anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        assert main(["analyze", str(SAMPLE), "--out", str(ro / "out"), "-q"]) == 2


def test_sigterm_stops_like_ctrl_c(tmp_path):
    out = tmp_path / "out"
    src = tmp_path / "in"
    src.mkdir()
    text = next(SAMPLE.glob("*.txt")).read_bytes()
    for i in range(200):
        (src / f"r{i:03}.txt").write_bytes(text)
    proc = subprocess.Popen([sys.executable, "-m", "nlp", "analyze", str(src), "--out", str(out), "-q",
                             "--workers", "1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(out.glob(".*.tmp")) and time.monotonic() < deadline:  # running: its temporary files exist
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "terminated" in err and "Traceback" not in err
    assert not (out / "reports.csv").exists()


def _corrupt(path):
    data = bytearray(path.read_bytes())
    for i in range(100, len(data), 512):  # scribble over every page after the header
        data[i:i + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["pages", "schema", "not sqlite"])
def test_a_damaged_cache_is_set_aside_with_a_note_and_the_run_goes_on(tmp_path, capsys, damage):
    import sqlite3

    out = tmp_path / "out"
    assert main(["analyze", str(SAMPLE), "--out", str(out), "-q", "--workers", "1"]) == 0
    first = (out / "items.csv").read_bytes()
    cache = out / ".zwgk-cache.sqlite"
    if damage == "pages":
        _corrupt(cache)
    elif damage == "schema":
        cache.unlink()
        db = sqlite3.connect(cache)
        db.execute("CREATE TABLE results_v5 (something TEXT)")
        db.execute("CREATE TABLE meta (k TEXT)")
        db.commit()
        db.close()
    else:
        cache.write_bytes(b"this is not a database" * 100)
    capsys.readouterr()
    for _ in range(2):  # the run after also works (the damaged file is out of the way)
        assert main(["analyze", str(SAMPLE), "--out", str(out), "-q", "--workers", "1", "--force"]) == 0
    assert (out / "items.csv").read_bytes() == first
    assert "could not be used" in capsys.readouterr().err


def test_a_timed_out_file_is_remembered_until_retry_failed(tmp_path, monkeypatch):
    from nlp.runtime import cache as cache_mod
    from nlp.runtime.pipeline import ReportResult
    from nlp.schema import ReportRow

    c = cache_mod.ResultCache(tmp_path / "c.sqlite", "fp", timeout=5)
    c.put(ReportResult(ReportRow("r", "r.pdf", "error", "time limit exceeded: analysis took longer than 5 s",
                                 sha256="abc")))
    c.close()
    assert cache_mod.ResultCache(tmp_path / "c.sqlite", "fp", timeout=5).has("r.pdf", "abc", "r")
    assert not cache_mod.ResultCache(tmp_path / "c.sqlite", "fp", timeout=5, retry_failed=True).has("r.pdf", "abc", "r")
    assert not cache_mod.ResultCache(tmp_path / "c.sqlite", "fp", timeout=60).has("r.pdf", "abc", "r")


def test_a_run_killed_while_publishing_is_finished_by_the_next(tmp_path, monkeypatch):
    from nlp.outputs import sinks
    from nlp.outputs.state import Publication

    out = tmp_path / "out"
    assert main(["analyze", str(SAMPLE), "--out", str(out), "-q", "--workers", "1"]) == 0
    def contents():  # every output, the time each report took aside
        def rows(path):
            with path.open(encoding="utf-8-sig", newline="") as fh:
                return [{k: v for k, v in row.items() if k != "seconds"} for row in csv.DictReader(fh)]
        return {p.name: rows(p) for p in out.glob("*.csv")}

    clean = contents()
    (out / "reports.csv").write_text("stale\n")  # the files of an earlier run, about to be replaced
    real, done = sinks.publish, []

    def dies_after_three(tmp, target):
        if len(done) == 3:
            raise KeyboardInterrupt  # killed half way through the renames
        done.append(target)
        real(tmp, target)

    monkeypatch.setattr(sinks, "publish", dies_after_three)
    assert main(["analyze", str(SAMPLE), "--out", str(out), "-q", "--workers", "1", "--force"]) == 130
    assert (out / Publication.NAME).exists()
    monkeypatch.setattr(sinks, "publish", real)
    assert Publication(out).resume()  # what the next run does first: every file of the stopped run in place
    assert contents() == clean
    # the next run completes the publication first, and does not take the folder for up to date
    assert main(["analyze", str(SAMPLE), "--out", str(out), "-q", "--workers", "1"]) == 0
    assert not (out / Publication.NAME).exists() and not list(out.glob(".*.tmp"))
    assert contents() == clean


def test_a_run_removes_the_outputs_its_own_make_stale(tmp_path, monkeypatch):
    """A folder analysed as CSV with the HTML report, then as Parquet without it: the old items.csv (which the
    report and the workbook would read before items.parquet) and the old report.html go with the publication,
    also when the run is killed after the renames and the next run finishes them."""
    from nlp.outputs.state import Publication

    out = tmp_path / "out"
    assert main(["analyze", str(SAMPLE), "--out", str(out), "-q", "--workers", "1", "--html"]) == 0
    assert (out / "items.csv").exists() and (out / "report.html").exists()
    assert main(["analyze", str(SAMPLE), "--out", str(out), "-q", "--workers", "1", "--format", "parquet"]) == 0
    assert (out / "items.parquet").exists() and not (out / "items.csv").exists()
    assert not (out / "report.html").exists() and (out / "followup.csv").exists()

    import nlp.outputs.state as state

    def killed(out_dir, names):  # the renames are done, the removal is not
        raise KeyboardInterrupt
    monkeypatch.setattr(state, "_remove", killed)
    assert main(["analyze", str(SAMPLE), "--out", str(out), "-q", "--workers", "1", "--force"]) == 130
    assert (out / "items.csv").exists() and (out / "items.parquet").exists()  # in between: the journal says
    monkeypatch.undo()
    assert Publication(out).resume()
    assert (out / "items.csv").exists() and not (out / "items.parquet").exists()


def test_a_file_that_times_out_is_not_retried_until_asked(tmp_path, monkeypatch, capsys):
    slow_file(monkeypatch, 60)
    src = tmp_path / "in"
    src.mkdir()
    (src / "slow.txt").write_bytes(next(SAMPLE.glob("*.txt")).read_bytes())
    out = tmp_path / "out"
    run = ["analyze", str(src), "--out", str(out), "-q", "--workers", "1", "--timeout", "2"]
    assert main(run) == 1
    capsys.readouterr()
    assert main(run + ["--html"]) == 1  # another key: the run happens, the file comes from the cache
    assert "1 reused from the cache" in capsys.readouterr().out
    assert main(run + ["--retry-failed"]) == 1
    assert "0 reused from the cache" in capsys.readouterr().out
