"""Finding the statutory sections of a report.

A heading is a top-level enumerator (一、…) followed by a heading variant from ``lexicons/sections.yaml``. The
numeral is read but not trusted (reports shift, repeat or restart it). Among all candidate headings we keep
the longest chain whose statutory sections appear in their legal order, so that a sub-topic that happens to be
numbered ``一、`` inside the overview, or a phrase quoted in the text, does not cut a section. Headings inline in
one long line of crawled text and headings broken over two lines are found too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules import Rules, SectionRules, load_rules
from ..text import similarity as sim
from ..text.enumerators import CN_DIGITS, DUN, cn_value, opening_enumerator
from ..text.punctuation import COLONS, COMMAS, SEMICOLONS, STOPS

# Legal order of the statutory sections; extra (pre-2019) sections may stand anywhere.
ORDER = {"overview": 0, "proactive": 1, "applications": 2, "review_litigation": 3, "problems": 4,
         "improvements": 5, "other": 6}

# A top-level numeral not glued to a preceding Chinese character ("统一、", "十一、" are not "一、"). The look-ahead
# for the first character lets the engine pass over most positions without trying the look-behind (faster).
_ENUM = re.compile(rf"(?=[ \u3000{CN_DIGITS}])(?<![\u4e00-\u9fff])"
                   rf"[ \u3000]*([{CN_DIGITS}]{{1,3}})[ \u3000]*[{DUN}][ \u3000]*")
_OWN_LINE_MAX = 60


@dataclass
class Section:
    """One section of a report: ``text[start:end]`` is its whole extent, heading included."""

    key: str
    heading: str  # as printed ('' when the section was inferred without a heading)
    start: int
    end: int
    body_start: int  # where the text after the heading begins
    numeral: str = ""
    inferred: bool = False


_SPACE_RUN = re.compile(r"\s+")  # \s is str.isspace: both are Py_UNICODE_ISSPACE


@dataclass
class _Window:
    """Text from a position with whitespace removed (a heading broken over lines), and where each of its runs
    of text lies in the text: (index in the window, offset in the text)."""

    text: str
    runs: list[tuple[int, int]]

    def offset(self, k: int) -> int:
        """The offset in the text of the window's ``k``-th character."""
        at, pos = next((at, pos) for at, pos in reversed(self.runs) if at <= k)
        return pos + k - at


def _window(text: str, pos: int, size: int = 70) -> _Window:
    """Up to ``size`` characters from ``pos``, whitespace removed; it stops before a line that is a new numbered
    heading. Taken a run of text at a time, not a character at a time (a report has a dozen windows)."""
    pieces: list[str] = []
    runs: list[tuple[int, int]] = []
    got, n, i = 0, len(text), pos
    while i < n:
        space = _SPACE_RUN.search(text, i)
        j = space.start() if space else n
        take = min(j - i, size - got)
        if take:
            pieces.append(text[i:i + take])
            runs.append((got, i))
            got += take
        if got == size or space is None:
            break
        k = space.end()
        line = text.find("\n", j, k)
        while line != -1:
            if line + 1 < n and _ENUM.match(text, line + 1):
                return _Window("".join(pieces), runs)  # the next line is a new numbered heading: stop here
            line = text.find("\n", line + 1, k)
        i = k
    return _Window("".join(pieces), runs)


@dataclass
class _Candidate:
    start: int
    heading_end: int
    key: str
    numeral: str
    own_line: bool
    inferred: bool = False  # a problems section started by a sub-heading, without a heading of its own
    weight: float = 1.0  # a heading found only tolerantly (glued on, misspelt) weighs less in the chain


# A numeral glued to the text before it: in a page flattened onto one line a heading may follow a table cell
# directly ("…行政事业性收费三、收到和处理…"). Not after characters that form words with a numeral (统一、 唯一、
# 第一、 之一、…) nor after another numeral (十一、).
_GLUED_ENUM = re.compile(rf"(?=[{CN_DIGITS}])(?<=[\u4e00-\u9fff])(?<![{CN_DIGITS}统唯单同第之万专逐划归合不再其每任另])"
                         rf"([{CN_DIGITS}]{{1,2}})、[ \u3000]*")
