"""What counts as a cell value: classifying a cell's printed content, and finding the values in a line of text.

Kept apart from the pieces that use it because the same notion of "a number that is a cell, not part of a
sentence" serves three places: tokenising the text (:mod:`.pieces`), reading blank cells from the spacing of the
source line (:mod:`.spacing`), and the cell's ``value_kind`` (:data:`.cells.VALUE_KINDS`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..text.alternation import any_of
from .labels import labels

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"  # 1,295 or 1295
_NUM_CORE = rf"[-－−+]?{_DIGITS}(?:\.\d+)?"
_CELL_NUM = re.compile(rf"({_NUM_CORE})\s*(万元|元|件|条|个|项|次|人)?")
#: A ``_NUM_CORE`` in running text that is not glued to a word, a code or another number (no
#: ``[0-9A-Za-z.．/@:\-－−+_]`` just before it). Written to begin with the class of its first character, the
#: character before that one being tested by a lookbehind over both: the regex engine skips to a possible first
#: character at C speed only when a pattern begins with a character class, while a leading ``(?<!…)`` makes it
#: try every position of every line (it was a third of the time of tokenising a report). After a first digit,
#: ``_DIGITS`` lacks that digit.
_NUM_IN_TEXT = re.compile(r"([-－−+\d](?<![0-9A-Za-z.．/@:\-－−+_].)"
                          rf"(?:(?<=\d)(?:\d{{0,2}}(?:,\d{{3}})+|\d*)|{_DIGITS})(?:\.\d+)?)")
_CN_NUMERAL = "一二三四五六七八九十"


def _number(text: str) -> int | float:
    t = text.replace("－", "-").replace("−", "-").replace(",", "").lstrip("+")
    return float(t) if "." in t else int(t)


@lru_cache(maxsize=4096)
def classify(raw: str) -> tuple[str, float | int | None] | None:
    """``(value_kind, value)`` of a cell's printed content, or None when it is a label, not a value.

    Cached: a report prints the same few cell contents (``0``, ``""``, ``/``) hundreds of times.
    """
    s = raw.strip()
    if not s:
        return "blank", None
    lab = labels()
    if s in lab.dash:
        return "dash", None
    m = _CELL_NUM.fullmatch(s)
    if m:
        v = _number(m.group(1))
        return ("zero" if v == 0 else "number"), v
    if s in lab.value_words:
        return "text", None
    return None



def _value_end(line: str, m: re.Match, units: str) -> int | None:
    """End of the value matched at ``m`` (a unit 万元/元 may follow), or None when the number is not a cell."""
    end = m.end()
    if end >= len(line):
        return end
    c = line[end]
    if c in " \t\u3000|｜":
        j = end
        while j < len(line) and line[j] in " \t\u3000":
            j += 1
        if j < len(line) and line[j] in units and line[j] not in "元万":
            return None
        return end
    if c in "（(":
        return end
    if line.startswith("万元", end) or c == "元":
        e2 = end + (2 if line.startswith("万元", end) else 1)
        if e2 >= len(line) or line[e2] in " \t\u3000|｜（(" or _label_follows(line, e2):
            return e2
        return None
    if _label_follows(line, end):
        return end
    return _glued_end(line, m, units)


def _label_follows(line: str, end: int) -> bool:
    """A numbered label (``三、``) starts at ``end``: the number before it closes a cell."""
    return line[end] in _CN_NUMERAL and end + 1 < len(line) and line[end + 1] == "、"


def _glued_end(line: str, m: re.Match, units: str) -> int | None:
    """End of a whole number glued to the label that follows it, as crawlers flatten table cells
    (``数量2020011023二、``, ``规章000行政规范性文件``, ``权益00000005.属于``), or None.

    A number directly followed by an ideograph that is no counting unit (「件」「年」… make it part of a
    sentence) is a cell; a run directly followed by ``N.`` / ``N、`` and an ideograph ends one digit early, that
    digit being the numbering of the next row label. Plain digit runs only: signs and decimals stay with the
    stricter rules above.
    """
    end = m.end()
    run = m.group(1)
    if not run.isdigit():
        return None
    c = line[end]
    if _is_ideograph(c):
        if c in units:
            return None
        # only where a table label follows: 「数据1数据2」 or 「12345热线」 keep their digits
        hit = _table_label().search(line, end, end + _FOLLOWER_WINDOW)
        return end if hit is not None and hit.start() - end <= _FOLLOWER_LEAD else None
    if (c in ".．、" and len(run) >= 2 and end + 1 < len(line) and _is_ideograph(line[end + 1])
            and m.start(1) > 0 and (_is_ideograph(line[m.start(1) - 1]) or line[m.start(1) - 1] in _CLOSERS)):
        return end - 1
    return None


_CLOSERS = "）)”’」』】》"  # a label may end with one of these (「3.危及“三安全一稳定”」)
_FOLLOWER_WINDOW = 16  # characters after a glued number searched for a table label
_FOLLOWER_LEAD = 2     # the label may start this far in (「行政规范性文件」 is found by 「规范性文件」)


@lru_cache(maxsize=1)
def _table_label() -> re.Pattern:
    """Any row, group, start or separator label of the three tables, and table 4's header words."""
    lab = labels()
    pats = [p for spec in (*lab.t2_rows, *lab.t3_rows, *lab.t3_groups) for p in spec.patterns]
    pats += lab.t2_start + lab.t2_separators + lab.t3_start + lab.t4_start
    words = [*lab.t4_locate[0], *_column_labels(lab.raw["t3"]), *_column_labels(lab.raw["t4"])]
    return any_of([*pats, *(re.escape(w) for w in words)])


def _column_labels(table: dict) -> list[str]:
    """The column labels of table 3 or 4 as printed in a header cell (「法人或其他组织·商业企业」 → 「商业企业」)."""
    return [c["label"].split("·")[-1] for c in table["columns"]]


def _is_ideograph(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def number_spans(line: str, units: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each number of ``line`` that is a cell value (see :func:`_value_end`)."""
    spans: list[tuple[int, int]] = []
    for m in _NUM_IN_TEXT.finditer(line):
        end = _value_end(line, m, units)
        if end is not None:
            spans.append((m.start(1), end))
    return spans


_DASH_TOKEN = re.compile(r"(?:(?<=[\s|｜])|^)(——|--|[-－—–/／~～])(?=[\s|｜]|$)")
_DASH_CHAR = re.compile(r"[-－—–/／~～]")  # the first character of every _DASH_TOKEN


def value_spans(line: str, units: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the cell values of a line of flattened text (numbers and dashes), in order."""
    if line.isascii() and line.isdigit():  # one number alone (pdftotext prints a cell per line): no regex needed
        return [(0, len(line))]
    spans = number_spans(line, units)
    # _DASH_TOKEN tries every position of the line: only where the quick search finds a dash at all
    if _DASH_CHAR.search(line):
        for m in _DASH_TOKEN.finditer(line):
            a, b = m.start(1), m.end(1)
            if not any(s <= a < e for s, e in spans):
                spans.append((a, b))
        spans.sort()
    return spans

