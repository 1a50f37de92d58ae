"""The command line contract: outputs, columns, encodings, exit codes, inputs untouched, time limit."""
from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, CORPUS_LEXICON
from nlp.runtime.batch import discover, make_jobs, run_jobs
from nlp.cli import main

REPORT_COLUMNS = ["report_id", "path", "status", "message", "jurisdiction", "level", "year", "format", "title",
                  "n_chars", "n_pages", "sha256"]


def _digest(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel/WPS"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_analyze_corpus_writes_contract_outputs(tmp_path):
    before = _digest(CORPUS)
    out = tmp_path / "out"
    code = main(["analyze", str(CORPUS), "--out", str(out), "--workers", "2", "-q", "--lexicon", str(CORPUS_LEXICON)])
    assert code == 1  # corpus/bad holds files that fail
    assert _digest(CORPUS) == before, "inputs must never be modified"
    rows = _rows(out / "reports.csv")
    assert list(rows[0])[: len(REPORT_COLUMNS)] == REPORT_COLUMNS
    assert len(rows) == len(discover([str(CORPUS)]))
    by_status = {r["status"] for r in rows}
    assert by_status == {"ok", "warning", "error"}
    good = [r for r in rows if "bad" not in Path(r["path"]).parts]
    assert all(r["status"] == "ok" and r["jurisdiction"] and r["year"] for r in good)
    assert all(len(r["sha256"]) == 64 for r in rows if r["message"] != "empty file (0 bytes)")
    sections = _rows(out / "sections.csv")
    assert {"report_id", "key", "heading", "start", "end"} <= set(sections[0])
    items = _rows(out / "items.csv")
    assert {"item_id", "report_id", "jurisdiction", "year", "kind", "section", "seq", "label", "text", "start",
            "end", "page"} <= set(items[0])
    assert {i["kind"] for i in items} == {"measure", "problem", "commitment", "followup"}
    assert len({i["item_id"] for i in items}) == len(items)
    tables = _rows(out / "tables.csv")
    assert list(tables[0])[:8] == ["report_id", "table", "row_key", "col_key", "raw", "value", "value_kind", "page"]
    assert {t["table"] for t in tables} == {"t2", "t3", "t4"}
    checks = _rows(out / "checks.csv")
    assert list(checks[0]) == ["report_id", "rule", "status", "expected", "actual", "message", "evidence"]
    assert {c["status"] for c in checks} <= {"pass", "fail", "uncertain", "not_assessable"}
    assert any(c["rule"].startswith("xyear_t3_carry_over") and c["status"] == "pass" for c in checks)
    assert {i["vague"] for i in items if i["kind"] == "problem"} <= {"0", "1"}
    assert {i["vague"] for i in items if i["kind"] != "problem"} == {""}
    followup = _rows(out / "followup.csv")
    assert list(followup[0])[:11] == ["jurisdiction", "year", "commitment_item_id", "commitment_text", "topics", "status",
                                      "evidence_item_id", "evidence_text", "evidence_year", "score", "reason"]
    assert {"reported", "partly", "repeated", "no_next_report", "no_commitment"} <= {f["status"] for f in followup}
    recurring = _rows(out / "recurring.csv")
    assert list(recurring[0])[:10] == ["jurisdiction", "topic", "topic_name", "years", "n_years", "first_year",
                                       "last_year", "longest_streak", "still_open", "returned"] or \
        {"jurisdiction", "topic", "topic_name", "years", "n_years", "first_year", "last_year", "longest_streak",
         "still_open"} <= set(recurring[0])
    assert any(r["jurisdiction"] == "云台区" and r["topic"] == "T11" and r["n_years"] == "3" for r in recurring)
    series = _rows(out / "series.csv")
    assert {"jurisdiction", "year", "prev_year", "problems_similarity", "overview_similarity",
            "copied_year_tokens"} <= set(series[0])
    assert (out / "duplicates.csv").exists()
    labels = _rows(out / "table_labels.csv")
    assert {"table": "t3", "axis": "col", "key": "natural_person", "label": "自然人"} in labels


def test_exit_codes(tmp_path):
    good = next(CORPUS.glob("qingxi-xian/*.txt"))
    assert main(["analyze", str(good), "--out", str(tmp_path / "a"), "-q"]) == 0
    assert main(["analyze", str(tmp_path / "missing.pdf"), "--out", str(tmp_path / "b"), "-q"]) == 2
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["analyze", str(good), "--out", str(blocker), "-q"]) == 2
    assert main(["analyze", str(CORPUS / "bad" / "empty.txt"), "--out", str(tmp_path / "c"), "-q"]) == 1
    assert (tmp_path / "c" / "reports.csv").exists()


