"""Consistency (勾稽) checks on the statutory tables, against the narrative, and across years.

Every check is one :class:`Check` (one row of ``checks.csv``) with a status:

- ``pass``: the numbers agree;
- ``fail``: printed numbers disagree (``expected`` is what the parts imply, ``actual`` what is printed);
- ``uncertain``: they disagree only if blank or ``/`` cells are read as 0, or the text may speak of a
  narrower scope (「区政府办代表区政府受理…」), or a table-2 cell is blank, text or not a whole number;
- ``not_assessable``: a cell the rule needs is unreadable, missing or text — a damaged table never "fails".

Why these statuses: a reader of ``checks.csv`` acts on ``fail``; it must therefore mean a fault *printed in the
report*, never an artefact of reading it. Blank and ``/`` cells are counted as 0 only to say that the table
would be consistent that way (``pass``, with the message saying so).

Rules (``rule`` column; ``<col>``/``<row>`` are the keys of ``lexicons/table_labels.yaml``):

- ``t2_read`` / ``t3_read`` / ``t4_read``: the table was found and every cell read;
- ``t3_balance_<col>``: 一、新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度 (printed on the form), per column;
- ``t3_results_total_<col>``: the result rows （一）…（六） add up to （七）总计, per column;
- ``t3_applicants_sum_<row>``: the six applicant columns add up to the 总计 column, per row;
- ``t3_group_<group>``: a group （三）–（六） is read as its full set of sub-rows or as one printed row, and a
  printed group row agrees with its sub-rows;
- ``t4_sum_<row>``: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计, per row;
- ``t2_value_<row>_<col>``: counts are non-negative integers (本年增/减 may be negative; amounts may have
  decimals);
- ``text_<key>``: a figure the narrative states (「收到申请46件」) against the table (patterns in the lexicon);
- ``xyear_t3_carry_over``: last year's 结转下年度 (总计) = this year's 上年结转;
- ``xyear_t2_in_force_<row>``: 现行有效(Y) = 现行有效(Y−1) + 本年制发(Y) − 本年废止(Y).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..read.document import Document
from ..tables.extract import Cell, cell_map, labels, t3_columns, t3_groups, t3_row_keys, t4_keys

CHECK_COLUMNS = ["report_id", "rule", "status", "expected", "actual", "message", "evidence"]
STATUSES = ("pass", "fail", "uncertain", "not_assessable")


@dataclass
class Check:
    """One row of ``checks.csv``."""

    report_id: str
    rule: str
    status: str
    expected: float | int | str | None = None
    actual: float | int | str | None = None
    message: str = ""
    evidence: str = ""


# --------------------------------------------------------------------------------------------------------------
# Sums over cells


@dataclass(slots=True)
class _Sum:
    """A sum of cells: its value with blank/dash counted as 0, and what kept it from being exact."""

    value: float | int = 0
    cells: list[Cell] = field(default_factory=list)
    blanks: list[Cell] = field(default_factory=list)   # blank or dash, counted as 0
    bad: list[str] = field(default_factory=list)       # unreadable / text / missing cells

    def add(self, other: "_Sum") -> "_Sum":
        return _total((self, other))


def _ref(c: Cell) -> str:
    raw = c.raw if c.value_kind != "unreadable" else "?"
    page = f"@p{c.page}" if c.page is not None else ""
    return f"{c.table}.{c.row_key}.{c.col_key}={raw or '∅'}{page}"


def _cells(cm: dict, keys: Iterable[tuple[str, str, str]]) -> _Sum:
    """The sum of the cells at ``keys`` (``(table, row, col)``), in order: one sum for a whole row, not one per
    cell then added up (a report's checks sum some 400 cells)."""
    out = _Sum()
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
            out.bad.append(f"{_ref(c)} is {c.value_kind}")
    return out


def _one(cm: dict, table: str, row: str, col: str) -> _Sum:
    return _cells(cm, [(table, row, col)])


def _t3_row(cm: dict, row: str, col: str) -> _Sum:
    """A t3 row, where a group row counts through its sub-rows (or its own printed row when it has none)."""
    subs = t3_groups().get(row)
    if subs is not None and any(("t3", s, col) in cm for s in subs):
        return _cells(cm, [("t3", s, col) for s in subs])
    return _one(cm, "t3", row, col)


def _total(parts: Iterable[_Sum]) -> _Sum:
    """The sum of ``parts``, in order (one new sum extended in place, not a new one per part)."""
    out = _Sum()
    for p in parts:
        out.value += p.value
        out.cells += p.cells
        out.blanks += p.blanks
        out.bad += p.bad
    return out


def _cap(text: str, n: int = 1500) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _few(items: list[str], n: int = 3) -> str:
    return "; ".join(items[:n]) + (f"; and {len(items) - n} more" if len(items) > n else "")


def _num(v: float | int) -> float | int:
    return int(v) if float(v).is_integer() else round(v, 4)


def _compare(report_id: str, rule: str, parts: _Sum, printed: _Sum, what: str) -> Check:
    """``parts`` should equal ``printed``."""
    evidence = _cap("; ".join(map(_ref, parts.cells)) + " | " + "; ".join(map(_ref, printed.cells)))
    if parts.bad or printed.bad:
        return Check(report_id, rule, "not_assessable", None, None, f"{what}: cannot assess — " + _few(parts.bad + printed.bad),
                     evidence)
    e, a = _num(parts.value), _num(printed.value)
    blanks = parts.blanks + printed.blanks
    note = (f" (blank or dash cells counted as 0: {', '.join(f'{c.row_key}.{c.col_key}' for c in blanks)})"
            if blanks else "")
    if e == a:
        return Check(report_id, rule, "pass", e, a, f"{what}: {e} = {a}{note}", evidence)
    if blanks:
        return Check(report_id, rule, "uncertain", e, a,
                     f"{what}: {e} ≠ {a} if blank or dash cells mean 0{note}", evidence)
    return Check(report_id, rule, "fail", e, a, f"{what}: the parts give {e}, the table prints {a}", evidence)


# --------------------------------------------------------------------------------------------------------------
# Per-report rules


def _read_checks(report_id: str, cells: list[Cell], doc: Document | None) -> list[Check]:
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


def _t3_checks(report_id: str, cm: dict) -> list[Check]:
    if not any(k[0] == "t3" for k in cm):
        return []
    out: list[Check] = []
    cols = t3_columns()
    result_rows = labels().raw["t3"]["result_rows"]
    for col in cols:
        left = _t3_row(cm, "new", col).add(_t3_row(cm, "carried_in", col))
        right = _t3_row(cm, "total", col).add(_t3_row(cm, "carried_out", col))
        out.append(_compare(report_id, f"t3_balance_{col}", left, right,
                            f"{col}: 新收 + 上年结转 = 总计 + 结转下年度"))
    for col in cols:
        parts = _total(_t3_row(cm, r, col) for r in result_rows)
        out.append(_compare(report_id, f"t3_results_total_{col}", parts, _t3_row(cm, "total", col),
                            f"{col}: 办理结果（一）至（六） = （七）总计"))
    present = [r for r in t3_row_keys() + list(t3_groups()) if ("t3", r, "total") in cm]
    for row in present:
        parts = _cells(cm, [("t3", row, c) for c in cols[:6]])
        out.append(_compare(report_id, f"t3_applicants_sum_{row}", parts, _one(cm, "t3", row, "total"),
                            f"{row}: 六类申请人之和 = 总计"))
    out.extend(_group_checks(report_id, cm, cols))
    return out


def _group_checks(report_id: str, cm: dict, cols: list[str]) -> list[Check]:
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
                             f"{group}: {len(unreadable)} cells unreadable", "; ".join(_ref(c) for c in unreadable[:7])))
            continue
        if have and own:
            bad = []
            for col in cols:
                chk = _compare(report_id, rule, _cells(cm, [("t3", s, col) for s in subs]), _one(cm, "t3", group, col), "")
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


