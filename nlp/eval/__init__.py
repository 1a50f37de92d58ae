"""Scoring zwgk outputs against gold annotations (format: ../shared/corpus-real/GOLD_FORMAT.md).

``scripts/evaluate.py GOLD_DIR OUT_DIR`` is the command-line front; the tests use the same functions.

- Items, per kind (:mod:`.items`): a gold item is *found* when >= 60% of its characters (whitespace ignored) are
  covered by predicted items of that kind; a predicted item is *correct* when >= 60% of its characters lie inside
  gold items of that kind. Precision = correct / predicted, recall = found / gold, micro-averaged over reports.
- Section headings: for each statutory key of the gold, the predicted heading equals the gold one
  (whitespace ignored; a null gold heading must have no predicted heading).
- Topics: on gold items that were found, micro precision and recall of (item, topic) pairs, T00 excluded;
  the predicted topics of a gold item are those of the predicted items of its kind that overlap it (>= 30% of
  either); also the share of predicted problems and commitments with a substantive topic.
- Tables (:mod:`.tables`): every number of the gold tables 3 and 4 against ``tables.csv``.
- Follow-up (:mod:`.followup`, when GOLD_DIR/followup/ exists): status accuracy of the gold judgements on three
  classes (reported / partly / not_reported; our `repeated` counts as not_reported) and binary
  (reported-or-partly vs not), and the recurring topics of each pair against the gold `recurring_problems`.

- Form invariance (:mod:`.forms`, :mod:`.containers`, :mod:`.formsuite`; ``scripts/evaluate.py --forms``): every
  gold report turned into each form it reaches users in (one-line crawl, hard-wrapped text, DOCX, web page, PDF…)
  by changing only whitespace and container, analysed, and scored against the same gold.

Gold files are matched to reports by report_id == file_id, else by (jurisdiction, year) (:mod:`.gold`). A gold
file whose report was not analysed is listed and counted as all-missed.
"""
