#!/usr/bin/env python3
"""Generate the sample corpus (corpus/) from scripts/corpus_src/.

For every row of scripts/corpus_src/manifest.csv whose source scripts/corpus_src/<id>.txt exists, write
corpus/<out> in the row's `form` (pdf, txt-gbk, html, docx, crawl) with the faults named in its `faults`
column, imitating how real published 政府信息公开工作年度报告 look.  Also write corpus/bad/ with one file per
bad-input case (empty, truncated PDF, encrypted PDF, scanned PDF without text layer, binary junk, unsupported
extension, old binary .doc, a text that is not an annual report).

Deterministic: the same sources give byte-identical outputs (reportlab invariant mode, fixed DOCX core
properties and zip timestamps, seeded pseudo-random bytes).

Usage:
    .venv/bin/python scripts/make_corpus.py                 # all rows, into corpus/
    .venv/bin/python scripts/make_corpus.py --only qingxi-xian_2020 --only bad
    .venv/bin/python scripts/make_corpus.py --src DIR --out DIR   # other source / output directories

Only reportlab, python-docx and the standard library are used.
"""

import argparse
import csv
import datetime as dt
import hashlib
import html
import io
import random
import re
import sys
import zipfile
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas as rl_canvas

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = ROOT / "scripts" / "corpus_src"
DEFAULT_OUT = ROOT / "corpus"

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# Fictional bodies: who publishes, on which (fictional) site.
BODIES = {
    "青溪县": dict(full="东湖省青溪县人民政府", publisher="青溪县人民政府办公室",
                site="青溪县人民政府", domain="www.qingxi.example.gov.cn", icp="东ICP备05012345号-1",
                code="3310270001", address="青溪县城关镇人民路18号"),
    "南屏市教育局": dict(full="南屏市教育局", publisher="南屏市教育局",
                   site="南屏市教育局", domain="jyj.nanping.example.gov.cn", icp="东ICP备08023456号-2",
                   code="3307000012", address="南屏市文昌路66号"),
    "云台区": dict(full="北岭市云台区人民政府", publisher="北岭市云台区人民政府办公室",
                site="北岭市云台区人民政府", domain="www.yuntai.example.gov.cn", icp="东ICP备11034567号-1",
                code="3309030003", address="北岭市云台区行政中心"),
}


def body_info(row):
    j = row["jurisdiction"]
    if j in BODIES:
        return BODIES[j]
    pub = j + ("人民政府办公室" if row.get("level") == "county" else "")
    return dict(full=j, publisher=pub, site=j, domain="www.example.gov.cn", icp="东ICP备00000000号",
                code="0000000000", address=j)


# ----------------------------------------------------------------------------------------------------------
# Source parsing
# ----------------------------------------------------------------------------------------------------------

H1 = re.compile(r"^[一二三四五六七八九十]{1,3}、")
H2 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
NUMBERED_PAREN = re.compile(r"^（[一二三四五六七八九十]{1,3}）")
INLINE_SUBHEAD = re.compile(r"^((?:[（(][一二三四五六七八九十]{1,3}[）)]|[0-9]{1,2}[.．、])[^。；]{1,24}。)")
VALUE = re.compile(r"^(?:[-+]?\d[\d,]*(?:\.\d+)?%?|/|-|—|——|／)$")
TITLE2 = re.compile(r"^(?:19|20)\d\d年.*报告$")
DATE_LINE = re.compile(r"^(?:19|20)\d\d年\d{1,2}月\d{1,2}日$")


def is_value(t):
    return bool(VALUE.match(t))


def heading_level(line):
    if len(line) > 40:
        return 0
    core = line.rstrip("。：:")
    if "。" in core or "；" in core:
        return 0
    if H1.match(line):
        return 1
    if H2.match(line):
        return 2
    return 0


class Table:
    """A table block: grid of cell texts plus inferred merged cells (anchors)."""

    def __init__(self, tid, rows):
        self.id = tid
        ncols = max(len(r) for r in rows)
        self.grid = [r + [""] * (ncols - len(r)) for r in rows]
        self.nrows, self.ncols = len(self.grid), ncols
        self.anchors, self.owner = infer_spans(self.grid)

    def header_rows(self):
        """Rows before the first row that holds a value (number, / or -)."""
        for r, row in enumerate(self.grid):
            if any(is_value(t) for t in row):
                return r
        return self.nrows


def infer_spans(grid):
    """Infer merged cells from empty cells.

    An empty cell is merged into the cell above (rowspan) when that cell is a label whose whole column range
    is empty in this row, or into the cell to its left (colspan) when the result stays inside one cell of
    the row above (or the row is a one-label section row / the first row).  In body rows (rows holding
    values), an empty cell of a label column right of a label merges left ("一、本年新收… | |" spans both
    label columns).  Merges never join a header row and a body row vertically.  Anything else stays a cell of
    its own (an empty value cell).
    """
    R, C = len(grid), len(grid[0])
    owner = [[None] * C for _ in range(R)]
    anchors = []
    body = [any(t and is_value(t) for t in row) for row in grid]
    label_col = [any(body[r] and grid[r][c] and not is_value(grid[r][c]) for r in range(R)) for c in range(C)]

    def new(r, c, text):
        a = dict(r=r, c=c, rs=1, cs=1, text=text)
        anchors.append(a)
        owner[r][c] = a
        return a

    for r in range(R):
        row = grid[r]
        filled = [t for t in row if t]
        single = len(filled) == 1 and bool(row[0])
        value_cols = [c for c, t in enumerate(row) if t and is_value(t)]
        first_value = value_cols[0] if value_cols else None
        for c in range(C):
            if owner[r][c] is not None:
                continue
            t = row[c]
            if t:
                new(r, c, t)
                continue
            left = owner[r][c - 1] if c > 0 else None
            left_ok = (left is not None and left["r"] == r and left["rs"] == 1
                       and left["c"] + left["cs"] == c)
            # body row, label area: "label | |" -> label spans both label columns
            if (first_value is not None and c < first_value and label_col[c] and left_ok and left["text"]
                    and not is_value(left["text"])):
                left["cs"] += 1
                owner[r][c] = left
                continue
            # merge up
            if r > 0:
                A = owner[r - 1][c]
                if (A is not None and A["text"] and not is_value(A["text"]) and A["c"] == c
                        and A["r"] + A["rs"] - 1 == r - 1 and body[A["r"]] == body[r]):
                    span = range(A["c"], A["c"] + A["cs"])
                    if all(not row[k] and owner[r][k] is None for k in span):
                        nxt = A["c"] + A["cs"]
                        right = row[nxt] if nxt < C else ""
                        same_level = NUMBERED_PAREN.match(A["text"]) and NUMBERED_PAREN.match(right or "")
                        if not same_level:
                            A["rs"] += 1
                            for k in span:
                                owner[r][k] = A
                            continue
            # merge left
            if left_ok:
                ok = single or r == 0
                if not ok:
                    B = owner[r - 1][c]
                    ok = B is not None and B["c"] <= left["c"]
                if ok:
                    left["cs"] += 1
                    owner[r][c] = left
                    continue
            new(r, c, "")
    return anchors, owner


