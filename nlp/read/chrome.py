"""Web-page chrome (breadcrumbs, share bars, font-size switches) found around the article body.

The tokens are data (``lexicons/page_chrome.yaml``) because every site has its own; this module only cuts a
leading and a trailing run of them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..rules import ChromeRules, Rules, load_rules


@lru_cache(maxsize=4)
def _patterns(chrome: ChromeRules) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lead = re.compile("|".join(f"(?:{p.pattern})" for p in chrome.leading))
    trail = re.compile("|".join(f"(?:{p.pattern})" for p in chrome.trailing))
    block = re.compile("|".join(f"(?:{p.pattern})" for p in chrome.block_markers))
    return lead, trail, block


def strip_page_chrome(text: str, rules: Rules | None = None) -> str:
    """Remove chrome before the first and after the last real sentence of a page's text."""
    lead, trail, _ = _patterns((rules or load_rules()).chrome)
    head = text[:600]
    last_end = 0
    pos = 0
    # Chrome tokens follow one another at the start; the body starts after the last one in that run.
    while True:
        m = lead.search(head, pos)
        if not m or m.start() - pos > 80:
            break
        last_end = pos = m.end()
    text = text[last_end:] if last_end else text
    m = trail.search(text, max(0, len(text) - 1500))
    if m:
        text = text[: m.start()]
    return text.strip()


def take_page_fields(text: str, rules: Rules | None = None) -> tuple[str, dict[str, str]]:
    """The page text without its chrome and its metadata block, and the metadata fields (``page:…`` keys).

    The fields are read before the chrome is cut (the chrome patterns cut an info bar's 来源/时间 too), and the
    metadata still left after the cut (a table or labelled run below the breadcrumb) is taken out after it."""
    from .pagemeta import take_fields

    _, before = take_fields(text, rules)
    text, after = take_fields(strip_page_chrome(text, rules), rules)
    return text, {**after, **before}


def is_chrome_block(text: str, rules: Rules | None = None) -> bool:
    """True when a short block of a web page is navigation/share/footer material."""
    _, _, block = _patterns((rules or load_rules()).chrome)
    return bool(block.search(text))