def _t4_checks(report_id: str, cm: dict) -> list[Check]:
    rows, cols = t4_keys()
    if not any(k[0] == "t4" for k in cm):
        return []
    out = []
    for row in rows:
        parts = _cells(cm, [("t4", row, c) for c in cols[:4]])
        out.append(_compare(report_id, f"t4_sum_{row}", parts, _one(cm, "t4", row, cols[4]),
                            f"{row}: 维持 + 纠正 + 其他 + 尚未审结 = 总计"))
    return out


def _t2_checks(report_id: str, cells: list[Cell]) -> list[Check]:
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
        ev = _ref(c)
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
                out.append(Check(report_id, rule, "pass", None, _num(v), f"{c.row_key}.{c.col_key} = {c.raw}", ev))
            elif v < 0 and kind != "signed_count":
                out.append(Check(report_id, rule, "fail", None, _num(v), f"{c.row_key}.{c.col_key} = {c.raw}: {why}", ev))
            else:
                out.append(Check(report_id, rule, "uncertain", None, _num(v), f"{c.row_key}.{c.col_key} = {c.raw}: {why}", ev))
    return out


# --------------------------------------------------------------------------------------------------------------
# Text against tables

_SENT = re.compile(r"[^。；！？\n]*")


def _narrative(doc: Document) -> str:
    """The text with table rows blanked out (same length, so offsets stay valid)."""
    lines = doc.text.split("\n")
    out = []
    for line in lines:
        s = line.strip()
        if s.startswith("|") or " | " in line:
            out.append(" " * len(line))
        else:
            out.append(line)
    return "\n".join(out)


