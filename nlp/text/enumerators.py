"""Enumeration structure of a stretch of report text: （一）…, 一是…, 1、…, (1)…, ①…, 首先/其次…, 第一，….

Reports nest these several levels deep, in any order of styles. We find every enumerator that is part of a
real list (a run 1, 2, 3… of one style; a lone "三是" or a cross-reference like 第二十条第（一）项 is not), then
build the outline the way a reader does: a style already open is a sibling, a new style is a child. The leaves
of that outline are the finest units an analyst counts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

CN_DIGITS = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
DUN = "、.．"  # the marks after a numeral that opens a list item or heading: 一、 1. 1．
_ORDINAL_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 99}

# Inline enumerators must follow a boundary: line start or a punctuation mark that ends a clause.
_B = r"(?:(?<=^)|(?<=\n)|(?<=[。；：！？;:!?，,\s”」）)]))"
# A style whose match opens with look-behinds starts with a look-ahead for its first character (``(?=第)``): the
# engine then rejects most positions on one character instead of trying every look-behind first (several times
# faster over a report, same matches). Where the look-behind has a fixed width it follows the first character.
STYLES: list[tuple[str, re.Pattern[str]]] = [
    # Parenthesised numerals are unambiguous enough to need no boundary (crawled text glues them on).
    ("paren_cn", re.compile(r"[（(]\s*([" + CN_DIGITS + r"]{1,3})\s*[）)]")),
    ("cn_dun", re.compile(r"(?=[ \u3000" + CN_DIGITS + r"])(?:(?<=^)|(?<=\n)|(?<=[。；！？]))[ \u3000]*([" + CN_DIGITS
                          + r"]{1,3})[、．.](?![" + CN_DIGITS + r"]?是)")),
    # 一是 also glued to a heading in crawled text ("健全工作机制一是…"), but not inside words (统一是, 第一是…).
    ("shi", re.compile(r"(?=[" + CN_DIGITS + r"])(?:" + _B + r"|(?<=[\u4e00-\u9fff])(?<![统唯单同第之万专逐划归合不再其每任另]))"
                       r"([" + CN_DIGITS + r"]{1,3})(?:是|要|则)(?=[\u4e00-\u9fff“《（(]|\d)")),
    # 1、/1. also glued to a preceding heading in crawled text ("规范化1.贯彻…"), but never inside a number. The
    # character before the first digit is tested by a look-behind after it, so the pattern opens with the digit.
    ("num_dun", re.compile(r"(\d(?<![\d.．A-Za-z].)\d?)\s*[、．.](?=[\u4e00-\u9fff“《（(])")),
    ("paren_num", re.compile(r"[（(]\s*(\d{1,2})\s*[）)]")),
    ("circled", re.compile(r"([" + CIRCLED + r"])")),
    ("ordinal_word", re.compile(r"(?=[首其再最])" + _B + r"(首先|其次|再次|最后)[，,、：:]")),
    ("di", re.compile(r"(?=第)" + _B + r"第([" + CN_DIGITS + r"]{1,3})[，,、：:]")),
]
INLINE_STYLES = {"shi", "circled", "ordinal_word", "di"}


def opening_enumerator(after_cn: str = DUN) -> str:
    """Regex source of an enumerator that opens a line or a unit, in any style: 一、 （一） (1) 1、 ①.

    ``after_cn``: the characters that may follow a Chinese numeral (add 是/要 to accept 一是, 二要). A numeral
    followed by a digit (1.5) is a number, not an enumerator.
    """
    return rf"[{CN_DIGITS}]+[{after_cn}]|[（(][{CN_DIGITS}\d]+[）)]|\d{{1,2}}[{DUN}](?!\d)|[{CIRCLED}]"


#: Numerals read digit by digit, as years are written (二〇二三): each numeral and the forms of zero.
CN_DIGIT_VALUES = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, **{c: i + 1 for i, c in enumerate(CN_DIGITS[:9])}}


def digit_by_digit(token: str) -> int:
    """二〇二三 → 2023 (every character one digit; see :data:`CN_DIGIT_VALUES`)."""
    return int("".join(str(CN_DIGIT_VALUES[c]) for c in token))


_CN_UNITS = {c: i + 1 for i, c in enumerate(CN_DIGITS[:9])}


def cn_value(token: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20."""
    if token in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[token]
    if token in CIRCLED:
        return CIRCLED.index(token) + 1
    if token.isdigit():
        return int(token)
    digits = _CN_UNITS
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + digits.get(token[1:], 0)
    if "十" in token:
        head, _, tail = token.partition("十")
        return digits.get(head, 0) * 10 + (digits.get(tail, 0) if tail else 0)
    return digits.get(token, 0)


