"""What ends a sentence or a clause in report text, declared once for every stage.

Reports mix full-width (。；：，) and half-width (;:,) punctuation, often in one sentence, so every boundary is a
class of both. Stages differ in which boundaries they cut at (items cut sentences at 。！？, follow-up evidence
also at ；, topic rules look within clauses), so this module names the classes and builds the few patterns the
stages share; a stage composes the classes it needs instead of spelling the characters again.
"""
from __future__ import annotations

import re

CN_STOPS = "。！？"  # full-width sentence ends
STOPS = CN_STOPS + "!?"  # a sentence ends after these (both widths)
CN_SEMICOLON = "；"
SEMICOLONS = CN_SEMICOLON + ";"
COLONS = "：:"
COMMAS = "，,"
ENUMERATION_COMMA = "、"
CLOSERS = "”’」』）)"  # closing quotes and brackets that stay with the sentence they end

#: The end of a sentence, with its closing quotes; a line break also ends one (items, sentence splitting).
SENTENCE_END = re.compile(f"[{STOPS}]+[{CLOSERS}]*|\n")
#: One sentence where a semicolon also ends it (the units follow-up compares), up to and with its end.
SENTENCE_OR_SEMICOLON = re.compile(f"[^{STOPS}{SEMICOLONS}\n]*(?:[{STOPS}{SEMICOLONS}]+[{CLOSERS}]*|\n|$)")
#: Any clause boundary (topic co-occurrence rules hold within one clause).
CLAUSE_BREAK = re.compile(f"[{COMMAS}{STOPS}{SEMICOLONS}{COLONS}\n]")
#: One clause: the text between clause boundaries.
CLAUSE = re.compile(f"[^{COMMAS}{STOPS}{SEMICOLONS}{COLONS}\n]+")
#: The boundaries between phrases: clause boundaries and the enumeration comma of a list (解读、图解、视频).
PHRASE_BREAKS = re.compile(f"[{COMMAS}{STOPS}{SEMICOLONS}{COLONS}{ENUMERATION_COMMA}\n]+")

