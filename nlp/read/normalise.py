"""Normalising: from pages of extracted text to the analysable text that every span refers to.

What is repaired (each a layout artefact, never a change of the report's own characters):
- page numbers (``-1-``, ``— 2 —``, ``第3页``) and running headers/footers repeated on the pages;
- lines broken by the layout inside sentences and words are re-joined; real paragraph and heading boundaries
  (short last lines, first-line indents, headings, table rows) are kept;
- spaces inserted between Chinese characters and around numbers (``2019 年`` → ``2019年``), zero-width and
  non-breaking spaces;
- table headers printed vertically, one character per line (``自\\n然\\n人``).
Width and script are *not* converted: full-width digits and traditional characters stay as printed (matching
works on same-length copies, see :func:`nlp.text.width.match_copy`).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from .document import WRAP_MARK, Document, RawDocument, is_table_row
from ..rules import NormaliseRules, Rules, load_rules
from ..text.enumerators import CN_DIGITS, DUN, opening_enumerator
from ..text.punctuation import CLOSERS, COLONS, COMMAS, SEMICOLONS, STOPS

# Character classes rather than str.translate tables: translate looks every character of a CJK string up in a
# dict, a regex scans it in C. Most lines have none of these characters: one scan for all of them tells.
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACE_CHARS = "\u00a0\u2002\u2003\u2009\u202f\u205f\t"
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")
_SPACES = re.compile(f"[{_SPACE_CHARS}]")
_ZERO_WIDTH_OR_SPACES = re.compile(f"[{_ZERO_WIDTH_CHARS}{_SPACE_CHARS}]")
INDENT = "\u3000\u3000"
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。；：、！？（）《》〈〉“”‘’【】「」『』…—·％"
_ENUM_START = re.compile(rf"^(?:{opening_enumerator()}|第[{CN_DIGITS}]+[，、章条部]|附件|附表|表\d)")
_SENTENCE_END = re.compile(f"[{STOPS}{SEMICOLONS}{COLONS}{CLOSERS}]$")  # a line that ends like this ends a sentence


def _spaces_between(before: str, after: str) -> str:
    """A regex for a run of spaces that follows a character of the class ``before`` and is followed by ``after``.

    The obvious ``(?<=before)[ \u3000]+(?=after)`` starts with a lookbehind, so the regex engine tries a match
    at every position of the line. Starting with the space itself (and looking behind it for the character
    before) finds the same runs, but lets the engine skip from space to space in C: several times faster on
    long lines such as the one-line body of a crawled page.
    """
    return rf"[ \u3000](?<={before}[ \u3000])[ \u3000]*(?={after})"


_SPACED_TOKEN = re.compile(_spaces_between(f"[{_CJK}{_CJK_PUNCT}]", f"[{_CJK}{_CJK_PUNCT}]"))
# Both alternatives start with the same space class, which the regex compiler moves in front of the alternation.
_PUNCT_SPACE = re.compile(rf"[ \u3000][ \u3000]*(?=[{_CJK_PUNCT}])|" + _spaces_between(f"[{_CJK_PUNCT}]", r"\S"))
_SINGLES_SPACE = re.compile(r"(?<![^ ]{2}) +(?=[^ ](?: |$))")  # a space after and before a one-character token
_MULTI_SPACE = re.compile("  +")  # not " {2,}": a leading literal lets the engine skip ahead
_CJK_CHAR = re.compile(f"[{_CJK}]")


@lru_cache(maxsize=4)
def _compiled(normalise: NormaliseRules) -> dict:
    """The rules of ``normalise.yaml`` as the repairs use them (patterns built once per rules)."""
    units = re.escape(normalise.number_units)
    return {
        "page": re.compile("^(?:" + "|".join(p.pattern for p in normalise.page_number_lines) + ")$"),
        "bare": normalise.bare_page_numbers,
        "share": normalise.running_line_min_share,
        "max_chars": normalise.running_line_max_chars,
        "num_unit": re.compile(_spaces_between(r"[\d０-９]", f"[{units}]")),
        "cjk_num": re.compile(_spaces_between(f"[{_CJK}]", rf"[\d０-９][\d０-９.,，]*[ \u3000]*[{units}]")),
    }


def clean_line(line: str, rules: Rules | None = None) -> str:
    """Whitespace repairs inside one line (no characters of the report are changed)."""
    wrapped = line.endswith(WRAP_MARK)
    line = line.replace(WRAP_MARK, "")
    if _ZERO_WIDTH_OR_SPACES.search(line):
        line = _SPACES.sub(" ", _ZERO_WIDTH.sub("", line))
    indent = line.startswith(INDENT)
    line = line.strip(" \u3000")
    if not line:
        return ""
    # Every repair below removes or merges runs of spaces: a line without any (most CJK lines) is done.
    if (" " in line or "\u3000" in line) and not is_table_row(line):
        line = _join_spaced(line, _compiled((rules or load_rules()).normalise))
    return (INDENT if indent else "") + line + (WRAP_MARK if wrapped and line else "")


def _join_spaced(line: str, rules: dict) -> str:
    """Remove the spaces that layout put between CJK characters, punctuation, numbers and their units."""
    # A "spaced" line (most tokens are single characters) comes from character-by-character layout. Numbers do
    # not count: a crawled page flattened onto one line has a table's "0 0 0" cells between its paragraphs, and
    # the spaces that separate those paragraphs must stay (form class "one-line page").
    words = [t for t in line.split() if not t.isdigit()]
    if len(words) >= 4 and list(map(len, words)).count(1) >= 0.5 * len(words):
        # Between two single characters every space is layout, digits included (letter-spaced headings:
        # "（ 一 ） 2 0 2 4 年 工 作"); other spaces only between CJK characters and punctuation.
        line = _SPACED_TOKEN.sub("", _SINGLES_SPACE.sub("", line))
    line = _PUNCT_SPACE.sub("", line)
    line = rules["num_unit"].sub("", line)
    line = rules["cjk_num"].sub("", line)
    return _MULTI_SPACE.sub(" ", line)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _width(text: str) -> int:
    """Display width: 2 for each character ``unicodedata`` calls wide or full-width, 1 for the others."""
    if _ASTRAL.search(text):  # outside the table below (rare in reports)
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return 2 * len(text) - len(_wide_runs().sub("", text))


@lru_cache(maxsize=1)
def _wide_runs() -> re.Pattern[str]:
    """Runs of wide characters of the Basic Multilingual Plane, built from ``unicodedata`` itself.

    Counting through a regex is a C loop instead of a Python call per character; runs (``+``) keep the number
    of matches, and so the work per match, small in CJK text. The class stays within the BMP because the regex
    engine looks BMP classes up in a table but walks supplementary ranges one by one.
    """
    # One byte per code point, 1 for wide: the runs of 1 are the ranges of the class.
    wide = bytes(map({"W", "F"}.__contains__, map(unicodedata.east_asian_width, map(chr, range(0x10000)))))
    ranges = (f"\\u{m.start():04x}-\\u{m.end() - 1:04x}" for m in re.finditer(b"\x01+", wide))
    return re.compile("[" + "".join(ranges) + "]+")


def _bare(line: str) -> str:
    return line.strip(" \u3000" + WRAP_MARK)


_DIGITS = re.compile(r"\d+")


def _key(line: str) -> str:
    """The line without whitespace and with every number as ``#``: the same running header on every page."""
    # str.split() splits on exactly the characters regex \s matches.
    return _DIGITS.sub("#", "".join(_bare(line).split()))


