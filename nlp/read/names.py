"""A reporting body's name cut cleanly out of the text in front of it.

Titles, signatures and first sentences put other things before a name: page chrome (``信息公开年报信丰县``,
``无障碍浏览某省卫生健康委``), a date (``2014-01-10泉州市丰泽区``), a table cell border, a quotation mark, a sentence
(``…要求，由某市某乡人民政府编制的``). :func:`clean_name` takes the name that *ends* a span and never lets it cross
punctuation, a digit, a chrome word or a function word; :func:`is_body_name` says whether a string names a body at
all (it ends with a place unit, a government or a department, by ``lexicons/levels.yaml``).
"""
from __future__ import annotations

import re

from ..rules import Rules
from .level import department_place, drop_government_suffix, first_unit_length, level_of, well_formed

_NAME_CHAR = re.compile(r"[\u4e00-\u9fff（）()·]")
# What may follow a name before the title's year or the word 编制: dropped from the end of the span.
_TRAILING = re.compile(r"(?:负责)?(?:编制|制作|发布|汇总)?(?:的|了)?\s*(?:关于|本机关|本单位|本级)?\s*$")
# Words that start a sentence or clause, never a name: dropped from the front (longest first).
_LEADING_WORDS = ("现将", "根据", "按照", "依据", "对于", "关于", "由", "经", "在", "对", "据", "向", "将", "为", "是",
                  "与", "和", "及", "以", "本", "我", "各", "全", "现", "于", "从", "即", "请", "把", "兹", "系", "今")
_PRONOUNS = set("我本全该各此其两")
_NATIONAL = re.compile(r"^(?:中华人民共和国|国务院|全国|国家(?!税务总局.+[市县区]))")


def clean_name(span: str, rules: Rules) -> str:
    """The body's name that ends ``span`` (the text before a title's year, a signature line…), or ""."""
    span = _TRAILING.sub("", span.rstrip())
    name = _trailing_name(span)
    chrome = rules.chrome.name_chrome
    if chrome is not None:
        cut = 0
        for m in chrome.finditer(name):
            cut = m.end()
        name = name[cut:]
    name = _balanced(name)
    name = _strip_leading_words(name, rules)
    return name if is_body_name(name, rules) else ""


def _trailing_name(span: str) -> str:
    """The run of name characters at the end of ``span``; single characters set apart by stray spaces
    (``洪 泽 区人民政府``) are joined, any other space ends the run."""
    i = len(span)
    while i > 0:
        if _NAME_CHAR.match(span[i - 1]):
            i -= 1
            continue
        j = i
        while j > 0 and span[j - 1].isspace():
            j -= 1
        lone = j < i and j > 0 and _NAME_CHAR.match(span[j - 1]) and (j == 1 or not _NAME_CHAR.match(span[j - 2]))
        if not lone or i == len(span):
            break
        i = j
    return re.sub(r"\s+", "", span[i:])


def _balanced(name: str) -> str:
    """Without an unmatched bracket (a name may hold one bracketed part: 某高新区(某某区)): a name starts after an
    unmatched closing bracket and ends before an unmatched opening one."""
    depth, start = 0, 0
    for k, c in enumerate(name):
        if c in "（(":
            depth += 1
        elif c in "）)":
            if depth == 0:
                start = k + 1
            else:
                depth -= 1
    name = name[start:]
    while name.count("（") + name.count("(") > name.count("）") + name.count(")"):
        name = re.sub(r"[（(][^（(]*$", "", name)
    return name


def _strip_leading_words(name: str, rules: Rules) -> str:
    """Drop function words in front while what stays is still a name; a single character only when the first
    unit keeps two characters of its own (和平区, 将乐县 and 全椒县 stay whole)."""
    changed = True
    while changed:
        changed = False
        for word in _LEADING_WORDS:
            rest = name[len(word):]
            if name.startswith(word) and is_body_name(rest, rules) and (len(word) > 1 or first_unit_length(rest) >= 2):
                name, changed = rest, True
                break
    return name


def is_body_name(name: str, rules: Rules) -> bool:
    """A name of a reporting body: name characters only, and ending with a place unit, a government or a
    department by the level rules; no national body (国务院办公厅 is quoted, not reporting)."""
    if len(name) < 2 or not all(_NAME_CHAR.match(c) for c in name) or _NATIONAL.match(name):
        return False
    if first_unit_length(name) == 1 and name[0] in _PRONOUNS:
        return False  # 我县, 本市, 全区, 该局: the report's word for itself, not a name
    if re.search(r"[等的了着们]", name) or re.search(r"党[委组]$", name):
        return False  # a phrase (熟食等经营区), a party committee (在区市党委): not a reporting body
    level = level_of(name, rules.levels)
    if level.level == "department":
        # a department names its place (省政府办公厅 and 区政府办 are a sentence's way of referring to one)
        place = department_place(name, rules.levels)
        return bool(place) and well_formed(place)
    return bool(level.level) and well_formed(drop_government_suffix(name, rules.levels))
