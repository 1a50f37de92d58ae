"""The workbook analysts open: ``zwgk.xlsx``, one sheet per output they use, written from an output folder.

``zwgk analyze … --xlsx`` and ``zwgk export xlsx OUT_DIR`` write it with XlsxWriter in constant-memory mode,
streaming each output file row by row, so a large corpus costs time, not memory. Every sheet has Chinese headers
(the sheet 说明 maps each to its CSV column and meaning), a frozen header row, an autofilter, column widths by
content kind, wrapped long text, topic names and table labels beside their codes, and status cells coloured.

Limits of Excel, and what is done about them:

- 1,048,576 rows per sheet (header included): a longer output continues in 问题(2), 问题(3)… (same header, same
  filter), and 说明 lists the parts;
- 32,767 characters per cell: a longer text is cut, ending with a note that names the CSV holding it whole.

Report texts are third-party input. Every text goes in as a text cell (``write_string``: never a formula), and a
text that a spreadsheet would read as a formula (it begins with ``=``, ``+``, ``-``, ``@``, tab or CR) keeps the
apostrophe guard of the CSVs, so it stays text when copied out, re-saved as CSV or edited.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from .sinks import _safe_cells, publish, stream_rows
from ..text.lists import split_list
from .xlsx_sheets import (BESIDE, DERIVED, GUIDE, INDICATOR_COLUMNS, NUMERIC, SHEETS, STATUS_COLUMNS, TABLE_NAMES,
                          Sheet, header, is_long)

WORKBOOK = "zwgk.xlsx"
MAX_ROWS = 1_048_576  # rows of an Excel sheet, header included
MAX_CHARS = 32_767  # characters of an Excel cell
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_COLOURS = {"#f4c7c3": ("fail", "not_reported", "error"), "#fce8b2": ("warn", "uncertain", "partly", "repeated",
                                                                     "warning"),
            "#d9ead3": ("pass", "reported", "ok")}


def xlsxwriter_module():
    """XlsxWriter, or a UsageError saying how to install it (an optional extra)."""
    try:
        import xlsxwriter
    except ImportError as exc:
        raise UsageError("the workbook needs XlsxWriter: pip install 'zwgk-nlp[xlsx]'") from exc
    return xlsxwriter


@dataclass
class _Part:
    """What one sheet got: its parts (sheet names), rows, and the texts cut to fit a cell."""

    sheet: Sheet
    file: str
    columns: list[str]
    derived: set[str] = field(default_factory=set)  # columns made here (names of codes), not in the file
    names: list[str] = field(default_factory=list)
    rows: int = 0
    cut: int = 0


def write_workbook(out_dir: Path | str, target: Path | str | None = None) -> Path:
    """Write the workbook of the output folder ``out_dir`` (default ``out_dir/zwgk.xlsx``), atomically."""
    xlsxwriter = xlsxwriter_module()
    out_dir = Path(out_dir)
    target = Path(target) if target is not None else out_dir / WORKBOOK
    if _source(out_dir, "reports") is None:
        raise UsageError(f"{out_dir} has no reports.csv: give an output folder of zwgk analyze")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    # XlsxWriter keeps every sheet in a temporary file until the workbook is zipped: as large as the sheets' XML,
    # 24 GB for the workbook of 100,000 reports. They go beside the workbook, on the disk the outputs are on, not
    # into the system's temporary folder (often a small RAM disk); in a hidden folder that is removed afterwards,
    # also on an error (a killed run's is removed by the next run into the folder).
    scratch = tempfile.TemporaryDirectory(prefix=f".{target.name}-sheets-", suffix=".tmp", dir=target.parent)
    try:
        book = xlsxwriter.Workbook(tmp, {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False,
                                         "tmpdir": scratch.name})
        styles = _Styles(book)
        guide = book.add_worksheet(GUIDE)  # first, filled last: it lists what the other sheets got
        lookups = _Lookups(out_dir)
        parts, missing = [], []
        for sheet in SHEETS:
            source = _source(out_dir, sheet.table)
            if source is None:
                missing.append(sheet)
                continue
            parts.append(_write_sheet(book, sheet, source, lookups, styles))
        _write_guide(guide, parts, missing, styles)
        book.close()
        publish(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        scratch.cleanup()
    return target


def _source(out_dir: Path, table: str) -> Path | None:
    from ..schema import table as declared

    csv_path = out_dir / declared(table).file
    for path in (csv_path, csv_path.with_suffix(".parquet")):
        if path.exists():
            return path
    return None


def _columns(table: str, present: list[str]) -> list[str]:
    """The sheet's columns: the file's, with derived ones after the code they name and names beside codes."""
    cols = list(present)
    for moved, anchor in BESIDE.get(table, ()):
        if moved in cols and anchor in cols:
            cols.remove(moved)
            cols.insert(cols.index(anchor) + 1, moved)
    for anchor, new in DERIVED.get(table, ()):
        if anchor in cols and new not in cols:
            cols.insert(cols.index(anchor) + 1, new)
    return cols


class _Lookups:
    """Names for codes: topics (the lexicon), table rows and columns (table_labels.csv), check rule families."""

    def __init__(self, out_dir: Path) -> None:
        try:
            from ..rules_topics import load_topics

            self.lexicon = load_topics()
        except Exception:  # noqa: BLE001 - a broken lexicon must not stop the workbook: codes stay without names
            self.lexicon = None
        self.labels: dict[tuple[str, str, str], str] = {}
        path = _source(out_dir, "table_labels")
        if path is not None:
            for r in stream_rows(path)[1]:
                self.labels.setdefault((r.get("table", ""), r.get("axis", ""), r.get("key", "")), r.get("label", ""))

    def topics(self, codes: str) -> str:
        if self.lexicon is None:
            return ""
        return ";".join(self.lexicon.name(t) or t for t in split_list(codes))

    def rule(self, rule: str) -> str:
        from ..report.labels import RULE_FAMILIES

        for prefix, table, zh in RULE_FAMILIES:
            if rule.startswith(prefix):
                rest = rule[len(prefix):]
                label = self.labels.get((table, "row", rest)) or self.labels.get((table, "col", rest)) or rest
                return f"{zh}：{label}" if rest and table else zh
        return ""

    def derived(self, column: str, row: dict[str, str]) -> str:
        if column == "main_topic_names":
            return self.topics(row.get("main_topics", ""))
        if column == "topic_names":
            return self.topics(row.get("topics", ""))
        if column == "rule_name":
            return self.rule(row.get("rule", ""))
        if column == "table_name":
            return TABLE_NAMES.get(row.get("table", ""), "")
        if column in ("row_label", "col_label"):
            axis = column[:3]
            return self.labels.get((row.get("table", ""), axis, row.get(f"{axis}_key", "")), "")
        return ""


class _Styles:
    def __init__(self, book) -> None:
        self.header = book.add_format({"bold": True, "bg_color": "#dfe7f1", "border": 1, "text_wrap": True,
                                       "valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.cell = book.add_format({"valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 13})
        self.status = {value: book.add_format({"bg_color": colour})
                       for colour, values in _COLOURS.items() for value in values}


def _width(column: str, head: str) -> float:
    if is_long(column):
        return 60
    if column.endswith("_id") or column in ("jurisdiction", "label", "topic_names", "main_topic_names", "rule_name",
                                            "row_label", "col_label", "table_name"):
        return 28
    return min(max(sum(2 if ord(c) > 0x2E80 else 1 for c in head) + 2, 8), 24)


def _write_sheet(book, sheet: Sheet, source: Path, lookups: _Lookups, styles: _Styles) -> _Part:
    present, rows = stream_rows(source)
    columns = _columns(sheet.table, present)
    part = _Part(sheet, source.name, columns, {c for c in columns if c not in present})
    derived = part.derived
    ws = None
    r = MAX_ROWS
    for row in rows:
        if sheet.where and row.get(sheet.where[0]) != sheet.where[1]:
            continue
        if r >= MAX_ROWS:
            if ws is not None:
                _finish(ws, sheet, columns, r, styles)
            ws = _new_part(book, sheet, part, columns, styles)
            r = 1
        values = _safe_cells([lookups.derived(c, row) if c in derived else row.get(c, "") for c in columns])
        for c, (column, value) in enumerate(zip(columns, values)):
            if value == "":
                continue
            if column in NUMERIC and _NUMBER.match(value):
                ws.write_number(r, c, float(value))
                continue
            if len(value) > MAX_CHARS:
                note = f"…〔已截断：全文 {len(value)} 字，见 {source.name}〕"
                value = value[:MAX_CHARS - len(note)] + note
                part.cut += 1
            ws.write_string(r, c, value, styles.wrap if is_long(column) else styles.cell)
        r += 1
        part.rows += 1
    if ws is None:  # no row: the sheet still shows its header
        ws = _new_part(book, sheet, part, columns, styles)
        r = 1
    _finish(ws, sheet, columns, r, styles)
    return part


def _new_part(book, sheet: Sheet, part: _Part, columns: list[str], styles: _Styles):
    name = sheet.name if not part.names else f"{sheet.name}({len(part.names) + 1})"
    part.names.append(name)
    ws = book.add_worksheet(name)
    for c, column in enumerate(columns):
        head = header(sheet.table, column)[0]
        ws.set_column(c, c, _width(column, head), styles.wrap if is_long(column) else None)
        ws.write_string(0, c, head, styles.header)
    ws.freeze_panes(1, 0)
    return ws


def _finish(ws, sheet: Sheet, columns: list[str], rows: int, styles: _Styles) -> None:
    """Autofilter over the part's rows, and status cells coloured by value."""
    last = max(rows - 1, 1)
    ws.autofilter(0, 0, last, len(columns) - 1)
    for c, column in enumerate(columns):
        if column in STATUS_COLUMNS or (sheet.table == "scorecard" and column in INDICATOR_COLUMNS):
            for value, fmt in styles.status.items():
                ws.conditional_format(1, c, last, c, {"type": "cell", "criteria": "==", "value": f'"{value}"',
                                                      "format": fmt})