# The weight in the chain of a heading found only tolerantly (glued on, or similar but no variant): below one
# found by a variant, so that the exact heading wins where both exist.
_TOLERANT_WEIGHT = 0.8
# The end of a heading's wording: the rest of its line after one of these is not heading (a table's first
# cells, a swallowed short line: "四、…行政诉讼情况行政复议"), unless a conjunction continues the heading.
_HEADING_FINAL = re.compile(r"(?:情况|事项|措施|概述|概况|做法|问题|方向|思路|打算|计划|统计表|成效|建议|办法)$")
_CONTINUES = re.compile(r"[及和与、暨并]|以及")
_NOT_HEADING = re.compile(rf"[{STOPS}{SEMICOLONS}{COLONS}{COMMAS}（(|]|{opening_enumerator()}")


def _heading_end(text: str, start: int, end: int, line_end: int) -> int:
    """Where a heading matched up to ``end`` ends: the end of its line when the rest of the line continues the
    wording (a variant longer than the lexicon's), else ``end``."""
    rest = text[end:line_end]
    if not rest.strip() or _NOT_HEADING.search(rest):
        return end
    if _HEADING_FINAL.search(re.sub(r"\s+", "", text[start:end])) and not _CONTINUES.match(rest.lstrip()):
        return end
    return line_end


def _match(window: str, headings: SectionRules) -> tuple[str, int, float] | None:
    """(key, length matched in the window, weight) of the heading a window starts with: a variant of
    ``sections.yaml``, else a wording similar enough (:func:`_similar`)."""
    for key, variants in headings.sections:
        for pat in variants:
            hm = pat.match(window)
            if hm and hm.end() > 0:
                return key, hm.end(), 1.0
    return _similar(window, headings)


def _similar(window: str, headings: SectionRules) -> tuple[str, int, float] | None:
    """A heading written differently from every variant (a misspelling, a dropped or doubled character): the
    window's prefix most similar to one of the section's wordings (Dice of character bigrams), when it holds
    the section's key words, ends as the wording ends, and is at least ``min_heading_similarity`` alike.

    The key words and the last two characters anchor the match, so a sub-topic that shares vocabulary with a
    heading (一、加强主动公开工作) is not taken for it; the numeral before the window anchors it too.
    """
    best: tuple[float, str, int] | None = None
    key_words = dict(headings.heading_key_words)
    for key, wordings in headings.heading_wordings:
        words = key_words.get(key)
        for wording in wordings:
            target = sim.bigrams(wording)
            for n in range(max(2, len(wording) - 3), min(len(window), len(wording) + 3) + 1):
                piece = window[:n]
                if piece[-2:] != wording[-2:] or (words is not None and not words.search(piece)):
                    continue
                score = sim.dice(sim.bigrams(piece), target)
                if score >= headings.min_heading_similarity and (best is None or score > best[0]):
                    best = (score, key, n)
    return (best[1], best[2], _TOLERANT_WEIGHT) if best else None


def _candidates(text: str, headings: SectionRules) -> list[_Candidate]:
    out = []
    enums = [(m, False) for m in _ENUM.finditer(text)] + [(m, True) for m in _GLUED_ENUM.finditer(text)]
    for m, glued in enums:
        seen = _window(text, m.end())
        window = seen.text
        found = _match(window, headings) if window else None
        if not found or (glued and found[2] < 1.0):
            continue
        key, length, weight = found
        end = seen.offset(length - 1) + 1
        line_end = text.find("\n", m.start())
        line_end = len(text) if line_end < 0 else line_end
        own_line = (m.start() == 0 or text[m.start() - 1] == "\n") and line_end - m.start() <= _OWN_LINE_MAX
        runs_on = re.match(r"\s*[：:。.]\s*\S", text[end:line_end])  # "五、…情况：正文…"
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \u3000"))
        if own_line and line_end >= end and not runs_on:
            end = _heading_end(text, start, end, line_end)  # a heading line of its own
        weight *= _TOLERANT_WEIGHT if glued else 1.0
        out.append(_Candidate(start, end, key, m.group(1), own_line, weight=weight))
    return sorted(out, key=lambda c: c.start)


