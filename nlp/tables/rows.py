"""The row reader of tables 2 and 3: each row's label found, in the printed order, and the values it gets.

It finds each row's *label* (variants in ``lexicons/table_labels.yaml``) and gives the row the numbers that follow
its label up to the next row label or block separator. A row gets values only when the count is exactly its
number of columns (or, after a separator, when exactly its count is printed *before* the label, as pdftotext
does); everything else is left to :mod:`.repairs`, and failing those the row's cells are ``unreadable``. Numbers
are never guessed: a wrong number is worse than a missing one, because the checks would then report faults the
report does not have.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..text.alternation import any_of
from .labels import RowSpec
from .pieces import Piece


@dataclass
class Anchor:
    """A label fragment that names a row: the row's key and printed position, and where the fragment is."""

    key: str
    order: int
    idx: int
    pos: int


@dataclass
class Row:
    """What the reader made of one row: values (pieces or synthetic), or why it could not."""

    key: str
    width: int
    anchor: Anchor
    values: list[Piece] | None = None
    note: str = ""
    found: list[Piece] = field(default_factory=list)
    split_candidates: list[list[int]] = field(default_factory=list)


def _find_anchors(pieces: list[Piece], lo: int, hi: int, specs: list[RowSpec]) -> list[Anchor]:
    out: list[Anchor] = []
    row_named = _row_namer(tuple((spec.key, spec.order, tuple(spec.patterns)) for spec in specs))
    for i in range(lo, hi):
        p = pieces[i]
        if p.kind != "label" or p.narrative or not p.norm:
            continue
        out.extend(Anchor(key, order, i, pos) for key, order, pos in row_named(p.norm))
    out.sort(key=lambda a: (a.idx, a.pos))
    return out


@lru_cache(maxsize=16)
def _row_namer(specs: tuple[tuple[str, int, tuple[re.Pattern, ...]], ...]):
    """For the row specs ``(key, order, patterns)``, the function from a label fragment to ``(key, order, position)``
    of every row it names (a fragment may name several: the first pattern of each row that matches). Its answers
    are cached per fragment: reports print the same labels."""
    # most label fragments of a table name no row: one combined search rules them out
    names_a_row = any_of(pat for _, _, patterns in specs for pat in patterns).search

    @lru_cache(maxsize=4096)
    def row_named(norm: str) -> tuple[tuple[str, int, int], ...]:
        if not names_a_row(norm):
            return ()
        named = []
        for key, order, patterns in specs:
            m = next((m for m in (pat.search(norm) for pat in patterns) if m), None)
            if m:
                named.append((key, order, m.start()))
        return tuple(named)
    return row_named


def _header_lines(pieces: list[Piece], anchors: list[Anchor], lo: int, hi: int) -> set[int]:
    """Grid rows naming several rows and holding no number are column headers (「本年新收件数 | 上年结转件数…」)."""
    by_line: dict[int, set[str]] = {}
    for a in anchors:
        if pieces[a.idx].grid:
            by_line.setdefault(pieces[a.idx].line, set()).add(a.key)
    valued = {p.line for p in pieces[lo:hi] if p.kind == "value" and p.vkind != "blank"}
    return {line for line, keys in by_line.items() if len(keys) >= 2 and line not in valued}


def _drop_lines(pieces: list[Piece], anchors: list[Anchor], lines: set[int]) -> list[Anchor]:
    return [a for a in anchors if not (pieces[a.idx].grid and pieces[a.idx].line in lines)]


