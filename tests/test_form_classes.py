"""The failure classes of form handling and of old-format reports, each on text written for the test.

One test (or a few) per class: paragraphs that are really lines (DOCX, HTML, text under a crawler header), pages
flattened onto one line (paragraph breaks as spaces, a heading glued to table text, merged overview paragraphs,
signature and attachment run on), headings written differently (misspelt, pre-2019 wordings, a swallowed short
line, letter-spaced), and old-format section 五/六 with problems and improvements in one block.
"""
from __future__ import annotations

import re

import pytest

from nlp.annotate.items import extract_items
from nlp.annotate.sections import find_sections
from nlp.eval.forms import Base, wrap
from nlp.read.document import Document, Metadata, RawDocument, RawPage
from nlp.read.normalise import clean_line, normalise
from nlp.runtime.pipeline import load_document

OVERVIEW = ("一、总体情况\n"
            "2022年，我县全年通过政府门户网站主动公开政府信息2310条，发布政策解读材料46篇，其中图解和视频解读21篇。"
            "县政府办公室组织开展全县政务公开业务培训3次，参训人员达240人次，进一步提高了工作人员的业务能力。\n"
            "全县统一规范了乡镇政务公开专区的设置，配备查阅设备12台，方便群众就近查阅政府信息，全年接待群众查阅380人次。\n")
SEC5 = ("五、存在的主要问题及改进情况\n"
        "（一）存在的主要问题\n"
        "一是部分乡镇政务公开专区的查阅设备老化，群众使用不便；二是依申请公开答复文书的说理还不够充分。\n"
        "（二）改进措施\n"
        "下一步，我县将抓好以下工作：一是扎实推进依申请公开规范化建设，统一答复文书模板，加强说理；"
        "二是更新乡镇政务公开专区的查阅设备，方便群众查询政府信息。\n")
REPORT = ("青禾县2022年政府信息公开工作年度报告\n" + OVERVIEW + "二、主动公开政府信息情况\n全年制发规范性文件5件。\n"
          "三、收到和处理政府信息公开申请情况\n全年收到申请23件。\n四、政府信息公开行政复议、行政诉讼情况\n无。\n"
          + SEC5 + "六、其他需要报告的事项\n本年度未收取信息处理费。全年办理人大代表建议12件、政协委员提案18件，办理结果和答复全文均已在"
          "县政府门户网站“建议提案办理”栏目公开。")


def doc_of(text: str, kind: str = "text") -> Document:
    doc = normalise(RawDocument("x", kind, [RawPage(1, text)]))
    doc.metadata = Metadata(jurisdiction="青禾县", year=2022)
    return doc


def items(doc: Document) -> list[tuple[str, str]]:
    return [(i.kind, re.sub(r"\s+", "", i.text)) for i in extract_items(doc, find_sections(doc.text), "r")]


def wrapped(text: str, width: int = 32) -> str:
    return "\n".join(line for p in text.split("\n") for line in wrap(p, width))


# ----------------------------------------------------------------------------- paragraphs that are lines

