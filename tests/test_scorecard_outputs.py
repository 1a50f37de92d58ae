"""The scorecard in a run's outputs: scorecard.csv one row per report, ``--xlsx`` and ``zwgk export xlsx``, the
HTML report's scorecard page (sortable, every cell linking to its evidence), and the re-run check."""
from __future__ import annotations

import csv
import sys

import pytest
from lxml import html as lxml_html

from conftest import CORPUS, CORPUS_LEXICON
from nlp.cli import main
from nlp.report import write_report
from nlp.scorecard.settings import INDICATORS


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("scorecard") / "out"
    args = ["analyze", str(CORPUS / "yuntai-qu"), str(CORPUS / "bad" / "empty.txt"), "--out", str(out), "-q", "--html",
            "--lexicon", str(CORPUS_LEXICON)]
    assert main(args) == 1  # the empty file fails
    return out


def test_scorecard_csv_has_a_row_per_report(out):
    reports, card = _rows(out / "reports.csv"), _rows(out / "scorecard.csv")
    assert [r["report_id"] for r in card] == [r["report_id"] for r in reports]
    by_id = {r["report_id"]: r for r in card}
    assert by_id["empty"]["on_time"] == "unknown" and by_id["empty"]["score"] == ""
    row = by_id["云台区2020年政府信息公开工作年度报告"]
    assert row["sections_complete"] == "warn" and row["score"] and row["score_basis"].startswith("weight judged")
    assert all(row[k] in ("pass", "warn", "fail", "unknown") and row[f"{k}_evidence"] for k in INDICATORS)
    assert not list(out.glob(".zwgk-scorecard-*")), "the scratch store is removed"


def test_html_report_has_the_scorecard_page(out):
    doc = lxml_html.document_fromstring((out / "report.html").read_text(encoding="utf-8"))
    assert doc.xpath('//nav//a[@href="#scorecard"]')
    (view,) = doc.xpath('//section[@id="scorecard"]')
    (tab,) = view.xpath('.//table[@id="scorecard-table"]')
    assert "sortable" in tab.get("class")
    rows = tab.xpath("./tbody/tr")
    assert len(rows) == len(_rows(out / "scorecard.csv"))
    links = [a.get("href") for a in tab.xpath(".//td[contains(@class,'sc ')]/a")]
    assert len(links) == len(rows) * len(INDICATORS)
    ids = set(doc.xpath("//@id"))
    assert all(h.startswith("#sc") and h[1:] in ids for h in links), "every cell links to its evidence"
    assert "t3.new.total" in view.text_content()  # evidence is shown


def test_workbook_from_the_run_and_from_export(out, tmp_path, monkeypatch):
    pytest.importorskip("xlsxwriter")
    openpyxl = pytest.importorskip("openpyxl")
    assert main(["export", "xlsx", str(out), "--out", str(tmp_path / "w.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "w.xlsx", read_only=True)
    assert {"评分", "问题", "说明"} <= set(book.sheetnames)
    again = tmp_path / "again"
    args = ["analyze", str(CORPUS / "yuntai-qu"), "--out", str(again), "-q", "--xlsx", "--lexicon", str(CORPUS_LEXICON)]
    assert main(args) == 0 and (again / "zwgk.xlsx").is_file()
    (again / "zwgk.xlsx").unlink()
    assert main(args) == 0 and (again / "zwgk.xlsx").is_file(), "a run whose workbook is missing is not up to date"


def test_missing_xlsxwriter_is_a_usage_error(out, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    assert main(["export", "xlsx", str(out)]) == 2
    assert "pip install 'zwgk-nlp[xlsx]'" in capsys.readouterr().err
    assert main(["analyze", str(CORPUS / "yuntai-qu"), "--out", str(tmp_path / "o"), "-q", "--xlsx"]) == 2
    assert not (tmp_path / "o" / "reports.csv").exists(), "refused before any file is read"


@pytest.fixture(scope="module")
def chromium():
    from test_report_html import find_chromium

    exe = find_chromium()
    if not exe:
        pytest.skip("chromium is not installed (scripts/install_chromium.sh)")
    return exe


def test_scorecard_cell_link_opens_its_evidence(out, chromium, tmp_path):
    from test_report_html import run_chromium

    url = write_report(out).resolve().as_uri() + "#sc0-on_time"
    dom = run_chromium(chromium, tmp_path / "profile", url, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    doc = lxml_html.document_fromstring(dom.stdout)
    (body,) = doc.xpath("//body")
    assert (body.get("data-rendered"), body.get("data-view")) == ("ok", "scorecard")


def test_python_api_scorecard(tmp_path):
    import nlp
    from sample_report import report_text, write

    write(tmp_path, "a.txt", report_text(year=2020))
    write(tmp_path, "b.txt", report_text(year=2021))
    frame = nlp.analyze([str(tmp_path)], workers=1).scorecard
    assert list(frame["report_id"]) == ["a", "b"] and list(frame.columns[:5]) == ["report_id", "jurisdiction", "year",
                                                                                   "level", "score"]
    assert frame.loc[1, "not_copied"] == "fail"  # the same text two years running
