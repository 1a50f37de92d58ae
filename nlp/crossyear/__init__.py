"""One body across years: promise follow-up, recurring weaknesses, copied text, vague self-criticism (issue 5).

A 年报 names problems and promises improvements every year, and evaluators (CASS, provincial inspections) judge a
body by whether next year's report shows the promise carried out, whether the same weakness keeps coming back,
and whether section 五 is simply copied forward. This stage answers those questions from the item tables the
pipeline already writes, with every judgement traceable to the sentences that support it (taxonomy §4):

- :mod:`.series` — one report per body and year; copies of a report settled, with the reason;
- :mod:`.followup` (with :mod:`.evidence`) — each commitment of year N judged against year N+1;
- :mod:`.recurring` — topics among a body's problems year after year; problems aligned with commitments;
- :mod:`.copies` — section 五 and the overview compared between years, carried items, stale year tokens;
- :mod:`.run` — the one entry that computes all of it (and the table checks between years) into :mod:`.rows`.

Vagueness of a problem is judged per report (:mod:`nlp.annotate.vague`). All thresholds, status words and kinds
of action are data: ``lexicons/tracking.yaml`` (:mod:`nlp.rules_tracking`).
"""
