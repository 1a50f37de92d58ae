"""Statutory sections: keys, headings, extents, on fictional report texts that carry the real hazards.

Every text here is written for the test (fictional bodies); the hazards are the ones of real reports:
headings inline in one crawled line, headings broken over PDF lines, shifted/out-of-order numerals,
sub-topics numbered as top-level sections, a missing problems heading, old (pre-2019) layouts.
"""
from __future__ import annotations

import re

import pytest

from nlp.runtime.pipeline import load_document
from nlp.annotate.sections import Section, find_sections

TABLES = """二、主动公开政府信息情况
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
三、收到和处理政府信息公开申请情况
| 申请人情况 | 自然人 |
| 一、本年新收政府信息公开申请数量 | 23 |
| 四、结转下年度继续办理 | 0 |
四、政府信息公开行政复议、行政诉讼情况
| 行政复议 | 0 | 0 | 0 |
"""

STANDARD = ("青禾县2022年政府信息公开工作年度报告\n"
            "本报告依据《中华人民共和国政府信息公开条例》编制。\n"
            "一、总体情况\n"
            "（一）主动公开\n"
            "全年主动公开政府信息1520条。\n"
            "（二）依申请公开\n"
            "全年收到政府信息公开申请23件，均在法定期限内答复。\n"
            + TABLES +
            "五、存在的主要问题及改进情况\n"
            "一是政策解读形式较为单一；二是部分栏目更新不及时。下一步，我县将丰富解读形式。\n"
            "六、其他需要报告的事项\n"
            "本年度未收取信息处理费。")


def keys_headings(sections: list[Section]) -> list[tuple[str, str]]:
    return [(s.key, s.heading) for s in sections]


def nospace(s: str) -> str:
    return re.sub(r"\s+", "", s)


def by_key(sections: list[Section]) -> dict[str, Section]:
    return {s.key: s for s in sections}


def load(tmp_path, text: str, name: str = "x.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return load_document(p)


# ----------------------------------------------------------------------------------------------- basics

def test_standard_2021_report_has_six_sections_and_preamble():
    secs = find_sections(STANDARD)
    assert keys_headings(secs) == [
        ("preamble", ""),
        ("overview", "一、总体情况"),
        ("proactive", "二、主动公开政府信息情况"),
        ("applications", "三、收到和处理政府信息公开申请情况"),
        ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
        ("problems", "五、存在的主要问题及改进情况"),
        ("other", "六、其他需要报告的事项"),
    ]
    assert [s.numeral for s in secs] == ["", "一", "二", "三", "四", "五", "六"]
    assert [s.inferred for s in secs] == [True] + [False] * 6
    sec = by_key(secs)
    assert sec["preamble"].start == 0 and sec["preamble"].end == STANDARD.index("一、总体情况")
    assert STANDARD[sec["overview"].body_start:].startswith("（一）主动公开")
    assert STANDARD[sec["problems"].body_start:].startswith("一是政策解读")
    assert STANDARD[sec["other"].body_start:] == "本年度未收取信息处理费。"


def test_sections_tile_the_text():
    secs = find_sections(STANDARD)
    assert secs[0].start == 0
    for a, b in zip(secs, secs[1:]):
        assert a.end == b.start
    assert secs[-1].end == len(STANDARD)
    for s in secs:
        if s.heading:
            assert STANDARD[s.start:s.start + len(s.heading)] == s.heading
            assert s.start < s.body_start <= s.end


def test_table_rows_numbered_like_sections_do_not_cut():
    # "| 一、本年新收…" and "| 四、结转下年度…" are table rows inside section 三.
    sec = by_key(find_sections(STANDARD))
    apps = STANDARD[sec["applications"].start:sec["applications"].end]
    assert "一、本年新收政府信息公开申请数量" in apps and "四、结转下年度继续办理" in apps


def test_quoted_heading_phrase_is_not_a_heading():
    text = ("一、总体情况\n"
            "本年度我局按照“五、存在的主要问题及改进情况”的填报要求，如实总结工作。全年公开信息320条。\n"
            + TABLES +
            "五、存在的主要问题及改进情况\n公开内容不够全面。\n"
            "六、其他需要报告的事项\n无。")
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "proactive", "applications", "review_litigation", "problems",
                                     "other"]
    assert by_key(secs)["problems"].start == text.index("五、存在的主要问题及改进情况\n公开")


# ----------------------------------------------------------------------------------------------- hazards

