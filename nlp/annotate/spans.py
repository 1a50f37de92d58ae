"""What the item stages share: spans of text with a kind, the compiled signals, and how a stretch of text is cut
into sentences, paragraphs and the units of its enumeration outline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..rules import SignalRules
from ..text.alternation import any_of
from ..text.enumerators import Marker
from ..text.punctuation import SENTENCE_END


@dataclass
class Span:
    kind: str
    section: str
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Signals:
    subheadings: tuple[tuple[str, re.Pattern[str]], ...]
    opener: re.Pattern[str]
    frame: re.Pattern[str]
    problem: re.Pattern[str]
    problem_generic: re.Pattern[str]
    commitment: re.Pattern[str]
    measure: re.Pattern[str]
    quantity: re.Pattern[str]
    preamble: re.Pattern[str]
    lead_in: re.Pattern[str]
    future: re.Pattern[str]
    realis: re.Pattern[str]
    commitment_frame: re.Pattern[str]
    followup: re.Pattern[str]
    action: re.Pattern[str]
    measure_opener: re.Pattern[str]
    preamble_sentence: re.Pattern[str]
    closing: re.Pattern[str]


@lru_cache(maxsize=4)
def signals(data: SignalRules) -> Signals:
    """The signals as the splitting uses them: one alternation per list, built once per rules."""
    subs = tuple((kind, p) for kind, pats in data.subheadings for p in pats)
    return Signals(subs, any_of(data.commitment_openers), any_of(data.frames), any_of(data.problem_predicates),
                    any_of(data.problem_nouns),
                    any_of(data.commitment_markers), any_of(data.measure_markers),
                    data.measure_markers[0], any_of(data.preamble), any_of(data.problem_lead_ins),
                    any_of(data.overview_future), any_of(data.overview_realis), any_of(data.commitment_frames),
                    any_of(data.followup_sentences), any_of(data.measure_actions), any_of(data.measure_openers),
                    any_of(data.preamble_sentences), any_of(data.closing_matter))


def narrative_end(sig: Signals, text: str, start: int, end: int) -> int:
    """Where the narrative of text[start:end] ends: before the signature date or the first attachment that a page
    flattened onto one line runs on after the last paragraph (class "one-line page"), else ``end``."""
    m = sig.closing.search(text, start, end)
    return m.start() if m else end


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to its content: no surrounding whitespace, no trailing table rows or lone headings."""
    while start < end and text[start] in " \u3000\n\t":
        start += 1
    while end > start and text[end - 1] in " \u3000\n\t":
        end -= 1
    # Drop trailing table lines (a table printed inside a section is not narrative).
    while end > start:
        line_start = text.rfind("\n", start, end) + 1
        line = text[line_start:end]
        if line.startswith("|") or (line_start > start and not line.strip()):
            end = max(start, line_start - 1)
            continue
        break
    return start, end


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end] (split after 。！？ and at line breaks)."""
    out = []
    pos = start
    for m in SENTENCE_END.finditer(text, start, end):
        s, e = trim(text, pos, m.end())
        if e > s:
            out.append((s, e))
        pos = m.end()
    s, e = trim(text, pos, end)
    if e > s:
        out.append((s, e))
    return out


def unit_spans(text: str, start: int, end: int, outline: list[Marker]) -> list[tuple[int, int, Marker | None]]:
    """Leaf spans (with their marker) and the intros of parent units (marker None), in text order."""
    spans: list[tuple[int, int, Marker | None]] = []

    def walk(nodes: list[Marker]) -> None:
        for mk in nodes:
            if mk.is_leaf:
                spans.append((mk.start, mk.extent_end, mk))
            else:
                spans.append((mk.start, mk.children[0].start, None))
                walk(mk.children)
    walk(outline)
    return sorted(spans, key=lambda s: s[0])


def walk(nodes: list[Marker]):
    for mk in nodes:
        yield mk
        yield from walk(mk.children)


def gaps(start: int, end: int, covered: list[tuple[int, int, Marker | None]]) -> list[tuple[int, int]]:
    gaps = []
    pos = start
    for s, e, _ in covered:
        if s > pos:
            gaps.append((pos, s))
        pos = max(pos, e)
    if pos < end:
        gaps.append((pos, end))
    return gaps


def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        s, e = trim(text, pos, stop)
        if e > s:
            out.append((s, e))
        pos = stop + 1
    return out


def is_heading_only(piece: str) -> bool:
    """A short line without a sentence end (a sub-heading standing alone)."""
    return len(piece) <= 30 and not re.search(r"[。！？；;]", piece)
