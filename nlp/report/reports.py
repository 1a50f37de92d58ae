"""The 报告列表 view: every report file with its body, year, title, level, format, kind, pages, status and check
counts; each row is the anchor (``r<N>``) that problems and checks elsewhere link to.
"""
from __future__ import annotations

from collections import Counter

from .checks import check_cells
from .data import year_key
from .escape import clip, e
from .labels import KINDS, LEVELS, STATUSES
from .limits import MAX_REPORT_ROWS
from .markup import more, table
from .model import ReportModel


def _order(m: ReportModel, i: int) -> tuple:
    """Unreadable files last, then by body (files without one after the rest), year and path."""
    r = m.reports[i]
    return (r.get("status") == "error", not r.get("jurisdiction"), str(r.get("jurisdiction") or ""),
            year_key(str(r.get("year") or "")), str(r.get("path") or ""))


def reports_view(m: ReportModel) -> str:
    rows = []
    for i in sorted(range(len(m.reports)), key=lambda i: _order(m, i))[:MAX_REPORT_ROWS]:
        r = m.reports[i]
        href = m.file_href(r)
        cc = m.checks_by_report.get(str(r.get("report_id")), Counter())
        body = m.bodies.get(str(r.get("jurisdiction") or ""))
        jur = (f'<a href="#{body.anchor}">{e(body.name)}</a>' if body else e(r.get("jurisdiction") or "—"))
        path = f'<a class="file" href="{e(href)}">{e(r.get("path"))}</a>' if href else e(r.get("path"))
        msg = f'<br><small class="msg">{e(clip(r.get("message"), 300))}</small>' if r.get("message") else ""
        rows.append(f'<tr id="r{i}" class="st-{e(r.get("status"))}"><td>{jur}</td><td>{e(r.get("year") or "—")}</td>'
                    f'<td>{e(r.get("title") or r.get("report_id"))}<br><small>{path}</small>{msg}</td>'
                    f'<td>{e(LEVELS.get(str(r.get("level") or ""), r.get("level")))}</td>'
                    f'<td>{e(r.get("format") or "—")}</td><td>{e(KINDS.get(str(r.get("kind") or ""), r.get("kind")))}</td>'
                    f'<td class="n">{e(r.get("n_pages") or "")}</td>'
                    f'<td>{e(STATUSES.get(str(r.get("status")), r.get("status")))}</td>' + check_cells(cc) + "</tr>")
    return ('<section class="view" id="reports"><h2>报告列表 <small>All report files</small></h2>'
            + table(["主体", "年度", "标题 / 文件", "层级", "格式", "类型", "页数", "状态", "通过", "不一致", "存疑",
                     "无法判断"], rows, "data", ' id="report-table"')
            + more(len(m.reports) - MAX_REPORT_ROWS, "份报告") + "</section>")
