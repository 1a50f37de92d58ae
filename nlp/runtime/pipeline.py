"""One report, end to end: a pure function of (file, lexicons, pipeline version) → :class:`ReportResult`.

A file that cannot be read becomes a result with ``status="error"`` and a message naming the reason; an
unexpected failure in a later stage is turned into an error row by :func:`nlp.runtime.batch.analyze_task`, so a batch
always goes on.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..read.pdf import DEFAULT_READER
from ..read.document import Document
from ..errors import ReadError
from ..read.files import read_regular, shown_path
from ..rules import Rules, load_rules
from ..schema import ReportRow, SectionRow

PIPELINE_VERSION = "1"

@dataclass
class ReportResult:
    """Everything the per-report stages produce for one file."""

    report: ReportRow
    document: Document | None = None
    sections: list[SectionRow] = field(default_factory=list)
    items: list = field(default_factory=list)  # list[nlp.annotate.items.Item]
    tags: list = field(default_factory=list)  # list[nlp.annotate.tags.Tag]
    cells: list = field(default_factory=list)  # list[nlp.tables.Cell]
    checks: list = field(default_factory=list)  # list[nlp.checks.check.Check]
    verdicts: list = field(default_factory=list)  # list[nlp.scorecard.rows.Verdict]: the per-report indicators
    text: str = ""  # the analysable text (doc.text), kept without the document: the cross-year stage searches
    # next year's whole report for evidence of a promise kept, and tells sentences copied from last year's

    def __reduce__(self) -> tuple:
        """Pickled as plain values (:func:`nlp.runtime.serialise.result_values`): 0.3 instead of 0.5–0.9 ms to
        pickle and 0.3 instead of 1.1 ms to unpickle a report's result, which every worker sends its parent."""
        from .serialise import result_from_values, result_values

        return result_from_values, result_values(self)


def load_document(path: str | Path, rules: Rules | None = None, pdf_reader: str = DEFAULT_READER,
                  data: bytes | None = None) -> Document:
    """Read, normalise and describe one file (raises ReadError); ``pdf_reader``, ``data``: see
    :func:`nlp.read.read`."""
    from ..read.metadata import extract_metadata
    from ..read.normalise import normalise
    from ..read import read

    rules = rules or load_rules()
    doc = normalise(read(path, rules, pdf_reader, data), rules)
    if not doc.text.strip():
        raise ReadError("no text after removing layout artefacts")
    extract_metadata(doc, rules)
    return doc


def annotate(doc: Document, report_id: str, rules: Rules | None = None) -> tuple[list, list, list]:
    """Sections, items (with topics and vagueness) and tags of one report.

    The same steps as the spaCy components ``zwgk_sections`` → ``zwgk_items`` → ``zwgk_topics``, called directly:
    a spaCy Doc of character tokens costs about as much as the three steps together and the batch needs only
    the rows, so the Doc is built only where spans are wanted (:func:`spacy_pipeline`, ``zwgk show``).
    """
    from ..annotate.items import extract_items
    from ..annotate.sections import find_sections
    from ..annotate.tags import tag_items, tagger_of
    from ..annotate.vague import mark_vague

    rules = rules or load_rules()
    sections = find_sections(doc.text, rules)
    items = extract_items(doc, sections, report_id, rules)
    tags = tag_items(tagger_of(rules.topics), doc.text, items)
    mark_vague(items)
    return sections, items, tags


_WARM_UP_TEXT = ("一、总体情况\n本机关全面推进政务公开。\n五、存在的主要问题及改进情况\n（一）存在的主要问题\n"
                 "一是政策解读质量有待进一步提高。\n（二）改进情况\n下一步，我们将丰富政策解读形式。\n")


def warm_up(lexicon_paths: tuple[str, ...] = (), rules: Rules | None = None) -> Rules:
    """Load every lexicon, the tagger and the segmenter by analysing a tiny built-in report, so that a worker's
    first file is timed (and limited) for its own work only. ``rules``: those of ``lexicon_paths`` when the caller
    has loaded them. Returns the rules used (see :func:`analyze_file`)."""
    from ..checks.report import check_report
    from ..read.metadata import extract_metadata
    from ..tables import extract_tables

    rules = rules or load_rules(lexicon_paths)
    doc = Document("<warm-up>", "text", _WARM_UP_TEXT, [0], [1])
    extract_metadata(doc, rules)
    annotate(doc, "warm-up", rules)
    check_report(extract_tables(doc, "warm-up"), doc, "warm-up")
    return rules


