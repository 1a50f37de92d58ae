"""How much of a report's statutory tables was read: the ``table_*`` columns of ``reports.csv``.

Analysts filter on it: a report whose tables were read only in part gives checks and counts that cannot be
trusted, and the note says why the rest was not read (a table not found, rows whose label was not found,
cells left unreadable and the first reason given for them).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .cells import LEGIBLE, Cell
from .labels import labels, t2_layout, t3_groups


@dataclass
class Completeness:
    """Cells read (any legible value kind, blank and dash included) against the cells the form has."""

    read: int | None
    expected: int | None
    status: str   # yes | partly | no | none (the report's format has no statutory tables)
    note: str


def _t2_expected(cells: list[Cell], fmt: str) -> int:
    """Cells of table 2 in the layout of its format generation (the one its column keys belong to)."""
    cols = {c.col_key for c in cells}
    for generation in ("2021", "2019"):
        layout = t2_layout(generation)
        if cols and cols <= {k for v in layout.values() for k in v}:
            return sum(len(v) for v in layout.values())
    return sum(len(v) for v in t2_layout(fmt if fmt in ("2019", "2021") else "2021").values())


def _t3_expected(cells: list[Cell]) -> int:
    """Cells of table 3: every row of the form, a group printed as one row counting once for its sub-rows."""
    keys = {c.row_key for c in cells}
    rows = len(labels().t3_rows)
    for group, subs in t3_groups().items():
        if group in keys:
            rows -= len(subs) - 1
    return rows * len(labels().t3_columns)


def _why(table: str, cells: list[Cell], expected: int) -> str:
    unreadable = [c for c in cells if c.value_kind == "unreadable"]
    parts = []
    if len(cells) < expected:
        parts.append(f"{expected - len(cells)} cells of rows not found")
    if unreadable:
        first = unreadable[0]
        parts.append(f"{len(unreadable)} unreadable (first: {first.row_key}: {first.note or 'no reason given'})")
    return f"{table}: " + "; ".join(parts) if parts else ""


def table_completeness(cells: Iterable[Cell], fmt: str) -> Completeness:
    """The completeness of a report's tables 2, 3 and 4 (``fmt``: the report's format generation)."""
    by_table: dict[str, list[Cell]] = {"t2": [], "t3": [], "t4": []}
    for c in cells:
        by_table.setdefault(c.table, []).append(c)
    if fmt not in ("2019", "2021") and not any(by_table.values()):
        return Completeness(None, None, "none", "")
    rows4, cols4 = len(labels().t4_rows), len(labels().t4_columns)
    expected = {"t2": _t2_expected(by_table["t2"], fmt), "t3": _t3_expected(by_table["t3"]), "t4": rows4 * cols4}
    read = sum(c.value_kind in LEGIBLE for got in by_table.values() for c in got)
    total = sum(expected.values())
    notes = [f"{t}: table not found" if not by_table[t] else _why(t, by_table[t], expected[t]) for t in expected]
    status = "yes" if read >= total else ("no" if read == 0 else "partly")
    return Completeness(read, total, status, "; ".join(n for n in notes if n))
