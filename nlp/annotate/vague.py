"""Vague self-criticism (泛泛而谈): a problem that names no specific object, number or area.

The per-report pipeline marks every problem item with it (``items.csv`` column ``vague``), because evaluators
discount a weakness stated so generally that nobody could check next year whether it was fixed. The signals
(stock judgements such as 有待提高, what counts as specific) are data in ``lexicons/tracking.yaml``, beside the
generic words that the cross-year follow-up ignores for the same reason.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..rules_tracking import rules
from ..text.enumerators import DUN, opening_enumerator
from ..text.punctuation import PHRASE_BREAKS
from ..text.width import match_copy
from ..text import similarity as sim
from ..text.lists import split_list
from .tags import GENERIC

_LEADING_ENUMERATOR = re.compile(rf"^\s*(?:{opening_enumerator('是' + DUN)})")


def is_vague(text: str, topics: Iterable[str] = ()) -> bool:
    """A problem that names no specific object, number or area (泛泛而谈).

    Specific: a number, a quoted or named thing (“阳光招生”专栏, 《…》), or at least one clause that says more than
    an area name plus a stock judgement ("解读材料以文字稿为主" is specific, "依申请办件质量需进一步提升" is not).
    Without any substantive topic (only T00 or none), a problem is vague unless it has a number or name.
    """
    r = rules()
    body = _LEADING_ENUMERATOR.sub("", match_copy(text))
    if r.vague_specific.search(body):
        return False
    if not set(topics) - {GENERIC}:
        return True
    clauses = [c.strip() for c in PHRASE_BREAKS.split(body) if c.strip()]
    for clause in clauses:
        if not r.vague_stock.search(clause):
            return False  # a clause without a stock judgement describes the problem itself
        rest = r.vague_stock.sub("", clause)
        rest = "".join(w for w in sim.words(rest) if r.specific(w))
        if len(rest) > r.vague_max_clause:
            return False
    return bool(clauses)


def mark_vague(items: Iterable) -> None:
    """Set ``vague`` on every problem item (1 vague, 0 specific), from its text and its topics: the last
    per-report step, after tagging (a problem without a substantive topic is judged more strictly)."""
    for item in items:
        if item.kind == "problem":
            item.vague = int(is_vague(item.text, split_list(item.topics)))
