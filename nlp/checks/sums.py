"""Sums over cells, and comparing two of them into a :class:`.check.Check`: the arithmetic every check shares.

A sum keeps, beside its value, the cells it read, the blank or dash cells it counted as 0 and the cells that
kept it from being exact; :func:`compare` turns those into the status (a damaged table is ``not_assessable``,
never ``fail``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..tables import Cell
from ..tables.identities import subrows
from .check import Check


@dataclass(slots=True)
class Sum:
    """A sum of cells: its value with blank/dash counted as 0, and what kept it from being exact."""

    value: float | int = 0
    cells: list[Cell] = field(default_factory=list)
    blanks: list[Cell] = field(default_factory=list)   # blank or dash, counted as 0
    bad: list[str] = field(default_factory=list)       # unreadable / text / missing cells

    def add(self, other: Sum) -> Sum:
        return sum_all((self, other))


def cell_ref(c: Cell) -> str:
    """A cell as evidence: ``table.row.col=raw@page`` (``?`` unreadable, ``∅`` blank)."""
    raw = c.raw if c.value_kind != "unreadable" else "?"
    page = f"@p{c.page}" if c.page is not None else ""
    return f"{c.table}.{c.row_key}.{c.col_key}={raw or '∅'}{page}"


def sum_cells(cm: dict, keys: Iterable[tuple[str, str, str]]) -> Sum:
    """The sum of the cells at ``keys`` (``(table, row, col)``), in order: one sum for a whole row, not one per
    cell then added up (a report's checks sum some 400 cells)."""
    out = Sum()
    for key in keys:
        c = cm.get(key)
        if c is None:
            out.bad.append(f"{'.'.join(key)} not printed")
            continue
        out.cells.append(c)
        if c.value_kind in ("number", "zero"):
            out.value += c.value
        elif c.value_kind in ("blank", "dash"):
            out.blanks.append(c)
        else:
            out.bad.append(f"{cell_ref(c)} is {c.value_kind}")
    return out


def one_cell(cm: dict, table: str, row: str, col: str) -> Sum:
    """One cell as a sum (missing: ``bad``)."""
    return sum_cells(cm, [(table, row, col)])


def row_cell(cm: dict, table: str, row: str, col: str) -> Sum:
    """A row's cell, where a group row (table 3) counts through its sub-rows (or its own printed row when it has
    none)."""
    subs = subrows(table).get(row)
    if subs is not None and any((table, s, col) in cm for s in subs):
        return sum_cells(cm, [(table, s, col) for s in subs])
    return one_cell(cm, table, row, col)


def sum_all(parts: Iterable[Sum]) -> Sum:
    """The sum of ``parts``, in order (one new sum extended in place, not a new one per part)."""
    out = Sum()
    for p in parts:
        out.value += p.value
        out.cells += p.cells
        out.blanks += p.blanks
        out.bad += p.bad
    return out


def capped(text: str, n: int = 1500) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def first_few(items: list[str], n: int = 3) -> str:
    return "; ".join(items[:n]) + (f"; and {len(items) - n} more" if len(items) > n else "")


def as_number(v: float | int) -> float | int:
    """A sum as shown in ``expected``/``actual``: whole numbers as int, others rounded (float noise hidden)."""
    return int(v) if float(v).is_integer() else round(v, 4)


def compare(report_id: str, rule: str, parts: Sum, printed: Sum, what: str) -> Check:
    """The check that ``parts`` equal ``printed``, its status as :mod:`.check` defines them."""
    evidence = capped("; ".join(map(cell_ref, parts.cells)) + " | " + "; ".join(map(cell_ref, printed.cells)))
    if parts.bad or printed.bad:
        return Check(report_id, rule, "not_assessable", None, None, f"{what}: cannot assess — " + first_few(parts.bad + printed.bad),
                     evidence)
    e, a = as_number(parts.value), as_number(printed.value)
    blanks = parts.blanks + printed.blanks
    note = (f" (blank or dash cells counted as 0: {', '.join(f'{c.row_key}.{c.col_key}' for c in blanks)})"
            if blanks else "")
    if e == a:
        return Check(report_id, rule, "pass", e, a, f"{what}: {e} = {a}{note}", evidence)
    if blanks:
        return Check(report_id, rule, "uncertain", e, a,
                     f"{what}: {e} ≠ {a} if blank or dash cells mean 0{note}", evidence)
    return Check(report_id, rule, "fail", e, a, f"{what}: the parts give {e}, the table prints {a}", evidence)
