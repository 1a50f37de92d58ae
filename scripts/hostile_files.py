#!/usr/bin/env python
"""Write a folder of small hostile inputs, one per class the batch must survive (each a row, never a hang).

Usage: python scripts/hostile_files.py DIR

Every file is made here from our own bytes (nothing downloaded, nothing real): damaged text encodings, HTML with
control characters, DOCX zip bombs and broken parts, broken PDFs, and the path oddities of a real folder (a name
that is not UTF-8, a link to itself, a FIFO, a link to a device). The tests run `zwgk analyze` on the folder.
"""
from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

REPORT = ("2023年政府信息公开工作年度报告\n一、总体情况\n本机关全面推进政务公开工作，政策解读质量有待进一步提高。\n"
          "五、存在的主要问题及改进情况\n（一）存在的主要问题\n一是政策解读形式单一。\n（二）改进情况\n下一步，我们将丰富解读形式。\n")


def _docx(document_xml: bytes, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"/>')
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _files() -> dict[str, bytes]:
    utf8 = REPORT.encode("utf-8")
    grid = (f'<w:document {W}><w:body><w:p><w:r><w:t>{REPORT[:20]}</w:t></w:r></w:p><w:tbl>'
            + '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="999999999"/></w:tcPr><w:p/></w:tc></w:tr>' * 50
            + '</w:tbl></w:body></w:document>').encode()
    plain = f'<w:document {W}><w:body><w:p><w:r><w:t>{REPORT}</w:t></w:r></w:p></w:body></w:document>'.encode()
    deflated = bytearray(_docx(plain * 20))
    start = deflated.find(b"word/document.xml") + 40
    deflated[start:start + 30] = b"\x00" * 30  # corrupt the compressed stream
    unknown = bytearray(_docx(plain))
    local, central = unknown.find(b"word/document.xml"), unknown.rfind(b"word/document.xml")
    for method_at in (local - 30 + 8, central - 46 + 10):  # the compression method, in both headers
        unknown[method_at:method_at + 2] = b"\x63\x00"  # 99: a method no reader knows
    return {
        "utf8_cut_inside_last_char.txt": (REPORT + "完").encode("utf-8")[:-1],
        "utf8_one_bad_byte.txt": utf8[:60] + b"\xff" + utf8[60:],
        "footnote_marker_at_page_edge.txt": ("\f".join([REPORT, "①\n" + REPORT, "²\n" + REPORT])).encode("utf-8"),
        "form_feed_after_script.html": (f"<html><body><script>var a=1;</script>\f<p>{REPORT}</p></body></html>"
                                        ).encode("utf-8"),
        "nul_in_html.html": f"<html><body><p>{REPORT}\x00</p></body></html>".encode("utf-8"),
        "docx_huge_gridspan.docx": _docx(grid),
        "docx_corrupt_deflate.docx": bytes(deflated),
        "docx_unknown_compression.docx": bytes(unknown),
        "pdf_truncated.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        "pdf_objects_loop.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\n"
                                 b"trailer << /Root 1 0 R >>\n%%EOF\n"),
        "pdf_bad_stream.pdf": (b"%PDF-1.4\n1 0 obj << /Length 20 /Filter /FlateDecode >> stream\n"
                               b"not zlib data at all\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
    }


def make(folder: Path) -> list[Path]:
    """Write every hostile input into ``folder``; returns the paths (links and FIFOs included)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name, data in _files().items():
        (folder / name).write_bytes(data)
        made.append(folder / name)
    latin1 = os.fsencode(folder) + b"/name_not_utf8_\xe9t\xe9.txt"  # Latin-1 bytes: not valid UTF-8
    with open(latin1, "wb") as fh:
        fh.write(REPORT.encode("gb18030"))
    made.append(Path(os.fsdecode(latin1)))
    links = {"link_to_itself.txt": "link_to_itself.txt", "link_to_dev_zero.txt": "/dev/zero"}
    for name, target in links.items():
        os.symlink(target, folder / name)
        made.append(folder / name)
    os.mkfifo(folder / "fifo.txt")
    made.append(folder / "fifo.txt")
    return made


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    for path in make(Path(sys.argv[1])):
        print(path)
