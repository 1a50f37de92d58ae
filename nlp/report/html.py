"""One self-contained HTML page for an output folder of ``zwgk analyze`` (issue 7).

``zwgk report OUT_DIR`` (and ``zwgk analyze … --html``) writes ``OUT_DIR/report.html``: it opens from disk, needs no
network, no CDN and no JavaScript library. Charts are inline SVG generated here; a tiny inline script only switches
between the views (概览, 报告, 校验, one view per body and per topic) and filters the navigation list — without it every
view is simply shown one after another.

What an analyst sees:

- **概览 Overview**: reports by year (bar chart + table), by level, by format version, by reading method and status;
  the files that could not be read or look suspicious; all problems as a topic × year heatmap; follow-up statuses;
  failed consistency checks; a table of all bodies with their key figures.
- **One page per body (报告主体)**: its reports, a topic × year heatmap of the problems it names (counts in the
  cells, colour legend, years without a report hatched), recurring weaknesses, the promise follow-up table with the
  evidence quoted from the next report, copied-text flags (section 五 / overview similar to the year before, stale year
  tokens), vague problems, failed checks, and every problem with a link to its report and page.
- **One page per topic (主题)**: the problems naming that topic across bodies and years.

Safety: every string that comes from a report (and from the CSVs generally) goes through :func:`html.escape`;
element ids are generated here (``b3``, ``r12``, ``t-T11``), never taken from the data. A Content-Security-Policy
``<meta>`` allows only the one inline script (by its SHA-256), so even a missed escape could not run a script.

Optional inputs: ``recurring.csv``, ``followup.csv``, ``series.csv``, ``duplicates.csv`` and the ``vague`` column of
``items.csv`` come from the cross-year stage; where one is missing its section says so ("not available"). Files
written as Parquet (``--format parquet``) are read as well. Long lists are capped (“… N more”); the CSVs hold the
full data.
"""
from __future__ import annotations

import base64
import hashlib
import html
import math
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import quote

import pandas as pd

# ------------------------------------------------------------------------------------------------ limits
MAX_BODY_PAGES = 200  # bodies with a page of their own (and in the navigation); the rest are counted
MAX_TOPIC_ROWS = 120  # problems listed on a topic page
MAX_BODY_PROBLEMS = 80  # problems listed on a body page
MAX_FOLLOWUP_ROWS = 80  # follow-up rows on a body page
MAX_CHECK_ROWS = 40  # failed checks on a body page
MAX_CORPUS_CHECKS = 200  # failed / uncertain checks on the checks page
MAX_ERROR_ROWS = 100  # unreadable / suspicious files on the overview
MAX_REPORT_ROWS = 2000  # rows of the report list
MAX_HEATMAP_YEARS = 15  # most recent years shown in a heatmap
TEXT_CHARS = 280  # report texts longer than this are cut (with …)
NEAR_DUPLICATE = 0.85  # similarity flagged as copied when series.csv has no flags column

FONT_STACK = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", '
              '"Microsoft YaHei", "微软雅黑", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "SimHei", '
              '"Droid Sans Fallback", "Segoe UI", Arial, sans-serif')

LEVELS = {"province": "省级 province", "city": "市级 city", "county": "县级 county", "township": "乡镇 township",
          "department": "部门 department", "": "未识别 unknown"}
LEVEL_ORDER = ["province", "city", "county", "township", "department", ""]
FORMATS = {"2021": "2021 版表格（〔2021〕30号）", "2019": "2019 版试行表格（〔2019〕60号）", "pre2019": "2019 年以前格式",
           "": "未识别 unknown"}
