"""Reading the statutory tables (nlp.tables): every input form against the gold, cell meaning, repairs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import CORPUS, GOLD, ROOT, SHARED, corpus_manifest
from nlp.read.document import Document
from nlp.runtime.pipeline import load_document
from nlp.schema import table
from nlp.tables import cell_map, extract_tables, label_lookup
from nlp.tables.forms import read_all
from nlp.tables.identities import row_rule
from nlp.tables.labels import t2_layout, t3_columns, t3_row_keys
from nlp.tables.pieces import text_pieces
from nlp.tables.repairs import split_run_together
from nlp.tables.values import classify

T4_ROWS = ["review", "litigation_direct", "litigation_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
GOLD_T3 = {"new": "new", "carried_in": "carried_in", "disclosed": "disclosed", "partly": "partly_disclosed",
           "total_handled": "total", "carried_out": "carried_out"}
MANIFEST = corpus_manifest()
STATUTORY = [m for m in MANIFEST if m["format"] != "pre2019"]  # samples with the statutory tables 2-4
T2_ROW_LABELS = {"规章": "regulations", "规范性文件": "normative_docs", "行政规范性文件": "normative_docs",
                 "行政许可": "licensing", "其他对外管理服务事项": "other_services", "行政处罚": "penalty",
                 "行政强制": "enforcement", "行政事业性收费": "fees", "政府集中采购": "procurement"}


def gold_expectations(tables: dict) -> list[tuple[tuple[str, str, str], float]]:
    """(table, row, col) → number for the gold's t3 total column and its 15 t4 numbers."""
    out = [(("t3", GOLD_T3[k], "total"), v) for k, v in tables["t3_total_column"].items()]
    out += [(("t4", T4_ROWS[i // 5], T4_COLS[i % 5]), v) for i, v in enumerate(tables["t4"])]
    return out


def source_tables(report_id: str) -> dict[tuple[str, str, str], str]:
    """Every cell of the sample report's source tables (scripts/corpus_src/<id>.txt), read by position only."""
    blocks: dict[str, list[list[str]]] = {}
    cur = None
    for line in (ROOT / "scripts" / "corpus_src" / f"{report_id}.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        m = re.match(r"\[\[table (t\d)\]\]", line)
        if m:
            cur = m.group(1)
            blocks[cur] = []
        elif line.startswith("[[/table"):
            cur = None
        elif cur:
            blocks[cur].append([c.strip() for c in line.strip("|").split("|")])
    exp: dict[tuple[str, str, str], str] = {}
    rows = blocks["t3"][3:]
    assert len(rows) == 25
    for key, row in zip(t3_row_keys(), rows):
        for col, v in zip(t3_columns(), row[-7:]):
            exp[("t3", key, col)] = v
    for i, v in enumerate(blocks["t4"][3]):
        exp[("t4", T4_ROWS[i // 5], T4_COLS[i % 5])] = v
    fmt = "2019" if any("本年新制作数量" in c for r in blocks["t2"] for c in r) else "2021"
    layout = t2_layout(fmt)
    for row in blocks["t2"]:
        key = T2_ROW_LABELS.get(row[0])
        if key:
            for col, v in zip(layout[key], row[1:]):
                exp[("t2", key, col)] = v
    return exp


def doc_of(text: str, kind: str = "html") -> Document:
    return Document(path="<memory>", kind=kind, text=text, page_starts=[0], page_numbers=[1])


# ---------------------------------------------------------------------------------------------- sample corpus


@pytest.mark.parametrize("entry", STATUTORY, ids=[f"{m['id']}-{m['form']}" for m in STATUTORY])
def test_corpus_gold_tables(entry):
    """Every input form of corpus/: the gold t3 total column and the 15 t4 numbers."""
    gold = json.loads((GOLD / f"{entry['id']}.json").read_text(encoding="utf-8"))["tables"]
    cm = cell_map(extract_tables(load_document(CORPUS / entry["out"]), entry["id"]))
    for key, value in gold_expectations(gold):
        assert key in cm, key
        assert cm[key].value == value, (key, cm[key])


@pytest.mark.parametrize("entry", STATUTORY, ids=[f"{m['id']}-{m['form']}" for m in STATUTORY])
def test_corpus_every_cell_matches_source(entry):
    """All 175 t3 cells, the t4 row and every t2 cell, as printed in the generator's source."""
    cells = extract_tables(load_document(CORPUS / entry["out"]), entry["id"])
    cm = cell_map(cells)
    exp = source_tables(entry["id"])
    wrong = {k: (v, cm[k].raw if k in cm else None) for k, v in exp.items() if k not in cm or cm[k].raw != v}
    assert not wrong
    assert all(c.value_kind != "unreadable" for c in cells)
    # t2 keys follow the format generation of the table
    fmt = entry["format"]
    assert ("t2", "normative_docs", "in_force" if fmt == "2021" else "published_total") in cm


@pytest.mark.parametrize("entry", [m for m in MANIFEST if m["form"] == "pdf"], ids=lambda m: m["id"])
def test_corpus_pdf_text_reading_without_pdfplumber(entry):
    """The text reading of the PDFs alone (the path for unruled tables) also reads every cell right."""
    doc = load_document(CORPUS / entry["out"])
    reads = read_all(text_pieces(doc), entry["id"], doc, None)
    cm = cell_map(c for r in reads.values() for c in r.cells)
    exp = source_tables(entry["id"])
    assert {k: v for k, v in exp.items() if k not in cm or cm[k].raw != v} == {}


@pytest.mark.parametrize("entry", [m for m in MANIFEST if m["form"] == "pdf"][:1], ids=lambda m: m["id"])
def test_the_ruled_table_reading_takes_the_pdfs_bytes(entry):
    """The pdfplumber reading of a PDF's ruled tables works on the PDF's bytes as well as on its path: the same
    rows."""
    from nlp.tables.pieces import pdf_pieces
    from nlp.tables.regions import table_pages

    path = CORPUS / entry["out"]
    doc = load_document(path)
    pages = table_pages(doc, text_pieces(doc))
    from_bytes = pdf_pieces(path.read_bytes(), pages)
    assert from_bytes and from_bytes == pdf_pieces(str(path), pages)


def test_the_batch_hands_the_pdfs_bytes_to_the_ruled_table_reading(monkeypatch):
    """analyze_file reads a file once: when the text leaves a table incomplete, the pdfplumber reading gets the
    bytes already read, not the path to open again (the file may have changed or gone since)."""
    import nlp.tables.extract as extract
    from nlp.runtime.pipeline import analyze_file

    entry = next(m for m in MANIFEST if m["form"] == "pdf")
    given: list[object] = []
    text_reading = extract.read_all

    def incomplete(pieces, report_id, doc, raw):  # the text reading finds table 2 only
        reads = text_reading(pieces, report_id, doc, raw)
        return {k: v for k, v in reads.items() if k == "t2"} if doc is not None else reads

    def spy(source, pages):
        given.append(source)
        return []
    monkeypatch.setattr(extract, "read_all", incomplete)
    monkeypatch.setattr(extract, "pdf_pieces", spy)
    analyze_file(CORPUS / entry["out"], entry["id"])
    assert len(given) == 1 and given[0] == (CORPUS / entry["out"]).read_bytes()


def test_pages_are_recorded_for_pdfs():
    entry = next(m for m in MANIFEST if m["id"] == "qingxi-xian_2020")
    doc = load_document(CORPUS / entry["out"])
    cells = extract_tables(doc, entry["id"])
    assert all(c.page is not None for c in cells)
    t3_pages = {c.page for c in cells if c.table == "t3"}
    assert t3_pages <= set(doc.page_numbers) and len(t3_pages) >= 1
    html = next(m for m in MANIFEST if m["form"] == "html")
    assert all(c.page is None for c in extract_tables(load_document(CORPUS / html["out"]), "x"))


# ---------------------------------------------------------------------------------------------- cell meaning


def test_classify_keeps_meaning():
    assert classify("0") == ("zero", 0)
    assert classify("12") == ("number", 12)
    assert classify("-3") == ("number", -3)
    assert classify("1,295") == ("number", 1295)
    assert classify("1174.90") == ("number", 1174.9)
    assert classify("33.99万元") == ("number", 33.99)
    assert classify("") == ("blank", None)
    for dash in ("/", "-", "—", "——", "／"):
        assert classify(dash) == ("dash", None)
    assert classify("无") == ("text", None)
    assert classify("不适用") == ("text", None)
    assert classify("行政许可") is None


T2_GRID = """二、主动公开政府信息情况
| 第二十条第（一）项 | | | |
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | / | - |
| 行政规范性文件 | 3 | | 无 |
| 第二十条第（五）项 | | | |
| 信息内容 | 本年处理决定数量 | | |
| 行政许可 | 2410 | | |
三、收到和处理政府信息公开申请情况"""


def test_value_kinds_in_grid_rows():
    cm = cell_map(extract_tables(doc_of(T2_GRID), "r"))
    kinds = {k[1:]: (c.raw, c.value, c.value_kind) for k, c in cm.items()}
    assert kinds[("regulations", "issued")] == ("0", 0, "zero")
    assert kinds[("regulations", "repealed")] == ("/", None, "dash")
    assert kinds[("regulations", "in_force")] == ("-", None, "dash")
    assert kinds[("normative_docs", "issued")] == ("3", 3, "number")
    assert kinds[("normative_docs", "repealed")] == ("", None, "blank")
    assert kinds[("normative_docs", "in_force")] == ("无", None, "text")
    assert kinds[("licensing", "decisions")] == ("2410", 2410, "number")
    # padding cells of a one-column block are not cells of the table
    assert ("t2", "licensing", "repealed") not in cm


def test_value_kinds_in_flat_text():
    text = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 0 / — "
            "行政规范性文件 4 1 -\n三、收到和处理政府信息公开申请情况")
    cm = cell_map(extract_tables(doc_of(text, "crawl"), "r"))
    assert [cm[("t2", "regulations", c)].value_kind for c in ("issued", "repealed", "in_force")] == \
        ["zero", "dash", "dash"]
    assert [cm[("t2", "normative_docs", c)].raw for c in ("issued", "repealed", "in_force")] == ["4", "1", "-"]


def test_t2_format_generations():
    t2019 = ("第二十条第（一）项\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量\n规章 | 0 | 0 | 0\n"
             "规范性文件 | 3 | 3 | 41\n第二十条第（五）项\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量\n"
             "行政许可 | 112 | -3 | 2356\n第二十条第（八）项\n信息内容 | 上一年项目数量 | 本年增/减\n"
             "行政事业性收费 | 6 | -1\n第二十条第（九）项\n信息内容 | 采购项目数量 | 采购总金额\n政府集中采购 | 35 | 1268.5\n"
             "三、收到和处理政府信息公开申请情况")
    cm = cell_map(extract_tables(doc_of(t2019, "pdf"), "r"))
    assert cm[("t2", "normative_docs", "published_total")].value == 41
    assert cm[("t2", "licensing", "change")].value == -3
    assert cm[("t2", "fees", "change")].value == -1
    assert cm[("t2", "procurement", "procurement_amount")].value == 1268.5
    assert ("t2", "normative_docs", "in_force") not in cm


def test_wrong_count_is_unreadable_not_guessed():
    text = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
            "一、本年新收政府信息公开申请数量 | 38 | 6 | 0 | 1 | 1 | 46\n"          # one number missing
            "二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2\n"
            "四、政府信息公开行政复议、行政诉讼情况")
    cm = cell_map(extract_tables(doc_of(text, "pdf"), "r"))
    new = [cm[("t3", "new", c)] for c in t3_columns()]
    assert all(c.value_kind == "unreadable" and c.value is None for c in new)
    assert "6 numbers for 7 columns" in new[0].note
    assert [cm[("t3", "carried_in", c)].value for c in t3_columns()] == [2, 0, 0, 0, 0, 0, 2]


def test_header_row_naming_rows_is_not_a_row():
    """A mis-headed sub-table 「本年新收件数 | 上年结转件数 | …」 (OCR conversions) must not move the rows."""
    text = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
            "| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
            "| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计 |\n"
            "| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n")
    cm = cell_map(extract_tables(doc_of(text), "r"))
    assert cm[("t3", "new", "total")].value == 5
    assert cm[("t3", "carried_in", "total")].value == 1


# ---------------------------------------------------------------------------------------------- repairs


def test_split_run_together_unique_by_sums():
    sp = split_run_together("10203120001200000", 15, row_rule("t4"))
    assert sp.values == [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]
    assert "unique" in sp.note and "sums" in sp.note
    assert split_run_together("385002146", 7, row_rule("t3")).values == [38, 5, 0, 0, 2, 1, 46]
    assert split_run_together("0000000", 7, row_rule("t3")).values == [0] * 7


def test_split_run_together_ambiguous_is_not_split():
    sp = split_run_together("010001112", 7, row_rule("t3"))
    assert sp.values is None
    assert sorted(sp.candidates) == [[0, 1, 0, 0, 0, 11, 12], [0, 10, 0, 0, 1, 1, 12]]
    assert "2 splits" in sp.note
    assert split_run_together("123", 2).values is None          # 1|23 or 12|3, no rule
    assert split_run_together("19", 7).values is None           # too few digits
    assert split_run_together("1000002", 7, row_rule("t3")).values is None   # no split adds up


def test_split_run_together_keeps_token_boundaries():
    assert split_run_together(["12", "3"], 3).values == [1, 2, 3]
    assert split_run_together(["38", "5002146"], 7, row_rule("t3")).values == [38, 5, 0, 0, 2, 1, 46]


ROWS_T3 = {  # my own consistent table 3 (numbers chosen so that one row's run is ambiguous on its own)
    "new": [38, 5, 0, 0, 2, 1, 46], "carried_in": [2, 0, 0, 0, 0, 0, 2],
    "disclosed": [18, 3, 0, 0, 1, 1, 23], "partly_disclosed": [4, 1, 0, 0, 0, 0, 5],
    "withheld_third_party": [2, 0, 0, 0, 0, 0, 2], "withheld_process_info": [1, 0, 0, 0, 0, 0, 1],
    "unavailable_not_held": [8, 1, 0, 0, 1, 0, 10], "unavailable_needs_creation": [1, 0, 0, 0, 0, 0, 1],
    "unavailable_unclear": [1, 0, 0, 0, 0, 0, 1], "not_processed_complaint": [1, 0, 0, 0, 0, 0, 1],
    "not_processed_repeat": [1, 0, 0, 0, 0, 0, 1], "total": [37, 5, 0, 0, 2, 1, 45], "carried_out": [3, 0, 0, 0, 0, 0, 3],
}
LABELS_T3 = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果（一）予以公开",
             "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开 1.属于国家秘密",
             "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
             "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项", "（四）无法提供1.本机关不掌握相关政府信息",
             "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "（五）不予处理 1.信访举报投诉类申请", "2.重复申请",
             "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
             "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
             "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计",
             "四、结转下年度继续办理"]
T4_VALUES = [2, 1, 0, 0, 3, 1, 0, 0, 1, 2, 1, 0, 0, 0, 1]


def crawl_text(joiner=" ".join, t4="2 1 0 0 3 1 0 0 1 2 1 0 0 0 1") -> str:
    parts = []
    for key, label in zip(t3_row_keys(), LABELS_T3):
        parts.append(label + " " + joiner([str(v) for v in ROWS_T3.get(key, [0] * 7)]) + " ")
    return ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计"
            "商业企业科研机构社会公益组织法律服务机构其他" + "".join(parts) +
            "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况行政复议行政诉讼未经复议直接起诉复议后起诉"
            "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计 "
            + t4 + " 五、存在的主要问题及改进情况")


def test_crawled_spaced_numbers():
    cm = cell_map(extract_tables(doc_of(crawl_text(), "crawl"), "r"))
    for key in t3_row_keys():
        assert [cm[("t3", key, c)].value for c in t3_columns()] == ROWS_T3.get(key, [0] * 7), key
    assert [cm[("t4", r, c)].value for r in T4_ROWS for c in T4_COLS] == T4_VALUES


def test_crawled_run_together_numbers_split_by_the_sums():
    text = crawl_text("".join, "210031001210001")
    cells = extract_tables(doc_of(text, "crawl"), "r")
    cm = cell_map(cells)
    for key in t3_row_keys():
        assert [cm[("t3", key, c)].value for c in t3_columns()] == ROWS_T3.get(key, [0] * 7), key
    assert [cm[("t4", r, c)].value for r in T4_ROWS for c in T4_COLS] == T4_VALUES
    assert all("run-together" in c.note for c in cells)
    # 183001123 splits two ways under its own row sum; the column sums of the table pick one
    assert split_run_together("183001123", 7, row_rule("t3")).values is None
    assert "column sums" in cm[("t3", "disclosed", "total")].note


def test_crawled_ambiguous_run_stays_unreadable():
    text = crawl_text("".join).replace("（七）总计 375002145", "（七）总计 / / / / / / /")
    cm = cell_map(extract_tables(doc_of(text, "crawl"), "r"))
    # without the 总计 row the column sums cannot decide 183001123
    assert cm[("t3", "disclosed", "total")].value_kind == "unreadable"
    assert "2 splits" in cm[("t3", "disclosed", "total")].note
    assert cm[("t3", "new", "total")].value == 46


def test_rows_printed_as_one_block_column_major():
    """pdfminer may print consecutive rows' cells column by column after the last label (洪泽区 PDF text)."""
    a, b, c = [0, 0, 0, 0, 0, 0, 0], [2, 1, 0, 0, 0, 0, 3], [1, 0, 0, 0, 0, 0, 1]
    block = " | ".join(str(v) for col in zip(a, b, c) for v in col)
    text = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
            "3.危及“三安全一稳定” | 4.保护第三方合法权益 | 5.属于三类内部事务信息 | " + block + "\n"
            "6.属于四类过程性信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1\n")
    cm = cell_map(extract_tables(doc_of(text, "pdf"), "r"))
    # the block follows the LAST of the three labels here: rows 3, 4, 5 in column order
    got = {k: [cm[("t3", k, col)].value for col in t3_columns()]
           for k in ("withheld_security", "withheld_third_party", "withheld_internal_affairs")}
    assert got == {"withheld_security": a, "withheld_third_party": b, "withheld_internal_affairs": c}
    assert "column by column" in cm[("t3", "withheld_third_party", "total")].note
    assert [cm[("t3", "withheld_process_info", col)].value for col in t3_columns()] == [1, 0, 0, 0, 0, 0, 1]


def test_block_with_two_possible_orders_is_unreadable():
    """Rows 0000000 / 0000101 read row by row or column by column both add up, to different tables."""
    r1, r2 = [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 1]
    block = " | ".join(str(v) for v in r1 + r2)
    text = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
            "1.属于国家秘密 | " + block + "\n2.其他法律行政法规禁止公开\n"
            "3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0\n")
    cm = cell_map(extract_tables(doc_of(text, "pdf"), "r"))
    assert {cm[("t3", "withheld_state_secret", c)].value_kind for c in t3_columns()} == {"unreadable"}
    assert cm[("t3", "withheld_security", "total")].value == 0
    # identical rows read the same both ways: unique, so read
    same = " | ".join(str(v) for v in [1, 1, 0, 0, 0, 0, 2] * 2)
    cm = cell_map(extract_tables(doc_of(text.replace(block, same), "pdf"), "r"))
    assert [cm[("t3", "withheld_law_prohibited", c)].value for c in t3_columns()] == [1, 1, 0, 0, 0, 0, 2]


def test_values_printed_before_the_label():
    """pdftotext prints a cell that sits higher than its label first (洪泽区 text, table 2)."""
    text = ("第二十条第（五）项\n信息内容\n本年处理决定数量\n550\n行政许可\n第二十条第（六）项\n信息内容\n本年处理决定数量\n"
            "行政处罚\n4119\n行政强制\n195\n三、收到和处理政府信息公开申请情况")
    cm = cell_map(extract_tables(doc_of(text, "text"), "r"))
    assert cm[("t2", "licensing", "decisions")].value == 550
    assert "before the row label" in cm[("t2", "licensing", "decisions")].note
    assert cm[("t2", "penalty", "decisions")].value == 4119
    assert cm[("t2", "enforcement", "decisions")].value == 195


def test_group_printed_as_one_row():
    text = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
            "| 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
            "| （六）其他处理 | | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
            "| （七）总计 | | 21 | 0 | 0 | 0 | 0 | 0 | 21 |\n")
    cm = cell_map(extract_tables(doc_of(text), "r"))
    assert [cm[("t3", "other", c)].value for c in t3_columns()] == [2, 0, 0, 0, 0, 0, 2]
    assert ("t3", "other_other", "total") not in cm
    assert cm[("t3", "total", "total")].value == 21


