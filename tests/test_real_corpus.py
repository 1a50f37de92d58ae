"""Every real report of ../shared/corpus-real reads with the right body, year and format (skips without it)."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT, SHARED, shared_manifest
from nlp.rules import load_rules
from nlp.runtime.pipeline import load_document

ROWS = shared_manifest()


def _files(row):
    out = [SHARED / "text" / f"{row['file_id']}.txt"]
    pdf = SHARED / "pdf" / f"{row['file_id']}.pdf"
    if pdf.exists():
        out.append(pdf)
    return out


CASES = [(row, path) for row in ROWS for path in _files(row)]


# An analyst's bodies file for this set (an OCR misreading of one copy), passed as `--lexicon` would pass it.
REAL_BODIES = ROOT / "tests" / "data" / "real_bodies.yaml"


@pytest.mark.parametrize("row,path", CASES, ids=[p.name for _, p in CASES] or None)
def test_metadata_of_real_reports(shared, row, path):
    doc = load_document(path, load_rules([REAL_BODIES]))
    md = doc.metadata
    assert md.jurisdiction == row["body"]
    assert md.year == int(row["year"])
    assert md.format == row["report_format"]
    # The gold gives a government's general office (某市人民政府办公厅) its government's level; issue 18 makes such
    # a report a department report of that government: level department, government_level the gold's.
    assert md.level == row["level"] or (md.level == "department" and md.government_level == row["level"])


@pytest.mark.parametrize("name", ["huaian-hongzequ_2023", "huaian-hongzequ_2024"])
def test_hongze_pdfs_have_intact_sentences_and_headings(shared, name):
    doc = load_document(SHARED / "pdf" / f"{name}.pdf")
    lines = doc.text.split("\n")
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in lines, heading
    assert not any(re.fullmatch(r"[-—]\s*\d+\s*[-—]", x) for x in lines), "page numbers left"
    prose = [x for x in lines if "|" not in x and len(x) > 30]
    # Every prose paragraph ends a sentence: no line broken inside a sentence is left.
    assert prose and all(re.search(r"[。：；）)]$", x) for x in prose), [x[-20:] for x in prose if not re.search(r"[。：；）)]$", x)]
    assert doc.n_pages == 5
    assert doc.page_at(doc.text.index("五、存在的主要问题及改进情况")) >= 4


def test_crawled_real_report_has_no_page_chrome(shared):
    doc = load_document(SHARED / "text" / "pingtan-zhsyq_2014.txt")
    assert doc.kind == "crawl"
    assert "原文链接" in doc.meta
    head = doc.text[:200]
    assert "当前位置" not in head and "微信" not in head and "全真版" not in head
