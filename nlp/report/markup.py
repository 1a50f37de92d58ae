"""Markup shared by the report's pages: data tables, "… N more" and "not available" notes, and the links from a
problem, check or body to its report row, its page of the original file and its body page.
"""
from __future__ import annotations

from typing import Callable, Iterable

from .data import to_int
from .escape import e
from .model import ReportModel


def table(head: list[str], rows: Iterable[str], cls: str = "data", attrs: str = "") -> str:
    th = "".join(f"<th>{h}</th>" for h in head)  # headers are our own (already safe) markup
    return f'<div class="scroll"><table class="{cls}"{attrs}><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def more(n: int, what: str = "条") -> str:
    """The note under a capped list: the CSVs hold the rest."""
    return (f'<p class="more">… 另有 {n} {what}未列出（{n} more not shown; the full data is in the CSV files）</p>'
            if n > 0 else "")


def na(name: str) -> str:
    """The note of a section whose input file was not produced (the cross-year files are optional)."""
    return (f'<p class="na">暂无数据：{e(name)} 不存在（not available — {e(name)} was not produced for this output '
            f'folder）。</p>')


def section(heading: str, missing: str, empty: str, content: Callable[[], str]) -> str:
    """A section of a body page: its heading, then the first that applies of: the "not available" note naming
    ``missing`` (its input was not produced), the note ``empty`` (nothing for this body), or ``content()``."""
    if missing:
        return heading + na(missing)
    return heading + (empty or content())


def body_link(m: ReportModel, name: str) -> str:
    b = m.bodies.get(name)
    return f'<a href="#{b.anchor}">{e(name)}</a>' if b else e(name)


def report_links(m: ReportModel, report_id: str, page: str = "") -> str:
    """「报告 2021 · 第5页」 linking to the report's row, plus a link to the file itself."""
    i = m.rid_index.get(str(report_id))
    page_s = f"第{to_int(page)}页" if to_int(page) else ""
    if i is None:
        return e(report_id) + (f" · {page_s}" if page_s else "")
    r = m.reports[i]
    label = f"{r.get('year') or '?'}年报告"
    out = f'<a href="#r{i}" title="{e(r.get("title") or r.get("report_id"))}">{e(label)}</a>'
    href = m.file_href(r, page)
    if href:
        out += f' · <a href="{e(href)}" class="file">{e(page_s or "原文")}</a>'
    elif page_s:
        out += f" · {e(page_s)}"
    return out


def item_links(m: ReportModel, item_id: str) -> str:
    rid, page = m.item_place.get(str(item_id), ("", ""))
    return report_links(m, rid, page) if rid else e(item_id)
