"""Items: the measures taken, the problems named, the improvements promised, and follow-up on last year.

Measures come from the overview section (:mod:`.measures`). Problems, commitments and follow-up come
from section 五 (and a separate improvements section): sub-headings say which block holds what; without them
the first commitment opener (下一步, 针对上述问题, 20XX年我局将…) is the boundary. Frame sentences that only
announce a list are not items. The signals are data (``lexicons/signals.yaml``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..read.document import Document
from ..rules import Rules, load_rules
from ..text.enumerators import build_outline, find_markers, label_path
from ..text.punctuation import CN_STOPS, COLONS, COMMAS, SEMICOLONS
from .measures import measure_spans
from .sections import Section
from .spans import Signals, Span, gaps, is_heading_only, narrative_end, sentences, signals, trim, unit_spans

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


# --------------------------------------------------------------------------------------------- section 五

def _subheadings(sig: Signals, text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
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


def _opener(sig: Signals, text: str, start: int, end: int) -> int | None:
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


def _is_frame(sig: Signals, piece: str, kind: str, before_list: bool) -> bool:
    """A sentence that announces a list or states a strategy instead of naming a problem or a promise.

    A strategic sentence (以…为抓手…) is a frame only when a list of promises follows it; on its own it is
    the promise."""
    if piece.rstrip().endswith(("：", ":")):
        return True
    if kind == "problem":
        stripped = sig.frame.sub("", piece)
        return bool(sig.frame.search(piece)) and not sig.problem.search(stripped)
    return before_list and bool(sig.commitment_frame.search(piece))


def _sentence_items(sig: Signals, text: str, start: int, end: int, kind: str, sec: str, label: str,
                    before_list: bool, require_marker: bool = True) -> list[Span]:
    """Sentence items of one kind. ``before_list``: the stretch leads into an enumerated list, so a clause that
    runs into it (…仍存在不足，一是…) is its lead-in, not an item. ``require_marker``: commitments must show a
    promise marker (not needed under a 改进措施 sub-heading)."""
    out = []
    spans = sentences(text, start, end)
    if before_list and spans and not re.search(r"[。！？!?]$", text[spans[-1][0]:spans[-1][1]]):
        spans = spans[:-1]  # the lead-in clause of the list
    for s, e in spans:
        piece = text[s:e]
        if piece.startswith("|") or is_heading_only(piece) and not sig.problem.search(piece):
            continue
        if _is_frame(sig, piece, kind, before_list):
            continue
        if kind == "problem":
            if sig.followup.search(piece) and sig.realis.search(piece):
                out.append(Span("followup", sec, label, s, e))
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
        out.append(Span(kind, sec, label, s, e))
    return out


def _split_semicolon_list(sig: Signals, text: str, s: int, e: int, sec: str, label: str) -> list[Span]:
    """`…仍存在不足，如A；B；C。` → one item per problem when at least two parts name one."""
    piece = text[s:e]
    if piece.count("；") < 1:
        return [Span("problem", sec, label, s, e)]
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
        return [Span("problem", sec, label, s, e)]
    return [Span("problem", sec, label, *trim(text, ps, pe)) for ps, pe in named]


def _units(sig: Signals, text: str, start: int, end: int, kind: str, sec: str, block_label: str,
           require_marker: bool = True) -> list[Span]:
    """Items of one kind in text[start:end]: enumerated leaves, else sentences."""
    outline = build_outline(find_markers(text, start, end), end, text)
    covered = unit_spans(text, start, end, outline)
    spans = []
    for s, e, mk in covered:
        if mk is None:
            continue
        s, e = trim(text, s, e)
        if e > s and not (is_heading_only(text[s:e]) and kind != "problem"):
            spans.append(Span(kind, sec, label_path(mk), s, e))
    for gs, ge in gaps(start, end, covered):
        before_list = any(cs == ge for cs, _, _ in covered)
        spans.extend(_sentence_items(sig, text, gs, ge, kind, sec, block_label, before_list, require_marker))
    return spans


def _zone_split(sig: Signals, text: str, start: int, end: int, sec: str, label: str) -> list[Span]:
    """Problems then commitments in one unheaded stretch: split at the first commitment opener."""
    boundary = _opener(sig, text, start, end)
    if boundary is None:
        return _units(sig, text, start, end, "problem", sec, label)
    return (_units(sig, text, start, boundary, "problem", sec, label)
            + _units(sig, text, boundary, end, "commitment", sec, ""))  # the promises are not under the problem label


def _problem_section_spans(sig: Signals, doc: Document, sec: Section) -> list[Span]:
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
    sig = signals((rules or load_rules()).signals)
    spans: list[Span] = []
    for sec in sections:
        if sec.key not in ("overview", "problems", "improvements"):
            continue  # no items, and no search for where their narrative ends (0.1 ms per report)
        sec = replace(sec, end=narrative_end(sig, doc.text, sec.body_start, sec.end))
        if sec.key == "overview":
            spans.extend(measure_spans(sig, doc, sec))
        else:
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
