"""French words around speaker names: what is no name (pronouns), the determiners and
titles a name is stripped of, and the small words a role description does not count."""

from __future__ import annotations

# Words that are no name: mentions that only point back (the engine keeps them as
# mentions of the speaker they resolve to).
PRONOUNS = frozenset(
    "il elle ils elles lui eux sa son ses leur leurs celui-ci celle-ci ceux-ci on je nous vous".split()
)
DEFINITE = ("le ", "la ", "les ", "l'")
INDEFINITE = ("un ", "une ", "des ", "d'")
DEMONSTRATIVE = ("ce ", "cet ", "cette ", "ces ")
DETERMINERS = DEFINITE + INDEFINITE + DEMONSTRATIVE + ("du ", "de la ", "de l'", "de ")
DETERMINERS_LONGEST_FIRST = sorted(DETERMINERS, key=len, reverse=True)
# Titles before a name ("Major Gruzev", "M. Macron") are not part of it.
TITLES = frozenset(
    "m mm mme mmes mlle dr pr me mgr major general colonel capitaine lieutenant sergent commandant "
    "president presidente ministre monsieur madame sir lord".split()
)
ROLE_STOPWORDS = frozenset("de du des d la le les l et en a au aux".split())
# Words the quote scorer (toolkit.evaluation.quotes) leaves out when it compares a gold
# speaker with a predicted one: articles and the titles "M." and "Mme".
SCORED_NAME_DROP_WORDS = frozenset({"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "m", "mme"})