KINDS = {"pdf": "PDF", "html": "网页 HTML", "docx": "Word DOCX", "text": "文本 TXT", "crawl": "爬取页面 crawl", "": "—"}
STATUSES = {"ok": "正常 ok", "warning": "警告 warning", "error": "失败 error"}
CHECK_STATUSES = {"pass": "通过", "fail": "不一致", "uncertain": "存疑", "not_assessable": "无法判断"}
FOLLOWUP_STATUSES = {  # status → (Chinese label, English, colour)
    "reported": ("已落实", "reported", "#1a9850"),
    "partly": ("部分落实", "partly", "#a6d96a"),
    "repeated": ("重复承诺", "repeated", "#fdae61"),
    "not_reported": ("未见落实", "not reported", "#d73027"),
    "no_commitment": ("问题无对应承诺", "no commitment", "#9e6fb5"),
    "no_next_report": ("无次年报告", "no next report", "#bdbdbd"),
}
_JUDGED = ("reported", "partly", "not_reported", "repeated")  # follow-up rows with a next report to judge by
SERIES_FLAGS = {
    "near_duplicate_problems": "第五部分（问题与改进）与上年高度相似",
    "near_duplicate_overview": "总体情况与上年高度相似",
    "stale_year": "承诺中出现已过去的年份（照搬上年）",
    "gap": "与上一份报告不是相邻年度",
}
RULE_FAMILIES = [  # rule prefix → (table, Chinese description)
    ("xyear_t3_carry_over", "t3", "跨年：上年结转下年度 = 本年上年结转"),
    ("xyear_t2_in_force_", "t2", "跨年：现行有效 = 上年现行有效 + 本年制发 − 本年废止"),
    ("t3_balance_", "t3", "表三：新收 + 上年结转 = 办理结果总计 + 结转下年度"),
    ("t3_results_total_", "t3", "表三：各项办理结果之和 = 总计"),
    ("t3_applicants_sum_", "t3", "表三：各类申请人之和 = 总计"),
    ("t3_group_", "t3", "表三：分组小计"),
    ("t4_sum_", "t4", "表四：维持 + 纠正 + 其他 + 尚未审结 = 总计"),
    ("t2_value_", "t2", "表二：数值应为非负整数"),
    ("t2_read", "t2", "表二（主动公开）读取"),
    ("t3_read", "t3", "表三（依申请）读取"),
    ("t4_read", "t4", "表四（复议诉讼）读取"),
    ("text_", "", "正文数字与表格对照"),
]
HEAT_COLOURS = ["#fee8c8", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"]
HEAT_ZERO = "#f4f5f7"
_TOPIC_ID = re.compile(r"^T\d{2}$")
_YEAR_COLUMNS = {"year", "prev_year", "evidence_year", "first_year", "last_year"}
_UNPREFIX = re.compile(r"^'(?=[=+\-@\t\r])")  # export._safe_cells's guard against spreadsheet formulas


def e(value: Any) -> str:
    """HTML-escape anything (quotes too: the result may go into an attribute)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _clip(text: Any, n: int = TEXT_CHARS) -> str:
    s = "" if text is None else str(text)
    s = re.sub(r"\s+", " ", s).strip()
    return s if len(s) <= n else s[: n - 1] + "…"


def _int(value: Any) -> int | None:
    try:
        s = str(value).strip()
        return int(float(s)) if s and s.lower() != "nan" else None
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    try:
        s = str(value).strip()
        f = float(s) if s and s.lower() != "nan" else None
        return None if f is None or math.isnan(f) else f
    except (TypeError, ValueError):
        return None


def _y(value: Any) -> str:
    """A year as written, or as an integer when it was stored as a float (2020.0)."""
    n = _int(value)
    return str(n) if n is not None else ("" if value is None else str(value))


_URL_UNSAFE = re.compile(r'[\x00-\x20%#?"<>\\^`{|}\x7f]')


def _url_path(path: str) -> str:
    """Percent-encode what a relative URL cannot hold; Chinese stays readable (the page is UTF-8)."""
    path = _URL_UNSAFE.sub(lambda m: quote(m.group()), path)
    return "./" + path if ":" in path.split("/")[0] else path  # "javascript:x" must stay a relative path


def _topics(value: Any) -> list[str]:
    return [t for t in re.split(r"[;；,，\s]+", str(value or "")) if _TOPIC_ID.match(t)]


def _year_key(y: str) -> tuple[int, str]:
    n = _int(y)
    return (n if n is not None else 99999, str(y))


def _more(n: int, what: str = "条") -> str:
    return (f'<p class="more">… 另有 {n} {what}未列出（{n} more not shown; the full data is in the CSV files）</p>'
            if n > 0 else "")


def _na(name: str) -> str:
    return (f'<p class="na">暂无数据：{e(name)} 不存在（not available — {e(name)} was not produced for this output '
            f'folder）。</p>')


# ------------------------------------------------------------------------------------------------ data
@dataclass
class _Data:
    out_dir: Path
    reports: list[dict]
    items: pd.DataFrame | None
    checks: pd.DataFrame | None
    recurring: list[dict] | None
    followup: list[dict] | None
    series: list[dict] | None
    duplicates: list[dict] | None
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, key) → Chinese label


def _read(out_dir: Path, name: str) -> pd.DataFrame | None:
    csv_path, pq_path = out_dir / f"{name}.csv", out_dir / f"{name}.parquet"
    if csv_path.exists():
        df = pd.read_csv(csv_path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    elif pq_path.exists():
        try:
            df = pd.read_parquet(pq_path)
        except Exception:  # noqa: BLE001 - no parquet engine: treat as not available
            return None
        df = df.astype(object).where(df.notna(), "").astype(str)
    else:
        return None
    for col in df.columns:
        s = df[col].astype(str)
        quoted = s.str.startswith("'")
        if quoted.any():
            s = s.where(~quoted, s.str.replace(_UNPREFIX, "", regex=True))
        if col in _YEAR_COLUMNS:
            s = s.map({v: _y(v) for v in s.unique()})
        df[col] = s
    return df


def _records(df: pd.DataFrame | None) -> list[dict] | None:
    """Rows as dicts of str (faster than ``DataFrame.to_dict`` on Arrow-backed strings)."""
    if df is None:
        return None
    cols = list(df.columns)
    return [dict(zip(cols, row)) for row in zip(*(df[c].tolist() for c in cols))] if len(df) else []


def load(out_dir: Path) -> _Data:
    from ..errors import UsageError

    out_dir = Path(out_dir)
    reports = _read(out_dir, "reports")
    if reports is None:
        raise UsageError(f"{out_dir} has no reports.csv: give an output folder of zwgk analyze")
    labels: dict[tuple[str, str], str] = {}
    lab = _read(out_dir, "table_labels")
    if lab is not None and {"table", "key", "label"} <= set(lab.columns):
        for t, k, v in zip(lab["table"], lab["key"], lab["label"]):
            labels.setdefault((t, k), v)
    return _Data(out_dir, _records(reports) or [], _read(out_dir, "items"), _read(out_dir, "checks"),
                 _records(_read(out_dir, "recurring")), _records(_read(out_dir, "followup")),
                 _records(_read(out_dir, "series")), _records(_read(out_dir, "duplicates")), labels)


# ------------------------------------------------------------------------------------------------ SVG charts
def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def _svg_text(x: float, y: float, text: str, cls: str = "", anchor: str = "start", extra: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{_num(x)}" y="{_num(y)}"{a}{c}{extra}>{e(text)}</text>'


def bar_chart(pairs: list[tuple[str, int]], title: str, unit: str = "份", colour: str = "#3b6fb6") -> str:
    """Vertical bars with the value on each bar (reports by year)."""
    if not pairs:
        return '<p class="na">无数据 (no data)</p>'
    vmax = max(v for _, v in pairs) or 1
    bw, gap, h, top, bottom, left = 46, 14, 160, 22, 34, 8
    w = left * 2 + len(pairs) * (bw + gap)
    out = [f'<svg class="chart" role="img" width="{w}" height="{h + top + bottom}" '
           f'viewBox="0 0 {w} {h + top + bottom}"><title>{e(title)}</title>']
    out.append(f'<line x1="{left}" y1="{top + h}" x2="{w - left}" y2="{top + h}" class="axis"/>')
    for i, (label, v) in enumerate(pairs):
        x = left + gap / 2 + i * (bw + gap)
        bh = h * v / vmax
        out.append(f'<g><title>{e(label)}: {v} {e(unit)}</title>'
                   f'<rect x="{x:.1f}" y="{top + h - bh:.1f}" width="{bw}" height="{bh:.1f}" fill="{colour}" rx="2"/>')
        out.append(_svg_text(x + bw / 2, top + h - bh - 5, str(v), "val", "middle") + "</g>")
        out.append(_svg_text(x + bw / 2, top + h + 18, label, "lab", "middle"))
    out.append("</svg>")
    return "".join(out)


def hbar_chart(rows: list[tuple[str, int, str]], title: str, unit: str = "条", colour: str = "#e34a33") -> str:
    """Horizontal bars: (label, value, href)."""
    if not rows:
        return '<p class="na">无数据 (no data)</p>'
    vmax = max(v for _, v, _ in rows) or 1
    lw = min(300, max(90, max(len(label) for label, _, _ in rows) * 13 + 12))
    bh, gap, barw = 18, 6, 360
    w, h = lw + barw + 50, len(rows) * (bh + gap) + 6
    out = [f'<svg class="chart" role="img" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><title>{e(title)}</title>']
    for i, (label, v, href) in enumerate(rows):
        y = 3 + i * (bh + gap)
        bl = barw * v / vmax
        inner = (f'<title>{e(label)}: {v} {e(unit)}</title>'
                 + _svg_text(lw - 6, y + bh - 4, _clip(label, 22), "lab", "end")
                 + f'<rect x="{lw}" y="{y}" width="{bl:.1f}" height="{bh}" fill="{colour}" rx="2"/>'
                 + _svg_text(lw + bl + 5, y + bh - 4, str(v), "val"))
        out.append(f'<a href="{e(href)}">{inner}</a>' if href else f"<g>{inner}</g>")
    out.append("</svg>")
    return "".join(out)


def stacked_bar(counts: dict[str, int], title: str) -> str:
    """One horizontal bar split by follow-up status, with a legend."""
    total = sum(counts.values())
    if not total:
        return '<p class="na">无数据 (no data)</p>'
    w, h = 640, 26
    out = [f'<svg class="chart" role="img" width="{w}" height="{h + 4}" viewBox="0 0 {w} {h + 4}">'
           f'<title>{e(title)}</title>']
    x = 0.0
    for status, (zh, en, colour) in FOLLOWUP_STATUSES.items():
        n = counts.get(status, 0)
        if not n:
            continue
        bw = w * n / total
        out.append(f'<g><title>{e(zh)} {e(en)}: {n}</title><rect x="{x:.1f}" y="2" width="{bw:.1f}" height="{h}" '
                   f'fill="{colour}"/>')
        if bw > 22:
            out.append(_svg_text(x + bw / 2, 2 + h / 2 + 5, str(n), "val-in", "middle"))
        out.append("</g>")
        x += bw
    out.append("</svg>")
    legend = "".join(f'<span class="key"><i style="background:{c}"></i>{e(zh)} <small>{e(en)}</small> '
                     f'<b>{counts.get(s, 0)}</b></span>'
                     for s, (zh, en, c) in FOLLOWUP_STATUSES.items() if counts.get(s, 0))
    return "".join(out) + f'<div class="legend">{legend}</div>'


HEAT_MIN_SCALE = 4  # a count of 1 is not the darkest colour just because it is the largest one


def _heat_index(v: int, vmax: int) -> int:
    scale = max(vmax, HEAT_MIN_SCALE)
    return max(0, min(len(HEAT_COLOURS) - 1, math.ceil(len(HEAT_COLOURS) * v / scale) - 1))


def heat_legend(vmax: int) -> list[str]:
    """Swatches for the colour bins that counts 1..vmax fall into."""
    parts = [f'<span class="key"><i style="background:{HEAT_ZERO}"></i>0</span>']
    k, scale = len(HEAT_COLOURS), max(vmax, HEAT_MIN_SCALE)
    for i, colour in enumerate(HEAT_COLOURS):
        lo, hi = math.floor(scale * i / k) + 1, min(vmax, math.floor(scale * (i + 1) / k))
        if lo > hi:
            continue
        parts.append(f'<span class="key"><i style="background:{colour}"></i>{lo if lo == hi else f"{lo}–{hi}"}</span>')
    return parts


def heatmap(rows: list[tuple[str, str]], years: list[str], counts: dict[tuple[str, str], int],
            tips: dict[tuple[str, str], list[str]], no_report: set[str], uid: str, title: str,
            href: Callable[[str], str] | None = None) -> str:
    """Topic × year heatmap. rows: (topic id, label); counts[(topic, year)]; years in ``no_report`` are hatched."""
    if not rows or not years:
        return '<p class="na">无问题条目 (no problem items)</p>'
    vmax = max(counts.values(), default=0) or 1
    lw = min(300, max(120, max(len(label) for _, label in rows) * 13 + 16))
    cw, ch, top = 58, 26, 28
    w, h = lw + cw * len(years) + 4, top + ch * len(rows) + 4
    out = [f'<svg class="heat" role="img" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><title>{e(title)}</title>',
           f'<defs><pattern id="hatch-{uid}" width="6" height="6" patternUnits="userSpaceOnUse" '
           f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
           f'<line x1="0" y1="0" x2="0" y2="6" stroke="#c8ccd2" stroke-width="2"/></pattern></defs>']
    for j, y in enumerate(years):
        out.append(_svg_text(lw + j * cw + cw / 2, top - 9, y, "lab", "middle"))
    for i, (tid, label) in enumerate(rows):
        ry = top + i * ch
        row = [_svg_text(lw - 8, ry + ch / 2 + 5, _clip(label, 22), "lab", "end")]
        for j, y in enumerate(years):
            x = lw + j * cw
            if y in no_report:
                row.append(f'<rect x="{x + 1}" y="{ry + 1}" width="{cw - 2}" height="{ch - 2}" '
                           f'fill="url(#hatch-{uid})"><title>{e(y)}: 无报告 (no report)</title></rect>')
                continue
            v = counts.get((tid, y), 0)
            if v == 0:  # lean markup: a large corpus has many empty cells
                row.append(f'<rect x="{x + 1}" y="{ry + 1}" width="{cw - 2}" height="{ch - 2}" class="h0" '
                           f'data-topic="{e(tid)}" data-year="{e(y)}" data-count="0"/>')
                continue
            k = _heat_index(v, vmax)
            tip = f"{y} · {label}: {v} 条问题"
            if tips.get((tid, y)):
                tip += "\n" + "\n".join(tips[(tid, y)][:3]) + ("\n…" if len(tips[(tid, y)]) > 3 else "")
            cell = (f'<title>{e(tip)}</title><rect x="{x + 1}" y="{ry + 1}" width="{cw - 2}" height="{ch - 2}" '
                    f'fill="{HEAT_COLOURS[k]}" rx="2" data-topic="{e(tid)}" data-year="{e(y)}" data-count="{v}"/>'
                    + _svg_text(x + cw / 2, ry + ch / 2 + 5, str(v), "cell dark" if k >= 3 else "cell", "middle"))
            row.append(f'<a href="{e(href(tid))}">{cell}</a>' if href else f"<g>{cell}</g>")
        out.append("<g>" + "".join(row) + "</g>")
    out.append("</svg>")
    legend = "".join(heat_legend(vmax))
    if no_report:
        legend += '<span class="key"><i class="hatch"></i>无报告 no report</span>'
    return (f'<div class="scroll">{"".join(out)}</div><div class="legend"><span class="legend-title">'
            f'问题条数 problems:</span>{legend}</div>')


# ------------------------------------------------------------------------------------------------ page model
@dataclass
class _Body:
    name: str
    anchor: str
    level: str
    reports: list[int]  # indices into reports
    years: list[str]
    problems: list[dict] = field(default_factory=list)
    n_commitments: int = 0
    followup: list[dict] = field(default_factory=list)
    recurring: list[dict] = field(default_factory=list)
    series: list[dict] = field(default_factory=list)
    fails: list[dict] = field(default_factory=list)
    n_uncertain: int = 0


class _Page:
    def __init__(self, data: _Data, base: Path) -> None:
        from ..annotate.topics import load_topics

        self.d = data
        self.base = base
        self.base_resolved = base.resolve()
        self._hrefs: dict[str, tuple[str, bool]] = {}
        try:
            self.lex = load_topics()
        except Exception:  # noqa: BLE001 - a broken lexicon must not stop the report
            self.lex = None
        self.reports = data.reports
        self.rid_index = {str(r.get("report_id")): i for i, r in enumerate(self.reports)}
        items = data.items
        self.has_vague = items is not None and "vague" in items.columns
        self.item_place: dict[str, tuple[str, str]] = {}  # item_id → (report_id, page)
        self.problems: list[dict] = []
        self.kind_counts: Counter = Counter()
        self.commitments_by_report: Counter = Counter()
        if items is not None and len(items):
            cols = set(items.columns)
            if {"item_id", "report_id"} <= cols:
                pages = items["page"].tolist() if "page" in cols else [""] * len(items)
                self.item_place = dict(zip(items["item_id"].tolist(), zip(items["report_id"].tolist(), pages)))
            if "kind" in cols:
                self.kind_counts = Counter(items["kind"].value_counts().to_dict())
                self.commitments_by_report = Counter(
                    items.loc[items["kind"] == "commitment", "report_id"].value_counts().to_dict())
                self.problems = _records(items[items["kind"] == "problem"]) or []
        self.dropped = {str(d.get("dropped_report_id")) for d in data.duplicates or []}
        self._build_bodies()
        self._build_checks()

    # ---------------------------------------------------------------- helpers
    def topic_name(self, tid: str) -> str:
        name = self.lex.name(tid) if self.lex else ""
        return name or ""

    def topic_label(self, tid: str) -> str:
        name = self.topic_name(tid)
        return f"{tid} {name}" if name else tid

    def file_href(self, report: dict, page: str = "") -> str:
        """A link to the original file (relative to the HTML file when possible), with #page=N for PDFs."""
        raw = str(report.get("path") or "")
        if raw not in self._hrefs:
            self._hrefs[raw] = self._locate(raw)
        href, pdf = self._hrefs[raw]
        n = _int(page)
        return f"{href}#page={n}" if href and pdf and n else href

    def _locate(self, raw: str) -> tuple[str, bool]:
        if not raw:
            return "", False
        p = Path(raw)
        cands = [p] if p.is_absolute() else [Path.cwd() / p, self.d.out_dir.parent / p, self.d.out_dir / p]
        found = next((c for c in cands if c.is_file()), None)
        if found is None:
            return "", False
        found = found.resolve()
        try:
            href = _url_path(Path(os.path.relpath(found, self.base_resolved)).as_posix())
        except ValueError:  # another drive (Windows)
            href = found.as_uri()
        return href, found.suffix.lower() == ".pdf"

    def report_links(self, report_id: str, page: str = "") -> str:
        """「报告 2021 · 第5页」 linking to the report's row, plus a link to the file itself."""
        i = self.rid_index.get(str(report_id))
        page_s = f"第{_int(page)}页" if _int(page) else ""
        if i is None:
            return e(report_id) + (f" · {page_s}" if page_s else "")
        r = self.reports[i]
        label = f"{r.get('year') or '?'}年报告"
        out = f'<a href="#r{i}" title="{e(r.get("title") or r.get("report_id"))}">{e(label)}</a>'
        href = self.file_href(r, page)
        if href:
            out += f' · <a href="{e(href)}" class="file">{e(page_s or "原文")}</a>'
        elif page_s:
            out += f" · {e(page_s)}"
        return out

    def item_links(self, item_id: str) -> str:
        rid, page = self.item_place.get(str(item_id), ("", ""))
        return self.report_links(rid, page) if rid else e(item_id)

    def rule_label(self, rule: str) -> str:
        for prefix, table, zh in RULE_FAMILIES:
            if rule.startswith(prefix):
                rest = rule[len(prefix):]
                if not rest or not table:
                    return zh
                parts = rest.split("_")
                for cut in range(len(parts), 0, -1):  # "<row>_<col>" or "<key>"
                    a, b = "_".join(parts[:cut]), "_".join(parts[cut:])
                    la = self.d.labels.get((table, a))
                    if la and not b:
                        return f"{zh} · {la}"
                    lb = self.d.labels.get((table, b)) if b else None
                    if la and lb:
                        return f"{zh} · {la} / {lb}"
                return zh
        return ""

    # ---------------------------------------------------------------- bodies
    def _build_bodies(self) -> None:
        by_body: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(self.reports):
            name = str(r.get("jurisdiction") or "").strip()
            if name and r.get("status") != "error":
                by_body[name].append(i)
        order = sorted(by_body, key=lambda b: (-len(by_body[b]), b))  # bodies with the longest series first
        self.bodies_all = order
        self.bodies: dict[str, _Body] = {}
        for n, name in enumerate(order[:MAX_BODY_PAGES]):
            idx = sorted(by_body[name], key=lambda i: _year_key(str(self.reports[i].get("year") or "")))
            levels = Counter(str(self.reports[i].get("level") or "") for i in idx)
            years = sorted({str(self.reports[i].get("year") or "") for i in idx} - {""}, key=_year_key)
            self.bodies[name] = _Body(name, f"b{n}", levels.most_common(1)[0][0], idx, years)
        self.n_bodies_hidden = len(order) - len(self.bodies)
        self.body_report_count = {b: len(v) for b, v in by_body.items()}
        for k, p in enumerate(self.problems):
            p["_anchor"] = f"p{k}"
            body = self.bodies.get(str(p.get("jurisdiction") or ""))
            if body is not None:
                body.problems.append(p)
        for name, body in self.bodies.items():
            body.problems.sort(key=lambda p: (_year_key(str(p.get("year") or "")), _int(p.get("seq")) or 0))
            body.n_commitments = sum(self.commitments_by_report[str(self.reports[i]["report_id"])]
                                     for i in body.reports)
        for rows, attr in ((self.d.followup, "followup"), (self.d.recurring, "recurring"), (self.d.series, "series")):
            for row in rows or []:
                body = self.bodies.get(str(row.get("jurisdiction") or ""))
                if body is not None:
                    getattr(body, attr).append(row)
        for body in self.bodies.values():
            body.followup.sort(key=lambda r: (_year_key(str(r.get("year") or "")), str(r.get("commitment_item_id"))))
            body.recurring.sort(key=lambda r: (-(_int(r.get("n_years")) or 0), str(r.get("topic"))))
            body.series.sort(key=lambda r: _year_key(str(r.get("year") or "")))

    def _build_checks(self) -> None:
        c = self.d.checks
        self.check_counts: Counter = Counter()
        self.checks_by_report: dict[str, Counter] = defaultdict(Counter)
        self.fails: list[dict] = []
        self.uncertain: list[dict] = []
        self.family_counts: dict[str, Counter] = defaultdict(Counter)
        if c is None or not len(c) or not {"report_id", "status"} <= set(c.columns):
            return
        self.check_counts = Counter(c["status"].value_counts().to_dict())
        for (rid, status), n in c.groupby(["report_id", "status"]).size().items():
            self.checks_by_report[str(rid)][str(status)] = int(n)
        rules = c["rule"] if "rule" in c.columns else pd.Series([""] * len(c))
        fam = rules.map({r: self._family(r) for r in rules.unique()})
        for (f, status), n in pd.DataFrame({"f": fam, "s": c["status"]}).groupby(["f", "s"]).size().items():
            self.family_counts[f][status] = int(n)
        self.fails = _records(c[c["status"] == "fail"]) or []
        self.uncertain = _records(c[c["status"] == "uncertain"]) or []
        for row in self.fails:
            body = self._body_of_report(str(row.get("report_id")))
            if body is not None:
                body.fails.append(row)
        for row in self.uncertain:
            body = self._body_of_report(str(row.get("report_id")))
            if body is not None:
                body.n_uncertain += 1

    @staticmethod
    def _family(rule: str) -> str:
        for prefix, _, zh in RULE_FAMILIES:
            if str(rule).startswith(prefix):
                return zh
        return "其他 other"

    def _body_of_report(self, rid: str) -> _Body | None:
        i = self.rid_index.get(rid)
        if i is None:
            return None
        return self.bodies.get(str(self.reports[i].get("jurisdiction") or ""))

    # ---------------------------------------------------------------- tables
    @staticmethod
    def table(head: list[str], rows: Iterable[str], cls: str = "data", attrs: str = "") -> str:
        th = "".join(f"<th>{h}</th>" for h in head)  # headers are our own (already safe) markup
        return f'<div class="scroll"><table class="{cls}"{attrs}><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'

    def count_table(self, counter: Counter, labels: dict[str, str], head: str, attr: str, order: list[str] | None = None) -> str:
        keys = order or sorted(counter, key=lambda k: (-counter[k], k))
        keys = [k for k in keys if counter.get(k)] + [k for k in counter if k not in keys and counter[k]]
        rows = [f'<tr><td>{e(labels.get(k, k) if k in labels else k)}</td><td class="n" data-{attr}="{e(k)}">{counter[k]}</td></tr>'
                for k in keys]
        rows.append(f'<tr class="total"><td>合计 total</td><td class="n">{sum(counter.values())}</td></tr>')
        return self.table([head, "报告数"], rows, "data compact")

    def status_badge(self, status: str) -> str:
        zh, en, colour = FOLLOWUP_STATUSES.get(status, (status, "", "#999"))
        return (f'<span class="badge" style="background:{colour}" data-status="{e(status)}">{e(zh)}</span>'
                f'<br><small>{e(en)}</small>')

    # ---------------------------------------------------------------- overview
    def overview(self) -> str:
        reps = self.reports
        status = Counter(str(r.get("status") or "") for r in reps)
        years = Counter(str(r.get("year") or "") for r in reps if r.get("status") != "error")
        analysed = [r for r in reps if r.get("status") != "error"]
        levels = Counter(str(r.get("level") or "") for r in analysed)
        formats = Counter(str(r.get("format") or "") for r in analysed)
        kinds = Counter(str(r.get("kind") or "") for r in analysed)
        n_fail = self.check_counts.get("fail", 0)
        vague_n = sum(1 for p in self.problems if str(p.get("vague")) == "1") if self.has_vague else None
        cards = [
            ("reports_total", "报告文件", "files", len(reps)),
            ("reports_ok", "已分析", "analysed", status.get("ok", 0) + status.get("warning", 0)),
            ("reports_warning", "有警告", "warnings", status.get("warning", 0)),
            ("reports_error", "无法读取", "errors", status.get("error", 0)),
            ("bodies", "报告主体", "bodies", len(self.bodies_all)),
            ("problems", "问题条目", "problems", self.kind_counts.get("problem", 0)),
            ("commitments", "改进承诺", "commitments", self.kind_counts.get("commitment", 0)),
            ("checks_fail", "校验不一致", "failed checks", n_fail),
        ]
        if vague_n is not None:
            cards.append(("vague", "笼统问题", "vague problems", vague_n))
        out = ['<section class="view" id="overview"><h2>概览 <small>Corpus overview</small></h2>',
               f'<p class="meta">输出目录 output folder: <code>{e(self.d.out_dir.resolve())}</code> · '
               f'生成时间 generated {e(datetime.now().strftime("%Y-%m-%d %H:%M"))}</p>',
               '<div class="cards">' + "".join(
                   f'<div class="card{" alert" if k in ("reports_error", "checks_fail") and v else ""}" data-stat="{k}">'
                   f'<b>{v}</b><span>{zh}<small>{en}</small></span></div>' for k, zh, en, v in cards) + "</div>"]
        ykeys = sorted((y for y in years if y), key=_year_key)
        pairs = [(y, years[y]) for y in ykeys] + ([("未识别", years[""])] if years.get("") else [])
        rows = [f'<tr><td>{e(y)}</td><td class="n" data-year="{e(y)}">{years[y]}</td></tr>' for y in ykeys]
        if years.get(""):
            rows.append(f'<tr><td>未识别 unknown</td><td class="n" data-year="">{years[""]}</td></tr>')
        rows.append(f'<tr class="total"><td>合计 total</td><td class="n">{sum(years.values())}</td></tr>')
        out.append('<h3>按年度 <small>Reports by year (analysed files)</small></h3><div class="row">'
                   + bar_chart(pairs, "按年度的报告数 reports by year")
                   + self.table(["年度 year", "报告数"], rows, "data compact", ' id="by-year"') + "</div>")
        out.append('<div class="row">'
                   f'<div><h3>按层级 <small>by level</small></h3>{self.count_table(levels, LEVELS, "层级", "level", LEVEL_ORDER)}</div>'
                   f'<div><h3>按格式版本 <small>by format</small></h3>{self.count_table(formats, FORMATS, "格式", "format", ["2021", "2019", "pre2019", ""])}</div>'
                   f'<div><h3>按读取方式 <small>by file kind</small></h3>{self.count_table(kinds, KINDS, "类型", "kind")}</div>'
                   f'<div><h3>按状态 <small>by status (all files)</small></h3>{self.count_table(status, STATUSES, "状态", "status", ["ok", "warning", "error"])}</div>'
                   "</div>")
        bad = [(i, r) for i, r in enumerate(reps) if r.get("status") in ("error", "warning")]
        bad.sort(key=lambda x: (x[1].get("status") != "error", str(x[1].get("path"))))
        out.append(f'<h3 id="errors">无法读取或有警告的文件 <small>Errors and warnings ({len(bad)})</small></h3>')
        if bad:
            rows = [f'<tr class="st-{e(r.get("status"))}"><td><a href="#r{i}">{e(r.get("report_id"))}</a><br>'
                    f'<small>{e(r.get("path"))}</small></td><td>{e(STATUSES.get(str(r.get("status")), r.get("status")))}</td>'
                    f'<td>{e(_clip(r.get("message"), 400))}</td></tr>' for i, r in bad[:MAX_ERROR_ROWS]]
            out.append(self.table(["文件 file", "状态", "原因 message"], rows, "data", ' id="error-table"')
                       + _more(len(bad) - MAX_ERROR_ROWS, "个文件"))
        else:
            out.append('<p class="ok">所有文件均已正常分析。</p>')
        # problems by topic and year, all bodies
        out.append('<h3>问题主题 × 年度 <small>Problems by topic and year, all bodies</small></h3>')
        out.append(self._heatmap_for(self.problems, ykeys, set(), "all", "全部主体的问题主题分布"))
        tc = Counter(t for p in self.problems for t in set(_topics(p.get("topics"))))
        top = sorted(tc, key=lambda t: (-tc[t], t))[:15]
        out.append('<h3>最常见的问题主题 <small>Most frequent problem topics</small></h3>'
                   + hbar_chart([(self.topic_label(t), tc[t], f"#t-{t}") for t in top], "问题主题 top 15"))
        out.append('<h3>承诺落实 <small>Promise follow-up, all bodies</small></h3>')
        if self.d.followup is None:
            out.append(_na("followup.csv"))
        else:
            out.append(stacked_bar(Counter(str(r.get("status")) for r in self.d.followup), "承诺落实情况"))
        out.append('<h3>勾稽校验 <small>Consistency checks of the statistical tables</small></h3>')
        if self.d.checks is None:
            out.append(_na("checks.csv"))
        else:
            cc = self.check_counts
            out.append('<p class="checkline">' + " · ".join(
                f'{zh} <b class="{"bad" if k == "fail" and cc.get(k) else ""}" data-check="{k}">{cc.get(k, 0)}</b>'
                for k, zh in CHECK_STATUSES.items()) + ' · <a href="#checks">全部校验结果 all checks →</a></p>')
            if self.fails:
                out.append(self.check_table(self.fails[:10], with_body=True) + _more(len(self.fails) - 10, "项"))
        out.append(self._body_table())
        out.append("</section>")
        return "".join(out)

    def _body_table(self) -> str:
        head = ["主体 body", "层级", "年度", "报告", "问题", "承诺", "已落实/可判断", "照搬提示", "笼统问题", "校验不一致"]
        rows = []
        for name, b in self.bodies.items():
            fu = Counter(str(r.get("status")) for r in b.followup)
            judged = sum(fu[s] for s in _JUDGED)
            fu_cell = f'{fu["reported"]}/{judged}' if self.d.followup is not None and judged else "—"
            flags = sum(1 for s in b.series if self._series_flags(s))
            vague = sum(1 for p in b.problems if str(p.get("vague")) == "1") if self.has_vague else "—"
            rows.append(f'<tr><td><a href="#{b.anchor}">{e(name)}</a></td><td>{e(LEVELS.get(b.level, b.level))}</td>'
                        f'<td>{e(self._year_span(b.years))}</td><td class="n">{len(b.reports)}</td>'
                        f'<td class="n">{len(b.problems)}</td><td class="n">{b.n_commitments}</td>'
                        f'<td class="n">{fu_cell}</td><td class="n">{flags if self.d.series is not None else "—"}</td>'
                        f'<td class="n">{vague}</td><td class="n{" bad" if b.fails else ""}">{len(b.fails)}</td></tr>')
        hidden = len(self.bodies_all) - len(self.bodies)
        return (f'<h3>报告主体一览 <small>All bodies ({len(self.bodies_all)})</small></h3>'
                + self.table(head, rows, "data", ' id="body-table"') + _more(hidden, "个主体"))

    @staticmethod
    def _year_span(years: list[str]) -> str:
        if not years:
            return "—"
        return years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}（{len(years)}年）"

    def _heatmap_for(self, problems: list[dict], years: list[str], no_report: set[str], uid: str, title: str) -> str:
        counts: Counter = Counter()
        tips: dict[tuple[str, str], list[str]] = defaultdict(list)
        for p in problems:
            if str(p.get("report_id")) in self.dropped:
                continue
            y = str(p.get("year") or "")
            for t in dict.fromkeys(_topics(p.get("topics"))):
                counts[(t, y)] += 1
                if len(tips[(t, y)]) < 4:
                    who = "" if uid != "all" else f"{p.get('jurisdiction')}: "
                    tips[(t, y)].append(f"· {who}" + _clip(p.get("text"), 48))
        years = years[-MAX_HEATMAP_YEARS:]
        shown = [t for t in sorted({t for t, _ in counts}) if any(counts.get((t, y)) for y in years)]
        note = ('<p class="note">格子中的数字是该年报告中标注该主题的问题条数（一条问题可有多个主题）；'
                '点击格子查看该主题的全部问题。Cell = number of problems tagged with the topic.</p>')
        return heatmap([(t, self.topic_label(t)) for t in shown], years, counts, tips, no_report, uid, title,
                       lambda t: f"#t-{t}") + note

    # ---------------------------------------------------------------- body page
    def _series_flags(self, s: dict) -> list[str]:
        if "flags" in s:
            return [f for f in re.split(r"[;；\s]+", str(s.get("flags") or "")) if f]
        flags = []
        if (_float(s.get("problems_similarity")) or 0) >= NEAR_DUPLICATE:
            flags.append("near_duplicate_problems")
        if (_float(s.get("overview_similarity")) or 0) >= NEAR_DUPLICATE:
            flags.append("near_duplicate_overview")
        if str(s.get("copied_year_tokens") or "").strip():
            flags.append("stale_year")
        return flags

    def body_page(self, b: _Body) -> str:
        reps = [self.reports[i] for i in b.reports]
        fu = Counter(str(r.get("status")) for r in b.followup)
        vague = [p for p in b.problems if str(p.get("vague")) == "1"] if self.has_vague else []
        copied = [s for s in b.series if self._series_flags(s)]
        cards = [("问题条目", "problems", len(b.problems)), ("改进承诺", "commitments", b.n_commitments),
                 ("承诺已落实 / 可判断", "promises reported / judged",
                  f'{fu["reported"]}/{sum(fu[s] for s in _JUDGED)}' if self.d.followup is not None else "—"),
                 ("照搬提示", "copied-text flags", len(copied) if self.d.series is not None else "—"),
                 ("笼统问题", "vague problems", len(vague) if self.has_vague else "—"),
                 ("校验不一致", "failed checks", len(b.fails))]
        out = [f'<section class="view body" id="{b.anchor}" data-body="{e(b.name)}">',
               f'<h2>{e(b.name)} <small>{e(LEVELS.get(b.level, b.level))} · {len(reps)} 份报告 · '
               f'{e(self._year_span(b.years))}</small></h2>',
               '<div class="cards">' + "".join(
                   f'<div class="card{" alert" if en == "failed checks" and v else ""}" data-stat="{e(en)}"><b>{e(v)}</b>'
                   f'<span>{zh}<small>{en}</small></span></div>' for zh, en, v in cards) + "</div>"]
        # reports
        rows = []
        for i in b.reports:
            r = self.reports[i]
            cc = self.checks_by_report.get(str(r.get("report_id")), Counter())
            href = self.file_href(r)
            title = e(r.get("title") or r.get("report_id"))
            dropped = ' <span class="tag">重复，未计入 duplicate</span>' if str(r.get("report_id")) in self.dropped else ""
            rows.append(f'<tr><td>{e(r.get("year") or "?")}</td><td><a href="#r{i}">{title}</a>{dropped}'
                        + (f' · <a class="file" href="{e(href)}">原文</a>' if href else "")
                        + f'</td><td>{e(FORMATS.get(str(r.get("format") or ""), r.get("format")))}</td>'
                        f'<td>{e(KINDS.get(str(r.get("kind") or ""), r.get("kind")))}</td>'
                        f'<td>{e(STATUSES.get(str(r.get("status")), r.get("status")))}</td>'
                        + self._check_cells(cc) + "</tr>")
        out.append("<h3>报告 <small>Reports</small></h3>"
                   + self.table(["年度", "标题 title", "格式", "类型", "状态", "通过", "不一致", "存疑", "无法判断"], rows))
        # heatmap
        all_years = self._year_range(b.years)
        out.append("<h3>问题主题 × 年度 <small>Problems by topic and year</small></h3>")
        out.append(self._heatmap_for(b.problems, all_years, set(all_years) - set(b.years), b.anchor,
                                     f"{b.name} 问题主题 × 年度"))
        # recurring
        out.append("<h3>反复出现的问题 <small>Recurring weaknesses</small></h3>")
        if self.d.recurring is None:
            out.append(_na("recurring.csv"))
        elif not b.recurring:
            out.append('<p class="ok">没有在两年及以上重复出现的问题主题。</p>')
        else:
            rows = []
            for r in b.recurring:
                t = str(r.get("topic") or "")
                tname = r.get("topic_name") or self.topic_name(t)
                still = str(r.get("still_open")) in ("1", "True", "true")
                gaps = str(r.get("gap_years") or "")
                ex = "".join(f"<li>{e(_clip(x, 120))}</li>" for x in re.split(r"[｜|]", str(r.get("examples") or "")) if x.strip())
                topic_cell = (f'<a href="#t-{t}">{e(t)} {e(tname)}</a>' if _TOPIC_ID.match(t) else f"{e(t)} {e(tname)}")
                rows.append(f'<tr><td>{topic_cell}</td><td>{e(str(r.get("years") or "").replace(";", "、"))}</td>'
                            f'<td class="n">{e(r.get("n_years"))}</td><td class="n">{e(r.get("longest_streak"))}</td>'
                            f'<td>{"<b class=bad>仍存在</b>" if still else "已不再提"}'
                            f'{f"<br><small>中断后再现：{e(gaps)}</small>" if gaps else ""}</td>'
                            f'<td><ul class="ex">{ex}</ul></td></tr>')
            out.append(self.table(["主题 topic", "出现年度", "年数", "最长连续", "最近一年", "例句 examples"], rows))
        # follow-up
        out.append("<h3>承诺落实跟踪 <small>Promise follow-up (commitment of year N, evidence in N+1)</small></h3>")
        if self.d.followup is None:
            out.append(_na("followup.csv"))
        elif not b.followup:
            out.append('<p class="na">无承诺条目 (no commitments)</p>')
        else:
            out.append(stacked_bar(fu, f"{b.name} 承诺落实情况"))
            out.append(self.table(["年度", "承诺 / 问题", "状态 status", "次年报告中的证据 evidence", "得分", "说明 reason"],
                                  [self._followup_row(r) for r in b.followup[:MAX_FOLLOWUP_ROWS]], "data followup"))
            out.append(_more(len(b.followup) - MAX_FOLLOWUP_ROWS))
        # copied text
        out.append("<h3>照搬与雷同 <small>Copied text (compared with the previous report)</small></h3>")
        if self.d.series is None:
            out.append(_na("series.csv"))
        elif not b.series:
            out.append('<p class="na">只有一年的报告，无法比较 (a single year: nothing to compare)</p>')
        else:
            out.append(self.table(["年度", "对比年度", "第五部分相似度<br><small>problems</small>",
                                   "总体情况相似度<br><small>overview</small>", "过期年份表述 stale year tokens", "提示 flags"],
                                  [self._series_row(s) for s in b.series]))
            out.append('<p class="note">相似度为两年文本的字符二元组相似度（0–100%）；'
                       f'≥ {int(NEAR_DUPLICATE * 100)}% 视为照搬。</p>')
        # vague
        out.append("<h3>笼统的问题表述 <small>Vague problems (no specific object, number or area)</small></h3>")
        if not self.has_vague:
            out.append(_na("items.csv 的 vague 列 (the vague column of items.csv)"))
        elif not vague:
            out.append('<p class="ok">没有被判定为笼统的问题。</p>')
        else:
            out.append('<ul class="vague">' + "".join(
                f'<li><a href="#{p["_anchor"]}">{e(p.get("year"))}</a> {e(_clip(p.get("text")))} '
                f'<small>{self.report_links(str(p.get("report_id")), str(p.get("page") or ""))}</small></li>'
                for p in vague[:MAX_BODY_PROBLEMS]) + "</ul>" + _more(len(vague) - MAX_BODY_PROBLEMS))
        # checks
        out.append("<h3>勾稽校验不一致 <small>Failed consistency checks</small></h3>")
        if self.d.checks is None:
            out.append(_na("checks.csv"))
        elif not b.fails:
            out.append('<p class="ok">没有不一致的校验项。</p>')
        else:
            out.append(self.check_table(b.fails[:MAX_CHECK_ROWS], with_body=False)
                       + _more(len(b.fails) - MAX_CHECK_ROWS, "项"))
        if b.n_uncertain:
            out.append(f'<p class="note">另有 {b.n_uncertain} 项存疑（只有把空白或“/”当作 0 才矛盾等），见 checks.csv。</p>')
        # all problems
        out.append(f"<h3>问题清单 <small>All problems ({len(b.problems)})</small></h3>")
        out.append(self.problem_table(b.problems[:MAX_BODY_PROBLEMS], with_body=False, anchors=True)
                   + _more(len(b.problems) - MAX_BODY_PROBLEMS))
        out.append("</section>")
        return "".join(out)

    @staticmethod
    def _year_range(years: list[str]) -> list[str]:
        nums = [_int(y) for y in years]
        if years and all(n is not None for n in nums) and max(nums) - min(nums) < 40:
            return [str(y) for y in range(min(nums), max(nums) + 1)]
        return years

    @staticmethod
    def _check_cells(cc: Counter) -> str:
        return "".join(f'<td class="n{" bad" if s == "fail" and cc.get(s) else ""}">{cc.get(s, 0)}</td>'
                       for s in ("pass", "fail", "uncertain", "not_assessable"))

    def _followup_row(self, r: dict) -> str:
        status = str(r.get("status") or "")
        text = r.get("commitment_text") or ""
        item = str(r.get("commitment_item_id") or "")
        if status == "no_commitment" and (r.get("problem_text") or not text):
            text, item = r.get("problem_text") or "", str(r.get("problem_item_id") or item)
            text = "【问题】" + str(text)
        ev = str(r.get("evidence_text") or "").strip()
        ev_html = ""
        if ev:
            ev_id = str(r.get("evidence_item_id") or "")
            where = (self.item_links(ev_id) if ev_id in self.item_place
                     else " · ".join(x for x in (f"{e(_y(r.get('evidence_year')))}年" if r.get("evidence_year") else "",
                                                 e(ev_id)) if x))
            ev_html = f'<blockquote>{e(_clip(ev, 400))}</blockquote><small>{where}</small>'
        score = _float(r.get("score"))
        return (f'<tr class="fu-{e(status)}"><td>{e(_y(r.get("year")))}</td><td>{e(_clip(text))}<br>'
                f'<small>{self.item_links(item) if item else ""}</small></td><td>{self.status_badge(status)}</td>'
                f'<td>{ev_html or "—"}</td><td class="n">{"" if score is None else f"{score:.2f}"}</td>'
                f'<td><small>{e(_clip(r.get("reason"), 200))}</small></td></tr>')

    def _series_row(self, s: dict) -> str:
        def pct(v: Any) -> str:
            f = _float(v)
            if f is None:
                return "—"
            hot = " hot" if f >= NEAR_DUPLICATE else ""
            return (f'<span class="sim{hot}"><i style="width:{max(0.0, min(1.0, f)) * 100:.0f}%"></i></span>'
                    f'<span class="simv{hot}">{f * 100:.0f}%</span>')

        flags = self._series_flags(s)
        fl = "".join(f'<span class="tag warn" data-flag="{e(f)}">{e(SERIES_FLAGS.get(f, f))}</span>' for f in flags)
        tokens = str(s.get("copied_year_tokens") or "")
        return (f'<tr><td>{e(_y(s.get("year")))}</td><td>{e(_y(s.get("prev_year")))}</td><td>{pct(s.get("problems_similarity"))}</td>'
                f'<td>{pct(s.get("overview_similarity"))}</td><td>{e(tokens.replace(";", "；")) or "—"}</td>'
                f'<td>{fl or "—"}</td></tr>')

    def check_table(self, rows: list[dict], with_body: bool) -> str:
        out = []
        for c in rows:
            rid = str(c.get("report_id") or "")
            i = self.rid_index.get(rid)
            r = self.reports[i] if i is not None else {}
            where = (f'<a href="#r{i}">{e(r.get("year") or "?")}年</a>' if i is not None else e(rid))
            if with_body:
                body = self.bodies.get(str(r.get("jurisdiction") or ""))
                bname = (f'<a href="#{body.anchor}">{e(body.name)}</a>' if body else e(r.get("jurisdiction") or rid))
                where = f"{bname} · {where}"
            rule = str(c.get("rule") or "")
            out.append(f'<tr class="check-{e(c.get("status"))}" data-rule="{e(rule)}"><td>{where}</td>'
                       f'<td><code>{e(rule)}</code><br><small>{e(self.rule_label(rule))}</small></td>'
                       f'<td class="n">{e(c.get("expected"))}</td><td class="n">{e(c.get("actual"))}</td>'
                       f'<td>{e(_clip(c.get("message"), 300))}</td><td><small>{e(_clip(c.get("evidence"), 300))}</small></td></tr>')
        return self.table(["报告", "规则 rule", "应为 expected", "实际 actual", "说明 message", "依据 evidence"], out,
                          "data checks")

    def problem_table(self, problems: list[dict], with_body: bool, anchors: bool) -> str:
        rows = []
        for p in problems:
            topics = "".join(f'<a class="tp" href="#t-{t}" title="{e(self.topic_name(t))}">{t}</a>'
                             for t in dict.fromkeys(_topics(p.get("topics"))))
            vague = ' <span class="tag warn">笼统</span>' if str(p.get("vague")) == "1" else ""
            rid = f' id="{p["_anchor"]}"' if anchors else ""
            first = ""
            if with_body:
                body = self.bodies.get(str(p.get("jurisdiction") or ""))
                first = (f'<td><a href="#{body.anchor}">{e(body.name)}</a></td>' if body
                         else f'<td>{e(p.get("jurisdiction"))}</td>')
            rows.append(f'<tr{rid}>{first}<td>{e(p.get("year"))}</td><td>{e(_clip(p.get("text")))}{vague}</td>'
                        f'<td>{topics}</td><td>{self.report_links(str(p.get("report_id")), str(p.get("page") or ""))}</td></tr>')
        head = (["主体 body"] if with_body else []) + ["年度", "问题 problem", "主题", "出处 source"]
        return self.table(head, rows, "data problems")

    # ---------------------------------------------------------------- topic pages
    def topic_pages(self) -> tuple[list[tuple[str, str, int]], str]:
        by_topic: dict[str, list[dict]] = defaultdict(list)
        for p in self.problems:
            for t in dict.fromkeys(_topics(p.get("topics"))):
                by_topic[t].append(p)
        rec_by_topic: dict[str, list[dict]] = defaultdict(list)
        for r in self.d.recurring or []:
            rec_by_topic[str(r.get("topic"))].append(r)
        nav, pages = [], []
        for t in sorted(by_topic):
            ps = sorted(by_topic[t], key=lambda p: (_year_key(str(p.get("year") or "")), str(p.get("jurisdiction"))))
            nav.append((t, self.topic_label(t), len(ps)))
            definition = self.lex.topics[t].definition if self.lex and t in self.lex.topics else ""
            bodies = {str(p.get("jurisdiction")) for p in ps}
            yc = Counter(str(p.get("year") or "") for p in ps)
            out = [f'<section class="view topic" id="t-{t}"><h2>{e(self.topic_label(t))} <small>主题 topic</small></h2>',
                   f'<p class="def">{e(definition)}</p>' if definition else "",
                   f'<div class="cards"><div class="card" data-stat="topic_problems"><b>{len(ps)}</b><span>问题条目<small>problems</small></span></div>'
                   f'<div class="card"><b>{len(bodies)}</b><span>涉及主体<small>bodies</small></span></div></div>',
                   '<h3>按年度 <small>by year</small></h3>',
                   bar_chart([(y, yc[y]) for y in sorted(yc, key=_year_key)], f"{t} 按年度", "条", "#e34a33")]
            recs = rec_by_topic.get(t, [])
            if recs:
                items = "".join(
                    f'<li>{self._body_link(str(r.get("jurisdiction")))}：{e(str(r.get("years") or "").replace(";", "、"))}'
                    f'{"（仍存在 still open）" if str(r.get("still_open")) in ("1", "True", "true") else ""}</li>'
                    for r in sorted(recs, key=lambda r: -(_int(r.get("n_years")) or 0))[:50])
                out.append(f'<h3>反复出现该问题的主体 <small>Bodies where it recurs ({len(recs)})</small></h3><ul>{items}</ul>'
                           + _more(len(recs) - 50, "个主体"))
            out.append(f"<h3>问题清单 <small>Problems ({len(ps)})</small></h3>")
            out.append(self.problem_table(ps[:MAX_TOPIC_ROWS], with_body=True, anchors=False)
                       + _more(len(ps) - MAX_TOPIC_ROWS))
            out.append("</section>")
            pages.append("".join(out))
        return nav, "".join(pages)

    def _body_link(self, name: str) -> str:
        b = self.bodies.get(name)
        return f'<a href="#{b.anchor}">{e(name)}</a>' if b else e(name)

    # ---------------------------------------------------------------- reports and checks views
    def reports_view(self) -> str:
        rows = []

        def order(i: int) -> tuple:
            r = self.reports[i]
            return (r.get("status") == "error", not r.get("jurisdiction"), str(r.get("jurisdiction") or ""),
                    _year_key(str(r.get("year") or "")), str(r.get("path") or ""))

        for i in sorted(range(len(self.reports)), key=order)[:MAX_REPORT_ROWS]:
            r = self.reports[i]
            href = self.file_href(r)
            cc = self.checks_by_report.get(str(r.get("report_id")), Counter())
            body = self.bodies.get(str(r.get("jurisdiction") or ""))
            jur = (f'<a href="#{body.anchor}">{e(body.name)}</a>' if body else e(r.get("jurisdiction") or "—"))
            path = f'<a class="file" href="{e(href)}">{e(r.get("path"))}</a>' if href else e(r.get("path"))
            msg = f'<br><small class="msg">{e(_clip(r.get("message"), 300))}</small>' if r.get("message") else ""
            rows.append(f'<tr id="r{i}" class="st-{e(r.get("status"))}"><td>{jur}</td><td>{e(r.get("year") or "—")}</td>'
                        f'<td>{e(r.get("title") or r.get("report_id"))}<br><small>{path}</small>{msg}</td>'
                        f'<td>{e(LEVELS.get(str(r.get("level") or ""), r.get("level")))}</td>'
                        f'<td>{e(r.get("format") or "—")}</td><td>{e(KINDS.get(str(r.get("kind") or ""), r.get("kind")))}</td>'
                        f'<td class="n">{e(r.get("n_pages") or "")}</td>'
                        f'<td>{e(STATUSES.get(str(r.get("status")), r.get("status")))}</td>' + self._check_cells(cc) + "</tr>")
        return ('<section class="view" id="reports"><h2>报告列表 <small>All report files</small></h2>'
                + self.table(["主体", "年度", "标题 / 文件", "层级", "格式", "类型", "页数", "状态", "通过", "不一致", "存疑",
                              "无法判断"], rows, "data", ' id="report-table"')
                + _more(len(self.reports) - MAX_REPORT_ROWS, "份报告") + "</section>")

    def checks_view(self) -> str:
        out = ['<section class="view" id="checks"><h2>勾稽校验 <small>Consistency checks</small></h2>']
        if self.d.checks is None:
            out.append(_na("checks.csv") + "</section>")
            return "".join(out)
        out.append('<p class="note">不一致 fail：报告中印出的数字互相矛盾；存疑 uncertain：只有把空白或“/”当作 0 才矛盾，或口径不同；'
                   '无法判断 not assessable：所需单元格无法读取或缺失。</p>')
        rows = []
        for fam in sorted(self.family_counts, key=lambda f: -sum(self.family_counts[f].values())):
            cc = self.family_counts[fam]
            rows.append(f"<tr><td>{e(fam)}</td>" + self._check_cells(cc) + "</tr>")
        rows.append('<tr class="total"><td>合计 total</td>' + self._check_cells(self.check_counts) + "</tr>")
        out.append(self.table(["规则 rule", "通过", "不一致", "存疑", "无法判断"], rows, "data compact", ' id="check-summary"'))
        out.append(f'<h3>不一致 <small>Failed ({len(self.fails)})</small></h3>')
        out.append(self.check_table(self.fails[:MAX_CORPUS_CHECKS], with_body=True) if self.fails
                   else '<p class="ok">没有不一致的校验项。</p>')
        out.append(_more(len(self.fails) - MAX_CORPUS_CHECKS, "项"))
        if self.uncertain:
            out.append(f'<h3>存疑 <small>Uncertain ({len(self.uncertain)})</small></h3>')
            out.append(self.check_table(self.uncertain[:MAX_CORPUS_CHECKS], with_body=True)
                       + _more(len(self.uncertain) - MAX_CORPUS_CHECKS, "项"))
        out.append("</section>")
        return "".join(out)

    # ---------------------------------------------------------------- navigation and page
    def nav(self, topics: list[tuple[str, str, int]]) -> str:
        groups: dict[str, list[_Body]] = defaultdict(list)
        for b in self.bodies.values():
            groups[b.level if b.level in LEVELS else ""].append(b)
        body_html = []
        for lv in LEVEL_ORDER:
            if not groups.get(lv):
                continue
            body_html.append(f'<li class="grp">{e(LEVELS[lv])}</li>')
            for b in sorted(groups[lv], key=lambda b: b.name):
                fails = (f' <span class="pill" title="校验不一致 failed checks">✗{len(b.fails)}</span>'
                         if b.fails else "")
                body_html.append(f'<li><a href="#{b.anchor}">{e(b.name)} <small>{len(b.reports)}</small>{fails}</a></li>')
        hidden = ""
        if self.n_bodies_hidden:
            hidden = f'<li class="more">… 另有 {self.n_bodies_hidden} 个主体（{self.n_bodies_hidden} more, see CSVs）</li>'
        topic_html = "".join(f'<li><a href="#t-{t}">{e(label)} <small>{n}</small></a></li>' for t, label, n in topics)
        return ('<nav id="nav"><div class="brand">政务公开年报分析<small>zwgk report</small></div><ul class="main">'
                '<li><a href="#overview">概览 Overview</a></li><li><a href="#reports">报告列表 Reports</a></li>'
                f'<li><a href="#checks">勾稽校验 Checks</a></li></ul>'
                '<input id="filter" type="search" placeholder="筛选主体或主题 filter…" aria-label="filter">'
                f'<h4>报告主体 Bodies ({len(self.bodies_all)})</h4><ul class="list" id="nav-bodies">{"".join(body_html)}{hidden}</ul>'
                f'<h4>问题主题 Topics ({len(topics)})</h4><ul class="list" id="nav-topics">{topic_html}</ul></nav>')

    def render(self) -> str:
        topics_nav, topic_html = self.topic_pages()
        main = (self.overview() + self.reports_view() + self.checks_view()
                + "".join(self.body_page(b) for b in self.bodies.values()) + topic_html)
        script = _SCRIPT
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"
        title = "政府信息公开工作年度报告分析 · zwgk report"
        return ("<!DOCTYPE html>\n"
                f'<html lang="zh-CN"><head><meta charset="utf-8">'
                f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<meta name="generator" content="zwgk-nlp"><title>{e(title)}</title>'
                f"<style>{_css()}</style></head>"
                f'<body data-rendered="no"><div id="layout">{self.nav(topics_nav)}<main id="main">'
                f'<header><h1>政府信息公开工作年度报告分析 <small>Government information-disclosure annual reports</small></h1>'
                '<noscript><p class="note">JavaScript 已关闭：所有部分依次显示。</p></noscript></header>'
                f"{main}<footer>由 zwgk 生成；完整数据见输出目录中的 CSV 文件。All data: the CSV files of the output "
                "folder.</footer></main></div>"
                f"<script>{script}</script></body></html>\n")