def _numeral_bonus(before: _Candidate | None, c: _Candidate) -> float:
    """Consecutive numerals support a chain; numbering that restarts (五、 … 二、) inside it speaks against it.

    A swap of two neighbours (四、 before 三、) is a common slip and costs nothing."""
    value = cn_value(c.numeral) if c.numeral else 0
    if before is None:
        return 0.6 if value == 1 else 0.0
    prev = cn_value(before.numeral) if before.numeral else 0
    if not value or not prev:
        return 0.0
    if value == prev + 1:
        return 0.6
    if value <= prev - 2:
        return -1.5
    return 0.0


def _best_chain(cands: list[_Candidate]) -> list[_Candidate]:
    """Best chain of candidates in text order whose statutory keys are in legal order, each key once.

    Weight: one per heading, more for a heading on a line of its own, plus the numeral bonus."""
    n = len(cands)
    if not n:
        return []
    weight = [c.weight + (0.5 if c.own_line else 0.0) for c in cands]
    best = [0.0] * n
    prev = [-1] * n
    for i, c in enumerate(cands):
        best[i] = weight[i] + _numeral_bonus(None, c)
        for j in range(i):
            score = best[j] + weight[i] + _numeral_bonus(cands[j], c)
            if _compatible(cands, prev, j, c) and score > best[i]:
                best[i], prev[i] = score, j
    i = max(range(n), key=lambda k: best[k])
    chain = []
    while i >= 0:
        chain.append(cands[i])
        i = prev[i]
    return chain[::-1]


def _compatible(cands: list[_Candidate], prev: list[int], j: int, c: _Candidate) -> bool:
    """Can ``c`` follow the chain ending at ``j``? Keys unique; statutory keys in legal order."""
    last_rank = -1
    k = j
    while k >= 0:
        if cands[k].key == c.key or cands[k].heading_end > c.start:
            return False
        if cands[k].key in ORDER and last_rank < 0:
            last_rank = ORDER[cands[k].key]
        k = prev[k]
    return c.key not in ORDER or ORDER[c.key] > last_rank


def find_sections(text: str, rules: Rules | None = None) -> list[Section]:
    """The sections of a report in text order, with ``preamble`` for what precedes the first one."""
    headings = (rules or load_rules()).sections
    chain = _best_chain(_candidates(text, headings))
    if not any(c.key == "problems" for c in chain):
        chain = _add_fallback_problems(text, chain, headings.problems_fallback)
    sections = []
    first = chain[0].start if chain else len(text)
    if text[:first].strip():
        sections.append(Section("preamble", "", 0, first, 0, inferred=True))
    for i, c in enumerate(chain):
        end = chain[i + 1].start if i + 1 < len(chain) else len(text)
        if c.inferred:
            sections.append(Section(c.key, "", c.start, end, c.start, inferred=True))
            continue
        heading = text[c.start:c.heading_end].strip()
        body = c.heading_end
        while body < end and text[body] in " \u3000\n：:":
            body += 1
        sections.append(Section(c.key, heading, c.start, end, body, c.numeral))
    return sections


def _add_fallback_problems(text: str, chain: list[_Candidate],
                           fallback: tuple[re.Pattern[str], ...]) -> list[_Candidate]:
    """A problems sub-heading after the last statutory section before 'other' starts an unheaded problems section."""
    after = 0
    for c in chain:
        if c.key in ORDER and ORDER[c.key] < ORDER["problems"]:
            after = max(after, c.heading_end)
    limit = next((c.start for c in chain if c.key in ("other", "improvements") and c.start > after), len(text))
    for pat in fallback:
        for m in pat.finditer(text, 0, limit):  # the patterns start with （一）: no boundary needed
            if m.start() >= after:
                cand = _Candidate(m.start(), m.start(), "problems", "", True, inferred=True)
                return sorted(chain + [cand], key=lambda c: c.start)
    return chain