def test_one_line_crawled_report(tmp_path):
    page = ("标题: 松溪区2020年政府信息公开工作年度报告\n"
            "发布时间: 2021-01-28 09:00\n"
            "原文链接: https://www.songxi.example.gov.cn/zwgk/2021/0128.html\n"
            "==================== 正文 ====================\n"
            "当前位置： 首页 政务公开 年度报告 来源：松溪区人民政府办公室 松溪区2020年政府信息公开工作年度报告 "
            "一、总体情况 （一）主动公开。全年通过门户网站公开信息860条。（二）依申请公开。全年受理申请15件，均按时答复。 "
            "二、主动公开政府信息情况 第二十条第（一）项 本年新制作数量 本年新公开数量 规章 0 0 "
            "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 15 三、本年度办理结果 （一）予以公开 12 "
            "四、政府信息公开行政复议、行政诉讼情况 行政复议 结果维持 0 "
            "五、存在的主要问题及改进情况 一是公开内容不够丰富；二是工作人员多为兼职。下一步，我区将拓展公开内容。 "
            "六、其他需要报告的事项 无。 扫一扫在手机打开当前页\n")
    doc = load(tmp_path, page)
    assert doc.kind == "crawl" and "\n" not in doc.text
    secs = find_sections(doc.text)
    assert keys_headings(secs) == [
        ("preamble", ""),
        ("overview", "一、总体情况"),
        ("proactive", "二、主动公开政府信息情况"),
        ("applications", "三、收到和处理政府信息公开申请情况"),
        ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
        ("problems", "五、存在的主要问题及改进情况"),
        ("other", "六、其他需要报告的事项"),
    ]
    sec = by_key(secs)
    assert doc.text[sec["preamble"].start:sec["preamble"].end].strip() == "松溪区2020年政府信息公开工作年度报告"
    assert doc.text[sec["overview"].body_start:].startswith("（一）主动公开。")
    assert doc.text[sec["problems"].body_start:].startswith("一是公开内容不够丰富")
    assert doc.text[sec["other"].body_start:] == "无。"


def test_headings_broken_across_pdf_lines():
    text = ("一、总体\n情况\n本年度我局共发布信息320条。\n"
            "二、主动公开政府信息\n情况\n| 规章 | 0 |\n"
            "三、收到和处理政府信息公开申请\n情况\n| 自然人 | 3 |\n"
            "四、政府信息公开行政复议、行政\n诉讼情况\n| 0 | 0 |\n"
            "五、存在的主要问题及改\n进情况\n一是信息公开的及时性有待提高。\n"
            "六、其他需要报告的事\n项\n无。")
    secs = find_sections(text)
    assert [(s.key, nospace(s.heading)) for s in secs] == [
        ("overview", "一、总体情况"),
        ("proactive", "二、主动公开政府信息情况"),
        ("applications", "三、收到和处理政府信息公开申请情况"),
        ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
        ("problems", "五、存在的主要问题及改进情况"),
        ("other", "六、其他需要报告的事项"),
    ]
    sec = by_key(secs)
    assert sec["problems"].heading == "五、存在的主要问题及改\n进情况"  # as printed
    assert text[sec["overview"].body_start:].startswith("本年度我局")
    assert text[sec["problems"].body_start:].startswith("一是信息公开")
    assert text[sec["other"].body_start:] == "无。"


def test_pdf_pages_with_page_numbers_and_running_header(tmp_path):
    header = "清河市生态环境局政务公开年报"
    pages = [
        f"{header}\n一、总体情况\n2022年，清河市生态环境局全年主动公开信息368条。\n"
        "（一）主动公开。发布环评审批公示41批次。\n- 1 -\n",
        f"{header}\n（二）平台建设。新开设“蓝天保卫战”专题栏目。\n二、主动公开政府信息情况\n| 规章 | 0 | 0 | 0 |\n"
        "三、收到和处理政府信息公开申请情况\n| 自然人 | 17 |\n- 2 -\n",
        f"{header}\n四、政府信息公开行政复议、行政诉讼情况\n| 0 | 0 | 0 |\n五、存在的主要问题及改进情况\n"
        "政策解读形式较为单一。\n六、其他需要报告的事项\n无。\n- 3 -\n",
    ]
    doc = load(tmp_path, "\f".join(pages))
    assert doc.n_pages == 3 and header not in doc.text and "- 2 -" not in doc.text
    secs = find_sections(doc.text)
    assert [s.key for s in secs] == ["overview", "proactive", "applications", "review_litigation", "problems",
                                     "other"]
    sec = by_key(secs)
    assert doc.page_at(sec["review_litigation"].start) == 3
    assert doc.page_at(sec["proactive"].start) == 2
    assert doc.text[sec["overview"].start:sec["overview"].end].rstrip().endswith("专题栏目。")


