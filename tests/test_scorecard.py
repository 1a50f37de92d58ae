"""The scorecard (nlp.scorecard): every indicator passing and failing on our own invented reports, the score, the
settings file and the columns of scorecard.csv."""
from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest

from nlp.rules import check_rules, load_rules
from nlp.runtime.pipeline import analyze_file
from nlp.schema import table
from nlp.scorecard.facts import ReportFacts
from nlp.scorecard.figures import tables_complete
from nlp.scorecard.rows import NOT_AVAILABLE, NOT_REQUIRED, ScorecardRow
from nlp.scorecard.score import assemble, score
from nlp.scorecard.settings import INDICATORS
from nlp.scorecard.timing import on_time
from sample_report import EXTRAS, crawl_header, report_text, t3_table, write


def verdicts(tmp_path, text: str, name: str = "r.txt") -> dict:
    result = analyze_file(write(tmp_path, name, text), "r")
    return {v.indicator: v for v in result.verdicts}


def row_facts(**fields) -> ReportFacts:
    """Facts of a report row alone (the indicators that read only reports.csv)."""
    row = SimpleNamespace(report_id="r", jurisdiction="东川县", level="county", year=2021, format="2021", **fields)
    return ReportFacts(row, "", load_rules())


# ------------------------------------------------------------------------------------------- on_time
@pytest.mark.parametrize("fields, status, words", [
    ({"published": "2022-03-20", "published_source": "meta:PubDate"}, "pass", "deadline 2022-03-31"),
    ({"published": "2022-04-08", "published_source": "crawl:发布时间"}, "fail", "8 days late"),
    ({"level": "department", "government_level": "county", "published": "2022-02-15",
      "published_source": "signature"}, "fail", "deadline 2022-01-31"),
    ({"level": "department", "government_level": "city", "published": "2022-01-20",
      "published_source": "signature"}, "pass", "第四十九条"),
    ({"published": "2022-03-01", "published_source": "pdf:CreationDate"}, "warn", "file's own date"),
    ({"year": 2017, "level": "department", "published": "2018-03-30", "published_source": "signature"}, "pass",
     "2007"),
    ({"level": "township", "published": "2022-01-10", "published_source": "signature"}, "unknown", "no deadline rule"),
    ({"level": "department", "government_level": "", "published": "2022-01-10"}, "unknown", "department's government"),
    ({"published": "", "published_source": ""}, "unknown", "no publication date"),
])
def test_on_time_against_the_statutory_deadline(fields, status, words):
    fields = {"level": "county", **fields}
    level = fields.pop("level")
    year = fields.pop("year", 2021)
    facts = row_facts(**fields)
    facts.row.level, facts.row.year = level, year
    v = on_time(facts)
    assert (v.status, words in v.evidence) == (status, True), v.evidence


def test_on_time_is_unknown_while_reports_have_no_publication_date():
    v = on_time(row_facts())
    assert v.status == "unknown" and v.evidence.startswith(NOT_AVAILABLE)


# ------------------------------------------------------------------------------------------- sections
def test_sections_complete_passes_and_names_what_is_missing(tmp_path):
    assert verdicts(tmp_path, report_text())["sections_complete"].status == "pass"
    v = verdicts(tmp_path, report_text(headings={"review": ""}))["sections_complete"]
    assert v.status == "fail" and "missing: 政府信息公开行政复议、行政诉讼情况" in v.evidence


def test_sections_complete_names_a_merged_section(tmp_path):
    text = report_text(headings={"problems": "五、存在的主要问题、改进情况及其他需要报告的事项", "other": ""})
    v = verdicts(tmp_path, text)["sections_complete"]
    assert v.status == "warn" and "其他需要报告的事项 merged into «五、" in v.evidence


def test_sections_complete_warns_of_a_sub_topic_numbered_as_a_section(tmp_path):
    overview = ("（一）主动公开。全年主动公开政府信息2150条。\n（二）依申请公开。全年新收政府信息公开申请20件。\n"
                "二、加强监督保障\n" + EXTRAS + "\n")
    v = verdicts(tmp_path, report_text(overview=overview))["sections_complete"]
    assert v.status == "warn" and "二、 numbers both «二、加强监督保障»" in v.evidence


# ------------------------------------------------------------------------------------------- format
def test_format_matches_year(tmp_path):
    v = verdicts(tmp_path, report_text())["format_matches_year"]
    assert v.status == "pass" and "本年制发件数" in v.evidence
    v = verdicts(tmp_path, report_text(year=2020))["format_matches_year"]  # 2021 tables in a report on 2020
    assert v.status == "fail" and "2019 trial tables" in v.evidence and "prints the 2021 tables" in v.evidence


