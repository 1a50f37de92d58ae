"""The scores as the evaluation script prints them: a row per report, the overall figures, then every error.

Errors are listed one per line (heading, table number, follow-up status, recurring topics) because the point of
the printout is to show where to look next, not only how far the figures are from the targets.
"""
from __future__ import annotations

from .items import KINDS, ReportScore
from .score import summary


def print_table(scores: list[ReportScore], missing: list[str]) -> None:
    """Items and headings per report, the overall figures, and each heading and table error."""
    kinds = list(KINDS.values())
    head = f"{'report':34}" + "".join(f"{k[:10]:>20}" for k in kinds) + f"{'headings':>10}"
    print(head)
    print(f"{'':34}" + "".join(f"{'g/p  P    R':>20}" for _ in kinds))
    for rs in scores:
        cells = "".join(f"{ks.gold:>4}/{ks.pred:<3}{ks.precision:5.2f}{ks.recall:5.2f} "
                        for ks in (rs.kinds[k] for k in kinds))
        print(f"{rs.report_id[:34]:34}{cells}{rs.headings_ok:>5}/{rs.headings_total}")
    s = summary(scores)
    print("-" * len(head))
    for k in kinds:
        v = s[k]
        print(f"{k:12} gold {v['gold']:4}  pred {v['pred']:4}  P {v['precision']:.3f}  R {v['recall']:.3f}  "
              f"F1 {v['f1']:.3f}"
              + (f"  (gold not located: {v['unlocated_gold']})" if v["unlocated_gold"] else ""))
    h = s["headings"]
    print(f"headings     {h['correct']}/{h['total']} correct ({h['accuracy']:.3f})")
    t = s["topics"]
    print(f"topics       P {t['precision']:.3f}  R {t['recall']:.3f}  (tp {t['tp']}, fp {t['fp']}, fn {t['fn']}); "
          f"problems+commitments with a substantive topic: {t['problems_commitments_with_topic']:.1%}")
    print("             by kind: " + ", ".join(f"{k} P {v['precision']:.2f} R {v['recall']:.2f}"
                                           for k, v in t["by_kind"].items()))
    print("main topics  by kind: " + ", ".join(f"{k} P {v['precision']:.2f} R {v['recall']:.2f}"
                                             for k, v in t["main_by_kind"].items()))
    tb = s["tables"]
    print(f"tables       {tb['correct']}/{tb['total']} gold numbers read right ({tb['accuracy']:.3f}), "
          f"{tb['wrong']} read as another number")
    for rs in scores:
        for err in rs.heading_errors:
            print(f"  heading {rs.report_id}: {err}")
        for err in rs.table_errors:
            print(f"  table {rs.report_id}: {err}")
    if missing:
        print("gold without an analysed report: " + ", ".join(missing))


def print_followup(f: dict) -> None:
    """The follow-up figures of :func:`nlp.eval.followup.followup_scores`, and each wrong status or pair."""
    print(f"follow-up    {f['judgements']} gold judgements: status accuracy {f['status_accuracy_3']:.3f} (3 classes), "
          f"{f['status_accuracy_binary']:.3f} (reported-or-partly vs not); {f['note']}")
    print(f"recurring    {f['recurring_exact']}/{f['recurring_pairs']} pairs exact on our topics "
          f"({f['recurring_exact_on_gold_topics']}/{f['recurring_pairs']} with the gold items' topics)")
    for d in f["details"]:
        if d["ours"] is not None and not d["ok3"]:  # a status we gave that is wrong (not one we did not give)
            print(f"  follow-up {d['pair']}: gold {d['gold']} ours {d['ours']}: {d['commitment'][:40]}")
    for p in f["pairs"]:
        if "recurring_ok" in p and not p["recurring_ok"]:
            print(f"  recurring {p['pair']}: gold {p['gold_recurring']} ours {p['our_recurring']}")


def print_crossval(name: str, cv: dict) -> None:
    """The cross-validated follow-up accuracy of :func:`nlp.eval.crossval.cross_validate` on one input."""
    def fig(a: dict) -> str:
        if not a["judgements"]:
            return "no judgements"
        return f"{a['accuracy_3']:.3f} (3 classes), {a['accuracy_binary']:.3f} (binary) on {a['judgements']}"
    print(f"follow-up cross-validated (leave one series out), {name.replace('_', ' ')}: {fig(cv['cross_validated'])}")
    print(f"             copied-text pairs {fig(cv['copied_pairs'])}; other pairs {fig(cv['other_pairs'])}; "
          f"fit of the shipped thresholds {fig(cv['fit_shipped_thresholds'])}")
