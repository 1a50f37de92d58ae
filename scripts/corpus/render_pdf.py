"""The ``pdf`` form: an A4 report as a word processor exports it, with the page furniture readers must remove.

Text is drawn a line at a time (hard line breaks, 28 characters of 14 pt), headings fill+stroke ("bold"),
tables as ruled grids with merged cells. Faults put in: page numbers, running header or footer, spaced
characters on justified lines, t3 applicant headers one character a line, a heading broken over two lines.
reportlab's invariant mode keeps the bytes the same on every run.
"""
from __future__ import annotations

import io
import re
from typing import Any, NamedTuple

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas as rl_canvas

from .columns import FONT, column_widths, string_width, vertical_cells
from .grid import Span, Table, is_value
from .samples import Sample
from .source import Doc
from .wrap import tokenize, wrap_tokens

FAULTS = {"page_numbers", "running_header", "running_footer", "spaced_characters", "vertical_t3_header",
          "heading_broken"}

PAGE_W, PAGE_H = A4
TABLE_FS, TABLE_LEAD, TABLE_PAD = 10.5, 13.0, 3.0


class _Cell(NamedTuple):
    span: Span
    lines: list[str]
    widths: list[float]
    need: float  # height the text needs


class PdfWriter:
    BODY_FS = 14.0
    LEADING = 25.0
    CHARS = 28
    TOP = PAGE_H - 88
    BOTTOM = 86

    def __init__(self, fileobj: io.BytesIO, doc: Doc, sample: Sample, encrypt: Any = None) -> None:
        self.doc, self.f, self.body = doc, sample.faults, sample.body
        self.width = self.CHARS * self.BODY_FS
        self.left = (PAGE_W - self.width) / 2
        kw: dict[str, Any] = dict(pagesize=A4, invariant=1, pageCompression=1)
        if encrypt is not None:
            kw["encrypt"] = encrypt
        self.c = rl_canvas.Canvas(fileobj, **kw)
        self.c.setTitle(doc.title_text())
        self.c.setAuthor(self.body.publisher)
        self.c.setCreator("Microsoft® Word 2016")
        self.c.setSubject("政府信息公开工作年度报告")
        self.page = 1
        self.y = self.TOP
        self.page_has_content = False

    # --- page handling
    def decorate(self) -> None:
        """The page furniture of the current page: running header, running footer, page number."""
        c = self.c
        c.setFillGray(0)
        c.setStrokeGray(0)
        if self.f.running_header:
            c.setFont(FONT, 10.5)
            c.drawCentredString(PAGE_W / 2, PAGE_H - 52, self.f.running_header)
            c.setLineWidth(0.6)
            c.line(self.left, PAGE_H - 58, self.left + self.width, PAGE_H - 58)
        if self.f.running_footer:
            c.setLineWidth(0.6)
            c.line(self.left, 72, self.left + self.width, 72)
            c.setFont(FONT, 10.5)
            c.drawString(self.left, 60, self.f.running_footer)
        pn = self.f.page_numbers
        if pn:
            c.setFont(FONT, 12 if "页" not in pn else 10.5)
            label = pn.format(n=self.page)
            if self.f.running_footer:
                c.drawRightString(self.left + self.width, 60, label)
            else:
                c.drawCentredString(PAGE_W / 2, 42, label)

    def new_page(self) -> None:
        self.decorate()
        self.c.showPage()
        self.page += 1
        self.y = self.TOP
        self.page_has_content = False

    def need(self, h: float) -> None:
        if self.y - h < self.BOTTOM and self.page_has_content:
            self.new_page()

    def finish(self) -> None:
        self.decorate()
        self.c.showPage()
        self.c.save()

    # --- text
    def draw_str(self, x: float, y: float, s: str, fs: float, bold: bool = False) -> None:
        c = self.c
        to = c.beginText(x, y)
        to.setFont(FONT, fs)
        if bold:  # fill+stroke; the mode is graphics state and survives ET, so reset it afterwards
            c.setLineWidth(fs * 0.035)
            to.setTextRenderMode(2)
        to.textOut(s)
        if bold:
            to.setTextRenderMode(0)
        c.drawText(to)

    def draw_line(self, x: float, y: float, toks: list[str], used: float, avail: float, fs: float,
                  justify: bool, bold: bool = False) -> None:
        slack = avail - used
        if not justify or len(toks) < 2 or slack < 0.5:
            self.draw_str(x, y, "".join(toks), fs, bold)
            return
        # justified: spread slack over the gaps between tokens (never inside an ASCII run)
        extra = slack / (len(toks) - 1)
        if extra > 0.6 * fs:  # a nearly empty line: leave it ragged
            self.draw_str(x, y, "".join(toks), fs, bold)
            return
        for t in toks:
            self.draw_str(x, y, t, fs, bold)
            x += string_width(t, fs) + extra

    def paragraph(self, text: str, indent: int = 2, align: str = "left") -> None:
        fs = self.BODY_FS
        leading = self.LEADING
        justify = self.f.spaced_characters
        ind = indent * fs
        if justify:
            # character-grid layout (Word "snap to grid", 28 characters a line): every character takes a full
            # grid cell when lines are filled, so lines with many half-width digits come out short and the
            # justification spreads the difference between the characters -> "spaced characters".
            def width_fn(t: str) -> float:
                return (len(t) * fs) if len(t) <= 8 and t[:1].isascii() and t[:1].isalnum() else string_width(t, fs)
        else:
            def width_fn(t: str) -> float:
                return string_width(t, fs)
        lines = wrap_tokens(tokenize(text), width_fn, self.width - ind, self.width)
        if justify:  # real widths for drawing
            lines = [(toks, sum(string_width(t, fs) for t in toks), av) for toks, _u, av in lines]
        for k, (toks, used, avail) in enumerate(lines):
            self.need(leading)
            self.y -= leading
            x = self.left + (ind if k == 0 else 0)
            if align == "center":
                x = (PAGE_W - used) / 2
            elif align == "right":
                x = self.left + self.width - used - 2 * fs
            last = k == len(lines) - 1
            self.draw_line(x, self.y, toks, used, avail, fs, justify and not last and align == "left")
            self.page_has_content = True

    def heading(self, level: int, text: str, broken: bool = False) -> None:
        fs = 16.0 if level == 1 else 14.0
        ind = 2 * self.BODY_FS
        avail = self.width - ind
        self.need(self.LEADING * 2.5)
        if broken:
            # the long heading wraps onto a second line as in the published file
            cut = max(2, int(len(text) * 0.68))
            parts = [text[:cut], text[cut:]]
            for k, part in enumerate(parts):
                self.y -= self.LEADING * (1.15 if k == 0 else 1.0)
                self.draw_str(self.left + (ind if k == 0 else 0), self.y, part, fs, bold=True)
        else:
            while string_width(text, fs) > avail and fs > 10:
                fs -= 0.5
            self.y -= self.LEADING * (1.15 if level == 1 else 1.0)
            self.draw_str(self.left + ind, self.y, text, fs, bold=True)
        self.page_has_content = True

    def title(self, lines: list[str]) -> None:
        fs = 20.0
        out: list[str] = []
        for ln in lines:
            if string_width(ln, fs) <= self.width:
                out.append(ln)
                continue
            m = re.match(r"^(.*?)((?:19|20)\d\d年.*)$", ln)
            if m and m.group(1):
                out += [m.group(1), m.group(2)]
            else:
                out.append(ln)
        self.y -= 12
        for ln in out:
            f = fs
            while string_width(ln, f) > self.width and f > 12:
                f -= 1
            self.y -= 32
            self.draw_str((PAGE_W - string_width(ln, f)) / 2, self.y, ln, f, bold=True)
        self.y -= 14
        self.page_has_content = True

    # --- tables
    def table(self, t: Table) -> None:
        """A ruled grid; a block of rows joined by a rowspan is never split across pages."""
        vert = vertical_cells(t, self.f)
        total = PAGE_W - 2 * 62  # tables may be wider than the text block, as in Word
        widths = column_widths(t, total, TABLE_FS, TABLE_PAD, vert)
        x0 = (PAGE_W - sum(widths)) / 2
        colx = [x0]
        for w in widths:
            colx.append(colx[-1] + w)
        cells = _cell_lines(t, colx, vert)
        heights = _row_heights(t, cells)
        self.y -= 12
        rowy: dict[int, float] = {}
        for b0, b1 in _row_blocks(t):
            h = sum(heights[b0:b1 + 1])
            if self.y - h < self.BOTTOM and self.page_has_content:
                self.new_page()
            y = self.y
            for r in range(b0, b1 + 1):
                rowy[r] = y
                y -= heights[r]
            self.y = y
            self.page_has_content = True
            self.c.setLineWidth(0.6)
            for cell in cells:
                if b0 <= cell.span.r <= b1:
                    self._draw_cell(cell, colx, rowy[cell.span.r], heights, t.header_rows())
        self.y -= 10

    def _draw_cell(self, cell: _Cell, colx: list[float], top: float, heights: list[float], header_rows: int) -> None:
        a = cell.span
        x = colx[a.c]
        w = colx[a.c + a.cs] - x
        hh = sum(heights[a.r:a.r + a.rs])
        self.c.rect(x, top - hh, w, hh, stroke=1, fill=0)
        if not cell.lines:
            return
        block_h = len(cell.lines) * TABLE_LEAD
        ty = top - (hh - block_h) / 2 - TABLE_LEAD + 3
        # a wrapped row label is set flush left, everything else centred
        label = (not is_value(a.text)) and a.r >= header_rows and a.c < 2 and len(cell.lines) > 1
        for ln, wln in zip(cell.lines, cell.widths):
            tx = x + TABLE_PAD if label else x + (w - wln) / 2
            self.draw_str(tx, ty, ln, TABLE_FS)
            ty -= TABLE_LEAD

    def render(self) -> None:
        self.title(self.doc.title)
        broken_target = None
        if self.f.heading_broken:
            h1 = [p[1] for k, p in self.doc.blocks if k == "h" and p[0] == 1]
            if h1:
                broken_target = max(h1, key=len)
        for kind, p in self.doc.blocks:
            if kind == "h":
                lvl, text = p
                self.heading(lvl, text, broken=(text == broken_target))
                if text == broken_target:
                    broken_target = None
            elif kind == "p":
                self.paragraph(p)
            elif kind == "sig":
                self.paragraph(p, indent=0, align="right")
            elif kind == "table":
                self.table(p)
            elif kind == "pb":
                if self.page_has_content:
                    self.new_page()
        self.finish()


