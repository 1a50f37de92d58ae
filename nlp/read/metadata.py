"""Metadata per report: reporting body, administrative level, year covered, format generation, title.

Everything is taken from the report itself (title, opening paragraph, table vocabulary), then from the file
name. What cannot be determined stays empty and the report gets a warning: a made-up value would silently
corrupt every later count.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .document import Document, Metadata
from ..rules import Body, BodyRules, Rules, load_rules

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_YEAR = r"((?:19|20)\d\d|[二][〇零○Ｏ一二三四五六七八九]{3})"
_TITLE_FROM_YEAR = (_YEAR + r"\s*年\s*(?:度)?\s*(?:的)?\s*(?:政府\s*信息\s*公开|政务\s*公开|信息\s*公开)[^\n。]{0,14}?"
                    r"(?:年度)?\s*报\s*告")
_TITLE = re.compile(r"([^\n。；：:]{0,40}?)\s*" + _TITLE_FROM_YEAR)
# _TITLE matches somewhere exactly when its part from the year on does (the name in front may be empty). That part
# alone is found quickly, while _TITLE tries 41 name lengths at every position of a text that has no title.
_HAS_TITLE = re.compile(_TITLE_FROM_YEAR)
_TITLE_YEAR_FIRST = re.compile(
    _YEAR + r"\s*年\s*(?:度)?\s*([\u4e00-\u9fff（）()]{2,30}?)\s*(?:政府\s*信息\s*公开|政务\s*公开|信息\s*公开)[^\n。]{0,14}?"
    r"(?:年度)?\s*报\s*告")
_MENTION = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:自治县|县|区|市|旗))\s*(?=人民政府|政府|政务公开|\d{4}\s*年)")
_PERIOD = re.compile(r"(?:统计期限|统计时限|统计时间|统计期间|统计区间)[^。\n]{0,12}?" + _YEAR + r"\s*年\s*1\s*月\s*1\s*日")
_OPENING_YEAR = re.compile(r"(?:^|\n)\s*" + _YEAR + r"\s*年(?:度)?[，,以来]")
_FILE_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")
_PROVINCE_CITIES = ("北京市", "天津市", "上海市", "重庆市")
_DEPT_SUFFIX = re.compile(r"(?:局|委员会|委|厅|办公室|办|中心|院|署|馆|所|站|队|总队|支队|公司|集团|协会|会|处|科|部)$")
_GOV_SUFFIX = re.compile(r"(?:党工委管委会|管理委员会|管委会|人民政府|政府)$")
_CORE_VOCAB = ("政府信息公开", "政务公开", "信息公开")


@lru_cache(maxsize=4)
def _aliases(bodies: BodyRules) -> list[tuple[str, Body]]:
    """(alias, body) pairs, longest alias first."""
    pairs = []
    for body in bodies.bodies:
        for alias in (body.name, *body.aliases):
            pairs.append((alias, body))
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs


def parse_year(token: str) -> int:
    if token.isdigit():
        return int(token)
    return int("".join(str(_CN_DIGITS[c]) for c in token))


def find_title(doc: Document) -> tuple[str, re.Match[str] | None]:
    """The report title, and the match of the title pattern (body prefix + year) inside it."""
    hints = [doc.meta.get("标题", ""), doc.meta.get("page_title", "")]
    head = doc.text[:600]
    # A title printed over two lines ("洪泽区人民政府" / "2023年政府信息公开工作年度报告"): join the first lines.
    first_lines = doc.text.split("\n", 5)[:5]
    candidates = [h for h in hints if h] + ["".join(first_lines[:2]), "".join(first_lines[:4]), head]
    for cand in candidates:
        cand = cand.replace("\n", "")
        m = _TITLE.search(cand) if _HAS_TITLE.search(cand) else None
        if m and m.group(1).strip():
            title = m.group(0).strip()
            return title, _TITLE.search(title)
        m = _TITLE_YEAR_FIRST.search(cand)
        if m:
            title = m.group(0).strip()
            return title, _TITLE_YEAR_FIRST.search(title)
    return "", None


def _title_parts(m: re.Match[str]) -> tuple[str, int]:
    """(body, year) from a match of either title pattern."""
    if m.re is _TITLE:
        return m.group(1), parse_year(m.group(2))
    return m.group(2), parse_year(m.group(1))


def body_from_mentions(text: str) -> str:
    """The government most often named in the text, when one clearly dominates ('' otherwise)."""
    counts: dict[str, int] = {}
    for m in _MENTION.finditer(text):
        name = re.sub(r"^(?:全|本|我|在|由|对|经|以|和|与|为)", "", m.group(1))
        if len(name) >= 2:
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return ""
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return ""


def canonical_body(name: str, rules: Rules | None = None) -> tuple[str, str]:
    """(canonical name, level from the alias table or ''), or ('', '') when the name is empty."""
    name = re.sub(r"\s+", "", name).strip("《》“”\"'·、，,")
    name = re.sub(r"^(?:关于|中共)", "", name)
    if not name:
        return "", ""
    for alias, body in _aliases((rules or load_rules()).bodies):
        if name == alias or (len(alias) >= 3 and name.endswith(alias)):
            return body.name, body.level
    if _DEPT_SUFFIX.search(name) and not _GOV_SUFFIX.search(name):
        return name, ""
    return _GOV_SUFFIX.sub("", name) or name, ""


def level_of(name: str) -> str:
    if not name:
        return ""
    if name.endswith(("省", "自治区")) or name in _PROVINCE_CITIES:
        return "province"
    if re.search(r"(?:人民政府)?办公[厅室]$", name) or (_DEPT_SUFFIX.search(name) and not name.endswith(("区", "县", "市", "旗"))):
        return "department"
    if name.endswith(("街道", "镇", "乡", "街道办事处")):
        return "township"
    if name.endswith(("县", "区", "旗", "自治县")):
        return "county"
    if name.endswith(("市", "州", "盟", "地区")):
        return "city"
    return ""


def detect_format(text: str, year: int | None, rules: Rules | None = None) -> str:
    """pre2019 | 2019 | 2021 by the table vocabulary; '' when it cannot be told."""
    if year is not None and year <= 2018:
        return "pre2019"
    compact = "".join(text.split())  # str.split drops the characters \s matches, faster than the regex
    vocabulary = (rules or load_rules()).formats.vocabulary
    scores = {gen: sum(term in compact for term in terms) for gen, terms in vocabulary}
    best = max(scores, key=lambda g: scores[g])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return ""
    return best


def extract_metadata(doc: Document, rules: Rules | None = None) -> Metadata:
    """Fill ``doc.metadata`` and add a warning for every field that could not be determined."""
    rules = rules or load_rules()
    title, m = find_title(doc)
    body = year = None
    if m:
        body, year = _title_parts(m)
    if year is None:
        p = _PERIOD.search(doc.text[:3000]) or _OPENING_YEAR.search(doc.text[:3000])
        if p:
            year = parse_year(p.group(1))
    if year is None:
        f = _FILE_YEAR.findall(Path(doc.path).stem)
        if len(set(f)) == 1:
            year = int(f[0])
            doc.warnings.append(f"year taken from the file name ({year})")
    name, level = canonical_body(body or "", rules)
    if not name:
        for what, src in (("the page metadata (发布机构)", doc.meta.get("发布机构", "")),
                          ("the bodies named in the text", body_from_mentions(doc.text))):
            name, level = canonical_body(src, rules)
            if name:
                doc.warnings.append(f"reporting body taken from {what}: {name}")
                break
    level = level or level_of(name)
    fmt = detect_format(doc.text, year, rules)
    md = Metadata(jurisdiction=name, level=level, year=year, format=fmt, title=title)
    if not title:
        doc.warnings.append("no report title found")
    if not name:
        doc.warnings.append("reporting body could not be determined")
    if year is None:
        doc.warnings.append("year covered by the report could not be determined")
    if not fmt:
        doc.warnings.append("format generation could not be determined (no table vocabulary of the 2019 or 2021 format)")
    if not title and (not any(v in doc.text for v in _CORE_VOCAB)
                      or not re.search(r"年度报告|年报|工作报告|统计期限|统计时限", doc.text[:3000])):
        # Lead with the conclusion: the missing fields follow from it.
        doc.warnings.insert(0, "does not look like a government information-disclosure annual report")
    doc.metadata = md
    return md
