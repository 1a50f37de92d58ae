"""The ``docx`` form: the report as the Word file a body's office sends out.

Official-document styling (仿宋_GB2312 body, 黑体/楷体 headings as bold paragraphs, inline sub-headings
``（一）健全机制。`` as bold runs), Word tables with merged cells in document order, a PAGE field in the
footer. Core properties are derived from the publication date and the zip timestamps are fixed, so the bytes
are the same on every run.
"""
from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .columns import column_widths, vertical_cells
from .grid import Table
from . import table_faults
from .samples import Faults, Sample
from .source import INLINE_SUBHEAD, Doc
from .zipfiles import normalize_zip

FAULTS = {"vertical_t3_header", "value_below_blank", "t4_in_one_cell"}

BODY_FONT = "仿宋_GB2312"


def set_run_font(run: Run, size: float | None = None, bold: bool | None = None, east: str = BODY_FONT,
                 ascii_font: str = "Times New Roman") -> None:
    """Set a run's fonts; the East Asian font needs its own rFonts attribute python-docx has no API for."""
    run.font.name = ascii_font
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def add_page_field(paragraph: Paragraph) -> None:
    """``— PAGE —``: the page number as a field Word fills in."""
    run = paragraph.add_run("— ")
    set_run_font(run, 14, east="宋体")
    r = paragraph.add_run()
    set_run_font(r, 14, east="宋体")
    b = OxmlElement("w:fldChar")
    b.set(qn("w:fldCharType"), "begin")
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = " PAGE "
    e = OxmlElement("w:fldChar")
    e.set(qn("w:fldCharType"), "end")
    r._r.append(b)
    r._r.append(it)
    r._r.append(e)
    run = paragraph.add_run(" —")
    set_run_font(run, 14, east="宋体")


def render(doc: Doc, sample: Sample) -> bytes:
    d = _new_document()
    _title(d, doc)
    for kind, b in doc.blocks:
        _block(d, kind, b, sample.faults)
    _core_properties(d, doc, sample)
    buf = io.BytesIO()
    d.save(buf)
    return normalize_zip(buf.getvalue())


def _new_document() -> Document:
    """A4 with official-document margins, 16 pt 仿宋 body text, the page number in the footer."""
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr()
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        normal.element.rPr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), BODY_FONT)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(fp)
    return d


def _title(d: Document, doc: Doc) -> None:
    """One centred paragraph, its lines joined by manual line breaks, then an empty paragraph."""
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for k, t in enumerate(doc.title):
        r = p.add_run(t)
        set_run_font(r, 22, bold=True, east="方正小标宋简体")
        if k < len(doc.title) - 1:
            r.add_break()
    d.add_paragraph()


def _block(d: Document, kind: str, b: Any, faults: Faults) -> None:
    if kind == "h":
        lvl, text = b
        p = d.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        set_run_font(p.add_run(text), 16, bold=True, east="黑体" if lvl == 1 else "楷体_GB2312")
    elif kind == "p":
        p = d.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        m = INLINE_SUBHEAD.match(b)
        rest = b
        if m:
            set_run_font(p.add_run(m.group(1)), 16, bold=True, east="楷体_GB2312")
            rest = b[m.end():]
        if rest:
            set_run_font(p.add_run(rest), 16)
    elif kind == "sig":
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_run_font(p.add_run(b), 16)
    elif kind == "table":
        _table(d, table_faults.apply(b, faults), faults)
        d.add_paragraph()
    elif kind == "pb":
        d.add_page_break()


def _table(d: Document, t: Table, faults: Faults) -> None:
    tb = d.add_table(rows=t.nrows, cols=t.ncols)
    tb.style = "Table Grid"
    tb.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = column_widths(t, 440.0, 10.5, 3.0, vertical_cells(t, faults))
    # the cells fetched once before merging (tb.cell() walks the whole table at every call); merged cells do
    # not overlap, so the corners of later ones are untouched by earlier merges
    grid = [row.cells for row in tb.rows]
    for row in grid:
        for cell, width in zip(row, widths):
            cell.width = Pt(width)
    for a in t.spans:
        cell = grid[a.r][a.c]
        if a.rs > 1 or a.cs > 1:
            cell = cell.merge(grid[a.r + a.rs - 1][a.c + a.cs - 1])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        # keep exactly one paragraph holding the cell text
        for extra in cell.paragraphs[1:]:
            extra._element.getparent().remove(extra._element)
        p = cell.paragraphs[0]
        for run in list(p.runs):
            run._element.getparent().remove(run._element)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if a.text:
            set_run_font(p.add_run(a.text), 10.5, east="宋体")


def _core_properties(d: Document, doc: Doc, sample: Sample) -> None:
    """Author, title and dates as the office's Word leaves them: created three days before publication."""
    cp = d.core_properties
    pub, hm = sample.published()
    hh, mm = map(int, hm.split(":"))
    created = dt.datetime(pub.year, pub.month, pub.day, hh, mm, 0) - dt.timedelta(days=3)
    cp.author = sample.body.publisher
    cp.last_modified_by = sample.body.publisher
    cp.title = doc.title_text()
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.revision = 3
    cp.created = created
    cp.modified = created + dt.timedelta(days=2, hours=1, minutes=17)
    cp.last_printed = created + dt.timedelta(days=2)
