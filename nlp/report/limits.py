"""How much the HTML report shows: caps on pages, rows and text length, and the similarity counted as copying.

Kept together because they trade the page's size against completeness (the CSVs always hold the full data) and a
large corpus is tuned here, not in the page modules.
"""
from __future__ import annotations

MAX_BODY_PAGES = 200  # bodies with a page of their own (and in the navigation); the rest are counted
MAX_TOPIC_ROWS = 120  # problems listed on a topic page
MAX_BODY_PROBLEMS = 80  # problems listed on a body page
MAX_FOLLOWUP_ROWS = 80  # follow-up rows on a body page
MAX_CHECK_ROWS = 40  # failed checks on a body page
MAX_CORPUS_CHECKS = 200  # failed / uncertain checks on the checks page
MAX_ERROR_ROWS = 100  # unreadable / suspicious files on the overview
MAX_REPORT_ROWS = 2000  # rows of the report list
MAX_SCORECARD_ROWS = 1000  # reports on the scorecard page (each with its evidence block)
MAX_HEATMAP_YEARS = 15  # most recent years shown in a heatmap
MAX_RECURRING_BODIES = 50  # bodies listed as recurring on a topic page
TEXT_CHARS = 280  # report texts longer than this are cut (with …)
NEAR_DUPLICATE = 0.85  # similarity flagged as copied when series.csv has no flags column