# ------------------------------------------------------------------------------------------- tables
@pytest.mark.parametrize("complete, year, status", [
    ("yes", 2021, "pass"), ("partly", 2021, "warn"), ("no", 2021, "fail"), ("none", 2016, "pass"),
    ("none", 2021, "fail")])
def test_tables_complete_from_the_cells_read(complete, year, status):
    facts = row_facts(table_complete=complete, table_cells_read=120, table_cells_expected=207,
                      table_note="t2: table not found")
    facts.row.year = year
    v = tables_complete(facts)
    assert v.status == status, v.evidence
    assert v.evidence.startswith(NOT_REQUIRED) == (complete == "none" and year < 2019)


def test_tables_complete_is_unknown_without_the_column():
    v = tables_complete(row_facts())
    assert v.status == "unknown" and v.evidence.startswith(NOT_AVAILABLE)


def test_tables_consistent_names_the_failed_rules(tmp_path):
    assert verdicts(tmp_path, report_text())["tables_consistent"].status == "pass"
    v = verdicts(tmp_path, report_text(t3=t3_table(total=99)))["tables_consistent"]
    assert v.status == "fail" and "t3_results_total_total" in v.evidence and "t3_balance_total" in v.evidence


# ------------------------------------------------------------------------------------------- §50 extras
def test_government_extras(tmp_path):
    assert verdicts(tmp_path, report_text())["government_extras"].status == "pass"
    v = verdicts(tmp_path, report_text(extras="全年组织业务培训2次。"))["government_extras"]
    assert v.status == "fail" and "工作考核、社会评议、责任追究" in v.evidence
    v = verdicts(tmp_path, report_text(extras="将政务公开工作纳入全县绩效考核，分值占3%。"))["government_extras"]
    assert v.status == "warn" and "not reported: 社会评议、责任追究" in v.evidence and "工作考核: text@" in v.evidence
    v = verdicts(tmp_path, report_text(body="东川县文化和旅游局", extras="全年组织业务培训2次。"))["government_extras"]
    assert v.status == "pass" and v.evidence.startswith(NOT_REQUIRED)


# ------------------------------------------------------------------------------------------- fees
def test_fees_reported(tmp_path):
    v = verdicts(tmp_path, report_text())["fees_reported"]
    assert v.status == "pass" and "未收取信息处理费" in v.evidence and "section other" in v.evidence
    v = verdicts(tmp_path, report_text(other="（一）建议提案办理情况。全年办理人大代表建议45件。\n"))["fees_reported"]
    assert v.status == "fail" and "信息处理费" in v.evidence


def test_fees_reported_against_tables_3_and_2(tmp_path):
    v = verdicts(tmp_path, report_text(t3=t3_table(unpaid_fee=2)))["fees_reported"]
    assert v.status == "warn" and "t3.other_unpaid_fee.total=2" in v.evidence
    v = verdicts(tmp_path, report_text(other="（一）建议提案办理情况。全年办理人大代表建议45件。\n",
                                       t3=t3_table(unpaid_fee=2)))["fees_reported"]
    assert v.status == "fail" and "fee notices were sent" in v.evidence
    charged = "本年度共收取信息处理费3000元。\n"
    assert verdicts(tmp_path, report_text(other=charged))["fees_reported"].status == "pass"
    v = verdicts(tmp_path, report_text(other=charged, t2_fee="0"))["fees_reported"]
    assert v.status == "warn" and "t2.fees.fee_amount=0" in v.evidence


def test_fees_are_not_required_of_2019_format_reports_without_fee_notices(tmp_path):
    text = report_text(year=2020, other="（一）建议提案办理情况。全年办理人大代表建议45件。\n")
    v = verdicts(tmp_path, text)["fees_reported"]
    assert v.status == "pass" and v.evidence.startswith(NOT_REQUIRED)


# ------------------------------------------------------------------------------------------- problems
def test_problems_specific(tmp_path):
    v = verdicts(tmp_path, report_text())["problems_specific"]
    assert v.status == "pass" and "2 problems, 0 vague" in v.evidence
    v = verdicts(tmp_path, report_text(problems="无。\n"))["problems_specific"]
    assert v.status == "fail" and "names no problem" in v.evidence
    vague = "一是工作还存在一些不足。\n二是公开质量有待进一步提高。\n下一步，我县将继续努力。\n"
    v = verdicts(tmp_path, report_text(problems=vague))["problems_specific"]
    assert v.status == "fail" and "every problem is stated in general terms" in v.evidence
    mixed = vague.replace("下一步", "三是“民生服务”专栏中12个子栏目更新滞后。\n下一步")
    assert verdicts(tmp_path, report_text(problems=mixed))["problems_specific"].status == "warn"


def test_problems_specific_fails_without_a_problems_section(tmp_path):
    v = verdicts(tmp_path, report_text(headings={"problems": ""}))["problems_specific"]
    assert v.status == "fail" and "no section on problems" in v.evidence


