"""French: the facts of its language profile (toolkit.lang.PROFILES). The word lists each
stage needs live in the modules beside this one (boilerplate, dates, sentences, quotes,
checks, names, alignment)."""

SPACY_MODEL = "fr_core_news_md"
# Frequent function words: enough to tell languages apart on a sentence.
STOPWORDS = frozenset(
    "le la les un une des du de et est sont que qui dans pour pas par sur au aux ce cette ces "
    "il elle ils elles nous vous on ne se sa son ses leur leurs avec mais ou où été être avait "
    "a ont plus très aussi comme selon d l qu n s c j m".split()
)
# Words before which a clause may start, for splitting over-long inputs.
CLAUSE_OPENERS = ("et", "mais", "ou", "donc", "car", "qui", "que", "dont", "où", "lorsque", "puis", "alors")
