"""The numbers of the gold statistical tables (table 3 total column, table 4) against ``tables.csv``.

Gold names its fields as GOLD_FORMAT.md does; the map below ties each one to the (table, row_key, col_key) of a
cell we write.
"""
from __future__ import annotations

from .items import ReportScore

T3_GOLD = {"new": "new", "carried_in": "carried_in", "disclosed": "disclosed", "partly": "partly_disclosed",
           "total_handled": "total", "carried_out": "carried_out"}
T4_GOLD = [(row, col) for row in ("review", "litigation_direct", "litigation_after_review")
           for col in ("upheld", "corrected", "other", "pending", "total")]


def score_tables(gold: dict, cells: list[dict], rs: ReportScore) -> None:
    """Every number of the gold tables against tables.csv (a null gold value is not counted): right, a gap
    (missing, unreadable, blank) or wrong (another number: ``rs.table_wrong``)."""
    tables = gold.get("tables") or {}
    got = {(c["table"], c["row_key"], c["col_key"]): c for c in cells}

    def compare(what: str, want, key: tuple[str, str, str]) -> None:
        if want is None:
            return
        rs.table_total += 1
        cell = got.get(key)
        value = cell["value"] if cell else None
        try:
            number = float(value) if value not in (None, "") else None
        except ValueError:
            number = None
        if number is not None and number == float(want):
            rs.table_ok += 1
            return
        # a cell left unreadable/blank is a gap; a cell read as another number is a wrong number
        wrong = number is not None
        rs.table_wrong += wrong
        rs.table_errors.append(f"{what}: gold {want}, read {cell['raw'] if cell else None!r}"
                               + (" — WRONG NUMBER" if wrong else ""))
    for field_name, row in T3_GOLD.items():
        compare(f"t3 total {field_name}", (tables.get("t3_total_column") or {}).get(field_name), ("t3", row, "total"))
    for (row, col), want in zip(T4_GOLD, tables.get("t4") or []):
        compare(f"t4 {row}/{col}", want, ("t4", row, col))
