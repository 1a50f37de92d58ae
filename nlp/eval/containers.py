"""The container forms of the form-invariance suite: DOCX (lines or paragraphs), a web page, a PDF.

Each keeps the characters of the :class:`~nlp.eval.forms.Base` and adds only what its container brings: Word
tables, site chrome around the article, page numbers. python-docx and reportlab come with the ``corpus``
extra and are imported when a form is made.
"""
from __future__ import annotations

import html
import io
from collections.abc import Iterator

from .forms import Base, cells, is_heading, is_table_row, pieces, wrap


def _blocks(paragraphs: list[str] | tuple[str, ...]) -> Iterator[tuple[str, list]]:
    """("p", [text]) for a paragraph, ("table", rows of cells) for a run of table rows."""
    rows: list[list[str]] = []
    for p in paragraphs:
        if is_table_row(p):
            rows.append(cells(p))
            continue
        if rows:
            yield "table", rows
            rows = []
        yield "p", [p]
    if rows:
        yield "table", rows


def _docx(lines: list[str] | tuple[str, ...], title: str) -> tuple[str, bytes]:
    import docx

    doc = docx.Document()
    doc.core_properties.title = title
    for kind, content in _blocks(lines):
        if kind == "table":
            ncols = max(map(len, content))
            table = doc.add_table(rows=len(content), cols=ncols)
            for r, row in enumerate(content):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            continue
        para = doc.add_paragraph()
        run = para.add_run(content[0])
        run.bold = is_heading(content[0])
    buf = io.BytesIO()
    doc.save(buf)
    return ".docx", buf.getvalue()


def docx_lines(base: Base) -> tuple[str, bytes]:
    """What a PDF-to-Word converter makes of a narrow PDF: one DOCX paragraph per visual line (30–38
    characters), tables as Word tables."""
    lines: list[str] = []
    for kind, content in _blocks(base.paragraphs):
        if kind == "table":
            lines.extend("|" + "|".join(row) + "|" for row in content)
        else:
            lines.extend(wrap(content[0], base.width))
    return _docx(lines, base.title)


def docx_paragraphs(base: Base) -> tuple[str, bytes]:
    """A Word file with real paragraphs, headings bold, tables as Word tables."""
    return _docx(base.paragraphs, base.title)


_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}_示例市人民政府门户网站</title></head>
<body>
<div class="header"><div class="logo">示例市人民政府门户网站</div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a>
</li><li><a href="/bsfw/">办事服务</a></li></ul></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="article">
<div class="info">发布时间：2020-01-20&nbsp;&nbsp;来源：示例市人民政府办公室&nbsp;&nbsp;浏览次数：1024</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="content">
{body}
</div></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/zwgk/nb/1.htm">示例市人民政府门户网站年度工作报表</a></li></ul></div>
<div class="footer"><p>主办单位：示例市人民政府办公室 网站标识码：0000000000</p><p>ICP备00000000号 版权所有</p></div>
</body></html>
"""


def web_page(base: Base) -> tuple[str, bytes]:
    """A saved page of a government site: navigation, breadcrumb, publish info, share bar, the report as
    ``<p>`` elements and tables, related links, footer."""
    body = []
    for kind, content in _blocks(base.paragraphs):
        if kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in content)
            body.append(f"<table border=\"1\"><tbody>{rows}</tbody></table>")
        else:
            body.append(f"<p>{html.escape(content[0])}</p>")
    page = _PAGE.format(title=html.escape(base.title), body="\n".join(body))
    return ".html", page.encode("utf-8")


_FONT = "STSong-Light"  # reportlab's built-in CID font: the PDF carries no font program, readers map the CIDs


class _PdfWriter:
    """Lines drawn top to bottom on A4 pages, a page number at the foot of each page."""

    FS, LEAD, MARGIN = 12.0, 20.0, 72.0

    def __init__(self, title: str, column: float) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas as rl_canvas

        if _FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
        self.width_of = lambda text, size: pdfmetrics.stringWidth(text, _FONT, size)
        self.buf = io.BytesIO()
        self.c = rl_canvas.Canvas(self.buf, pagesize=A4, invariant=1)
        self.c.setTitle(title)
        self.page_w, self.page_h = A4
        self.column = column
        self.left = (self.page_w - column) / 2
        self.y, self.page = self.page_h - self.MARGIN, 1

    def _foot(self) -> None:
        self.c.setFont(_FONT, 10)
        self.c.drawCentredString(self.page_w / 2, 40, f"- {self.page} -")
        self.c.showPage()

    def next_line(self) -> float:
        """The baseline of the next line (a new page when this one is full)."""
        if self.y - self.LEAD < self.MARGIN:
            self._foot()
            self.y, self.page = self.page_h - self.MARGIN, self.page + 1
        self.y -= self.LEAD
        return self.y

    def draw(self, text: str, x: float, y: float, size: float, char_space: float = 0.0) -> None:
        t = self.c.beginText(x, y)
        t.setFont(_FONT, size)
        t.setCharSpace(char_space)
        t.textOut(text)
        self.c.drawText(t)

    def paragraph(self, text: str) -> None:
        """Lines filled by the font's real widths (ASCII is narrow), justified except the last."""
        lines: list[str] = []
        line = ""
        for piece in pieces(text):
            if line and self.width_of(line + piece, self.FS) > self.column:
                lines.append(line)
                line = ""
            line += piece
        lines.append(line)
        for k, line in enumerate(lines):
            slack = self.column - self.width_of(line, self.FS)
            justify = k < len(lines) - 1 and len(line) > 1
            self.draw(line, self.left, self.next_line(), self.FS, max(slack, 0.0) / (len(line) - 1) if justify else 0.0)

    def table(self, rows: list[list[str]]) -> None:
        """One text line per row, cells in columns sized to their widest cell (the font shrinks until the
        widest row fits the page)."""
        ncols = max(map(len, rows))
        size = 9.0
        while True:
            widths = [max(self.width_of(r[i], size) if i < len(r) else 0.0 for r in rows) + size
                      for i in range(ncols)]
            if sum(widths) <= self.page_w - 80 or size <= 3:
                break
            size -= 0.5
        for row in rows:
            if not any(row):
                continue
            y, x = self.next_line(), (self.page_w - sum(widths)) / 2
            for i, text in enumerate(row):
                if text:
                    self.draw(text, x, y, size)
                x += widths[i]

    def finish(self) -> bytes:
        self._foot()
        self.c.save()
        return self.buf.getvalue()


def pdf(base: Base) -> tuple[str, bytes]:
    """An A4 PDF: 12 pt text in a column of the report's line width, lines justified except a paragraph's
    last, tables one row a line in columns, a page number at the foot of each page."""
    writer = _PdfWriter(base.title, base.width * _PdfWriter.FS)
    for kind, content in _blocks(base.paragraphs):
        if kind == "table":
            writer.table(content)
        else:
            writer.paragraph(content[0])
    return ".pdf", writer.finish()
