"""The form-invariance suite: every gold report in every form (:mod:`.forms`), scored against the same gold.

A gold report's *base* is the analysable text of its published copy (the file the gold was written from, found
by file id or by body and year among the input files). Each form is written to a work folder as
``<form>/<file_id>.<suffix>``, analysed on its own, and scored like any output (:func:`.items.score_report`).
The published copy itself is scored too (row ``published``), so the table shows both what the forms lose
against plain text and what plain text loses against the original. Where the gold has follow-up pairs, the
reports of each form also go through the cross-year stage together and the promise follow-up is scored
(:func:`.followup.score_followup`, the shipped thresholds): a promise judged right as plain text should stay
right as a crawl, a DOCX or a PDF.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import ReadError
from ..read import SUPPORTED
from .forms import Base, forms
from .gold import gold_files
from .items import ReportScore, missed, score_report
from .score import summary

FIGURES = (("problems F1", "problem"), ("commitments F1", "commitment"), ("measures F1", "measure"))
FOLLOWUP = (("follow-up 3-class", "status_accuracy_3"), ("follow-up binary", "status_accuracy_binary"))


@dataclass
class GoldReport:
    """A gold file and the published copy it describes."""

    gold: dict
    path: Path


@dataclass
class FormScores:
    """The scores of one gold set, per form (``published`` first)."""

    name: str
    by_form: dict[str, list[ReportScore]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    followup: dict[str, dict] = field(default_factory=dict)  # form → score_followup's figures


def gold_reports(gold_dir: Path, inputs: list[Path],
                 lexicons: tuple[str, ...] = ()) -> tuple[list[GoldReport], list[str]]:
    """Each gold file with the input file it was written from (same file id, else same body and year; a text
    copy before a PDF), and the file ids without one. ``lexicons``: the user's lexicon files (bodies)."""
    from ..rules import load_rules
    from ..runtime.pipeline import load_document

    rules = load_rules(lexicons)
    found = []
    for folder in inputs:
        paths = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
        for p in paths:
            if p.suffix.lower() not in SUPPORTED:
                continue
            try:
                md = load_document(p, rules).metadata
            except (ReadError, OSError):
                continue
            found.append((p, md.jurisdiction, md.year))
    out, missing = [], []
    for _, gold in gold_files(gold_dir):
        fid = gold["file_id"]
        matches = [p for p, body, year in found if p.stem == fid] or \
                  [p for p, body, year in found if body == gold.get("jurisdiction") and year == gold.get("year")]
        if matches:
            out.append(GoldReport(gold, min(matches, key=lambda p: (p.suffix.lower() == ".pdf", str(p)))))
        else:
            missing.append(fid)
    return out, missing


def base_of(report: GoldReport, lexicons: tuple[str, ...] = ()) -> Base:
    """The plain paragraphs of a gold report's published copy."""
    from ..rules import load_rules
    from ..runtime.pipeline import load_document

    doc = load_document(report.path, load_rules(lexicons))
    title = doc.metadata.title or doc.meta.get("标题", "")
    return Base(report.gold["file_id"], title, tuple(doc.text.split("\n")))


def score_file(gold: dict, path: Path, label: str, lexicons: tuple[str, ...] = (),
               results: list | None = None) -> ReportScore:
    """Analyse one file and score it against its gold (a file that cannot be read misses everything).
    ``results``: where given, the analysis is appended to it (for the follow-up of the form)."""
    from ..runtime.pipeline import analyze_file

    result = analyze_file(path, gold["file_id"], keep_document=True, lexicon_paths=lexicons)
    if results is not None:
        results.append(result)
    if result.document is None:
        rs = missed(gold, label)
        rs.heading_errors.append(f"not read: {result.report.message}")
        return rs
    return score_report(gold, result.document.text, [asdict(i) for i in result.items],
                        [asdict(s) for s in result.sections], label)


def score_form_followup(followup_dir: Path, results: list, lexicons: tuple[str, ...] = ()) -> dict:
    """The promise follow-up of one form's reports (analysed together, as a batch would) against the gold pairs."""
    import pandas as pd

    from ..crossyear.run import run_cross_year
    from ..schema import table as output_table
    from .followup import score_followup

    def frame(name: str, rows) -> pd.DataFrame:
        return pd.DataFrame([asdict(x) for x in rows], columns=list(output_table(name).columns))

    tracking = run_cross_year(results, lexicons)
    res = score_followup(followup_dir, tracking, frame("reports", [r.report for r in results]),
                         frame("items", [i for r in results for i in r.items]))
    return {k: v for k, v in res.items() if k not in ("pairs",)}


