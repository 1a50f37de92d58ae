"""The form-invariance suite: a report reads the same in every form it reaches users in.

The suite itself (nlp.eval.forms / containers / formsuite) is checked here: forms keep every character, and the
corpus gold scores the same in a few forms as in plain text (the full table: ``scripts/evaluate.py --forms``).
An invented old-format report goes through every form and must give the same sections and items each time.
"""
from __future__ import annotations

import re

import pytest

from conftest import CORPUS, CORPUS_LEXICON, GOLD
from nlp.eval.forms import Base, forms, wrap
from nlp.eval.formsuite import figures, run_suite
from nlp.runtime.pipeline import analyze_file, load_document

# An invented pre-2019 county-town report: preamble-only opening paragraph, the 2008-template sections (咨询,
# 收费), problems and improvements in one section with no sub-headings, signature at the end.
OLD_FORMAT = """石桥镇人民政府2013年政府信息公开工作年度报告
根据《中华人民共和国政府信息公开条例》规定，特向社会公布2013年度本镇政府信息公开工作年度报告。本报告所列数据的统计期限自2013年1月1日起至2013年12月31日止。
一、概述
政府信息公开是推进依法行政、建设阳光政府的一项基础性工作。一年来，在县政府办公室的指导下，我镇政府信息公开工作平稳有序开展。
我镇成立了以镇长为组长的政府信息公开工作领导小组，党政办公室负责日常工作，各村（社区）明确了1名信息员。
全年召开政府信息公开工作推进会3次，对镇机关和各村信息员进行培训2次，参训人员达60人次。
二、主动公开政府信息情况
全年主动公开政府信息142条，其中通过县政府网站公开98条，通过镇村公开栏公开44条。
三、依申请公开政府信息情况
全年共受理政府信息公开申请2件，均已按期答复。
四、政府信息公开咨询处理情况
全年接受群众咨询36人次。
五、政府信息公开的收费及减免情况
本年度未收取任何费用。
六、因政府信息公开申请行政复议、提起行政诉讼的情况
本年度无此类情况。
七、存在的主要问题和改进措施
一年来，我镇政府信息公开工作取得了较好成绩，但与上级要求和群众期望相比，仍有一定差距，主要是：信息更新不够及时，公开的深度和广度有待加强，村级信息员业务素质有待提高。
下一步，我们将着力做好以下工作：一要加强学习培训，提高信息员业务素质；二要完善工作机制，确保信息及时更新；三要拓展公开渠道，方便群众获取政府信息。
石桥镇人民政府
2014年1月20日"""


def _base(text: str) -> Base:
    lines = text.split("\n")
    return Base("shiqiao_2013", lines[0], tuple(lines))


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _read(tmp_path, name: str, suffix: str, data: bytes):
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(data)
    return path


def test_wrap_breaks_like_a_word_processor():
    lines = wrap("全年主动公开政府信息1234条，其中政策解读45篇。", 8)
    assert "".join(lines) == "全年主动公开政府信息1234条，其中政策解读45篇。"
    assert all(not x.startswith(("，", "。")) for x in lines)  # closing marks hang on the line before
    assert any("1234" in x for x in lines)  # a number is never broken


@pytest.mark.parametrize("name", ["plain", "crawl", "wrapped", "wrapped-header", "letter-spaced", "gb18030",
                                  "docx-lines", "docx", "web-page"])
def test_forms_keep_every_character(tmp_path, name):
    """Only whitespace and container change: the analysable text has the same characters as plain text."""
    if name.startswith("docx"):
        pytest.importorskip("docx")
    base = _base(OLD_FORMAT)
    suffix, data = forms()[name](base)
    assert _compact(load_document(_read(tmp_path, name, suffix, data)).text) == _compact(OLD_FORMAT)


def test_page_furniture_is_removed(tmp_path):
    suffix, data = forms()["page-furniture"](_base(OLD_FORMAT * 3))
    assert data.count(b"\f") >= 2
    text = load_document(_read(tmp_path, "pages", suffix, data)).text
    assert _compact(text) == _compact(OLD_FORMAT * 3)


def test_an_old_format_report_reads_alike_in_every_form(tmp_path):
    """Sections and items (kind and characters) of every form equal those of plain text."""
    pytest.importorskip("docx")
    pytest.importorskip("reportlab")
    results = {}
    for name, make in forms().items():
        suffix, data = make(_base(OLD_FORMAT))
        r = analyze_file(_read(tmp_path, name, suffix, data), "shiqiao_2013")
        results[name] = ([(s.key, _compact(s.heading)) for s in r.sections],
                         [(i.kind, _compact(i.text)) for i in r.items])
    sections, items = results["plain"]
    assert [k for k, _ in sections] == ["preamble", "overview", "proactive", "applications", "consultation", "fees",
                                        "review_litigation", "problems"]
    assert [k for k, _ in items] == ["measure", "measure", "problem", "commitment", "commitment", "commitment"]
    assert items[0][1].startswith("我镇成立了")  # the preamble paragraph is not a measure
    assert items[-1][1].endswith("方便群众获取政府信息。")  # the signature is not part of the last promise
    for name, got in results.items():
        assert got == results["plain"], name


def test_corpus_gold_scores_the_same_in_a_few_forms(tmp_path):
    """The fast subset of ``scripts/evaluate.py --forms``: the corpus gold in four hard forms."""
    pytest.importorskip("docx")
    result = run_suite("corpus", GOLD, [CORPUS], tmp_path, only=["crawl", "wrapped-header", "docx-lines",
                                                                   "letter-spaced"], lexicons=(str(CORPUS_LEXICON),))
    assert not result.errors
    plain = figures(result.by_form["plain"])
    assert plain == {"problems F1": 1.0, "commitments F1": 1.0, "measures F1": 1.0, "sections": 1.0}
    for form in ("published", "crawl", "wrapped-header", "docx-lines", "letter-spaced"):
        assert figures(result.by_form[form]) == plain, form
    # the promise follow-up of each form, its reports analysed together, judges the gold pairs alike
    assert result.followup["plain"]["judgements"] == 26
    assert result.followup["plain"]["status_accuracy_3"] == 1.0
    for form in ("published", "crawl", "wrapped-header", "docx-lines", "letter-spaced"):
        assert result.followup[form]["status_accuracy_3"] == 1.0, form
