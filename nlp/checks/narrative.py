"""Narrative against tables: a figure the text states (「收到申请46件」) compared with the table cell it names.

The patterns, the cells they name and the words of a narrower scope are data (``narrative`` and
``narrative_scope_words`` of ``lexicons/table_labels.yaml``); rule ``text_<key>``. A mismatch is ``fail`` only
when nothing else explains it: another reading that agrees (a figure that includes carried-over applications)
makes it ``pass``, blank cells or a sentence naming a narrower scope make it ``uncertain``.
"""
from __future__ import annotations

import re

from ..read.document import Document
from ..tables.labels import labels
from .check import Check
from .sums import Sum, as_number, cell_ref, first_few, row_cell, sum_all


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


def _target(cm: dict, spec: str) -> Sum:
    """The table figure a narrative figure is compared with: ``table.row.col``, or a sum of them with ``+``."""
    terms = [term.strip().split(".") for term in spec.split("+")]
    return sum_all(row_cell(cm, table, row, col) for table, row, col in terms)


def text_checks(report_id: str, cm: dict, doc: Document) -> list[Check]:
    """``text_<key>``: each figure the narrative states (patterns in the lexicon), at most three per key."""
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


def _text_check(report_id: str, key: str, n: int, span: tuple[int, int], text: str, doc: Document, cm: dict,
                target: str, also: list[str], scope_words: list[str]) -> Check:
    """One narrative figure ``n`` (at ``span`` of ``text``) against ``target``, or one of the other readings ``also``."""
    start = text.rfind("。", 0, span[0]) + 1
    start = max(start, text.rfind("\n", 0, span[0]) + 1, span[0] - 60)
    snippet = text[start:span[1]].strip()
    page = doc.page_at(span[0])
    where = f"text@{span[0]}" + (f" p{page}" if page is not None else "")
    table = _target(cm, target)
    evidence = f"{where} «{snippet}» | " + "; ".join(cell_ref(c) for c in table.cells)
    rule = f"text_{key}"
    what = f"text says {n}, table {target}"
    if table.bad:
        return Check(report_id, rule, "not_assessable", n, None, f"{what}: cannot assess — " + first_few(table.bad), evidence)
    value = as_number(table.value)
    if value == n:
        return Check(report_id, rule, "pass", n, value, f"{what} = {value}", evidence)
    for alt in also:
        alt_sum = _target(cm, alt)
        if not alt_sum.bad and as_number(alt_sum.value) == n:
            return Check(report_id, rule, "pass", n, as_number(alt_sum.value),
                         f"{what}: {value}; the text's {n} = {alt} (it counts carried-over applications too)", evidence)
    if table.blanks:
        return Check(report_id, rule, "uncertain", n, value, f"{what} = {value} with blank cells as 0", evidence)
    clause = text[start:span[1]]
    scoped = [w for w in scope_words if w in clause]
    if scoped:
        return Check(report_id, rule, "uncertain", n, value,
                     f"{what} = {value}; the sentence may speak of a narrower scope ({'、'.join(scoped)})", evidence)
    return Check(report_id, rule, "fail", n, value, f"{what} = {value}: the narrative and the table disagree", evidence)
