"""English: the facts of its language profile (toolkit.lang.PROFILES). The word lists each
stage needs live in the modules beside this one (sentences, quotes, checks, alignment)."""

SPACY_MODEL = None  # English is split by rules (toolkit.segment.english), not spaCy
# Frequent function words: enough to tell languages apart on a sentence.
STOPWORDS = frozenset(
    "the a an and is are was were that which who in for not by on to of with but or this "
    "these those it he she they we you be been have has had will would can if as at from "
    "our your their its we'll you're it's i my me do does".split()
)
# Words before which a clause may start, for splitting over-long inputs.
CLAUSE_OPENERS = ("and", "but", "or", "so", "because", "which", "who", "that", "where", "when", "then")
