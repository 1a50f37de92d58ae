"""Column widths of a table, shared by the PDF and the DOCX so that both print the form alike.

Widths are measured with the PDF font: number columns stay narrow, label columns share what is left
(water-filling), and the t3 applicant headers printed one character a line (``vertical_t3_header``) get
narrow columns of their own.
"""
from __future__ import annotations

from collections.abc import Set as AbstractSet

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from .grid import Span, Table, is_value
from .samples import Faults
from .wrap import tokenize

FONT = "STSong-Light"  # built-in CID font: not embedded, so the PDFs stay small and byte-stable
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

APPLICANT_HEADERS = {"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"}


def string_width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def vertical_cells(table: Table, faults: Faults) -> set[Span]:
    """The header cells printed one character a line: t3's applicant columns, when the sample has the fault."""
    if not (faults.vertical_t3_header and table.id == "t3"):
        return set()
    hr = table.header_rows()
    return {a for a in table.spans if a.r < hr and a.cs == 1 and a.text in APPLICANT_HEADERS}


class _Measure:
    """What each column holds: natural and minimal text widths, and whether it is a number column."""

    def __init__(self, table: Table, fs: float, vertical: AbstractSet[Span]) -> None:
        cols = table.ncols
        hr = table.header_rows()
        self.nat = [0.0] * cols
        self.minw = [fs] * cols
        self.vertical = [False] * cols
        vals, labels = [0] * cols, [0] * cols
        for a in table.spans:
            if a.cs != 1 or not a.text:
                continue
            c = a.c
            if a in vertical:
                self.vertical[c] = True
                continue
            self.nat[c] = max(self.nat[c], string_width(a.text, fs))
            for tok in tokenize(a.text):
                self.minw[c] = max(self.minw[c], string_width(tok, fs))
            if a.r >= hr:
                if is_value(a.text):
                    vals[c] += 1
                else:
                    labels[c] += 1
        self.numeric = [vals[c] > labels[c] for c in range(cols)]


def column_widths(table: Table, total: float, fs: float, pad: float,
                  vertical: AbstractSet[Span] = frozenset()) -> list[float]:
    """Widths (points) of the table's columns, filling ``total``."""
    m = _Measure(table, fs, vertical)
    cols = range(table.ncols)
    want = [0.0] * table.ncols
    for c in cols:
        if m.vertical[c]:
            want[c] = max(m.minw[c] + 2 * pad, 1.9 * fs)
        elif m.numeric[c]:
            want[c] = max(m.minw[c], min(m.nat[c], 3 * fs)) + 2 * pad
        else:
            want[c] = max(m.nat[c], 2 * fs) + 2 * pad
    fixed = [c for c in cols if m.numeric[c] or m.vertical[c]]
    flex = [c for c in cols if c not in fixed]
    if sum(want) > total and flex:
        _shrink_labels(want, fixed, flex, total, fs)
    extra = total - sum(want)
    if extra > 0:
        _grow(want, m, extra, pad)
    return want


def _shrink_labels(want: list[float], fixed: list[int], flex: list[int], total: float, fs: float) -> None:
    """Water-filling among label columns: narrow ones keep their width, wide ones share the rest equally."""
    rest = total - sum(want[c] for c in fixed)
    rest = max(rest, len(flex) * 4 * fs)
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


def _grow(want: list[float], m: _Measure, extra: float, pad: float) -> None:
    """Number columns grow to hold their header on one line, then every column (but vertical ones) equally."""
    cols = range(len(want))
    for c in cols:
        if m.numeric[c] and not m.vertical[c] and extra > 0:
            add = min(extra, m.nat[c] + 2 * pad - want[c])
            if add > 0:
                want[c] += add
                extra -= add
    grow = [c for c in cols if not m.vertical[c]] or list(cols)
    for c in grow:
        want[c] += extra / len(grow)