def _target(cm: dict, spec: str) -> _Sum:
    terms = [term.strip().split(".") for term in spec.split("+")]
    return _total(_t3_row(cm, row, col) if table == "t3" else _one(cm, table, row, col) for table, row, col in terms)


def _text_checks(report_id: str, cm: dict, doc: Document) -> list[Check]:
    tables = {k[0] for k in cm}
    if not tables:  # every figure is compared with a table: nothing to compare (most pre-2019 reports)
        return []
    lex = labels().raw
    text = _narrative(doc)
    scope_words = lex.get("narrative_scope_words", [])
    is_2019 = ("t2", "normative_docs", "made") in cm or ("t2", "regulations", "made") in cm
    used: list[tuple[int, int]] = []
    out: list[Check] = []
    for spec in lex.get("narrative", []):
        key = spec["key"]
        target = spec.get("target_2019") if is_2019 and spec.get("target_2019") else spec["target"]
        if target.split(".")[0] not in tables:
            continue
        seen: dict[int, tuple[int, int]] = {}
        for pat in spec["patterns"]:
            for m in re.finditer(pat, text):
                span = m.span()
                if any(a < span[1] and span[0] < b for a, b in used):
                    continue
                n = int(m.group("n"))
                seen.setdefault(n, span)
        for n, span in list(seen.items())[:3]:
            used.append(span)
            out.append(_text_check(report_id, key, n, span, text, doc, cm, target, spec.get("also", []), scope_words))
    return out


