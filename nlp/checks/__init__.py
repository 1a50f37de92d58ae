"""Consistency (勾稽) checks on the statutory tables, against the narrative, and across years.

Every check is one :class:`.check.Check` (one row of ``checks.csv``), its status as :mod:`.check` defines them:

- :mod:`.report`: within one report (:func:`.report.check_report`): each table read, the identities declared in
  ``lexicons/table_identities.yaml`` (shared with the table reader's repairs), table 3's groups, table 2's values;
- :mod:`.narrative`: the figures the narrative states, against the tables;
- :mod:`.years`: across consecutive years of one body (:func:`.years.check_across_years`);
- :mod:`.sums`: the sums over cells and the comparison every check shares.
"""