def test_numerals_out_of_order_and_shifted_are_kept_as_printed():
    text = ("一、总体情况\n本年度我局共发布信息320条。\n"
            "二、主动公开政府信息情况\n| 规章 | 0 |\n"
            "四、收到和处理政府信息公开申请情况\n| 自然人 | 3 |\n"
            "三、政府信息公开行政复议、行政诉讼情况\n| 0 | 0 |\n"
            "六、存在的主要问题及改进情况\n公开内容不够全面。\n"
            "七、其他需要报告的事项\n无。")
    secs = find_sections(text)
    assert keys_headings(secs) == [
        ("overview", "一、总体情况"),
        ("proactive", "二、主动公开政府信息情况"),
        ("applications", "四、收到和处理政府信息公开申请情况"),
        ("review_litigation", "三、政府信息公开行政复议、行政诉讼情况"),
        ("problems", "六、存在的主要问题及改进情况"),
        ("other", "七、其他需要报告的事项"),
    ]
    assert [s.numeral for s in secs] == ["一", "二", "四", "三", "六", "七"]


def test_repeated_numeral_does_not_lose_a_section():
    text = ("一、总体情况\n全年公开信息200条。\n"
            "二、主动公开政府信息情况\n| 规章 | 0 |\n"
            "三、收到和处理政府信息公开申请情况\n| 自然人 | 3 |\n"
            "三、政府信息公开行政复议、行政诉讼情况\n| 0 | 0 |\n"
            "四、存在的主要问题及改进情况\n公开内容不够全面。\n"
            "五、其他需要报告的事项\n无。")
    assert [(s.key, s.numeral) for s in find_sections(text)] == [
        ("overview", "一"), ("proactive", "二"), ("applications", "三"), ("review_litigation", "三"),
        ("problems", "四"), ("other", "五")]


def test_subtopic_numbered_as_top_level_inside_overview_does_not_cut_it():
    overview = ("一、总体情况\n本年度，我镇扎实推进政务公开工作。\n"
                "一、加强组织领导\n成立了以镇长为组长的政务公开工作领导小组。\n"
                "二、依申请公开情况\n全年受理申请5件，均在法定期限内办结。\n"
                "三、存在问题整改\n对上年度检查发现的2个问题全部整改到位。\n")
    text = overview + TABLES + "五、存在的主要问题及改进情况\n公开内容不够全面。\n六、其他需要报告的事项\n无。"
    secs = find_sections(text)
    assert keys_headings(secs) == [
        ("overview", "一、总体情况"),
        ("proactive", "二、主动公开政府信息情况"),
        ("applications", "三、收到和处理政府信息公开申请情况"),
        ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
        ("problems", "五、存在的主要问题及改进情况"),
        ("other", "六、其他需要报告的事项"),
    ]
    ov = by_key(secs)["overview"]
    assert (ov.start, ov.end) == (0, len(overview))


def test_missing_problems_heading_inferred_from_subheading_after_tables():
    text = ("一、总体情况\n全年主动公开政府信息410条。\n" + TABLES +
            "（一）主要问题\n一是政务新媒体更新频率偏低；二是基层公开标准化程度不高。\n"
            "（二）改进措施\n一是加强政务新媒体日常监管。\n"
            "五、其他需要报告的事项\n无。")
    secs = find_sections(text)
    assert keys_headings(secs) == [
        ("overview", "一、总体情况"),
        ("proactive", "二、主动公开政府信息情况"),
        ("applications", "三、收到和处理政府信息公开申请情况"),
        ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
        ("problems", ""),
        ("other", "五、其他需要报告的事项"),
    ]
    sec = by_key(secs)
    pr = sec["problems"]
    assert pr.inferred and pr.numeral == ""
    assert pr.start == pr.body_start == text.index("（一）主要问题")
    assert pr.end == text.index("五、其他需要报告的事项")
    assert sec["review_litigation"].end == pr.start


def test_section5_split_into_followup_and_problems_is_one_section():
    body = ("（一）上年度问题的改进情况\n针对上年度政策解读形式单一的问题，今年制作图解解读12篇。\n"
            "（二）本年度存在的主要问题\n一是依申请答复文书格式不够规范；二是保密审查机制还不健全。\n"
            "（三）改进措施\n一是统一答复文书模板；二是严格落实先审后发制度。\n")
    text = "一、总体情况\n全年主动公开政府信息410条。\n" + TABLES + "五、存在的主要问题及改进情况\n" + body + \
        "六、其他需要报告的事项\n无。"
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "proactive", "applications", "review_litigation", "problems",
                                     "other"]
    pr = by_key(secs)["problems"]
    assert pr.heading == "五、存在的主要问题及改进情况"
    assert text[pr.body_start:pr.end] == body


