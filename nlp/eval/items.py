"""Items, topics and section headings of one report against its gold file.

Gold items are located in the analysable text by their characters (whitespace and printed page numbers
ignored), not by offsets, because gold is written from the printed report: coverage in both directions then
says whether we found each gold item and whether each item we predicted is one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from ..annotate.tags import GENERIC
from ..text.lists import split_list

KINDS = {"measures": "measure", "problems": "problem", "commitments": "commitment", "prior_year_followup": "followup"}
THRESHOLD = 0.6
_PAGE_NUMBER = re.compile(r"[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页")


def compact(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, and the offset in the original of each remaining character."""
    chars, offsets = [], []
    for i, c in enumerate(text):
        if not c.isspace():
            chars.append(c)
            offsets.append(i)
    return "".join(chars), offsets


def locate(gold_text: str, ctext: str) -> tuple[int, int] | None:
    """Where a gold item lies in the compacted analysable text (compact offsets), or None."""
    g = re.sub(r"\s+", "", gold_text)
    if not g:
        return None
    i = ctext.find(g)
    if i >= 0:
        return i, i + len(g)
    g2 = _PAGE_NUMBER.sub("", g)  # page numbers printed inside the item were removed by normalisation
    i = ctext.find(g2)
    if i >= 0:
        return i, i + len(g2)
    head, tail = g2[:12], g2[-12:]
    i = ctext.find(head)
    if i >= 0:
        j = ctext.find(tail, i)
        if j >= 0 and j - i < 2 * len(g2):
            return i, j + len(tail)
    return None


@dataclass
class KindScore:
    """Counts of one kind of item in one report or summed over many (every field is a count)."""

    gold: int = 0
    found: int = 0
    pred: int = 0
    correct: int = 0
    unlocated: int = 0
    topic_tp: int = 0
    topic_fp: int = 0
    topic_fn: int = 0
    pred_with_topic: int = 0
    main_tp: int = 0  # main_topics of the predicted items over a found gold item, against its gold topics
    main_fp: int = 0
    main_fn: int = 0

    def add(self, other: "KindScore") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def precision(self) -> float:
        return self.correct / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ReportScore:
    """Everything scored on one analysed copy of a gold report."""

    report_id: str
    kinds: dict[str, KindScore] = field(default_factory=dict)
    headings_ok: int = 0
    headings_total: int = 0
    heading_errors: list[str] = field(default_factory=list)
    table_ok: int = 0
    table_total: int = 0
    table_wrong: int = 0      # gold numbers read as a different number (never acceptable)
    table_errors: list[str] = field(default_factory=list)


def missed(gold: dict, file_id: str) -> ReportScore:
    """The score of a gold file whose report was not analysed: everything missed."""
    rs = ReportScore(file_id)
    for gkey, kind in KINDS.items():
        rs.kinds[kind] = KindScore(gold=len(gold.get(gkey) or []))
    rs.headings_total = len(gold.get("sections") or {})
    return rs


def _ranges_mask(n: int, ranges: list[tuple[int, int]]) -> bytearray:
    mask = bytearray(n)
    for s, e in ranges:
        mask[max(s, 0):max(min(e, n), 0)] = b"\x01" * max(0, min(e, n) - max(s, 0))
    return mask


def score_report(gold: dict, text: str, items: list[dict], sections: list[dict], report_id: str) -> ReportScore:
    """Items (per kind, with their topics) and section headings of one report against its gold."""
    ctext, offsets = compact(text)
    pos = {o: k for k, o in enumerate(offsets)}  # original offset -> compact offset

    def to_compact(s: int, e: int) -> tuple[int, int]:
        cs = next((pos[i] for i in range(s, e) if i in pos), None)
        ce = next((pos[i] + 1 for i in range(e - 1, s - 1, -1) if i in pos), None)
        return (cs, ce) if cs is not None and ce is not None else (0, 0)

    rs = ReportScore(report_id)
    for gkey, kind in KINDS.items():
        kind_items = [it for it in items if it["kind"] == kind]
        rs.kinds[kind] = _score_kind(gold.get(gkey) or [], ctext,
                                     [to_compact(int(it["start"]), int(it["end"])) for it in kind_items],
                                     [_topics(it.get("topics")) for it in kind_items],
                                     [_topics(it.get("main_topics")) for it in kind_items])
    predicted = {s["key"]: s["heading"] for s in sections}
    for key, heading in (gold.get("sections") or {}).items():
        rs.headings_total += 1
        want = re.sub(r"\s+", "", heading or "")
        got = re.sub(r"\s+", "", predicted.get(key) or "")
        if want == got:
            rs.headings_ok += 1
        else:
            rs.heading_errors.append(f"{key}: gold {heading!r} predicted {predicted.get(key)!r}")
    return rs


def _topics(cell: str | None) -> set[str]:
    """The substantive topic ids of an items.csv cell (``topics`` or ``main_topics``)."""
    return {t for t in split_list(cell) if t != GENERIC}


def _score_kind(gold_items: list[dict], ctext: str, pred_ranges: list[tuple[int, int]],
                pred_topics: list[set[str]], pred_main: list[set[str]]) -> KindScore:
    """One kind of item: gold items found, predicted items correct, and the topics (all, and main) of the gold
    items found."""
    ks = KindScore()
    gold_ranges = []
    gold_topics = []
    for g in gold_items:
        ks.gold += 1
        loc = locate(g["text"], ctext)
        if loc is None:
            ks.unlocated += 1
        else:
            gold_ranges.append(loc)
            gold_topics.append({t for t in g.get("topics") or [] if t != GENERIC})
    ks.pred = len(pred_ranges)
    ks.pred_with_topic = sum(bool(t) for t in pred_topics)
    pred_mask = _ranges_mask(len(ctext), pred_ranges)
    gold_mask = _ranges_mask(len(ctext), gold_ranges)
    for (s, e), gtopics in zip(gold_ranges, gold_topics):
        if e > s and sum(pred_mask[s:e]) >= THRESHOLD * (e - s):
            ks.found += 1
            predicted: set[str] = set()
            main: set[str] = set()
            for (ps, pe), ptopics, pmain in zip(pred_ranges, pred_topics, pred_main):
                overlap = min(e, pe) - max(s, ps)
                if overlap > 0 and (overlap >= 0.3 * (e - s) or overlap >= 0.3 * max(pe - ps, 1)):
                    predicted |= ptopics
                    main |= pmain
            ks.topic_tp += len(predicted & gtopics)
            ks.topic_fp += len(predicted - gtopics)
            ks.topic_fn += len(gtopics - predicted)
            ks.main_tp += len(main & gtopics)
            ks.main_fp += len(main - gtopics)
            ks.main_fn += len(gtopics - main)
    for s, e in pred_ranges:
        if e > s and sum(gold_mask[s:e]) >= THRESHOLD * (e - s):
            ks.correct += 1
    return ks
