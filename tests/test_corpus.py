"""The sample corpus: every published form reads with the right body, year and format; the bad inputs fail
each with its own message."""
from __future__ import annotations

import re

import pytest

from conftest import CORPUS, corpus_manifest, corpus_rules
from nlp.errors import ReadError
from nlp.runtime.pipeline import analyze_file, load_document

ROWS = corpus_manifest()


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_sample_reports_metadata(row):
    doc = load_document(CORPUS / row["out"], corpus_rules())
    md = doc.metadata
    assert (md.jurisdiction, md.level, md.year, md.format) == (row["jurisdiction"], row["level"], int(row["year"]), row["format"])
    assert md.title.endswith("报告")
    assert not doc.warnings


@pytest.mark.parametrize("row", [r for r in ROWS if r["form"] == "pdf"], ids=lambda r: r["id"])
def test_sample_pdfs_are_clean(row):
    doc = load_document(CORPUS / row["out"])
    lines = doc.text.split("\n")
    assert not any(re.fullmatch(r"[-—]\s*\d+\s*[-—]|第\s*\d+\s*页", x) for x in lines), "page number left"
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", doc.text), "space between Chinese characters"
    prose = [x for x in lines if "|" not in x and len(x) > 40]
    assert prose and all(re.search(r"[。：；）)”]$", x) for x in prose), [x[-15:] for x in prose if not re.search(r"[。：；）)”]$", x)]
    assert "五、" in doc.text and any(x.startswith("五、") and x.endswith("情况") for x in lines), "heading broken"
    assert doc.n_pages and doc.n_pages >= 2
    assert doc.page_at(len(doc.text) - 1) == doc.n_pages


def test_vertical_table_header_of_sample_pdf_is_rejoined():
    row = next(r for r in ROWS if r["vertical_t3_header"] == "yes")
    doc = load_document(CORPUS / row["out"])
    assert "自然人" in doc.text and "商业企业" in doc.text


def test_gbk_sample_is_decoded():
    row = next(r for r in ROWS if r["form"] == "txt-gbk")
    doc = load_document(CORPUS / row["out"])
    assert doc.encoding == "gb18030"
    assert "政府信息公开" in doc.text and "2021年" in doc.text


def test_crawled_sample_header_is_metadata():
    row = next(r for r in ROWS if r["form"] == "crawl")
    doc = load_document(CORPUS / row["out"])
    assert doc.kind == "crawl" and "原文链接" in doc.meta
    assert "原文链接" not in doc.text and "当前位置" not in doc.text[:300] and "扫一扫" not in doc.text


def test_html_sample_has_no_page_chrome():
    for row in (r for r in ROWS if r["form"] == "html"):
        text = load_document(CORPUS / row["out"]).text
        for chrome in ("当前位置", "分享到", "网站标识码", "ICP备", "浏览次数"):
            assert chrome not in text, (row["id"], chrome)


BAD = {
    "empty.txt": "empty file",
    "truncated.pdf": "corrupt or truncated PDF",
    "encrypted_user_password.pdf": "encrypted PDF",
    "scanned_no_text_layer.pdf": "no text layer — ",
    "binary_junk.txt": "not a text file",
    "unsupported_extension_年报.xlsx": "unsupported file type .xlsx",
    "old_binary_word.doc": "old binary Word .doc",
}


@pytest.mark.parametrize("name,message", sorted(BAD.items()))
def test_each_bad_input_has_its_own_error(name, message):
    path = CORPUS / "bad" / name
    with pytest.raises(ReadError) as exc:
        load_document(path)
    assert message in str(exc.value)
    result = analyze_file(path, "x")
    assert result.report.status == "error" and message in result.report.message


def test_not_a_report_is_a_warning():
    result = analyze_file(CORPUS / "bad" / "not_annual_report_农贸市场开业.txt", "x")
    assert result.report.status == "warning"
    assert result.report.message.startswith("does not look like a government information-disclosure annual report")


def test_bad_messages_are_distinct():
    messages = {analyze_file(CORPUS / "bad" / n, "x").report.message for n in BAD}
    assert len(messages) == len(BAD)
