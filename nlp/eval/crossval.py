"""Follow-up accuracy by leave-one-series-out cross-validation over the development pairs.

The follow-up thresholds (``lexicons/tracking.yaml``) were chosen on the development pairs, so the accuracy on
those pairs is a fit, not a measure. Here each series (the pairs of one body) is held out in turn: the
thresholds of :data:`GRID` are chosen on the judgements of the other series (best 3-class + binary accuracy, the
shipped values first among equals) and the held-out series is scored with them. The figure reported is the sum
over held-out series.

Two inputs: the pipeline's own items (what ``followup.csv`` gives), and the gold items with their gold topics
(:func:`gold_frames`), which measures the decision apart from item extraction and tagging. Pairs in which N+1
copies N's text (series flag ``near_duplicate_*``) are their own stratum: there the guideline takes copied
sentences at face value while the analyzer does not (``copied_evidence``).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..rules_tracking import refresh, rules, trying
from ..crossyear.run import track
from ..text.lists import split_list
from .followup import score_followup
from .gold import gold_files, reports_for
from .items import KINDS, compact, locate

# The thresholds cross-validation chooses among (each with the shipped value among its candidates).
GRID: dict[str, tuple[float, ...]] = {
    "decision.min_action_coverage": (0.5, 0.6, 0.75),
    "decision.min_list_coverage": (0.3, 0.45, 0.6),
    "partly_min_score": (0.2, 0.25, 0.3),
}
COPIED_FLAGS = ("near_duplicate_problems", "near_duplicate_overview")


@dataclass
class DevSet:
    """One folder of development pairs with the frames the cross-year stage reads."""

    followup_dir: Path
    reports: pd.DataFrame
    items: pd.DataFrame
    sections: pd.DataFrame | None = None
    tags: pd.DataFrame | None = None
    texts: dict[str, str] | None = None  # given: N+1's whole text is searched for evidence
    tables: pd.DataFrame | None = None  # given (tables.csv): promises on counted things are compared by figures


@dataclass
class Judged:
    """One gold judgement as scored under one setting of the thresholds."""

    series: str
    pair: str
    copied: bool
    ok3: bool
    ok2: bool
    detail: dict = field(default_factory=dict)


def _series_of(pair: str) -> str:
    """The series of a pair file ``<body>_<N>_<N+1>``."""
    return pair.rsplit("_", 2)[0]


def judge_all(sets: list[DevSet], thresholds: dict[str, float] | None = None) -> list[Judged]:
    """Every gold judgement of the development sets, scored with the given thresholds (the shipped ones by
    default)."""
    out: list[Judged] = []
    with trying(thresholds or {}):
        for dev in sets:
            tr = track(dev.reports, dev.items, dev.sections, texts=dev.texts, tags=dev.tags, tables=dev.tables)
            flagged = {s.report_id for s in tr.series if set(split_list(s.flags)) & set(COPIED_FLAGS)}
            res = score_followup(dev.followup_dir, tr, dev.reports, dev.items)
            copied_pairs = {p["pair"] for p in res["pairs"] if p.get("to") in flagged}
            out.extend(Judged(_series_of(d["pair"]), d["pair"], d["pair"] in copied_pairs, d["ok3"], d["ok2"], d)
                       for d in res["details"])
    return out


def _grid() -> list[dict[str, float]]:
    """Every setting of :data:`GRID`, the shipped values first."""
    shipped = {k: _shipped(k) for k in GRID}
    points = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]
    return [shipped] + [p for p in points if p != shipped]


def _shipped(name: str) -> float:
    r = rules()
    return r.decision[name.split(".", 1)[1]] if name.startswith("decision.") else getattr(r, name)


def _accuracy(js: list[Judged]) -> dict[str, Any]:
    n = len(js)
    return {"judgements": n, "accuracy_3": round(sum(j.ok3 for j in js) / n, 3) if n else None,
            "accuracy_binary": round(sum(j.ok2 for j in js) / n, 3) if n else None}


def cross_validate(sets: list[DevSet]) -> dict[str, Any]:
    """Leave-one-series-out accuracy (all pairs, and per stratum: copied-text pairs and the others), the
    thresholds chosen for each held-out series, and the fit of the shipped thresholds for comparison."""
    refresh()  # the grid starts from tracking.yaml as it is now
    grid = _grid()
    runs = [judge_all(sets, point) for point in grid]
    series = sorted({j.series for j in runs[0]})
    held: list[Judged] = []
    chosen = {}
    for s in series:
        def train_score(k: int) -> tuple[int, int]:
            train = [j for j in runs[k] if j.series != s]
            return sum(j.ok3 for j in train) + sum(j.ok2 for j in train), -k  # shipped (k=0) first among equals
        best = max(range(len(grid)), key=train_score)
        chosen[s] = grid[best]
        held.extend(j for j in runs[best] if j.series == s)
    fit = runs[0]
    return {
        "cross_validated": _accuracy(held),
        "copied_pairs": _accuracy([j for j in held if j.copied]),
        "other_pairs": _accuracy([j for j in held if not j.copied]),
        "fit_shipped_thresholds": _accuracy(fit),
        "chosen": chosen,
        "by_series": {s: _accuracy([j for j in held if j.series == s]) for s in series},
        "errors": [{"pair": j.pair, "copied": j.copied, **{k: j.detail[k] for k in ("gold", "ours", "commitment")},
                    "reason": j.detail.get("reason", "")[:160]} for j in held if not j.ok3],
    }


def gold_frames(gold_dir: Path, out_reports: list[dict]) -> DevSet:
    """The gold reports of ``gold_dir`` as the frames the cross-year stage reads: the gold items (with their gold
    topics, located in the report text where it can be read), and each report's text. ``out_reports``: rows of
    an output folder's reports.csv, which give the file of each gold report."""
    from ..runtime.pipeline import load_document

    reps, items, texts = [], [], {}
    for _, g in gold_files(gold_dir):
        fid = g["file_id"]
        copies = reports_for(g, out_reports)
        text = load_document(copies[0]["path"]).text if copies else ""
        texts[fid] = text
        reps.append({"report_id": fid, "path": fid, "status": "ok", "jurisdiction": g.get("jurisdiction"),
                     "year": g.get("year"), "n_chars": len(text), "sha256": fid})
        ctext, offsets = compact(text)
        for key, kind in KINDS.items():
            for n, it in enumerate(g.get(key) or [], 1):
                loc = locate(it["text"], ctext)
                start = offsets[loc[0]] if loc else len(text)
                items.append({"item_id": f"{fid}:{kind[0]}{n}", "report_id": fid, "kind": kind, "text": it["text"],
                              "topics": ";".join(it.get("topics") or []), "start": start, "seq": n, "label": ""})
    return DevSet(gold_dir / "followup", pd.DataFrame(reps), pd.DataFrame(items), texts=texts)


