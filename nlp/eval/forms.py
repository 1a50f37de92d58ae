"""The same report in the forms it reaches users in: what the form-invariance suite feeds the analyzer.

Every form is made from one :class:`Base` (the analysable text of a gold report, one paragraph a line, table
rows as ``| a | b |``) and keeps every character of it: a form changes only whitespace (line breaks, wrapping,
spaces between letters) and the container (a crawler's dump, DOCX, a web page, an encoding, a PDF), and adds
only what the container itself brings (a crawler header, site chrome, page numbers and a running header).
Any difference between the scores of two forms is therefore a defect of form handling, not of the rules.

A form is a function ``Base -> (suffix, bytes)``; :func:`forms` names them in the order the suite prints them.
The container forms (DOCX, web page, PDF) live in :mod:`.containers`. :func:`one_line_crawl` and
:func:`write_form` make the crawl form of a raw text file, for the table reader's tests.
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..text.enumerators import CN_DIGITS
from ..text.punctuation import CLOSERS, COLONS, COMMAS, SEMICOLONS, STOPS

# Characters a line may not start with (Chinese line-breaking rules): typesetters hang them on the line before.
_NO_LINE_START = STOPS + SEMICOLONS + COLONS + COMMAS + CLOSERS + "、》〉】」』…—·%％"
_ASCII_RUN = re.compile(r"[0-9A-Za-z.,:/%@_\-]+")
# A heading line: a top-level or parenthesised numeral, short, without a sentence end.
_HEADING = re.compile(rf"^(?:[{CN_DIGITS}]{{1,2}}[、.．]|[（(][{CN_DIGITS}]{{1,2}}[）)])[^。；;！？]{{2,38}}$")


@dataclass(frozen=True)
class Base:
    """One gold report as plain paragraphs: the analysable text of its published copy, split at line breaks."""

    file_id: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def width(self) -> int:
        """This report's line width for the wrapped forms, 30–38 characters (fixed per report, so runs agree)."""
        return 30 + zlib.crc32(self.file_id.encode("utf-8")) % 9


def is_table_row(paragraph: str) -> bool:
    return paragraph.startswith("|") and paragraph.endswith("|")


def cells(paragraph: str) -> list[str]:
    """The cells of a ``| a | b |`` row (empty cells stay empty)."""
    return [c.strip() for c in paragraph[1:-1].split("|")]


def is_heading(paragraph: str) -> bool:
    return bool(_HEADING.match(paragraph))


def _tokens(text: str) -> Iterator[str]:
    """Units a line is never broken inside: a run of ASCII letters and digits (2021, www.gov.cn), or one
    character."""
    pos = 0
    for m in _ASCII_RUN.finditer(text):
        yield from text[pos:m.start()]
        yield m.group(0)
        pos = m.end()
    yield from text[pos:]


def _units(token: str) -> float:
    """Width in full-width characters: ASCII takes half a character."""
    return sum(0.5 if c.isascii() else 1.0 for c in token)


def pieces(text: str) -> list[str]:
    """The units a line may be broken between: tokens, each closing mark hung on the token before."""
    out: list[str] = []
    for tok in _tokens(text):
        if out and len(tok) == 1 and tok in _NO_LINE_START:
            out[-1] += tok
        else:
            out.append(tok)
    return out


def wrap(paragraph: str, width: int) -> list[str]:
    """Lines of at most ``width`` full-width characters, broken as a word processor breaks CJK text: anywhere
    except inside an ASCII run and before a closing mark (which is hung on the line before)."""
    lines: list[str] = []
    line, used = "", 0.0
    for tok in pieces(paragraph):
        w = _units(tok.rstrip(_NO_LINE_START) or tok)  # a hung mark may overhang the width
        if line and used + w > width:
            lines.append(line)
            line, used = "", 0.0
        line += tok
        used += w
    if line:
        lines.append(line)
    return lines


def wrapped_lines(base: Base, width: int | None = None) -> list[str]:
    """The report as visual lines: paragraphs wrapped without indent or blank line (what pdftotext gives for a
    narrow PDF), table rows one cell a line."""
    out: list[str] = []
    for p in base.paragraphs:
        if is_table_row(p):
            out.extend(c for c in cells(p) if c)
        else:
            out.extend(wrap(p, width or base.width))
    return out


def crawler_header(base: Base) -> str:
    """The header a crawler writes above a saved page, ending with its body mark."""
    return (f"标题: {base.title}\n发布时间: 2020-01-20 09:30\n原文链接: https://www.example.gov.cn/zwgk/{base.file_id}.htm\n"
            "==================== 正文 ====================\n")