class Doc:
    def __init__(self):
        self.title = []  # 1 or 2 lines
        self.blocks = []  # (kind, payload): ('h', (level, text)) ('p', text) ('sig', text) ('table', Table) ('pb', None)

    def title_text(self):
        return "".join(self.title)


def parse_source(text, warn=print):
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    doc = Doc()
    if not lines:
        return doc
    doc.title.append(lines[0])
    i = 1
    if len(lines) > 1 and not lines[0].endswith("报告") and TITLE2.match(lines[1]):
        doc.title.append(lines[1])
        i = 2
    table = None
    while i < len(lines):
        ln = lines[i]
        i += 1
        m = re.match(r"^\[\[table\s+([^\]\s]+)[^\]]*\]\]$", ln)
        if m:
            table = (m.group(1), [])
            continue
        if ln == "[[/table]]":
            if table and table[1]:
                doc.blocks.append(("table", Table(table[0], table[1])))
            table = None
            continue
        if table is not None:
            if ln.startswith("|"):
                cells = ln.strip()
                cells = cells[1:]
                if cells.endswith("|"):
                    cells = cells[:-1]
                table[1].append([c.strip() for c in cells.split("|")])
            else:
                warn(f"  warning: line inside table ignored: {ln[:40]}")
            continue
        if ln == "[[pagebreak]]":
            doc.blocks.append(("pb", None))
            continue
        if ln.startswith("[[") and ln.endswith("]]"):
            warn(f"  warning: unknown markup ignored: {ln}")
            continue
        lvl = heading_level(ln)
        if lvl:
            doc.blocks.append(("h", (lvl, ln)))
        else:
            doc.blocks.append(("p", ln))
    if table is not None:
        warn("  warning: unterminated table block")
        if table[1]:
            doc.blocks.append(("table", Table(table[0], table[1])))
    # trailing signature lines (body name / date) are set right-aligned
    k = len(doc.blocks) - 1
    while k >= 0 and k >= len(doc.blocks) - 3:
        kind, t = doc.blocks[k]
        if kind == "p" and (DATE_LINE.match(t) or (len(t) <= 20 and not re.search(r"[，。；：、]", t))):
            doc.blocks[k] = ("sig", t)
            k -= 1
        else:
            break
    return doc


def parse_faults(s):
    f = dict(raw=s)
    low = s.lower()
    m = re.search(r"page numbers\s+([^;]*N[^;]*?)\s*(?:;|$)", s)
    f["pagenum"] = m.group(1).strip().replace("N", "{n}") if m else ("- {n} -" if "page numbers" in low else None)
    for kind in ("header", "footer"):
        m = re.search(r"running " + kind + r"(?: on every page)?(?:\s+([^;]+))?", s)
        f[kind] = None
        if m:
            f[kind] = (m.group(1) or "").strip() or True
    f["spaced"] = "spaced characters" in low
    f["vertical"] = "vertical table header" in low
    f["heading_broken"] = "heading broken" in low
    f["gb2312"] = "gb2312" in low
    return f


