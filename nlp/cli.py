"""``zwgk``: the command line. A thin layer over :mod:`nlp.api`; imports stay lazy so ``--help`` is instant.

Exit codes: 0 every file analysed (warnings allowed), 1 some files failed (all outputs still written),
2 usage error or anything else the user must fix (one line), 130 interrupted by Ctrl-C, 143 terminated by SIGTERM
(outputs of the run not written; earlier ones left whole).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


class _Version(argparse.Action):
    """``--version``: the version is read from package metadata only when asked (not at every start)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from .distribution import version

        print(f"{parser.prog} {version()}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="zwgk",
        description="Analyse Chinese government information-disclosure annual reports (政府信息公开工作年度报告).")
    p.add_argument("--version", action=_Version, help="show the installed version and exit")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    a = sub.add_parser("analyze", help="analyse report files and folders, write CSV outputs",
                       description="Read every report under INPUT (files or folders, recursively) and write "
                                   "reports.csv (and the other outputs) to --out DIR.")
    a.add_argument("inputs", nargs="+", metavar="INPUT", help="report files or folders")
    a.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    a.add_argument("--workers", type=int, default=None, metavar="N",
                   help="parallel worker processes (default: CPU count); with fewer workers than cores the main "
                        "process also encodes results and shares the cross-year stage")
    a.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                   help="time limit per file; a file that exceeds it becomes an error row (default: 120)")
    a.add_argument("--lexicon", action="append", default=[], metavar="PATH",
                   help="extra topic lexicon file or folder (YAML), adds to or overrides the shipped one; a file "
                        "named bodies*.yaml or *bodies.yaml adds reporting bodies and aliases; repeatable")
    a.add_argument("--format", choices=("csv", "parquet"), default="csv",
                   help="table format of the outputs (default csv: UTF-8 with BOM, opens in Excel/WPS)")
    a.add_argument("--force", action="store_true", help="re-analyse every file, ignoring the cache of earlier runs")
    a.add_argument("--retry-failed", action="store_true",
                   help="analyse again the files that failed in earlier runs (unchanged failed files are not retried)")
    a.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local worker processes (default) or a Dask distributed cluster")
    a.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address for --engine dask")
    a.add_argument("--pdf-reader", choices=("pdfium", "pdfminer"), default="pdfium",
                   help="PDF reader asked first (default pdfium: fast; pdfminer: pure Python, about 6x slower); "
                        "the other is asked where the first finds no legible text")
    a.add_argument("--html", action="store_true", help="also write the HTML report (report.html)")
    a.add_argument("--xlsx", action="store_true", help="also write the Excel workbook (zwgk.xlsx; needs the xlsx extra)")
    a.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    sh = sub.add_parser("show", help="write a displaCy view (HTML) of one report with its topic terms highlighted")
    sh.add_argument("file", metavar="FILE")
    sh.add_argument("--out", required=True, metavar="HTML", help="HTML file to write")
    sh.add_argument("--lexicon", action="append", default=[], metavar="PATH")
    rp = sub.add_parser("report", help="write the HTML report (self-contained, works offline) of an output folder")
    rp.add_argument("out_dir", metavar="OUT_DIR", help="an output folder of zwgk analyze")
    rp.add_argument("--out", metavar="HTML", help="HTML file to write (default OUT_DIR/report.html)")
    ex = sub.add_parser("export", help="write the outputs of a folder in another form (the Excel workbook)")
    exsub = ex.add_subparsers(dest="export_format", required=True, metavar="FORMAT")
    xl = exsub.add_parser("xlsx", help="the workbook zwgk.xlsx: one sheet per output, Chinese headers (xlsx extra)")
    xl.add_argument("out_dir", metavar="OUT_DIR", help="an output folder of zwgk analyze")
    xl.add_argument("--out", metavar="XLSX", help="workbook to write (default OUT_DIR/zwgk.xlsx)")
    lx = sub.add_parser("lexicon", help="check the lexicons, or find candidate terms for the topic lexicon")
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
        if _terminating:
            raise _Terminated()
        failures += result.report.status == "error"
        if quiet:
            return
        elapsed = time.monotonic() - start
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else 0.0
        line = f"[{done}/{total}] {failures} failed, {rate:.1f} files/s, ETA {eta:.0f} s"
        if tty:
            width = 24
            filled = int(width * done / total) if total else width
            line = "[" + "#" * filled + "." * (width - filled) + "] " + line
            end = "\n" if done == total else ""
            sys.stderr.write(f"\r{line}\033[K{end}")
        else:
            r = result.report
            status = r.status if r.status == "ok" else f"{r.status}: {r.message}"
            sys.stderr.write(f"{line} | {r.path}: {status}\n")
        sys.stderr.flush()

    return show


