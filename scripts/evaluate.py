#!/usr/bin/env python
"""Score zwgk outputs against gold annotations (format: ../shared/corpus-real/GOLD_FORMAT.md).

Usage: scripts/evaluate.py GOLD_DIR OUT_DIR [--json FILE]

- Items, per kind: a gold item is *found* when >= 60% of its characters (whitespace ignored) are covered by
  predicted items of that kind; a predicted item is *correct* when >= 60% of its characters lie inside gold
  items of that kind. Precision = correct / predicted, recall = found / gold, micro-averaged over reports.
- Section headings: for each statutory key of the gold, the predicted heading equals the gold one
  (whitespace ignored; a null gold heading must have no predicted heading).
- Follow-up (when GOLD_DIR/followup/ exists): status accuracy of the gold judgements on three classes
  (reported / partly / not_reported; our `repeated` counts as not_reported) and binary (reported-or-partly vs not),
  and the recurring topics of each pair against the gold `recurring_problems`.
- Topics: on gold items that were found, micro precision and recall of (item, topic) pairs, T00 excluded;
  the predicted topics of a gold item are those of the predicted items of its kind that overlap it (>= 30% of
  either); also the share of predicted problems and commitments with a substantive topic.
Gold files are matched to reports by report_id == file_id, else by (jurisdiction, year). A gold file whose
report was not analysed is listed and counted as all-missed.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
    gold: int = 0
    found: int = 0
    pred: int = 0
    correct: int = 0
    unlocated: int = 0
    topic_tp: int = 0
    topic_fp: int = 0
    topic_fn: int = 0
    pred_with_topic: int = 0

    def add(self, other: "KindScore") -> None:
        for f in ("gold", "found", "pred", "correct", "unlocated", "topic_tp", "topic_fp", "topic_fn", "pred_with_topic"):
            setattr(self, f, getattr(self, f) + getattr(other, f))

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
    report_id: str
    kinds: dict[str, KindScore] = field(default_factory=dict)
    headings_ok: int = 0
    headings_total: int = 0
    heading_errors: list[str] = field(default_factory=list)
    table_ok: int = 0
    table_total: int = 0
    table_errors: list[str] = field(default_factory=list)


# Gold table fields (GOLD_FORMAT.md) → (table, row_key, col_key) of tables.csv.
T3_GOLD = {"new": "new", "carried_in": "carried_in", "disclosed": "disclosed", "partly": "partly_disclosed",
           "total_handled": "total", "carried_out": "carried_out"}
T4_GOLD = [(row, col) for row in ("review", "litigation_direct", "litigation_after_review")
           for col in ("upheld", "corrected", "other", "pending", "total")]


def score_tables(gold: dict, cells: list[dict], rs: "ReportScore") -> None:
    """Every number of the gold tables against tables.csv (a null gold value is not counted)."""
    tables = gold.get("tables") or {}
    got = {(c["table"], c["row_key"], c["col_key"]): c for c in cells}

    def compare(what: str, want, key: tuple[str, str, str]) -> None:
        if want is None:
            return
        rs.table_total += 1
        cell = got.get(key)
        value = cell["value"] if cell else None
        try:
            ok = value not in (None, "") and float(value) == float(want)
        except ValueError:
            ok = False
        if ok:
            rs.table_ok += 1
        else:
            rs.table_errors.append(f"{what}: gold {want}, read {cell['raw'] if cell else None!r}")
    for field_name, row in T3_GOLD.items():
        compare(f"t3 total {field_name}", (tables.get("t3_total_column") or {}).get(field_name), ("t3", row, "total"))
    for (row, col), want in zip(T4_GOLD, tables.get("t4") or []):
        compare(f"t4 {row}/{col}", want, ("t4", row, col))


def _ranges_mask(n: int, ranges: list[tuple[int, int]]) -> bytearray:
    mask = bytearray(n)
    for s, e in ranges:
        mask[max(s, 0):max(min(e, n), 0)] = b"\x01" * max(0, min(e, n) - max(s, 0))
    return mask


def score_report(gold: dict, text: str, items: list[dict], sections: list[dict], report_id: str) -> ReportScore:
    ctext, offsets = compact(text)
    pos = {o: k for k, o in enumerate(offsets)}  # original offset -> compact offset

    def to_compact(s: int, e: int) -> tuple[int, int]:
        cs = next((pos[i] for i in range(s, e) if i in pos), None)
        ce = next((pos[i] + 1 for i in range(e - 1, s - 1, -1) if i in pos), None)
        return (cs, ce) if cs is not None and ce is not None else (0, 0)

    rs = ReportScore(report_id)
    for gkey, kind in KINDS.items():
        ks = KindScore()
        gold_ranges = []
        gold_topics = []
        for g in gold.get(gkey) or []:
            ks.gold += 1
            loc = locate(g["text"], ctext)
            if loc is None:
                ks.unlocated += 1
            else:
                gold_ranges.append(loc)
                gold_topics.append({t for t in g.get("topics") or [] if t != "T00"})
        kind_items = [it for it in items if it["kind"] == kind]
        pred_ranges = [to_compact(int(it["start"]), int(it["end"])) for it in kind_items]
        pred_topics = [{t for t in (it.get("topics") or "").split(";") if t and t != "T00"} for it in kind_items]
        ks.pred = len(pred_ranges)
        ks.pred_with_topic = sum(bool(t) for t in pred_topics)
        pred_mask = _ranges_mask(len(ctext), pred_ranges)
        gold_mask = _ranges_mask(len(ctext), gold_ranges)
        for (s, e), gtopics in zip(gold_ranges, gold_topics):
            if e > s and sum(pred_mask[s:e]) >= THRESHOLD * (e - s):
                ks.found += 1
                predicted: set[str] = set()
                for (ps, pe), ptopics in zip(pred_ranges, pred_topics):
                    overlap = min(e, pe) - max(s, ps)
                    if overlap > 0 and (overlap >= 0.3 * (e - s) or overlap >= 0.3 * max(pe - ps, 1)):
                        predicted |= ptopics
                ks.topic_tp += len(predicted & gtopics)
                ks.topic_fp += len(predicted - gtopics)
                ks.topic_fn += len(gtopics - predicted)
        for s, e in pred_ranges:
            if e > s and sum(gold_mask[s:e]) >= THRESHOLD * (e - s):
                ks.correct += 1
        rs.kinds[kind] = ks
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


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def evaluate(gold_dir: Path, out_dir: Path) -> tuple[list[ReportScore], list[str]]:
    from nlp.runtime.pipeline import load_document

    reports = _read_csv(out_dir / "reports.csv")
    by_report_cells: dict[str, list[dict]] = {}
    if (out_dir / "tables.csv").exists():
        for c in _read_csv(out_dir / "tables.csv"):
            by_report_cells.setdefault(c["report_id"], []).append(c)
    items = _read_csv(out_dir / "items.csv")
    sections = _read_csv(out_dir / "sections.csv")
    by_report_items: dict[str, list[dict]] = {}
    for it in items:
        by_report_items.setdefault(it["report_id"], []).append(it)
    by_report_sections: dict[str, list[dict]] = {}
    for s in sections:
        by_report_sections.setdefault(s["report_id"], []).append(s)
    scores, missing = [], []
    for gpath in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        fid = gold["file_id"]
        matches = [r for r in reports if r["status"] != "error" and
                   (Path(r["path"]).stem == fid or (r["jurisdiction"] == gold.get("jurisdiction")
                                                     and r["year"] == str(gold.get("year"))))]
        if not matches:
            missing.append(fid)
            rs = ReportScore(fid)
            for gkey, kind in KINDS.items():
                rs.kinds[kind] = KindScore(gold=len(gold.get(gkey) or []))
            rs.headings_total = len(gold.get("sections") or {})
            scores.append(rs)
            continue
        for r in matches:
            text = load_document(r["path"]).text
            rs = score_report(gold, text, by_report_items.get(r["report_id"], []),
                              by_report_sections.get(r["report_id"], []), f"{fid} [{Path(r['path']).suffix[1:]}]")
            score_tables(gold, by_report_cells.get(r["report_id"], []), rs)
            scores.append(rs)
    return scores, missing


def summary(scores: list[ReportScore]) -> dict:
    total = {k: KindScore() for k in KINDS.values()}
    ok = tot = 0
    for rs in scores:
        for k, ks in rs.kinds.items():
            total[k].add(ks)
        ok += rs.headings_ok
        tot += rs.headings_total
    out = {k: {"gold": v.gold, "pred": v.pred, "precision": round(v.precision, 3), "recall": round(v.recall, 3),
               "f1": round(v.f1, 3), "unlocated_gold": v.unlocated} for k, v in total.items()}
    out["headings"] = {"correct": ok, "total": tot, "accuracy": round(ok / tot, 3) if tot else 1.0}
    t_ok = sum(rs.table_ok for rs in scores)
    t_tot = sum(rs.table_total for rs in scores)
    out["tables"] = {"correct": t_ok, "total": t_tot, "accuracy": round(t_ok / t_tot, 3) if t_tot else 1.0}
    tp = sum(v.topic_tp for v in total.values())
    fp = sum(v.topic_fp for v in total.values())
    fn = sum(v.topic_fn for v in total.values())
    pc = [total["problem"], total["commitment"]]
    n_pc = sum(v.pred for v in pc)
    out["topics"] = {"precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
                     "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0, "tp": tp, "fp": fp, "fn": fn,
                     "problems_commitments_with_topic": round(sum(v.pred_with_topic for v in pc) / n_pc, 3) if n_pc else 1.0,
                     "by_kind": {k: {"precision": round(v.topic_tp / (v.topic_tp + v.topic_fp), 3) if v.topic_tp + v.topic_fp else 1.0,
                                     "recall": round(v.topic_tp / (v.topic_tp + v.topic_fn), 3) if v.topic_tp + v.topic_fn else 1.0}
                                 for k, v in total.items()}}
    return out


def print_table(scores: list[ReportScore], missing: list[str]) -> None:
    kinds = list(KINDS.values())
    head = f"{'report':34}" + "".join(f"{k[:10]:>20}" for k in kinds) + f"{'headings':>10}"
    print(head)
    print(f"{'':34}" + "".join(f"{'g/p  P    R':>20}" for _ in kinds))
    for rs in scores:
        cells = "".join(f"{ks.gold:>4}/{ks.pred:<3}{ks.precision:5.2f}{ks.recall:5.2f} " for ks in (rs.kinds[k] for k in kinds))
        print(f"{rs.report_id[:34]:34}{cells}{rs.headings_ok:>5}/{rs.headings_total}")
    s = summary(scores)
    print("-" * len(head))
    for k in kinds:
        v = s[k]
        print(f"{k:12} gold {v['gold']:4}  pred {v['pred']:4}  P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}"
              + (f"  (gold not located: {v['unlocated_gold']})" if v["unlocated_gold"] else ""))
    h = s["headings"]
    print(f"headings     {h['correct']}/{h['total']} correct ({h['accuracy']:.3f})")
    t = s["topics"]
    print(f"topics       P {t['precision']:.3f}  R {t['recall']:.3f}  (tp {t['tp']}, fp {t['fp']}, fn {t['fn']}); "
          f"problems+commitments with a substantive topic: {t['problems_commitments_with_topic']:.1%}")
    print("             by kind: " + ", ".join(f"{k} P {v['precision']:.2f} R {v['recall']:.2f}" for k, v in t["by_kind"].items()))
    tb = s["tables"]
    print(f"tables       {tb['correct']}/{tb['total']} gold numbers read right ({tb['accuracy']:.3f})")
    for rs in scores:
        for err in rs.heading_errors:
            print(f"  heading {rs.report_id}: {err}")
        for err in rs.table_errors:
            print(f"  table {rs.report_id}: {err}")
    if missing:
        print("gold without an analysed report: " + ", ".join(missing))


def followup_scores(gold_dir: Path, out_dir: Path) -> dict | None:
    """Follow-up status and recurring topics against GOLD_DIR/followup/*.json, from the CSVs of OUT_DIR."""
    import pandas as pd

    from nlp.crossyear.tracking import score_followup, track

    fdir = gold_dir / "followup"
    if not fdir.is_dir():
        return None

    def frame(name: str) -> pd.DataFrame:
        return pd.read_csv(out_dir / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    reports, items = frame("reports.csv"), frame("items.csv")
    tracking = track(reports, items, frame("sections.csv"), tags=frame("tags.csv"))
    dropped = {d.dropped_report_id for d in tracking.duplicates}  # a report published twice counts once
    return score_followup(fdir, tracking, reports[~reports.report_id.isin(dropped)], items)


def print_followup(f: dict) -> None:
    print(f"follow-up    {f['judgements']} gold judgements: status accuracy {f['status_accuracy_3']:.3f} (3 classes), "
          f"{f['status_accuracy_binary']:.3f} (reported-or-partly vs not); {f['note']}")
    print(f"recurring    {f['recurring_exact']}/{f['recurring_pairs']} pairs exact on our topics "
          f"({f['recurring_exact_on_gold_topics']}/{f['recurring_pairs']} with the gold items' topics)")
    for d in f["details"]:
        if d.get("ours") is not None and d.get("gold") != d.get("ours") and not (d.get("gold") == "not_reported" and d.get("ours") == "repeated"):
            print(f"  follow-up {d.get('pair', '')}: gold {d.get('gold')} ours {d.get('ours')}: {str(d.get('commitment', ''))[:40]}")
    for p in f["pairs"]:
        if "recurring_ok" in p and not p["recurring_ok"]:
            print(f"  recurring {p['pair']}: gold {p['gold_recurring']} ours {p['our_recurring']}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--json", type=Path, help="also write the overall figures as JSON")
    args = ap.parse_args(argv)
    scores, missing = evaluate(args.gold_dir, args.out_dir)
    print_table(scores, missing)
    result = summary(scores)
    f = followup_scores(args.gold_dir, args.out_dir)
    if f is not None:
        print_followup(f)
        result["followup"] = {k: v for k, v in f.items() if k not in ("details", "pairs")}
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
