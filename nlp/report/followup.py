"""Promise follow-up (承诺落实) on a body page: the commitment of year N, its status, and the evidence quoted from the
report of year N+1, with links to both; a stacked bar sums the statuses.
"""
from __future__ import annotations

from collections import Counter

from .charts import stacked_bar
from .data import to_float, year_text
from .escape import clip, e
from .labels import FOLLOWUP_STATUSES
from .limits import MAX_FOLLOWUP_ROWS
from .markup import item_links, more, section, table
from .model import Body, ReportModel


def _status_badge(status: str) -> str:
    zh, en, colour = FOLLOWUP_STATUSES.get(status, (status, "", "#999"))
    return (f'<span class="badge" style="background:{colour}" data-status="{e(status)}">{e(zh)}</span>'
            f'<br><small>{e(en)}</small>')


def _evidence(m: ReportModel, r: dict) -> str:
    """The quoted evidence and where it is (a link when the item is known, else its year and id)."""
    ev = str(r.get("evidence_text") or "").strip()
    if not ev:
        return ""
    ev_id = str(r.get("evidence_item_id") or "")
    where = (item_links(m, ev_id) if ev_id in m.item_place
             else " · ".join(x for x in (f"{e(year_text(r.get('evidence_year')))}年" if r.get("evidence_year") else "",
                                         e(ev_id)) if x))
    return f'<blockquote>{e(clip(ev, 400))}</blockquote><small>{where}</small>'


def _followup_row(m: ReportModel, r: dict) -> str:
    status = str(r.get("status") or "")
    text = r.get("commitment_text") or ""
    item = str(r.get("commitment_item_id") or "")
    if status == "no_commitment" and (r.get("problem_text") or not text):
        text, item = r.get("problem_text") or "", str(r.get("problem_item_id") or item)
        text = "【问题】" + str(text)
    ev_html = _evidence(m, r)
    score = to_float(r.get("score"))
    return (f'<tr class="fu-{e(status)}"><td>{e(year_text(r.get("year")))}</td><td>{e(clip(text))}<br>'
            f'<small>{item_links(m, item) if item else ""}</small></td><td>{_status_badge(status)}</td>'
            f'<td>{ev_html or "—"}</td><td class="n">{"" if score is None else f"{score:.2f}"}</td>'
            f'<td><small>{e(clip(r.get("reason"), 200))}</small></td></tr>')


def followup_section(m: ReportModel, b: Body, fu: Counter) -> str:
    """``fu``: the body's follow-up rows counted by status."""
    return section("<h3>承诺落实跟踪 <small>Promise follow-up (commitment of year N, evidence in N+1)</small></h3>",
                   missing="followup.csv" if not m.d.has("followup") else "",
                   empty="" if b.followup else '<p class="na">无承诺条目 (no commitments)</p>',
                   content=lambda: stacked_bar(fu, f"{b.name} 承诺落实情况")
                   + table(["年度", "承诺 / 问题", "状态 status", "次年报告中的证据 evidence", "得分", "说明 reason"],
                           [_followup_row(m, r) for r in b.followup[:MAX_FOLLOWUP_ROWS]], "data followup")
                   + more(len(b.followup) - MAX_FOLLOWUP_ROWS))
