"""HTML pages as saved from government sites: the article body only, tables kept as rows.

The body is found the way readability tools do it: drop obvious chrome (scripts, navigation, headers, footers,
share bars), then take the smallest element that still holds most of the page's non-link text. Tables become
one line per row with ``|``-separated cells; merged cells are expanded to empty cells so columns stay aligned.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, html as lxml_html

from .document import MAX_SPAN, RawDocument, RawPage, table_line
from ..errors import ReadError
from .chrome import is_chrome_block, take_page_fields
from .pagemeta import META
from .encoding import Decoded, decode
from ..rules import Rules, load_rules

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "big5": "big5hkscs"}
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select",
              "button", "head", "object", "svg")
_CHROME_ATTR = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|header|head|top|footer|foot|bottom|share|bdshare|breadcrumb|crumb|position|"
    r"location|sidebar|side|related|relate|links|friendlink|copyright|toolbar|print|search|login)(?:$|[\s_\-\d])",
    re.I)
_SPACE_RUN = re.compile(r"[ \t\r\n]+")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Control characters (a form feed from a page break pasted into the page, a stray NUL) mean nothing in HTML,
# and lxml refuses to move a text that holds one when it unwraps an element: they become spaces.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _parser() -> etree.HTMLParser:
    """lxml.html's parser with one element class for every tag.

    lxml.html picks the class of each element (forms and form fields have their own) through a Python callback,
    run every time an element is touched from Python; this reader uses none of those classes, and one default
    class is looked up in C. The tree parsed is the same.
    """
    parser = etree.HTMLParser()
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity))
    return parser


_PARSER = _parser()
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr", "table",
          "blockquote", "center", "ul", "ol", "dd", "dt", "pre"}


def _decode_html(data: bytes) -> Decoded:
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        codec = _SUPERSET.get(declared, declared)
        try:
            return Decoded(data.decode(codec), declared, [])
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration is wrong: detect from the bytes instead
    return decode(data)


def read_html(path: Path, rules: Rules | None = None, data: bytes | None = None) -> RawDocument:
    rules = rules or load_rules()
    text, encoding, warnings = _decode_html(path.read_bytes() if data is None else data)
    text = _CONTROL_CHARS.sub(" ", _XML_DECLARATION.sub("", text))
    try:
        root = lxml_html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"not a readable HTML page: {exc}") from exc
    title = " ".join((root.findtext(".//title") or "").split())
    meta = meta_tags(root, rules)
    if title:
        meta["page_title"] = title
    for el in list(root.iter(*_DROP_TAGS)):
        _remove(el)
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction, etree.Entity)):
        _remove(el)
    # Only elements with a class or id can be chrome: selected in C rather than every element visited in Python.
    # (Removing them after the comments rather than in one pass gives the same tree: a removal moves the tail
    # text to the preceding node, whatever the order.)
    for el in root.xpath("//*[@class or @id]"):
        if _is_chrome_element(el) and el.getparent() is not None:
            _remove(el)
    body = root.find("body")
    if body is None:
        body = root
    article = _main_block(body)
    lines: list[str] = []
    _render(article, lines)
    out = "\n".join(x for x in (line.strip() for line in lines) if x and not is_chrome_block(x, rules))
    out, fields = take_page_fields(out, rules)
    meta.update(fields)
    if not out.strip():
        raise ReadError("HTML page without article text (only navigation or scripts)")
    h1 = article.find(".//h1")
    h1_text = " ".join(h1.text_content().split()) if h1 is not None else ""
    if h1_text:
        meta["h1"] = h1_text
    return RawDocument(str(path), "html", [RawPage(1, out)], title_hint=h1_text or title, meta=meta,
                       encoding=encoding, warnings=warnings)


def meta_tags(root: etree._Element, rules: Rules) -> dict[str, str]:
    """The ``<meta name=…>`` tags named in ``page_chrome.yaml`` (PubDate, ArticleTitle…), as ``meta:Name``."""
    wanted = {name.lower(): name for name, _ in rules.chrome.meta_tags}
    out: dict[str, str] = {}
    for el in root.iter("meta"):
        name = wanted.get((el.get("name") or "").strip().lower())
        content = " ".join((el.get("content") or "").split())
        if name and content:
            out.setdefault(META + name, content)
    return out


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:  # keep text that follows the removed element
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _is_chrome_element(el: etree._Element) -> bool:
    """Navigation, header, footer, share bar… by its class or id."""
    cls, ident = el.get("class"), el.get("id")
    return bool((cls or ident) and el.tag not in ("body", "html")
                and _CHROME_ATTR.search(f"{cls or ''} {ident or ''}"))


def _own_text_len(el: etree._Element) -> int:
    """Length of the text under ``el`` that is not link text (links are navigation)."""
    total = len(_without_spaces(el.text_content()))
    links = sum(len(_without_spaces(a.text_content())) for a in el.iter("a"))
    return max(total - links, 0)


def _without_spaces(text: str) -> str:
    """``text`` without whitespace: str.split drops exactly the characters regex \\s matches, and scans faster."""
    return "".join(text.split())


def _main_block(body: etree._Element) -> etree._Element:
    best = body
    best_len = _own_text_len(body)
    while True:
        children = [c for c in best if isinstance(c.tag, str)]
        scored = [(_own_text_len(c), c) for c in children]
        if not scored:
            return best
        length, child = max(scored, key=lambda t: t[0])
        if length < 0.7 * best_len or child.tag in ("p", "table", "tr", "td", "span", "font", "strong", "b"):
            return best
        best, best_len = child, length


def _render(el: etree._Element, lines: list[str]) -> None:
    """Append the text of ``el`` to ``lines``: one line per block element, one line per table row."""
    if el.tag == "table":
        for row in table_rows(el):
            if any(cell for cell in row):
                lines.append(table_line(row))
        lines.append("")
        return
    if el.tag == "br":
        lines.append("")
    block = el.tag in _BLOCK
    if block:
        lines.append("")
    if el.text:
        _add(lines, el.text)
    for child in el:
        if isinstance(child.tag, str):
            _render(child, lines)
        if child.tail:
            _add(lines, child.tail)
    if block:
        lines.append("")


def _add(lines: list[str], text: str) -> None:
    text = _SPACE_RUN.sub(" ", text)
    if not lines:
        lines.append("")
    lines[-1] += text


def table_rows(table: etree._Element) -> list[list[str]]:
    """Rows of a table with colspan/rowspan expanded into empty cells."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}
    rows = [tr for tr in table.iter("tr") if _nearest_table(tr) is table]
    for r, tr in enumerate(rows):
        row: list[str] = []
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
            text = _cell_text(cell)
            colspan = _span(cell.get("colspan"))
            rowspan = _span(cell.get("rowspan"))
            for k in range(colspan):
                row.append(text if k == 0 else "")
                for dr in range(1, rowspan):
                    pending[(r + dr, c + k)] = ""
            c += colspan
        while (r, c) in pending:
            row.append(pending.pop((r, c)))
            c += 1
        grid.append(row)
    return grid


def _nearest_table(el: etree._Element) -> etree._Element | None:
    p = el.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def _cell_text(cell: etree._Element) -> str:
    """A cell's text: without any whitespace when it is Chinese (layout breaks), else with single spaces."""
    content = cell.text_content()
    return _without_spaces(content) if _CJK_CHAR.search(content) else " ".join(content.split())


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1
