from nlp.read.document import RawDocument, RawPage
from nlp.read.normalise import clean_line, normalise
from nlp.text.width import match_copy

BODY = [
    "　　2021年，我县坚持以习近平新时代中国特色社会主义思想为指导，全面贯",
    "彻落实《中华人民共和国政府信息公开条例》，不断完善政府信息公开制度，",
    "推进政务公开工作规范有序开展。",
    "　　（一）主动公开情况。全年通过政府门户网站主动公开政府信息",
    "1234条，其中政策解读45篇，图解12篇。",
]


def _pdf(pages: list[list[str]]) -> RawDocument:
    return RawDocument("x.pdf", "pdf", [RawPage(i + 1, "\n".join(p)) for i, p in enumerate(pages)], paged=True)


def test_wrapped_lines_are_joined_and_paragraphs_kept():
    doc = normalise(_pdf([["青溪县人民政府办公室", "一、总体情况"] + BODY + ["- 1 -"],
                          ["青溪县人民政府办公室", "　　二、主动公开政府信息情况", "全年制发行政规范性文件5件，废止1件，现行有效38件，均已在门户网站",
                           "专栏公开。", "— 2 —"]]))
    lines = doc.text.split("\n")
    assert "一、总体情况" in lines
    assert any(x.startswith("2021年，我县坚持") and x.endswith("推进政务公开工作规范有序开展。") for x in lines)
    assert "（一）主动公开情况。全年通过政府门户网站主动公开政府信息1234条，其中政策解读45篇，图解12篇。" in lines
    assert "二、主动公开政府信息情况" in lines
    assert "全年制发行政规范性文件5件，废止1件，现行有效38件，均已在门户网站专栏公开。" in lines


def test_page_numbers_and_running_headers_removed_and_page_map_kept():
    pages = [["东湖省青溪县人民政府", f"第{i}段正文内容，政府信息公开工作有序推进。", f"第 {i} 页"] for i in range(1, 5)]
    doc = normalise(_pdf(pages))
    assert "东湖省青溪县人民政府" not in doc.text
    assert "页" not in doc.text.replace("正文", "")
    for i in range(1, 5):
        assert doc.page_at(doc.text.index(f"第{i}段")) == i


def test_bare_page_numbers_only_at_page_edges():
    pages = [["报告正文第一页，信息公开。", "规章", "0", "0", "1"], ["报告正文第二页，信息公开。", "2"]]
    doc = normalise(_pdf(pages))
    lines = doc.text.split("\n")
    assert lines.count("0") == 2  # table cells stay
    assert "2" not in lines  # page number at the bottom of page 2 goes


def test_spaces_inside_chinese_and_around_numbers():
    assert clean_line("号 ， 邮 编 ： 223100 ， 电 话 ： 0517-87222589") == "号，邮编：223100，电话：0517-87222589"
    assert clean_line("报告中所列数据统计期限自 2023 年 1 月 1 日起") == "报告中所列数据统计期限自2023年1月1日起"
    assert clean_line("共 受 理 申 请 21 件 ， 均 在 法 定 期 限 答 复") == "共受理申请21件，均在法定期限答复"
    assert clean_line("健康发展 。") == "健康发展。"
    assert clean_line("联系电话\u00a00512-1234\u200b5678") == "联系电话 0512-12345678"
    assert clean_line("| 规章 | 0 | 0 | 0 |") == "| 规章 | 0 | 0 | 0 |"  # table rows untouched
    assert clean_line("Email: gov open@example.cn") == "Email: gov open@example.cn"


def test_vertical_table_header_rejoined():
    raw = RawDocument("x.txt", "text", [RawPage(1, "申请人情况\n自\n然\n人\n商\n业\n企\n业\n总计")])
    lines = normalise(raw).text.split("\n")
    assert lines == ["申请人情况", "自然人商业企业", "总计"] or lines[:2] == ["申请人情况", "自然人商业企业"]


def test_original_characters_are_kept():
    raw = RawDocument("x.txt", "text", [RawPage(1, "２０２１年政府資訊公開，ＡＢＣ。")])
    doc = normalise(raw)
    assert doc.text == "２０２１年政府資訊公開，ＡＢＣ。"
    assert match_copy(doc.text) == "2021年政府資訊公開,ABC。"
    assert len(match_copy(doc.text)) == len(doc.text)


def test_paragraph_per_line_text_is_not_joined():
    raw = RawDocument("x.docx", "docx", [RawPage(1, "\n".join(BODY[:1] + ["一、总体情况", "短句。"]))])
    assert normalise(raw).text.count("\n") == 2
