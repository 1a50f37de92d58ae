"""``zwgk``: the command line. A thin layer over :mod:`nlp.api`; imports stay lazy so ``--help`` is instant.

Exit codes: 0 every file analysed (warnings allowed), 1 some files failed (all outputs still written),
2 usage error, 130 interrupted (outputs of the run not written; earlier ones left whole).
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
    a.add_argument("--workers", type=int, default=None, metavar="N", help="parallel worker processes (default: CPU count)")
    a.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                   help="time limit per file; a file that exceeds it becomes an error row (default: 120)")
    a.add_argument("--lexicon", action="append", default=[], metavar="PATH",
                   help="extra topic lexicon file or folder (YAML), adds to or overrides the shipped one; repeatable")
    a.add_argument("--format", choices=("csv", "parquet"), default="csv",
                   help="table format of the outputs (default csv: UTF-8 with BOM, opens in Excel/WPS)")
    a.add_argument("--force", action="store_true", help="re-analyse every file, ignoring the cache of earlier runs")
    a.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local worker processes (default) or a Dask distributed cluster")
    a.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address for --engine dask")
    a.add_argument("--html", action="store_true", help="also write the HTML report (report.html)")
    a.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    sh = sub.add_parser("show", help="write a displaCy view (HTML) of one report with its topic terms highlighted")
    sh.add_argument("file", metavar="FILE")
    sh.add_argument("--out", required=True, metavar="HTML", help="HTML file to write")
    sh.add_argument("--lexicon", action="append", default=[], metavar="PATH")
    rp = sub.add_parser("report", help="write the HTML report (self-contained, works offline) of an output folder")
    rp.add_argument("out_dir", metavar="OUT_DIR", help="an output folder of zwgk analyze")
    rp.add_argument("--out", metavar="HTML", help="HTML file to write (default OUT_DIR/report.html)")
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
    from .api import BatchStats, iter_results, run_key
    from .runtime.cache import CACHE_NAME, ResultCache
    from .errors import UsageError
    from .outputs.folder import Outputs

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
    executor, client = None, None
    if args.engine == "dask":
        if not args.scheduler:
            raise UsageError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        try:
            from distributed import Client
        except ImportError as exc:
            raise UsageError("--engine dask needs the dask extra: pip install 'zwgk-nlp[dask]'") from exc
        try:
            client = Client(args.scheduler, timeout="20s")
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {args.scheduler}: {exc}") from exc
        executor = client.get_executor()
    if args.format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise UsageError("--format parquet needs pyarrow: pip install 'zwgk-nlp[parquet]'") from exc
    stats = BatchStats()
    from .annotate.topics import load_topics

    load_topics(list(args.lexicon))  # an invalid or missing lexicon is a usage error, before anything runs
    digests: dict[str, str] = {}  # every input is hashed once, for the run key and the cache look-up
    key = run_key(args.inputs, out, tuple(args.lexicon), f"{args.format}|{args.html}|{args.timeout}", digests)
    cache = ResultCache(out / CACHE_NAME, "") if (out / CACHE_NAME).exists() else None
    if cache is not None and not args.force and executor is None:
        previous = cache.last_run()
        cache.close(prune=False)
        if previous == key and _outputs_complete(out, args.format, args.html):
            failed = _previous_failures(out, args.format)
            print(f"nothing changed since the last run: the outputs in {out}/ are up to date ({failed} failed files)")
            return 1 if failed else 0
    outputs = Outputs(out, fmt=args.format, lexicon_paths=tuple(args.lexicon))
    try:
        for result in iter_results(args.inputs, workers=args.workers, timeout=args.timeout, exclude=out,
                                   lexicon=args.lexicon, cache_path=out / CACHE_NAME, force=args.force,
                                   executor=executor, stats=stats, progress=_progress(args.quiet),
                                   digests=digests):
            outputs.add(result)
        written = outputs.finish()
    except BaseException:
        outputs.abort()
        raise
    finally:
        if client is not None:
            client.close()
    failed = outputs.failed
    for path, message in outputs.errors:
        sys.stderr.write(f"error: {path}: {message}\n")
    if args.html:
        from .report.html import write_report

        written.append(write_report(out))
    done = ResultCache(out / CACHE_NAME, "")
    done.set_last_run(key)  # every output is written: a re-run with the same key can stop here
    done.close(prune=False)
    n = stats.files
    memory = f", worker peak memory {stats.worker_peak_mb} MB" if stats.worker_peak_mb else ""
    print(f"{n} files, {n - failed} analysed, {failed} failed ({stats.cached} reused from the cache{memory}); "
          f"results in {out}/: " + ", ".join(p.name for p in written))
    return 1 if failed else 0


_OUTPUT_NAMES = ("reports", "sections", "items", "tags", "tables", "checks")


def _outputs_complete(out: Path, fmt: str, html: bool) -> bool:
    from .crossyear.tracking import OUTPUT_FILES

    ext = ".parquet" if fmt == "parquet" else ".csv"
    names = [out / f"{n}{ext}" for n in _OUTPUT_NAMES] + [out / "table_labels.csv"]
    names += [out / fname for fname, _ in OUTPUT_FILES.values()]
    return all(p.exists() for p in names) and (not html or (out / "report.html").exists())


def _previous_failures(out: Path, fmt: str) -> int:
    import pandas as pd

    if fmt == "parquet":
        reports = pd.read_parquet(out / "reports.parquet")
    else:
        reports = pd.read_csv(out / "reports.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return int((reports["status"] == "error").sum())


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


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from .errors import UsageError

    try:
        if args.command == "analyze":
            return cmd_analyze(args)
        if args.command == "report":
            from .report.html import write_report

            print(f"written: {write_report(Path(args.out_dir), Path(args.out) if args.out else None)}")
            return 0
        if args.command == "show":
            return cmd_show(args)
        if args.command == "lexicon":
            from .annotate.lexicon_tools import cmd_lexicon

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
