import zipfile

import pytest

from nlp.errors import ReadError
from nlp.runtime.pipeline import load_document

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def make_docx(path, body: str) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>')


def test_paragraphs_and_tables_in_document_order(tmp_path):
    def cell(text: str, extra: str = "") -> str:
        return f"<w:tc><w:tcPr>{extra}</w:tcPr>{_para(text)}</w:tc>"

    restart, span3 = '<w:vMerge w:val="restart"/>', '<w:gridSpan w:val="3"/>'
    table = ("<w:tbl>"
             f"<w:tr>{cell('信息内容', restart)}{cell('第二十条第（一）项', span3)}</w:tr>"
             f"<w:tr>{cell('', '<w:vMerge/>')}{cell('本年制发件数')}{cell('本年废止件数')}{cell('现行有效件数')}</w:tr>"
             f"<w:tr>{cell('规章')}{cell('0')}{cell('0')}{cell('0')}</w:tr></w:tbl>")
    body = (_para("西河县2021年政府信息公开工作年度报告") + _para("一、总体情况") + _para("2021年，我县主动公开信息800条。")
            + _para("二、主动公开政府信息情况") + table + _para("三、收到和处理政府信息公开申请情况"))
    p = tmp_path / "report.docx"
    make_docx(p, body)
    doc = load_document(p)
    lines = doc.text.split("\n")
    assert lines[0] == "西河县2021年政府信息公开工作年度报告"
    assert "| 信息内容 | 第二十条第（一）项 | | |" in lines
    assert "| | 本年制发件数 | 本年废止件数 | 现行有效件数 |" in lines
    assert lines.index("二、主动公开政府信息情况") < lines.index("| 规章 | 0 | 0 | 0 |") < lines.index("三、收到和处理政府信息公开申请情况")
    assert (doc.metadata.jurisdiction, doc.metadata.year, doc.metadata.format) == ("西河县", 2021, "2021")


def test_damaged_docx(tmp_path):
    p = tmp_path / "broken.docx"
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ReadError, match="damaged or truncated DOCX"):
        load_document(p)


def test_a_part_that_would_unpack_too_large_is_refused(tmp_path, monkeypatch):
    import nlp.read.docx as docx

    p = tmp_path / "bomb.docx"
    make_docx(p, _para("青溪县2021年政府信息公开工作年度报告") + _para("一" * 5000))
    monkeypatch.setattr(docx, "MAX_PART_BYTES", 4096)  # the real limit is 100 MB; the check is the same
    with pytest.raises(ReadError, match=r"word/document.xml would unpack to .*damaged, or not a report"):
        load_document(p)


def test_old_doc_is_converted_with_a_private_libreoffice_profile(tmp_path, monkeypatch):
    """Parallel workers converting .doc files must not share (and lock) the user's LibreOffice profile."""
    import stat

    source = tmp_path / "converted.docx"
    make_docx(source, _para("西河县2021年政府信息公开工作年度报告") + _para("一、总体情况") + _para("2021年，我县主动公开信息800条。"))
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "args.txt"
    fake = bindir / "soffice"  # stands in for LibreOffice: records its arguments, "converts" by copying
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {log}\n'
                    f'while [ "$1" != "--outdir" ]; do shift; done\ncp {source} "$2/report.docx"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bindir}:/usr/bin:/bin")
    doc_file = tmp_path / "report.doc"
    doc_file.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)  # OLE header of a binary .doc
    doc = load_document(doc_file)
    assert "主动公开信息800条" in doc.text and doc.metadata.jurisdiction == "西河县"
    args = log.read_text().split("\n")
    profile = next(a for a in args if a.startswith("-env:UserInstallation=file://"))
    assert str(tmp_path) not in profile and "/profile" in profile  # a fresh temporary profile, not the user's
