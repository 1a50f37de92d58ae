from nlp.runtime.pipeline import load_document
from nlp.read import read

CRAWL = """标题: 东山县人民政府2018年政府信息公开工作年度报告
发布时间: 2019-01-20 09:30
文号: 
发布机构: 东山县人民政府办公室
栏目: 政府信息公开年报
原文链接: https://www.dongshan.example.gov.cn/zwgk/ndbg/201901/t20190120_1.htm
==================== 正文 ====================
当前位置： 首页 政务公开 政府信息公开年报 东山县人民政府2018年政府信息公开工作年度报告 来源：东山县人民政府办公室 时间：2019-01-20 09:30 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： --> 东山县人民政府2018年政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》要求，编制本报告。 一、概述 2018年，我县共主动公开政府信息2300条。 二、主动公开政府信息情况 全年主动公开文件120件。 扫一扫在手机打开当前页 【打印本页】 【关闭窗口】
"""


def test_crawled_header_becomes_metadata_not_body(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text(CRAWL, encoding="utf-8")
    raw = read(p)
    assert raw.kind == "crawl"
    assert raw.meta["发布时间"] == "2019-01-20 09:30"
    assert raw.meta["原文链接"].startswith("https://")
    body = raw.pages[0].text
    assert "原文链接" not in body and "发布时间" not in body
    assert body.startswith("东山县人民政府2018年政府信息公开工作年度报告")
    assert "微信" not in body and "打印本页" not in body and "扫一扫" not in body
    doc = load_document(p)
    assert (doc.metadata.jurisdiction, doc.metadata.year, doc.metadata.format) == ("东山县", 2018, "pre2019")


def test_markdown_markup_is_dropped(tmp_path):
    p = tmp_path / "report.md"
    p.write_text("# 南山市人民政府2022年政府信息公开工作年度报告\n\n## 一、总体情况\n\n**（一）主动公开。**全年公开信息100条。\n\n"
                 "| 信息内容 | 本年制发件数 |\n| --- | --- |\n| 规章 | 0 |\n", encoding="utf-8")
    doc = load_document(p)
    assert "#" not in doc.text and "**" not in doc.text and "---" not in doc.text
    assert "| 规章 | 0 |" in doc.text
    assert doc.metadata.year == 2022 and doc.metadata.format == "2021"


def test_form_feeds_are_pages(tmp_path):
    p = tmp_path / "pdftotext.txt"
    p.write_text("西山县2020年政府信息公开工作年度报告\n一、总体情况\n第一页内容。\n-1-\n\f二、主动公开政府信息情况\n第二页内容。\n-2-\n\f",
                 encoding="utf-8")
    doc = load_document(p)
    assert doc.n_pages == 2
    assert "-1-" not in doc.text and "-2-" not in doc.text
    assert doc.page_at(doc.text.index("第二页")) == 2
    assert doc.page_at(doc.text.index("第一页")) == 1
