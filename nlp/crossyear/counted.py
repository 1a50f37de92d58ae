"""Evidence from the statistical tables: where a promise names something the tables count, the figures of N and
N+1 are compared (taxonomy §4: "复议纠错数下降 (table 四)" shows a promise on replies carried out).

A promise to reduce corrections on review ("有效降低行政复议纠错率") rarely gets a sentence of its own in N+1;
the tables answer it. Each entry of ``followup.counted`` (``lexicons/tracking.yaml``) says which words of a promise
name a counted thing, which cells count it and which way is better. The comparison becomes one evidence unit of
kind ``table`` ("统计表（行政复议被纠错）：2023年 3，2024年 1（减少）"), decided like any sentence: a change the
promised way is a count (a concreteness marker), no change or the other way is generic wording. Only a promise
that names no kind of action can be ``reported`` on figures alone (:mod:`.decision`): a figure is a result, not
the promised step.
"""
from __future__ import annotations

from collections.abc import Mapping

from ..text.punctuation import CLAUSE
from ..text.width import match_copy
from .evidence import Commitment, Unit
from .features import Concreteness, actions_of, specific_bigrams
from ..rules_tracking import rules

Figures = Mapping[tuple[str, str, str], float]  # (table, row_key, col_key) → value, for one report


def table_units(c: Commitment, year: int, before: Figures | None, after: Figures | None) -> list[Unit]:
    """One evidence unit per counted thing that the promise names and both reports' tables give."""
    if not before or not after:
        return []
    copy = match_copy(c.text)
    units = []
    for counted in rules().counted:
        m = counted.words.search(copy)
        if m is None:
            continue
        a, b = _total(counted.cells, before), _total(counted.cells, after)
        if a is None or b is None:
            continue
        change = "减少" if b < a else "增加" if b > a else "持平"
        # the promise's clause the figures answer is quoted, so that it counts as covered (and the row says so)
        clause = next((p.group(0).strip("，,。；; ") for p in CLAUSE.finditer(c.text) if p.start() <= m.start() < p.end()),
                      m.group(0))
        text = f"统计表（{counted.name}）：{year}年 {a:g}，{year + 1}年 {b:g}（{change}），对应“{clause}”"
        better = (b < a) if counted.better == "lower" else (b > a)
        concrete = Concreteness([], [f"{year + 1}年 {b:g}"] if better else [], [], [])
        units.append(Unit(f"table:{counted.name}", "table", text, c.main, specific_bigrams(text), actions_of(text),
                          concrete))
    return units


def _total(cells: tuple[tuple[str, str, str], ...], figures: Figures) -> float | None:
    """The sum of the cells, or None when one of them was not read."""
    values = [figures.get(key) for key in cells]
    return None if any(v is None for v in values) else float(sum(values))  # type: ignore[arg-type]
