"""Weaknesses that come back: per body and topic, the years in which the topic is among the problems, and which
commitments of a year answer which of its problems.

Evaluators read a weakness named year after year as a weakness not dealt with; a topic that disappears and
returns, or is still named in the latest report, says more than any single report. Problems and commitments are
aligned by topic (taxonomy §4.1), the same grain on which recurrence is counted.
"""
from __future__ import annotations

import re
from collections import defaultdict

from ..rules_topics import load_topics
from .frames import topic_set
from .rows import RecurringRow
from ..rules_tracking import rules


def _short(text: str, n: int) -> str:
    text = re.sub(r"\s+", "", text or "")
    return text if len(text) <= n else text[:n] + "…"


def _topic_years(ordered: list[int], problems_by_year: dict[int, list[dict]]
                 ) -> tuple[dict[str, list[int]], dict[str, list[str]]]:
    """topic → the years in which it is among the problems, and → a few examples ("2019: 一是…")."""
    r = rules()
    topic_years: dict[str, list[int]] = defaultdict(list)
    examples: dict[str, list[str]] = defaultdict(list)
    for y in ordered:
        seen: set[str] = set()
        for it in problems_by_year[y]:
            for t in sorted(topic_set(it.get("topics"))):
                if t not in seen:
                    seen.add(t)
                    topic_years[t].append(y)
                    if len(examples[t]) < r.n_examples:
                        examples[t].append(f"{y}: {_short(str(it.get('text')), r.example_chars)}")
    return topic_years, examples


def recurring_rows(body: str, ordered: list[int], problems_by_year: dict[int, list[dict]],
                   lexicon: tuple[str, ...] = ()) -> list[RecurringRow]:
    """The topics among one body's problems in at least ``recurring.min_years`` of its years (``ordered``):
    streaks, gaps and whether the topic is still open in the latest report."""
    names = load_topics(list(lexicon))  # parsed once per state of the files: an edit in a notebook counts
    topic_years, examples = _topic_years(ordered, problems_by_year)
    rows = []
    latest = ordered[-1] if ordered else None
    for t in sorted(topic_years):
        ys = topic_years[t]
        if len(ys) < rules().min_years:
            continue
        streak = best = 1
        for a, b in zip(ys, ys[1:]):
            streak = streak + 1 if b == a + 1 else 1
            best = max(best, streak)
        gaps = [y for y in ordered if ys[0] < y < ys[-1] and y not in ys]
        rows.append(RecurringRow(body, t, names.name(t), ";".join(map(str, ys)), len(ys), ys[0], ys[-1], best,
                                 int(ys[-1] == latest), int(bool(gaps)), ";".join(map(str, gaps)),
                                 ";".join(map(str, ordered)), "｜".join(examples[t])))
    return rows


def pair_recurring(problems_n: list[dict], problems_n1: list[dict]) -> set[str]:
    """Topics among the problems of both years (the gold ``recurring_problems`` of a pair)."""
    a = set().union(*[topic_set(p.get("topics")) for p in problems_n]) if problems_n else set()
    b = set().union(*[topic_set(p.get("topics")) for p in problems_n1]) if problems_n1 else set()
    return a & b


def align_problems(problems: list[dict], commitments: list[dict]) -> dict[str, list[str]]:
    """problem item_id → commitment item_ids that answer it (taxonomy §4.1: align by topic).

    Each commitment goes to the problem(s) with which it shares most topics (ties: all of them, so one commitment
    may answer two problems); sharing fewer than ``alignment.min_topic_overlap`` topics it answers nothing. A
    problem that receives nothing has no commitment. (Why not by order: reports add extra commitments and merge
    two problems into one promise, so positions drift; topics do not.)
    """
    minimum = rules().min_topic_overlap
    out: dict[str, list[str]] = {p["item_id"]: [] for p in problems}
    ptopics = [topic_set(p.get("topics")) for p in problems]
    for c in commitments:
        ct = topic_set(c.get("topics"))
        overlaps = [len(ct & pt) for pt in ptopics]
        best = max(overlaps, default=0)
        if best < max(1, minimum):
            continue
        for p, n in zip(problems, overlaps):
            if n == best:
                out[p["item_id"]].append(c["item_id"])
    return out
