"""One self-contained HTML page for an output folder of ``zwgk analyze`` (issue 7).

``zwgk report OUT_DIR`` (and ``zwgk analyze … --html``) writes ``OUT_DIR/report.html``: it opens from disk, needs no
network, no CDN and no JavaScript library. Charts are inline SVG generated here; a tiny inline script only switches
between the views (概览, 报告, 校验, one view per body and per topic) and filters the navigation list — without it every
view is simply shown one after another.

What an analyst sees:

- **概览 Overview** (``overview``): reports by year, level, format version, reading method and status; the files that
  could not be read or look suspicious; all problems as a topic × year heatmap; follow-up statuses; failed
  consistency checks; a table of all bodies with their key figures.
- **报告列表 Reports** (``reports``) and **勾稽校验 Checks** (``checks``): every file, every failed check.
- **One page per body (报告主体)** (``body``, ``followup``): its reports, a topic × year heatmap of the problems it
  names, recurring weaknesses, the promise follow-up table with the evidence quoted from the next report, copied-text
  flags, vague problems, failed checks, and every problem with a link to its report and page.
- **One page per topic (主题)** (``topics``): the problems naming that topic across bodies and years.

How it is built: ``data`` loads the output files, ``model`` computes what the pages show (no HTML), the page modules
above write the markup with ``markup`` (shared pieces), ``charts`` (SVG) and ``escape`` (every value from the data goes
through it), and ``render`` assembles the page with the stylesheet and script of ``assets/``. Caps on long lists are
in ``limits``, the names of codes in ``labels``.

Optional inputs: ``recurring.csv``, ``followup.csv``, ``series.csv``, ``duplicates.csv`` and the ``vague`` column of
``items.csv`` come from the cross-year stage; where one is missing its section says so ("not available"). Files
written as Parquet (``--format parquet``) are read as well. Long lists are capped (“… N more”); the CSVs hold the
full data.
"""
from __future__ import annotations

from .render import render_report, write_report

__all__ = ["render_report", "write_report"]
