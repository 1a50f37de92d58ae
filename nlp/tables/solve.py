"""Table 3 read as a whole: its numbers in printed row order, split into rows only where the sums make it unique.

Serves text whose reading order lost the link between row labels and numbers while keeping the numbers in the
order of the rows: pdftotext of a ruled table prints some labels far from their numbers and runs of
consecutive rows column by column (``1 0 0 0 0 1 1 0 10 3`` is the 自然人 column of ten rows), and a crawler
flattens such a text onto one line. The labels still say which rows the table prints; the numbers, taken in
order, are cut into blocks of consecutive rows, each block printed row by row or column by column. A reading
is accepted only when:

- every row of it satisfies the table's row identities (the six applicant columns add up to 总计), and either
  one set of values is left, or exactly one of them also satisfies the column identities (new + carried_in =
  total + carried_out, the results add up to （七）总计, per column);
- it agrees with every row the label-by-label reader has already read.

It fills only the rows that reader left unreadable; a printed fault in a column sum is left to the checks, never
"repaired" here (the column sums only ever choose between readings that each satisfy every row).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from .identities import columns_hold, described
from .pieces import Piece
from .repairs import RowRule
from .rows import Row

MAX_READINGS = 64  # distinct value tables kept while cutting; beyond this the cut is called ambiguous


def _numbers(pieces: list[Piece], region: tuple[int, int]) -> list[Piece] | None:
    """The values of the region, when every one is a whole number (a dash, blank or text value: None)."""
    out = [p for p in pieces[region[0]:region[1]] if p.kind == "value"]
    if not all(p.vkind in ("number", "zero") and isinstance(p.value, int) for p in out):
        return None
    return out


def _cuts(values: Sequence[int], n_rows: int, width: int, rule: RowRule) -> list[tuple[tuple[int, ...], ...]]:
    """Every distinct table of ``n_rows`` rows (as tuples of value indices) that the values cut into blocks of
    consecutive rows, each read row by row or column by column, with every row passing ``rule``.

    Distinct by values: two cuts giving the same numbers are one reading. More than MAX_READINGS: []."""

    @lru_cache(maxsize=None)
    def rest(r: int) -> tuple[tuple[tuple[int, ...], ...], ...] | None:
        if r == n_rows:
            return ((),)
        found: dict[tuple[int, ...], tuple[tuple[int, ...], ...]] = {}
        for k in range(1, n_rows - r + 1):
            base = r * width
            block = [tuple(base + c * k + j for c in range(width)) for j in range(k)] if k > 1 else \
                [tuple(range(base, base + width))]
            if not all(rule([values[i] for i in row]) for row in block):
                continue
            tails = rest(r + k)
            if tails is None:
                return None
            for tail in tails:
                reading = tuple(block) + tail
                key = tuple(values[i] for row in reading for i in row)
                found.setdefault(key, reading)
                if len(found) > MAX_READINGS:
                    return None
        return tuple(found.values())

    got = rest(0)
    return list(got) if got else []


def solve_rows(pieces: list[Piece], region: tuple[int, int], rows: list[Row], rule: RowRule, table: str) -> None:
    """Fill the unreadable rows of ``rows`` (the printed rows, in order) from the whole table, if unique."""
    if not rows or all(r.values is not None for r in rows):
        return
    nums = _numbers(pieces, region)
    width = rows[0].width
    if nums is None or len(nums) != len(rows) * width:
        return
    values = [int(p.value) for p in nums]  # type: ignore[arg-type]
    readings = _cuts(values, len(rows), width, rule)
    why = f"every row holds ({described(table, 'row')})"
    if len(readings) > 1:
        readings = [t for t in readings
                    if columns_hold(table, {r.key: [values[i] for i in cells] for r, cells in zip(rows, t)})]
        why += f" and every column holds ({described(table, 'column')})"
    if len(readings) > 1:
        for row in rows:
            if row.values is None:
                row.note = (row.note + "; " if row.note else "") + (
                    f"read as a whole, the table's numbers give {len(readings)} readings that satisfy the sums")
    if len(readings) != 1:
        return
    reading = readings[0]
    for row, cells in zip(rows, reading):
        if row.values is not None and [p.value for p in row.values] != [values[i] for i in cells]:
            return  # the labels say otherwise somewhere: the order of the numbers is not the order of the rows
    blocks = _block_sizes(reading, width)
    for row, cells, k in zip(rows, reading, blocks):
        if row.values is None:
            row.values = [nums[i] for i in cells]
            how = f"with {k - 1} neighbouring row(s) printed column by column" if k > 1 else "row by row"
            row.note = (f"labels and numbers printed apart: read from all {len(nums)} numbers of the table in the "
                        f"order of its rows ({how}), the only reading in which {why}")


def _block_sizes(reading: tuple[tuple[int, ...], ...], width: int) -> list[int]:
    """How many rows share each row's block (1: printed row by row)."""
    out = []
    for cells in reading:
        step = cells[1] - cells[0] if len(cells) > 1 else 1
        out.append(step if step > 1 else 1)
    return out
