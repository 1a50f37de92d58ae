"""A whole output folder against a gold folder: every gold report file scored, and the overall figures.

The figures are micro-averages over reports (the sums of all reports' counts), so that a report with many items
weighs as much as its items do.
"""
from __future__ import annotations

from pathlib import Path

from ..runtime.pipeline import load_document
from ..outputs.sinks import read_csv
from .gold import by_report, gold_files, reports_for
from .items import KINDS, KindScore, ReportScore, missed, score_report
from .tables import score_tables


def evaluate(gold_dir: Path, out_dir: Path) -> tuple[list[ReportScore], list[str]]:
    """A score per gold report file and analysed copy of it, and the file ids of gold without a report."""
    reports = read_csv(out_dir / "reports.csv")
    cells = by_report(read_csv(out_dir / "tables.csv")) if (out_dir / "tables.csv").exists() else {}
    items = by_report(read_csv(out_dir / "items.csv"))
    sections = by_report(read_csv(out_dir / "sections.csv"))
    scores, missing = [], []
    for _, gold in gold_files(gold_dir):
        fid = gold["file_id"]
        matches = reports_for(gold, reports)
        if not matches:
            missing.append(fid)
            scores.append(missed(gold, fid))
            continue
        for r in matches:
            text = load_document(r["path"]).text
            rs = score_report(gold, text, items.get(r["report_id"], []), sections.get(r["report_id"], []),
                              f"{fid} [{Path(r['path']).suffix[1:]}]")
            score_tables(gold, cells.get(r["report_id"], []), rs)
            scores.append(rs)
    return scores, missing


def summary(scores: list[ReportScore]) -> dict:
    """The overall figures: items per kind, headings, tables and topics (also written as JSON by the script)."""
    total = {k: KindScore() for k in KINDS.values()}
    ok = tot = 0
    for rs in scores:
        for k, ks in rs.kinds.items():
            total[k].add(ks)
        ok += rs.headings_ok
        tot += rs.headings_total
    out = {k: {"gold": v.gold, "pred": v.pred, "precision": round(v.precision, 3), "recall": round(v.recall, 3),
               "f1": round(v.f1, 3), "unlocated_gold": v.unlocated} for k, v in total.items()}
    out["headings"] = {"correct": ok, "total": tot, "accuracy": _share(ok, tot)}
    t_ok = sum(rs.table_ok for rs in scores)
    t_tot = sum(rs.table_total for rs in scores)
    out["tables"] = {"correct": t_ok, "total": t_tot, "accuracy": _share(t_ok, t_tot),
                     "wrong": sum(rs.table_wrong for rs in scores)}
    tp = sum(v.topic_tp for v in total.values())
    fp = sum(v.topic_fp for v in total.values())
    fn = sum(v.topic_fn for v in total.values())
    pc = [total["problem"], total["commitment"]]
    out["topics"] = {"precision": _share(tp, tp + fp), "recall": _share(tp, tp + fn), "tp": tp, "fp": fp, "fn": fn,
                     "problems_commitments_with_topic": _share(sum(v.pred_with_topic for v in pc),
                                                               sum(v.pred for v in pc)),
                     "by_kind": {k: {"precision": _share(v.topic_tp, v.topic_tp + v.topic_fp),
                                     "recall": _share(v.topic_tp, v.topic_tp + v.topic_fn)}
                                 for k, v in total.items()},
                     "main_by_kind": {k: {"precision": _share(v.main_tp, v.main_tp + v.main_fp),
                                          "recall": _share(v.main_tp, v.main_tp + v.main_fn)}
                                      for k, v in total.items()}}
    return out


def _share(part: int, whole: int) -> float:
    """part / whole to three places; 1.0 when there is nothing to count (nothing can be wrong)."""
    return round(part / whole, 3) if whole else 1.0
