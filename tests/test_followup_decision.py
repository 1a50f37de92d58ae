"""The follow-up decision from named features (issue 14), on invented text: one test per class of input.

- a generic promise answered by a generic statement on the same topic → partly; a promise of conduct or
  awareness only, by a statement on the disclosure work as a whole → partly (never a promise of a named kind);
- a concrete action of the promised kind, with counts, that covers only some of the listed forms → reported
  (but partly when N+1 names the same problem again);
- evidence copied from last year's report with only the year changed → flagged; reported at face value, or partly
  at most under the strict policy;
- a promise on something the tables count (复议纠错) → the figures of N and N+1 are evidence;
- a report with an improvements part but no commitment → a tracking warning;
- thresholds under trial for the cross-validation.
"""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from conftest import ROOT
from test_tracking import BODY, followup_of, items_df, pair, reports_df

from nlp.rules_tracking import rules, trying
from nlp.crossyear.run import track
from nlp.schema import table


def test_generic_promise_with_generic_counterpart_on_the_same_topic_is_partly():
    tr = pair("三是持续提升公开质效。坚持以公开为常态，不断提升政务公开的质量和实效。", "T03",
              [("坚持把政务公开作为常态工作抓紧抓实，干部职工公开意识不断增强。", "T03"),
               ("组织全县政务公开业务培训2次，培训120人次。", "T05")])
    row = followup_of(tr, "三是持续提升公开质效")
    assert row.status == "partly"
    assert "promise=generic" in row.features and "topic=main" in row.features
    assert "no concreteness marker" in row.reason


def test_generic_promise_is_partly_answered_by_a_statement_on_the_work_as_a_whole():
    """A promise of conduct or awareness only (no kind of action, no topic but T00/T03) shares no words with
    next year's report; its counterpart is the statement on the disclosure work as a whole."""
    tr = pair("二是规范公开行为。切实履行公开职责，坚持“公开为常态、不公开为例外”，更好服务群众。", "T03",
              [("今年全镇政务公开工作在镇党委领导下有序推进，不断健全工作机制、畅通公开渠道。", "T01"),
               ("组织全镇业务培训2次，培训80人次。", "T05")])
    row = followup_of(tr, "二是规范公开行为")
    assert row.status == "partly", row.reason
    assert "work as a whole" in row.reason and "topic=main" in row.features


def test_generic_promise_without_such_a_statement_is_not_reported():
    tr = pair("二是规范公开行为。切实履行公开职责，坚持“公开为常态、不公开为例外”，更好服务群众。", "T03",
              [("组织全镇业务培训2次，培训80人次。", "T05")])
    assert followup_of(tr, "二是规范公开行为").status == "not_reported"


def test_statement_on_the_work_as_a_whole_does_not_answer_a_promise_of_a_named_kind():
    tr = pair("一是加强业务培训。每季度组织一次政务公开业务培训。", "T05",
              [("今年全镇政务公开工作在镇党委领导下有序推进，不断健全工作机制、畅通公开渠道。", "T01")])
    assert followup_of(tr, "一是加强业务培训").status == "not_reported"


def test_upholding_the_openness_principle_is_awareness():
    from nlp.annotate.tags import tagger_for

    text = "二是规范公开行为。坚持“公开为常态、不公开为例外”，切实履行公开责任。"
    assert "T03" in {m.topic for m in tagger_for(()).tag(text, 0, len(text), "commitment")}


def test_concrete_action_of_the_promised_kind_need_not_cover_every_listed_form():
    tr = pair("一是丰富解读形式。综合运用图解、短视频、动漫、在线访谈、新闻发布会、专家解读等形式开展政策解读。", "T11",
              [("综合运用图解、在线访谈等形式开展政策解读，全年发布解读材料46篇。", "T11")])
    row = followup_of(tr, "一是丰富解读形式")
    assert row.status == "reported", row.reason
    assert "action=same" in row.features and "counts" in row.features


def test_listed_forms_count_when_next_year_names_the_problem_again():
    tr = pair("一是丰富解读形式。综合运用图解、短视频、动漫、在线访谈、新闻发布会、专家解读等形式开展政策解读。", "T11",
              [("综合运用图解、在线访谈等形式开展政策解读，全年发布解读材料46篇。", "T11")],
              next_problems=[("一是政策解读形式仍较单一，以文字解读为主。", "T11")])
    row = followup_of(tr, "一是丰富解读形式")
    assert row.status == "partly"
    assert "problem_again=1" in row.features and "listed sub-items" in row.reason


def _copied_pair(next_measures: list[tuple[str, str]]):
    reps = reports_df([("qs2020", BODY, 2020), ("qs2021", BODY, 2021)])
    rows = [("qs2020", "measure", "2020年，县政府办每月对门户网站各栏目开展一次巡查，并通报巡查结果。", "T06;T24"),
            ("qs2020", "problem", "一是网站栏目更新不及时。", "T06;T24"),
            ("qs2020", "commitment", "二是加强网站巡查。每月开展网站栏目巡查，及时通报巡查结果。", "T06;T24")]
    rows += [("qs2021", "measure", t, tp) for t, tp in next_measures]
    return track(reps, items_df(rows))


