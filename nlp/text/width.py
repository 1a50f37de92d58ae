"""The copy of a text that matching runs on: full-width ASCII folded to half-width, same length.

Outputs keep the original characters; every matcher (topic terms, similarity, follow-up words) runs on this copy,
so that ＡＢＣ１２３ and ABC123 match alike and every span found is an offset into the original.
"""
from __future__ import annotations

_WIDTH_TABLE = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20


def match_copy(text: str) -> str:
    """A same-length copy of ``text`` for matching: full-width ASCII → half-width. Offsets stay valid."""
    return text.translate(_WIDTH_TABLE)
