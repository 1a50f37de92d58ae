"""Reading each statutory table into cells: table 2 (主动公开, by format generation), table 3 (依申请, rows and
groups) and table 4 (复议诉讼, one block of fifteen numbers).

Here the generic steps meet the forms' particulars: which rows and widths a table has, which of the declared
identities guard its repairs, and how a table's rows become :class:`.cells.Cell` rows.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..read.document import Document
from .cells import LEGIBLE, Cell
from .identities import row_rule
from .labels import RowSpec, labels, t2_layout, t4_keys
from .pieces import Piece
from .regions import find_regions
from .repairs import RowRule, repair_rows, resolve_t3_splits, split_run_together, spread, synthetic
from .rows import Anchor, Row, read_rows, segment_values
from .misplaced import run_in_one_cell, value_below_blank
from .solve import solve_rows
from .spacing import RawLines, blanks_from_spacing


@dataclass
class TableRead:
    """One reading of one table: its cells, and how many are legible (to choose between two readings)."""

    cells: list[Cell]
    legible: int


def _read_rows(pieces: list[Piece], region: tuple[int, int], specs: list[RowSpec], widths: dict[str, int],
               separators: list[re.Pattern], groups: list[RowSpec] | None, rule: RowRule | None,
               raw: RawLines | None) -> list[Row]:
    """The rows of table 2 or 3 in printed order: read, then repaired where the table's sums allow."""
    rows, order = read_rows(pieces, region[0], region[1], specs, widths, separators, groups)
    repair_rows(rows, order, rule, raw)
    for row in rows.values():
        value_below_blank(row, rule)
        run_in_one_cell(row, rule, row.width)
    return [rows[k] for k in order if k in rows]


def _cells_for_row(report_id: str, table: str, row: Row, cols: list[str], row_page: int | None) -> list[Cell]:
    """A row's cells: its values, or every cell ``unreadable`` with the reason."""
    out: list[Cell] = []
    if row.values is not None and len(row.values) == len(cols):
        for c, p in zip(cols, row.values):
            page = p.page if p.page is not None else row_page
            out.append(Cell(report_id, table, row.key, c, p.text, p.value, p.vkind, page, row.note))
        return out
    shown = " ".join(p.text or "∅" for p in row.found)
    why = row.note or (f"{len(row.found)} numbers for {len(cols)} columns" + (f": {shown}" if shown else ""))
    page = row.found[0].page if row.found and row.found[0].page is not None else row_page
    for c in cols:
        out.append(Cell(report_id, table, row.key, c, "", None, "unreadable", page, why))
    return out


def _read_t3(pieces: list[Piece], region: tuple[int, int], report_id: str, raw: RawLines | None) -> TableRead:
    """Table 3: its rows (or a group printed as one row), run-together rows settled by the row identities, then
    by the column identities."""
    lab = labels()
    cols = lab.t3_columns
    widths = {s.key: len(cols) for s in lab.t3_rows}
    rows = _read_rows(pieces, region, lab.t3_rows, widths, [], lab.t3_groups, row_rule("t3"), raw)
    resolve_t3_splits(rows)
    solve_rows(pieces, region, rows, row_rule("t3"), "t3")
    cells: list[Cell] = []
    for row in rows:
        cells.extend(_cells_for_row(report_id, "t3", row, cols, pieces[row.anchor.idx].page))
    return TableRead(cells, sum(c.value_kind in LEGIBLE for c in cells))


def _t2_format(pieces: list[Piece], region: tuple[int, int], doc: Document | None) -> str:
    """The format generation of table 2: by its header words, else the report's format, else 2021."""
    lab = labels()
    text = "".join(p.norm for p in pieces[region[0]:region[1]] if p.kind == "label")
    scores = {f: sum(text.count(m) for m in spec["markers"]) for f, spec in lab.t2_formats.items()}
    best = max(scores, key=lambda f: scores[f])
    if scores[best] > 0 and list(scores.values()).count(scores[best]) == 1:
        return best
    fmt = getattr(doc.metadata, "format", "") if doc is not None else ""
    return fmt if fmt in lab.t2_formats else "2021"


