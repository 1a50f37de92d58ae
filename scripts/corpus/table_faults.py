"""Faults in the statutory tables of a Word or web page, as offices type them by hand.

Each takes a table of the source (``grid.Table``) and returns the table as printed with the fault; the source
keeps the numbers as meant, so the tests compare what is read with what the form says.

- ``value_below_blank``: the last number of table 3 (结转下年度继续办理 · 总计) is typed into a new row below its
  cell, which is left empty;
- ``t4_in_one_cell``: table 4's fifteen numbers are typed run together into its first value cell, the other
  fourteen left empty.
"""
from __future__ import annotations

from .grid import Table, is_value
from .samples import Faults


def apply(t: Table, faults: Faults) -> Table:
    """``t`` with the table faults of ``faults`` that concern it."""
    if faults.value_below_blank and t.id == "t3":
        t = _value_below_blank(t)
    if faults.t4_in_one_cell and t.id == "t4":
        t = _t4_in_one_cell(t)
    return t


def _value_below_blank(t: Table) -> Table:
    rows = [list(r) for r in t.grid]
    last = rows[-1]
    col = max(c for c, text in enumerate(last) if text and is_value(text))
    below = [""] * t.ncols
    below[col], last[col] = last[col], ""
    return Table(t.id, rows + [below])


def _t4_in_one_cell(t: Table) -> Table:
    rows = [list(r) for r in t.grid]
    r = next(i for i, row in enumerate(rows) if any(text and is_value(text) for text in row))
    rows[r] = ["".join(rows[r])] + [""] * (t.ncols - 1)
    return Table(t.id, rows)
