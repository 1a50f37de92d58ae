"""The checks within one report: each table read, the identities of tables 3 and 4, table 3's groups and the
values of table 2; :func:`check_report` adds the narrative's figures (:mod:`.narrative`).

Rules (``rule`` column; ``<col>``/``<row>`` are the keys of ``lexicons/table_labels.yaml``):

- ``t2_read`` / ``t3_read`` / ``t4_read``: the table was found and every cell read;
- the identities declared in ``lexicons/table_identities.yaml``, the same the reader's repairs rely on:
  ``t3_balance_<col>`` (一、新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度, per column),
  ``t3_results_total_<col>`` (the result rows （一）…（六） add up to （七）总计, per column),
  ``t3_applicants_sum_<row>`` (the six applicant columns add up to the 总计 column, per row) and ``t4_sum_<row>``
  (结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计, per row);
- ``t3_group_<group>``: a group （三）–（六） is read as its full set of sub-rows or as one printed row, and a
  printed group row agrees with its sub-rows;
- ``t2_value_<row>_<col>``: counts are non-negative integers (本年增/减 may be negative; amounts may have
  decimals).
"""
from __future__ import annotations

from ..read.document import Document
from ..tables import Cell, cell_map
from ..tables.identities import axes, identities
from ..tables.labels import labels, t3_columns, t3_groups
from .check import Check
from .narrative import text_checks
from .sums import as_number, cell_ref, compare, one_cell, row_cell, sum_all, sum_cells


def check_report(cells: list[Cell], doc: Document | None, report_id: str) -> list[Check]:
    """All per-report checks: table reading, the sums of tables 3 and 4, table-2 values, text vs tables."""
    cells = [c for c in cells if c.report_id == report_id] or list(cells)
    cm = cell_map(cells)
    out = _read_checks(report_id, cells, doc)
    out += _identity_checks(report_id, cm, "t3")
    if any(k[0] == "t3" for k in cm):
        out += _group_checks(report_id, cm, t3_columns())
    out += _identity_checks(report_id, cm, "t4")
    out += _t2_checks(report_id, cells)
    if doc is not None:
        out += text_checks(report_id, cm, doc)
    return out


def _read_checks(report_id: str, cells: list[Cell], doc: Document | None) -> list[Check]:
    """``t2_read`` / ``t3_read`` / ``t4_read``: whether each table was found and every cell read."""
    out = []
    names = {"t2": "table 2 (主动公开)", "t3": "table 3 (依申请)", "t4": "table 4 (复议诉讼)"}
    fmt = getattr(getattr(doc, "metadata", None), "format", "") if doc is not None else ""
    for t, name in names.items():
        mine = [c for c in cells if c.table == t]
        if not mine:
            why = " (the report uses the pre-2019 format, which has no such table)" if fmt == "pre2019" else ""
            out.append(Check(report_id, f"{t}_read", "not_assessable", None, None, f"{name} not found{why}", ""))
            continue
        bad = [c for c in mine if c.value_kind == "unreadable"]
        if not bad:
            out.append(Check(report_id, f"{t}_read", "pass", len(mine), len(mine),
                             f"{name}: all {len(mine)} cells read", ""))
            continue
        rows = sorted({c.row_key for c in bad}, key=[c.row_key for c in mine].index)
        notes = sorted({c.note for c in bad if c.note})
        out.append(Check(report_id, f"{t}_read", "uncertain", len(mine), len(mine) - len(bad),
                         f"{name}: {len(bad)} of {len(mine)} cells unreadable (rows {', '.join(rows)})",
                         " / ".join(notes)[:500]))
    return out


def _identity_checks(report_id: str, cm: dict, table: str) -> list[Check]:
    """Each identity of ``lexicons/table_identities.yaml`` of ``table``, checked in every column it holds in
    (``<rule>_<col>``) or in every row the report prints (``<rule>_<row>``), in the file's order."""
    if not any(k[0] == table for k in cm):
        return []
    rows, cols = axes(table)
    out: list[Check] = []
    for ident in identities(table):
        if ident.in_each == "column":
            for col in cols:
                parts = sum_all(row_cell(cm, table, r, col) for r in ident.parts)
                printed = sum_all(row_cell(cm, table, r, col) for r in ident.equals)
                out.append(compare(report_id, f"{ident.rule}_{col}", parts, printed, f"{col}: {ident.says}"))
            continue
        for row in rows:
            if not any((table, row, c) in cm for c in ident.equals):
                continue
            parts = sum_cells(cm, [(table, row, c) for c in ident.parts])
            printed = sum_cells(cm, [(table, row, c) for c in ident.equals])
            out.append(compare(report_id, f"{ident.rule}_{row}", parts, printed, f"{row}: {ident.says}"))
    return out