def pub_date(row):
    m = re.search(r"t(20\d\d)(\d\d)(\d\d)", row["out"])
    h = int(hashlib.md5(row["id"].encode()).hexdigest(), 16)
    if m:
        d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        d = dt.date(int(row["year"]) + 1, 1, 10 + h % 18)
    return d, "%02d:%02d" % (8 + h % 9, (h // 9) % 60)


# ----------------------------------------------------------------------------------------------------------
# Text helpers
# ----------------------------------------------------------------------------------------------------------

ASCII_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z@._%+\-/:#&=?~]*|.", re.S)
NO_START = set("，。、；：？！）》」』”’〕】…%％·,.;:?!)]}")
NO_END = set("（《「『“‘〔【([{")
CJK = r"\u4e00-\u9fff"


def tokenize(text):
    return ASCII_RUN.findall(text)


def wrap_tokens(tokens, width_fn, first_avail, avail):
    """Greedy line breaking with unbreakable ASCII runs and simple kinsoku (line-start/-end rules).
    Returns list of (tokens, used_width, available_width)."""
    toks = list(tokens)
    lines, cur, cur_w, av = [], [], 0.0, first_avail
    i = 0
    while i < len(toks):
        t = toks[i]
        w = width_fn(t)
        if cur_w + w <= av + 0.01:
            cur.append(t)
            cur_w += w
            i += 1
            continue
        if len(t) > 1 and w > avail:
            # an ASCII run longer than a whole line (URL, e-mail): break it where the line ends
            room = av - cur_w
            k = 0
            while k < len(t) and width_fn(t[:k + 1]) <= room:
                k += 1
            if k == 0 and not cur:
                k = 1
            if k > 0:
                toks[i:i + 1] = [t[:k], t[k:]]
                continue
        if not cur:
            cur.append(t)
            cur_w += w
            i += 1
            continue
        # break before toks[i]
        while len(cur) > 1 and toks[i][0] in NO_START:
            cur_w -= width_fn(cur.pop())
            i -= 1
        while len(cur) > 1 and cur[-1][-1] in NO_END:
            cur_w -= width_fn(cur.pop())
            i -= 1
        lines.append((cur, cur_w, av))
        cur, cur_w, av = [], 0.0, avail
    if cur or not lines:
        lines.append((cur, cur_w, av))
    return lines


def em_width(t):
    """Display width in em: CJK/full-width 1, ASCII 0.5."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in t)


def space_numbers(s):
    """pdftotext-like spaces between CJK characters and ASCII runs: '2021年' -> '2021 年'."""
    s = re.sub(r"([%s])([0-9A-Za-z])" % CJK, r"\1 \2", s)
    s = re.sub(r"([0-9A-Za-z%%])([%s])" % CJK, r"\1 \2", s)
    return s


# ----------------------------------------------------------------------------------------------------------
# Table geometry shared by PDF and DOCX
# ----------------------------------------------------------------------------------------------------------

APPLICANT_HEADERS = {"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"}


def vertical_cells(table, faults):
    if not (faults.get("vertical") and table.id == "t3"):
        return set()
    hr = table.header_rows()
    return {id(a) for a in table.anchors if a["r"] < hr and a["cs"] == 1 and a["text"] in APPLICANT_HEADERS}


def column_widths(table, total, fs, pad, vertical=frozenset()):
    C = table.ncols
    hr = table.header_rows()
    sw = lambda t: pdfmetrics.stringWidth(t, FONT, fs)
    nat = [0.0] * C
    minw = [fs] * C
    vals, labels = [0] * C, [0] * C
    vert_col = [False] * C
    for a in table.anchors:
        if a["cs"] != 1 or not a["text"]:
            continue
        c = a["c"]
        if id(a) in vertical:
            vert_col[c] = True
            continue
        nat[c] = max(nat[c], sw(a["text"]))
        for tok in tokenize(a["text"]):
            minw[c] = max(minw[c], sw(tok))
        if a["r"] >= hr:
            if is_value(a["text"]):
                vals[c] += 1
            else:
                labels[c] += 1
    numeric = [vals[c] > labels[c] for c in range(C)]
    want = [0.0] * C
    for c in range(C):
        if vert_col[c]:
            want[c] = max(minw[c] + 2 * pad, 1.9 * fs)
        elif numeric[c]:
            want[c] = max(minw[c], min(nat[c], 3 * fs)) + 2 * pad
        else:
            want[c] = max(nat[c], 2 * fs) + 2 * pad
    fixed = [c for c in range(C) if numeric[c] or vert_col[c]]
    flex = [c for c in range(C) if c not in fixed]
    if sum(want) > total and flex:
        rest = total - sum(want[c] for c in fixed)
        rest = max(rest, len(flex) * 4 * fs)
        # water-filling among label columns
        todo = sorted(flex, key=lambda c: want[c])
        while todo:
            share = rest / len(todo)
            c = todo[0]
            if want[c] <= share:
                rest -= want[c]
                todo.pop(0)
            else:
                for c in todo:
                    want[c] = share
                break
    extra = total - sum(want)
    if extra > 0:
        # numeric columns grow to hold their header on one line, then everybody (but vertical ones) equally
        for c in range(C):
            if numeric[c] and not vert_col[c] and extra > 0:
                add = min(extra, nat[c] + 2 * pad - want[c])
                if add > 0:
                    want[c] += add
                    extra -= add
        grow = [c for c in range(C) if not vert_col[c]] or list(range(C))
        for c in grow:
            want[c] += extra / len(grow)
    return want


# ----------------------------------------------------------------------------------------------------------
# PDF
# ----------------------------------------------------------------------------------------------------------

PAGE_W, PAGE_H = A4


class PdfWriter:
    BODY_FS = 14.0
    LEADING = 25.0
    CHARS = 28
    TOP = PAGE_H - 88
    BOTTOM = 86

    def __init__(self, fileobj, doc, faults, info, row, encrypt=None):
        self.doc, self.f, self.info, self.row = doc, faults, info, row
        self.width = self.CHARS * self.BODY_FS
        self.left = (PAGE_W - self.width) / 2
        kw = dict(pagesize=A4, invariant=1, pageCompression=1)
        if encrypt is not None:
            kw["encrypt"] = encrypt
        self.c = rl_canvas.Canvas(fileobj, **kw)
        self.c.setTitle(doc.title_text())
        self.c.setAuthor(info["publisher"])
        self.c.setCreator("Microsoft® Word 2016")
        self.c.setSubject("政府信息公开工作年度报告")
        self.page = 1
        self.y = self.TOP
        self.page_has_content = False

    # --- page handling
    def decorate(self):
        c = self.c
        c.setFillGray(0)
        c.setStrokeGray(0)
        hdr = self.f.get("header")
        if hdr:
            text = hdr if isinstance(hdr, str) else self.info["publisher"]
            c.setFont(FONT, 10.5)
            c.drawCentredString(PAGE_W / 2, PAGE_H - 52, text)
            c.setLineWidth(0.6)
            c.line(self.left, PAGE_H - 58, self.left + self.width, PAGE_H - 58)
        ftr = self.f.get("footer")
        if ftr:
            text = ftr if isinstance(ftr, str) else self.info["publisher"]
            c.setLineWidth(0.6)
            c.line(self.left, 72, self.left + self.width, 72)
            c.setFont(FONT, 10.5)
            c.drawString(self.left, 60, text)
        pn = self.f.get("pagenum")
        if pn:
            c.setFont(FONT, 12 if "页" not in pn else 10.5)
            label = pn.format(n=self.page)
            if ftr:
                c.drawRightString(self.left + self.width, 60, label)
            else:
                c.drawCentredString(PAGE_W / 2, 42, label)

    def new_page(self):
        self.decorate()
        self.c.showPage()
        self.page += 1
        self.y = self.TOP
        self.page_has_content = False

    def need(self, h):
        if self.y - h < self.BOTTOM and self.page_has_content:
            self.new_page()

    def finish(self):
        self.decorate()
        self.c.showPage()
        self.c.save()

    # --- text
    def sw(self, t, fs):
        return pdfmetrics.stringWidth(t, FONT, fs)

    def draw_str(self, x, y, s, fs, bold=False):
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

    def draw_line(self, x, y, toks, used, avail, fs, justify, bold=False):
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
            x += self.sw(t, fs) + extra

    def paragraph(self, text, fs=None, indent=2, bold=False, align="left", leading=None, justify=None):
        fs = fs or self.BODY_FS
        leading = leading or self.LEADING * fs / self.BODY_FS
        if justify is None:
            justify = self.f.get("spaced", False)
        ind = indent * fs
        if justify:
            # character-grid layout (Word "snap to grid", 28 characters a line): every character takes a full
            # grid cell when lines are filled, so lines with many half-width digits come out short and the
            # justification spreads the difference between the characters -> "spaced characters".
            width_fn = lambda t: ((len(t) * fs) if len(t) <= 8 and t[:1].isascii() and t[:1].isalnum()
                                  else self.sw(t, fs))
        else:
            width_fn = lambda t: self.sw(t, fs)
        lines = wrap_tokens(tokenize(text), width_fn, self.width - ind, self.width)
        if justify:  # real widths for drawing
            lines = [(toks, sum(self.sw(t, fs) for t in toks), av) for toks, _u, av in lines]
        for k, (toks, used, avail) in enumerate(lines):
            self.need(leading)
            self.y -= leading
            x = self.left + (ind if k == 0 else 0)
            if align == "center":
                x = (PAGE_W - used) / 2
            elif align == "right":
                x = self.left + self.width - used - 2 * fs
            last = k == len(lines) - 1
            self.draw_line(x, self.y, toks, used, avail, fs, justify and not last and align == "left", bold)
            self.page_has_content = True

    def heading(self, level, text, broken=False):
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
            while self.sw(text, fs) > avail and fs > 10:
                fs -= 0.5
            self.y -= self.LEADING * (1.15 if level == 1 else 1.0)
            self.draw_str(self.left + ind, self.y, text, fs, bold=True)
        self.page_has_content = True

    def title(self, lines):
        fs = 20.0
        out = []
        for ln in lines:
            if self.sw(ln, fs) <= self.width:
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
            while self.sw(ln, f) > self.width and f > 12:
                f -= 1
            self.y -= 32
            self.draw_str((PAGE_W - self.sw(ln, f)) / 2, self.y, ln, f, bold=True)
        self.y -= 14
        self.page_has_content = True

    # --- tables
    def table(self, t):
        fs, lead, pad = 10.5, 13.0, 3.0
        vert = vertical_cells(t, self.f)
        total = PAGE_W - 2 * 62  # tables may be wider than the text block, as in Word
        widths = column_widths(t, total, fs, pad, vert)
        x0 = (PAGE_W - sum(widths)) / 2
        colx = [x0]
        for w in widths:
            colx.append(colx[-1] + w)
        # lay out every cell
        cells = []
        for a in t.anchors:
            w = colx[a["c"] + a["cs"]] - colx[a["c"]]
            if id(a) in vert:
                lines = list(a["text"])
                lw = [self.sw(ch, fs) for ch in lines]
            elif a["text"]:
                ws = wrap_tokens(tokenize(a["text"]), lambda s: self.sw(s, fs), w - 2 * pad, w - 2 * pad)
                lines = ["".join(x[0]) for x in ws]
                lw = [x[1] for x in ws]
            else:
                lines, lw = [], []
            need = max(len(lines), 1) * lead + 2 * pad + 2
            cells.append((a, lines, lw, need))
        heights = [0.0] * t.nrows
        for a, lines, lw, need in cells:
            if a["rs"] == 1:
                heights[a["r"]] = max(heights[a["r"]], need)
        heights = [max(h, 19.0) for h in heights]
        for a, lines, lw, need in sorted(cells, key=lambda x: x[0]["rs"]):
            if a["rs"] > 1:
                have = sum(heights[a["r"]:a["r"] + a["rs"]])
                if have < need:
                    heights[a["r"] + a["rs"] - 1] += need - have
        # unbreakable blocks of rows (joined by rowspans)
        blocks, start, reach = [], 0, 0
        for r in range(t.nrows):
            for a in t.anchors:
                if a["r"] == r:
                    reach = max(reach, r + a["rs"] - 1)
            if reach <= r:
                blocks.append((start, r))
                start = r + 1
                reach = r + 1
        self.y -= 12
        rowy = {}
        for b0, b1 in blocks:
            h = sum(heights[b0:b1 + 1])
            if self.y - h < self.BOTTOM and self.page_has_content:
                self.new_page()
            y = self.y
            for r in range(b0, b1 + 1):
                rowy[r] = y
                y -= heights[r]
            self.y = y
            self.page_has_content = True
            c = self.c
            c.setLineWidth(0.6)
            for a, lines, lw, need in cells:
                if not (b0 <= a["r"] <= b1):
                    continue
                x = colx[a["c"]]
                w = colx[a["c"] + a["cs"]] - x
                top = rowy[a["r"]]
                hh = sum(heights[a["r"]:a["r"] + a["rs"]])
                c.rect(x, top - hh, w, hh, stroke=1, fill=0)
                if not lines:
                    continue
                block_h = len(lines) * lead
                ty = top - (hh - block_h) / 2 - lead + 3
                label = (not is_value(a["text"])) and a["r"] >= t.header_rows() and a["c"] < 2 and len(lines) > 1
                for ln, wln in zip(lines, lw):
                    tx = x + pad if label else x + (w - wln) / 2
                    self.draw_str(tx, ty, ln, fs)
                    ty -= lead
        self.y -= 10

    def render(self):
        self.title(self.doc.title)
        broken_target = None
        if self.f.get("heading_broken"):
            h1 = [t for k, p in self.doc.blocks if k == "h" for (lvl, t) in [p] if lvl == 1]
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


def make_pdf(doc, faults, info, row, encrypt=None):
    buf = io.BytesIO()
    PdfWriter(buf, doc, faults, info, row, encrypt=encrypt).render()
    return buf.getvalue()


# ----------------------------------------------------------------------------------------------------------
# TXT (pdftotext-like, GBK)
# ----------------------------------------------------------------------------------------------------------

def make_txt_gbk(doc, faults, info, row):
    """What pdftotext (no -layout) gives for a PDF of the report: hard line breaks at ~32 characters, a page
    number line and a form feed at the end of each page, table cells one per line separated by blank lines,
    spaces between CJK characters and ASCII runs; encoded GBK."""
    width = 32.0
    page_units = 27.0  # body lines per page; a table row takes ~1.3 lines of page height
    pn_fmt = faults.get("pagenum") or "- {n} -"
    pages, cur = [], []
    used = [0.0]

    def flush():
        while cur and cur[-1] == "":
            cur.pop()
        pages.append(cur[:])
        cur.clear()
        used[0] = 0.0

    def room(units):
        if used[0] + units > page_units and any(cur):
            flush()
        used[0] += units

    def wrap(text, first_indent=2.0, w=width):
        ws = wrap_tokens(tokenize(text), em_width, w - first_indent, w)
        return ["".join(x[0]) for x in ws]

    for t in doc.title:
        room(1.4)
        cur.append(space_numbers(t))
    for kind, p in doc.blocks:
        if kind == "h":
            for ln in wrap(p[1], 0):
                room(1.1)
                cur.append(space_numbers(ln))
        elif kind in ("p", "sig"):
            for ln in wrap(p, 2.0 if kind == "p" else 0):
                room(1.0)
                cur.append(space_numbers(ln))
        elif kind == "table":
            row_no = -1
            for a in sorted(p.anchors, key=lambda a: (a["r"], a["c"])):
                if a["r"] != row_no:
                    row_no = a["r"]
                    room(1.3)
                if not a["text"]:
                    continue
                if cur and cur[-1] != "":
                    cur.append("")
                cur.extend(space_numbers(ln) for ln in wrap(a["text"], 0, 13.0))
                cur.append("")
            while cur and cur[-1] == "":
                cur.pop()
        elif kind == "pb":
            if any(cur):
                flush()
    if any(cur):
        flush()
    out = []
    for n, pg in enumerate(pages, 1):
        out.append("\n".join(pg) + "\n" + pn_fmt.format(n=n) + "\n\n\f")
    text = "".join(out)
    bad = sorted({ch for ch in text if not _encodable(ch, "gbk")})
    if bad:
        print(f"  warning: not in GBK, written as '?': {''.join(bad)}")
    return text.encode("gbk", errors="replace")


def _encodable(ch, enc):
    try:
        ch.encode(enc)
        return True
    except UnicodeEncodeError:
        return False


# ----------------------------------------------------------------------------------------------------------
# HTML (saved government web page)
# ----------------------------------------------------------------------------------------------------------

def esc(s):
    return html.escape(s, quote=False)


def html_table(t, variant):
    out = ['<table border="1" cellspacing="0" cellpadding="0" align="center" width="%d" '
           'style="border-collapse:collapse;">' % (640 if variant == "a" else 600), "<tbody>"]
    for r in range(t.nrows):
        out.append("<tr>")
        for a in t.anchors:
            if a["r"] != r:
                continue
            attrs = ""
            if a["rs"] > 1:
                attrs += ' rowspan="%d"' % a["rs"]
            if a["cs"] > 1:
                attrs += ' colspan="%d"' % a["cs"]
            txt = esc(a["text"]) if a["text"] else "&nbsp;"
            if variant == "a":
                out.append('<td%s valign="middle"><p style="text-align:center;"><span style="font-size:14px;">'
                           '%s</span></p></td>' % (attrs, txt))
            else:
                out.append('<td%s align="center"><span style="font-family:宋体;font-size:10.5pt">%s</span></td>'
                           % (attrs, txt))
        out.append("</tr>")
    out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def make_html(doc, faults, info, row):
    gb = faults.get("gb2312")
    variant = "b" if gb else "a"
    charset = "gb2312" if gb else "utf-8"
    d, hm = pub_date(row)
    title = doc.title_text()
    site = info["site"]
    dom = info["domain"]
    nav = ["首页", "机构概况", "政务公开", "教育动态", "办事服务", "互动交流", "专题专栏"]
    body = []
    if variant == "b":
        # older CMS: the title is repeated inside the body, indents are full-width spaces
        for t in doc.title:
            body.append('<p style="text-align:center;"><strong><span style="font-size:22px;">%s</span></strong></p>'
                        % esc(t))
    for kind, p in doc.blocks:
        if kind == "h":
            lvl, text = p
            if variant == "a":
                style = "text-indent:2em;"
                body.append('<p style="%s"><strong>%s</strong></p>' % (style, esc(text)))
            else:
                tag = "strong" if lvl == 1 else "b"
                body.append("<p>　　<%s>%s</%s></p>" % (tag, esc(text), tag))
        elif kind == "p":
            m = INLINE_SUBHEAD.match(p) if variant == "a" else None
            inner = ("<strong>%s</strong>%s" % (esc(m.group(1)), esc(p[m.end():]))) if m else esc(p)
            if variant == "a":
                body.append('<p style="text-indent:2em;">%s</p>' % inner)
            else:
                body.append("<p>　　%s</p>" % inner)
        elif kind == "sig":
            body.append('<p style="text-align:right;">%s</p>' % esc(p))
        elif kind == "table":
            body.append(html_table(p, variant))
        elif kind == "pb":
            continue
    y = int(row["year"])
    related = [("%s%d年政府信息公开工作年度报告" % (info["publisher"], yy), "t%d0120_%d.html" % (yy + 1, 90000 + yy))
               for yy in (y - 1, y - 2) if yy >= 2008]
    docid = 100000 + int(hashlib.md5(row["id"].encode()).hexdigest(), 16) % 900000
    nav_html = "\n".join('<li><a href="/%s">%s</a></li>' % (["", "jggk/", "zwgk/", "jydt/", "bsfw/", "hdjl/", "ztzl/"][k], n)
                         for k, n in enumerate(nav))
    rel_html = "\n".join('<li><a href="../%s" target="_blank">%s</a></li>' % (u, esc(n)) for n, u in related)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{esc(title)}_{esc(site)}</title>
<meta name="SiteName" content="{esc(site)}" />
<meta name="SiteDomain" content="{dom}" />
<meta name="SiteIDCode" content="{info['code']}" />
<meta name="ColumnName" content="政府信息公开年报" />
<meta name="ArticleTitle" content="{esc(title)}" />
<meta name="PubDate" content="{d.isoformat()} {hm}" />
<meta name="ContentSource" content="{esc(info['publisher'])}" />
<meta name="Keywords" content="政府信息公开,年度报告" />
<link rel="stylesheet" type="text/css" href="../../images/common.css" />
<style type="text/css">
.TRS_Editor p {{ line-height: 2; font-size: 16px; margin: 0; }}
.share a {{ margin-right: 8px; }}
</style>
<script type="text/javascript" src="../../images/jquery.min.js"></script>
<script type="text/javascript">
var _docid = "{docid}"; // 访问统计
</script>
</head>
<body>
<div class="top">
  <div class="top_bar"><span>{d.year}年{d.month}月{d.day}日</span> <a href="/wza/">无障碍</a> | <a href="/fanti/">繁体</a> | <a href="/">返回首页</a></div>
  <div class="logo"><a href="/"><img src="../../images/logo.png" alt="{esc(site)}" /></a></div>
  <div class="search"><form action="/search/" method="get"><input type="text" name="q" value="请输入关键字" /><input type="submit" value="搜索" /></form></div>
</div>
<div class="nav">
<ul>
{nav_html}
</ul>
</div>
<div class="main">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zfxxgk/">政府信息公开</a> &gt; <a href="/zwgk/zfxxgk/ndbg/">政府信息公开年报</a></div>
<div class="article">
<h1 class="title">{esc(title)}</h1>
<div class="info">发布时间：{d.isoformat()}&nbsp;&nbsp;来源：{esc(info['publisher'])}&nbsp;&nbsp;浏览次数：<span id="hits"><script type="text/javascript">document.write(_hits || "");</script></span>&nbsp;&nbsp;字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a></div>
<div class="share">分享到：<a href="javascript:void(0)" class="wx">微信</a><a href="javascript:void(0)" class="wb">微博</a><a href="javascript:void(0)" class="qzone">QQ空间</a></div>
<!--正文开始-->
<div class="article_con">
<div class="TRS_Editor">
{chr(10).join(body)}
</div>
</div>
<!--正文结束-->
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="related">
<h3>相关链接</h3>
<ul>
{rel_html}
</ul>
</div>
</div>
<div class="footer">
<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/sybz/">使用帮助</a></p>
<p>主办单位：{esc(info['site'])}&nbsp;&nbsp;承办单位：{esc(info['publisher'])}&nbsp;&nbsp;地址：{esc(info['address'])}</p>
<p>网站标识码：{info['code']}&nbsp;&nbsp;<a href="https://beian.example.cn/" target="_blank">{info['icp']}</a>&nbsp;&nbsp;东公网安备 {info['code'][:6]}02000123号</p>
</div>
<script type="text/javascript" src="../../images/hits.js?docid={docid}"></script>
</body>
</html>
"""
    if gb:
        return page.encode("gbk", errors="xmlcharrefreplace")
    return page.encode("utf-8")


# ----------------------------------------------------------------------------------------------------------
# DOCX
# ----------------------------------------------------------------------------------------------------------

def set_run_font(run, size=None, bold=None, east="仿宋_GB2312", ascii_font="Times New Roman"):
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


def add_page_field(paragraph):
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


def make_docx(doc, faults, info, row):
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = docx.shared.Mm(210), docx.shared.Mm(297)
    sec.top_margin, sec.bottom_margin = docx.shared.Mm(37), docx.shared.Mm(35)
    sec.left_margin, sec.right_margin = docx.shared.Mm(28), docx.shared.Mm(26)
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr()
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        normal.element.rPr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(fp)

    # title: one paragraph, two lines joined by a manual line break
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for k, t in enumerate(doc.title):
        r = p.add_run(t)
        set_run_font(r, 22, bold=True, east="方正小标宋简体")
        if k < len(doc.title) - 1:
            r.add_break()
    d.add_paragraph()

    for kind, b in doc.blocks:
        if kind == "h":
            lvl, text = b
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)
            r = p.add_run(text)
            set_run_font(r, 16, bold=True, east="黑体" if lvl == 1 else "楷体_GB2312")
        elif kind == "p":
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            m = INLINE_SUBHEAD.match(b)
            if m:
                r = p.add_run(m.group(1))
                set_run_font(r, 16, bold=True, east="楷体_GB2312")
                rest = b[m.end():]
            else:
                rest = b
            if rest:
                r = p.add_run(rest)
                set_run_font(r, 16)
        elif kind == "sig":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            set_run_font(p.add_run(b), 16)
        elif kind == "table":
            docx_table(d, b, faults)
            d.add_paragraph()
        elif kind == "pb":
            d.add_page_break()

    cp = d.core_properties
    pub, hm = pub_date(row)
    hh, mm = map(int, hm.split(":"))
    created = dt.datetime(pub.year, pub.month, pub.day, hh, mm, 0) - dt.timedelta(days=3)
    cp.author = info["publisher"]
    cp.last_modified_by = info["publisher"]
    cp.title = doc.title_text()
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.revision = 3
    cp.created = created
    cp.modified = created + dt.timedelta(days=2, hours=1, minutes=17)
    cp.last_printed = created + dt.timedelta(days=2)
    buf = io.BytesIO()
    d.save(buf)
    return normalize_zip(buf.getvalue())


def docx_table(d, t, faults):
    tb = d.add_table(rows=t.nrows, cols=t.ncols)
    tb.style = "Table Grid"
    tb.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = column_widths(t, 440.0, 10.5, 3.0, vertical_cells(t, faults))
    for r in range(t.nrows):
        for c in range(t.ncols):
            tb.cell(r, c).width = Pt(widths[c])
    for a in t.anchors:
        cell = tb.cell(a["r"], a["c"])
        if a["rs"] > 1 or a["cs"] > 1:
            cell = cell.merge(tb.cell(a["r"] + a["rs"] - 1, a["c"] + a["cs"] - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        # keep exactly one paragraph holding the anchor text
        ps = cell.paragraphs
        for extra in ps[1:]:
            extra._element.getparent().remove(extra._element)
        p = cell.paragraphs[0]
        for r_ in list(p.runs):
            r_._element.getparent().remove(r_._element)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if a["text"]:
            set_run_font(p.add_run(a["text"]), 10.5, east="宋体")


def normalize_zip(data, when=(1980, 1, 1, 0, 0, 0)):
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=when)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 0
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()


# ----------------------------------------------------------------------------------------------------------
# Crawl dump
# ----------------------------------------------------------------------------------------------------------

def make_crawl(doc, faults, info, row):
    d, hm = pub_date(row)
    title = doc.title_text()
    docid = 10000 + int(hashlib.md5(row["id"].encode()).hexdigest(), 16) % 90000
    ym = "%04d%02d" % (d.year, d.month)
    path = "zwgk/zfxxgk/zfxxgknb/%s/t%s_%d.htm" % (ym, d.strftime("%Y%m%d"), docid)
    head = [
        "标题: " + title,
        "发布时间: %s %s" % (d.isoformat(), hm),
        "文号: ",
        "发布机构: " + info["publisher"],
        "栏目: 政府信息公开年报",
        "原文链接: https://%s/%s" % (info["domain"], path),
        "本地目录: zwgk/zfxxgk/zfxxgknb/%s/%d_%s" % (ym, docid, title),
        "页面链接与图片详见 links.tsv(同目录)",
        "==================== 正文 ====================",
    ]
    parts = ["当前位置： 首页政务公开政府信息公开政府信息公开年报", title,
             "来源：%s 时间：%s %s" % (info["publisher"], d.isoformat(), hm),
             "【字体：大 中 小】 微信 微博 QQ空间 打印本页 关闭窗口 相关链接： -->"]
    parts.append(" ".join(doc.title))
    for kind, p in doc.blocks:
        if kind == "h":
            parts.append(p[1])
        elif kind in ("p", "sig"):
            parts.append(p)
        elif kind == "table":
            parts.append(" ".join(a["text"] for a in sorted(p.anchors, key=lambda a: (a["r"], a["c"])) if a["text"]))
    parts.append("扫一扫在手机打开当前页")
    return ("\n".join(head) + "\n" + " ".join(parts) + "\n").encode("utf-8")


# ----------------------------------------------------------------------------------------------------------
# Bad inputs
# ----------------------------------------------------------------------------------------------------------

FALLBACK_SOURCE = """青溪县人民政府
2019年政府信息公开工作年度报告
本报告依据《中华人民共和国政府信息公开条例》编制。
一、总体情况
2019年，青溪县人民政府认真贯彻落实新修订的《条例》，扎实推进政府信息公开工作。
"""

NOT_A_REPORT = """青溪县城东农贸市场正式开业

本报讯 3月18日上午，青溪县城东农贸市场正式开门迎客。市场位于城关镇东环路与新华路交叉口，总建筑面积约6800平方米，设有蔬菜、肉类、水产、干货、熟食等经营区，共有摊位312个。

开业当天，前来购物的市民络绎不绝。“以前买菜要跑到老街，现在家门口就有这么干净的市场，方便多了。”家住东环路的张女士一边挑选青菜一边说。

据介绍，该市场按照标准化菜市场要求建设，配备农产品快速检测室、电子显示屏和智能秤，所有商户实行“一户一码”，市民扫码即可查看商品来源和检测结果。为方便周边群众，市场还开设了便民服务点，提供公平秤、寄存和维修等服务。

县市场监管局有关负责人表示，下一步将加强对市场食品安全和计量器具的日常监管，督促经营者亮证亮照、明码标价，让群众买得放心、吃得安心。
"""


def make_scanned_pdf():
    """A 'scanned' report: pages with drawn shapes only (no text layer)."""
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle("扫描件")
    c.setCreator("Scanner PDF Driver")
    rnd = random.Random(20240601)
    for page in range(3):
        c.setFillColorRGB(0.96, 0.95, 0.92)
        c.rect(0, 0, PAGE_W, PAGE_H, stroke=0, fill=1)
        c.saveState()
        c.translate(PAGE_W / 2, PAGE_H / 2)
        c.rotate(0.7 - 0.5 * page)
        c.translate(-PAGE_W / 2, -PAGE_H / 2)
        y = PAGE_H - 110
        if page == 0:
            c.setFillGray(0.15)
            for k, n in enumerate((7, 14)):
                w = n * 20
                x = (PAGE_W - w) / 2
                for i in range(n):
                    c.rect(x + i * 20 + 2, y - k * 34, 16, 18, stroke=0, fill=1)
            y -= 100
        while y > 110:
            indent = 28 if rnd.random() < 0.25 else 0
            n = 28 - (indent // 14) if rnd.random() > 0.2 else rnd.randint(6, 25)
            x = 101 + indent
            c.setFillGray(0.12 + rnd.random() * 0.1)
            for i in range(n):
                if rnd.random() < 0.93:
                    c.rect(x + i * 14 + 1.5, y, 11 + rnd.random() * 1.5, 11 + rnd.random() * 1.5, stroke=0, fill=1)
            y -= 25
        # speckles
        c.setFillGray(0.3)
        for _ in range(120):
            c.circle(rnd.uniform(20, PAGE_W - 20), rnd.uniform(20, PAGE_H - 20), rnd.uniform(0.2, 0.8),
                     stroke=0, fill=1)
        if page == 2:
            c.setStrokeColorRGB(0.85, 0.1, 0.1)
            c.setLineWidth(3)
            c.circle(PAGE_W - 170, 170, 58, stroke=1, fill=0)
            c.setFillColorRGB(0.85, 0.1, 0.1)
            c.circle(PAGE_W - 170, 170, 9, stroke=0, fill=1)
        c.restoreState()
        # page number drawn as a shape
        c.setFillGray(0.2)
        c.rect(PAGE_W / 2 - 12, 40, 24, 2, stroke=0, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


def make_ole_doc():
    rnd = random.Random(19970101)
    hdr = bytearray(512)
    hdr[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    hdr[0x18:0x1A] = (0x003E).to_bytes(2, "little")  # minor version
    hdr[0x1A:0x1C] = (0x0003).to_bytes(2, "little")  # major version 3
    hdr[0x1C:0x1E] = (0xFFFE).to_bytes(2, "little")  # byte order
    hdr[0x1E:0x20] = (9).to_bytes(2, "little")  # sector shift (512)
    hdr[0x20:0x22] = (6).to_bytes(2, "little")  # mini sector shift
    hdr[0x2C:0x30] = (1).to_bytes(4, "little")  # number of FAT sectors
    hdr[0x30:0x34] = (1).to_bytes(4, "little")  # first directory sector
    hdr[0x38:0x3C] = (4096).to_bytes(4, "little")  # mini stream cutoff
    hdr[0x3C:0x40] = (0xFFFFFFFE).to_bytes(4, "little")
    hdr[0x44:0x48] = (0xFFFFFFFE).to_bytes(4, "little")
    hdr[0x4C:0x50] = (0).to_bytes(4, "little")
    for k in range(1, 109):
        hdr[0x4C + 4 * k:0x50 + 4 * k] = (0xFFFFFFFF).to_bytes(4, "little")
    body = bytearray(rnd.getrandbits(8) for _ in range(512 * 14))
    entry = "Root Entry".encode("utf-16-le")
    body[512:512 + len(entry)] = entry
    wd = "WordDocument".encode("utf-16-le")
    body[512 + 128:512 + 128 + len(wd)] = wd
    text = "青溪县人民政府2019年政府信息公开工作年度报告\r一、总体情况\r".encode("utf-16-le")
    body[2048:2048 + len(text)] = text
    return bytes(hdr) + bytes(body)


def make_junk_xlsx():
    rnd = random.Random(424242)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("[Content_Types].xml", "xl/workbook.bin", "xl/data/0001.bin"):
            zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, bytes(rnd.getrandbits(8) for _ in range(1500)))
    return out.getvalue()


def make_bad(rows, src_dir, out_dir, log):
    bad = out_dir / "bad"
    bad.mkdir(parents=True, exist_ok=True)
    files = {}
    files["empty.txt"] = b""
    # a good generated PDF: the first pdf row whose source exists, else a tiny built-in text
    base = None
    for row in rows:
        sp = src_dir / (row["id"] + ".txt")
        if row["form"] == "pdf" and sp.exists():
            base = (row, sp.read_text(encoding="utf-8"))
            break
    if base is None:
        row = dict(id="fallback", jurisdiction="青溪县", level="county", year="2019", out="x.pdf",
                   faults="page numbers - N -")
        base = (row, FALLBACK_SOURCE)
    row, text = base
    doc = parse_source(text, warn=lambda *_: None)
    faults = parse_faults(row["faults"])
    good = make_pdf(doc, faults, body_info(row), row)
    files["truncated.pdf"] = good[: int(len(good) * 0.4)]
    from reportlab.lib.pdfencrypt import StandardEncryption
    enc = StandardEncryption("qx2021", ownerPassword="qingxi-owner", canPrint=0, canModify=0, canCopy=0,
                             canAnnotate=0, strength=128)
    files["encrypted_user_password.pdf"] = make_pdf(doc, faults, body_info(row), row, encrypt=enc)
    files["scanned_no_text_layer.pdf"] = make_scanned_pdf()
    rnd = random.Random(1234567)
    files["binary_junk.txt"] = bytes([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF]) + bytes(
        rnd.getrandbits(8) for _ in range(4090))
    files["unsupported_extension_年报.xlsx"] = make_junk_xlsx()
    files["old_binary_word.doc"] = make_ole_doc()
    files["not_annual_report_农贸市场开业.txt"] = NOT_A_REPORT.encode("utf-8")
    for name, data in files.items():
        (bad / name).write_bytes(data)
        log(f"  bad/{name} ({len(data)} bytes)")


# ----------------------------------------------------------------------------------------------------------

MAKERS = {"pdf": make_pdf, "txt-gbk": make_txt_gbk, "html": make_html, "docx": make_docx, "crawl": make_crawl}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC, help="directory with <id>.txt sources")
    ap.add_argument("--manifest", type=Path, default=None, help="manifest.csv (default: <src>/manifest.csv, "
                                                                  "else scripts/corpus_src/manifest.csv)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default corpus/)")
    ap.add_argument("--only", action="append", default=[], help="restrict to these ids ('bad' for corpus/bad)")
    args = ap.parse_args(argv)
    manifest = args.manifest or (args.src / "manifest.csv")
    if not manifest.exists():
        manifest = DEFAULT_SRC / "manifest.csv"
    with open(manifest, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    made = skipped = 0
    for row in rows:
        if args.only and row["id"] not in args.only:
            continue
        sp = args.src / (row["id"] + ".txt")
        if not sp.exists():
            print(f"skip {row['id']}: no source {sp}")
            skipped += 1
            continue
        maker = MAKERS.get(row["form"])
        if maker is None:
            print(f"skip {row['id']}: unknown form {row['form']!r}")
            skipped += 1
            continue
        print(f"{row['id']} -> {row['out']} ({row['form']})")
        doc = parse_source(sp.read_text(encoding="utf-8"))
        data = maker(doc, parse_faults(row["faults"]), body_info(row), row)
        dest = args.out / row["out"]
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        made += 1
    if not args.only or "bad" in args.only:
        print("bad inputs:")
        make_bad(rows, args.src, args.out, print)
    print(f"done: {made} written, {skipped} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
