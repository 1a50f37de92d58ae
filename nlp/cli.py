"""``zwgk``: the command line. A thin layer over :mod:`nlp.api`; imports stay lazy so ``--help`` is instant.

Exit codes: 0 every file analysed (warnings allowed), 1 some files failed (all outputs still written),
2 usage error.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="zwgk",
        description="Analyse Chinese government information-disclosure annual reports (政府信息公开工作年度报告).")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    a = sub.add_parser("analyze", help="analyse report files and folders, write CSV outputs",
                       description="Read every report under INPUT (files or folders, recursively) and write "
                                   "reports.csv (and the other outputs) to --out DIR.")
    a.add_argument("inputs", nargs="+", metavar="INPUT", help="report files or folders")
    a.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    a.add_argument("--workers", type=int, default=None, metavar="N", help="parallel worker processes (default: CPU count)")
    a.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                   help="time limit per file; a file that exceeds it becomes an error row (default: 120)")
    a.add_argument("--lexicon", action="append", default=[], metavar="PATH",
                   help="extra topic lexicon file or folder (YAML), adds to or overrides the shipped one; repeatable")
    a.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    sh = sub.add_parser("show", help="write a displaCy view (HTML) of one report with its topic terms highlighted")
    sh.add_argument("file", metavar="FILE")
    sh.add_argument("--out", required=True, metavar="HTML", help="HTML file to write")
    sh.add_argument("--lexicon", action="append", default=[], metavar="PATH")
    lx = sub.add_parser("lexicon", help="check the topic lexicon, or find candidate terms for it")
    lsub = lx.add_subparsers(dest="lexicon_command", required=True, metavar="ACTION")
    chk = lsub.add_parser("check", help="validate the lexicon (shipped, or the folder/files given)")
    chk.add_argument("paths", nargs="*", metavar="DIR", help="lexicon folder(s) or files to check in addition")
    cov = lsub.add_parser("coverage", help="items without a substantive topic, and candidate terms")
    cov.add_argument("out_dir", metavar="OUT_DIR", help="an output folder of zwgk analyze")
    cov.add_argument("--top", type=int, default=40, help="number of candidate terms to list (default 40)")
    return p


def _progress(quiet: bool):
    start = time.monotonic()
    tty = sys.stderr.isatty()
    failures = 0

    def show(result, done: int, total: int) -> None:
        nonlocal failures
        failures += result.report.status == "error"
        if quiet:
            return
        elapsed = time.monotonic() - start
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else 0.0
        line = f"[{done}/{total}] {failures} failed, {rate:.1f} files/s, ETA {eta:.0f} s"
        if tty:
            end = "\n" if done == total else ""
            sys.stderr.write(f"\r{line}\033[K{end}")
        else:
            r = result.report
            status = r.status if r.status == "ok" else f"{r.status}: {r.message}"
            sys.stderr.write(f"{line} | {r.path}: {status}\n")
        sys.stderr.flush()

    return show


def cmd_analyze(args: argparse.Namespace) -> int:
    from .api import analyze
    from .errors import UsageError
    from .export import write_csv
    from .items import ITEM_COLUMNS
    from .pipeline import REPORT_COLUMNS, SECTION_COLUMNS
    from .checks import CHECK_COLUMNS
    from .tables import TABLE_COLUMNS, label_lookup
    from .tags import TAG_COLUMNS

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    for item in args.inputs:
        if not Path(item).exists():
            raise UsageError(f"input not found: {item}")
    result = analyze(args.inputs, workers=args.workers, timeout=args.timeout, exclude=out,
                     lexicon=args.lexicon, progress=_progress(args.quiet))
    out.mkdir(parents=True, exist_ok=True)
    n = write_csv(out / "reports.csv", REPORT_COLUMNS, (r.report for r in result.results))
    write_csv(out / "sections.csv", SECTION_COLUMNS, (s for r in result.results for s in r.sections))
    write_csv(out / "items.csv", ITEM_COLUMNS, (i for r in result.results for i in r.items))
    write_csv(out / "tags.csv", TAG_COLUMNS, (t for r in result.results for t in r.tags))
    write_csv(out / "tables.csv", TABLE_COLUMNS, (c for r in result.results for c in r.cells))
    write_csv(out / "checks.csv", CHECK_COLUMNS,
              [c for r in result.results for c in r.checks] + list(result.cross_year_checks))
    write_csv(out / "table_labels.csv", ["table", "axis", "key", "label"], label_lookup())
    failed = result.failed
    for r in result.results:
        if r.report.status == "error":
            sys.stderr.write(f"error: {r.report.path}: {r.report.message}\n")
    print(f"{n} files, {n - failed} analysed, {failed} failed; results in {out}/ (reports, sections, items, tags, tables, checks .csv)")
    return 1 if failed else 0


def cmd_show(args: argparse.Namespace) -> int:
    from .display import render_report
    from .errors import ReadError, UsageError

    out = Path(args.out)
    if out.exists() and out.is_dir():
        raise UsageError(f"--out {out} is a folder; give an .html file name")
    try:
        html = render_report(args.file, tuple(args.lexicon))
    except ReadError as exc:
        sys.stderr.write(f"error: {args.file}: {exc}\n")
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    print(f"written: {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from .errors import UsageError

    try:
        if args.command == "analyze":
            return cmd_analyze(args)
        if args.command == "show":
            return cmd_show(args)
        if args.command == "lexicon":
            from .lexicon_tools import cmd_lexicon

            return cmd_lexicon(args)
    except UsageError as exc:
        sys.stderr.write(f"zwgk: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("zwgk: interrupted; outputs already written are complete, others were not written\n")
        return 130
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
