"""The table identities (lexicons/table_identities.yaml): they load, and both the reader's repairs and the checks
use each one, so the two can never disagree about which sums tie tables 3 and 4 together."""
from __future__ import annotations

import shutil

import pytest
import yaml

from nlp.checks.report import check_report
from nlp.lexicon import lexicon_dir
from nlp.rules import load_rules
from nlp.tables import Cell
from nlp.tables import identities as ids
from nlp.tables.identities import IDENTITIES_FILE, Identity, axes, columns_hold, identities, parse, row_rule
from nlp.tables.repairs import split_run_together
from test_checks import GOOD_T4, t3, t4

DECLARED = [i for table in ("t3", "t4") for i in identities(table)]


def good_cells(table: str) -> list[Cell]:
    """A consistent table (every identity holds)."""
    return t3() if table == "t3" else t4(GOOD_T4)


def broken(ident: Identity) -> tuple[list[Cell], str]:
    """The consistent table with one cell of the identity's parts raised by 1, and the rule that must now fail."""
    rows, cols = axes(ident.table)
    cells = good_cells(ident.table)
    printed = [r for r in rows if any(c.row_key == r for c in cells)]
    if ident.in_each == "column":
        row, col, rule = next(r for r in ident.parts if r in printed), cols[0], f"{ident.rule}_{cols[0]}"
    else:
        row, col, rule = printed[0], ident.parts[0], f"{ident.rule}_{printed[0]}"
    out = [Cell(c.report_id, c.table, c.row_key, c.col_key, str(c.value + 1), c.value + 1, "number", c.page)
           if (c.row_key, c.col_key) == (row, col) else c for c in cells]
    return out, rule


def as_rows(cells: list[Cell], cols: list[str]) -> dict[str, list]:
    """Row key → values in column order (what the reader's column test receives)."""
    return {r: [next(c.value for c in cells if (c.row_key, c.col_key) == (r, col)) for col in cols]
            for r in dict.fromkeys(c.row_key for c in cells)}


def test_identities_file_loads():
    assert [i.rule for i in identities("t3")] == ["t3_balance", "t3_results_total", "t3_applicants_sum"]
    assert [i.rule for i in identities("t4")] == ["t4_sum"]
    for ident in DECLARED:
        rows, cols = axes(ident.table)
        keys = cols if ident.in_each == "row" else rows
        assert ident.says and set(ident.parts + ident.equals) <= set(keys), ident.rule


@pytest.mark.parametrize("change, error", [
    ({"parts": ["new", "no_such_row"]}, "no_such_row not a row key of t3"),
    ({"in_each": "cell"}, "in_each must be row or column"),
    ({"rule": "balance"}, "must start with 't3_'"),
    ({"equals": []}, "equals must be a non-empty list"),
    ({"extra": 1}, "needs exactly the fields"),
])
def test_a_wrong_identity_is_refused_with_its_place(change, error):
    item = {**load_rules().table_identities.t3[0], **change}
    with pytest.raises(ValueError, match="mine.yaml: t3 identity 1") as exc:
        parse({"t3": [item]}, "mine.yaml")
    assert error in str(exc.value)


@pytest.mark.parametrize("ident", DECLARED, ids=lambda i: i.rule)
def test_checks_flag_a_broken_identity_by_its_rule(ident):
    rules = {c.rule: c for c in check_report(good_cells(ident.table), None, "r")}
    cells, rule = broken(ident)
    assert rules[rule].status == "pass"
    failed = {c.rule: c for c in check_report(cells, None, "r")}[rule]
    assert failed.status == "fail" and ident.says in failed.message


@pytest.mark.parametrize("ident", [i for i in DECLARED if i.in_each == "column"], ids=lambda i: i.rule)
def test_reader_column_test_refuses_a_broken_identity(ident):
    cols = axes(ident.table)[1]
    assert columns_hold(ident.table, as_rows(good_cells(ident.table), cols))
    assert not columns_hold(ident.table, as_rows(broken(ident)[0], cols))


@pytest.mark.parametrize("table, digits, n", [("t3", "385002146", 7), ("t3", "010001112", 7),
                                              ("t4", "10203120001200000", 15)])
def test_reader_splits_run_together_digits_only_by_the_identities(table, digits, n):
    cols = axes(table)[1]
    mine = [i for i in identities(table) if i.in_each == "row"]

    def satisfies(values: list[int]) -> bool:
        rows = [dict(zip(cols, values[g:g + len(cols)])) for g in range(0, n, len(cols))]
        return all(i.holds(row.get) for i in mine for row in rows)

    every_cut = split_run_together(digits, n, None, limit=10 ** 6).candidates
    assert len(every_cut) > 1
    accepted = split_run_together(digits, n, row_rule(table), limit=10 ** 6).candidates
    assert accepted == [cut for cut in every_cut if satisfies(cut)] != []


@pytest.fixture
def without_rule(tmp_path, monkeypatch):
    """A copy of the lexicons whose identities file lacks one rule, in force for the test."""
    def clear() -> None:
        ids._declared.cache_clear()

    def make(rule: str) -> None:
        folder = tmp_path / "lexicons"
        shutil.copytree(lexicon_dir(), folder)
        data = yaml.safe_load((folder / IDENTITIES_FILE).read_text(encoding="utf-8"))
        data = {t: [i for i in items if i["rule"] != rule] for t, items in data.items()}
        (folder / IDENTITIES_FILE).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        monkeypatch.setenv("ZWGK_LEXICONS", str(folder))
        clear()

    yield make
    monkeypatch.undo()
    clear()


def test_an_identity_taken_out_of_the_file_leaves_both_reader_and_checks(without_rule):
    assert split_run_together("385002146", 7, row_rule("t3")).values == [38, 5, 0, 0, 2, 1, 46]
    without_rule("t3_applicants_sum")
    # the checks no longer test it, and the reader no longer splits digits by it
    assert not [c for c in check_report(good_cells("t3"), None, "r") if c.rule.startswith("t3_applicants_sum")]
    assert [c for c in check_report(good_cells("t3"), None, "r") if c.rule.startswith("t3_balance")]
    assert split_run_together("385002146", 7, row_rule("t3")).values is None