def _text_check(report_id, key, n, span, text, doc, cm, target, also, scope_words) -> Check:
    start = text.rfind("。", 0, span[0]) + 1
    start = max(start, text.rfind("\n", 0, span[0]) + 1, span[0] - 60)
    snippet = text[start:span[1]].strip()
    page = doc.page_at(span[0])
    where = f"text@{span[0]}" + (f" p{page}" if page is not None else "")
    table = _target(cm, target)
    evidence = f"{where} «{snippet}» | " + "; ".join(_ref(c) for c in table.cells)
    rule = f"text_{key}"
    what = f"text says {n}, table {target}"
    if table.bad:
        return Check(report_id, rule, "not_assessable", n, None, f"{what}: cannot assess — " + _few(table.bad), evidence)
    value = _num(table.value)
    if value == n:
        return Check(report_id, rule, "pass", n, value, f"{what} = {value}", evidence)
    for alt in also:
        alt_sum = _target(cm, alt)
        if not alt_sum.bad and _num(alt_sum.value) == n:
            return Check(report_id, rule, "pass", n, _num(alt_sum.value),
                         f"{what}: {value}; the text's {n} = {alt} (it counts carried-over applications too)", evidence)
    if table.blanks:
        return Check(report_id, rule, "uncertain", n, value, f"{what} = {value} with blank cells as 0", evidence)
    clause = text[start:span[1]]
    scoped = [w for w in scope_words if w in clause]
    if scoped:
        return Check(report_id, rule, "uncertain", n, value,
                     f"{what} = {value}; the sentence may speak of a narrower scope ({'、'.join(scoped)})", evidence)
    return Check(report_id, rule, "fail", n, value, f"{what} = {value}: the narrative and the table disagree", evidence)


def check_report(cells: list[Cell], doc: Document | None, report_id: str) -> list[Check]:
    """All per-report checks: table reading, the sums of tables 3 and 4, table-2 values, text vs tables."""
    cells = [c for c in cells if c.report_id == report_id] or list(cells)
    cm = cell_map(cells)
    out = _read_checks(report_id, cells, doc)
    out += _t3_checks(report_id, cm)
    out += _t4_checks(report_id, cm)
    out += _t2_checks(report_id, cells)
    if doc is not None:
        out += _text_checks(report_id, cm, doc)
    return out


# --------------------------------------------------------------------------------------------------------------
# Across years


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
    out = []
    if any(k[0] == "t3" for k in pm) and any(k[0] == "t3" for k in cm):
        chk = _compare(rid, "xyear_t3_carry_over", _one(pm, "t3", "carried_out", "total"),
                       _one(cm, "t3", "carried_in", "total"),
                       f"{prev_year} 结转下年度 ({prev_id}) = {year} 上年结转 ({rid})")
        cols = [c for c in t3_columns()[:6]
                if _compare(rid, "", _one(pm, "t3", "carried_out", c), _one(cm, "t3", "carried_in", c), "").status == "fail"]
        if cols:
            chk.message += f"; also differs in column(s) {', '.join(cols)}"
        out.append(chk)
    if any(k[0] == "t2" for k in pm) and any(k[0] == "t2" for k in cm):
        for row in ("regulations", "normative_docs"):
            rule = f"xyear_t2_in_force_{row}"
            if not any(k[:2] == ("t2", row) for k in cm):
                continue
            if ("t2", row, "in_force") not in pm or ("t2", row, "in_force") not in cm:
                old = [str(y) for y, m in ((prev_year, pm), (year, cm)) if ("t2", row, "published_total") in m]
                why = (f"the {' and '.join(old)} report uses the 2019 trial table (对外公开总数量, not 现行有效件数)"
                       if old else "the row is missing from one year's table 2")
                out.append(Check(rid, rule, "not_assessable", None, None, f"{row}: cannot compare 现行有效 — {why}",
                                 f"{prev_id} / {rid}"))
                continue
            parts = _one(pm, "t2", row, "in_force").add(_one(cm, "t2", row, "issued"))
            repealed = _one(cm, "t2", row, "repealed")
            parts = _Sum(parts.value - repealed.value, parts.cells + repealed.cells, parts.blanks + repealed.blanks,
                         parts.bad + repealed.bad)
            chk = _compare(rid, rule, parts, _one(cm, "t2", row, "in_force"),
                           f"{row}: 现行有效 {prev_year} + 本年制发 − 本年废止 = 现行有效 {year}")
            if chk.status == "fail":
                chk.message += " (documents that lapse without repeal, 自然失效, also make this differ)"
            out.append(chk)
    return out
