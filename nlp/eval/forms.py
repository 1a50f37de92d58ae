"""The same report in another form, for measuring that an answer does not depend on the form it arrives in.

Each transformation keeps every character of the report and changes only whitespace and the container, so a
report scored against its gold in two forms should score the same: any difference is a defect of form handling.
Start of a form-invariance suite (issue 13 extends it with more forms); for now the one form that the table reader
must survive:

- :func:`one_line_crawl`: what a crawler archives of a report page — a ``标题:/发布时间:/原文链接:`` header, then
  the whole page text on one line (every line break a space), tables included.
"""
from __future__ import annotations

from pathlib import Path

CRAWL_HEADER = "标题:{title}\n发布时间:{published}\n原文链接:{url}\n"


def one_line_crawl(text: str, title: str = "", published: str = "2000-01-01 00:00",
                   url: str = "https://example.gov.cn/zwgk/t20000101_1.htm") -> str:
    """``text`` as a crawled one-line page: the crawler header, then all of its lines joined by one space.

    Form feeds and line breaks become spaces and empty lines vanish; nothing else changes, so every gold text
    of the report is still a substring once whitespace is ignored (the scoring ignores whitespace).
    """
    lines = [ln.strip() for ln in text.replace("\f", "\n").replace("\r", "\n").split("\n")]
    body = " ".join(ln for ln in lines if ln)
    title = title or next((ln for ln in lines if ln), "")
    return CRAWL_HEADER.format(title=title, published=published, url=url) + body + "\n"


FORMS = {"one_line_crawl": one_line_crawl}


def write_form(src: Path, dest_dir: Path, form: str = "one_line_crawl") -> Path:
    """Write ``src`` (a UTF-8 text) in ``form`` to ``dest_dir`` under the same file name; return the new path."""
    text = src.read_text(encoding="utf-8")
    out = dest_dir / src.name
    out.write_text(FORMS[form](text), encoding="utf-8")
    return out