def test_narrative_numbers_are_not_cells():
    text = ("三、收到和处理政府信息公开申请情况\n2021年，全区共收到政府信息公开申请58件，上年结转2件。\n"
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
            "二、上年结转政府信息公开申请数量 | 1 | 1 | 0 | 0 | 0 | 0 | 2\n"
            "四、政府信息公开行政复议、行政诉讼情况\n2021年，全区被申请行政复议2件，其中结果维持1件。\n"
            "行政复议 | 行政诉讼\n1 | 0 | 0 | 1 | 2 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0\n五、存在的主要问题及改进情况\n"
            "下一步将在2022年开展培训3次。")
    cm = cell_map(extract_tables(doc_of(text, "pdf"), "r"))
    assert cm[("t3", "carried_in", "total")].value == 2
    assert [cm[("t4", r, c)].value for r in T4_ROWS for c in T4_COLS] == [1, 0, 0, 1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]


def test_no_statutory_tables_no_cells():
    text = "一、概述\n2012年，我县主动公开政府信息2543条。\n二、依申请公开情况\n全年收到申请1件。"
    assert extract_tables(doc_of(text, "text"), "r") == []


# ---------------------------------------------------------------------------------------------- API and lookup


def test_table_columns_are_the_cell_fields():
    assert table("tables").columns[:8] == ("report_id", "table", "row_key", "col_key", "raw", "value", "value_kind",
                                            "page")