def _strip_page_furniture(pages: list[list[str]], rules: dict) -> list[list[str]]:
    """Remove page-number lines and running headers/footers (``rules``: from :func:`_compiled`)."""
    n = len(pages)
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = {_key(x) for x in _edges(lines)}
        # Running headers are short labels: not numbers (bare page numbers are handled below), not sentences.
        counts.update(k for k in edge if k and len(k) <= rules["max_chars"] and k.strip("#")
                      and not _SENTENCE_END.search(k) and not k.endswith(("，", "、")))
    running = {k for k, c in counts.items() if n >= 2 and c >= max(2, rules["share"] * n)}
    out = []
    for number, lines in enumerate(pages, start=1):
        edges = set(map(id, _edges(lines)))
        kept = []
        for i, line in enumerate(lines):
            bare = _bare(line)
            if rules["page"].match(bare):
                continue
            if id(line) in edges and _key(bare) in running and not _ENUM_START.match(bare) \
                    and not (number == 1 and not out and not kept and bare.endswith("报告")):
                continue  # (a running header that repeats the title: the title itself, on top of page 1, stays)
            # isascii: "①" and "²" are digits to isdigit() but not to int() (footnote markers at a page edge)
            if rules["bare"] and n > 1 and bare.isascii() and bare.isdigit() and id(line) in edges \
                    and abs(int(bare) - number) <= 2 \
                    and _is_edge_number(lines, i):
                continue
            kept.append(line)
        out.append(kept)
    return out


