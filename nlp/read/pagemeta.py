"""The page's own metadata: labelled fields at the head of a government article page, read as data.

Government sites print a metadata block above the article: a table (``| 索引号 | … | 发布单位 | … |``), a labelled
run on one line (``发布单位：某市政府办 发文日期：2023-02-10 文号： 时效：有效``, often without colons), an info bar
(``发布时间：… 来源：…``) and a breadcrumb (``首页>政务公开>年报>``). Left in the text they glue onto the title
("…时效 有效 某市2022年…" made the body "有效某市"). :func:`take_fields` reads them into fields and removes them
from the analysable text; the labels and value shapes are data (``lexicons/page_chrome.yaml``).

Fields are returned under the keys of :data:`PAGE`` + field name (``page:published``); the reader stores them in
:attr:`RawDocument.meta <nlp.read.document.RawDocument.meta>`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..rules import ChromeRules, PageField, Rules, load_rules

PAGE = "page:"  # prefix of the meta keys of fields read from the page text
META = "meta:"  # prefix of the meta keys of <meta name="…"> tags (meta:PubDate)
HEAD_CHARS = 1500  # the metadata block is at the head: never past the first sentence or this many characters
# A date printed bare at the very head of a page, glued to the title (list pages print the publication date so).
_LEADING_DATE = re.compile(r"^\s*((?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?=\D)")
_BOUNDARY = re.compile(r"(?:^|(?<=[\s|│｜:：;；,，]))")
_COLON = re.compile(r"\s*[:：]\s*|\s+|(?=[\u4e00-\u9fff\d])")


@lru_cache(maxsize=4)
def _labels(chrome: ChromeRules) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """One alternation of every label, each in its own group (g0, g1…): where a run may start (after a space,
    a cell border or a colon), and anywhere (the next label of a run may be glued to the value before it)."""
    if not chrome.fields:
        return None
    alternation = "(?:" + "|".join(f"(?P<g{i}>{f.label.pattern})" for i, f in enumerate(chrome.fields)) + ")"
    return re.compile(_BOUNDARY.pattern + alternation), re.compile(alternation)


def take_fields(text: str, rules: Rules | None = None) -> tuple[str, dict[str, str]]:
    """``text`` without the metadata block at its head, and the fields read from it (first occurrence wins)."""
    chrome = (rules or load_rules()).chrome
    labels = _labels(chrome)
    end = _head_end(text)
    head, rest = text[:end], text[end:]
    fields: dict[str, str] = {}
    if chrome.breadcrumb is not None:
        m = chrome.breadcrumb.search(head[:300])
        if m:
            fields["breadcrumb"] = " ".join(m.group().split())
            head = head[:m.start()] + " " + head[m.end():]
    if labels is not None:
        head = "\n".join(x for x in (_take_line(line, chrome, labels, fields) for line in head.split("\n"))
                         if x is not None)
    m = _LEADING_DATE.match(head)
    if m:
        fields.setdefault("date", m.group(1))
        head = head[m.end():]
    if fields.get("title") and fields["title"] not in head:
        head = fields["title"] + "\n" + head  # a title read from a cell stays the text's title
    return head + rest, {PAGE + k: v for k, v in fields.items()}


def _head_end(text: str) -> int:
    """Where the head ends: the end of the line holding the first full stop, or :data:`HEAD_CHARS`."""
    stop = text.find("。", 0, HEAD_CHARS)
    if stop < 0:
        return min(len(text), HEAD_CHARS)
    return stop  # the sentence itself stays whole (its line is scanned up to the stop only)


Labels = tuple[re.Pattern[str], re.Pattern[str]]


def _take_line(line: str, chrome: ChromeRules, labels: Labels, fields: dict[str, str]) -> str | None:
    """The line without its metadata (None: the whole line was metadata)."""
    if line.lstrip().startswith("|"):
        return _take_row(line, chrome, labels, fields)
    out, pos = [], 0
    for start, stop, found in _runs(line, chrome, labels):
        for k, v in found:
            fields.setdefault(k, v)
        out.append(line[pos:start])
        pos = stop
    if pos == 0:
        return line
    out.append(line[pos:])
    kept = " ".join(x.strip() for x in out if x.strip())
    return kept or None


def _runs(line: str, chrome: ChromeRules, labels: Labels):
    """(start, end, [(field, value)…]) of each labelled run of the line that is metadata."""
    bounded, bare = labels
    pos = 0
    while True:
        m = bounded.search(line, pos)
        if not m:
            return
        start, found, colons, end = m.start(), [], 0, m.start()
        while m and m.start() <= end + 2 and not line[end:m.start()].strip():
            spec = chrome.fields[int(m.lastgroup[1:])]
            value, end, colon = _value(line, m.end(), spec, bare)
            found.append((spec.field, value))
            colons += colon
            m = bare.match(line, end) or bare.match(line, _skip_space(line, end))
        dated = any(v for k, v in found if k in ("published", "issued", "written", "publisher", "index_number"))
        if len(found) >= 2 or (found and colons and dated):
            yield start, end, [(k, v) for k, v in found if v]
        pos = max(end, start + 1)


def _skip_space(line: str, pos: int) -> int:
    while pos < len(line) and line[pos].isspace():
        pos += 1
    return pos


def _value(line: str, pos: int, spec: PageField, bare: re.Pattern[str]) -> tuple[str, int, bool]:
    """The value after a label at ``pos``: (value, end of it, whether a colon separated it). A value is empty
    where the next label follows at once, and ends where a label is glued to it."""
    sep = _COLON.match(line, pos)
    colon = bool(sep and (":" in sep.group() or "：" in sep.group()))
    at = sep.end() if sep else pos
    m = spec.value.match(line, at)
    if not m or bare.match(line, at):
        return "", (at if colon else pos), colon
    value = m.group()
    inner = bare.search(value, 1)
    if inner:
        value = value[:inner.start()]
    return value.strip(), at + len(value), colon


def _take_row(line: str, chrome: ChromeRules, labels: Labels, fields: dict[str, str]) -> str | None:
    """A table row of label and value cells is metadata: read it and drop it (other rows are kept)."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    found: list[tuple[str, str]] = []
    i = 0
    while i < len(cells):
        spec, inline = _label_cell(cells[i], chrome, labels)
        if spec is None:
            i += 1
            continue
        if inline is not None:
            found.append((spec.field, inline))
            i += 1
            continue
        nxt = cells[i + 1] if i + 1 < len(cells) else ""
        if nxt and _label_cell(nxt, chrome, labels)[0] is None:
            found.append((spec.field, nxt))
            i += 2
        else:
            found.append((spec.field, ""))
            i += 1
    if len(found) >= 2 or (found and len([c for c in cells if c]) <= 2):
        for k, v in found:
            if v:
                fields.setdefault(k, v)
        return None
    return line


def _label_cell(cell: str, chrome: ChromeRules, labels: Labels) -> tuple[PageField | None, str | None]:
    """(field, value) of a cell holding a label (value None: in the next cell), or (None, None)."""
    m = labels[1].match(cell)
    if not m:
        return None, None
    spec = chrome.fields[int(m.lastgroup[1:])]
    rest = cell[m.end():]
    if not rest.strip(" :："):
        return spec, None
    if rest[:1] in ":：":
        return spec, rest.lstrip(" :：").strip()
    return None, None