_PIPELINES: dict[tuple[str, ...], tuple[Rules, object]] = {}


def spacy_pipeline(lexicon_paths: tuple[str, ...] = ()):
    """The spaCy pipeline of the analyzer (spans in ``doc.spans``), built once per process and state of the
    lexicon files: the rules are looked up first (a few ``stat`` calls), and a pipeline built from other rules (a
    notebook where an analyst edited a lexicon since) is built again."""
    rules = load_rules(lexicon_paths)
    kept = _PIPELINES.get(lexicon_paths)
    if kept is None or kept[0] is not rules:
        from ..spacy.components import build_pipeline

        kept = _PIPELINES[lexicon_paths] = (rules, build_pipeline(lexicon_paths))
    return kept[1]


def analyze_file(path: str | Path, report_id: str, keep_document: bool = False,
                 lexicon_paths: tuple[str, ...] = (), pdf_reader: str = DEFAULT_READER,
                 rules: Rules | None = None) -> ReportResult:
    """Run every per-report stage on one file.

    ``rules``: those of ``lexicon_paths``, loaded by the caller. Without them they are loaded here: parsed once per
    process (and again when a lexicon file changes), so per file a look-up by the files' signature (about 0.1 ms
    of stat calls and a folder listing). A batch's forked workers are given the rules the run validated when it
    started, so every file is analysed under the lexicons its cache entries are keyed by, even if an analyst
    edits one meanwhile (a spawned worker, on macOS or Windows, loads them once, as it starts)."""
    rules = rules or load_rules(lexicon_paths)
    p = Path(path)
    row = ReportRow(report_id=report_id, path=shown_path(path))
    start = time.perf_counter()
    try:
        data = read_regular(p)  # read once: the digest, the text and a PDF's tables all come from these bytes
        row.sha256 = hashlib.sha256(data).hexdigest()
        doc = load_document(p, rules, pdf_reader, data)
    except ReadError as exc:
        row.status, row.message = "error", str(exc)
        row.seconds = round(time.perf_counter() - start, 3)
        return ReportResult(row)
    except OSError as exc:
        row.status, row.message = "error", f"cannot read file: {exc.strerror or exc}"
        row.seconds = round(time.perf_counter() - start, 3)
        return ReportResult(row)
    sections, items, tags = annotate(doc, report_id, rules)
    from ..checks.report import check_report
    from ..tables import extract_tables
    from ..tables.complete import table_completeness

    cells = extract_tables(doc, report_id, pdf_source=data)
    checks = check_report(cells, doc, report_id)
    section_rows = [SectionRow(report_id, s.key, s.heading, s.start, s.end, s.numeral, s.inferred, doc.page_at(s.start))
                    for s in sections]
    for f in fields(doc.metadata):  # every metadata field is a column of reports.csv
        setattr(row, f.name, getattr(doc.metadata, f.name))
    row.n_chars, row.n_pages, row.kind, row.encoding = len(doc.text), doc.n_pages, doc.kind, doc.encoding
    done = table_completeness(cells, doc.metadata.format)
    row.table_cells_read, row.table_cells_expected, row.table_complete, row.table_note = (
        done.read, done.expected, done.status, done.note)
    if doc.warnings:
        row.status, row.message = "warning", "; ".join(doc.warnings)
    verdicts = _verdicts(row, doc, sections, items, cells, checks, rules)
    row.seconds = round(time.perf_counter() - start, 3)
    return ReportResult(row, doc if keep_document else None, section_rows, items, tags, cells, checks, verdicts,
                        doc.text)


def _verdicts(row: ReportRow, doc: Document, sections: list, items: list, cells: list, checks: list,
              rules: Rules) -> list:
    """The scorecard's per-report indicators, judged while the text is at hand."""
    from ..scorecard.facts import ReportFacts
    from ..scorecard.report import report_verdicts

    return report_verdicts(ReportFacts(row, doc.text, rules, sections, items, cells, checks, doc.page_at))
