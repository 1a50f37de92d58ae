"""Measures: what the body reports it did in the year, from the overview section.

The overview is split at its enumeration structure down to the finest level; unenumerated paragraphs are one
item each unless they are preamble. A unit that promises instead of reporting is a commitment.
"""
from __future__ import annotations

from ..read.document import Document
from ..text.enumerators import build_outline, find_markers, label_path
from .sections import Section
from .spans import Signals, Span, gaps, is_heading_only, paragraphs, sentences, trim, unit_spans, walk


def measure_spans(sig: Signals, doc: Document, sec: Section) -> list[Span]:
    text = doc.text
    outline = build_outline(find_markers(text, sec.body_start, sec.end), sec.end, text)
    covered = unit_spans(text, sec.body_start, sec.end, outline)
    spans = []
    first_marker = covered[0][0] if covered else sec.end
    for s, e, mk in covered:
        if mk is None:
            # The intro of a unit that has sub-units: its heading belongs to no item, but a report of its own
            # (a sub-heading the outline could not see, e.g. a stray 二、 between) is a measure.
            parent = next(m for m in walk(outline) if m.start == s)
            s, e = trim(text, s, e)
            head_end = text.find("。", s, e)
            rest = text[head_end + 1:e].strip() if head_end >= 0 else ""
            if len(rest) >= 30 and sig.action.search(rest):
                spans.append(Span("measure", sec.key, label_path(parent), s, e))
            continue
        s, e = trim(text, s, e)
        if e > s and not is_heading_only(text[s:e]):
            piece = text[s:e]
            kind = "commitment" if sig.future.search(piece) and not sig.realis.search(piece) else "measure"
            spans.append(Span(kind, sec.key, label_path(mk), s, e))
    narrative = [(ps, pe) for gs, ge in gaps(sec.body_start, sec.end, covered) for ps, pe in paragraphs(text, gs, ge)
                 if not text.startswith("|", ps) and not is_heading_only(text[ps:pe])]
    # The whole overview in one paragraph without enumerations: a page that lost its paragraph breaks.
    merged = len(narrative) == 1 and not covered
    for ps, pe in narrative:
        intro = bool(covered) and ps < first_marker
        spans.extend(Span("measure", sec.key, "", s, e)
                     for s, e in _paragraph_measures(sig, text, ps, pe, intro, merged))
    return sorted(spans, key=lambda sp: sp.start)


# An unenumerated paragraph longer than this is taken for several merged by a page that lost its paragraph
# breaks, and gives one measure per sub-topic group (class "one-line page"). Below it, a paragraph is one item
# (unless it is the overview's only one).
MERGED_PARAGRAPH_CHARS = 400


def _paragraph_measures(sig: Signals, text: str, start: int, end: int, intro: bool,
                        merged: bool) -> list[tuple[int, int]]:
    """The measures of one unenumerated paragraph. Its leading sentences that only state the work's significance
    or sum up its progress (old-format openings: 推进…是…的重要举措。…工作在…领导下稳步开展。) are not part of
    it; a paragraph that is preamble as a whole (guiding ideology, no action) gives none; the rest is one item,
    or, when the paragraph is merged from several (``merged``: the overview's only paragraph; or a long one),
    one item per sub-topic group. ``intro``: the paragraph leads into the enumerated units."""
    spans = sentences(text, start, end)
    while spans and sig.preamble_sentence.search(text[spans[0][0]:spans[0][1]]) \
            and not sig.action.search(text[spans[0][0]:spans[0][1]]):
        spans.pop(0)
    if not spans:
        return []
    start, end = spans[0][0], spans[-1][1]
    if not merged and end - start <= MERGED_PARAGRAPH_CHARS:
        piece = text[start:end]
        return [] if _is_preamble(sig, piece, intro) or not sig.measure.search(piece) else [(start, end)]
    return [(s, e) for s, e in _groups(sig, text, start, end)
            if sig.measure.search(text[s:e]) and not _is_preamble(sig, text[s:e], intro)]


def _is_preamble(sig: Signals, piece: str, intro: bool) -> bool:
    return bool(sig.preamble.search(piece) or intro) and not sig.action.search(piece)


def _groups(sig: Signals, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The paragraph's sentences grouped: a sentence that opens a sub-topic (加强…。 / 在…方面， / 2011年，)
    starts a group, the sentences after it join it."""
    groups: list[tuple[int, int]] = []
    for s, e in sentences(text, start, end):
        if groups and not sig.measure_opener.match(text, s, e):
            groups[-1] = (groups[-1][0], e)
        else:
            groups.append((s, e))
    return groups
