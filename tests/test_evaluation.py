"""The evaluation of items and headings against gold: on corpus/ (always) and ../shared gold (when present)."""
from __future__ import annotations

import json

from conftest import CORPUS, CORPUS_LEXICON, GOLD, ROOT, SHARED, gold_subset
from nlp.cli import main
from nlp.eval.items import compact, locate, score_report
from nlp.eval.score import evaluate, summary

REAL_BODIES = ROOT / "tests" / "data" / "real_bodies.yaml"  # an analyst's bodies file for the real set
TARGETS = {"problem": 0.95, "commitment": 0.95, "measure": 0.90}


def _scores(inputs, gold_dir, tmp_path, lexicon):
    out = tmp_path / "out"
    main(["analyze", *map(str, inputs), "--out", str(out), "-q", "--lexicon", str(lexicon)])
    scores, missing = evaluate(gold_dir, out)
    return summary(scores), missing


def test_corpus_gold_targets(tmp_path):
    summary, missing = _scores([CORPUS], GOLD, tmp_path, CORPUS_LEXICON)
    assert not missing
    for kind, target in TARGETS.items():
        assert summary[kind]["f1"] >= target, (kind, summary[kind])
    assert summary["followup"]["f1"] >= 0.95
    assert summary["headings"]["accuracy"] >= 0.98


def test_real_gold_targets(shared, tmp_path):
    """Targets on the real gold of the 2014+ reports (see conftest.REGRESSION_FROM_YEAR)."""
    gold = gold_subset(SHARED / "gold", tmp_path / "gold")
    summary, missing = _scores([SHARED / "text", SHARED / "pdf"], gold, tmp_path, REAL_BODIES)
    assert not missing
    for kind, target in TARGETS.items():
        assert summary[kind]["f1"] >= target, (kind, summary[kind])
    assert summary["headings"]["accuracy"] >= 0.98


def test_real_gold_targets_all_years(shared, tmp_path):
    """Targets on all the real gold, the pre-2019 reports of 2011-2013 included."""
    summary, missing = _scores([SHARED / "text", SHARED / "pdf"], SHARED / "gold", tmp_path, REAL_BODIES)
    assert not missing
    for kind, target in TARGETS.items():
        assert summary[kind]["f1"] >= target, (kind, summary[kind])
    assert summary["headings"]["accuracy"] >= 0.98


def test_locate_tolerates_whitespace_and_page_numbers():
    ctext, _ = compact("一是严格执行“分级审核、先审后发”程序。\n二是落实制度。")
    assert locate("一是严格执行“分-1-级审核、先审后发”程序。", ctext) == (0, 20)
    assert locate("二 是 落实制度。", ctext) == (20, 27)
    assert locate("完全不同的文字内容", ctext) is None


def test_scoring_counts_coverage_both_ways():
    text = "五、存在的主要问题\n一是解读形式单一。二是栏目更新不及时。"
    gold = {"problems": [{"text": "一是解读形式单一。"}, {"text": "二是栏目更新不及时。"}], "sections": {}}
    items = [{"kind": "problem", "start": str(text.index("一是")), "end": str(len(text))}]
    rs = score_report(gold, text, items, [], "x")
    ks = rs.kinds["problem"]
    assert (ks.gold, ks.found, ks.pred, ks.correct) == (2, 2, 1, 1)
    items = [{"kind": "problem", "start": "0", "end": str(len(text))}]
    ks = score_report(gold, text, items, [], "x").kinds["problem"]
    assert (ks.found, ks.correct) == (2, 1)  # 19 of 29 characters inside gold: still >= 60%


def test_gold_files_are_well_formed():
    paths = sorted(GOLD.glob("*.json"))
    assert len(paths) >= 9, "the corpus gold is where the tests look for it"
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert {"file_id", "jurisdiction", "year", "format", "sections"} <= set(data), path.name