def _read_t2(pieces: list[Piece], region: tuple[int, int], report_id: str, doc: Document | None,
             raw: RawLines | None) -> TableRead:
    """Table 2 in its format generation's layout (its rows share no sums, so no repair relies on one)."""
    lab = labels()
    fmt = _t2_format(pieces, region, doc)
    layout = t2_layout(fmt)
    specs = [s for s in lab.t2_rows if s.key in layout]
    specs = [RowSpec(s.key, i, s.patterns) for i, s in enumerate(specs)]
    widths = {k: len(v) for k, v in layout.items()}
    rows = _read_rows(pieces, region, specs, widths, lab.t2_separators, None, None, raw)
    cells: list[Cell] = []
    for row in rows:
        cells.extend(_cells_for_row(report_id, "t2", row, layout[row.key], pieces[row.anchor.idx].page))
    return TableRead(cells, sum(c.value_kind in LEGIBLE for c in cells))


def _read_t4(pieces: list[Piece], region: tuple[int, int], report_id: str, raw: RawLines | None) -> TableRead:
    """Table 4 as one block of rows × columns numbers (its labels are column headers, not row labels)."""
    rows, cols = t4_keys()
    n = len(rows) * len(cols)
    lo, hi = region
    block = Row("t4", n, Anchor("t4", 0, lo, 0), found=segment_values(pieces, lo, hi, n, set()))
    _t4_values(pieces, block, raw, row_rule("t4"), len(cols))
    cells: list[Cell] = []
    page = pieces[lo].page
    for i, (r, c) in enumerate(itertools.product(rows, cols)):
        if block.values is not None:
            p = block.values[i]
            cells.append(Cell(report_id, "t4", r, c, p.text, p.value, p.vkind, p.page if p.page is not None else page,
                              block.note))
        else:
            cells.append(Cell(report_id, "t4", r, c, "", None, "unreadable", page, block.note))
    return TableRead(cells, sum(c.value_kind in LEGIBLE for c in cells))


def _t4_values(pieces: list[Piece], block: Row, raw: RawLines | None, rule: RowRule, width: int) -> None:
    """Table 4's fifteen values, read or repaired (the identities hold per row of ``width`` cells)."""
    found, n = block.found, block.width
    if len(found) == n:
        block.values = found
    elif len(found) > n:
        value_below_blank(block, rule)
        # the table's numbers, then something else: accept the first n only when a label separates them
        # from the rest (a closed run), never when the numbers simply go on
        i_n, i_next = found[n - 1].idx, found[n].idx
        closed = any(p.kind == "label" for p in pieces[i_n + 1:i_next]) and found[n].line != found[n - 1].line
        if block.values is None and closed:
            block.values = found[:n]
            block.note = f"first {n} of {len(found)} numbers after the table header"
        elif block.values is None:
            block.note = f"{len(found)} numbers for {n} cells"
    else:
        if raw is not None and found:
            blanks_from_spacing(block, raw, labels().units)
        if (block.values is None and found and len(found) <= n // 2
                and all(p.vkind in ("number", "zero") and p.text.isdigit() for p in found)):
            sp = split_run_together([p.text for p in found], n, rule, width=width)
            block.note = sp.note
            if sp.values is not None:
                block.values = [synthetic(p, v) for p, v in zip(spread(found, sp.values), sp.values)]
        if block.values is None and not block.note:
            block.note = f"{len(found)} numbers for {n} cells" if found else "no numbers found"
    run_in_one_cell(block, rule, width)


def read_all(pieces: list[Piece], report_id: str, doc: Document | None, raw: RawLines | None) -> dict[str, TableRead]:
    """Each table the stream holds, read (``doc``: for table 2's format when its header does not say it)."""
    reg = find_regions(pieces)
    out: dict[str, TableRead] = {}
    if reg.t2:
        out["t2"] = _read_t2(pieces, reg.t2, report_id, doc, raw)
    if reg.t3:
        out["t3"] = _read_t3(pieces, reg.t3, report_id, raw)
    if reg.t4:
        out["t4"] = _read_t4(pieces, reg.t4, report_id, raw)
    return out