def _strip_repeated_lines(lines: list[str]) -> list[str]:
    """Running headers in text without page breaks: the title line printed again further down, or a short
    label line repeated three times or more. The first occurrence (the title itself) is kept."""
    candidates = [_label_key(x) for x in lines]
    counts = Counter(k for k in candidates if k is not None and 8 <= len(k) <= 40)
    title_keys = set(candidates[:3])
    seen: set[str | None] = set()
    out = []
    for i, (key, line) in enumerate(zip(candidates, lines)):
        repeated = counts.get(key, 0) >= 3 or (counts.get(key, 0) >= 2 and key in title_keys)
        if repeated and key in seen:
            continue
        if _is_stray_page_number(lines, i):
            continue
        seen.add(key)
        out.append(line)
    return out


def _label_key(line: str) -> str | None:
    """The key of a line that may be a running label, None for a line with punctuation (a sentence, a table row).

    Such a line is never counted, and its key, which keeps the punctuation, can equal no counted key: not
    computing it skips most of the text.
    """
    return None if _PUNCT.search(_bare(line)) else _key(line)


def _is_stray_page_number(lines: list[str], i: int) -> bool:
    """A bare 1–3 digit line between two prose lines (a page number without a page break); bare numbers next
    to other numbers or table rows are table cells."""
    bare = _bare(lines[i])
    if not (bare.isdigit() and len(bare) <= 3) or i == 0 or i + 1 >= len(lines):
        return False

    def prose(x: str) -> bool:
        b = _bare(x)
        return len(b) > 10 and not is_table_row(x) and not b.isdigit()
    return prose(lines[i - 1]) and prose(lines[i + 1])


def _edges(lines: list[str]) -> list[str]:
    nonempty = [x for x in lines if x.strip()]
    return nonempty[:2] + nonempty[-2:] if len(nonempty) > 4 else nonempty


def _is_edge_number(lines: list[str], i: int) -> bool:
    """A bare number is a page number only at the very top or bottom, not inside a column of table cells."""
    nonempty = [j for j, x in enumerate(lines) if x.strip()]
    if not nonempty or i not in (nonempty[0], nonempty[-1]):
        return False
    neighbour = nonempty[1] if i == nonempty[0] and len(nonempty) > 1 else nonempty[-2] if len(nonempty) > 1 else None
    return neighbour is None or not lines[neighbour].strip().isdigit()


def _join_vertical(lines: list[str]) -> list[str]:
    """Re-join table headers printed one character per line: 自/然/人 → 自然人."""
    out: list[str] = []
    run: list[str] = []
    for line in lines + [""]:
        bare = _bare(line)
        if len(bare) == 1 and _CJK_CHAR.match(bare):
            run.append(bare)
            continue
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        out.append(line)
    return out[:-1]


