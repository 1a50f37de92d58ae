"""The three statutory tables (主动公开 t2, 依申请 t3, 复议诉讼 t4) read into numbers, one :class:`Cell` each.

The data flow, one module a step:

- :mod:`.labels`: the row and column keys and label variants (``lexicons/table_labels.yaml``);
- :mod:`.values`: what counts as a cell value, and where values sit in a line of text;
- :mod:`.pieces`: the report (or a PDF's ruled tables) as one stream of label fragments and values, whatever
  the input form;
- :mod:`.regions`: where tables 2, 3 and 4 lie in that stream;
- :mod:`.rows`: each row's label found in printed order, and the values that follow it;
- :mod:`.identities`: the sums that tie tables 3 and 4 together (``lexicons/table_identities.yaml``), shared
  with the checks;
- :mod:`.repairs` and :mod:`.spacing`: the few narrow repairs, each accepted only where those sums or the
  source's spacing make it unique (numbers are never guessed);
- :mod:`.misplaced`: numbers typed outside their cells of a Word or web table (on the line below a blank cell,
  or a whole row run together in one cell);
- :mod:`.solve`: table 3 read as a whole from its numbers in row order, when labels and numbers were printed
  apart (pdftotext order, crawled one-line pages);
- :mod:`.complete`: how much of a report's tables was read (the ``table_*`` columns of ``reports.csv``);
- :mod:`.forms`: each table read into cells;
- :mod:`.extract`: :func:`extract_tables`, with the pdfplumber reading for PDFs;
- :mod:`.cells`: the :class:`Cell` row type and what its ``value_kind`` means.

The names below are the package's public face, for the stages after it (checks, cache, outputs, API).
"""
from .cells import VALUE_KINDS, Cell, cell_map
from .extract import extract_tables
from .labels import label_lookup

__all__ = ["VALUE_KINDS", "Cell", "cell_map", "extract_tables", "label_lookup"]
