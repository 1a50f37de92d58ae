"""Hostile and damaged inputs: every one ends as a row (ok, warning or error) with a readable message.

The fixed set of hostile files is made by scripts/hostile_files.py (one per class of the hardening issue); the
fuzz test feeds generated text and HTML through the whole per-report pipeline.
"""
from __future__ import annotations

import csv
import importlib.util
import sys

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.cli import main
from nlp.errors import ReadError
from nlp.read.encoding import decode
from nlp.runtime.pipeline import analyze_file

_spec = importlib.util.spec_from_file_location("hostile_files", ROOT / "scripts" / "hostile_files.py")
hostile = importlib.util.module_from_spec(_spec)
sys.modules["hostile_files"] = hostile
_spec.loader.exec_module(hostile)

EXPECTED = {  # file → (status, words its message must hold)
    "utf8_cut_inside_last_char.txt": ("warning", "ends inside a character"),
    "utf8_one_bad_byte.txt": ("warning", "not valid UTF-8"),
    "footnote_marker_at_page_edge.txt": ("warning", ""),
    "form_feed_after_script.html": ("warning", ""),
    "nul_in_html.html": ("warning", ""),
    "docx_huge_gridspan.docx": ("warning", ""),
    "docx_corrupt_deflate.docx": ("error", "damaged or truncated DOCX"),
    "docx_unknown_compression.docx": ("error", "damaged DOCX"),
    "link_to_itself.txt": ("error", "points to itself"),
    "link_to_dev_zero.txt": ("error", "character device"),
    "fifo.txt": ("error", "FIFO"),
}


def test_every_hostile_file_gets_a_row_with_a_readable_message(tmp_path):
    made = hostile.make(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["analyze", str(tmp_path / "in"), "--out", str(out), "-q", "--timeout", "30", "--workers", "2"]) == 1
    with (out / "reports.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = {r["path"].rsplit("/", 1)[-1]: r for r in csv.DictReader(fh)}
    assert len(rows) == len(made) == len(hostile._files()) + 4
    for name, row in rows.items():
        assert row["status"] in ("ok", "warning", "error"), name
        assert "Traceback" not in row["message"] and "internal error" not in row["message"], (name, row["message"])
        assert row["status"] != "error" or row["message"], name
    for name, (status, words) in EXPECTED.items():
        assert rows[name]["status"] == status and words in rows[name]["message"], (name, rows[name])
    assert rows["name_not_utf8_\\xe9t\\xe9.txt"]["status"] == "warning"
    assert all(rows[n]["status"] == "error" for n in rows if n.startswith("pdf_"))


def test_damaged_utf8_is_read_with_a_warning_and_other_encodings_are_not_mistaken_for_it():
    text = "本机关全面推进政务公开工作，政策解读质量有待进一步提高。\n" * 30
    raw = text.encode("utf-8")
    assert decode(raw[:-2]).warnings and decode(raw[:-2]).text == text[:-2]  # "\n" and half of "。" cut off
    cut = raw[:40] + b"\xff" + raw[40:]
    assert decode(cut).encoding == "utf-8" and "\ufffd" in decode(cut).text and decode(cut).warnings
    assert decode(text.encode("gb18030")) == (text, "gb18030", [])  # GBK is not "damaged UTF-8"
    many = bytearray(raw)
    for i in range(10, len(many), 40):
        many[i] = 0xFF
    with pytest.raises(ReadError):  # damaged everywhere: refused, not read as UTF-8 full of replacements
        decode(bytes(many))


def test_a_docx_asking_for_millions_of_columns_is_capped(tmp_path):
    path = tmp_path / "grid.docx"
    path.write_bytes(hostile._files()["docx_huge_gridspan.docx"])
    result = analyze_file(path, "grid")
    assert result.report.status == "warning" and result.report.n_chars < 10_000


_TEXT = st.text(alphabet=st.sampled_from(list("一二三四五、（）()是。，；：\n\t |0123456789年月日报告政府信息公开存在问题改进"
                                              "下一步将加强解读申请①②\f\u3000\x00\ufeff<>&")), max_size=400)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_TEXT, form=st.sampled_from(["utf-8", "gb18030", "html", "bytes"]), junk=st.binary(max_size=64))
def test_any_text_or_page_ends_as_a_row(tmp_path, body, form, junk):
    if form == "html":
        data, name = f"<html><head><script>{junk!r}</script></head><body><p>{body}</p></body></html>".encode(), "p.html"
    elif form == "bytes":
        data, name = body.encode("utf-8", "surrogatepass") + junk, "b.txt"
    else:
        data, name = body.encode(form, "replace"), "t.txt"
    path = tmp_path / name
    path.write_bytes(data)
    result = analyze_file(path, "fuzz")
    assert result.report.status in ("ok", "warning", "error")
    assert result.report.status != "error" or result.report.message
    assert "internal error" not in result.report.message, result.report.message


def test_lexicon_coverage_reads_an_item_longer_than_the_csv_default_limit(tmp_path, capsys):
    from nlp.outputs.sinks import write_csv

    out = tmp_path / "out"
    write_csv(out / "items.csv", ["item_id", "report_id", "kind", "topics", "text"],
              [{"item_id": "r:m1", "report_id": "r", "kind": "measure", "topics": "", "text": "政务公开" * 50_000}])
    assert main(["lexicon", "coverage", str(out)]) == 0


def test_gbk_text_with_little_chinese_is_not_taken_for_damaged_utf8():
    text = "Report 2023: 政府 and 公开 ok. " * 5
    assert decode(text.encode("gbk")).encoding == "gb18030"
