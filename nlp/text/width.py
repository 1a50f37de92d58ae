"""Same-length matching copies of report text: full-width ASCII → half-width.

Reports print digits and Latin letters in either width (２０２３ / 2023); the analysable text keeps them as printed
so that every span points at what the report says. Matching (topic terms and rules, cross-year similarity, the
lexicons' patterns) works on a copy of the same length, so an offset found in the copy is an offset in the text.
"""
from __future__ import annotations

_WIDTH_TABLE = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20


def match_copy(text: str) -> str:
    """A same-length copy of ``text`` for matching: full-width ASCII → half-width. Offsets stay valid."""
    return text.translate(_WIDTH_TABLE)