# ----------------------------------------------------------------------------------------------- variants

SECTION5_VARIANTS = [  # taxonomy §3
    "存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在的主要问题和改进情况",
    "存在主要问题及改进情况", "存在的问题及改进情况", "存在的主要问题及改进措施", "存在的问题及改进措施",
    "信息公开工作存在的主要问题及改进措施", "存在问题与改进方向", "存在的主要问题及改进思路",
    "政务信息工作存在主要问题和改进情况", "存在的问题及整改措施", "存在的主要问题改进措施",
    "存在的主要问题和改进措施", "存在问题及工作打算", "存在问题及下一步工作打算", "存在的主要问题和整改建议",
    "主要问题和改进措施", "政府信息公开工作存在的主要问题",
]


@pytest.mark.parametrize("variant", SECTION5_VARIANTS)
def test_section5_heading_variants(variant):
    text = ("一、总体情况\n全年公开信息200条。\n" + TABLES + f"五、{variant}\n公开形式较为单一。\n"
            "六、其他需要报告的事项\n无。")
    sec = by_key(find_sections(text))
    assert sec["problems"].heading == f"五、{variant}"
    assert text[sec["problems"].body_start:].startswith("公开形式较为单一。")
    assert "improvements" not in sec


SECTION1_VARIANTS = [
    "总体情况", "总体工作情况", "总体概况", "2022年政务公开工作总体情况", "主要做法", "概述", "基本工作情况",
    "工作开展情况", "工作基本情况", "政府信息公开总体工作情况", "政府信息公开工作基本情况", "政府信息公开情况概述",
]


@pytest.mark.parametrize("variant", SECTION1_VARIANTS)
def test_section1_heading_variants(variant):
    text = f"南岭区人民政府办公室\n一、{variant}\n全年公开信息200条。\n" + TABLES
    secs = find_sections(text)
    assert keys_headings(secs)[:2] == [("preamble", ""), ("overview", f"一、{variant}")]


def test_old_format_review_heading_variant():
    text = ("一、概述\n全年公开信息56条。\n二、主动公开政府信息情况\n全年主动公开政府信息56条。\n"
            "三、依申请公开政府信息情况\n本年度未收到申请。\n"
            "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n无。\n"
            "五、存在的主要问题和改进措施\n公开内容不够全面。\n")
    assert keys_headings(find_sections(text)) == [
        ("overview", "一、概述"),
        ("proactive", "二、主动公开政府信息情况"),
        ("applications", "三、依申请公开政府信息情况"),
        ("review_litigation", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
        ("problems", "五、存在的主要问题和改进措施"),
    ]


def test_problems_and_improvements_as_separate_sections():
    text = ("一、概述\n本年度我局共发布信息320条。\n"
            "二、主动公开政府信息情况\n全年主动公开政府信息320条。\n"
            "三、依申请公开政府信息情况\n全年受理申请2件。\n"
            "四、政府信息公开的收费及减免情况\n本年度未收取任何费用。\n"
            "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n"
            "六、存在问题\n一是公开意识有待增强；二是公开形式较为单一。\n"
            "七、改进措施\n一是加强学习培训；二是拓展公开渠道。\n"
            "八、其他需要报告的事项\n无。")
    secs = find_sections(text)
    assert keys_headings(secs) == [
        ("overview", "一、概述"),
        ("proactive", "二、主动公开政府信息情况"),
        ("applications", "三、依申请公开政府信息情况"),
        ("fees", "四、政府信息公开的收费及减免情况"),
        ("review_litigation", "五、因政府信息公开申请行政复议、提起行政诉讼的情况"),
        ("problems", "六、存在问题"),
        ("improvements", "七、改进措施"),
        ("other", "八、其他需要报告的事项"),
    ]
    sec = by_key(secs)
    assert text[sec["problems"].body_start:sec["problems"].end] == "一是公开意识有待增强；二是公开形式较为单一。\n"


def test_problems_plus_next_step_heading_and_no_other_section():
    text = ("一、总体情况\n全年主动公开政府信息410条。\n" + TABLES +
            "五、存在问题及下一步工作打算\n政务公开专区建设相对滞后。下一步，我街道将完善政务公开专区功能。")
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "proactive", "applications", "review_litigation", "problems"]
    pr = secs[-1]
    assert pr.heading == "五、存在问题及下一步工作打算" and pr.end == len(text)


