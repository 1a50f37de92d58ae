"""The ``crawl`` form: a crawler's dump of the report page, as archives of scraped government sites hold them.

A ``标题:``/``发布时间:``/``文号:``/``发布机构:``/``栏目:``/``原文链接:`` header, a ``==== 正文 ====`` line, then
the whole page text on one line: breadcrumb and share chrome first, table cells separated by spaces, the
"scan to open on your phone" line last. With the ``glued_table_text`` fault the crawler joined the table cells
with nothing between them (labels and numbers run together: ``数量2020011023二、上年结转…``) and glued each
table to the heading before it (``三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为…``).
"""
from __future__ import annotations

from .samples import Sample
from .source import Doc

FAULTS = {"glued_table_text"}

COLUMN = "政府信息公开年报"
COLUMN_PATH = "zwgk/zfxxgk/zfxxgknb"


def render(doc: Doc, sample: Sample) -> bytes:
    d, hm = sample.published()
    title = doc.title_text()
    publisher = sample.body.publisher
    docid = 10000 + sample.digest() % 90000
    ym = "%04d%02d" % (d.year, d.month)
    path = "%s/%s/t%s_%d.htm" % (COLUMN_PATH, ym, d.strftime("%Y%m%d"), docid)
    head = [
        "标题: " + title,
        "发布时间: %s %s" % (d.isoformat(), hm),
        "文号: ",
        "发布机构: " + publisher,
        "栏目: " + COLUMN,
        "原文链接: https://%s/%s" % (sample.body.domain, path),
        "本地目录: %s/%s/%d_%s" % (COLUMN_PATH, ym, docid, title),
        "页面链接与图片详见 links.tsv(同目录)",
        "==================== 正文 ====================",
    ]
    parts = ["当前位置： 首页政务公开政府信息公开" + COLUMN, title,
             "来源：%s 时间：%s %s" % (publisher, d.isoformat(), hm),
             "【字体：大 中 小】 微信 微博 QQ空间 打印本页 关闭窗口 相关链接： -->",
             " ".join(doc.title)]
    glued = sample.faults.glued_table_text
    previous = ""
    for kind, p in doc.blocks:
        if kind == "h":
            parts.append(p[1])
        elif kind in ("p", "sig"):
            parts.append(p)
        elif kind == "table":
            text = ("" if glued else " ").join(a.text for a in p.spans if a.text)
            if glued and previous == "h":
                parts[-1] += text
            else:
                parts.append(text)
        previous = kind
    parts.append("扫一扫在手机打开当前页")
    return ("\n".join(head) + "\n" + " ".join(parts) + "\n").encode("utf-8")
