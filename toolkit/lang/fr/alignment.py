"""French function words the sentence aligner (toolkit.align.sentalign) never uses as
anchors: long enough to look like content words, and colliding by prefix with English
ones. Folded: lower case, no accents, no apostrophes."""

ANCHOR_STOPWORDS = frozenset(
    """
    alors aussi autre autres avant avec avoir cela celle celles celui cette ceux comme
    comment dans depuis donc elle elles encore entre est etait etaient etre fait faire
    leur leurs lors mais meme moins notre nous ont pour plus parce pendant peut quand
    quel quelle quelles quels sans selon sera serait sont sous tous tout toute toutes
    tres vers votre vous deja apres avait aurait cest quil quelles ainsi
    """.split()
)