def _css() -> str:
    return """
:root{--fg:#1f2933;--muted:#616e7c;--line:#d9dee4;--bg:#f7f8fa;--accent:#2b5797;--bad:#c0392b;--ok:#1a7f4b}
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font-family:""" + FONT_STACK + """;color:var(--fg);background:#fff;font-size:14px;line-height:1.6}
svg text{font-family:""" + FONT_STACK + """}
#layout{display:flex;min-height:100vh}
nav{width:250px;flex:0 0 250px;background:var(--bg);border-right:1px solid var(--line);padding:12px 10px;
 position:sticky;top:0;height:100vh;overflow-y:auto;font-size:13px}
nav .brand{font-weight:700;font-size:16px;margin:2px 4px 10px;color:var(--accent)}
nav .brand small{display:block;font-weight:400;color:var(--muted);font-size:11px}
nav h4{margin:14px 4px 4px;font-size:12px;color:var(--muted);font-weight:600}
nav ul{list-style:none;margin:0;padding:0}
nav li a{display:block;padding:3px 6px;border-radius:4px;color:var(--fg);text-decoration:none}
nav li a:hover{background:#e8edf3}
nav li a.active{background:var(--accent);color:#fff}
nav li a.active small{color:#dfe7f3}
nav li small{color:var(--muted)}
nav li.grp{margin:8px 6px 2px;font-size:11px;color:var(--muted)}
nav .pill{display:inline-block;background:var(--bad);color:#fff;border-radius:8px;padding:0 5px;font-size:10px;
 line-height:15px;vertical-align:1px}
nav li.more{padding:4px 6px;color:var(--muted)}
nav input{width:100%;margin:10px 0 0;padding:5px 7px;border:1px solid var(--line);border-radius:4px;font:inherit}
main{flex:1;min-width:0;padding:18px 28px 40px;max-width:1400px}
header h1{font-size:20px;margin:0 0 6px}
h1 small,h2 small,h3 small{color:var(--muted);font-weight:400;font-size:.72em;margin-left:.4em}
h2{font-size:19px;border-bottom:2px solid var(--accent);padding-bottom:4px;margin:10px 0 12px}
h3{font-size:15px;margin:22px 0 8px}
.meta,.note{color:var(--muted);font-size:12px}
.def{color:var(--muted);margin-top:-4px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 6px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:112px;background:#fff}
.card b{display:block;font-size:22px;line-height:1.2}
.card span{font-size:12px;color:var(--muted)}
.card span small{display:block;font-size:10px}
.card.alert{border-color:var(--bad)}
.card.alert b{color:var(--bad)}
.row{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.row>div{min-width:180px}
.scroll{overflow-x:auto;max-width:100%}
table.data{border-collapse:collapse;margin:4px 0 8px;font-size:13px;width:100%}
table.data.compact{width:auto;min-width:200px}
table.data th{background:#eef1f5;text-align:left;font-weight:600;padding:5px 8px;border-bottom:1px solid var(--line);
 position:sticky;top:0;white-space:nowrap}
table.data td{padding:5px 8px;border-bottom:1px solid #edf0f3;vertical-align:top}
table.data tbody tr:nth-child(even){background:#fafbfc}
table.data tr.total td{font-weight:600;border-top:1px solid var(--line)}
table.data td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.bad,b.bad,.bad{color:var(--bad);font-weight:600}
tr:target,li:target{background:#fff4c2 !important}
tr.st-error td{background:#fdf0ee}
tr.st-warning td{background:#fffaf0}
table.problems td:first-child,table.followup td:first-child,#report-table td:first-child{white-space:nowrap}
table.followup td:nth-child(2){min-width:240px;width:30%}
table.followup td:nth-child(4){min-width:260px;width:34%}
table.followup td:nth-child(6){min-width:160px;font-size:12px;color:var(--muted)}
table.problems td:nth-child(2){min-width:300px}
blockquote{margin:0 0 2px;padding:2px 8px;border-left:3px solid #9fb3c8;color:#334e68;background:#f5f8fb}
.badge{display:inline-block;color:#fff;border-radius:3px;padding:0 6px;font-size:12px;white-space:nowrap;
 text-shadow:0 0 2px rgba(0,0,0,.35)}
.tag{display:inline-block;border-radius:3px;padding:0 5px;font-size:11px;background:#e4e7eb;margin:1px 2px}
.tag.warn{background:#fde2c2;color:#8a4b08}
a.tp{display:inline-block;font-size:11px;background:#e8edf3;border-radius:3px;padding:0 4px;margin:1px;
 color:var(--accent);text-decoration:none}
a{color:var(--accent)}
a.file{font-size:12px}
ul.ex{margin:0;padding-left:16px;font-size:12px}
ul.vague li{margin-bottom:4px}
.legend{font-size:12px;color:var(--muted);margin:4px 0 2px}
.legend-title{margin-right:6px}
.key{display:inline-block;margin-right:12px;white-space:nowrap}
.key i{display:inline-block;width:14px;height:14px;vertical-align:-2px;margin-right:4px;border:1px solid #d0d4da;
 border-radius:2px}
.key i.hatch{background:repeating-linear-gradient(45deg,#fff 0 3px,#c8ccd2 3px 5px)}
svg.heat text.lab,svg.chart text.lab{font-size:12px;fill:#334e68}
svg.heat text.cell{font-size:12px;fill:#1f2933;font-weight:600}
svg.heat text.cell.dark{fill:#fff}
svg.heat rect.h0{fill:#f4f5f7}
svg.chart text.val{font-size:12px;fill:#1f2933;font-weight:600}
svg.chart text.val-in{font-size:12px;fill:#fff;font-weight:600}
svg .axis{stroke:#9aa5b1}
svg a:hover rect{stroke:#1f2933;stroke-width:1.5}
.sim{display:inline-block;width:70px;height:8px;background:#edf0f3;border-radius:4px;margin-right:6px;
 vertical-align:middle;overflow:hidden}
.sim i{display:block;height:100%;background:#7b93ad}
.sim.hot i{background:var(--bad)}
.simv.hot{color:var(--bad);font-weight:600}
.na{color:var(--muted);font-style:italic}
.ok{color:var(--ok)}
.more{color:var(--muted);font-size:12px}
code{font-size:12px;background:#f1f3f5;padding:0 3px;border-radius:3px}
footer{margin-top:40px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
section.view{margin-bottom:36px}
@media print{nav{display:none}section.view[hidden]{display:block}}
@media (max-width:800px){#layout{display:block}nav{position:static;width:auto;height:auto}}
"""


