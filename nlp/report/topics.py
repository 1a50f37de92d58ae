"""Problems by topic in the report: the problem table (on body and topic pages), the topic × year heatmap with its
note (on the overview and body pages), and one page per topic (主题) listing its problems across bodies and years.
"""
from __future__ import annotations

from .charts import bar_chart, heatmap
from .data import topic_ids, year_key
from .escape import clip, e
from .limits import MAX_HEATMAP_YEARS, MAX_RECURRING_BODIES, MAX_TOPIC_ROWS
from .markup import body_link, more, report_links, table
from .model import FirstRows, ReportModel, TopicProblems, TopicYears, is_still_open, is_vague

HEATMAP_NOTE = ('<p class="note">格子中的数字是该年报告中标注该主题的问题条数（一条问题可有多个主题）；'
                '点击格子查看该主题的全部问题。Cell = number of problems tagged with the topic.</p>')


def problem_table(m: ReportModel, problems: list[dict], with_body: bool, anchors: bool) -> str:
    rows = []
    for p in problems:
        topics = "".join(f'<a class="tp" href="#t-{t}" title="{e(m.topic_name(t))}">{t}</a>'
                         for t in dict.fromkeys(topic_ids(p.get("topics"))))
        vague = ' <span class="tag warn">笼统</span>' if is_vague(p) else ""
        rid = f' id="{p["_anchor"]}"' if anchors else ""
        first = ""
        if with_body:
            body = m.bodies.get(str(p.get("jurisdiction") or ""))
            first = (f'<td><a href="#{body.anchor}">{e(body.name)}</a></td>' if body
                     else f'<td>{e(p.get("jurisdiction"))}</td>')
        rows.append(f'<tr{rid}>{first}<td>{e(p.get("year"))}</td><td>{e(clip(p.get("text")))}{vague}</td>'
                    f'<td>{topics}</td><td>{report_links(m, str(p.get("report_id")), str(p.get("page") or ""))}</td></tr>')
    head = (["主体 body"] if with_body else []) + ["年度", "问题 problem", "主题", "出处 source"]
    return table(head, rows, "data problems")


def heatmap_for(m: ReportModel, counted: TopicYears, years: list[str], no_report: set[str], uid: str,
                title: str) -> str:
    """The heatmap of the problems ``counted`` over the most recent years; ``uid`` "all" is the corpus-wide map
    (its tooltips name the body)."""
    counts, tips = counted.counts, counted.tips
    years = years[-MAX_HEATMAP_YEARS:]
    shown = [t for t in sorted({t for t, _ in counts}) if any(counts.get((t, y)) for y in years)]
    return heatmap([(t, m.topic_label(t)) for t in shown], years, counts, tips, no_report, uid, title,
                   lambda t: f"#t-{t}") + HEATMAP_NOTE


def _recurring(m: ReportModel, recs: FirstRows) -> str:
    items = "".join(
        f'<li>{body_link(m, str(r.get("jurisdiction")))}：{e(str(r.get("years") or "").replace(";", "、"))}'
        f'{"（仍存在 still open）" if is_still_open(r) else ""}</li>'
        for r in recs.rows())
    return (f'<h3>反复出现该问题的主体 <small>Bodies where it recurs ({recs.n})</small></h3><ul>{items}</ul>'
            + more(recs.n - MAX_RECURRING_BODIES, "个主体"))


def _topic_page(m: ReportModel, t: str, ps: TopicProblems, recs: FirstRows | None) -> str:
    definition = m.topic_definition(t)
    bodies, yc = ps.bodies, ps.years
    out = [f'<section class="view topic" id="t-{t}"><h2>{e(m.topic_label(t))} <small>主题 topic</small></h2>',
           f'<p class="def">{e(definition)}</p>' if definition else "",
           f'<div class="cards"><div class="card" data-stat="topic_problems"><b>{ps.first.n}</b><span>问题条目<small>problems</small></span></div>'
           f'<div class="card"><b>{len(bodies)}</b><span>涉及主体<small>bodies</small></span></div></div>',
           '<h3>按年度 <small>by year</small></h3>',
           bar_chart([(y, yc[y]) for y in sorted(yc, key=year_key)], f"{t} 按年度", "条", "#e34a33")]
    if recs is not None:
        out.append(_recurring(m, recs))
    out.append(f"<h3>问题清单 <small>Problems ({ps.first.n})</small></h3>")
    out.append(problem_table(m, ps.first.rows(), with_body=True, anchors=False) + more(ps.first.n - MAX_TOPIC_ROWS))
    out.append("</section>")
    return "".join(out)


def topic_pages(m: ReportModel) -> tuple[list[tuple[str, str, int]], str]:
    """The topic pages, and the navigation entries (topic id, label, number of problems) in topic order."""
    nav, pages = [], []
    for t in sorted(m.topics):
        ps = m.topics[t]
        nav.append((t, m.topic_label(t), ps.first.n))
        pages.append(_topic_page(m, t, ps, m.recurring_by_topic.get(t)))
    return nav, "".join(pages)