def test_docx_with_one_paragraph_per_line_is_rejoined(tmp_path):
    """Class "paragraphs that are lines": a PDF-to-Word conversion gets the wrap repair text and PDF get."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for line in wrapped(REPORT).split("\n"):
        d.add_paragraph(line)
    d.save(tmp_path / "r.docx")
    doc = load_document(tmp_path / "r.docx")
    assert items(doc) == items(doc_of(REPORT))
    assert ("commitment", "一是扎实推进依申请公开规范化建设，统一答复文书模板，加强说理；") in items(doc)


def test_html_whose_paragraphs_are_lines_is_rejoined(tmp_path):
    page = "<html><body><div>" + "".join(f"<p>{x}</p>" for x in wrapped(REPORT, 30).split("\n")) + "</div></body></html>"
    (tmp_path / "r.html").write_text(page, encoding="utf-8")
    assert items(load_document(tmp_path / "r.html")) == items(doc_of(REPORT))


def test_real_paragraphs_of_a_container_are_not_joined():
    lines = REPORT.split("\n")
    assert doc_of(REPORT, "docx").text.split("\n") == lines
    assert doc_of(REPORT, "html").text.split("\n") == lines


def test_hard_wrapped_text_under_a_crawler_header_is_not_a_one_line_crawl(tmp_path):
    """Class "crawler header on wrapped text": the header makes it a crawl, the widths say its lines are wrapped;
    the mid-line sub-heading （二）改进措施 is found and the promises are not read as problems."""
    head = "标题: 青禾县2022年政府信息公开工作年度报告\n发布时间: 2023-01-20 09:00\n原文链接: https://x.example.gov.cn/1.htm\n"
    (tmp_path / "r.txt").write_text(head + "==== 正文 ====\n" + wrapped(REPORT, 33), encoding="utf-8")
    doc = load_document(tmp_path / "r.txt")
    assert doc.kind == "crawl"
    got = items(doc)
    assert got == items(doc_of(REPORT))
    assert [k for k, _ in got] == ["measure", "measure", "problem", "problem", "commitment", "commitment"]


def test_a_wrapped_line_that_ends_a_sentence_short_of_the_column_ends_its_paragraph():
    """A paragraph whose last line ends a sentence two columns short of the full width is not joined to the
    next one, although the line is longer than the usual short-line limit."""
    a = "全年主动公开政府信息2310条，发布政策解读材料46篇，其中图解和视频解读21篇。县政府办公室组织开展政务公开培训3次，参训240人次。"
    b = "全县统一规范了乡镇政务公开专区的设置，配备查阅设备12台，方便群众就近查阅政府信息，全年接待群众查阅380人次。"
    lines = doc_of("\n".join(wrap(a, 30) + wrap(b, 30)) + "\n" + "\n".join(wrap(b, 30) + wrap(a, 30))).text.split("\n")
    assert lines == [a, b, b, a]


def test_wrapped_text_whose_table_prints_one_cell_a_line_is_still_rejoined():
    """Class "wrapped text with tables": many short cell lines do not hide that the prose is wrapped."""
    labels = ["本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "本年度办理结果", "予以公开",
              "部分公开", "属于国家秘密", "其他法律行政法规禁止公开", "危及三安全一稳定", "保护第三方合法权益",
              "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项", "本机关不掌握相关信息",
              "没有现成信息需要另行制作", "补正后申请内容仍不明确", "信访举报投诉类申请", "重复申请", "要求提供公开出版物",
              "无正当理由大量反复申请", "要求确认或重新出具已获取信息", "申请人无正当理由逾期不补正",
              "申请人逾期未按收费通知要求缴纳费用", "结转下年度继续办理", "商业企业", "科研机构", "社会公益组织",
              "法律服务机构", "自然人", "总计", "行政复议结果维持", "行政复议结果纠正", "未经复议直接起诉",
              "复议后起诉结果维持", "复议后起诉尚未审结"]
    cells = "\n".join(x for label in labels for x in (label, "0"))
    more = ("县政府办公室对全县42个部门和12个乡镇的政府网站信息公开专栏开展季度检查，通报检查结果4次，督促整改问题37个；"
            "对检查中发现的栏目长期不更新、链接失效、信息发布不规范等问题建立台账，逐项明确整改责任单位和完成时限，"
            "整改完成后组织复查，复查结果纳入年度绩效考核。\n"
            "全县编制完成26个试点领域基层政务公开标准目录，涉及公开事项1380项，已在政府门户网站集中公开并动态更新；"
            "各乡镇在便民服务中心设立政务公开专区，配备查询终端和纸质资料，安排专人提供查阅引导和政策咨询服务，"
            "全年接待群众查阅咨询2600余人次。\n"
            "全年组织召开新闻发布会18场，围绕优化营商环境、教育医疗、养老服务等社会关注事项及时回应关切，"
            "发布政策问答材料64篇、图解材料37篇，对涉及群众切身利益的政策文件全部同步发布解读材料，"
            "并在政务新媒体平台同步推送。\n")
    report = REPORT.replace("二、主动公开", more + "二、主动公开")
    text = wrapped(report, 33).replace("二、主动公开政府信息情况", "二、主动公开政府信息情况\n" + cells)
    lines = doc_of(text).text.split("\n")
    assert all(p in lines for p in report.split("\n")[1:7] + SEC5.split("\n")[:5])


# ----------------------------------------------------------------------------- one-line pages

def test_paragraph_breaks_of_a_flattened_page_are_restored():
    """Class "one-line page": the spaces a crawler left after sentence ends are the paragraph breaks."""
    line = " ".join(REPORT.split("\n"))
    assert len(line) > 500
    assert doc_of(line, "crawl").text.split("\n")[1].startswith("全县统一规范了乡镇")
    assert items(doc_of(line, "crawl")) == items(doc_of(REPORT))


def test_table_zeros_do_not_make_a_flattened_line_letter_spaced():
    """Single-digit table cells between the words of a flattened page are not letter-spacing: the spaces between
    its words (its paragraph and heading boundaries) stay."""
    line = "规章 0 0 0 行政事业性收费 0 0 0 0 0 0 0 0 0 三、收到和处理政府信息公开申请情况 申请人情况 自然人 0 0"
    assert "申请情况 申请人情况 自然人" in clean_line(line)


def test_heading_glued_to_table_text_in_a_one_line_page():
    text = ("一、总体情况 全年主动公开政府信息86条。二、主动公开政府信息情况 规章 0 0 行政事业性收费"
            "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和）自然人 12"
            "四、政府信息公开行政复议、行政诉讼情况行政复议 结果维持 0 五、存在的主要问题及改进情况 一是公开栏更新不及时。")
    secs = {s.key: s.heading for s in find_sections(text)}
    assert secs["applications"] == "三、收到和处理政府信息公开申请情况"
    assert secs["review_litigation"] == "四、政府信息公开行政复议、行政诉讼情况"
    assert secs["problems"] == "五、存在的主要问题及改进情况"


def test_a_word_ending_in_a_numeral_is_not_a_glued_heading():
    text = "一、总体情况\n我县坚持统一、主动公开政府信息情况良好的原则。\n二、主动公开政府信息情况\n无。"
    assert [s.start for s in find_sections(text) if s.key == "proactive"] == [text.index("二、主动")]


def test_merged_overview_is_split_at_sub_topic_openers_and_its_preamble_left_out():
    """The overview's only paragraph (a page that lost its breaks): one measure per sub-topic group."""
    body = ("一、总体情况\n2022年，我局坚持以新时代中国特色社会主义思想为指导，认真落实上级部署，扎实推进政务公开工作。"
            "在主动公开方面，全年通过门户网站发布信息1236条，其中土地征收信息214条。"
            "在依申请公开方面，全年受理申请57件，均在法定期限内答复。"
            "加强平台建设。完成门户网站适老化改造，开通微信公众号，全年发布信息426条。\n"
            "二、主动公开政府信息情况\n无。")
    got = items(doc_of(body))
    assert [t[:7] for _, t in got] == ["在主动公开方面", "在依申请公开方", "加强平台建设。"]


