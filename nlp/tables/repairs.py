"""Repairs that make a row readable only where the table's own sums make the reading unique.

A row whose count of numbers is not its count of columns is left unreadable unless one of these applies (each
noted in :attr:`.cells.Cell.note`); the sums are the identities of :mod:`.identities`, never a guess:

- *rows printed as one block*: k consecutive rows whose k×7 numbers all follow one of their labels (labels
  printed first, or a label displaced) are split row by row or column by column, only if exactly one order
  makes every row satisfy the table's row identities;
- *blank cells from spacing* (text files): see :mod:`.spacing`;
- *numbers run together* (crawled ``10203120001200000``): split by :func:`split_run_together` only where the
  row's identities make the split unique, or, for table 3, where the column identities make one combination of
  the ambiguous rows' splits the only one (:func:`resolve_t3_splits`).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from .identities import columns_hold, described
from .labels import labels
from .pieces import Piece
from .rows import Row
from .spacing import RawLines, blanks_from_spacing

RowRule = Callable[[Sequence[int | float | None]], bool]

SHOWN_CANDIDATES = 4  # candidate splits written into the note of an ambiguous run
MAX_STEPS = 300_000  # numbers tried while cutting one run of digits; beyond this it is left unread (time bound)


@dataclass
class Split:
    """Result of :func:`split_run_together`: the unique split (or None) and why."""

    values: list[int] | None
    candidates: list[list[int]]
    note: str


class _TooMany(Exception):
    """The search for cuts went past MAX_STEPS."""


def _cuts(tokens: Sequence[str], n: int, width: int, rule: Callable[[list[int]], bool] | None) -> Iterator[list[int]]:
    """Every cut of the digit ``tokens`` into ``n`` numbers without leading zeros (each token at least one number,
    no number across two tokens) whose every complete group of ``width`` numbers passes ``rule``.

    Depth first, testing each group as soon as it is complete, so a table's 15 run-together cells cost the cuts of
    one five-number group times the few that add up, not every cut of the whole run. Raises _TooMany past
    MAX_STEPS numbers tried.
    """
    left_after = [sum(len(t) for t in tokens[i + 1:]) for i in range(len(tokens))]
    steps = 0
    values: list[int] = []

    def go(ti: int, pos: int) -> Iterator[list[int]]:
        nonlocal steps
        if ti == len(tokens):
            if len(values) == n:
                yield list(values)
            return
        tok = tokens[ti]
        need_after = len(tokens) - ti - 1          # each later token holds at least one number
        room = n - len(values) - need_after        # numbers this token may still give, this one included
        if room < 1:
            return
        longest = 1 if tok[pos] == "0" else len(tok) - pos
        for size in range(1, longest + 1):
            end = pos + size
            if end < len(tok) and room < 2:
                continue                           # this token would need another number it may not have
            if len(tok) - end + left_after[ti] < n - len(values) - 1:
                break                              # too few digits left for the numbers still to come
            steps += 1
            if steps > MAX_STEPS:
                raise _TooMany
            values.append(int(tok[pos:end]))
            if len(values) % width or rule is None or rule(values[-width:]):
                yield from (go(ti + 1, 0) if end == len(tok) else go(ti, end))
            values.pop()

    return go(0, 0)


def split_run_together(run: str | Sequence[str], n: int, rule: Callable[[list[int]], bool] | None = None,
                       limit: int = 200, width: int | None = None) -> Split:
    """Cut digits printed without separators (crawled ``10203120001200000``) into ``n`` numbers.

    ``run`` is one digit string, or the digit tokens of a row in order (their boundaries are kept). Numbers have
    no leading zeros. ``rule`` is the table's own sum for a row of ``width`` numbers (default ``n``; e.g. the six
    applicant columns add up to 总计, or each five-cell group of table 4 adds up to its 总计), tested on every
    group of ``width`` numbers; the split is accepted only when exactly one cut satisfies it — without a rule,
    only when the digits allow a single cut. Otherwise ``values`` is None and ``candidates`` holds up to
    ``limit`` cuts that satisfy the rule.
    """
    tokens = [run] if isinstance(run, str) else list(run)
    if not tokens or any(not t.isdigit() for t in tokens):
        return Split(None, [], "not a run of digits")
    total = sum(len(t) for t in tokens)
    if total < n:
        return Split(None, [], f"{total} digits cannot make {n} numbers")
    shown = "".join(tokens) if len(tokens) == 1 else " ".join(tokens)
    found: list[list[int]] = []
    try:
        for values in _cuts(tokens, n, width or n, rule):
            if values not in found:
                found.append(values)
            if len(found) > limit:
                break
    except _TooMany:
        return Split(None, [], f"run-together digits '{shown}': too many possible splits to try; not split")
    if len(found) == 1:
        how = "the table's sums" if rule is not None else "the digit count"
        return Split(found[0], found, f"run-together digits '{shown}' split into {n} numbers; the split is "
                                      f"unique under {how}")
    if not found:
        return Split(None, [], f"run-together digits '{shown}': no split into {n} numbers satisfies the sums")
    shown_cuts = " | ".join(" ".join(map(str, c)) for c in found[:SHOWN_CANDIDATES])
    more = " | …" if len(found) > SHOWN_CANDIDATES else ""
    return Split(None, found, f"run-together digits '{shown}': {len(found)}{'+' if len(found) > limit else ''} "
                              f"splits into {n} numbers satisfy the sums ({shown_cuts}{more}); not split")


def spread(found: list[Piece], values: list[int]) -> list[Piece]:
    """The source piece of each split value: a token yields the values whose digits make it up."""
    out: list[Piece] = []
    i, acc = 0, ""
    for v in values:
        while i < len(found) - 1 and acc == found[i].text:
            i, acc = i + 1, ""
        out.append(found[i])
        acc += str(v)
    return out


def synthetic(src: Piece, value: int) -> Piece:
    """A value cut from a run of digits: it keeps the position of the run it came from."""
    return Piece("value", str(value), src.start, src.page, src.line, src.grid,
                 vkind="zero" if value == 0 else "number", value=value)

def repair_rows(rows: dict[str, Row], order: list[str], rule: RowRule | None, raw: RawLines | None) -> None:
    """Try the repairs, in this order, on the rows :func:`.rows.read_rows` left without values (``rule``: the
    table's row identities, None for table 2, which has none; ``raw``: the source lines of a text file)."""
    if rule is not None:
        _redistribute(rows, order, rule)
    if raw is not None:
        units = labels().units
        for row in rows.values():
            if row.values is None and row.found and len(row.found) < row.width and not row.note:
                blanks_from_spacing(row, raw, units)
    for row in rows.values():
        _split_run(row, rule)


def _split_run(row: Row, rule: RowRule | None) -> None:
    """Split a row's run-together digits when the split is unique (else keep its candidates for the columns)."""
    # a genuine run: few tokens holding more digits than numbers (a row whose blank cells were dropped
    # has many short tokens and is left unreadable)
    if (row.values is None and row.found and len(row.found) <= row.width // 2 and not row.note
            and sum(len(p.text) for p in row.found) >= row.width):
        if all(p.vkind in ("number", "zero") and p.text.isdigit() for p in row.found):
            sp = split_run_together([p.text for p in row.found], row.width, rule)
            row.note = sp.note
            if sp.values is not None:
                row.values = [synthetic(p, v) for p, v in zip(spread(row.found, sp.values), sp.values)]
            else:
                row.split_candidates = sp.candidates


def _redistribute(rows: dict[str, Row], order: list[str], rule: RowRule) -> None:
    """k consecutive rows whose k×width numbers follow one label: split by rows or by columns if unique."""
    for key in list(order):
        row = rows.get(key)
        if row is None or row.values is not None or row.note:
            continue
        w = row.width
        n = len(row.found)
        if n < 2 * w or n % w:
            continue
        k = n // w
        i = order.index(key)
        for block in (order[i:i + k], order[i - k + 1:i + 1] if i - k + 1 >= 0 else []):
            if len(block) != k:
                continue
            others = [rows.get(b) for b in block if b != key]
            # every row of the block must be printed (its label found somewhere), and none read already: rows of
            # the form that the report does not show never receive numbers
            if any(o is None or o.values is not None or (o.found and o.note == "") for o in others):
                continue
            if any(p.vkind not in ("number", "zero") for p in row.found):
                continue
            results = []
            for how in ("row", "column"):
                if how == "row":
                    chunks = [row.found[j * w:(j + 1) * w] for j in range(k)]
                else:
                    chunks = [[row.found[c * k + j] for c in range(w)] for j in range(k)]
                if all(rule([p.value if p.vkind in ("number", "zero") else None for p in ch]) for ch in chunks):
                    results.append((how, chunks))
            if not results:
                continue
            distinct = {tuple(tuple(p.text for p in ch) for ch in r[1]) for r in results}
            if len(distinct) != 1:
                continue
            how, chunks = results[0]
            for b, ch in zip(block, chunks):
                target = rows[b]
                target.values = ch
                target.found = ch
                target.note = (f"{k} rows printed as one block of {n} numbers after one label; read "
                               f"{'row by row' if how == 'row' else 'column by column'}, the only order in "
                               f"which every row holds ({described('t3', 'row')})")
            break


def resolve_t3_splits(rows: list[Row]) -> None:
    """Rows left ambiguous by their own sum: try every combination against the column sums of the table."""
    amb = [r for r in rows if r.values is None and r.split_candidates]
    if not amb:
        return
    size = 1
    for r in amb:
        size *= len(r.split_candidates)
    if size > 20000:
        return
    fixed = {r.key: [p.value if p.vkind in ("number", "zero") else None for p in r.values]
             for r in rows if r.values is not None}
    good = []
    for combo in itertools.product(*[r.split_candidates for r in amb]):
        table = dict(fixed)
        table.update({r.key: list(v) for r, v in zip(amb, combo)})
        if columns_hold("t3", table):
            good.append(combo)
            if len(good) > 1:
                return
    if len(good) == 1:
        for r, v in zip(amb, good[0]):
            src = r.found
            r.values = [synthetic(p, x) for p, x in zip(spread(src, list(v)), v)]
            digits = " ".join(p.text for p in src)
            r.note = (f"run-together digits '{digits}' split into 7 numbers: {len(r.split_candidates)} splits satisfy "
                      f"the row's sum; made unique by the table's column sums ({described('t3', 'column')})")