def _group_checks(report_id: str, cm: dict, cols: list[str]) -> list[Check]:
    """``t3_group_<group>``: a group is read as its full set of sub-rows or as one printed row, and a printed
    group row agrees with its sub-rows."""
    out = []
    for group, subs in t3_groups().items():
        have = [s for s in subs if ("t3", s, "total") in cm]
        own = ("t3", group, "total") in cm
        rule = f"t3_group_{group}"
        if not have and not own:
            out.append(Check(report_id, rule, "not_assessable", len(subs), 0, f"{group}: no row of the group found"))
            continue
        rows = {*have, group}
        unreadable = [c for c in cm.values() if c.value_kind == "unreadable" and c.table == "t3" and c.row_key in rows]
        if unreadable:
            out.append(Check(report_id, rule, "not_assessable", None, None,
                             f"{group}: {len(unreadable)} cells unreadable", "; ".join(cell_ref(c) for c in unreadable[:7])))
            continue
        if have and own:
            bad = []
            for col in cols:
                chk = compare(report_id, rule, sum_cells(cm, [("t3", s, col) for s in subs]), one_cell(cm, "t3", group, col), "")
                if chk.status != "pass":
                    bad.append((col, chk))
            if not bad:
                out.append(Check(report_id, rule, "pass", None, None, f"{group}: printed group row = sum of its sub-rows"))
            else:
                status = "fail" if any(c.status == "fail" for _, c in bad) else bad[0][1].status
                out.append(Check(report_id, rule, status, bad[0][1].expected, bad[0][1].actual,
                                 f"{group}: group row ≠ sum of sub-rows in {', '.join(c for c, _ in bad)}",
                                 bad[0][1].evidence))
            continue
        if own:
            out.append(Check(report_id, rule, "pass", 1, 1, f"{group}: printed as one row (template without sub-rows)"))
        elif len(have) == len(subs):
            out.append(Check(report_id, rule, "pass", len(subs), len(have), f"{group}: all {len(subs)} sub-rows read"))
        else:
            missing = [s for s in subs if s not in have]
            out.append(Check(report_id, rule, "uncertain", len(subs), len(have),
                             f"{group}: {len(have)} of {len(subs)} sub-rows found (missing {', '.join(missing)})"))
    return out


def _t2_checks(report_id: str, cells: list[Cell]) -> list[Check]:
    """``t2_value_<row>_<col>``: counts are non-negative whole numbers (本年增/减 may be negative; amounts may
    have decimals)."""
    kinds = {}
    for kind, keys in labels().raw["t2"]["column_kinds"].items():
        for k in keys:
            kinds[k] = kind
    out = []
    for c in cells:
        if c.table != "t2":
            continue
        rule = f"t2_value_{c.row_key}_{c.col_key}"
        kind = kinds.get(c.col_key, "count")
        ev = cell_ref(c)
        if c.value_kind == "unreadable":
            out.append(Check(report_id, rule, "not_assessable", None, None, f"{c.row_key}.{c.col_key} unreadable: {c.note}", ev))
        elif c.value_kind in ("blank", "dash", "text"):
            what = {"blank": "blank", "dash": f"'{c.raw}'", "text": f"text '{c.raw}'"}[c.value_kind]
            out.append(Check(report_id, rule, "uncertain", None, c.raw,
                             f"{c.row_key}.{c.col_key} is {what}: none, not applicable or not filled in?", ev))
        else:
            v = c.value
            integral = float(v).is_integer()
            if kind == "amount":
                ok, why = v >= 0, "an amount must not be negative"
            elif kind == "signed_count":
                ok, why = integral, "a change in a count must be a whole number"
            else:
                ok, why = v >= 0 and integral, "a count must be a non-negative whole number"
            if ok:
                out.append(Check(report_id, rule, "pass", None, as_number(v), f"{c.row_key}.{c.col_key} = {c.raw}", ev))
            elif v < 0 and kind != "signed_count":
                out.append(Check(report_id, rule, "fail", None, as_number(v), f"{c.row_key}.{c.col_key} = {c.raw}: {why}", ev))
            else:
                out.append(Check(report_id, rule, "uncertain", None, as_number(v), f"{c.row_key}.{c.col_key} = {c.raw}: {why}", ev))
    return out