def test_output_folder_inside_input_is_not_read(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "r.txt").write_text((CORPUS / "qingxi-xian").joinpath(next(p.name for p in (CORPUS / "qingxi-xian").glob("*.txt"))).read_bytes().decode("gbk"), encoding="utf-8")
    assert main(["analyze", str(src), "--out", str(src / "out"), "-q"]) == 0
    assert main(["analyze", str(src), "--out", str(src / "out"), "-q"]) == 0  # second run: out/*.csv not analysed
    assert len(_rows(src / "out" / "reports.csv")) == 1


def test_python_dash_m_is_the_same_command(tmp_path):
    res = subprocess.run([sys.executable, "-m", "nlp", "--help"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and "analyze" in res.stdout


def test_time_limit_turns_a_slow_file_into_an_error_and_the_batch_goes_on():
    pdf = next(CORPUS.glob("qingxi-xian/*.pdf"))
    txt = next(CORPUS.glob("qingxi-xian/*.txt"))
    jobs = make_jobs([str(pdf), str(txt)])
    results = {r.report.path: r.report for r in run_jobs(jobs, workers=1, timeout=0.01)}
    assert "time limit exceeded" in results[str(pdf)].message
    assert results[str(pdf)].status == "error"
    assert len(results) == 2


def test_report_ids_are_unique_and_readable():
    jobs = make_jobs(["a/x.pdf", "b/x.txt", "c/x.txt", "d/y.txt"])
    assert [j.report_id for j in jobs] == ["x.pdf", "x.txt", "x.txt-2", "y"]


def test_formula_cells_are_neutralised(tmp_path):
    from nlp.outputs.sinks import write_csv

    write_csv(tmp_path / "t.csv", ["a", "b"], [{"a": "=HYPERLINK(\"x\")", "b": "-3"}, {"a": "@SUM(A1)", "b": "+数据"}])
    rows = _rows(tmp_path / "t.csv")
    assert rows[0] == {"a": "'=HYPERLINK(\"x\")", "b": "-3"}
    assert rows[1] == {"a": "'@SUM(A1)", "b": "'+数据"}


def test_pdf_reader_option_gives_the_same_rows_and_keeps_its_own_cache(tmp_path, capsys):
    """``--pdf-reader pdfminer`` selects the other PDF reader: same rows on the corpus PDFs; a run with the other
    reader does not take the first one's results from the cache."""
    pdf = next(CORPUS.glob("qingxi-xian/*.pdf"))
    out = tmp_path / "out"
    assert main(["analyze", str(pdf), "--out", str(out), "-q"]) == 0
    default = {name: _rows(out / name) for name in ("reports.csv", "items.csv", "tables.csv")}
    capsys.readouterr()
    assert main(["analyze", str(pdf), "--out", str(out), "-q", "--pdf-reader", "pdfminer"]) == 0
    assert "(0 reused from the cache" in capsys.readouterr().out
    for name, rows in default.items():
        other = _rows(out / name)
        for row in rows + other:
            row.pop("seconds", None)
        assert other == rows, name
    with pytest.raises(SystemExit) as exc:
        main(["analyze", str(pdf), "--out", str(out), "-q", "--pdf-reader", "poppler"])
    assert exc.value.code == 2
