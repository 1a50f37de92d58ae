"""Line breaking as Chinese typesetting does it, shared by the PDF (measured in points) and the pdftotext-like
text (measured in character widths).

Both forms must break lines where a real publisher's layout would: never inside an ASCII run (numbers, URLs),
never a closing mark at a line start or an opening mark at a line end (kinsoku).
"""
from __future__ import annotations

import re
from collections.abc import Callable

ASCII_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z@._%+\-/:#&=?~]*|.", re.S)
NO_START = set("，。、；：？！）》」』”’〕】…%％·,.;:?!)]}")
NO_END = set("（《「『“‘〔【([{")
CJK = r"\u4e00-\u9fff"

# a wrapped line: its tokens, the width they take, the width that was available
Line = tuple[list[str], float, float]


def tokenize(text: str) -> list[str]:
    """Unbreakable pieces: ASCII runs whole, every other character alone."""
    return ASCII_RUN.findall(text)


def wrap_tokens(tokens: list[str], width_fn: Callable[[str], float], first_avail: float,
                avail: float) -> list[Line]:
    """Greedy line breaking with unbreakable ASCII runs and kinsoku (line-start/-end rules)."""
    toks = list(tokens)
    lines: list[Line] = []
    cur: list[str] = []
    cur_w, av = 0.0, first_avail
    i = 0
    while i < len(toks):
        t = toks[i]
        w = width_fn(t)
        if cur_w + w <= av + 0.01:
            cur.append(t)
            cur_w += w
            i += 1
            continue
        if len(t) > 1 and w > avail:
            k = _fitting_prefix(t, width_fn, av - cur_w, bool(cur))
            if k > 0:  # an ASCII run longer than a whole line (URL, e-mail): break it where the line ends
                toks[i:i + 1] = [t[:k], t[k:]]
                continue
        if not cur:
            cur.append(t)
            cur_w += w
            i += 1
            continue
        # break before toks[i], moving back over marks that may not start or end a line
        while len(cur) > 1 and toks[i][0] in NO_START:
            cur_w -= width_fn(cur.pop())
            i -= 1
        while len(cur) > 1 and cur[-1][-1] in NO_END:
            cur_w -= width_fn(cur.pop())
            i -= 1
        lines.append((cur, cur_w, av))
        cur, cur_w, av = [], 0.0, avail
    if cur or not lines:
        lines.append((cur, cur_w, av))
    return lines


def _fitting_prefix(token: str, width_fn: Callable[[str], float], room: float, line_started: bool) -> int:
    """How many characters of an over-long token fit in ``room`` (at least one on an empty line)."""
    k = 0
    while k < len(token) and width_fn(token[:k + 1]) <= room:
        k += 1
    if k == 0 and not line_started:
        k = 1
    return k


def em_width(t: str) -> float:
    """Display width in em: CJK/full-width 1, ASCII 0.5."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in t)


def space_numbers(s: str) -> str:
    """pdftotext-like spaces between CJK characters and ASCII runs: '2021年' -> '2021 年'."""
    s = re.sub(r"([%s])([0-9A-Za-z])" % CJK, r"\1 \2", s)
    s = re.sub(r"([0-9A-Za-z%%])([%s])" % CJK, r"\1 \2", s)
    return s