# Containers of paragraphs (DOCX, HTML, crawled text) are taken for wrapped lines only when their column is at
# most this wide (display width, 2 per CJK character): a page column holds 25-45 characters, a paragraph of a
# report hundreds (measured on the suite's forms: wrapped columns 68-87, real paragraphs' 90th percentile >= 230).
_MAX_WRAP_WIDTH = 120
# Share of full-width lines among the lines at least half a column wide that marks wrapped text whose tables
# print one cell a line (measured on the suite's forms: wrapped 0.70-1.00, one paragraph a line 0.10-0.60).
_LONG_LINES_FULL = 0.65
# A line that ends a sentence more than this short of the column (display width; 2 = one CJK character) ends
# its paragraph, even when it is longer than the usual short-line limit (0.82 of the column).
_SENTENCE_END_SLACK = 2


def _full_width(lines: list[str], max_width: int | None = None) -> int:
    """The width of a full line of the body text, or 0 when the text has no layout wrapping.

    Wrapped text has many lines of (nearly) the same width: the column width. Text with one paragraph per
    line has widths spread out, and is left alone. ``max_width``: the widest column taken for a layout's.
    """
    widths = sorted(_width(x.strip(" \u3000")) for x in lines if x.strip() and not is_table_row(x))
    widths = [w for w in widths if w >= 16]
    if len(widths) < 5:
        return 0
    full = widths[int(len(widths) * 0.9) - 1]
    near = sum(0.85 * full <= w <= 1.1 * full for w in widths)
    if near >= max(3, 0.3 * len(widths)) and (max_width is None or full <= max_width):
        return full
    # Wrapped text with big tables printed one cell a line: the cells dilute the share. Among the lines at least
    # half the column wide, the full ones still dominate (form class "wrapped text with tables").
    long_lines = sum(w >= 0.5 * full for w in widths)
    return full if full <= _MAX_WRAP_WIDTH and near >= max(3, _LONG_LINES_FULL * long_lines) else 0


def _joins(prev: str, nxt: str, full: int, geometry: bool) -> bool:
    """Is the break between these two visual lines a layout wrap (True) or a real boundary (False)?

    With PDF geometry a wrapped line is one that reaches the right margin; without it (text extracted from a
    PDF) one whose width is close to the column width.
    """
    if not prev or not nxt:
        return False
    if _broken_heading(prev, nxt):
        return True
    if not full and not geometry:
        return False
    if nxt.startswith(INDENT) or is_table_row(prev) or is_table_row(nxt):
        return False
    p, q = prev.strip(" \u3000"), nxt.strip(" \u3000" + WRAP_MARK)
    if geometry:
        if not p.endswith(WRAP_MARK):
            return False
        p = p[:-1]
    elif _width(p) < 0.82 * full or (p[-1] in STOPS and _width(p) < full - _SENTENCE_END_SLACK):
        return False  # short: the last line of a paragraph (one that ends a sentence a character short, too)
    if not p or not q:
        return False
    if _ENUM_START.match(q) and _SENTENCE_END.search(p):
        return False
    if p[-1].isdigit() and q[0].isdigit() and _width(q) < 8:
        return False
    return True


_TOP_HEADING = re.compile(f"^[{CN_DIGITS}]{{1,2}}[{DUN}]")
_PUNCT = re.compile(f"[{COMMAS}{STOPS}{SEMICOLONS}{COLONS}|]")
_HEADING_END = re.compile(r"(?:情况|事项|措施|概述|概况|做法|问题|方向|思路|打算|计划|统计表|成效)$")


def _broken_heading(prev: str, nxt: str) -> bool:
    """A long section heading wrapped onto a second short line: 五、…存在的主 / 要问题及改进情况."""
    p, q = _bare(prev), _bare(nxt)
    return (bool(_TOP_HEADING.match(p)) and 8 <= len(p) <= 40 and not _PUNCT.search(p)
            and not _HEADING_END.search(p) and bool(_HEADING_END.search(p + q))
            and not nxt.startswith(INDENT) and 1 <= len(q) <= 14 and not _PUNCT.search(q)
            and not _ENUM_START.match(q) and not q[0].isdigit())