def test_label_lookup_names_every_key():
    lookup = {(r.table, r.axis, r.key): r.label for r in label_lookup()}
    for key in t3_row_keys():
        assert ("t3", "row", key) in lookup
    for col in t3_columns():
        assert ("t3", "col", col) in lookup
    for fmt in ("2019", "2021"):
        for row, cols in t2_layout(fmt).items():
            assert ("t2", "row", row) in lookup
            assert all(("t2", "col", c) in lookup for c in cols)
    for r in T4_ROWS:
        assert ("t4", "row", r) in lookup
    assert lookup[("t3", "col", "natural_person")] == "自然人"
    assert all(v for v in lookup.values())


# ---------------------------------------------------------------------------------------------- real reports


def _real_items() -> list[tuple[str, Path]]:
    if not (SHARED / "manifest.csv").exists():
        return [("shared-missing", Path("/nonexistent"))]
    out = []
    for gold in sorted((SHARED / "gold").glob("*.json")):
        rid = gold.stem
        for path in (SHARED / "pdf" / f"{rid}.pdf", SHARED / "text" / f"{rid}.txt"):
            if path.exists():
                out.append((rid, path))
    return out


@pytest.mark.parametrize("rid,path", _real_items(), ids=lambda x: getattr(x, "name", x))
def test_real_gold_numbers(shared, rid, path):
    """Every gold number of ../shared/corpus-real: right where the source prints it legibly, never wrong."""
    gold = json.loads((shared / "gold" / f"{rid}.json").read_text(encoding="utf-8")).get("tables")
    cells = extract_tables(load_document(path), rid)
    if not gold:
        assert not [c for c in cells if c.table in ("t3", "t4")]
        return
    cm = cell_map(cells)
    right, unreadable, wrong = 0, [], []
    for key, value in gold_expectations(gold):
        c = cm.get(key)
        if c is None or c.value_kind == "unreadable":
            unreadable.append(key)
        elif c.value == value:
            right += 1
        else:
            wrong.append((key, c.raw, value))
    assert wrong == []
    assert unreadable == []