def _cell_lines(t: Table, colx: list[float], vert: set[Span]) -> list[_Cell]:
    """Every cell's text wrapped to its width (vertical headers one character a line) and the height it needs."""
    cells = []
    inner = 2 * TABLE_PAD
    for a in t.spans:
        w = colx[a.c + a.cs] - colx[a.c]
        if a in vert:
            lines = list(a.text)
            lw = [string_width(ch, TABLE_FS) for ch in lines]
        elif a.text:
            ws = wrap_tokens(tokenize(a.text), lambda s: string_width(s, TABLE_FS), w - inner, w - inner)
            lines = ["".join(x[0]) for x in ws]
            lw = [x[1] for x in ws]
        else:
            lines, lw = [], []
        need = max(len(lines), 1) * TABLE_LEAD + inner + 2
        cells.append(_Cell(a, lines, lw, need))
    return cells


def _row_heights(t: Table, cells: list[_Cell]) -> list[float]:
    """Row heights: the tallest single-row cell, at least 19 pt; a merged cell too tall for its rows
    lengthens its last row."""
    heights = [0.0] * t.nrows
    for cell in cells:
        if cell.span.rs == 1:
            heights[cell.span.r] = max(heights[cell.span.r], cell.need)
    heights = [max(h, 19.0) for h in heights]
    for cell in sorted(cells, key=lambda x: x.span.rs):
        a = cell.span
        if a.rs > 1:
            have = sum(heights[a.r:a.r + a.rs])
            if have < cell.need:
                heights[a.r + a.rs - 1] += cell.need - have
    return heights


def _row_blocks(t: Table) -> list[tuple[int, int]]:
    """Runs of rows joined by rowspans (first and last row): a page break may only fall between them."""
    blocks, start, reach = [], 0, 0
    for r in range(t.nrows):
        for a in t.spans:
            if a.r == r:
                reach = max(reach, r + a.rs - 1)
        if reach <= r:
            blocks.append((start, r))
            start = r + 1
            reach = r + 1
    return blocks


def render(doc: Doc, sample: Sample, encrypt: Any = None) -> bytes:
    buf = io.BytesIO()
    PdfWriter(buf, doc, sample, encrypt=encrypt).render()
    return buf.getvalue()
