"""The report's charts as inline SVG strings: vertical and horizontal bars, the follow-up stacked bar and the
topic × year heatmap, with their legends.

Inline SVG because the page must open from disk with no network and no chart library; every label passes through
:func:`~nlp.report.escape.e`, and hover titles carry the exact figures.
"""
from __future__ import annotations

import math
from typing import Callable

from .escape import clip, e
from .labels import FOLLOWUP_STATUSES

HEAT_COLOURS = ["#fee8c8", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"]
HEAT_ZERO = "#f4f5f7"
HEAT_MIN_SCALE = 4  # a count of 1 is not the darkest colour just because it is the largest one
NO_DATA = '<p class="na">无数据 (no data)</p>'


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def _svg_text(x: float, y: float, text: str, cls: str = "", anchor: str = "start", extra: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{_num(x)}" y="{_num(y)}"{a}{c}{extra}>{e(text)}</text>'


def bar_chart(pairs: list[tuple[str, int]], title: str, unit: str = "份", colour: str = "#3b6fb6") -> str:
    """Vertical bars with the value on each bar (reports by year)."""
    if not pairs:
        return NO_DATA
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
        return NO_DATA
    vmax = max(v for _, v, _ in rows) or 1
    lw = min(300, max(90, max(len(label) for label, _, _ in rows) * 13 + 12))
    bh, gap, barw = 18, 6, 360
    w, h = lw + barw + 50, len(rows) * (bh + gap) + 6
    out = [f'<svg class="chart" role="img" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><title>{e(title)}</title>']
    for i, (label, v, href) in enumerate(rows):
        y = 3 + i * (bh + gap)
        bl = barw * v / vmax
        inner = (f'<title>{e(label)}: {v} {e(unit)}</title>'
                 + _svg_text(lw - 6, y + bh - 4, clip(label, 22), "lab", "end")
                 + f'<rect x="{lw}" y="{y}" width="{bl:.1f}" height="{bh}" fill="{colour}" rx="2"/>'
                 + _svg_text(lw + bl + 5, y + bh - 4, str(v), "val"))
        out.append(f'<a href="{e(href)}">{inner}</a>' if href else f"<g>{inner}</g>")
    out.append("</svg>")
    return "".join(out)


def stacked_bar(counts: dict[str, int], title: str) -> str:
    """One horizontal bar split by follow-up status, with a legend."""
    total = sum(counts.values())
    if not total:
        return NO_DATA
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
        row = [_svg_text(lw - 8, ry + ch / 2 + 5, clip(label, 22), "lab", "end")]
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
