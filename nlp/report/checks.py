"""The consistency checks in the report: the 勾稽校验 view (counts per rule family, the failed and uncertain checks),
the table of failed checks shown on the overview and on body pages, and the per-report count cells.
"""
from __future__ import annotations

from collections import Counter

from .escape import clip, e
from .limits import MAX_CORPUS_CHECKS
from .markup import more, na, table
from .model import ReportModel


def check_cells(cc: Counter) -> str:
    """Four cells: passed, failed, uncertain, not assessable (a failure in red)."""
    return "".join(f'<td class="n{" bad" if s == "fail" and cc.get(s) else ""}">{cc.get(s, 0)}</td>'
                   for s in ("pass", "fail", "uncertain", "not_assessable"))


def check_table(m: ReportModel, rows: list[dict], with_body: bool) -> str:
    out = []
    for c in rows:
        rid = str(c.get("report_id") or "")
        i = m.rid_index.get(rid)
        r = m.reports[i] if i is not None else {}
        where = (f'<a href="#r{i}">{e(r.get("year") or "?")}年</a>' if i is not None else e(rid))
        if with_body:
            body = m.bodies.get(str(r.get("jurisdiction") or ""))
            bname = (f'<a href="#{body.anchor}">{e(body.name)}</a>' if body else e(r.get("jurisdiction") or rid))
            where = f"{bname} · {where}"
        rule = str(c.get("rule") or "")
        out.append(f'<tr class="check-{e(c.get("status"))}" data-rule="{e(rule)}"><td>{where}</td>'
                   f'<td><code>{e(rule)}</code><br><small>{e(m.rule_label(rule))}</small></td>'
                   f'<td class="n">{e(c.get("expected"))}</td><td class="n">{e(c.get("actual"))}</td>'
                   f'<td>{e(clip(c.get("message"), 300))}</td><td><small>{e(clip(c.get("evidence"), 300))}</small></td></tr>')
    return table(["报告", "规则 rule", "应为 expected", "实际 actual", "说明 message", "依据 evidence"], out,
                 "data checks")


def checks_view(m: ReportModel) -> str:
    out = ['<section class="view" id="checks"><h2>勾稽校验 <small>Consistency checks</small></h2>']
    if not m.d.has("checks"):
        out.append(na("checks.csv") + "</section>")
        return "".join(out)
    out.append('<p class="note">不一致 fail：报告中印出的数字互相矛盾；存疑 uncertain：只有把空白或“/”当作 0 才矛盾，或口径不同；'
               '无法判断 not assessable：所需单元格无法读取或缺失。</p>')
    rows = []
    for fam in sorted(m.family_counts, key=lambda f: (-sum(m.family_counts[f].values()), f)):
        cc = m.family_counts[fam]
        rows.append(f"<tr><td>{e(fam)}</td>" + check_cells(cc) + "</tr>")
    rows.append('<tr class="total"><td>合计 total</td>' + check_cells(m.check_counts) + "</tr>")
    out.append(table(["规则 rule", "通过", "不一致", "存疑", "无法判断"], rows, "data compact", ' id="check-summary"'))
    out.append(f'<h3>不一致 <small>Failed ({m.n_fails})</small></h3>')
    out.append(check_table(m, m.fails[:MAX_CORPUS_CHECKS], with_body=True) if m.fails
               else '<p class="ok">没有不一致的校验项。</p>')
    out.append(more(m.n_fails - MAX_CORPUS_CHECKS, "项"))
    if m.uncertain:
        out.append(f'<h3>存疑 <small>Uncertain ({m.n_uncertain})</small></h3>')
        out.append(check_table(m, m.uncertain[:MAX_CORPUS_CHECKS], with_body=True)
                   + more(m.n_uncertain - MAX_CORPUS_CHECKS, "项"))
    out.append("</section>")
    return "".join(out)
