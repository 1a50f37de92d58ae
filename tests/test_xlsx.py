"""The workbook (nlp.outputs.xlsx): it opens and reads back with openpyxl and pandas, has the sheets, Chinese
headers, frozen header, filter and code names analysts need, splits a sheet at Excel's row limit, cuts texts at
its cell limit, and never lets a report's text become a formula."""
from __future__ import annotations

from dataclasses import asdict

import pytest

from nlp.annotate.items import Item
from nlp.checks.check import Check
from nlp.outputs import xlsx
from nlp.outputs.sinks import write_csv
from nlp.schema import ReportRow, table
from nlp.scorecard.rows import ScorecardRow
from nlp.tables.cells import Cell
from nlp.tables.labels import label_lookup

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

HOSTILE = ['=HYPERLINK("http://evil.invalid","点击")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "=1+1"]


def _item(i: int, kind: str, text: str, topics: str = "T11") -> Item:
    return Item(f"r1:{kind[0]}{i}", "r1", "东川县", 2021, kind, "problems", i, f"{i}", text, 10 * i, 10 * i + len(text),
                3, topics, "解读", 0 if kind == "problem" else None, topics, "政策解读")


def folder(tmp_path, n_problems: int = 3, long_text: str = ""):
    """An output folder with our own rows: a report whose title and texts are hostile."""
    out = tmp_path / "out"
    out.mkdir()
    items = [_item(i, "problem", HOSTILE[i % len(HOSTILE)]) for i in range(n_problems)]
    items += [_item(100, "commitment", "下一步，我县将出台《政策解读工作办法》。"), _item(101, "measure", long_text or "全年公开信息2150条。")]
    write_csv(out / "reports.csv", table("reports").columns,
              [ReportRow("r1", "a.txt", title=HOSTILE[0], jurisdiction="东川县", year=2021, level="county")])
    write_csv(out / "items.csv", table("items").columns, items)
    write_csv(out / "checks.csv", table("checks").columns,
              [Check("r1", "t3_balance_total", "fail", 21, 20, "parts give 21", "t3.new.total=20@p3"),
               Check("r1", "t4_sum_review", "pass", 1, 1, "ok", "")])
    write_csv(out / "tables.csv", table("tables").columns, [Cell("r1", "t3", "new", "total", "20", 20, "number", 3)])
    write_csv(out / "table_labels.csv", table("table_labels").columns, label_lookup())
    card = ScorecardRow("r1", "东川县", 2021, "county", 80.0, "weight judged 100", tables_consistent="fail",
                        tables_consistent_evidence=HOSTILE[0])
    write_csv(out / "scorecard.csv", table("scorecard").columns, [card])
    return out


def test_workbook_opens_and_reads_back(tmp_path):
    path = xlsx.write_workbook(folder(tmp_path))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["说明", "报告", "问题", "承诺", "措施", "勾稽校验", "评分", "统计表"]
    problems = book["问题"]
    heads = [c.value for c in problems[1]]
    assert heads[:3] == ["条目标识", "报告标识", "报告主体"] and "主题名称" in heads and "主要主题名称" in heads
    assert heads.index("主题名称") == heads.index("主题编号") + 1  # names beside the codes
    assert problems.freeze_panes == "A2" and problems.auto_filter.ref == f"A1:{problems.cell(1, len(heads)).column_letter}4"
    checks = book["勾稽校验"]
    assert [c.value for c in checks[1]][:3] == ["报告标识", "规则", "规则说明"]
    assert checks.cell(2, 3).value.startswith("表三：新收 + 上年结转")
    tables = book["统计表"]
    assert [c.value for c in tables[2]][:7] == ["r1", "t3", "收到和处理政府信息公开申请情况", "new",
                                                "一、本年新收政府信息公开申请数量", "total", "总计"]
    guide = [[c.value for c in row] for row in book["说明"].iter_rows()]
    assert ["问题", "主题名称", "items.csv", "topic_names", "主题编号对应的中文名称"] in guide
    assert any(str(r[0]).startswith("承诺落实：输出目录中没有") for r in guide)  # a missing output is said

    import pandas as pd

    frame = pd.read_excel(path, sheet_name="评分")
    assert frame.loc[0, "得分"] == 80.0 and frame.loc[0, "统计表勾稽一致"] == "fail"
    assert int(pd.read_excel(path, sheet_name="报告").loc[0, "年度"]) == 2021


def test_hostile_text_never_becomes_a_formula(tmp_path):
    path = xlsx.write_workbook(folder(tmp_path, n_problems=len(HOSTILE)))
    book = openpyxl.load_workbook(path)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for hostile in HOSTILE:
        assert hostile not in texts  # every one is guarded as in the CSVs
    assert "'" + HOSTILE[0] in texts and "'" + HOSTILE[3] in texts


def test_parquet_outputs_are_guarded_too(tmp_path):
    pytest.importorskip("pyarrow")
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = folder(tmp_path)
    items = [asdict(_item(1, "problem", HOSTILE[1]))]
    (out / "items.csv").unlink()
    pq.write_table(pa.Table.from_pylist([{k: None if v is None else str(v) for k, v in r.items()} for r in items]),
                   out / "items.parquet")
    book = openpyxl.load_workbook(xlsx.write_workbook(out))
    values = [c.value for row in book["问题"].iter_rows(min_row=2) for c in row]
    assert "'" + HOSTILE[1] in values and HOSTILE[1] not in values


def test_a_sheet_longer_than_excel_allows_continues_on_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)  # header + 2 rows per sheet
    book = openpyxl.load_workbook(xlsx.write_workbook(folder(tmp_path, n_problems=5)))
    parts = [n for n in book.sheetnames if n.startswith("问题")]
    assert parts == ["问题", "问题(2)", "问题(3)"]
    assert [book[n].max_row for n in parts] == [3, 3, 2]
    assert book["问题(2)"].cell(1, 1).value == "条目标识" and book["问题(2)"].freeze_panes == "A2"
    guide = [str(row[0].value) for row in book["说明"].iter_rows()]
    assert "问题：5 行，分为 问题、问题(2)、问题(3)" in guide


