"""Items: the measures taken, the problems named, the improvements promised, and follow-up on last year.

Measures come from the overview section, split at its enumeration structure down to the finest level;
unenumerated paragraphs are one item each unless they are preamble. Problems, commitments and follow-up come
from section 五 (and a separate improvements section): sub-headings say which block holds what; without them
the first commitment opener (下一步, 针对上述问题, 20XX年我局将…) is the boundary. Frame sentences that only
announce a list are not items. The signals are data (``lexicons/signals.yaml``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..read.document import Document
from ..text.enumerators import Marker, build_outline, find_markers, label_path
from ..rules import Rules, SignalRules, load_rules
from ..text.alternation import any_of
from ..text.punctuation import CN_STOPS, COLONS, COMMAS, SEMICOLONS, SENTENCE_END
from .sections import Section

KINDS = ("measure", "problem", "commitment", "followup")
_UNNUMBERED_SUB = re.compile(rf"(?:(?<=^)|(?<=\n)|(?<=[{CN_STOPS}]))\s*([^{CN_STOPS[0]}{COLONS}\n{SEMICOLONS}{COMMAS}（(]{{3,24}})"
                             rf"[{COLONS}]")


@dataclass
class Item:
    """One row of ``items.csv``; ``text == doc.text[start:end]``."""

    item_id: str
    report_id: str
    jurisdiction: str
    year: int | None
    kind: str
    section: str
    seq: int
    label: str
    text: str
    start: int
    end: int
    page: int | None
    topics: str = ""  # ;-joined topic ids (set by tagging)
    terms: str = ""  # ;-joined matched terms, the evidence for the topics
    vague: int | None = None  # problems: 1 when it names no specific object, number or area (泛泛而谈), else 0
    main_topics: str = ""  # ;-joined: the 1–3 topics that carry the item, ranked (head, then term coverage)
    topic_names: str = ""  # ;-joined Chinese names of ``topics``, in the same order


@dataclass
class _Span:
    kind: str
    section: str
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class _Signals:
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


@lru_cache(maxsize=4)
def _signals(data: SignalRules) -> _Signals:
    """The signals as the splitting uses them: one alternation per list, built once per rules."""
    subs = tuple((kind, p) for kind, pats in data.subheadings for p in pats)
    return _Signals(subs, any_of(data.commitment_openers), any_of(data.frames), any_of(data.problem_predicates),
                    any_of(data.problem_nouns),
                    any_of(data.commitment_markers), any_of(data.measure_markers),
                    data.measure_markers[0], any_of(data.preamble), any_of(data.problem_lead_ins),
                    any_of(data.overview_future), any_of(data.overview_realis), any_of(data.commitment_frames),
                    any_of(data.followup_sentences), any_of(data.measure_actions))


# --------------------------------------------------------------------------------------------- helpers

def _trim(text: str, start: int, end: int) -> tuple[int, int]:
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
        s, e = _trim(text, pos, m.end())
        if e > s:
            out.append((s, e))
        pos = m.end()
    s, e = _trim(text, pos, end)
    if e > s:
        out.append((s, e))
    return out


def _covered(text: str, start: int, end: int, outline: list[Marker]) -> list[tuple[int, int, Marker | None]]:
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


def _walk(nodes: list[Marker]):
    for mk in nodes:
        yield mk
        yield from _walk(mk.children)


def _gaps(start: int, end: int, covered: list[tuple[int, int, Marker | None]]) -> list[tuple[int, int]]:
    gaps = []
    pos = start
    for s, e, _ in covered:
        if s > pos:
            gaps.append((pos, s))
        pos = max(pos, e)
    if pos < end:
        gaps.append((pos, end))
    return gaps


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        s, e = _trim(text, pos, stop)
        if e > s:
            out.append((s, e))
        pos = stop + 1
    return out


def _is_heading_only(piece: str) -> bool:
    """A short line without a sentence end (a sub-heading standing alone)."""
    return len(piece) <= 30 and not re.search(r"[。！？；;]", piece)


# --------------------------------------------------------------------------------------------- measures

def _measure_spans(sig: _Signals, doc: Document, sec: Section) -> list[_Span]:
    text = doc.text
    outline = build_outline(find_markers(text, sec.body_start, sec.end), sec.end, text)
    covered = _covered(text, sec.body_start, sec.end, outline)
    spans = []
    first_marker = covered[0][0] if covered else sec.end
    for s, e, mk in covered:
        if mk is None:
            # The intro of a unit that has sub-units: its heading belongs to no item, but a report of its own
            # (a sub-heading the outline could not see, e.g. a stray 二、 between) is a measure.
            parent = next(m for m in _walk(outline) if m.start == s)
            s, e = _trim(text, s, e)
            head_end = text.find("。", s, e)
            rest = text[head_end + 1:e].strip() if head_end >= 0 else ""
            if len(rest) >= 30 and sig.action.search(rest):
                spans.append(_Span("measure", sec.key, label_path(parent), s, e))
            continue
        s, e = _trim(text, s, e)
        if e > s and not _is_heading_only(text[s:e]):
            piece = text[s:e]
            kind = "commitment" if sig.future.search(piece) and not sig.realis.search(piece) else "measure"
            spans.append(_Span(kind, sec.key, label_path(mk), s, e))
    for gs, ge in _gaps(sec.body_start, sec.end, covered):
        for ps, pe in _paragraphs(text, gs, ge):
            piece = text[ps:pe]
            if piece.startswith("|") or _is_heading_only(piece):
                continue
            if sig.preamble.search(piece) or (ps < first_marker and covered):
                if not sig.action.search(piece):
                    continue  # preamble: guiding ideology, general statements, summaries
            if sig.measure.search(piece):
                spans.append(_Span("measure", sec.key, "", ps, pe))
    return sorted(spans, key=lambda sp: sp.start)


# --------------------------------------------------------------------------------------------- section 五

def _subheadings(sig: _Signals, text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """(start, body_start, kind, label) of sub-headings that say what their block holds.

    A sub-heading on a line of its own is the whole line; one run into its text (crawled pages) ends where
    the sub-heading pattern ends.
    """
    out = []
    for mk in find_markers(text, start, end):
        if mk.style not in ("paren_cn", "num_dun", "cn_dun", "paren_num"):
            continue
        line_end = text.find("\n", mk.end, end)
        line_end = end if line_end < 0 else line_end
        own_line = line_end - mk.end <= 40 and not re.search(r"[。；;]", text[mk.end:line_end].rstrip("。"))
        head = re.sub(r"\s+", "", text[mk.end:line_end] if own_line else text[mk.end:mk.end + 40])
        for kind, pat in sig.subheadings:
            hm = pat.match(head)
            if not hm and own_line and kind != "problem":
                hm = pat.search(head)
            if not hm:
                continue
            if own_line:
                body = line_end
            else:
                body = mk.end
                consumed = 0
                while body < end and consumed < hm.end():  # walk the pattern's extent in the original text
                    consumed += not text[body].isspace()
                    body += 1
                if body < end and text[body] in "。：:；;，,":
                    body += 1
            out.append((mk.start, body, kind, mk.label + head[: hm.end()] if not own_line else mk.label + head))
            break
    # Unnumbered sub-headings ending in a colon at the start of a sentence: "上年度问题整改情况：…".
    for m in _UNNUMBERED_SUB.finditer(text, start, end):
        head = re.sub(r"\s+", "", m.group(1))
        if any(s <= m.start() < b for s, b, _, _ in out):
            continue
        for kind, pat in sig.subheadings:
            if pat.fullmatch(head) or (pat.match(head) and len(head) <= 16):
                out.append((m.start(1), m.end(), kind, head))
                break
    return sorted(out)


def _opener(sig: _Signals, text: str, start: int, end: int) -> int | None:
    """Offset of the first commitment opener that begins a sentence or clause in text[start:end]."""
    for m in sig.opener.finditer(text, start, end):
        before = text[max(start, m.start() - 1):m.start()]
        if m.start() == start or before in ("", "\n", "。", "；", "：", "！", "？", " ", "，") :
            # Walk back to the start of the sentence that holds the opener.
            s = m.start()
            while s > start and text[s - 1] not in "。！？；\n：":
                s -= 1
            return s
    return None


def _is_frame(sig: _Signals, piece: str, kind: str, before_list: bool) -> bool:
    """A sentence that announces a list or states a strategy instead of naming a problem or a promise.

    A strategic sentence (以…为抓手…) is a frame only when a list of promises follows it; on its own it is
    the promise."""
    if piece.rstrip().endswith(("：", ":")):
        return True
    if kind == "problem":
        stripped = sig.frame.sub("", piece)
        return bool(sig.frame.search(piece)) and not sig.problem.search(stripped)
    return before_list and bool(sig.commitment_frame.search(piece))


def _sentence_items(sig: _Signals, text: str, start: int, end: int, kind: str, sec: str, label: str,
                    before_list: bool, require_marker: bool = True) -> list[_Span]:
    """Sentence items of one kind. ``before_list``: the stretch leads into an enumerated list, so a clause that
    runs into it (…仍存在不足，一是…) is its lead-in, not an item. ``require_marker``: commitments must show a
    promise marker (not needed under a 改进措施 sub-heading)."""
    out = []
    spans = sentences(text, start, end)
    if before_list and spans and not re.search(r"[。！？!?]$", text[spans[-1][0]:spans[-1][1]]):
        spans = spans[:-1]  # the lead-in clause of the list
    for s, e in spans:
        piece = text[s:e]
        if piece.startswith("|") or _is_heading_only(piece) and not sig.problem.search(piece):
            continue
        if _is_frame(sig, piece, kind, before_list):
            continue
        if kind == "problem":
            if sig.followup.search(piece) and sig.realis.search(piece):
                out.append(_Span("followup", sec, label, s, e))
                continue
            if not (sig.problem.search(piece) or sig.problem_generic.search(piece)):
                continue
            lead = sig.lead_in.match(piece)
            if lead and sig.problem.search(piece[lead.end():]):
                s += lead.end()
            out.extend(_split_semicolon_list(sig, text, s, e, sec, label))
            continue
        if kind == "commitment" and require_marker and not sig.commitment.search(piece):
            continue
        out.append(_Span(kind, sec, label, s, e))
    return out


def _split_semicolon_list(sig: _Signals, text: str, s: int, e: int, sec: str, label: str) -> list[_Span]:
    """`…仍存在不足，如A；B；C。` → one item per problem when at least two parts name one."""
    piece = text[s:e]
    if piece.count("；") < 1:
        return [_Span("problem", sec, label, s, e)]
    lead = re.search(r"(?:：|[，,]如|主要(?:表现|体现)(?:在|为)[：，,]?)", piece)
    body_start = s + lead.end() if lead and lead.start() < len(piece) * 0.5 else s
    parts = []
    pos = body_start
    for m in re.finditer(r"；", text[body_start:e]):
        parts.append((pos, body_start + m.end()))
        pos = body_start + m.end()
    parts.append((pos, e))
    named = [(ps, pe) for ps, pe in parts if sig.problem.search(text[ps:pe])]
    if len(named) < 2:
        return [_Span("problem", sec, label, s, e)]
    return [_Span("problem", sec, label, *_trim(text, ps, pe)) for ps, pe in named]


def _units(sig: _Signals, text: str, start: int, end: int, kind: str, sec: str, block_label: str,
           require_marker: bool = True) -> list[_Span]:
    """Items of one kind in text[start:end]: enumerated leaves, else sentences."""
    outline = build_outline(find_markers(text, start, end), end, text)
    covered = _covered(text, start, end, outline)
    spans = []
    for s, e, mk in covered:
        if mk is None:
            continue
        s, e = _trim(text, s, e)
        if e > s and not (_is_heading_only(text[s:e]) and kind != "problem"):
            spans.append(_Span(kind, sec, label_path(mk), s, e))
    for gs, ge in _gaps(start, end, covered):
        before_list = any(cs == ge for cs, _, _ in covered)
        spans.extend(_sentence_items(sig, text, gs, ge, kind, sec, block_label, before_list, require_marker))
    return spans


def _zone_split(sig: _Signals, text: str, start: int, end: int, sec: str, label: str) -> list[_Span]:
    """Problems then commitments in one unheaded stretch: split at the first commitment opener."""
    boundary = _opener(sig, text, start, end)
    if boundary is None:
        return _units(sig, text, start, end, "problem", sec, label)
    return (_units(sig, text, start, boundary, "problem", sec, label)
            + _units(sig, text, boundary, end, "commitment", sec, ""))  # the promises are not under the problem label


def _problem_section_spans(sig: _Signals, doc: Document, sec: Section) -> list[_Span]:
    text = doc.text
    if sec.key == "improvements":
        return _units(sig, text, sec.body_start, sec.end, "commitment", sec.key, "", require_marker=False)
    subs = _subheadings(sig, text, sec.body_start, sec.end)
    if not subs:
        return _zone_split(sig, text, sec.body_start, sec.end, sec.key, "")
    spans = []
    if subs[0][0] > sec.body_start:
        spans.extend(_zone_split(sig, text, sec.body_start, subs[0][0], sec.key, ""))
    for i, (s, body, kind, label) in enumerate(subs):
        block_end = subs[i + 1][0] if i + 1 < len(subs) else sec.end
        if kind == "problem":
            spans.extend(_zone_split(sig, text, body, block_end, sec.key, label))
        else:
            spans.extend(_units(sig, text, body, block_end, kind, sec.key, label, require_marker=False))
    return spans


# --------------------------------------------------------------------------------------------- entry

def extract_items(doc: Document, sections: list[Section], report_id: str, rules: Rules | None = None) -> list[Item]:
    """All items of a report, numbered per kind in text order."""
    sig = _signals((rules or load_rules()).signals)
    spans: list[_Span] = []
    for sec in sections:
        if sec.key == "overview":
            spans.extend(_measure_spans(sig, doc, sec))
        elif sec.key in ("problems", "improvements"):
            spans.extend(_problem_section_spans(sig, doc, sec))
    spans.sort(key=lambda sp: sp.start)
    counters = {k: 0 for k in KINDS}
    items = []
    md = doc.metadata
    for sp in spans:
        counters[sp.kind] += 1
        seq = counters[sp.kind]
        items.append(Item(f"{report_id}:{sp.kind[0]}{seq}", report_id, md.jurisdiction, md.year, sp.kind,
                          sp.section, seq, sp.label, doc.text[sp.start:sp.end], sp.start, sp.end,
                          doc.page_at(sp.start)))
    return items
