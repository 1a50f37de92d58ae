"""The scorecard's cross-year indicators (promises_followed, not_copied, the 结转 checks of tables_consistent) on
our own invented two-year series, and the scorecard of a run: one row per report, failed files included."""
from __future__ import annotations

from nlp.crossyear.run import run_cross_year
from nlp.rules import load_rules
from nlp.runtime.pipeline import analyze_file
from nlp.scorecard.run import scorecard_rows
from sample_report import EXTRAS, report_text, t3_table, write

PROMISES_2020 = ("一是政策解读材料以文字稿为主，图解解读偏少。\n二是“民生服务”专栏更新滞后。\n"
                 "下一步，我县将出台《东川县政策解读工作办法》，推行图解和短视频解读。\n"
                 "将建立专栏更新季度检查制度，按季度通报检查结果。\n")
DONE_2021 = ("（一）主动公开。全年主动公开政府信息2300条。印发《东川县政策解读工作办法》，制作图解和短视频解读产品18个。\n"
             "（二）依申请公开。全年新收政府信息公开申请20件。\n（三）平台建设。建立专栏更新季度检查制度，全年开展检查4次，"
             "通报问题17个，均已整改到位。\n（四）监督保障。" + EXTRAS + "\n")
UNRELATED_2021 = ("（一）主动公开。全年主动公开政府信息2300条，重点公开乡村振兴项目信息。\n（二）依申请公开。全年新收政府信息公开"
                  "申请20件。\n（三）监督保障。" + EXTRAS + "\n")
PROBLEMS_2021 = ("一是重大行政决策预公开覆盖面不够广。\n二是乡镇政务公开专区利用率不高。\n"
                 "下一步，我县将扩大重大行政决策目录范围，组织乡镇专区使用培训2次。\n")


def scorecard(tmp_path, texts: dict[str, str]) -> dict:
    results = [analyze_file(write(tmp_path, f"{name}.txt", text), name) for name, text in texts.items()]
    rows = scorecard_rows(results, run_cross_year(results), load_rules())
    return {r.report_id: r for r in rows}


def test_promises_followed_pass_and_fail(tmp_path):
    rows = scorecard(tmp_path, {"y2020": report_text(year=2020, problems=PROMISES_2020),
                                "done": report_text(year=2021, overview=DONE_2021, problems=PROBLEMS_2021)})
    assert rows["done"].promises_followed == "pass", rows["done"].promises_followed_evidence
    assert "2 of 2 commitments of 2020 followed" in rows["done"].promises_followed_evidence
    assert rows["y2020"].promises_followed == "unknown" and "no report on 2019" in rows["y2020"].promises_followed_evidence
    rows = scorecard(tmp_path, {"y2020": report_text(year=2020, problems=PROMISES_2020),
                                "silent": report_text(year=2021, overview=UNRELATED_2021, problems=PROBLEMS_2021)})
    assert rows["silent"].promises_followed == "fail", rows["silent"].promises_followed_evidence
    assert "0 of 2 commitments of 2020 followed" in rows["silent"].promises_followed_evidence


def test_not_copied_pass_warn_and_fail(tmp_path):
    base = dict(problems=PROMISES_2020)
    rows = scorecard(tmp_path, {"y2020": report_text(year=2020, **base),
                                "fresh": report_text(year=2021, overview=DONE_2021, problems=PROBLEMS_2021)})
    assert rows["fresh"].not_copied == "pass", rows["fresh"].not_copied_evidence
    rows = scorecard(tmp_path, {"y2020": report_text(year=2020, **base), "copy": report_text(year=2021, **base)})
    v = rows["copy"]
    assert v.not_copied == "fail" and "near_duplicate" in v.not_copied_evidence
    stale = PROBLEMS_2021.replace("下一步，我县将", "2021年，我县将")
    rows = scorecard(tmp_path, {"y2020": report_text(year=2020, **base),
                                "stale": report_text(year=2021, overview=DONE_2021, problems=stale)})
    assert rows["stale"].not_copied == "warn" and "stale years: 2021年，我县将" in rows["stale"].not_copied_evidence


def test_carry_over_between_years_joins_tables_consistent(tmp_path):
    rows = scorecard(tmp_path, {"y2020": report_text(year=2020, t3=t3_table(carried_out=3)),
                                "y2021": report_text(year=2021, overview=DONE_2021, t3=t3_table(carried=1))})
    v = rows["y2021"]
    assert v.tables_consistent == "fail" and "across years" in v.tables_consistent_evidence
    assert "xyear_t3_carry_over" in v.tables_consistent_evidence and "within the report: all" in v.tables_consistent_evidence


def test_one_row_per_report_in_input_order_with_a_score_and_its_basis(tmp_path):
    rows = scorecard(tmp_path, {"b": report_text(year=2021), "a": report_text(body="东川县文化和旅游局", year=2021),
                                "empty": ""})
    assert list(rows) == ["b", "a", "empty"]
    assert rows["b"].score is not None and rows["b"].score_basis.startswith("weight judged")
    assert rows["empty"].score is None and rows["empty"].on_time_evidence.startswith("the file could not be read")
