"""Numbers printed outside their cells of a Word or web table: put back only where position and sums agree.

Two classes of input, both seen in tables typed by hand into Word or a web editor:

- *a number on the line below its blank cell*: the row's cell is empty and the number was typed into a new
  row (or paragraph) just below it. The DOCX and HTML readers emit every table row as a line ``| a | b |``
  (merged cells expanded, so columns line up), and the row then reads as its own cells plus one more line;
  :func:`value_below_blank` moves the number up into the blank cell of the same column;
- *a row's numbers run together in one cell* (``| 21317000001324019 | | | … |``): the other cells are blank;
  :func:`run_in_one_cell` cuts the run into the row's numbers with :func:`.repairs.split_run_together`.

Each is accepted only when unique under the table's identities, and noted on the cells.
"""
from __future__ import annotations

from .pieces import Piece
from .repairs import RowRule, split_run_together, spread, synthetic
from .rows import Row


def _number_or_none(p: Piece) -> int | float | None:
    return p.value if p.vkind in ("number", "zero") else None


def value_below_blank(row: Row, rule: RowRule | None) -> None:
    """A row of ``width`` cells with blanks, followed by one line holding only numbers under those blanks.

    On a grid line the numbers must sit in the columns of the blanks and the line must hold nothing else;
    a free line (a paragraph after the table) may hold one number for one blank. Either way the row's
    identities must then hold (table 2, which has none, takes only the grid case).
    """
    if row.values is not None or row.note or len(row.found) <= row.width:
        return
    lines = list(dict.fromkeys(p.line for p in row.found))
    if len(lines) != 2:
        return
    first = [p for p in row.found if p.line == lines[0]]
    below = [p for p in row.found if p.line == lines[1]]
    if len(first) != row.width:
        return
    blanks = {p.col: i for i, p in enumerate(first) if p.vkind == "blank"}
    filled = [p for p in below if p.vkind != "blank"]
    if not filled or not blanks:
        return
    values = list(first)
    if below[0].grid:
        if [p.col for p in below] != [p.col for p in first] or any(p.col not in blanks for p in filled):
            return
        for p in filled:
            values[blanks[p.col]] = p
    elif rule is not None and len(filled) == len(below) == len(blanks) == 1:
        values[next(iter(blanks.values()))] = filled[0]
    else:
        return
    if rule is not None and not rule([_number_or_none(p) for p in values]):
        return
    row.values = values
    row.note = ("a blank cell whose number is printed on the line below it"
                + (" in the same column" if below[0].grid else "") + ": read into that cell"
                + (", where the row's sums hold" if rule is not None else ""))


def run_in_one_cell(row: Row, rule: RowRule | None, width: int) -> None:
    """A row read as one long run of digits and blanks: cut the run into the row's numbers, if unique.

    ``width`` is the row length the identities are stated for (table 4's fifteen cells are three rows of five).
    A run whose cut is ambiguous makes the row unreadable (a number of that length is no count of a table);
    a run no cut of which satisfies the sums stays as printed, for the checks to flag.
    """
    if row.values is None or rule is None:
        return
    filled = [p for p in row.values if p.vkind != "blank"]
    if len(filled) != 1 or not filled[0].text.isdigit() or len(filled[0].text) < row.width:
        return
    sp = split_run_together(filled[0].text, row.width, rule, width=width)
    if sp.values is not None:
        row.values = [synthetic(p, v) for p, v in zip(spread(filled, sp.values), sp.values)]
        row.note = sp.note + " (printed in one cell)"
    elif sp.candidates:
        row.found, row.values = filled, None
        row.note, row.split_candidates = sp.note + " (printed in one cell)", sp.candidates