def test_xiji_blank_cells_from_spacing(shared):
    doc = load_document(shared / "text" / "xiji_2019.txt")
    cm = cell_map(extract_tables(doc, "xiji_2019"))
    assert [cm[("t3", "new", c)].raw for c in t3_columns()] == ["10", "", "", "", "", "", "10"]
    assert [cm[("t3", "total", c)].value_kind for c in t3_columns()] == ["blank"] * 6 + ["zero"]
    assert "spacing" in cm[("t3", "total", "total")].note
    assert cm[("t2", "fees", "change")].value == 4 and ("t2", "fees", "decisions_2019") not in cm
    assert cm[("t2", "procurement", "procurement_amount")].raw == "33.99万元"


def test_shanghai_scrambled_rows_recovered_or_unreadable(shared):
    cm = cell_map(extract_tables(load_document(shared / "text" / "shanghai-szfbgt_2025.txt"), "sh"))
    # three rows printed as one block after 4.无正当理由大量反复申请, labels displaced: read by the row sums
    assert [cm[("t3", "other_no_correction", c)].value for c in t3_columns()] == [40, 1, 0, 0, 2, 0, 43]
    # table 2's 规章 / 规范性文件 rows are garbled in this conversion: unreadable, not guessed
    assert cm[("t2", "regulations", "issued")].value_kind == "unreadable"


def test_pre2019_reports_have_no_statutory_tables(shared):
    paths = sorted((shared / "text").glob("pingtan-*.txt"))
    assert paths
    for path in paths:
        assert extract_tables(load_document(path), path.stem) == []


def test_a_label_fragment_that_names_two_rows_anchors_both():
    """A one-line crawl glues labels together ("本年收到申请数量 上年结转申请数量"): the fragment is an anchor of every
    row it names, each at its own position, so the reader can place both rows' numbers."""
    import re

    from nlp.tables.labels import RowSpec
    from nlp.tables.pieces import Piece
    from nlp.tables.rows import _find_anchors

    specs = [RowSpec("new", 1, [re.compile("本年收到")]), RowSpec("carried_in", 2, [re.compile("上年结转")]),
             RowSpec("total", 3, [re.compile("总计")])]
    fragment = "本年收到申请数量上年结转申请数量"
    anchors = _find_anchors([Piece("label", fragment, norm=fragment)], 0, 1, specs)
    assert [(a.key, a.pos) for a in anchors] == [("new", 0), ("carried_in", 8)]
