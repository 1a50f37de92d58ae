"""The 评分 scorecard view: a sortable table of reports (body × year) by indicator, each cell linking to its
evidence below, and the score always beside its parts (``scorecard.csv``; the weights are in
``lexicons/scorecard.yaml``).
"""
from __future__ import annotations

import heapq

from .data import records, to_float, year_key
from .escape import e
from .labels import LEVELS
from .limits import MAX_SCORECARD_ROWS
from .markup import more, na, table
from .model import ReportModel

# indicator → (Chinese name, English); order of scorecard.csv
INDICATORS = {
    "on_time": ("按时发布", "on time"), "sections_complete": ("章节完整", "sections"),
    "format_matches_year": ("格式与年度", "format"), "tables_complete": ("统计表完整", "tables read"),
    "tables_consistent": ("勾稽一致", "consistent"), "government_extras": ("考核评议追究", "§50 extras"),
    "fees_reported": ("信息处理费", "fees"), "problems_specific": ("问题具体", "problems"),
    "promises_followed": ("承诺落实", "promises"), "not_copied": ("未照搬", "not copied"),
    "applications_plausible": ("申请数合理", "applications"),
}
STATUS = {"pass": ("✓", "通过"), "warn": ("!", "提示"), "fail": ("✗", "不合格"), "unknown": ("?", "无法判断")}
_RANK = {"fail": 0, "warn": 1, "unknown": 2, "pass": 3}  # sort order: the worst first


_ORDER_COLUMNS = ("jurisdiction", "year", "report_id")  # what _order reads


def _order(m: ReportModel, row: dict) -> tuple:
    return (not row.get("jurisdiction"), str(row.get("jurisdiction") or ""), year_key(str(row.get("year") or "")),
            str(row.get("report_id")))


def _first(m: ReportModel) -> tuple[int, list[dict]]:
    """The number of rows of scorecard.csv and the first MAX_SCORECARD_ROWS in the page's order (equal rows as in
    the file), read chunk by chunk: a chunk's first rows are found on the columns the order reads, and only those
    are made whole."""
    n = 0
    best: list[tuple[tuple, int, dict]] = []  # (order, row number, row)
    for chunk in m.d.chunks("scorecard"):
        columns = [c for c in _ORDER_COLUMNS if c in chunk.columns]
        keys = [_order(m, dict(zip(columns, values))) for values in zip(*(chunk[c].tolist() for c in columns))] \
            if columns else [_order(m, {})] * len(chunk)
        first = heapq.nsmallest(MAX_SCORECARD_ROWS, range(len(chunk)), key=keys.__getitem__)
        rows = records(chunk.iloc[first]) or []
        best = heapq.nsmallest(MAX_SCORECARD_ROWS, best + [(keys[i], n + i, row) for i, row in zip(first, rows)],
                               key=lambda b: b[:2])
        n += len(chunk)
    return n, [row for _, _, row in best]


def _row(m: ReportModel, j: int, r: dict) -> str:
    i = m.rid_index.get(str(r.get("report_id")))
    body = m.bodies.get(str(r.get("jurisdiction") or ""))
    name = f'<a href="#{body.anchor}">{e(body.name)}</a>' if body else e(r.get("jurisdiction") or r.get("report_id"))
    year = e(r.get("year") or "—")
    year = f'<a href="#r{i}">{year}</a>' if i is not None else year
    score = to_float(r.get("score"))
    cells = [f'<td data-v="{e(r.get("jurisdiction") or "")}">{name}</td>',
             f'<td class="n" data-v="{e(year_key(str(r.get("year") or ""))[0])}">{year}</td>',
             f'<td>{e(LEVELS.get(str(r.get("level") or ""), r.get("level")))}</td>',
             f'<td class="n" data-v="{score if score is not None else -1}" title="{e(r.get("score_basis"))}">'
             f'<a href="#sc{j}">{e(r.get("score") or "—")}</a></td>']
    for k, (zh, _) in INDICATORS.items():
        status = str(r.get(k) or "unknown")
        mark, word = STATUS.get(status, ("?", status))
        cells.append(f'<td class="sc sc-{e(status)}" data-v="{_RANK.get(status, 2)}" title="{e(zh)}：{e(word)}">'
                     f'<a href="#sc{j}-{k}">{mark}</a></td>')
    return "<tr>" + "".join(cells) + "</tr>"


def _evidence(m: ReportModel, j: int, r: dict) -> str:
    rows = []
    for k, (zh, en) in INDICATORS.items():
        status = str(r.get(k) or "unknown")
        mark, word = STATUS.get(status, ("?", status))
        rows.append(f'<tr id="sc{j}-{k}"><td>{e(zh)}<br><small>{e(en)}</small></td>'
                    f'<td class="sc sc-{e(status)}">{mark} {e(word)}</td><td>{e(r.get(f"{k}_evidence"))}</td></tr>')
    head = (f'{e(r.get("jurisdiction") or r.get("report_id"))} {e(r.get("year") or "")} '
            f'<small>{e(r.get("report_id"))}</small>')
    return (f'<div class="sc-ev" id="sc{j}"><h3>{head}</h3><p class="note">得分 score {e(r.get("score") or "—")}：'
            f'{e(r.get("score_basis"))}</p>' + table(["指标 indicator", "结果", "依据 evidence"], rows, "data") + "</div>")


def scorecard_view(m: ReportModel) -> str:
    out = ['<section class="view" id="scorecard"><h2>评分 <small>Scorecard: the evaluator\'s checklist</small></h2>']
    if not m.d.has("scorecard"):
        out.append(na("scorecard.csv") + "</section>")
        return "".join(out)
    out.append('<p class="note">每份报告逐项检查：✓ 通过 pass，! 提示 warn，✗ 不合格 fail，? 无法判断 unknown（输入无法判断，'
               '从不猜测）。点击单元格查看依据，点击表头排序。得分（0–100）是各项的加权汇总（权重见 lexicons/scorecard.yaml），'
               '未判断和不适用的指标不计入；请与各项结果一起阅读。</p>')
    n, shown = _first(m)
    head = ["主体", "年度", "层级", "得分"] + [f'{zh}<br><small>{en}</small>' for zh, en in INDICATORS.values()]
    out.append(table(head, (_row(m, j, r) for j, r in enumerate(shown)), "data sortable scorecard", ' id="scorecard-table"'))
    out.append(more(n - MAX_SCORECARD_ROWS, "份报告"))
    out.append('<h3>依据 <small>Evidence</small></h3>')
    out.extend(_evidence(m, j, r) for j, r in enumerate(shown))
    out.append("</section>")
    return "".join(out)