def _glue(a: str, b: str) -> str:
    a, b = a.removesuffix(WRAP_MARK), b.lstrip(" \u3000")
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


# A page flattened onto one line (a crawler's dump, a web page without <p>s) keeps its paragraph breaks as a
# space after the sentence end: "…高效。 2011年，…". A long line with several of them is such a page.
_FLAT_BREAK = re.compile(f"(?<=[{STOPS}])[ \u3000]+(?=[^\\s{STOPS}{CLOSERS}])")
_FLAT_MIN_CHARS, _FLAT_MIN_BREAKS = 500, 3


def _unflatten(line: str) -> list[str]:
    """The paragraphs of a flattened page: a long line split at the spaces that follow a sentence end (form
    class "one-line page"); any other line as it is."""
    if len(line) < _FLAT_MIN_CHARS:
        return [line]
    parts = _FLAT_BREAK.split(line)
    return parts if len(parts) > _FLAT_MIN_BREAKS else [line]


def normalise(raw: RawDocument, rules: Rules | None = None) -> Document:
    """Build the analysable text and the offset → page map."""
    rules = rules or load_rules()
    pages = [[clean_line(x, rules) for line in p.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
              for x in _unflatten(line)] for p in raw.pages]
    pages = [[x for x in lines if x] for lines in pages]
    if raw.paged or len(pages) > 1:
        pages = _strip_page_furniture(pages, _compiled(rules.normalise))
    else:
        page_number = _compiled(rules.normalise)["page"]
        pages = [_strip_repeated_lines([x for x in lines if not page_number.match(_bare(x))]) for lines in pages]
    pages = [_join_vertical(lines) for lines in pages]
    # Visual lines are wrapped by the layout in text extracted from PDFs, but also in any container whose
    # "paragraphs" are really lines: a DOCX made by a PDF-to-Word converter (one paragraph per line), a web page
    # that pastes a PDF's lines as <p>s, hard-wrapped text under a crawler header. The line widths say which
    # (form-invariance class "paragraphs that are lines"), not the container.
    geometry = raw.kind == "pdf" and any(x.endswith(WRAP_MARK) for lines in pages for x in lines)
    full = 0 if geometry else _full_width([x for lines in pages for x in lines],
                                          None if raw.kind in ("pdf", "text") else _MAX_WRAP_WIDTH)
    paragraphs: list[str] = []
    page_starts: list[int] = []
    page_numbers: list[int] = []
    offset = 0  # length of "\n".join(paragraphs) so far (plus the pending separator)
    current: str | None = None  # the paragraph being built
    last = ""  # its last visual line
    for raw_page, lines in zip(raw.pages, pages):
        started = False
        for line in lines:
            if current is not None and _joins(last, line, full, geometry):
                if not started:
                    page_starts.append(offset + len(_final(current)))
                    page_numbers.append(raw_page.number)
                    started = True
                current = _glue(current, line)
                last = line
                continue
            if current is not None:
                paragraphs.append(_final(current))
                offset += len(paragraphs[-1]) + 1
            current = last = line
            if not started:
                page_starts.append(offset)
                page_numbers.append(raw_page.number)
                started = True
        if not started:
            page_starts.append(offset + (len(_final(current)) if current is not None else 0))
            page_numbers.append(raw_page.number)
    if current is not None:
        paragraphs.append(_final(current))
    text = "\n".join(paragraphs)
    return Document(raw.path, raw.kind, text, page_starts, page_numbers, paged=raw.paged, meta=dict(raw.meta),
                    encoding=raw.encoding, warnings=list(raw.warnings))


def _final(paragraph: str) -> str:
    return paragraph.lstrip(" \u3000").replace(WRAP_MARK, "")
