"""The cell: one row of ``tables.csv``, and what its ``value_kind`` means.

Its own module because every stage after the reader (checks, cache, outputs, API) speaks of cells, and the
reader's modules build them: both import it from here, below the reader.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

#: ``value_kind`` of a cell, and what it means:
#:
#: - ``number``: a printed non-zero number (``value`` is an int, or a float when printed with decimals);
#: - ``zero``: a printed 0 (``value`` 0) — the body reports none;
#: - ``blank``: the cell is printed empty (``value`` None) — the form was not filled in here;
#: - ``dash``: ``/``, ``-``, ``—`` and the like (``value`` None) — marked not applicable / nothing to report;
#: - ``text``: words in a number cell such as 「无」「不适用」 (``value`` None, ``raw`` keeps them);
#: - ``unreadable``: the row was found but its cells could not be read with certainty (scrambled layout,
#:   wrong count of numbers, ambiguous run-together digits); ``value`` None, ``note`` says why.
VALUE_KINDS = ("number", "zero", "blank", "dash", "text", "unreadable")

LEGIBLE = ("number", "zero", "blank", "dash", "text")


@dataclass
class Cell:
    """One cell of a statutory table (one row of ``tables.csv``).

    ``raw`` is the cell as printed (``""`` for blank), ``value`` the number it holds or None, ``page`` the page
    it was read from (None for forms without pages). ``note`` explains any repair made to read it.
    """

    report_id: str
    table: str
    row_key: str
    col_key: str
    raw: str
    value: float | int | None
    value_kind: str
    page: int | None = None
    note: str = ""


def cell_map(cells: Iterable[Cell]) -> dict[tuple[str, str, str], Cell]:
    """``(table, row_key, col_key) → Cell`` for quick look-ups."""
    return {(c.table, c.row_key, c.col_key): c for c in cells}
