"""One regex for a list of patterns: how every stage searches a lexicon list in one pass."""
from __future__ import annotations

import re
from collections.abc import Iterable


def any_of(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regex that matches where any of ``patterns`` does (none given: matches nothing).

    Each pattern is wrapped in a non-capturing group, so alternatives keep their own precedence; searching
    one alternation runs in C instead of a Python loop over patterns. Patterns with capturing groups or inline
    flags would change meaning inside an alternation: the lexicon validation refuses them where that matters.
    """
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")