def test_old_format_overview_opening_sentences_are_not_a_measure():
    body = ("一、概述\n做好政府信息公开工作是建设服务型政府的重要举措。2012年，全县政府信息公开工作在县政府的领导下"
            "稳步开展，公开内容不断丰富。同时，县财政安排了专项经费，用于公众查阅室的建设和维护。\n"
            "二、主动公开政府信息情况\n无。")
    assert items(doc_of(body)) == [("measure", "同时，县财政安排了专项经费，用于公众查阅室的建设和维护。")]


def test_signature_and_attachment_run_on_after_the_last_promise():
    sec = ("六、存在的主要问题及改进措施 公开内容不够全面。为此，我局将从以下几个方面加以改进：（一）拓宽公开内容。"
           "及时公开防汛信息。（二）完善工作制度。建立信息发布审核制度。丰谷县水务局二〇一三年一月十日"
           "附件：政府信息公开情况统计表 主动公开信息数 条 86")
    got = items(doc_of("一、概述 全年公开信息86条。" + sec))
    assert got[-1] == ("commitment", "（二）完善工作制度。建立信息发布审核制度。")


# ----------------------------------------------------------------------------- headings

@pytest.mark.parametrize("heading,key", [
    ("四、政府信息公开行政法复议、行政诉讼情况", "review_litigation"),  # a character too many
    ("四、政府信息公开行政复议、行政讼情况", "review_litigation"),  # a character missing
    ("三、收到和处理政府信息公开申清情况", "applications"),  # a wrong character
    ("三、依申请公开、不予公开及咨询政府信息情况", "applications"),  # pre-2019 wording
    ("五、申请行政复议、提起行政诉讼和申诉的情况", "review_litigation"),  # pre-2019 wording
])
def test_headings_written_differently(heading, key):
    text = "一、总体情况\n全年主动公开政府信息86条。\n" + heading + "\n无。\n六、其他需要报告的事项\n无。"
    secs = {s.key: s.heading for s in find_sections(text)}
    assert secs.get(key) == heading


