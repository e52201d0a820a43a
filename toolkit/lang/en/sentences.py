"""English abbreviations and sentence openers, for the rule-based splitter of
toolkit.segment.english. Lower case, without the final stop."""

ABBREVIATIONS = frozenset(
    """
    mr mrs ms messrs dr prof sr jr st mt ft gen col lt maj capt cmdr sgt cpl adm rep reps
    sen sens gov pres supt insp rev hon fr msgr inc ltd co corp bros plc llc dept univ
    assn est approx vs etc al cf ie eg no nos vol vols pp ed eds fig jan feb mar apr jun
    jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun ave blvd rd
    """.split()
)
# Words that, after an acronym like "U.S.", show that a new sentence has begun.
SENTENCE_OPENERS = frozenset(
    """
    the a an he she it they we i you this that these those there his her its their our
    but and so yet in on at for after before when while if as however meanwhile then
    """.split()
)