def pipeline_frames(gold_dir: Path, out_dir: Path) -> DevSet:
    """The pipeline's outputs of ``out_dir`` for the pairs of ``gold_dir/followup`` (items only as evidence, as
    ``followup.csv`` is written)."""
    def frame(name: str) -> pd.DataFrame:
        return pd.read_csv(out_dir / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return DevSet(gold_dir / "followup", frame("reports.csv"), frame("items.csv"), frame("sections.csv"),
                  frame("tags.csv"), tables=frame("tables.csv"))


def with_texts(dev: DevSet) -> DevSet:
    """The same set with each analysed report's whole text (read again from its file), so that the evidence
    search covers all of N+1, as the analyzer's own follow-up does."""
    from ..runtime.pipeline import load_document

    texts = {str(r["report_id"]): load_document(str(r["path"])).text
             for _, r in dev.reports.iterrows() if r.get("status") == "ok" and Path(str(r["path"])).is_file()}
    return DevSet(dev.followup_dir, dev.reports, dev.items, dev.sections, dev.tags, texts, dev.tables)


def without_texts(dev: DevSet) -> DevSet:
    """The same set with N+1's evidence taken from its items only."""
    return DevSet(dev.followup_dir, dev.reports, dev.items, dev.sections, dev.tags, None, dev.tables)
