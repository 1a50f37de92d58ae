"""Checks across years: consecutive reports of one body, where one year's table carries into the next.

Rules: ``xyear_t3_carry_over`` (last year's 结转下年度 (总计) = this year's 上年结转) and
``xyear_t2_in_force_<row>`` (现行有效(Y) = 现行有效(Y−1) + 本年制发(Y) − 本年废止(Y)). Each belongs to the later
report.
"""
from __future__ import annotations

from typing import Sequence

from ..tables import Cell, cell_map
from ..tables.labels import t3_columns
from .check import Check
from .sums import Sum, compare, one_cell


def check_across_years(series: Sequence[tuple[str, int | None, list[Cell]]]) -> list[Check]:
    """Checks between consecutive years of one body's reports: ``(report_id, year, cells)`` in any order.

    Each check belongs to the later report. A year with two reports is paired with each of them.
    """
    items = sorted(((rid, y, cells) for rid, y, cells in series if y is not None), key=lambda t: (t[1], t[0]))
    out: list[Check] = []
    for prev_id, prev_year, prev_cells in items:
        for rid, year, cells in items:
            if year != prev_year + 1:
                continue
            out.extend(_pair_checks(prev_id, prev_year, cell_map(prev_cells), rid, year, cell_map(cells)))
    return out


def _pair_checks(prev_id: str, prev_year: int, pm: dict, rid: str, year: int, cm: dict) -> list[Check]:
    """The checks of one pair of consecutive reports (``pm``, ``cm``: their cell maps)."""
    out = []
    if any(k[0] == "t3" for k in pm) and any(k[0] == "t3" for k in cm):
        out.append(_carry_over(prev_id, prev_year, pm, rid, year, cm))
    if any(k[0] == "t2" for k in pm) and any(k[0] == "t2" for k in cm):
        for row in ("regulations", "normative_docs"):
            if any(k[:2] == ("t2", row) for k in cm):
                out.append(_in_force(row, prev_id, prev_year, pm, rid, year, cm))
    return out


def _carry_over(prev_id: str, prev_year: int, pm: dict, rid: str, year: int, cm: dict) -> Check:
    """``xyear_t3_carry_over`` on the 总计 column, naming the applicant columns that differ too."""
    chk = compare(rid, "xyear_t3_carry_over", one_cell(pm, "t3", "carried_out", "total"),
                  one_cell(cm, "t3", "carried_in", "total"),
                  f"{prev_year} 结转下年度 ({prev_id}) = {year} 上年结转 ({rid})")
    cols = [c for c in t3_columns()[:6]
            if compare(rid, "", one_cell(pm, "t3", "carried_out", c), one_cell(cm, "t3", "carried_in", c), "").status == "fail"]
    if cols:
        chk.message += f"; also differs in column(s) {', '.join(cols)}"
    return chk


def _in_force(row: str, prev_id: str, prev_year: int, pm: dict, rid: str, year: int, cm: dict) -> Check:
    """``xyear_t2_in_force_<row>``; not assessable across the 2019 trial table, which prints no 现行有效."""
    rule = f"xyear_t2_in_force_{row}"
    if ("t2", row, "in_force") not in pm or ("t2", row, "in_force") not in cm:
        old = [str(y) for y, m in ((prev_year, pm), (year, cm)) if ("t2", row, "published_total") in m]
        why = (f"the {' and '.join(old)} report uses the 2019 trial table (对外公开总数量, not 现行有效件数)"
               if old else "the row is missing from one year's table 2")
        return Check(rid, rule, "not_assessable", None, None, f"{row}: cannot compare 现行有效 — {why}",
                     f"{prev_id} / {rid}")
    parts = one_cell(pm, "t2", row, "in_force").add(one_cell(cm, "t2", row, "issued"))
    repealed = one_cell(cm, "t2", row, "repealed")
    parts = Sum(parts.value - repealed.value, parts.cells + repealed.cells, parts.blanks + repealed.blanks,
                parts.bad + repealed.bad)
    chk = compare(rid, rule, parts, one_cell(cm, "t2", row, "in_force"),
                  f"{row}: 现行有效 {prev_year} + 本年制发 − 本年废止 = 现行有效 {year}")
    if chk.status == "fail":
        chk.message += " (documents that lapse without repeal, 自然失效, also make this differ)"
    return chk
