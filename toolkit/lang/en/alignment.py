"""English function words the sentence aligner (toolkit.align.sentalign) never uses as
anchors (see toolkit/lang/fr/alignment.py)."""

ANCHOR_STOPWORDS = frozenset(
    """
    about after again also because been before being both could does doing down during
    each from further have having here into itself just more most other over same should
    some such than that their theirs them then there these they this those through under
    until very were what when where which while whom will with would your yours said says
    """.split()
)