def cmd_analyze(args: argparse.Namespace) -> int:
    from .api import analyze_to
    from .errors import UsageError

    if args.engine == "dask" and not args.scheduler:
        raise UsageError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    out = Path(args.out)
    run = analyze_to(args.inputs, out, workers=args.workers, timeout=args.timeout, lexicon=args.lexicon,
                     fmt=args.format, html=args.html, xlsx=args.xlsx, force=args.force,
                     retry_failed=args.retry_failed, scheduler=args.scheduler if args.engine == "dask" else None,
                     pdf_reader=args.pdf_reader, progress=_progress(args.quiet))
    for note in run.notes:
        sys.stderr.write(f"zwgk: note: {note}\n")
    if run.up_to_date:
        print(f"nothing changed since the last run: the outputs in {out}/ are up to date ({run.failed} failed files)")
        return 1 if run.failed else 0
    for path, message in run.errors:
        sys.stderr.write(f"error: {path}: {message}\n")
    memory = f", worker peak memory {run.worker_peak_mb} MB" if run.worker_peak_mb else ""
    if run.bodies_reused:
        memory = f", and the cross-year results of {run.bodies_reused} of {run.bodies} bodies" + memory
    print(f"{run.files} files, {run.analysed} analysed, {run.failed} failed ({run.cached} reused from the cache{memory}); "
          f"results in {out}/: " + ", ".join(p.name for p in run.written))
    return 1 if run.failed else 0


def cmd_show(args: argparse.Namespace) -> int:
    from .spacy.display import render_report
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


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that a terminated run unwinds like an interrupted one."""


_terminating = False


def _on_sigterm(signum: int, frame: object) -> None:
    # Raised wherever the main thread is; where Python swallows it (a __del__, an at-fork handler) the flag
    # stays, and the next result raises it again (see _progress).
    global _terminating
    _terminating = True
    raise _Terminated()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    import signal
    import threading

    global _terminating
    _terminating = False
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _dispatch(parser, args)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from .errors import UsageError

    try:
        if args.command == "analyze":
            return cmd_analyze(args)
        if args.command == "report":
            from .report import write_report

            print(f"written: {write_report(Path(args.out_dir), Path(args.out) if args.out else None)}")
            return 0
        if args.command == "show":
            return cmd_show(args)
        if args.command == "export":
            from .outputs.xlsx import write_workbook

            print(f"written: {write_workbook(Path(args.out_dir), Path(args.out) if args.out else None)}")
            return 0
        if args.command == "lexicon":
            from .annotate.lexicon_tools import cmd_lexicon

            return cmd_lexicon(args)
    except UsageError as exc:
        sys.stderr.write(f"zwgk: error: {exc}\n")
        return 2
    except OSError as exc:  # a file the command was told to write or read (zwgk report/show/lexicon)
        sys.stderr.write(f"zwgk: error: {exc.filename or ''}: {exc.strerror or exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("zwgk: interrupted; outputs already written are complete, others were not written\n")
        return 130
    except _Terminated:
        sys.stderr.write("zwgk: terminated; outputs already written are complete, others were not written\n")
        return 143
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
