"""The page frame of the HTML report and its entry points: navigation, head (Content-Security-Policy, styles),
the views in order, the switching script, and :func:`render_report` / :func:`write_report`.

The stylesheet and the script are package data (``assets/report.css``, ``assets/report.js``), read through
:mod:`importlib.resources` so that an installed wheel finds them; both are inlined, as the page must open from disk
with no network. The CSP allows that one script by its SHA-256, so even a missed escape could not run a script.
"""
from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from importlib.resources import files
from pathlib import Path
from string import Template

from ..outputs.sinks import write_text_atomic
from .body import body_page
from .checks import checks_view
from .data import load
from .escape import e
from .labels import LEVEL_ORDER, LEVELS
from .model import Body, ReportModel
from .overview import overview
from .reports import reports_view
from .scorecard import scorecard_view
from .topics import topic_pages

FONT_STACK = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", '
              '"Microsoft YaHei", "微软雅黑", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "SimHei", '
              '"Droid Sans Fallback", "Segoe UI", Arial, sans-serif')
TITLE = "政府信息公开工作年度报告分析 · zwgk report"


def _asset(name: str) -> str:
    return (files("nlp.report") / "assets" / name).read_text(encoding="utf-8")


def _nav_bodies(m: ReportModel) -> str:
    """The bodies grouped by level, each with its number of reports and of failed checks."""
    groups: dict[str, list[Body]] = defaultdict(list)
    for b in m.bodies.values():
        groups[b.level if b.level in LEVELS else ""].append(b)
    body_html = []
    for lv in LEVEL_ORDER:
        if not groups.get(lv):
            continue
        body_html.append(f'<li class="grp">{e(LEVELS[lv])}</li>')
        for b in sorted(groups[lv], key=lambda b: b.name):
            fails = (f' <span class="pill" title="校验不一致 failed checks">✗{b.n_fails}</span>'
                     if b.n_fails else "")
            body_html.append(f'<li><a href="#{b.anchor}">{e(b.name)} <small>{len(b.reports)}</small>{fails}</a></li>')
    if m.n_bodies_hidden:
        body_html.append(f'<li class="more">… 另有 {m.n_bodies_hidden} 个主体（{m.n_bodies_hidden} more, see CSVs）</li>')
    return "".join(body_html)


def _nav(m: ReportModel, topics: list[tuple[str, str, int]]) -> str:
    topic_html = "".join(f'<li><a href="#t-{t}">{e(label)} <small>{n}</small></a></li>' for t, label, n in topics)
    return ('<nav id="nav"><div class="brand">政务公开年报分析<small>zwgk report</small></div><ul class="main">'
            '<li><a href="#overview">概览 Overview</a></li><li><a href="#reports">报告列表 Reports</a></li>'
            '<li><a href="#checks">勾稽校验 Checks</a></li><li><a href="#scorecard">评分 Scorecard</a></li></ul>'
            '<input id="filter" type="search" placeholder="筛选主体或主题 filter…" aria-label="filter">'
            f'<h4>报告主体 Bodies ({len(m.bodies_all)})</h4><ul class="list" id="nav-bodies">{_nav_bodies(m)}</ul>'
            f'<h4>问题主题 Topics ({len(topics)})</h4><ul class="list" id="nav-topics">{topic_html}</ul></nav>')


def render_page(m: ReportModel) -> str:
    topics_nav, topic_html = topic_pages(m)
    main = (overview(m) + reports_view(m) + checks_view(m) + scorecard_view(m)
            + "".join(body_page(m, b) for b in m.bodies.values()) + topic_html)
    script = _asset("report.js").rstrip("\n")  # the CSP hash covers exactly the text between the tags
    css = Template(_asset("report.css")).substitute(font_stack=FONT_STACK)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"
    return ("<!DOCTYPE html>\n"
            f'<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="generator" content="zwgk-nlp"><title>{e(TITLE)}</title>'
            f"<style>\n{css}</style></head>"
            f'<body data-rendered="no"><div id="layout">{_nav(m, topics_nav)}<main id="main">'
            f'<header><h1>政府信息公开工作年度报告分析 <small>Government information-disclosure annual reports</small></h1>'
            '<noscript><p class="note">JavaScript 已关闭：所有部分依次显示。</p></noscript></header>'
            f"{main}<footer>由 zwgk 生成；完整数据见输出目录中的 CSV 文件。All data: the CSV files of the output "
            "folder.</footer></main></div>"
            f"<script>{script}</script></body></html>\n")


def render_report(out_dir: Path | str, base: Path | str | None = None) -> str:
    """The HTML page for an output folder. ``base``: the folder the page will be saved in (for links to the original
    files; default ``out_dir``)."""
    out_dir = Path(out_dir)
    return render_page(ReportModel(load(out_dir), Path(base) if base is not None else out_dir))


def write_report(out_dir: Path | str, html_path: Path | str | None = None) -> Path:
    """Write the page (default ``out_dir/report.html``) atomically: a temporary file renamed into place."""
    out_dir = Path(out_dir)
    target = Path(html_path) if html_path is not None else out_dir / "report.html"
    return write_text_atomic(target, render_report(out_dir, base=target.parent))
