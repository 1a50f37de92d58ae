"""One regex for a list of patterns: how every stage searches a lexicon list in one pass."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


def any_of(patterns: Iterable[str | re.Pattern[str]]) -> re.Pattern[str]:
    """One regex that matches where any of ``patterns`` does (none given: matches nothing).

    Each pattern is wrapped in a non-capturing group, so alternatives keep their own precedence; searching
    one alternation runs in C instead of a Python loop over patterns. Patterns with capturing groups or inline
    flags would change meaning inside an alternation: the lexicon validation refuses them where that matters.
    Compiled once per list of patterns (stages ask for the same lists again and again).
    """
    return _compiled(tuple(p if isinstance(p, str) else p.pattern for p in patterns))


def any_word(words: Iterable[str]) -> re.Pattern[str]:
    """One regex that matches any of ``words`` literally."""
    return any_of(re.escape(w) for w in words)


@lru_cache(maxsize=1024)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")