def test_a_sub_topic_sharing_a_headings_words_is_not_that_heading():
    text = ("一、总体情况\n全年主动公开政府信息86条。\n二、加强主动公开政府信息工作的措施\n无。\n"
            "三、主动公开政府信息情况\n无。")
    secs = find_sections(text)
    assert [s.heading for s in secs if s.key == "proactive"] == ["三、主动公开政府信息情况"]


def test_a_heading_does_not_swallow_the_next_short_line():
    text = ("一、总体情况\n全年公开信息86条。\n四、政府信息公开行政复议、行政诉讼情况行政复议\n| 0 | 0 |\n"
            "五、存在问题及改进情况\n一是更新不及时。")
    secs = {s.key: s.heading for s in find_sections(text)}
    assert secs["review_litigation"] == "四、政府信息公开行政复议、行政诉讼情况"
    assert secs["problems"] == "五、存在问题及改进情况"  # a conjunction continues the wording


def test_letter_spaced_heading_with_digits():
    assert clean_line("（ 一 ） 2 0 2 4 年 工 作 中 存 在 问 题 的 改 进 情 况") == "（一）2024年工作中存在问题的改进情况"
    assert clean_line("一 、 总 体 情 况") == "一、总体情况"
    assert clean_line("共 受 理 申 请 21 件 ， 均 在 法 定 期 限 答 复") == "共受理申请21件，均在法定期限答复"


# ----------------------------------------------------------------------------- old-format section 五

def test_next_years_improvements_after_the_problems_sentence_are_commitments():
    """`…将重点从以下方面做好改进：一是…` after the problems: the promises, in a one-line page as in plain text."""
    sec5 = ("五、存在的主要问题及改进情况 本年度政府信息公开工作仍存在一些不足，如政策解读形式较为单一，部分栏目更新不够及时。"
            "2023年，将重点从以下方面做好改进：一是丰富政策解读形式，运用图解开展解读；二是建立栏目巡查机制，每月检查更新情况。")
    got = items(doc_of("一、总体情况 全年公开信息86条。" + sec5))
    assert [k for k, _ in got] == ["measure", "problem", "commitment", "commitment"]


def test_old_format_problems_and_improvements_in_one_section():
    sec = ("六、存在的主要问题及改进措施\n我局政府信息公开工作虽然取得了一定成效，但也存在一些不足：一是公开内容不够全面；"
           "二是工作人员均为兼职，业务水平有待提高。因此，我们考虑从以下三个方面作进一步的改进：（一）拓宽公开内容。"
           "及时公开工程建设信息。（二）加强队伍建设。定期组织业务培训。（三）完善工作制度 1、建立信息审核制度。"
           "2、落实考核制度。")
    got = items(doc_of("一、概述\n全年公开信息86条。\n" + sec))
    assert got[1:] == [("problem", "一是公开内容不够全面；"), ("problem", "二是工作人员均为兼职，业务水平有待提高。"),
                       ("commitment", "（一）拓宽公开内容。及时公开工程建设信息。"),
                       ("commitment", "（二）加强队伍建设。定期组织业务培训。"),
                       ("commitment", "1、建立信息审核制度。"), ("commitment", "2、落实考核制度。")]


def test_base_width_is_within_the_suites_range():
    assert all(30 <= Base(f"r{i}", "", ()).width <= 38 for i in range(50))
