"""Where each table lies in the stream of pieces: tables 2, 3 and 4 found by their own start words, in order.

Its own step because both readings of a PDF use it: the text reading, to cut the stream into tables, and the
pdfplumber reading, which opens only the pages those regions span.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..read.document import Document
from ..text.alternation import any_of
from .labels import labels
from .pieces import Piece


@dataclass
class Regions:
    t2: tuple[int, int] | None = None
    t3: tuple[int, int] | None = None
    t4: tuple[int, int] | None = None


def _first(pieces: list[Piece], lo: int, hi: int, patterns: list[re.Pattern], narrative_ok: bool = False) -> int | None:
    matches = any_of(patterns).search
    for i in range(lo, hi):
        p = pieces[i]
        if p.kind == "label" and (narrative_ok or not p.narrative) and matches(p.norm):
            return i
    return None


def _first_t4(pieces: list[Piece], lo: int, n: int) -> int | None:
    """Where table 4 starts: its start word as a label, or any text naming enough of its header words
    (``locate`` in table_labels.yaml), whichever comes first."""
    lab = labels()
    by_start = _first(pieces, lo, n, lab.t4_start)
    words, least = lab.t4_locate
    hi = n if by_start is None else by_start
    if words and least:
        # the words may lie in one fragment or in consecutive ones (header cells with no number between them)
        first, seen = None, 0
        for i in range(lo, hi):
            p = pieces[i]
            if p.kind != "label":
                first, seen = None, 0
                continue
            hits = sum(w in p.norm for w in words)
            if hits and first is None:
                first = i
            seen += hits
            if seen >= least:
                return first
    return by_start


def find_regions(pieces: list[Piece]) -> Regions:
    """Piece ranges of tables 2, 3 and 4 (by their own start words, in order t2 < t3 < t4)."""
    lab = labels()
    n = len(pieces)
    t2s = _first(pieces, 0, n, lab.t2_start)
    t3s = _first(pieces, t2s or 0, n, lab.t3_start)
    t4s = _first_t4(pieces, t3s if t3s is not None else (t2s or 0), n) if (t3s is not None or t2s is not None) else None
    end_from = t4s if t4s is not None else (t3s if t3s is not None else t2s)
    t4e = _first(pieces, (end_from or 0) + 1, n, lab.t4_end, narrative_ok=True) if end_from is not None else None
    last = t4e if t4e is not None else n
    reg = Regions()
    if t2s is not None:
        reg.t2 = (t2s, t3s if t3s is not None else (t4s if t4s is not None else last))
    if t3s is not None:
        # the label where table 4 starts may end with table 3's last row labels (a crawled page glues
        # 「…（六）其他处理四、政府信息公开行政复议…」 into one fragment): table 3 keeps that label too
        reg.t3 = (t3s, t4s + 1 if t4s is not None else last)
    if t4s is not None:
        reg.t4 = (t4s, last)
    return reg


def table_pages(doc: Document, pieces: list[Piece]) -> list[int]:
    """The pages the tables span (the first 30 pages when none is found or the document has no pages)."""
    reg = find_regions(pieces)
    spans = [r for r in (reg.t2, reg.t3, reg.t4) if r]
    if not spans or not doc.paged:
        return list(doc.page_numbers[:30])
    lo = min(s[0] for s in spans)
    hi = max(s[1] for s in spans) - 1
    first = pieces[lo].page or doc.page_numbers[0]
    last = pieces[min(hi, len(pieces) - 1)].page or doc.page_numbers[-1]
    return list(range(first, last + 1))

