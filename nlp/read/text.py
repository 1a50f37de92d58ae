"""Plain text and Markdown, in any encoding seen in China, and crawled page dumps.

A crawled dump (``标题: …`` / ``发布时间: …`` / ``原文链接: …`` header, a ``==== 正文 ====`` line, then the page text)
keeps its header as metadata, not as body text: in ``meta`` under the header's own labels (``发布时间``, ``发布机构``…),
and the page's metadata block as ``page:…`` fields (:mod:`nlp.read.pagemeta`). Text extracted from PDFs by
pdftotext keeps its form feeds, so its pages stay pages.
"""
from __future__ import annotations

import re
from pathlib import Path

from .document import RawDocument, RawPage
from .chrome import take_page_fields
from .pagemeta import take_fields
from .encoding import decode
from ..rules import Rules

_HEADER_LINE = re.compile(r"^\s*([\u4e00-\u9fffA-Za-z]{2,6})\s*[:：]\s?(.*)$")
_BODY_MARK = re.compile(r"^\s*[=＝\-]{3,}\s*正\s*文\s*[=＝\-]{3,}\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def read_text(path: Path, rules: Rules | None = None, data: bytes | None = None) -> RawDocument:
    """``data``: the file's bytes when the caller has read them (else the file at ``path`` is read)."""
    text, encoding, warnings = decode(path.read_bytes() if data is None else data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, str] = {}
    kind = "text"
    lines = text.split("\n")
    mark = next((i for i, line in enumerate(lines[:40]) if _BODY_MARK.match(line)), None)
    if mark is not None:
        kind = "crawl"
        for line in lines[:mark]:
            m = _HEADER_LINE.match(line)
            if m and m.group(2).strip():
                meta[m.group(1)] = m.group(2).strip()
        text, fields = take_page_fields("\n".join(lines[mark + 1:]), rules)
        meta.update(fields)
    else:
        if path.suffix.lower() in (".md", ".markdown") or _has_markdown_headings(text, lines):
            text = _plain_markdown(lines)
        # A page saved or copied as text may keep its metadata block (索引号, 发布单位…) above the title.
        text, fields = take_fields(text, rules)
        meta.update(fields)
    pages = text.split("\f")
    paged = len(pages) > 1
    raw_pages = [RawPage(i + 1, p) for i, p in enumerate(pages)]
    if paged and not raw_pages[-1].text.strip():
        raw_pages.pop()
    return RawDocument(str(path), kind, raw_pages, paged=paged, title_hint=meta.get("标题", ""), meta=meta,
                       encoding=encoding, warnings=warnings)


def _has_markdown_headings(text: str, lines: list[str]) -> bool:
    """Three ``#`` heading lines or more (Markdown named .txt); a text without ``#`` is not matched line by line."""
    return "#" in text and sum(bool(_MD_HEADING.match(x)) for x in lines) >= 3


def _plain_markdown(lines: list[str]) -> str:
    """Drop Markdown markup (heading marks, emphasis, table rules); keep the characters of the report."""
    out = []
    for line in lines:
        if _MD_RULE.match(line) and "-" in line:
            continue
        line = _MD_HEADING.sub("", line)
        line = _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)
        out.append(line)
    return "\n".join(out)
