"""The scorecard of the sample corpus reproduces the faults its sources were written with (manifest.csv
``source_faults`` and the notes of tests/gold/corpus), and passes what they got right; on the real development
reports (../shared, when present) it finds the faults their manifest records."""
from __future__ import annotations

import pytest

from conftest import CORPUS, CORPUS_LEXICON, ROOT, SHARED, corpus_manifest
from nlp.crossyear.run import run_cross_year
from nlp.rules import load_rules
from nlp.runtime.pipeline import analyze_file
from nlp.scorecard.run import scorecard_rows

# id → {indicator: (status, words in the evidence)}: the faults written into the samples
FAULTS = {
    # the pre-2019 sample (a crawled page of 2012): no statutory tables to check, and no 其他 section
    "fenggu-slj_2012": {"tables_consistent": ("unknown", "no checks"),
                        "sections_complete": ("warn", "其他需要报告的事项")},
    # manifest source_faults: a sub-topic of 一、 numbered 二、; two 2019 commitments repeated verbatim (gold notes)
    "yuntai-qu_2020": {"sections_complete": ("warn", "二、 numbers both"),
                       "not_copied": ("warn", "2 commitments"), "promises_followed": ("warn", "repeated 1")},
    # gold notes: STALE YEAR TOKEN 「2021年，…将」 in the reports on 2021
    "yuntai-qu_2021": {"not_copied": ("warn", "stale years: 2021年，我区将"),
                       "government_extras": ("warn", "not reported: 社会评议")},
    "qingxi-xian_2021": {"not_copied": ("warn", "stale years: 2021年，我县将"),
                         "promises_followed": ("warn", "repeated 1")},
    "nanping-jyj_2021": {"not_copied": ("warn", "stale years: 2021年，我局将")},
    # gold notes: a 2021 commitment repeated verbatim in 2022; the 2022 website and 开放日 promises not followed
    "nanping-jyj_2022": {"not_copied": ("warn", "1 commitments")},
    "nanping-jyj_2023": {"promises_followed": ("warn", "not reported 2")},
    # the county reports name 考核 and 追究 but no 社会评议 (yuntai 2020 names all three)
    "qingxi-xian_2020": {"government_extras": ("warn", "not reported: 社会评议")},
    "yuntai-qu_2019": {"government_extras": ("warn", "not reported: 社会评议")},
    # the 松岚区 samples (written for the table-reading faults of issue 15, which the reader repairs: their tables
    # are complete and consistent): 2021 and 2022 name only 考核, 2023 none of the three; 2023 reports nothing on
    # two of the three 2022 promises (栏目责任清单, 专职联络员)
    "songlan-qu_2021": {"government_extras": ("warn", "not reported: 社会评议、责任追究")},
    "songlan-qu_2022": {"government_extras": ("warn", "not reported: 社会评议、责任追究")},
    "songlan-qu_2023": {"government_extras": ("fail", "not reported: 工作考核、社会评议、责任追究"),
                        "promises_followed": ("fail", "1 of 3 commitments of 2022 followed")},
}
# What every sample got right (their tables are read whole and add up, sections are complete, fees and problems
# stated), including the samples whose tables were published in hard-to-read forms.
CLEAN = ("format_matches_year", "tables_complete", "tables_consistent", "fees_reported", "problems_specific",
         "applications_plausible")


@pytest.fixture(scope="module")
def corpus_scorecard() -> dict:
    rows, lexicon = corpus_manifest(), (str(CORPUS_LEXICON),)
    results = [analyze_file(CORPUS / r["out"], r["id"], lexicon_paths=lexicon) for r in rows]
    return {r.report_id: r for r in scorecard_rows(results, run_cross_year(results, lexicon), load_rules(lexicon))}


@pytest.mark.parametrize("sample", sorted(FAULTS))
def test_corpus_faults_are_found(corpus_scorecard, sample):
    row = corpus_scorecard[sample]
    for indicator, (status, words) in FAULTS[sample].items():
        evidence = getattr(row, f"{indicator}_evidence")
        assert (getattr(row, indicator), words in evidence) == (status, True), (indicator, evidence)


def test_corpus_passes_what_the_samples_got_right(corpus_scorecard):
    for rid, row in corpus_scorecard.items():
        expected = FAULTS.get(rid, {})
        for indicator in CLEAN + ("sections_complete", "not_copied", "government_extras"):
            if indicator in expected:
                continue
            status = getattr(row, indicator)
            if indicator == "not_copied" and status == "unknown":  # the first report of a series
                continue
            assert status == "pass", (rid, indicator, getattr(row, f"{indicator}_evidence"))
        assert row.score is not None


def test_real_reports_faults_recorded_in_their_manifest(shared):
    """Facts the manifest of ../shared records: xiji 2019's table 3 prints 总计 0 against its rows; the 平潭县
    reports of 2012 and 2013 copy the year before."""
    names = ["xiji_2019", "pingtan-xian_2011", "pingtan-xian_2012", "pingtan-xian_2013"]
    lexicon = (str(ROOT / "tests" / "data" / "real_bodies.yaml"),)
    results = [analyze_file(SHARED / "text" / f"{n}.txt", n, lexicon_paths=lexicon) for n in names]
    rows = {r.report_id: r for r in scorecard_rows(results, run_cross_year(results, lexicon), load_rules(lexicon))}
    assert rows["xiji_2019"].tables_consistent == "fail" and "t3_balance_total" in rows["xiji_2019"].tables_consistent_evidence
    assert rows["xiji_2019"].applications_plausible == "fail"
    assert [rows[n].not_copied for n in names[1:]] == ["unknown", "fail", "fail"]