@dataclass
class Marker:
    style: str
    value: int
    start: int  # offset of the enumerator in the text
    end: int  # offset just after it
    label: str
    children: list["Marker"] = field(default_factory=list)
    parent: "Marker | None" = None
    extent_end: int = 0  # where this unit ends (next marker at the same or a higher level, or region end)

    @property
    def is_leaf(self) -> bool:
        return not self.children


def find_markers(text: str, start: int = 0, end: int | None = None) -> list[Marker]:
    """Every enumerator in text[start:end] that belongs to a list of at least two items, in text order."""
    end = len(text) if end is None else end
    raw: list[Marker] = []
    for style, pat in STYLES:
        for m in pat.finditer(text, start, end):
            token = m.group(1)
            if style in ("paren_cn", "paren_num") and m.start() > 0 and text[m.start() - 1] in "第条款项":
                continue  # 第二十条第（一）项: a citation, not an enumerator
            raw.append(Marker(style, cn_value(token), m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" \u3000"))),
                              m.end(), m.group(0).strip(" \u3000\n")))
    raw.sort(key=lambda mk: (mk.start, -mk.end))
    # Drop markers nested inside another marker's text (e.g. the "一" of "（一）" read as cn_dun).
    deduped: list[Marker] = []
    for mk in raw:
        if deduped and mk.start < deduped[-1].end:
            continue
        deduped.append(mk)
    return _keep_sequences(deduped)


def _keep_sequences(markers: list[Marker]) -> list[Marker]:
    """Keep markers that form runs 1, 2, 3… (per style); a run needs at least two members."""
    keep: set[int] = set()
    by_style: dict[str, list[int]] = {}
    for i, mk in enumerate(markers):
        by_style.setdefault(mk.style, []).append(i)
    for style, idxs in by_style.items():
        run: list[int] = []
        for i in idxs:
            v = markers[i].value
            last = markers[run[-1]].value if run else None
            if style == "ordinal_word":
                ok = (v == 1 and not run) or (run and (v == last + 1 or v == 99))
            else:
                ok = run and v == last + 1
            if ok:
                run.append(i)
                continue
            if len(run) >= 2:
                keep.update(run)
            run = [i] if v == 1 else []
        if len(run) >= 2:
            keep.update(run)
    return [mk for i, mk in enumerate(markers) if i in keep]


def build_outline(markers: list[Marker], region_end: int, text: str) -> list[Marker]:
    """Nest the markers (siblings share a style; a new style opens a child level); return the top level."""
    top: list[Marker] = []
    stack: list[Marker] = []
    for mk in markers:
        # An inline list (一是…；二是…) ends with its paragraph: a marker in a later paragraph is not its child.
        while stack and stack[-1].style in INLINE_STYLES and stack[-1].style != mk.style \
                and "\n" in text[stack[-1].end:mk.start]:
            stack.pop()
        while stack and stack[-1].style != mk.style and mk.style in {s.style for s in stack}:
            stack.pop()
        if stack and stack[-1].style == mk.style:
            stack.pop()  # a sibling (or a restarted list under the same parent)
        parent = stack[-1] if stack else None
        mk.parent = parent
        (parent.children if parent else top).append(mk)
        stack.append(mk)
    _set_extents(top, region_end, text)
    return top


def _set_extents(nodes: list[Marker], end: int, text: str) -> None:
    for i, mk in enumerate(nodes):
        nxt = nodes[i + 1].start if i + 1 < len(nodes) else end
        if mk.style in INLINE_STYLES and i + 1 == len(nodes):
            # The last unit of an inline list ends with its paragraph.
            para_end = text.find("\n", mk.end, nxt)
            if para_end >= 0:
                nxt = para_end
        mk.extent_end = nxt
        _set_extents(mk.children, nxt, text)


def label_path(mk: Marker) -> str:
    parts = []
    node: Marker | None = mk
    while node is not None:
        parts.append(node.label.rstrip("，,、：:"))
        node = node.parent
    return "/".join(reversed(parts))
