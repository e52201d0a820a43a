"""Quote and attribution stage: who said what, nested, over paragraphs.

`extract_quotes(article, docs)` is the stage (stage.py). It is a chain of small pure
functions, one module each:

1. `scan_quote_marks(text, paragraphs)` (pairing.py; marks.py, straight.py, dialogue.py)
   pairs quote marks with a stack, follows quotes that the press reopens at each paragraph start ("A ¶ “B ¶ “C”" is ONE quote), and
   recovers unbalanced marks to the paragraph/sentence boundary with a flag. Straight
   double marks, which do not say which way they face, are read a paragraph at a time
   (straight.py). It needs no parse, so it is the part the property tests hammer.
2. cues.py looks around each marked span (postposed/inverted incise, colon
   introduction, cue verb or "selon X" in the sentence, split incise), finding the
   speaker's mention with mentions.py; the stage adds the previous quote.
3. `classify_quote` (classify.py) decides direct / partial / term.
4. `find_indirect_quotes` (reports.py) finds reported speech without marks
   ("X a déclaré que …", "selon X, …", "ont écrit une lettre refusant …").
5. `resolve_speakers` (speakers.py) turns mentions ("Il", "le Major", "Peskov") into
   canonical speakers.
6. `mark_unverified_claims` (claims.py) flags reportive conditionals ("aurait subi").

Offsets: `QuoteSpan.start/end` are offsets into `article.text` of the content without the
outer marks (and without the spaces inside « »). For a quote over several paragraphs the
span runs from the first content character to the last; `QuoteSpan.text` then joins the
per-paragraph contents with one space, dropping the paragraph breaks and the reopening
marks, so `text != article.text[start:end]` only for multi-paragraph quotes.
For indirect quotes the span is the reported content (the "que" clause, or the claim
attributed by "selon X").
"""

from toolkit.quotes.flags import (
    FLAG_DIALOGUE,
    FLAG_SPLIT_INCISE,
    FLAG_UNCLOSED,
    FLAG_UNMARKED,
    FLAG_UNOPENED,
    FLAG_UNVERIFIED,
    QUOTE_TYPES,
)
from toolkit.quotes.marks import MarkSpan
from toolkit.quotes.pairing import scan_quote_marks
from toolkit.quotes.stage import extract_quotes

__all__ = [
    "FLAG_DIALOGUE",
    "FLAG_SPLIT_INCISE",
    "FLAG_UNCLOSED",
    "FLAG_UNMARKED",
    "FLAG_UNOPENED",
    "FLAG_UNVERIFIED",
    "QUOTE_TYPES",
    "MarkSpan",
    "extract_quotes",
    "scan_quote_marks",
]
