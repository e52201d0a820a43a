"""Quote-mark typography: the one home of the sets of quote marks and of the spaces around them.

Every stage that reads or writes quote marks (the quote engine, quote transfer, quote
alignment, sentence splitting, cleaning, the checks, the gold-set evaluation) takes its
sets of marks from here. The full sets come first; the narrower sets after them are each
named for the one reader that needs fewer marks, with the reason, so a mark added to a
full set does not silently reach a reader that left it out on purpose. A rule about one
particular mark (“ closing an open „, « » rewritten as “ ”) names that mark where the
rule is.
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

# The curly marks that open, and those that only close (“ closes only an open „, so it is
# left out: seen alone it opens).
CURLY_OPENING_MARKS = "".join(CURLY_PAIRS)
CURLY_CLOSING_MARKS = "".join(c for c in dict.fromkeys(CURLY_PAIRS.values()) if c != "“")
# Mark tokens as spaCy splits them, ASCII spellings included (`<<`, `''`); ‘ and ’ are left
# out because spaCy's French tokens of them are mostly apostrophes.
OPENING_MARK_TOKENS = ("«", "“", "„", '"', "‹", "<<", "<", "''")
CLOSING_MARK_TOKENS = ("»", "”", "“", '"', "›", ">>", ">", "''")

# --- Narrower sets, each named for its reader ---

# French sentence repair (toolkit.segment.sentences): „ and the straight ' are left out
# because in French text ' is an elision and „ never opens a sentence; “ is only an opener.
SENTENCE_OPENING_MARKS = "«“\"‘‹"
SENTENCE_CLOSING_MARKS = "»”\"’›"
# English sentence splitting (toolkit.segment.english): English text uses “ ” ‘ ’ and
# straight marks, and « » from quoted French; ‹ › and „ do not occur there.
ENGLISH_SENTENCE_OPENING_MARKS = "\"'“‘«"
ENGLISH_SENTENCE_CLOSING_MARKS = "\"'”’»"
# Quote alignment (toolkit.align.quotes): the double marks that only open; straight " and
# single marks are matched by their own word-edge rules there.
DOUBLE_OPENING_MARKS = "“«„"
# The marks that end a speaker's mention (toolkit.quotes.mentions): the French quote marks
# « » and “ ”; straight and single marks are too often apostrophes or inches there.
MENTION_END_MARKS = "«»“”"
# The marks that end a quoted French sentence (toolkit.quotes.classify): the closing double
# marks, and ’ for a nested quote ending with it.
QUOTE_END_MARKS = "»”"
NESTED_QUOTE_END_MARK = "’"
# The marks quote transfer writes into English: double at the first level, single inside.
ENGLISH_OPENING_MARKS = ("“", "‘")
ENGLISH_CLOSING_MARKS = ("”", "’")
# The double marks quote transfer removes from a translated piece before placing its own:
# the single guillemets ‹ › are left, since a translation never invents them.
TRANSLATED_DOUBLE_MARKS = "\"“”«»„"
# The closing marks stripped from the end of an English translation (quote transfer's
# reported clause): the ones a translation ends with.
TRANSLATION_CLOSING_MARKS = "\"”»"
# The cleaner (toolkit.clean): the closing marks that may end a paragraph or sentence, and
# the marks that make a line without letters worth keeping (‹ › and „ are too rare in the
# sources to count, and ' is an apostrophe there).
CLEAN_CLOSING_MARKS = "»”\"’"
CLEAN_MARK_CHARS = "«»“”\"‘’"
# The negation check (toolkit.checks.negation): the marks that separate a negation from the
# word it would negate; only « » and " open or close a clause in the French sources.
CLAUSE_BREAK_MARKS = "«»\""