_SCRIPT = """(function(){
var body=document.body;
window.addEventListener('error',function(ev){body.dataset.rendered='error: '+(ev.message||'?');});
var views=Array.prototype.slice.call(document.querySelectorAll('section.view'));
var links=Array.prototype.slice.call(document.querySelectorAll('nav a'));
function show(){
  var id=decodeURIComponent((location.hash||'#overview').slice(1));
  var target=id?document.getElementById(id):null;
  var view=target&&target.closest?target.closest('section.view'):null;
  if(!view){view=document.getElementById('overview');}
  views.forEach(function(v){v.hidden=(v!==view);});
  links.forEach(function(a){a.classList.toggle('active',a.getAttribute('href')==='#'+view.id);});
  if(target&&target!==view){target.scrollIntoView({block:'center'});}else{window.scrollTo(0,0);}
  body.dataset.view=view.id;
}
window.addEventListener('hashchange',show);
var box=document.getElementById('filter');
if(box){box.addEventListener('input',function(){
  var q=box.value.trim().toLowerCase();
  document.querySelectorAll('nav ul.list li').forEach(function(li){
    if(li.classList.contains('grp')||li.classList.contains('more')){li.hidden=!!q;return;}
    li.hidden=!!q&&li.textContent.toLowerCase().indexOf(q)<0;});
});}
show();
body.dataset.views=String(views.length);
if(body.dataset.rendered==='no'){body.dataset.rendered='ok';}
})();"""


# ------------------------------------------------------------------------------------------------ API
def render_report(out_dir: Path | str, base: Path | str | None = None) -> str:
    """The HTML page for an output folder. ``base``: the folder the page will be saved in (for links to the original
    files; default ``out_dir``)."""
    out_dir = Path(out_dir)
    return _Page(load(out_dir), Path(base) if base is not None else out_dir).render()


def write_report(out_dir: Path | str, html_path: Path | str | None = None) -> Path:
    """Write the page (default ``out_dir/report.html``) atomically: a temporary file renamed into place."""
    out_dir = Path(out_dir)
    target = Path(html_path) if html_path is not None else out_dir / "report.html"
    from ..outputs.sinks import write_text_atomic

    return write_text_atomic(target, render_report(out_dir, base=target.parent))
