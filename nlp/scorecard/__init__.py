"""The evaluator's checklist: ``scorecard.csv``, one row per report, one status and its evidence per indicator.

Third-party evaluators and the offices that approve their subordinates' reports read each report against a
checklist (published on time, every statutory section, the right tables, tables that add up, 第五十条's extra
content for governments, 信息处理费 stated, real problems, last year's promises followed, nothing copied, plausible
numbers of applications). Each indicator is ``pass`` / ``warn`` / ``fail`` / ``unknown`` with the sentence, cell
or date it rests on; ``unknown`` whenever the input cannot tell, never a guess. The weights and thresholds are
the evaluator's, in ``lexicons/scorecard.yaml``.

- ``settings``: what scorecard.yaml holds (read with every lexicon by :mod:`nlp.rules`);
- ``rows``: the :class:`~.rows.Verdict` of one indicator and the :class:`~.rows.ScorecardRow` of scorecard.csv;
- ``facts``: what a per-report indicator reads (the report's rows and text) and how evidence is quoted;
- the indicators, one module per group: ``timing`` (on_time, format_matches_year), ``structure``
  (sections_complete, problems_specific), ``figures`` (tables_complete, tables_consistent,
  applications_plausible), ``content`` (government_extras, fees_reported), ``crossyear`` (promises_followed,
  not_copied, tables_consistent across years);
- ``report``: the per-report indicators, run by the pipeline on each report;
- ``score``: a report's verdicts into its row, with the weighted score and its basis;
- ``run``: gathering verdicts during a batch and writing the rows at the end.
"""