def run_suite(name: str, gold_dir: Path, inputs: list[Path], workdir: Path, only: list[str] | None = None,
              lexicons: tuple[str, ...] = ()) -> FormScores:
    """Every form of every gold report of ``gold_dir`` scored; files are written under ``workdir/<form>/``.
    ``lexicons``: the user's lexicon files the inputs are analysed with (e.g. a bodies file)."""
    reports, missing = gold_reports(gold_dir, inputs, lexicons)
    out = FormScores(name, errors=[f"no published copy for gold {fid}" for fid in missing])
    makers = {k: v for k, v in forms().items() if not only or k in only or k == "plain"}  # plain: the reference
    results: dict[str, list] = {}
    out.by_form["published"] = [score_file(r.gold, r.path, f"{r.gold['file_id']} [published]", lexicons,
                                           results.setdefault("published", [])) for r in reports]
    for report in reports:
        base = base_of(report, lexicons)
        for form, make in makers.items():
            try:
                suffix, data = make(base)
            except ImportError as exc:  # python-docx / reportlab absent: the form cannot be made here
                out.errors.append(f"{form}: not made ({exc.name} is not installed)")
                continue
            folder = workdir / form
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{base.file_id}{suffix}"
            path.write_bytes(data)
            out.by_form.setdefault(form, []).append(score_file(report.gold, path, f"{base.file_id} [{form}]",
                                                               lexicons, results.setdefault(form, [])))
    if (gold_dir / "followup").is_dir():
        for form, analysed in results.items():
            out.followup[form] = score_form_followup(gold_dir / "followup", analysed, lexicons)
    return out


def figures(scores: list[ReportScore]) -> dict[str, float]:
    """The suite's figures of one form: problems, commitments and measures F1, and section headings."""
    s = summary(scores)
    out = {label: s[kind]["f1"] for label, kind in FIGURES}
    out["sections"] = s["headings"]["accuracy"]
    return out


def table(result: FormScores) -> list[dict]:
    """One row per form: its figures, and how far its worst figure falls below plain text's."""
    rows = []
    plain = _row(result, "plain") if "plain" in result.by_form else None
    for form in result.by_form:
        row = {"form": form, "reports": len(result.by_form[form]), **_row(result, form)}
        if plain is not None:
            row["worst vs plain"] = round(min(row[k] - plain[k] for k in plain if k in row), 3)
        rows.append(row)
    return rows


def _row(result: FormScores, form: str) -> dict[str, float]:
    """The figures of one form, with its follow-up accuracy where the gold has pairs."""
    row = figures(result.by_form[form])
    followup = result.followup.get(form)
    if followup and followup.get("judgements"):
        row.update({label: followup[key] for label, key in FOLLOWUP})
    return row


def print_suite(result: FormScores, detail: bool = False) -> None:
    """The form x figure table; with ``detail``, every report whose figures fall below its plain-text copy."""
    rows = table(result)
    cols = [label for label, _ in FIGURES] + ["sections"] + \
        [label for label, _ in FOLLOWUP if any(label in row for row in rows)] + ["worst vs plain"]
    print(f"\n{result.name}: {rows[0]['reports'] if rows else 0} gold reports")
    width = {c: max(16, len(c) + 2) for c in cols}
    print(f"{'form':16}" + "".join(f"{c:>{width[c]}}" for c in cols))
    for row in rows:
        print(f"{row['form']:16}" + "".join(f"{row[c]:>{width[c]}.3f}" if c in row else " " * width[c] for c in cols))
    for err in result.errors:
        print(f"  {err}")
    if detail:
        _print_losses(result)


def _print_losses(result: FormScores) -> None:
    plain = {rs.report_id.split(" [")[0]: rs for rs in result.by_form.get("plain", [])}
    for form, scores in result.by_form.items():
        for rs in scores:
            ref = plain.get(rs.report_id.split(" [")[0])
            if ref is None or rs is ref:
                continue
            lost = [f"{k} {ks.found}/{ks.gold} found {ks.correct}/{ks.pred} correct"
                    for k, ks in rs.kinds.items()
                    if (ks.found, ks.correct, ks.pred) != (ref.kinds[k].found, ref.kinds[k].correct, ref.kinds[k].pred)]
            if rs.headings_ok != ref.headings_ok:
                lost.append("; ".join(rs.heading_errors))
            if lost:
                print(f"  {rs.report_id}: " + "; ".join(lost))
    _print_followup_losses(result)


def _print_followup_losses(result: FormScores) -> None:
    """Each judgement a form gets wrong that plain text gets right (status, per form)."""
    plain = {(d["pair"], d["commitment"]): d for d in result.followup.get("plain", {}).get("details", [])}
    for form, res in result.followup.items():
        for d in res.get("details", []):
            ref = plain.get((d["pair"], d["commitment"]))
            if form != "plain" and ref is not None and ref["ok3"] and not d["ok3"]:
                print(f"  follow-up {d['pair']} [{form}]: gold {d['gold']}, ours {d['ours']} "
                      f"(plain: {ref['ours']}): {d['commitment'][:40]}")
