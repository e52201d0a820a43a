"""Quote-mark typography: the one home of the marks and of the spaces around them.

Every stage that reads or writes quote marks (the quote engine, quote transfer, quote
alignment, sentence splitting and alignment, the gold-set evaluation) takes them from
here, so a mark added here is one every stage knows.
"""

from __future__ import annotations

# Opening mark -> closing mark of the curly pairs. „ closes with “ (German style); the
# lexicon of a language may accept other closers (toolkit.lang.fr.quotes).
CURLY_PAIRS = {"«": "»", "“": "”", "„": "“", "‘": "’", "‹": "›"}
# The same with the straight marks, which open and close themselves.
QUOTE_PAIRS = {**CURLY_PAIRS, '"': '"', "'": "'"}
# Every mark that can open or close a quote (“ is both: it closes „).
OPENING_MARKS = "«“„‘‹\"'"
CLOSING_MARKS = "»”“’›\"'"
# The double marks only: apostrophe-like single marks left out.
DOUBLE_MARKS = "\"“”«»„‹›"
# `<<` and `>>` typed for « » (typewriter archives, converted text).
ASCII_GUILLEMET_CHARS = "<>"
# Every character of a quote mark, in any convention.
ALL_MARK_CHARS = "".join(dict.fromkeys(OPENING_MARKS + CLOSING_MARKS + ASCII_GUILLEMET_CHARS))
# Spaces that may sit between a mark and its words on a line: « text » with a space,
# U+00A0, U+202F, a thin space (U+2009) and its kin.
MARK_SPACES = " \t\u00a0\u202f\u2009\u2007\u2008\u200a"
