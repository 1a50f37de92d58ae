"""One page per body (报告主体): its reports, the topic × year heatmap of the problems it names, recurring
weaknesses, promise follow-up, copied-text flags (section 五 / overview similar to the year before, stale year tokens),
vague problems, failed checks, and every problem with a link to its report and page.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .checks import check_cells, check_table
from .data import TOPIC_ID, to_float, year_text
from .escape import clip, e
from .followup import followup_section
from .labels import FORMATS, JUDGED, KINDS, LEVELS, SERIES_FLAGS, STATUSES
from .limits import MAX_BODY_PROBLEMS, MAX_CHECK_ROWS, NEAR_DUPLICATE
from .markup import more, report_links, section, table
from .model import Body, ReportModel, is_still_open, is_vague, series_flags, year_range, year_span
from .topics import heatmap_for, problem_table


def _header(m: ReportModel, b: Body, fu: Counter, vague: list[dict], copied: list[dict]) -> str:
    cards = [("问题条目", "problems", len(b.problems)), ("改进承诺", "commitments", b.n_commitments),
             ("承诺已落实 / 可判断", "promises reported / judged",
              f'{fu["reported"]}/{sum(fu[s] for s in JUDGED)}' if m.d.has("followup") else "—"),
             ("照搬提示", "copied-text flags", len(copied) if m.d.has("series") else "—"),
             ("笼统问题", "vague problems", len(vague) if m.has_vague else "—"),
             ("校验不一致", "failed checks", b.n_fails)]
    return (f'<h2>{e(b.name)} <small>{e(LEVELS.get(b.level, b.level))} · {len(b.reports)} 份报告 · '
            f'{e(year_span(b.years))}</small></h2>'
            '<div class="cards">' + "".join(
                f'<div class="card{" alert" if en == "failed checks" and v else ""}" data-stat="{e(en)}"><b>{e(v)}</b>'
                f'<span>{zh}<small>{en}</small></span></div>' for zh, en, v in cards) + "</div>")


def _reports(m: ReportModel, b: Body) -> str:
    rows = []
    for i in b.reports:
        r = m.reports[i]
        cc = m.checks_by_report.get(str(r.get("report_id")), Counter())
        href = m.file_href(r)
        title = e(r.get("title") or r.get("report_id"))
        dropped = ' <span class="tag">重复，未计入 duplicate</span>' if str(r.get("report_id")) in m.dropped else ""
        rows.append(f'<tr><td>{e(r.get("year") or "?")}</td><td><a href="#r{i}">{title}</a>{dropped}'
                    + (f' · <a class="file" href="{e(href)}">原文</a>' if href else "")
                    + f'</td><td>{e(FORMATS.get(str(r.get("format") or ""), r.get("format")))}</td>'
                    f'<td>{e(KINDS.get(str(r.get("kind") or ""), r.get("kind")))}</td>'
                    f'<td>{e(STATUSES.get(str(r.get("status")), r.get("status")))}</td>'
                    + check_cells(cc) + "</tr>")
    return ("<h3>报告 <small>Reports</small></h3>"
            + table(["年度", "标题 title", "格式", "类型", "状态", "通过", "不一致", "存疑", "无法判断"], rows))


def _recurring(m: ReportModel, b: Body) -> str:
    return section("<h3>反复出现的问题 <small>Recurring weaknesses</small></h3>",
                   missing="recurring.csv" if not m.d.has("recurring") else "",
                   empty="" if b.recurring else '<p class="ok">没有在两年及以上重复出现的问题主题。</p>',
                   content=lambda: table(["主题 topic", "出现年度", "年数", "最长连续", "最近一年", "例句 examples"],
                                         [_recurring_row(m, r) for r in b.recurring]))


def _recurring_row(m: ReportModel, r: dict) -> str:
    t = str(r.get("topic") or "")
    tname = r.get("topic_name") or m.topic_name(t)
    gaps = str(r.get("gap_years") or "")
    ex = "".join(f"<li>{e(clip(x, 120))}</li>" for x in re.split(r"[｜|]", str(r.get("examples") or "")) if x.strip())
    topic_cell = (f'<a href="#t-{t}">{e(t)} {e(tname)}</a>' if TOPIC_ID.match(t) else f"{e(t)} {e(tname)}")
    return (f'<tr><td>{topic_cell}</td><td>{e(str(r.get("years") or "").replace(";", "、"))}</td>'
            f'<td class="n">{e(r.get("n_years"))}</td><td class="n">{e(r.get("longest_streak"))}</td>'
            f'<td>{"<b class=bad>仍存在</b>" if is_still_open(r) else "已不再提"}'
            f'{f"<br><small>中断后再现：{e(gaps)}</small>" if gaps else ""}</td>'
            f'<td><ul class="ex">{ex}</ul></td></tr>')


def _copied(m: ReportModel, b: Body) -> str:
    return section("<h3>照搬与雷同 <small>Copied text (compared with the previous report)</small></h3>",
                   missing="series.csv" if not m.d.has("series") else "",
                   empty="" if b.series else '<p class="na">只有一年的报告，无法比较 (a single year: nothing to compare)</p>',
                   content=lambda: table(["年度", "对比年度", "第五部分相似度<br><small>problems</small>",
                                          "总体情况相似度<br><small>overview</small>", "过期年份表述 stale year tokens",
                                          "提示 flags"], [_series_row(s) for s in b.series])
                   + '<p class="note">相似度为两年文本的字符二元组相似度（0–100%）；'
                   f'≥ {int(NEAR_DUPLICATE * 100)}% 视为照搬。</p>')


def _similarity(v: Any) -> str:
    """A similarity as a small bar and a percentage, red from the copying threshold on."""
    f = to_float(v)
    if f is None:
        return "—"
    hot = " hot" if f >= NEAR_DUPLICATE else ""
    return (f'<span class="sim{hot}"><i style="width:{max(0.0, min(1.0, f)) * 100:.0f}%"></i></span>'
            f'<span class="simv{hot}">{f * 100:.0f}%</span>')


def _series_row(s: dict) -> str:
    fl = "".join(f'<span class="tag warn" data-flag="{e(f)}">{e(SERIES_FLAGS.get(f, f))}</span>'
                 for f in series_flags(s))
    tokens = str(s.get("copied_year_tokens") or "")
    return (f'<tr><td>{e(year_text(s.get("year")))}</td><td>{e(year_text(s.get("prev_year")))}</td>'
            f'<td>{_similarity(s.get("problems_similarity"))}</td>'
            f'<td>{_similarity(s.get("overview_similarity"))}</td><td>{e(tokens.replace(";", "；")) or "—"}</td>'
            f'<td>{fl or "—"}</td></tr>')


def _vague(m: ReportModel, vague: list[dict]) -> str:
    return section("<h3>笼统的问题表述 <small>Vague problems (no specific object, number or area)</small></h3>",
                   missing="" if m.has_vague else "items.csv 的 vague 列 (the vague column of items.csv)",
                   empty="" if vague else '<p class="ok">没有被判定为笼统的问题。</p>',
                   content=lambda: '<ul class="vague">' + "".join(
                       f'<li><a href="#{p["_anchor"]}">{e(p.get("year"))}</a> {e(clip(p.get("text")))} '
                       f'<small>{report_links(m, str(p.get("report_id")), str(p.get("page") or ""))}</small></li>'
                       for p in vague[:MAX_BODY_PROBLEMS]) + "</ul>" + more(len(vague) - MAX_BODY_PROBLEMS))


def _checks(m: ReportModel, b: Body) -> str:
    out = section("<h3>勾稽校验不一致 <small>Failed consistency checks</small></h3>",
                  missing="checks.csv" if not m.d.has("checks") else "",
                  empty="" if b.n_fails else '<p class="ok">没有不一致的校验项。</p>',
                  content=lambda: check_table(m, b.fails[:MAX_CHECK_ROWS], with_body=False)
                  + more(b.n_fails - MAX_CHECK_ROWS, "项"))
    if b.n_uncertain:
        out += f'<p class="note">另有 {b.n_uncertain} 项存疑（只有把空白或“/”当作 0 才矛盾等），见 checks.csv。</p>'
    return out


def body_page(m: ReportModel, b: Body) -> str:
    fu = Counter(str(r.get("status")) for r in b.followup)
    vague = [p for p in b.problems if is_vague(p)] if m.has_vague else []
    copied = [s for s in b.series if series_flags(s)]
    all_years = year_range(b.years)
    return "".join([
        f'<section class="view body" id="{b.anchor}" data-body="{e(b.name)}">',
        _header(m, b, fu, vague, copied),
        _reports(m, b),
        "<h3>问题主题 × 年度 <small>Problems by topic and year</small></h3>",
        heatmap_for(m, m.topic_years(b.problems), all_years, set(all_years) - set(b.years), b.anchor,
                    f"{b.name} 问题主题 × 年度"),
        _recurring(m, b),
        followup_section(m, b, fu),
        _copied(m, b),
        _vague(m, vague),
        _checks(m, b),
        f"<h3>问题清单 <small>All problems ({len(b.problems)})</small></h3>",
        problem_table(m, b.problems[:MAX_BODY_PROBLEMS], with_body=False, anchors=True)
        + more(len(b.problems) - MAX_BODY_PROBLEMS),
        "</section>",
    ])