# ------------------------------------------------------------------------------------------- applications
def test_applications_plausible(tmp_path):
    v = verdicts(tmp_path, report_text())["applications_plausible"]
    assert v.status == "pass" and "text_t3_new" in v.evidence
    v = verdicts(tmp_path, report_text(apps=25, t3=t3_table(new=20)))["applications_plausible"]
    assert v.status == "fail" and "text says 25" in v.evidence


def test_results_without_applications_are_flagged(tmp_path):
    overview = "（一）主动公开。全年主动公开政府信息2150条。\n（二）监督保障。" + EXTRAS + "\n"
    t3 = t3_table(new=0, carried=0, disclosed=3, partly=0, not_held=0, carried_out=0)
    v = verdicts(tmp_path, report_text(overview=overview, t3=t3))["applications_plausible"]
    assert v.status == "fail" and "results without applications" in v.evidence
    overview = "（一）主动公开。本年度未收到政府信息公开申请。\n（二）监督保障。" + EXTRAS + "\n"
    v = verdicts(tmp_path, report_text(overview=overview))["applications_plausible"]
    assert v.status == "fail" and "says no application was received" in v.evidence


# ------------------------------------------------------------------------------------------- score
def _row(**statuses) -> ScorecardRow:
    row = ScorecardRow("r")
    for k in INDICATORS:
        setattr(row, k, statuses.get(k, "pass"))
        setattr(row, f"{k}_evidence", "x")
    return row


def test_score_is_the_weighted_share_of_what_was_judged():
    sc = load_rules().scorecard
    assert score(_row(), sc)[0] == 100.0
    value, basis = score(_row(tables_consistent="fail", not_copied="warn"), sc)
    assert value == 80.0 and "fail: tables_consistent 15" in basis and "warn: not_copied 10" in basis
    row = _row(on_time="unknown", promises_followed="unknown")
    row.government_extras_evidence = NOT_REQUIRED + "a department"
    value, basis = score(row, sc)
    assert value == 100.0 and "unknown: on_time, promises_followed" in basis and "not required: government_extras" in basis
    value, basis = score(_row(**{k: "unknown" for k in INDICATORS[:8]}), sc)
    assert value is None and basis.startswith("no score")


def test_a_failed_file_is_unknown_everywhere():
    row = assemble({"report_id": "bad", "status": "error", "message": "empty file (0 bytes)"}, [], load_rules())
    assert all(getattr(row, k) == "unknown" for k in INDICATORS) and row.score is None
    assert row.on_time_evidence == "the file could not be read: empty file (0 bytes)"


def test_scorecard_columns_are_a_status_and_evidence_per_indicator():
    cols = table("scorecard").columns
    assert cols[:6] == ("report_id", "jurisdiction", "year", "level", "score", "score_basis")
    assert cols[6:] == tuple(c for k in INDICATORS for c in (k, f"{k}_evidence"))


def test_the_settings_file_is_checked_with_file_and_line(tmp_path, monkeypatch):
    from conftest import ROOT

    copy = tmp_path / "lexicons"
    shutil.copytree(ROOT / "lexicons", copy)
    path = copy / "scorecard.yaml"
    text = path.read_text(encoding="utf-8").replace('date: "01-31"', 'date: "13-31"').replace("  warn_value: 0.5",
                                                                                              "  warn_value: 2")
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("ZWGK_LEXICONS", str(copy))
    problems = [str(p) for p in check_rules() if "scorecard.yaml" in str(p)]
    assert any('MM-DD' in p for p in problems) and any("warn_value" in p for p in problems), problems


def test_report_published_after_the_deadline_fails_end_to_end(tmp_path):
    """With publication dates read (reports.csv ``published``), a crawled page's 发布时间 decides."""
    from nlp.schema import ReportRow

    if "published" not in ReportRow.__dataclass_fields__:
        pytest.skip("this version reads no publication date")
    title = "东川县人民政府2021年政府信息公开工作年度报告"
    late = verdicts(tmp_path, crawl_header(title, "2022-04-20") + report_text(), "late.txt")["on_time"]
    ok = verdicts(tmp_path, crawl_header(title, "2022-03-15") + report_text(), "ok.txt")["on_time"]
    assert (late.status, ok.status) == ("fail", "pass"), (late.evidence, ok.evidence)


def test_tables_complete_end_to_end(tmp_path):
    """reports.csv's cells read / expected decide (a table 3 that lost its last rows is read in part)."""
    assert verdicts(tmp_path, report_text())["tables_complete"].status == "pass"
    cut = "\n".join(t3_table().split("\n")[:-3]) + "\n"
    v = verdicts(tmp_path, report_text(t3=cut))["tables_complete"]
    assert v.status == "warn" and "cells read" in v.evidence, v.evidence