def test_text_longer_than_a_cell_is_cut_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_CHARS", 60)
    book = openpyxl.load_workbook(xlsx.write_workbook(folder(tmp_path, long_text="公开" * 100)))
    text = book["措施"].cell(2, 9).value
    assert len(text) == 60 and text.endswith("〔已截断：全文 200 字，见 items.csv〕")
    assert any("措施：1 行，1 处文字被截断" == str(row[0].value) for row in book["说明"].iter_rows())


def test_the_sheets_wait_beside_the_workbook_and_are_removed(tmp_path, monkeypatch):
    """XlsxWriter keeps each sheet in a temporary file until it zips the workbook (24 GB at 100,000 reports): they go
    into a hidden folder beside the workbook, not into the system's temporary folder, and it is removed after the
    workbook is written or fails."""
    import tempfile

    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    out = folder(tmp_path)
    seen = []
    write_sheet = xlsx._write_sheet

    def watched(book, *args):
        seen.extend(p.name for p in out.glob(".zwgk.xlsx-sheets-*.tmp") if any(p.iterdir()))
        return write_sheet(book, *args)

    monkeypatch.setattr(xlsx, "_write_sheet", watched)
    xlsx.write_workbook(out)
    assert seen and not list(system_temp.iterdir())
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []

    def broken(book, *args):
        watched(book, *args)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsx, "_write_sheet", broken)
    with pytest.raises(OSError):
        xlsx.write_workbook(out)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_not_an_output_folder(tmp_path):
    from nlp.errors import UsageError

    with pytest.raises(UsageError, match="no reports.csv"):
        xlsx.write_workbook(tmp_path)
