"""Measures: what the body reports it did in the year, from the overview section.

The overview is split at its enumeration structure down to the finest level; unenumerated paragraphs are one
item each unless they are preamble. A unit that promises instead of reporting is a commitment.
"""
from __future__ import annotations

from ..read.document import Document
from ..text.enumerators import build_outline, find_markers, label_path
from .sections import Section
from .spans import Signals, Span, gaps, is_heading_only, paragraphs, trim, unit_spans, walk


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
    for gs, ge in gaps(sec.body_start, sec.end, covered):
        for ps, pe in paragraphs(text, gs, ge):
            piece = text[ps:pe]
            if piece.startswith("|") or is_heading_only(piece):
                continue
            if sig.preamble.search(piece) or (ps < first_marker and covered):
                if not sig.action.search(piece):
                    continue  # preamble: guiding ideology, general statements, summaries
            if sig.measure.search(piece):
                spans.append(Span("measure", sec.key, "", ps, pe))
    return sorted(spans, key=lambda sp: sp.start)
