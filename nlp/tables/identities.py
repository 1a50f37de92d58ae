"""The sums that tie tables 3 and 4 together (勾稽关系), declared once in ``lexicons/table_identities.yaml``.

Two stages rely on them. The reader (:mod:`.repairs`) accepts a split of run-together digits, or an order for a
block of numbers, only when it satisfies them; the checks (:mod:`nlp.checks.report`) report each one per row or
column. Both take them from here, so a reading can never be repaired by a sum the checks do not also test.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping, Sequence

from ..rules import load_rules
from .labels import t3_columns, t3_groups, t3_row_keys, t4_keys

IDENTITIES_FILE = "table_identities.yaml"
_FIELDS = ("rule", "says", "in_each", "parts", "equals")

Number = int | float


@dataclass(frozen=True)
class Identity:
    """``sum(parts) == sum(equals)`` in every row (``in_each="row"``: the keys are columns) or in every column
    (``in_each="column"``: the keys are rows) of ``table``; checked as ``<rule>_<row or column key>``."""

    table: str
    rule: str
    says: str
    in_each: str
    parts: tuple[str, ...]
    equals: tuple[str, ...]

    def holds(self, value: Callable[[str], Number | None]) -> bool | None:
        """Whether the sum holds, ``value(key)`` giving each term; None when a term is unknown (nothing refuted)."""
        left = [value(k) for k in self.parts]
        right = [value(k) for k in self.equals]
        if None in left or None in right:
            return None
        return sum(left) == sum(right)


def axes(table: str) -> tuple[list[str], list[str]]:
    """The row keys (table 3's groups included, after its rows) and the column keys of ``table``."""
    if table == "t3":
        return t3_row_keys() + list(t3_groups()), t3_columns()
    if table == "t4":
        return t4_keys()
    raise ValueError(f"no identities for table {table!r}")


def subrows(table: str) -> Mapping[str, tuple[str, ...]]:
    """Group row → its sub-rows, whose sum the group stands for (only table 3 has groups)."""
    return t3_groups() if table == "t3" else {}


def parse(data: Any, source: str = IDENTITIES_FILE) -> dict[str, tuple[Identity, ...]]:
    """The identities of each table, validated against the keys of ``table_labels.yaml``.

    Raises ValueError naming ``source`` and the identity: a misspelt key would otherwise silently make a sum
    that never holds, and the reader would then refuse every repair it guards.
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"{source}: expected tables (t3, t4), each a list of identities")
    out: dict[str, tuple[Identity, ...]] = {}
    for table, items in data.items():
        if table not in ("t3", "t4") or not isinstance(items, (list, tuple)):
            raise ValueError(f"{source}: {table!r} is not t3 or t4 with a list of identities")
        out[table] = tuple(_identity(table, item, f"{source}: {table} identity {i + 1}")
                           for i, item in enumerate(items))
    return out


def _identity(table: str, item: Any, where: str) -> Identity:
    if not isinstance(item, Mapping) or set(item) != set(_FIELDS):
        raise ValueError(f"{where}: needs exactly the fields {', '.join(_FIELDS)}")
    rule, in_each = str(item["rule"]), item["in_each"]
    if not rule.startswith(f"{table}_"):
        raise ValueError(f"{where}: rule {rule!r} must start with '{table}_'")
    if in_each not in ("row", "column"):
        raise ValueError(f"{where} ({rule}): in_each must be row or column, not {in_each!r}")
    rows, cols = axes(table)
    keys = cols if in_each == "row" else rows
    for side in ("parts", "equals"):
        if not isinstance(item[side], (list, tuple)) or not item[side]:
            raise ValueError(f"{where} ({rule}): {side} must be a non-empty list of keys")
        unknown = [k for k in item[side] if k not in keys]
        if unknown:
            axis = "column" if in_each == "row" else "row"
            raise ValueError(f"{where} ({rule}): {', '.join(map(str, unknown))} not a {axis} key of {table}")
    return Identity(table, rule, str(item["says"]), in_each, tuple(item["parts"]), tuple(item["equals"]))


@lru_cache(maxsize=None)
def _declared() -> dict[str, tuple[Identity, ...]]:
    ident = load_rules().table_identities  # read and checked for its shape by nlp.rules; checked for keys here
    return parse({"t3": ident.t3, "t4": ident.t4})


def identities(table: str) -> tuple[Identity, ...]:
    """The identities of ``table`` (``"t3"``, ``"t4"``), in the file's order (the order of the checks)."""
    return _declared().get(table, ())


def described(table: str, in_each: str) -> str:
    """The ``says`` of the identities of ``table`` that hold in each row (``in_each="row"``) or column, for the
    notes of the repairs they decide (``"六类申请人之和 = 总计"``)."""
    return "; ".join(i.says for i in identities(table) if i.in_each == in_each)


def row_rule(table: str) -> Callable[[Sequence[Number | None]], bool]:
    """The test that rows of ``table`` must pass to be accepted from a repair: every value known and every
    ``in_each: row`` identity holding in each row. The values are one row in column order, or several rows one
    after the other (table 4 run together is read as one block)."""
    cols = axes(table)[1]
    sides = [([cols.index(k) for k in i.parts], [cols.index(k) for k in i.equals])
             for i in identities(table) if i.in_each == "row"]
    by_length: dict[int, list[tuple[list[int], list[int]]]] = {}

    # the rule runs once per possible split of a run of digits (up to 300,000 times for one row): each
    # identity's terms are positions in the values, worked out once per length, not keys looked up per call
    def rule(values: Sequence[Number | None]) -> bool:
        if None in values:
            return False
        n = len(values)
        if n not in by_length:
            by_length[n] = [([g + j for j in left], [g + j for j in right])
                            for g in range(0, n, len(cols)) for left, right in sides]
        for left, right in by_length[n]:
            if sum([values[j] for j in left]) != sum([values[j] for j in right]):
                return False
        return True

    return rule


def columns_hold(table: str, values: Mapping[str, Sequence[Number | None]]) -> bool:
    """Whether no ``in_each: column`` identity of ``table`` is broken by ``values`` (row key → the row's values in
    column order; a row absent or a value None is unknown, and an identity with an unknown term is not broken)."""
    mine = [i for i in identities(table) if i.in_each == "column"]
    groups = subrows(table)
    for j in range(len(axes(table)[1])):
        def cell(key: str) -> Number | None:
            row = values.get(key)
            return None if row is None else row[j]

        def term(key: str) -> Number | None:  # a group: the sum of its sub-rows when all are known
            if key in groups:
                subs = [cell(s) for s in groups[key]]
                if None not in subs:
                    return sum(subs)
            return cell(key)

        if any(i.holds(term) is False for i in mine):
            return False
    return True
