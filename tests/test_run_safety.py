"""One run per output folder, clear errors for folders the user must fix, and clean stops on signals."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import CORPUS, ROOT

from nlp.cli import main
from nlp.outputs.state import LOCK_NAME, OutputLock

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
    assert main(["analyze", str(SAMPLE), "--out", str(out), "-q", "--workers", "1"]) == 0
    assert not list(out.glob(".*.tmp")) and (out / "notes.tmp").exists()


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-3"])
def test_timeout_must_be_positive_and_finite(tmp_path, capsys, value):
    assert main(["analyze", str(SAMPLE), "--out", str(tmp_path / "o"), "-q", "--timeout", value]) == 2
    assert "--timeout" in capsys.readouterr().err


def test_workers_beyond_the_limit_are_refused_and_beyond_the_cpus_noted(tmp_path, capsys):
    assert main(["analyze", str(SAMPLE), "--out", str(tmp_path / "o"), "-q", "--workers", "100000"]) == 2
    assert "--workers" in capsys.readouterr().err
    many = (os.cpu_count() or 1) + 1
    assert main(["analyze", str(SAMPLE / next(p.name for p in SAMPLE.glob("*.txt"))), "--out", str(tmp_path / "o"),
                 "-q", "--workers", str(many)]) == 0
    assert "more than the" in capsys.readouterr().err


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
