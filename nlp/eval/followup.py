"""Promise follow-up and recurring topics against the gold pairs (``followup/<file_id>_<N>_<N+1>.json``).

Each gold judgement's commitment text is matched to our commitment item of year N (character-bigram overlap, at
least 0.5); its status is compared on three classes (reported / partly / not_reported — our ``repeated`` is
counted as not_reported, since it means nothing in N+1 reports the promise done) and on two (reported-or-partly
vs not). A gold commitment we did not find as an item counts as wrong. Recurring topics: our topics among the
problems of both years vs the gold ``recurring_problems``, set equality per pair.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from ..crossyear.frames import clean_items, records
from ..crossyear.recurring import pair_recurring
from ..crossyear.rows import DuplicateRow, FollowupRow, Tracking
from ..text import similarity as sim
from .gold import find_report, gold_files

THREE_CLASS = {"reported": "reported", "partly": "partly", "not_reported": "not_reported", "repeated": "not_reported"}


def _overlap(a: str, b: str) -> float:
    """Character-bigram containment of the shorter text in the longer (gold text vs our item text)."""
    ga, gb = sim.bigrams(a), sim.bigrams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / min(len(ga), len(gb))


def followup_scores(gold_dir: Path, out_dir: Path) -> dict | None:
    """Follow-up status and recurring topics against GOLD_DIR/followup/*.json, from the files of OUT_DIR as the
    analyzer wrote them (followup.csv and duplicates.csv: what the user gets, whole-report evidence included;
    None when the gold has no follow-up pairs)."""
    fdir = gold_dir / "followup"
    if not fdir.is_dir():
        return None

    def frame(name: str) -> pd.DataFrame:
        return pd.read_csv(out_dir / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    reports, items = frame("reports.csv"), frame("items.csv")
    tracking = Tracking(followup=[FollowupRow(**row) for row in records(frame("followup.csv"))],
                        duplicates=[DuplicateRow(**row) for row in records(frame("duplicates.csv"))])
    dropped = {d.dropped_report_id for d in tracking.duplicates}  # a report published twice counts once
    return score_followup(fdir, tracking, reports[~reports.report_id.isin(dropped)], items)


def score_followup(gold_dir: Path, tracking: Tracking, reports: pd.DataFrame, items: pd.DataFrame) -> dict:
    """Compare follow-up and recurring topics with gold ``followup/*.json`` (format: GOLD_FORMAT.md).

    Gold file names are ``<file_id>_<N>_<N+1>.json``; ``from``/``to`` file ids are matched to our reports by the
    year and by the body of the report whose id (or path) contains the file id, else by the gold report's
    jurisdiction.
    """
    gold_dir = Path(gold_dir)
    reps = records(reports)
    its = clean_items(items)
    followup_by_item = {row.commitment_item_id: row for row in tracking.followup if row.commitment_item_id}
    # a report published twice (text and PDF) is followed up on the copy the series kept
    kept = {d.dropped_report_id: d.kept_report_id for d in tracking.duplicates}
    details = []
    pairs = []
    for path, gold in gold_files(gold_dir):
        src, dst = (_kept(find_report(gold[end], reps, gold_dir), kept) for end in ("from", "to"))
        pair = {"pair": path.stem, "from": src, "to": dst}
        src_items = [it for it in its if str(it["report_id"]) == src and it.get("kind") == "commitment"] if src else []
        details.extend(_judgement(path.stem, j, src_items, followup_by_item) for j in gold.get("judgements", []))
        if "recurring_problems" in gold:
            pair.update(_recurring(gold, src, dst, its, gold_dir))
        pairs.append(pair)
    total = len(details)
    n3 = sum(d["ok3"] for d in details)
    n2 = sum(d["ok2"] for d in details)
    rec = [p for p in pairs if "recurring_ok" in p]
    return {
        "judgements": total,
        "status_accuracy_3": round(n3 / total, 3) if total else None,
        "status_accuracy_binary": round(n2 / total, 3) if total else None,
        "recurring_pairs": len(rec),
        "recurring_exact": sum(p["recurring_ok"] for p in rec),
        "recurring_accuracy": round(sum(p["recurring_ok"] for p in rec) / len(rec), 3) if rec else None,
        "recurring_exact_on_gold_topics": sum(bool(p.get("recurring_ok_on_gold_topics")) for p in rec),
        "note": "3-class: our 'repeated' counts as not_reported",
        "details": details,
        "pairs": pairs,
    }


def _kept(report_id: str | None, kept: dict[str, str]) -> str | None:
    """The report the series kept in place of ``report_id`` (itself when it was not dropped as a duplicate)."""
    return kept.get(report_id, report_id) if report_id else report_id


def _judgement(pair: str, j: dict, src_items: list[dict], followup_by_item: dict[str, FollowupRow]) -> dict:
    """One gold judgement against our row for the commitment item that best matches its text."""
    best, best_s = None, 0.0
    for it in src_items:
        s = _overlap(j["commitment"], str(it.get("text") or ""))
        if s > best_s:
            best, best_s = it, s
    row = followup_by_item.get(str(best["item_id"])) if best is not None and best_s >= 0.5 else None
    ours = row.status if row is not None else None
    gold3 = j["status"]
    our3 = THREE_CLASS.get(ours or "", "missing")
    return {"pair": pair, "commitment": j["commitment"][:60], "gold": gold3, "ours": ours,
            "ok3": our3 == gold3,
            "ok2": (our3 in ("reported", "partly")) == (gold3 in ("reported", "partly")) and our3 != "missing",
            "item_id": row.commitment_item_id if row else None,
            "match": round(best_s, 2), "score": row.score if row else None,
            "evidence": (row.evidence_text[:80] if row else ""), "reason": row.reason if row else ""}


def _recurring(gold: dict, src: str | None, dst: str | None, its: list[dict], gold_dir: Path) -> dict[str, Any]:
    """Our recurring topics of a pair against the gold ones; also on the gold items' own topics, which separates
    the recurrence logic from tagging."""
    ours_rec: set[str] | None = None
    if src and dst:
        pa = [it for it in its if str(it["report_id"]) == src and it.get("kind") == "problem"]
        pb = [it for it in its if str(it["report_id"]) == dst and it.get("kind") == "problem"]
        ours_rec = pair_recurring(pa, pb)
    gold_rec = set(gold["recurring_problems"])
    out: dict[str, Any] = dict(gold_recurring=sorted(gold_rec),
                               our_recurring=sorted(ours_rec) if ours_rec is not None else None,
                               recurring_ok=ours_rec == gold_rec)
    ga, gb = gold_dir.parent / f"{gold['from']}.json", gold_dir.parent / f"{gold['to']}.json"
    if ga.exists() and gb.exists():
        pa = [{"topics": ";".join(p["topics"])} for p in json.loads(ga.read_text(encoding="utf-8"))["problems"]]
        pb = [{"topics": ";".join(p["topics"])} for p in json.loads(gb.read_text(encoding="utf-8"))["problems"]]
        out["recurring_ok_on_gold_topics"] = pair_recurring(pa, pb) == gold_rec
    return out
