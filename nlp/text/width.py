"""Same-length matching copies of report text: full-width ASCII → half-width.

Reports print digits and Latin letters in either width (２０２３ / 2023); the analysable text keeps them as printed
so that every span points at what the report says. Matching (topic terms and rules, cross-year similarity, the
lexicons' patterns) works on a copy of the same length, so an offset found in the copy is an offset in the text.
"""
from __future__ import annotations

import re

_WIDTH_TABLE = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20
_HALF = {chr(k): chr(v) for k, v in _WIDTH_TABLE.items()}
_FULL = re.compile("[\uff01-\uff5e\u3000]")  # the keys of _HALF


def match_copy(text: str) -> str:
    """A same-length copy of ``text`` for matching: full-width ASCII → half-width. Offsets stay valid.

    Every stage calls this on whole reports, and ``str.translate`` with a mapping looks up every character in
    Python: a report holds only a handful of distinct full-width characters (，；：（）), so replacing each of
    those in one C pass is several times faster and gives the same string (each maps to one ASCII character,
    never to another full-width one)."""
    for ch in set(_FULL.findall(text)):
        text = text.replace(ch, _HALF[ch])
    return text
