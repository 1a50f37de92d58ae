"""Tables of the sources: the grid of cell texts a ``[[table]]`` block writes, and its merged cells.

A text file can only hold a grid of bars, so the sources write a printed form's merged cells as empty cells
(``| 一、本年新收… | | 20 |``). Every renderer needs the merged cells back (PDF rules, HTML rowspan/colspan,
Word merges, the order of cells in text dumps), so they are inferred once, here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

VALUE = re.compile(r"^(?:[-+]?\d[\d,]*(?:\.\d+)?%?|/|-|—|——|／)$")
NUMBERED_PAREN = re.compile(r"^（[一二三四五六七八九十]{1,3}）")


def is_value(text: str) -> bool:
    """A number, or the ``/`` and ``-`` a form prints where a number does not apply."""
    return bool(VALUE.match(text))


@dataclass(eq=False)
class Span:
    """One printed cell: its top-left grid position, the rows and columns it covers, its text.

    Compared (and hashed) by identity: two empty cells are two cells.
    """

    r: int
    c: int
    rs: int
    cs: int
    text: str


class Table:
    """A table block: the grid of cell texts and its printed cells (``spans``, in reading order)."""

    def __init__(self, tid: str, rows: list[list[str]]) -> None:
        self.id = tid
        ncols = max(len(r) for r in rows)
        self.grid = [r + [""] * (ncols - len(r)) for r in rows]
        self.nrows, self.ncols = len(self.grid), ncols
        self.spans = _SpanInference(self.grid).run()

    def header_rows(self) -> int:
        """Rows before the first row that holds a value (number, / or -)."""
        for r, row in enumerate(self.grid):
            if any(is_value(t) for t in row):
                return r
        return self.nrows


class _SpanInference:
    """Merged cells from empty cells.

    An empty cell is merged into the cell above (rowspan) when that cell is a label whose whole column range
    is empty in this row, or into the cell to its left (colspan) when the result stays inside one cell of
    the row above (or the row is a one-label section row / the first row). In body rows (rows holding
    values), an empty cell of a label column right of a label merges left ("一、本年新收… | |" spans both
    label columns). Merges never join a header row and a body row vertically. Anything else stays a cell of
    its own (an empty value cell).
    """

    def __init__(self, grid: list[list[str]]) -> None:
        self.grid = grid
        rows, cols = len(grid), len(grid[0])
        self.owner: list[list[Span | None]] = [[None] * cols for _ in range(rows)]
        self.spans: list[Span] = []
        self.body = [any(t and is_value(t) for t in row) for row in grid]
        self.label_col = [any(self.body[r] and grid[r][c] and not is_value(grid[r][c]) for r in range(rows))
                          for c in range(cols)]

    def run(self) -> list[Span]:
        for r, row in enumerate(self.grid):
            filled = [t for t in row if t]
            single = len(filled) == 1 and bool(row[0])
            first_value = next((c for c, t in enumerate(row) if t and is_value(t)), None)
            for c, text in enumerate(row):
                if self.owner[r][c] is None:
                    self._place(r, c, text, single, first_value)
        return self.spans

    def _place(self, r: int, c: int, text: str, single: bool, first_value: int | None) -> None:
        if text:
            self._new(r, c, text)
            return
        left = self.owner[r][c - 1] if c > 0 else None
        if left is None or not (left.r == r and left.rs == 1 and left.c + left.cs == c):
            left = None
        if (left is not None and first_value is not None and c < first_value and self.label_col[c]
                and left.text and not is_value(left.text)):
            self._widen(left, r, c)
        elif self._merge_up(r, c):
            return
        elif left is not None and (single or r == 0 or self._under_one_cell(r, c, left)):
            self._widen(left, r, c)
        else:
            self._new(r, c, "")

    def _new(self, r: int, c: int, text: str) -> None:
        span = Span(r, c, 1, 1, text)
        self.spans.append(span)
        self.owner[r][c] = span

    def _widen(self, left: Span, r: int, c: int) -> None:
        left.cs += 1
        self.owner[r][c] = left

    def _under_one_cell(self, r: int, c: int, left: Span) -> bool:
        """Widening ``left`` over column c keeps it under the one cell of the row above."""
        above = self.owner[r - 1][c]
        return above is not None and above.c <= left.c

    def _merge_up(self, r: int, c: int) -> bool:
        """Extend the label above down over this row, where its columns are all empty here; two numbered
        labels ``（一）…`` side by side are siblings, not one label over the other."""
        if r == 0:
            return False
        above = self.owner[r - 1][c]
        if not (above is not None and above.text and not is_value(above.text) and above.c == c
                and above.r + above.rs - 1 == r - 1 and self.body[above.r] == self.body[r]):
            return False
        row = self.grid[r]
        cols = range(above.c, above.c + above.cs)
        if not all(not row[k] and self.owner[r][k] is None for k in cols):
            return False
        nxt = above.c + above.cs
        right = row[nxt] if nxt < len(row) else ""
        if NUMBERED_PAREN.match(above.text) and NUMBERED_PAREN.match(right or ""):
            return False
        above.rs += 1
        for k in cols:
            self.owner[r][k] = above
        return True
