"""The sample-corpus generator: ``scripts/corpus_src/`` in, ``corpus/`` out (run ``python -m scripts.corpus``).

For every row of ``manifest.csv`` whose source ``<id>.txt`` exists, the report is published in the row's form
with the row's faults, as real 政府信息公开工作年度报告 are published; ``corpus/bad/`` gets one broken file
per bad-input case. The output is deterministic: the same sources give byte-identical files.

Data flow::

    manifest.csv + bodies.yaml --samples--> Sample (body, faults)
    <id>.txt --source (tables: grid)--> Doc
    Doc + Sample --forms--> render_pdf | render_txt | render_html | render_docx | render_crawl --> corpus/<out>
    first pdf sample --bad--> corpus/bad/

Shared layout pieces: ``wrap`` (line breaking with kinsoku), ``columns`` (table column widths, PDF and DOCX),
``zipfiles`` (fixed zip timestamps). Only reportlab, python-docx, PyYAML and the standard library are used.
"""
