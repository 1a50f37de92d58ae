"""The ``html`` form: the report as a saved page of the body's web site, with the site chrome readers must drop.

The page skeleton is ``site_page.html`` (head with site meta tags, header, the body's navigation bar from
``bodies.yaml``, breadcrumb, publish info, share bar, related links, footer); the report goes into
``<div class="TRS_Editor">`` as ``<p>`` elements and tables with rowspan/colspan. Two CMS generations: the
current one (UTF-8, inline sub-headings in bold, styled cells) and, with the ``gb2312`` fault, an older one
that declares gb2312, is encoded GBK (characters outside GBK become ``&#N;``), repeats the title in the body
and indents with full-width spaces.
"""
from __future__ import annotations

import html
from pathlib import Path
from string import Template

from . import table_faults
from .grid import Table
from .samples import Sample
from .source import INLINE_SUBHEAD, Doc

FAULTS = {"gb2312", "value_below_blank", "t4_in_one_cell"}

PAGE = Template((Path(__file__).with_name("site_page.html")).read_text(encoding="utf-8"))


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def render(doc: Doc, sample: Sample) -> bytes:
    old_cms = sample.faults.gb2312
    d, hm = sample.published()
    body = sample.body
    page = PAGE.substitute(
        charset="gb2312" if old_cms else "utf-8",
        title=esc(doc.title_text()), site=esc(body.site), domain=esc(body.domain), code=esc(body.code),
        code_prefix=esc(body.code[:6]), publisher=esc(body.publisher), address=esc(body.address),
        icp=esc(body.icp), date=d.isoformat(), time=hm, date_cn=f"{d.year}年{d.month}月{d.day}日",
        docid=100000 + sample.digest() % 900000,
        nav="\n".join(f'<li><a href="/{path}">{esc(label)}</a></li>' for label, path in body.nav),
        body="\n".join(_article(doc, old_cms, sample)),
        related="\n".join(f'<li><a href="../{url}" target="_blank">{esc(name)}</a></li>'
                          for name, url in _related(sample)))
    if old_cms:
        return page.encode("gbk", errors="xmlcharrefreplace")
    return page.encode("utf-8")


def _related(sample: Sample) -> list[tuple[str, str]]:
    """Links to the body's reports of the two years before (file names in the CMS's pattern)."""
    y = sample.year
    return [(f"{sample.body.publisher}{yy}年政府信息公开工作年度报告", f"t{yy + 1}0120_{90000 + yy}.html")
            for yy in (y - 1, y - 2) if yy >= 2008]


def _article(doc: Doc, old_cms: bool, sample: Sample) -> list[str]:
    """The report as the CMS's editor stores it: one element a line."""
    out = []
    if old_cms:  # the older CMS repeats the title inside the body
        for t in doc.title:
            out.append('<p style="text-align:center;"><strong><span style="font-size:22px;">%s</span></strong></p>'
                       % esc(t))
    for kind, p in doc.blocks:
        if kind == "h":
            lvl, text = p
            if old_cms:
                tag = "strong" if lvl == 1 else "b"
                out.append("<p>　　<%s>%s</%s></p>" % (tag, esc(text), tag))
            else:
                out.append('<p style="text-indent:2em;"><strong>%s</strong></p>' % esc(text))
        elif kind == "p":
            m = None if old_cms else INLINE_SUBHEAD.match(p)
            inner = ("<strong>%s</strong>%s" % (esc(m.group(1)), esc(p[m.end():]))) if m else esc(p)
            out.append("<p>　　%s</p>" % inner if old_cms else '<p style="text-indent:2em;">%s</p>' % inner)
        elif kind == "sig":
            out.append('<p style="text-align:right;">%s</p>' % esc(p))
        elif kind == "table":
            out.append(_table(table_faults.apply(p, sample.faults), old_cms))
    return out


def _table(t: Table, old_cms: bool) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" align="center" width="%d" '
           'style="border-collapse:collapse;">' % (600 if old_cms else 640), "<tbody>"]
    for r in range(t.nrows):
        out.append("<tr>")
        for a in t.spans:
            if a.r != r:
                continue
            attrs = ""
            if a.rs > 1:
                attrs += ' rowspan="%d"' % a.rs
            if a.cs > 1:
                attrs += ' colspan="%d"' % a.cs
            txt = esc(a.text) if a.text else "&nbsp;"
            if old_cms:
                out.append('<td%s align="center"><span style="font-family:宋体;font-size:10.5pt">%s</span></td>'
                           % (attrs, txt))
            else:
                out.append('<td%s valign="middle"><p style="text-align:center;"><span style="font-size:14px;">'
                           '%s</span></p></td>' % (attrs, txt))
        out.append("</tr>")
    out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)