def test_evidence_copied_from_last_year_is_flagged_and_taken_at_face_value():
    """The shipped policy follows the annotation guideline: a copied statement of work is read as printed, but
    the row says it was copied."""
    tr = _copied_pair([("2021年，县政府办每月对门户网站各栏目开展一次巡查，并通报巡查结果。", "T06;T24")])
    row = followup_of(tr, "二是加强网站巡查")
    assert row.copied_evidence == 1 and "copied=1" in row.features
    assert row.status == "reported" and "face value although copied" in row.reason


def test_strict_policy_never_reports_on_copied_evidence_alone():
    with trying({"decision.copied_evidence": "partly"}):
        tr = _copied_pair([("2021年，县政府办每月对门户网站各栏目开展一次巡查，并通报巡查结果。", "T06;T24")])
    row = followup_of(tr, "二是加强网站巡查")
    assert row.copied_evidence == 1
    assert row.status == "partly" and "copied from last year" in row.reason


def test_an_unknown_copied_evidence_policy_is_refused():
    from nlp.rules_tracking import _decision

    with pytest.raises(ValueError, match="copied_evidence must be one of face_value, partly"):
        _decision({"candidates": 5, "min_action_coverage": 0.6, "min_list_coverage": 0.6,
                   "min_list_coverage_problem_again": 0.6, "partly_without_topic": True,
                   "partly_on_other_topic": True, "copied_min_chars": 12, "copied_evidence": "ignore"})


def test_new_evidence_beside_copied_text_may_report():
    tr = _copied_pair([("2021年，县政府办每月对门户网站各栏目开展一次巡查，并通报巡查结果。", "T06;T24"),
                       ("全年开展网站栏目巡查12次，通报巡查结果4期，整改栏目9个。", "T06;T24")])
    row = followup_of(tr, "二是加强网站巡查")
    assert row.status == "reported" and row.copied_evidence == 0


def test_no_commitments_in_a_report_with_an_improvements_part_is_a_warning():
    import pandas as pd

    reps = reports_df([("qs2020", BODY, 2020), ("qs2021", BODY, 2021)])
    items = items_df([("qs2020", "problem", "一是信息更新不及时。", "T08"),
                      ("qs2020", "problem", "下一步，我县将加强信息更新。", "T08"),
                      ("qs2021", "measure", "及时更新信息。", "T08")])
    sections = pd.DataFrame([{"report_id": "qs2020", "key": "problems", "heading": "五、存在的主要问题及改进情况",
                              "start": 0, "end": 40},
                             {"report_id": "qs2021", "key": "problems", "heading": "五、存在的主要问题",
                              "start": 0, "end": 10}])
    tr = track(reps, items, sections)
    assert [w.report_id for w in tr.warnings] == ["qs2020"]
    assert "no commitments" in tr.warnings[0].message


def test_followup_columns_keep_the_contract_and_add_features():
    columns = table("followup").columns
    assert columns[:11] == ("jurisdiction", "year", "commitment_item_id", "commitment_text", "topics", "status",
                            "evidence_item_id", "evidence_text", "evidence_year", "score", "reason")
    assert {"features", "copied_evidence"} <= set(columns)


def test_thresholds_under_trial_are_restored():
    shipped = rules().partly_min_score
    with trying({"partly_min_score": 0.9, "decision.min_action_coverage": 0.1}) as trial:
        assert rules() is trial and trial.partly_min_score == 0.9 and trial.decision["min_action_coverage"] == 0.1
    assert rules().partly_min_score == shipped


def _review_pair(corrected_before: int, corrected_after: int, commitment: str = "三是降低行政复议纠错率。"):
    """A promise on something table 四 counts, with no sentence of N+1 about it: the figures answer it."""
    import pandas as pd

    reps = reports_df([("qs2020", BODY, 2020), ("qs2021", BODY, 2021)])
    rows = [("qs2020", "problem", "一是个别答复被行政复议纠正。", "T23"), ("qs2020", "commitment", commitment, "T23"),
            ("qs2021", "measure", "组织全县业务培训2次。", "T05")]
    cells = [{"report_id": rid, "table": "t4", "row_key": row, "col_key": col, "value": value}
             for rid, corrected in (("qs2020", corrected_before), ("qs2021", corrected_after))
             for row, col, value in (("review", "corrected", corrected), ("review", "total", 5),
                                     ("litigation_direct", "corrected", 0), ("litigation_after_review", "corrected", 0))]
    return track(reps, items_df(rows), tables=pd.DataFrame(cells))


