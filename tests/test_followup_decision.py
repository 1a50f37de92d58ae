"""The follow-up decision from named features (issue 14), on invented text: one test per class of input.

- a generic promise answered by a generic statement on the same topic → partly;
- a concrete action of the promised kind, with counts, that covers only some of the listed forms → reported
  (but partly when N+1 names the same problem again);
- evidence copied from last year's report with only the year changed → flagged, and never reported by itself;
- a report with an improvements part but no commitment → a tracking warning;
- thresholds under trial for the cross-validation.
"""
from __future__ import annotations

from test_tracking import BODY, followup_of, items_df, pair, reports_df

from nlp.crossyear.rules import rules, trying
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


def test_evidence_copied_from_last_year_is_flagged_and_not_reported_by_itself():
    tr = _copied_pair([("2021年，县政府办每月对门户网站各栏目开展一次巡查，并通报巡查结果。", "T06;T24")])
    row = followup_of(tr, "二是加强网站巡查")
    assert row.copied_evidence == 1 and "copied=1" in row.features
    assert row.status == "partly" and "copied from last year" in row.reason


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
