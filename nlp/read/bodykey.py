"""The canonical body key (reports.csv ``jurisdiction``): one key per body across its years, never a guess.

From the name a report gives itself: the spelling rewrites of ``bodies.yaml`` (某市政府办 → 某市人民政府办公室), the
government suffix dropped (某区人民政府 → 某区, 某高新区管委会 → 某高新区), a leading province dropped where a lower unit
follows (某省某市某县 → 某市某县: the lower names already tell the province), and the prefecture or county added
when the report itself prints it in front of the name (洪泽区 in a report that also says 淮安市洪泽区). Then the
aliases of ``bodies.yaml`` and of the analyst's bodies files: an alias matches the whole key, or its end at a
unit boundary (北岭市云台区 ends with the alias 云台区). Bodies the files do not name are never merged by likeness.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..rules import Body, BodyRules, LevelRules, Rules
from .level import drop_government_suffix, level_of, occurrences, place_level

_UNIT_END = re.compile(r"(?:省|市|州|盟|地区|县|旗|区|镇|乡|街道)$")
_BOUNDARY_WORDS = set("由是在对将经与和及向据于从即请至")


def tidy(name: str) -> str:
    """A name without spaces, quotation marks and a leading 关于."""
    name = re.sub(r"\s+", "", name).strip("《》“”\"'·、，,")
    return re.sub(r"^关于", "", name)


def _rewritten(name: str, bodies: BodyRules) -> str:
    for rw in bodies.rewrites:
        name = rw.pattern.sub(rw.replace, name)
    return name


def plain_key(name: str, rules: Rules) -> str:
    """The key of a name by the rules alone (no aliases, no completion from the text)."""
    name = _rewritten(tidy(name), rules.bodies)
    key = drop_government_suffix(name, rules.levels)
    return _without_province(key, rules.levels)


def _without_province(key: str, levels: LevelRules) -> str:
    for province in levels.provinces:
        rest = key[len(province):]
        if key.startswith(province) and len(rest) >= 2 and place_level(_first_unit(rest), levels).level:
            return rest
    return key


def _first_unit(name: str) -> str:
    m = re.match(r"[\u4e00-\u9fff]{1,8}?(?:市|州(?![市县区])|盟|地区|县|旗|区(?![市县]))", name)
    return m.group() if m else ""


@lru_cache(maxsize=8)
def _aliases(bodies: BodyRules, rules: Rules) -> tuple[tuple[str, Body], ...]:
    """(key of the alias, body), longest first: the name itself and every alias."""
    pairs = [(plain_key(alias, rules), body) for body in bodies.bodies for alias in (body.name, *body.aliases)]
    return tuple(sorted(((k, b) for k, b in pairs if k), key=lambda p: -len(p[0])))


def alias_of(key: str, rules: Rules) -> Body | None:
    """The body of ``bodies.yaml`` (or the analyst's files) whose name or alias is the key or ends it."""
    for alias, body in _aliases(rules.bodies, rules):
        if key == alias or (len(alias) >= 3 and key.endswith(alias) and _UNIT_END.search(key[: -len(alias)])):
            return body
    return None


def completed(key: str, text: str, rules: Rules) -> str:
    """The key with the prefecture (for a county) or county (for a township) that the report prints in front
    of it; the key itself when the report prints none, or prints more than one."""
    own = level_of(key, rules.levels, text)
    if own.level not in ("county", "township") or _first_unit(key) != key and own.level == "county":
        return key
    wanted = ("city", "province") if own.level == "county" else ("county",)
    found: Counter[str] = Counter()
    for start in occurrences(key, text):  # no regular expression per body: see level.occurrences
        parent = _parent_before(text, start, wanted, rules)
        if parent:
            found[parent] += 1
    if len(found) != 1:
        return key
    return _without_province(next(iter(found)) + key, rules.levels)


def _parent_before(text: str, end: int, wanted: tuple[str, ...], rules: Rules) -> str:
    """The unit printed right before ``end`` that starts at a word boundary and has a wanted level."""
    for length in range(3, 12):
        start = end - length
        if start < 0:
            return ""
        parent = text[start:end]
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,10}(?:市|州|盟|地区|县|旗|区)", parent):
            continue
        before = text[start - 1] if start > 0 else ""
        if before and re.match(r"[\u4e00-\u9fff]", before) and before not in _BOUNDARY_WORDS:
            continue
        level = place_level(_without_province(parent, rules.levels), rules.levels).level
        if level in wanted and not re.search(r"[和与及的全本我该各]", parent):
            return parent
    return ""


def body_key(name: str, rules: Rules, text: str = "") -> tuple[str, Body | None]:
    """(the canonical key of the body named ``name``, the bodies-file entry it matched or None)."""
    if not tidy(name):
        return "", None
    key = plain_key(name, rules)
    body = alias_of(key, rules)
    if body is None and text:
        key = completed(key, text, rules)
        body = alias_of(key, rules)
    return (body.name, body) if body else (key, None)
