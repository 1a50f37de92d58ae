"""The administrative level of a reporting body, from the last administrative unit of its name.

The rules are data (``lexicons/levels.yaml``): which endings name a government rather than a place (人民政府,
管委会…), which offices are a township (街道办事处, 地区办事处), the place units in order (街道 → township, 高新区 →
county-level zone, 县/区/旗 → county, 省 → province, 州/盟/地区 → city, 市 → city unless it is a county-level city)
and what ends a department's name. A department's report is level ``department``; ``government_level`` is then
the level of the government it belongs to (某县人民政府办公室 → department of a county).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..rules import LevelRules

_PLACE_UNIT = re.compile(r"(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|州|盟|地区|县|旗|区|镇|乡|街道|苏木)")
# A unit's end read from the front of a name: 州 and 区 followed by 市/县 are part of a name (广州市, 某区县).
UNIT_START = re.compile(r"(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|州(?![市县区])|盟|地区|县|旗|区(?![市县])|镇|乡|"
                        r"街道|苏木)")


@dataclass(frozen=True)
class Level:
    """``level``: the body's own; ``government``: the level of the government it is or belongs to; ``zone``: a
    county-level development or functional zone."""

    level: str = ""
    government: str = ""
    zone: bool = False


@lru_cache(maxsize=4)
def _government_suffix(levels: LevelRules) -> re.Pattern[str]:
    names = sorted(levels.government_suffixes, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, names)) + ")$")


def drop_government_suffix(name: str, levels: LevelRules) -> str:
    """The place of a government's name (某县人民政府 → 某县); other names unchanged."""
    place = _government_suffix(levels).sub("", name)
    return place if len(place) >= 2 else name


def place_level(place: str, levels: LevelRules, context: str = "") -> Level:
    """The level of a place name by its last unit ("" when no unit ends it). ``context``: text in which a
    prefecture printed before a …市 makes it a county-level city."""
    if place in levels.municipalities:
        return Level("province", "province")
    for unit in levels.units:
        if unit.pattern.search(place):
            level = unit.level
            if level == "city" and place.endswith("市") and _county_level_city(place, levels, context):
                level = "county"
            return Level(level, level, unit.zone)
    return Level()


def _county_level_city(place: str, levels: LevelRules, context: str) -> bool:
    """A 市 that is a county: named as one (levels.yaml), or printed after a prefecture (泰州市靖江市)."""
    last = last_unit(place)
    if last in levels.county_level_cities:
        return True
    if last != place and re.search(r"(?:市|州|盟|地区)$", place[: -len(last)]):
        return True
    return bool(context) and _after_prefecture(last, context) and last not in levels.municipalities


_PREFECTURE_ENDS = ("市", "州", "盟", "地区")


def _after_prefecture(unit: str, context: str) -> bool:
    """Whether ``context`` prints ``unit`` right after a prefecture's name (two or more CJK characters and
    市/州/盟/地区). Found with plain string search: a regular expression made for each place would be compiled for
    each report, as places differ from report to report."""
    for start in occurrences(unit, context, overlapping=True):
        for end in _PREFECTURE_ENDS:
            head = start - len(end)
            if head >= 2 and context.startswith(end, head) and all(
                    "\u4e00" <= ch <= "\u9fff" for ch in context[head - 2:head]):
                return True
    return False


def occurrences(needle: str, text: str, overlapping: bool = False) -> Iterator[int]:
    """Where ``needle`` starts in ``text``, left to right: every start, or (by default) those of the matches
    that do not overlap, as ``re.finditer(re.escape(needle), text)`` finds them."""
    step = 1 if overlapping or not needle else len(needle)
    start = text.find(needle)
    while start >= 0:
        yield start
        start = text.find(needle, start + step)  # -1 past the end, also for an empty needle


def last_unit(place: str) -> str:
    """The last administrative unit of a place chain (某省某市某县 → 某县), by the position of the unit before it."""
    ends = [m.end() for m in _PLACE_UNIT.finditer(place) if 2 <= m.end() < len(place)]
    # a unit is at least two characters long (某县); the last end that leaves one is where the last unit starts
    for end in reversed(ends):
        if len(place) - end >= 2 and not _PLACE_UNIT.fullmatch(place[end:]):
            return place[end:]
    return place


def department_place(name: str, levels: LevelRules) -> str:
    """The place a department belongs to (某市教育局 → 某市, 某县人民政府办公室 → 某县), or "" when none is named.

    The units are read from the front while each is a name of two characters or more (某市市场监督管理局: the
    second 市 starts 市场) and holds no conjunction (住房和城乡建设局: 城乡 is no township)."""
    best, start = "", 0
    for m in UNIT_START.finditer(name):
        if re.search(r"[和与及的]", name[start:m.end()]):
            break
        if m.end() - start < 2 or m.end() - m.start() == m.end() - start:
            continue
        if place_level(name[: m.end()], levels).level:
            best, start = name[: m.end()], m.end()
    return best


_UNIT_CHARS = set("省市州盟地区县旗镇乡街道")
_NOT_A_NAME = set("我本全该各此其两在由对向据于从为是经将")


def well_formed(place: str) -> bool:
    """Every unit of the place has a name of its own: two characters, or one before 县 or 区 (沛县, 城区), and not
    only unit characters or words of a sentence (县市场…, 在区市… are no places)."""
    place = re.sub(r"[（(][^）)]*[）)]", "", place)  # 某高新区(某某区): the bracketed name is checked as part of it
    start = 0
    for m in UNIT_START.finditer(place):
        own = place[start:m.start()]
        letters = [c for c in own if c not in _UNIT_CHARS]
        if not letters or all(c in _NOT_A_NAME for c in letters) or (len(own) == 1 and m.group() not in "县区"):
            return False
        start = m.end()
    return True


def first_unit_length(name: str) -> int:
    """How many characters the first unit's own name has (某某县 → 2, 沛县 → 1; 0 without a unit)."""
    m = UNIT_START.search(name)
    return m.start() if m else 0


def level_of(name: str, levels: LevelRules, context: str = "") -> Level:
    """The level of a body's name: a township office, a government (its place's level), or a department."""
    if not name:
        return Level()
    if levels.township_offices.search(name):
        return Level("township", "township")
    place = drop_government_suffix(name, levels)
    if place != name or not levels.department_suffix.search(name):
        found = place_level(place, levels, context)
        if found.level:
            return found
    if levels.department_suffix.search(name):
        home = department_place(name, levels)
        return Level("department", place_level(home, levels, context).level if home else "")
    return Level()
