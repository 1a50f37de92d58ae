#!/usr/bin/env python
"""Score zwgk outputs against gold annotations (format: ../shared/corpus-real/GOLD_FORMAT.md).

Usage: scripts/evaluate.py GOLD_DIR OUT_DIR [--also GOLD_DIR OUT_DIR]... [--json FILE]
       scripts/evaluate.py --forms [--form NAME ...] [--work DIR] [--detail] [--json FILE]

Prints a row per report, the overall figures (items per kind, headings, topics, main topics, tables; follow-up
when GOLD_DIR/followup/ exists) and every error. With follow-up pairs it also prints the follow-up accuracy by
leave-one-series-out cross-validation over the pairs of every GOLD_DIR given (``--also`` adds a gold folder and
the output folder analysed from it), on the pipeline's items and on the gold items. How each figure is
computed: :mod:`nlp.eval`.

``--forms`` runs the form-invariance suite (:mod:`nlp.eval.formsuite`): every gold report of tests/gold/corpus
(from corpus/) and, when present, of ../shared/corpus-real/gold (from its text/ and pdf/) is turned into each form
(plain text, one-line crawl, hard-wrapped with and without a crawler header, page furniture, letter-spaced
headings, GB18030, DOCX by lines and by paragraphs, web page, PDF), analysed, and scored against the same gold:
a table form x figure per gold set.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.eval.crossval import cross_validate, gold_frames, pipeline_frames, with_texts, without_texts  # noqa: E402
from nlp.eval.followup import followup_scores  # noqa: E402 (the checkout is put on the path first)
from nlp.outputs.sinks import read_csv  # noqa: E402
from nlp.eval.printout import print_crossval, print_followup, print_table  # noqa: E402
from nlp.eval.score import evaluate, summary  # noqa: E402

# (name, gold folder, input folders, lexicon files the inputs are analysed with)
GOLD_SETS = [("corpus gold (tests/gold/corpus)", ROOT / "tests" / "gold" / "corpus", [ROOT / "corpus"],
              (str(ROOT / "scripts" / "corpus_src" / "lexicon"),)),
             ("development gold (../shared/corpus-real/gold)", ROOT.parent / "shared" / "corpus-real" / "gold",
              [ROOT.parent / "shared" / "corpus-real" / "text", ROOT.parent / "shared" / "corpus-real" / "pdf"], ())]


def forms_main(args: argparse.Namespace) -> int:
    from nlp.eval.formsuite import print_suite, run_suite, table

    result = {}
    with tempfile.TemporaryDirectory(prefix="zwgk-forms-") as tmp:
        work = args.work or Path(tmp)
        for name, gold_dir, inputs, lexicons in GOLD_SETS:
            if not gold_dir.is_dir():
                print(f"\n{name}: absent, skipped")
                continue
            scores = run_suite(name, gold_dir, inputs, work / gold_dir.parent.name, args.form, lexicons)
            print_suite(scores, args.detail)
            result[name] = table(scores)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path, nargs="?")
    ap.add_argument("out_dir", type=Path, nargs="?")
    ap.add_argument("--also", nargs=2, action="append", type=Path, default=[], metavar=("GOLD_DIR", "OUT_DIR"),
                    help="another gold folder and its output folder, for the follow-up cross-validation")
    ap.add_argument("--json", type=Path, help="also write the overall figures as JSON")
    ap.add_argument("--forms", action="store_true", help="run the form-invariance suite instead")
    ap.add_argument("--form", action="append", help="with --forms: only this form (repeatable)")
    ap.add_argument("--work", type=Path, help="with --forms: keep the generated files in this folder")
    ap.add_argument("--detail", action="store_true", help="with --forms: list each report a form scores worse")
    args = ap.parse_args(argv)
    if args.forms:
        return forms_main(args)
    if args.gold_dir is None or args.out_dir is None:
        ap.error("GOLD_DIR and OUT_DIR are required (or --forms)")
    scores, missing = evaluate(args.gold_dir, args.out_dir)
    print_table(scores, missing)
    result = summary(scores)
    f = followup_scores(args.gold_dir, args.out_dir)
    if f is not None:
        print_followup(f)
        result["followup"] = {k: v for k, v in f.items() if k not in ("details", "pairs")}
        result["followup_cross_validated"] = _cross_validation([(args.gold_dir, args.out_dir), *args.also])
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def _cross_validation(folders: list[tuple[Path, Path]]) -> dict:
    """Leave-one-series-out follow-up accuracy on the pipeline's items and on the gold items, each with N+1's
    items only and with its whole text searched; printed and returned."""
    folders = [(g, o) for g, o in folders if (g / "followup").is_dir()]
    pipeline = [pipeline_frames(g, o) for g, o in folders]
    gold = [gold_frames(g, read_csv(o / "reports.csv")) for g, o in folders]
    out = {}
    for name, sets in (("pipeline_items", pipeline), ("pipeline_items_whole_text", [with_texts(d) for d in pipeline]),
                       ("gold_items", [without_texts(d) for d in gold]), ("gold_items_whole_text", gold)):
        out[name] = cross_validate(sets)
        print_crossval(name, out[name])
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