CRAWL_HEADER = "标题:{title}\n发布时间:{published}\n原文链接:{url}\n"


def _one_line(lines: list[str]) -> str:
    """Lines as a crawler flattens them: every line break a space, empty lines gone."""
    return " ".join(ln for ln in (x.strip() for x in lines) if ln)


def one_line_crawl(text: str, title: str = "", published: str = "2000-01-01 00:00",
                   url: str = "https://example.gov.cn/zwgk/t20000101_1.htm") -> str:
    """``text`` as a crawled one-line page: the crawler header, then all of its lines joined by one space.

    Form feeds and line breaks become spaces and empty lines vanish; nothing else changes, so every gold text
    of the report is still a substring once whitespace is ignored (the scoring ignores whitespace).
    """
    lines = [ln.strip() for ln in text.replace("\f", "\n").replace("\r", "\n").split("\n")]
    title = title or next((ln for ln in lines if ln), "")
    return CRAWL_HEADER.format(title=title, published=published, url=url) + _one_line(lines) + "\n"


def write_form(src: Path, dest_dir: Path) -> Path:
    """Write ``src`` (a UTF-8 text) as a one-line crawl to ``dest_dir`` under the same file name; return the path."""
    out = dest_dir / src.name
    out.write_text(one_line_crawl(src.read_text(encoding="utf-8")), encoding="utf-8")
    return out


def _utf8(text: str) -> tuple[str, bytes]:
    return ".txt", text.encode("utf-8")


def plain(base: Base) -> tuple[str, bytes]:
    """One paragraph a line, UTF-8."""
    return _utf8("\n".join(base.paragraphs) + "\n")


def crawl(base: Base) -> tuple[str, bytes]:
    """A crawler's dump: header, then the page text on one line, paragraphs and table cells joined by spaces."""
    parts = [" ".join(c for c in cells(p) if c) if is_table_row(p) else p for p in base.paragraphs]
    return _utf8(crawler_header(base) + _one_line(parts) + "\n")


def hard_wrapped(base: Base) -> tuple[str, bytes]:
    """Text extracted from a narrow PDF: 30–38 characters a line, no indents, no blank lines."""
    return _utf8("\n".join(wrapped_lines(base)) + "\n")


def hard_wrapped_crawl(base: Base) -> tuple[str, bytes]:
    """Hard-wrapped text under a crawler header (a crawler that saved a PDF's text)."""
    return _utf8(crawler_header(base) + "\n".join(wrapped_lines(base)) + "\n")


def page_furniture(base: Base, lines_per_page: int = 36) -> tuple[str, bytes]:
    """Hard-wrapped text in pages: a running header from page 2, a page-number line, a form feed."""
    lines = wrapped_lines(base)
    header = base.title or "政府信息公开工作年度报告"
    pages = []
    for n, start in enumerate(range(0, len(lines), lines_per_page), start=1):
        page = ([header] if n > 1 else []) + lines[start:start + lines_per_page] + [f"- {n} -"]
        pages.append("\n".join(page))
    return _utf8("\n\f".join(pages) + "\n")


def letter_spaced(base: Base) -> tuple[str, bytes]:
    """Hard-wrapped text whose headings are letter-spaced (``一 、 总 体 情 况``), as justified headings extract."""
    out: list[str] = []
    for p in base.paragraphs:
        if is_heading(p):
            out.append(" ".join(p))
        elif is_table_row(p):
            out.extend(c for c in cells(p) if c)
        else:
            out.extend(wrap(p, base.width))
    return _utf8("\n".join(out) + "\n")


def gb18030(base: Base) -> tuple[str, bytes]:
    """One paragraph a line, GB18030 (the encoding of many Chinese text files)."""
    return ".txt", ("\n".join(base.paragraphs) + "\n").encode("gb18030")


def _containers() -> dict[str, Callable[[Base], tuple[str, bytes]]]:
    from . import containers

    return {"docx-lines": containers.docx_lines, "docx": containers.docx_paragraphs,
            "web-page": containers.web_page, "pdf": containers.pdf}


def forms() -> dict[str, Callable[[Base], tuple[str, bytes]]]:
    """Every form by name, plain text first (the reference the others are compared with)."""
    return {"plain": plain, "crawl": crawl, "wrapped": hard_wrapped, "wrapped-header": hard_wrapped_crawl,
            "page-furniture": page_furniture, "letter-spaced": letter_spaced, "gb18030": gb18030,
            **_containers()}
