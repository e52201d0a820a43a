"""Reviewer checks: where the English may not say what the French says.

Pure functions over a French text and its English translation (machine or human) that
return `Finding`s a reviewer who reads no French can act on, each with what was seen and
where (character offsets on both sides):

- `number_mismatch`: a figure, percentage, ordinal, date or month of the French has no
  equal in the English, after normalising both conventions (decimal comma, space, U+00A0
  and U+202F thousands separators, "1er"/"1st", "1,5 million"/"1.5 million", written
  numbers "trois"/"three", "14h30"/"2:30 p.m.").
- `negation_mismatch`: the French negates ("ne … pas/plus/jamais/rien/personne/aucun/
  guère/ni", "sans", "non") more often than the English does.
- `hedge_lost`: the French does not vouch for a claim (reportive conditional "aurait
  subi", "selon X", "d'après X") and the English has no evidential ("reportedly",
  "according to", "would", "said", "may have" …).
- `name_missing`: a person, organisation or place of the French parse (spaCy NER) has no
  counterpart in the English, allowing accents, transliteration ("Choïgou"/"Shoigu",
  "Kiev"/"Kyiv") and English exonyms ("Allemagne"/"Germany").
- `untranslated`: French left in the English.
- `omission`: a stretch of the French with several content words and no counterpart in
  the English: the words around it are anchored (figures, names, cognates), and the
  English between those anchors is far shorter than the French.

One module per check (numbers, negation, hedging, names, untranslated, omission), the
words and folding they share in `text`, the kinds in `kinds`, the entry points in `pair`;
this package exports the public API. The French word lists are in `toolkit.lang.fr.checks`
(the month names in `toolkit.lang.fr.dates`, the spaCy model in `toolkit.lang.fr`), the
English ones in `toolkit.lang.en.checks`; only the hedging check spells a few French
forms where it matches them (the "si" of a hypothesis, the inverted "-t-il", the folded
attribution markers that name a finding's kind).
Cost is linear in the texts (the omission anchors use a longest-increasing-chain search,
n log n). The French parse (spaCy) is needed for names and the conditional mood; pass
`fr_doc` to reuse one, or `check_pairs` to parse many texts in one batched `nlp.pipe`.
Docs: docs/checks.md.
"""

from toolkit.checks.hedging import english_evidentials, french_hedges
from toolkit.checks.kinds import (
    HEDGE_LOST, KINDS, NAME_MISSING, NEGATION_MISMATCH, NUMBER_MISMATCH, OMISSION, UNTRANSLATED, flags,
)
from toolkit.checks.names import checked_names, common_words, names_match
from toolkit.checks.negation import check_negation, french_negations
from toolkit.checks.numbers import check_numbers, english_numbers, french_numbers
from toolkit.checks.omission import check_omission
from toolkit.checks.pair import SPACY_MODEL, check_pair, check_pairs, default_nlp
from toolkit.checks.text import fold
from toolkit.checks.untranslated import check_untranslated

__all__ = [
    "HEDGE_LOST", "KINDS", "NAME_MISSING", "NEGATION_MISMATCH", "NUMBER_MISMATCH", "OMISSION", "SPACY_MODEL",
    "UNTRANSLATED", "check_negation", "check_numbers", "check_omission", "check_pair", "check_pairs",
    "check_untranslated", "checked_names", "common_words", "default_nlp", "english_evidentials",
    "english_numbers", "flags", "fold", "french_hedges", "french_negations", "french_numbers", "names_match",
]