def _write_guide(ws, parts: list[_Part], missing: list[Sheet], styles: _Styles) -> None:
    """说明: what the workbook holds, its limits, and each sheet's columns (header → CSV column → meaning)."""
    notes = [
        "zwgk 分析结果工作簿：每个工作表对应输出目录中的一个文件，列名下为该列在 CSV 中的名称与含义。",
        "以 = + - @ 开头的文字前加 '（与 CSV 相同），防止被当作公式；所有文字均以文本单元格写入。",
        f"Excel 每个工作表最多 {MAX_ROWS:,} 行：超出时续写在“名称(2)”“名称(3)”…工作表中。",
        f"单元格最多 {MAX_CHARS:,} 字：更长的原文被截断并注明，全文见对应 CSV。",
        "评分：得分（0–100）只是各项结果的加权汇总，务必与各项结果及依据一起阅读；权重见 lexicons/scorecard.yaml。",
    ]
    notes += [f"{p.sheet.name}：{p.rows:,} 行" + (f"，分为 {'、'.join(p.names)}" if len(p.names) > 1 else "")
              + (f"，{p.cut} 处文字被截断" if p.cut else "") for p in parts]
    notes += [f"{s.name}：输出目录中没有 {s.table} 文件（该输出未生成）" for s in missing]
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 3, 18)
    ws.set_column(4, 4, 80, styles.wrap)
    ws.write_string(0, 0, "说明", styles.title)
    r = 1
    for note in notes:
        ws.write_string(r, 0, note)
        r += 1
    r += 1
    head_row = r
    for c, h in enumerate(("工作表", "列名", "文件", "CSV 列", "含义")):
        ws.write_string(r, c, h, styles.header)
    for p in parts:
        for column in p.columns:
            r += 1
            zh, meaning = header(p.sheet.table, column)
            source = "（由代码表生成）" if column in p.derived else p.file
            for c, value in enumerate((p.names[0], zh, source, column, meaning)):
                ws.write_string(r, c, value)
    ws.autofilter(head_row, 0, max(r, head_row + 1), 4)
    ws.freeze_panes(head_row + 1, 0)