def _lis(orders: list[int]) -> set[int]:
    """Indices of a longest strictly increasing subsequence (earliest on ties)."""
    n = len(orders)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if orders[j] < orders[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    if not n:
        return set()
    i = max(range(n), key=lambda k: (best[k], -k))
    out = set()
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def segment_values(pieces: list[Piece], a: int, b: int, width: int, anchor_lines: set[int]) -> list[Piece]:
    """Values between piece indices a and b (exclusive), with grid rows trimmed to ``width`` cells."""
    chunks: list[list[Piece]] = []
    cur_line = None
    for i in range(a + 1, b):
        p = pieces[i]
        if p.kind != "value":
            continue
        if not chunks or p.line != cur_line or not p.grid:
            chunks.append([])
            cur_line = p.line
        chunks[-1].append(p)
    out: list[Piece] = []
    for ch in chunks:
        if ch[0].grid:
            has_value = any(p.vkind != "blank" for p in ch)
            if not has_value and ch[0].line not in anchor_lines:
                continue
            while len(ch) > width and ch[0].vkind == "blank":
                ch = ch[1:]
            while len(ch) > width and ch[-1].vkind == "blank":
                ch = ch[:-1]
        out.extend(ch)
    return out


def read_rows(pieces: list[Piece], lo: int, hi: int, specs: list[RowSpec], widths: dict[str, int],
              separators: list[re.Pattern], groups: list[RowSpec] | None) -> tuple[dict[str, Row], list[str]]:
    """Assign values to the rows of one table (``pieces[lo:hi]``), before any repair.

    Returns the rows found by key, in the order first met, and the row order used: a group printed as one row
    takes the place of its sub-rows (``widths`` then gains the group's width).
    """
    anchors = _find_anchors(pieces, lo, hi, specs)
    gan = _find_anchors(pieces, lo, hi, groups) if groups else []
    headers = _header_lines(pieces, anchors + gan, lo, hi)
    anchors, gan = _drop_lines(pieces, anchors, headers), _drop_lines(pieces, gan, headers)
    order = [s.key for s in specs]
    if groups:
        order = _groups_as_rows(anchors, gan, specs, groups, widths, order)
    runs, firsts, in_order = _label_runs(anchors)
    delims = _Delimiters(pieces, anchors, separators, lo, hi)
    rows: dict[str, Row] = {}
    for gi, run in enumerate(runs):
        key = run[0].key
        if gi == firsts[key]:
            rows[key] = _read_row(pieces, run, widths[key], gi in in_order, delims)
    _values_before_labels(pieces, rows, delims, {pieces[a.idx].line for a in anchors})
    return rows, order


def _groups_as_rows(anchors: list[Anchor], gan: list[Anchor], specs: list[RowSpec], groups: list[RowSpec],
                    widths: dict[str, int], order: list[str]) -> list[str]:
    """A group printed as one row (no sub-rows anywhere) is a row of its own, in its first sub-row's place.

    Adds the group's anchor to ``anchors`` (re-sorted, every anchor re-ranked) and returns the new row order.
    """
    present = {a.key for a in anchors}
    for g in groups:
        subs = [s for s in specs if s.group == g.key]
        if not subs or any(s.key in present for s in subs):
            continue
        ga = next((a for a in gan if a.key == g.key), None)
        if ga is None:
            continue
        first = min(s.order for s in subs)
        anchors.append(Anchor(g.key, first, ga.idx, ga.pos))
        widths[g.key] = widths[subs[0].key]
        pos = order.index(subs[0].key)
        order = [k for k in order if k not in {s.key for s in subs}]
        order.insert(pos, g.key)
    anchors.sort(key=lambda a: (a.idx, a.pos))
    rank = {k: i for i, k in enumerate(order)}
    for a in anchors:
        a.order = rank[a.key]
    return order


def _label_runs(anchors: list[Anchor]) -> tuple[list[list[Anchor]], dict[str, int], set[int]]:
    """Consecutive anchors of one key merged into runs; the run that stands for each key; and which of those
    runs stand in the printed order.

    The printed order is a longest increasing sequence over *all* runs, so that a key named out of place before
    its row (a header row of a flattened table naming several rows: 「项目 本年新收件数 上年结转件数 … 结转下年度」)
    does not hide the key's label in its place; a key whose runs are all out of place keeps its first run.
    Runs of a key that do not stand for it only delimit."""
    runs: list[list[Anchor]] = []
    for a in anchors:
        if runs and runs[-1][0].key == a.key:
            runs[-1].append(a)
        else:
            runs.append([a])
    in_order = {i for i in _lis([g[0].order for g in runs])}
    chosen: dict[str, int] = {}
    for gi in sorted(in_order):
        chosen[runs[gi][0].key] = gi
    for gi, g in enumerate(runs):
        chosen.setdefault(g[0].key, gi)
    return runs, chosen, in_order


class _Delimiters:
    """Where a row's values end: every row label ``(piece index, offset in the fragment)`` and every block
    separator ``(piece index, -1)``, in order."""

    def __init__(self, pieces: list[Piece], anchors: list[Anchor], separators: list[re.Pattern], lo: int,
                 hi: int) -> None:
        delims: list[tuple[int, int]] = [(a.idx, a.pos) for a in anchors]
        is_separator = any_of(separators).search
        for i in range(lo, hi):
            p = pieces[i]
            if p.kind == "label" and is_separator(p.norm):
                delims.append((i, -1))
        delims.sort()
        self.delims = delims
        self.lo, self.hi = lo, hi

    def next(self, idx: int, pos: int, exclude: set[tuple[int, int]]) -> int:
        """Piece index of the first delimiter after ``(idx, pos)`` not in ``exclude`` (the table's end if none)."""
        for d in self.delims:
            if d > (idx, pos) and d not in exclude:
                return d[0]
        return self.hi

    def prev(self, idx: int, pos: int) -> int:
        """Piece index of the last delimiter before ``(idx, pos)`` (just before the table if none)."""
        best = self.lo - 1
        for d in self.delims:
            if d < (idx, pos):
                best = d[0]
        return best

    def is_separator(self, idx: int) -> bool:
        return any(d == (idx, -1) for d in self.delims)


def _read_row(pieces: list[Piece], run: list[Anchor], width: int, in_order: bool, delims: _Delimiters) -> Row:
    """The row of a run of labels: the values up to the next delimiter, kept when they fill its columns."""
    row = Row(run[0].key, width, run[0])
    if not in_order:
        row.note = "row label out of the printed order (layout scrambled)"
        return row
    mine = {(a.idx, a.pos) for a in run}
    end = delims.next(run[-1].idx, run[-1].pos, mine)
    hidden = _digits_in_labels(pieces, run[0].idx, end)
    if hidden:
        row.note = f"numbers run into the label text ('{hidden}'): which cells they fill is unknown; not read"
        return row
    row.found = segment_values(pieces, run[0].idx, end, row.width, {pieces[a.idx].line for a in run})
    if len(row.found) == row.width:
        row.values = row.found
    return row


_DIGIT_RUN = re.compile(r"\d{2,}")


def _digits_in_labels(pieces: list[Piece], a: int, b: int) -> str:
    """A run of digits inside the label text of a row's stretch (pieces ``a`` to ``b``), or ``""``.

    The form's row labels hold no number of two digits; where label text does, numbers were glued to words the
    tokenizer could not tell from labels (a crawled page whose row label is garbled: 「…申请10000010000000行政机关
    不再处理…」), and the numbers after it may belong to another row. Sentences (narrative) are left out.
    """
    for p in pieces[a:b]:
        if p.kind == "label" and not p.narrative:
            m = _DIGIT_RUN.search(p.norm)
            if m:
                return p.norm[max(0, m.start() - 6):m.end() + 6]
    return ""


def _values_before_labels(pieces: list[Piece], rows: dict[str, Row], delims: _Delimiters,
                          anchor_lines: set[int]) -> None:
    """Values printed before the label (pdftotext prints a cell that sits higher than its label first): taken
    by a row with no numbers after its label, only after a separator or the table start, and only when they are
    exactly its column count."""
    for row in rows.values():
        if row.values is None and not row.found and row.note == "":
            a = row.anchor
            p = delims.prev(a.idx, a.pos)
            if p < delims.lo or delims.is_separator(p):
                before = segment_values(pieces, max(p, delims.lo - 1), a.idx, row.width, anchor_lines)
                if len(before) == row.width:
                    row.values = before
                    row.note = "numbers printed before the row label"