def test_old_format_report_without_problems_section():
    text = ("石门县水利局2012年政府信息公开工作年度报告\n"
            "一、概述\n2012年，我局成立了政府信息公开工作领导小组，对检查中发现的问题及时进行了整改。\n"
            "二、主动公开政府信息情况\n全年主动公开政府信息56条，其中工作动态32条。\n"
            "三、依申请公开政府信息情况\n本年度未收到政府信息公开申请。\n"
            "四、政府信息公开咨询处理情况\n全年接受咨询40人次。\n"
            "五、政府信息公开的收费及减免情况\n本年度未收取任何费用。\n"
            "六、因政府信息公开申请行政复议、提起行政诉讼的情况\n本年度无此类情况。")
    secs = find_sections(text)
    assert keys_headings(secs) == [
        ("preamble", ""),
        ("overview", "一、概述"),
        ("proactive", "二、主动公开政府信息情况"),
        ("applications", "三、依申请公开政府信息情况"),
        ("consultation", "四、政府信息公开咨询处理情况"),
        ("fees", "五、政府信息公开的收费及减免情况"),
        ("review_litigation", "六、因政府信息公开申请行政复议、提起行政诉讼的情况"),
    ]


def test_old_format_with_only_a_next_step_section():
    text = ("一、概述\n全年公开信息56条。\n二、主动公开政府信息情况\n全年主动公开政府信息56条。\n"
            "三、依申请公开政府信息情况\n本年度未收到申请。\n"
            "四、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n"
            "五、下一步工作打算\n一是进一步完善信息公开工作制度。")
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "proactive", "applications", "review_litigation", "improvements"]
    assert secs[-1].heading == "五、下一步工作打算"


# ----------------------------------------------------------------------------------------------- defects

def test_missing_problems_heading_in_one_line_crawled_text(tmp_path):
    line = ("桃源县2021年政府信息公开工作年度报告 一、总体情况 全年主动公开政府信息930条。 "
            "二、主动公开政府信息情况 规章 0 0 0 三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 12 "
            "四、政府信息公开行政复议、行政诉讼情况 行政复议 结果维持 0 "
            "（一）主要问题 一是基层政务公开专区作用发挥不充分；二是依申请公开答复文书不够规范。 "
            "（二）改进措施 一是完善基层政务公开专区功能。 五、其他需要报告的事项 无。\n")
    doc = load(tmp_path, line)
    secs = find_sections(doc.text)
    assert [s.key for s in secs] == ["preamble", "overview", "proactive", "applications", "review_litigation",
                                     "problems", "other"]
    pr = by_key(secs)["problems"]
    assert pr.inferred and pr.heading == ""
    assert pr.start == doc.text.index("（一）主要问题")


def test_heading_followed_by_body_on_a_short_line():
    text = ("一、总体情况\n全年主动公开政府信息930条。\n" + TABLES +
            "五、存在的主要问题及改进情况：公开内容不够丰富。\n"
            "六、其他需要报告的事项：无。")
    secs = find_sections(text)
    assert keys_headings(secs)[-2:] == [("problems", "五、存在的主要问题及改进情况"),
                                        ("other", "六、其他需要报告的事项")]
    sec = by_key(secs)
    assert text[sec["problems"].body_start:sec["problems"].end] == "公开内容不够丰富。\n"
    assert text[sec["other"].body_start:] == "无。"


def test_body_start_skips_the_colon_after_an_inline_heading():
    text = ("一、总体情况\n全年主动公开政府信息930条。\n" + TABLES +
            "五、政府信息公开工作存在的主要问题及改进情况：我局政府信息公开工作仍存在工作人员业务能力不强等问题。"
            "下一步，我局将组织开展政务公开专题培训，提升工作人员业务能力。\n"
            "六、其他需要报告的事项\n无。")
    pr = by_key(find_sections(text))["problems"]
    assert pr.heading == "五、政府信息公开工作存在的主要问题及改进情况"
    assert text[pr.body_start:].startswith("我局政府信息公开工作仍存在")


def test_restarted_numbering_inside_section5_does_not_cut_it():
    body = ("一、存在的主要问题\n一是主动公开的广度不够；二是政务公开工作考核机制不健全。\n"
            "二、改进措施\n一是扩大主动公开范围；二是将政务公开纳入绩效考核。\n")
    text = "一、总体情况\n全年主动公开政府信息410条。\n" + TABLES + "五、存在的主要问题及改进情况\n" + body + \
        "六、其他需要报告的事项\n无。"
    secs = find_sections(text)
    assert [s.key for s in secs] == ["overview", "proactive", "applications", "review_litigation", "problems",
                                     "other"]
    pr = by_key(secs)["problems"]
    assert text[pr.body_start:pr.end] == body
