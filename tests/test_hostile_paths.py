"""Inputs that are not plain UTF-8-named regular files: each gets its row with a reason, and nothing hangs."""
from __future__ import annotations

import csv
import os
import shutil

import pytest
from conftest import CORPUS

from nlp.cli import main


def _rows(out):
    with (out / "reports.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def report_text():
    return next((CORPUS / "qingxi-xian").glob("*.txt"))


def test_non_utf8_file_name_is_analysed_and_shown_escaped(tmp_path, report_text):
    src = tmp_path / "in"
    src.mkdir()
    name = os.fsencode(src) + b"/report_\xe9t\xe9_2021.txt"  # Latin-1 bytes: not valid UTF-8
    with open(name, "wb") as fh:
        fh.write(report_text.read_bytes())
    out = tmp_path / "out"
    assert main(["analyze", str(src), "--out", str(out), "-q", "--workers", "1"]) == 0
    (row,) = _rows(out)
    assert row["status"] in ("ok", "warning") and row["jurisdiction"] == "青溪县"
    assert row["path"].endswith("report_\\xe9t\\xe9_2021.txt")
    # the cache and the re-run key hold such names too
    assert main(["analyze", str(src), "--out", str(out), "-q", "--workers", "1"]) == 0


def test_links_fifos_and_devices_get_rows_without_hanging(tmp_path, report_text):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(report_text, src / "good.txt")
    os.symlink("loop.txt", src / "loop.txt")  # points to itself
    os.mkfifo(src / "pipe.txt")
    os.symlink("/dev/zero", src / "zero.txt")
    os.symlink(src, src / "again")  # a link to a folder: not followed
    out = tmp_path / "out"
    code = main(["analyze", str(src), "--out", str(out), "-q", "--workers", "1", "--timeout", "30"])
    assert code == 1
    rows = {os.path.basename(r["path"]): r for r in _rows(out)}
    assert set(rows) == {"good.txt", "loop.txt", "pipe.txt", "zero.txt"}
    assert rows["good.txt"]["status"] != "error"
    assert "loop" in rows["loop.txt"]["message"]
    assert "FIFO" in rows["pipe.txt"]["message"]
    assert "character device" in rows["zero.txt"]["message"]


def test_inputs_named_directly_each_get_a_row(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("self.txt", tmp_path / "self.txt")
    out = tmp_path / "out"
    assert main(["analyze", str(tmp_path / "pipe.txt"), str(tmp_path / "self.txt"), "--out", str(out), "-q",
                 "--workers", "1"]) == 1
    assert [r["status"] for r in _rows(out)] == ["error", "error"]


def test_output_folder_inside_the_input_is_never_read(tmp_path, report_text):
    shutil.copy(report_text, tmp_path / "r.txt")
    out = tmp_path / "results"
    for _ in range(2):
        main(["analyze", str(tmp_path), "--out", str(out), "-q", "--workers", "1", "--force", "--html"])
        assert [os.path.basename(r["path"]) for r in _rows(out)] == ["r.txt"]


def test_an_output_folder_given_as_the_input_reads_only_the_users_files(tmp_path, report_text):
    shutil.copy(report_text, tmp_path / "r.txt")
    for _ in range(2):
        main(["analyze", str(tmp_path), "--out", str(tmp_path), "-q", "--workers", "1", "--force", "--html"])
        assert [os.path.basename(r["path"]) for r in _rows(tmp_path)] == ["r.txt"]
