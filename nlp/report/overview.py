"""The 概览 overview page: key figures; reports by year (bar chart + table), by level, format version, reading method
and status; the files that could not be read or look suspicious; all problems as a topic × year heatmap and the
most frequent topics; follow-up statuses; failed checks; and a table of all bodies with their key figures.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime

from .charts import bar_chart, hbar_chart, stacked_bar
from .checks import check_table
from .data import year_key
from .escape import clip, e
from .labels import (CHECK_STATUSES, FORMAT_ORDER, FORMATS, JUDGED, KINDS, LEVEL_ORDER, LEVELS, STATUS_ORDER,
                     STATUSES)
from .limits import MAX_ERROR_ROWS
from .markup import more, na, table
from .model import ReportModel, is_vague, series_flags, year_span
from .topics import heatmap_for

TOP_TOPICS = 15  # topics in the "most frequent" chart


def _count_table(counter: Counter, labels: dict[str, str], head: str, attr: str, order: list[str] | None = None) -> str:
    """Reports per value (in ``order``, then by count), each count tagged ``data-<attr>`` with its value."""
    keys = order or sorted(counter, key=lambda k: (-counter[k], k))
    keys = [k for k in keys if counter.get(k)] + [k for k in counter if k not in keys and counter[k]]
    rows = [f'<tr><td>{e(labels.get(k, k) if k in labels else k)}</td><td class="n" data-{attr}="{e(k)}">{counter[k]}</td></tr>'
            for k in keys]
    rows.append(f'<tr class="total"><td>合计 total</td><td class="n">{sum(counter.values())}</td></tr>')
    return table([head, "报告数"], rows, "data compact")


def _cards(m: ReportModel, status: Counter) -> str:
    cards = [
        ("reports_total", "报告文件", "files", len(m.reports)),
        ("reports_ok", "已分析", "analysed", status.get("ok", 0) + status.get("warning", 0)),
        ("reports_warning", "有警告", "warnings", status.get("warning", 0)),
        ("reports_error", "无法读取", "errors", status.get("error", 0)),
        ("bodies", "报告主体", "bodies", len(m.bodies_all)),
        ("problems", "问题条目", "problems", m.kind_counts.get("problem", 0)),
        ("commitments", "改进承诺", "commitments", m.kind_counts.get("commitment", 0)),
        ("checks_fail", "校验不一致", "failed checks", m.check_counts.get("fail", 0)),
    ]
    if m.has_vague:
        cards.append(("vague", "笼统问题", "vague problems", m.n_vague))
    return '<div class="cards">' + "".join(
        f'<div class="card{" alert" if k in ("reports_error", "checks_fail") and v else ""}" data-stat="{k}">'
        f'<b>{v}</b><span>{zh}<small>{en}</small></span></div>' for k, zh, en, v in cards) + "</div>"


def _by_year(years: Counter, ykeys: list[str]) -> str:
    pairs = [(y, years[y]) for y in ykeys] + ([("未识别", years[""])] if years.get("") else [])
    rows = [f'<tr><td>{e(y)}</td><td class="n" data-year="{e(y)}">{years[y]}</td></tr>' for y in ykeys]
    if years.get(""):
        rows.append(f'<tr><td>未识别 unknown</td><td class="n" data-year="">{years[""]}</td></tr>')
    rows.append(f'<tr class="total"><td>合计 total</td><td class="n">{sum(years.values())}</td></tr>')
    return ('<h3>按年度 <small>Reports by year (analysed files)</small></h3><div class="row">'
            + bar_chart(pairs, "按年度的报告数 reports by year")
            + table(["年度 year", "报告数"], rows, "data compact", ' id="by-year"') + "</div>")


def _breakdowns(analysed: list[dict], status: Counter) -> str:
    levels = Counter(str(r.get("level") or "") for r in analysed)
    formats = Counter(str(r.get("format") or "") for r in analysed)
    kinds = Counter(str(r.get("kind") or "") for r in analysed)
    return ('<div class="row">'
            f'<div><h3>按层级 <small>by level</small></h3>{_count_table(levels, LEVELS, "层级", "level", LEVEL_ORDER)}</div>'
            f'<div><h3>按格式版本 <small>by format</small></h3>{_count_table(formats, FORMATS, "格式", "format", FORMAT_ORDER)}</div>'
            f'<div><h3>按读取方式 <small>by file kind</small></h3>{_count_table(kinds, KINDS, "类型", "kind")}</div>'
            f'<div><h3>按状态 <small>by status (all files)</small></h3>{_count_table(status, STATUSES, "状态", "status", STATUS_ORDER)}</div>'
            "</div>")


def _errors(m: ReportModel) -> str:
    bad = [(i, r) for i, r in enumerate(m.reports) if r.get("status") in ("error", "warning")]
    bad.sort(key=lambda x: (x[1].get("status") != "error", str(x[1].get("path"))))
    out = f'<h3 id="errors">无法读取或有警告的文件 <small>Errors and warnings ({len(bad)})</small></h3>'
    if not bad:
        return out + '<p class="ok">所有文件均已正常分析。</p>'
    rows = [f'<tr class="st-{e(r.get("status"))}"><td><a href="#r{i}">{e(r.get("report_id"))}</a><br>'
            f'<small>{e(r.get("path"))}</small></td><td>{e(STATUSES.get(str(r.get("status")), r.get("status")))}</td>'
            f'<td>{e(clip(r.get("message"), 400))}</td></tr>' for i, r in bad[:MAX_ERROR_ROWS]]
    return (out + table(["文件 file", "状态", "原因 message"], rows, "data", ' id="error-table"')
            + more(len(bad) - MAX_ERROR_ROWS, "个文件"))


def _problems(m: ReportModel, ykeys: list[str]) -> str:
    """Problems by topic and year, all bodies, and the most frequent topics."""
    tc = m.topic_counts
    top = sorted(tc, key=lambda t: (-tc[t], t))[:TOP_TOPICS]
    return ('<h3>问题主题 × 年度 <small>Problems by topic and year, all bodies</small></h3>'
            + heatmap_for(m, m.all_topic_years, ykeys, set(), "all", "全部主体的问题主题分布")
            + '<h3>最常见的问题主题 <small>Most frequent problem topics</small></h3>'
            + hbar_chart([(m.topic_label(t), tc[t], f"#t-{t}") for t in top], f"问题主题 top {TOP_TOPICS}"))


def _followup(m: ReportModel) -> str:
    out = '<h3>承诺落实 <small>Promise follow-up, all bodies</small></h3>'
    if not m.d.has("followup"):
        return out + na("followup.csv")
    return out + stacked_bar(m.followup_counts, "承诺落实情况")


def _checks(m: ReportModel) -> str:
    out = '<h3>勾稽校验 <small>Consistency checks of the statistical tables</small></h3>'
    if not m.d.has("checks"):
        return out + na("checks.csv")
    cc = m.check_counts
    out += ('<p class="checkline">' + " · ".join(
        f'{zh} <b class="{"bad" if k == "fail" and cc.get(k) else ""}" data-check="{k}">{cc.get(k, 0)}</b>'
        for k, zh in CHECK_STATUSES.items()) + ' · <a href="#checks">全部校验结果 all checks →</a></p>')
    if m.fails:
        out += check_table(m, m.fails[:10], with_body=True) + more(m.n_fails - 10, "项")
    return out


def _body_table(m: ReportModel) -> str:
    head = ["主体 body", "层级", "年度", "报告", "问题", "承诺", "已落实/可判断", "照搬提示", "笼统问题", "校验不一致"]
    rows = []
    for name, b in m.bodies.items():
        fu = Counter(str(r.get("status")) for r in b.followup)
        judged = sum(fu[s] for s in JUDGED)
        fu_cell = f'{fu["reported"]}/{judged}' if m.d.has("followup") and judged else "—"
        flags = sum(1 for s in b.series if series_flags(s))
        vague = sum(1 for p in b.problems if is_vague(p)) if m.has_vague else "—"
        rows.append(f'<tr><td><a href="#{b.anchor}">{e(name)}</a></td><td>{e(LEVELS.get(b.level, b.level))}</td>'
                    f'<td>{e(year_span(b.years))}</td><td class="n">{len(b.reports)}</td>'
                    f'<td class="n">{len(b.problems)}</td><td class="n">{b.n_commitments}</td>'
                    f'<td class="n">{fu_cell}</td><td class="n">{flags if m.d.has("series") else "—"}</td>'
                    f'<td class="n">{vague}</td><td class="n{" bad" if b.n_fails else ""}">{b.n_fails}</td></tr>')
    return (f'<h3>报告主体一览 <small>All bodies ({len(m.bodies_all)})</small></h3>'
            + table(head, rows, "data", ' id="body-table"') + more(m.n_bodies_hidden, "个主体"))


def overview(m: ReportModel) -> str:
    status = Counter(str(r.get("status") or "") for r in m.reports)
    analysed = [r for r in m.reports if r.get("status") != "error"]
    years = Counter(str(r.get("year") or "") for r in analysed)
    ykeys = sorted((y for y in years if y), key=year_key)
    return "".join([
        '<section class="view" id="overview"><h2>概览 <small>Corpus overview</small></h2>',
        f'<p class="meta">输出目录 output folder: <code>{e(m.d.out_dir.resolve())}</code> · '
        f'生成时间 generated {e(datetime.now().strftime("%Y-%m-%d %H:%M"))}</p>',
        _cards(m, status),
        _by_year(years, ykeys),
        _breakdowns(analysed, status),
        _errors(m),
        _problems(m, ykeys),
        _followup(m),
        _checks(m),
        _body_table(m),
        "</section>",
    ])
