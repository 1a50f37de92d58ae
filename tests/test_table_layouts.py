"""Statistical tables in every layout (issue 15): flattened crawls, run-together digits, scrambled reading order,
Word and web tables with numbers outside their cells, and how complete a report's tables are.

Every text here is our own invention, one test a class of input; the sample corpus (南屏市松岚区 2021–2023)
reproduces the classes in whole reports, and the development reports are measured in their one-line crawl form.
"""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import SHARED
from nlp.cli import main
from nlp.eval.forms import one_line_crawl, write_form
from nlp.eval.score import evaluate, summary
from nlp.read.document import Document
from nlp.tables import Cell, cell_map, extract_tables
from nlp.tables.complete import table_completeness
from nlp.tables.identities import row_rule
from nlp.tables.labels import labels, t3_columns, t3_row_keys
from nlp.tables.repairs import split_run_together
from nlp.tables.values import value_spans

T4_ROWS = ["review", "litigation_direct", "litigation_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
RULE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def doc_of(text: str, kind: str = "html") -> Document:
    return Document(path="<memory>", kind=kind, text=text, page_starts=[0], page_numbers=[1])


def t3_row(cm, key):
    return [cm[("t3", key, c)].value for c in t3_columns()]


def t4_values(cm):
    return [cm[("t4", r, c)].value for r in T4_ROWS for c in T4_COLS]


# ------------------------------------------------------------------------------------- tokenising flattened text


def test_numbers_glued_to_the_next_label_are_cells():
    """A crawler that joins table cells with nothing: each number ends where a table label begins."""
    units = labels().units
    cases = {
        "数量461002150二、上年结转": ["461002150"],            # before a numbered label
        "规章000行政规范性文件527第二十条": ["000", "527"],      # before a row label / the table-2 separator
        "合法权益00000003.危及": ["0000000"],                  # the next row's numbering 3. stays with its label
        "“三安全一稳定”00000004.保护": ["0000000"],           # a label closed by a quote
        "其他100012总计": ["100012"],                          # before a column header
        "收费金额（万元）行政事业性收费12.5万元三、收到": ["12.5万元"],
    }
    for line, want in cases.items():
        assert [line[a:b] for a, b in value_spans(line, units)] == want, line
    # digits that belong to words stay there: not followed by a table label, or followed by a counting unit
    for line in ("拨打12345热线咨询", "共收到申请46件，其中", "数据1数据2数据3类别", "2.加强培训", "第3季度"):
        assert value_spans(line, units) == [], line


def test_bar_separated_cells_of_a_flattened_grid_row():
    """A Markdown/HTML table whose line breaks were lost: bars still separate cells, ``数据1`` is a label."""
    text = (RULE + " | 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 | |---|---|---|---|---|---|---|---| "
            "| 一、本年新收政府信息公开申请数量 | 61 | 2 | 0 | 0 | 1 | 0 | 64 | | 类别 | 数据1 | 数据2 | 数据3 | 数据4 | "
            "数据5 | 数据6 | 总计 | | 二、上年结转政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |")
    cm = cell_map(extract_tables(doc_of(text, "crawl"), "r"))
    assert t3_row(cm, "new") == [61, 2, 0, 0, 1, 0, 64]
    assert t3_row(cm, "carried_in") == [3, 0, 0, 0, 0, 0, 3]


def test_numbering_printed_apart_from_its_label():
    """OCR'd or crawled text puts a space after a row's numbering (「3. 其他」): still the row's label."""
    text = (RULE + " （六）其他处理 1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1 "
            "2. 申请人逾期未按收费通知要求缴纳费用 0 0 0 0 0 0 0 3. 其他 4 0 0 0 0 0 4 （七）总计 5 0 0 0 0 0 5")
    cm = cell_map(extract_tables(doc_of(text, "crawl"), "r"))
    assert t3_row(cm, "other_other") == [4, 0, 0, 0, 0, 0, 4]
    assert t3_row(cm, "other_unpaid_fee") == [0] * 7


def test_numbers_hidden_in_a_garbled_label_make_the_row_unreadable():
    """Glued numbers the tokenizer cannot tell from label text (the label after them is garbled): the numbers that
    follow may be another row's, so the row is not read rather than read wrong."""
    text = (RULE + "4.无正当理由大量反复申请20000020000000另行答复的情形3000003"
            "5.要求行政机关确认或重新出具已获取信息0000000（七）总计52000052")
    cm = cell_map(extract_tables(doc_of(text, "crawl"), "r"))
    cell = cm[("t3", "not_processed_mass_repeat", "total")]
    assert cell.value_kind == "unreadable" and "label text" in cell.note
    assert t3_row(cm, "not_processed_confirmation") == [0] * 7


def test_a_header_naming_rows_does_not_hide_their_labels():
    """Flattened header cells 「本年新收件数 上年结转件数 … 结转下年度」 name rows out of place; the labels in the
    printed order are the rows' own."""
    text = (RULE + " （六）其他处理 3.其他 2 0 0 0 0 0 2 栏目 本年新收件数 上年结转件数 予以公开 结转下年度 总计 "
            "（七）总计 40 1 0 0 0 0 41 四、结转下年度继续办理 5 0 0 0 0 0 5")
    cm = cell_map(extract_tables(doc_of(text, "crawl"), "r"))
    assert t3_row(cm, "carried_out") == [5, 0, 0, 0, 0, 0, 5]
    assert t3_row(cm, "total") == [40, 1, 0, 0, 0, 0, 41]


# ------------------------------------------------------------------------------------- locating tables


T4_BLOCK = "7 1 0 1 9 2 0 0 1 3 0 0 0 0 0"


def test_table_4_located_by_its_header_words_inside_a_sentence():
    """A one-line page: the heading, the header cells and a note ending in 。 run into one sentence."""
    text = (RULE + " 四、结转下年度继续办理 2 0 0 0 0 0 2 四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼 "
            "未经复议直接起诉复议后起诉 结果维持结果纠正其他结果尚未审结总计 注：本表数据含上年度结转的案件。 "
            + T4_BLOCK + " 五、存在的主要问题及改进情况")
    cm = cell_map(extract_tables(doc_of(text, "crawl"), "r"))
    assert t3_row(cm, "carried_out") == [2, 0, 0, 0, 0, 0, 2]
    assert t4_values(cm) == [int(v) for v in T4_BLOCK.split()]
    # no heading at all: the header cells alone locate it
    text = (RULE + " 四、结转下年度继续办理 2 0 0 0 0 0 2 结果维持 结果纠正 其他结果 尚未审结 总计 " + T4_BLOCK
            + " 五、存在的主要问题及改进情况")
    cm = cell_map(extract_tables(doc_of(text, "crawl"), "r"))
    assert t3_row(cm, "carried_out") == [2, 0, 0, 0, 0, 0, 2]
    assert t4_values(cm) == [int(v) for v in T4_BLOCK.split()]


def test_heading_glued_to_the_table_and_table_4_glued_to_the_last_row_label():
    text = ("三、收到和处理政府信息公开申请情况" + RULE + "申请人情况自然人法人或其他组织总计"
            "一、本年新收政府信息公开申请数量4100005二、上年结转政府信息公开申请数量0000000"
            "四、结转下年度继续办理1000001四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼未经复议直接起诉复议后起诉"
            "结果维持结果纠正其他结果尚未审结总计" + T4_BLOCK.replace(" ", "") + " 五、存在的主要问题及改进情况")
    cm = cell_map(extract_tables(doc_of(text, "crawl"), "r"))
    assert t3_row(cm, "new") == [4, 1, 0, 0, 0, 0, 5]
    assert t3_row(cm, "carried_out") == [1, 0, 0, 0, 0, 0, 1]
    assert t4_values(cm) == [int(v) for v in T4_BLOCK.split()]


# ------------------------------------------------------------------------------------- table 4 as one run


def test_table_4_run_together_split_by_its_group_sums():
    sp = split_run_together("9201123010410012", 15, row_rule("t4"), width=5)
    assert sp.values == [9, 2, 0, 1, 12, 3, 0, 1, 0, 4, 1, 0, 0, 1, 2]
    assert "unique" in sp.note


def test_table_4_run_with_two_readings_stays_unreadable_with_both():
    sp = split_run_together("11201142000210001", 15, row_rule("t4"), width=5)
    assert sp.values is None
    assert sorted(map(tuple, sp.candidates)) == [(1, 12, 0, 1, 14, 2, 0, 0, 0, 2, 1, 0, 0, 0, 1),
                                                  (11, 2, 0, 1, 14, 2, 0, 0, 0, 2, 1, 0, 0, 0, 1)]
    text = (RULE + " 四、结转下年度继续办理 0 0 0 0 0 0 0 四、政府信息公开行政复议、行政诉讼情况 结果维持结果纠正其他结果尚未审结"
            "总计11201142000210001 五、存在的主要问题及改进情况")
    cm = cell_map(extract_tables(doc_of(text, "crawl"), "r"))
    cell = cm[("t4", "review", "upheld")]
    assert cell.value_kind == "unreadable" and "2 splits" in cell.note
    assert "(1 12 0 1 14 2 0 0 0 2 1 0 0 0 1 | 11 2 0 1 14 2 0 0 0 2 1 0 0 0 1)" in cell.note  # the candidates


def test_long_runs_are_cut_group_by_group():
    """Twenty-five digits for fifteen cells: far more cuts than could be tried one by one."""
    values = [112, 31, 20, 14, 177, 25, 10, 13, 12, 60, 14, 21, 12, 13, 60]
    sp = split_run_together("".join(map(str, values)), 15, row_rule("t4"), width=5)
    assert sp.values == values or (sp.values is None and values in sp.candidates)


def test_a_row_typed_into_one_cell():
    """A web table whose fifteen numbers of table 4 were typed run together into the first cell."""
    text = (RULE + "\n| 四、结转下年度继续办理 | | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n四、政府信息公开行政复议、行政诉讼情况\n"
            "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 9201123010410012 |" + " |" * 14 + "\n五、存在的主要问题")
    cm = cell_map(extract_tables(doc_of(text), "r"))
    assert t4_values(cm) == [9, 2, 0, 1, 12, 3, 0, 1, 0, 4, 1, 0, 0, 1, 2]
    assert "printed in one cell" in cm[("t4", "review", "total")].note


# ------------------------------------------------------------------------------------- numbers below blank cells


T3_TAIL = (RULE + "\n| 一、本年新收政府信息公开申请数量 | | 20 | 2 | 0 | 0 | 1 | 0 | 23 |\n"
           "| （七）总计 | | 19 | 2 | 0 | 0 | 1 | 0 | 22 |\n")


def test_number_on_the_row_below_its_blank_cell():
    text = T3_TAIL + "| 四、结转下年度继续办理 | | 1 | 0 | 0 | 0 | 0 | 0 | |\n| | | | | | | | | 1 |\n"
    cm = cell_map(extract_tables(doc_of(text, "docx"), "r"))
    assert t3_row(cm, "carried_out") == [1, 0, 0, 0, 0, 0, 1]
    assert "line below" in cm[("t3", "carried_out", "total")].note


def test_number_in_a_paragraph_after_the_table():
    text = T3_TAIL + "| 四、结转下年度继续办理 | | 1 | 0 | 0 | 0 | 0 | 0 | |\n\n1\n"
    cm = cell_map(extract_tables(doc_of(text, "docx"), "r"))
    assert t3_row(cm, "carried_out") == [1, 0, 0, 0, 0, 0, 1]


def test_number_below_in_another_column_or_against_the_sums_is_not_moved():
    other_column = T3_TAIL + "| 四、结转下年度继续办理 | | 1 | 0 | 0 | 0 | 0 | 0 | |\n| | | | | | | | 1 | |\n"
    against_sums = T3_TAIL + "| 四、结转下年度继续办理 | | 1 | 0 | 0 | 0 | 0 | 0 | |\n| | | | | | | | | 7 |\n"
    for text in (other_column, against_sums):
        cm = cell_map(extract_tables(doc_of(text, "docx"), "r"))
        assert cm[("t3", "carried_out", "total")].value_kind == "unreadable"


# ------------------------------------------------------------------------------------- table 3 read whole


def _scrambled(rows: dict[str, list[int]], blocks: list[list[str]]) -> str:
    """Our own pdftotext-like text: labels printed apart from the numbers, consecutive rows column by column."""
    nums = []
    for block in blocks:
        if len(block) == 1:
            nums += rows[block[0]]
        else:
            nums += [rows[k][c] for c in range(7) for k in block]
    keys = [k for b in blocks for k in b]
    labels_of = {"new": "一、本年新收政府信息公开申请数量", "carried_in": "二、上年结转政府信息公开申请数量",
                 "disclosed": "（一）予以公开", "partly_disclosed": "（二）部分公开",
                 "withheld": "（三）不予公开", "unavailable_not_held": "1.本机关不掌握相关政府信息",
                 "unavailable_needs_creation": "2.没有现成信息需要另行制作", "unavailable_unclear": "3.补正后申请内容仍不明确",
                 "not_processed": "（五）不予处理", "other": "（六）其他处理", "total": "（七）总计",
                 "carried_out": "四、结转下年度继续办理"}
    head = [labels_of[k] for k in keys[1:4]]
    tail = [labels_of[k] for k in keys[4:]] + [labels_of[keys[0]]]   # the first row's label displaced to the end
    return RULE + "\n" + "\n".join(head) + "\n" + "\n".join(map(str, nums)) + "\n" + "\n".join(tail) + "\n"


ZERO = [0] * 7
ROWS_WHOLE = {"new": [12, 1, 0, 0, 0, 0, 13], "carried_in": [1, 0, 0, 0, 0, 0, 1], "disclosed": [8, 1, 0, 0, 0, 0, 9],
              "partly_disclosed": [2, 0, 0, 0, 0, 0, 2], "withheld": ZERO, "unavailable_not_held": [2, 0, 0, 0, 0, 0, 2],
              "unavailable_needs_creation": ZERO, "unavailable_unclear": ZERO, "not_processed": ZERO, "other": ZERO,
              "total": [12, 1, 0, 0, 0, 0, 13], "carried_out": [1, 0, 0, 0, 0, 0, 1]}
BLOCKS = [["new"], ["carried_in"], ["disclosed"], ["partly_disclosed"], ["withheld"],
          ["unavailable_not_held", "unavailable_needs_creation"], ["unavailable_unclear"], ["not_processed"],
          ["other", "total"], ["carried_out"]]


def test_table_3_read_whole_when_labels_and_numbers_are_apart():
    blocks = BLOCKS
    cm = cell_map(extract_tables(doc_of(_scrambled(ROWS_WHOLE, blocks), "text"), "r"))
    for key, want in ROWS_WHOLE.items():
        assert t3_row(cm, key) == want, key
    assert "order of its rows" in cm[("t3", "new", "total")].note


def test_table_3_read_whole_only_when_unique():
    """Without the 总计 row two rows printed column by column also read row by row with every row's sum holding
    (0000000 / 0000101): two tables, so the whole reading fills nothing and no number is wrong."""
    rows = dict(ROWS_WHOLE, new=[12, 1, 0, 0, 1, 0, 14], unavailable_not_held=ZERO,
                unavailable_needs_creation=[0, 0, 0, 0, 1, 0, 1], other=[2, 0, 0, 0, 0, 0, 2])
    del rows["total"]
    blocks = [b if b != ["other", "total"] else ["other"] for b in BLOCKS]
    cells = extract_tables(doc_of(_scrambled(rows, blocks), "text"), "r")
    wrong = [c for c in cells if c.table == "t3" and c.value is not None
             and c.value != rows[c.row_key][t3_columns().index(c.col_key)]]
    assert wrong == []
    cm = cell_map(cells)
    assert cm[("t3", "new", "total")].value_kind == "unreadable"
    assert cm[("t3", "unavailable_needs_creation", "total")].value_kind == "unreadable"
    assert "readings that satisfy the sums" in cm[("t3", "new", "total")].note
    # with the 总计 row printed, the column sums leave one reading
    rows["total"] = [12, 1, 0, 0, 1, 0, 14]
    blocks = BLOCKS
    cm = cell_map(extract_tables(doc_of(_scrambled(rows, blocks), "text"), "r"))
    for key, want in rows.items():
        assert t3_row(cm, key) == want, key
    assert "every column holds" in cm[("t3", "new", "total")].note


# ------------------------------------------------------------------------------------- completeness


def _cells(table: str, kinds: dict[tuple[str, str], str]) -> list[Cell]:
    return [Cell("r", table, r, c, "", None, k) for (r, c), k in kinds.items()]


def test_table_completeness():
    t3 = {(r, c): "zero" for r in t3_row_keys() for c in t3_columns()}
    t4 = {(r, c): "zero" for r in T4_ROWS for c in T4_COLS}
    t2 = {("regulations", c): "zero" for c in ("issued", "repealed", "in_force")}
    t2.update({("normative_docs", c): "zero" for c in ("issued", "repealed", "in_force")})
    t2.update({(r, "decisions"): "zero" for r in ("licensing", "penalty", "enforcement")})
    t2[("fees", "fee_amount")] = "number"
    cells = _cells("t2", t2) + _cells("t3", t3) + _cells("t4", t4)
    done = table_completeness(cells, "2021")
    assert (done.read, done.expected, done.status, done.note) == (200, 200, "yes", "")
    t4_bad = {k: "unreadable" for k in t4}
    done = table_completeness(_cells("t2", t2) + _cells("t3", t3) + _cells("t4", t4_bad), "2021")
    assert (done.read, done.status) == (185, "partly") and done.note.startswith("t4: 15 unreadable")
    done = table_completeness(_cells("t3", t3), "2021")
    assert done.status == "partly" and "t2: table not found" in done.note and "t4: table not found" in done.note
    assert table_completeness([], "2021").status == "no"
    assert table_completeness([], "pre2019").status == "none"


# ------------------------------------------------------------------------------------- the one-line crawl form


def test_one_line_crawl_form_keeps_every_character():
    text = "标题行\n\n一、总体情况\n  第一段。\f第二页 | 10 | 0 |\n"
    out = one_line_crawl(text, title="T")
    head, body = out.split("\n", 3)[:3], out.split("\n", 3)[3]
    assert head == ["标题:T", "发布时间:2000-01-01 00:00", "原文链接:https://example.gov.cn/zwgk/t20000101_1.htm"]
    assert body == "标题行 一、总体情况 第一段。 第二页 | 10 | 0 |\n"
    assert "".join(body.split()) == "".join(text.split())


def test_development_tables_in_one_line_crawl_form(shared, tmp_path):
    """Every real report with table gold, as a crawled one-line page: >= 0.95 of gold numbers, none wrong."""
    src, gold = tmp_path / "in", tmp_path / "gold"
    src.mkdir()
    gold.mkdir()
    for path in sorted((shared / "gold").glob("*.json")):
        if json.loads(path.read_text(encoding="utf-8")).get("tables"):
            write_form(shared / "text" / f"{path.stem}.txt", src)
            shutil.copy(path, gold / path.name)
    out = tmp_path / "out"
    main(["analyze", str(src), "--out", str(out), "-q", "--workers", "1"])
    figures = summary(evaluate(gold, out)[0])["tables"]
    assert figures["total"] >= 100
    assert figures["wrong"] == 0
    assert figures["accuracy"] >= 0.95, figures


@pytest.mark.skipif(not (SHARED / "manifest.csv").exists(), reason="../shared/corpus-real is not available")
def test_scrambled_real_text_is_read_whole_without_wrong_numbers(shared):
    from nlp.runtime.pipeline import load_document

    doc = load_document(shared / "text" / "huaian-hongzequ_2024.txt")
    cells = [c for c in extract_tables(doc, "h") if c.table == "t3"]
    assert cells and all(c.value_kind != "unreadable" for c in cells)