def test_a_promise_on_a_counted_thing_is_answered_by_the_tables():
    row = followup_of(_review_pair(3, 1), "三是降低行政复议纠错率")
    assert row.evidence_item_id == "table:复议诉讼被纠错"
    assert "2020年 3，2021年 1（减少），对应“三是降低行政复议纠错率”" in row.evidence_text
    assert row.status == "reported" and "counts" in row.features


def test_figures_alone_do_not_report_a_promise_of_a_named_kind_of_action():
    row = followup_of(_review_pair(3, 1, "二是规范答复文书，加强会商，降低行政复议纠错率。"), "二是规范答复文书")
    assert row.evidence_item_id == "table:复议诉讼被纠错"
    assert row.status == "partly" and "not the promised kind of action" in row.reason


def test_figures_that_went_the_wrong_way_are_no_concrete_evidence():
    row = followup_of(_review_pair(1, 3), "三是降低行政复议纠错率")
    assert "（增加）" in row.evidence_text
    assert row.status == "partly" and "no concreteness marker" in row.reason


def test_without_tables_such_a_promise_is_not_reported():
    reps = reports_df([("qs2020", BODY, 2020), ("qs2021", BODY, 2021)])
    tr = track(reps, items_df([("qs2020", "commitment", "三是降低行政复议纠错率。", "T23"),
                               ("qs2021", "measure", "组织全县业务培训2次。", "T05")]))
    assert followup_of(tr, "三是降低行政复议纠错率").status == "not_reported"


def test_a_wrong_counted_entry_is_refused():
    from nlp.rules_tracking import _counted

    with pytest.raises(ValueError, match="better must be lower or higher"):
        _counted({"name": "x", "words": "x", "cells": ["t4.review.total"], "better": "up"})
    with pytest.raises(ValueError, match="table.row.column"):
        _counted({"name": "x", "words": "x", "cells": ["t4.review"], "better": "lower"})


@contextmanager
def _tracking_yaml(tmp_path):
    """A copy of the shipped lexicons in force ($ZWGK_LEXICONS), yielding its tracking.yaml; the shipped rules are
    in force again afterwards."""
    import shutil

    from nlp.rules_tracking import refresh

    lexicons = tmp_path / "lexicons"
    shutil.copytree(ROOT / "lexicons", lexicons)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("ZWGK_LEXICONS", str(lexicons))
            yield lexicons / "tracking.yaml"
    finally:
        refresh()  # the lexicons in force again, for the other tests
    assert rules().partly_min_score == 0.20


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_tracking_rules_follow_an_edit_of_tracking_yaml_in_the_same_process(tmp_path):
    """An evaluator tunes a threshold in tracking.yaml and runs again in the same notebook: the new run (and its
    workers, forked after it starts), a task sent to a cluster's worker and a cross-validation trial all use the
    edited rules, not those compiled first; so does the cross-year stage of a body sent to a cluster's worker."""
    from concurrent.futures import ThreadPoolExecutor

    from nlp.runtime.batch import analyze_task
    from nlp.runtime.pool import executor_map
    from nlp.runtime.stream import run_lexicons

    with _tracking_yaml(tmp_path) as tracking:
        run_lexicons(())
        assert rules().partly_min_score == 0.20
        _edit(tracking, "partly_min_score: 0.20", "partly_min_score: 0.35")
        assert rules().partly_min_score == 0.20  # compiled rules are not looked up on every use
        with trying({"decision.min_action_coverage": 0.5}):
            assert rules().partly_min_score == 0.35  # a trial starts from the file as it is now
        _edit(tracking, "partly_min_score: 0.35", "partly_min_score: 0.40")
        report = next((ROOT / "corpus" / "qingxi-xian").glob("*.txt"))
        analyze_task(str(report), "r", False, ())  # a task without the run's rules: on a Dask worker
        assert rules().partly_min_score == 0.40
        _edit(tracking, "partly_min_score: 0.40", "partly_min_score: 0.45")
        with ThreadPoolExecutor(1) as executor:  # the cross-year stage of a body on a Dask worker
            assert list(executor_map(executor, _partly_min_score, [()])) == [0.45]
        _edit(tracking, "partly_min_score: 0.45", "partly_min_score: 0.30")
        run_lexicons(())  # a run starts
        assert rules().partly_min_score == 0.30


def _partly_min_score() -> float:
    return rules().partly_min_score


def test_a_wrong_value_in_tracking_yaml_met_in_one_process_names_the_file(tmp_path):
    """Edited wrongly between two comparisons in one process, tracking.yaml is a usage error naming it, not a
    bare ValueError from deep inside the stage."""
    from nlp.errors import UsageError
    from nlp.rules_tracking import refresh

    with _tracking_yaml(tmp_path) as tracking:
        refresh()
        _edit(tracking, "partly_min_score: 0.20", "partly_min_score: abc")
        with pytest.raises(UsageError, match="tracking.yaml"):
            refresh()
        _edit(tracking, "partly_min_score: abc", "partly_min_score: 0.20")
