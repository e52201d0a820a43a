"""English facts for the reviewer checks (toolkit.checks): number words, months,
negators, and the evidentials that keep a French hedge ("reportedly", "according to")."""

from __future__ import annotations

NUMBER_WORDS: dict[str, float] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "hundreds": 100, "thousand": 1000, "thousands": 1000, "dozen": 12, "dozens": 12,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20, "hundredth": 100,
}
# Words that say a figure without a number word: "both" and "twice" render "deux".
SOFT_NUMBER_WORDS: dict[str, tuple[float, ...]] = {
    "both": (2,), "twice": (2,), "couple": (2,), "pair": (2,), "double": (2,), "twin": (2,), "second": (2,),
    "once": (1,), "single": (1,), "a": (1,), "an": (1,), "half": (0.5, 50), "quarter": (0.25, 25),
    "decade": (10,), "decades": (10,), "century": (100,), "fortnight": (15, 2), "week": (7, 8),
    "triple": (3,), "trio": (3,), "dual": (2,), "noon": (12,), "midnight": (0, 24, 12),
}
SCALE_WORDS: dict[str, float] = {
    "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9, "trillion": 1e12,
    "thousand": 1e3, "m": 1e6, "bn": 1e9, "mn": 1e6, "k": 1e3, "hundred": 1e2,
}
MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
# "may" the modal and "march" the verb are months only beside a figure.
MONTHS_NEEDING_A_FIGURE = frozenset({"may", "march", "mar", "jan", "dec", "sep", "oct", "nov", "aug"})

# Negators: words and contractions that negate a clause.
NEGATORS = frozenset(
    """not no never nothing nobody none neither nor without nowhere cannot noone n't
    hardly barely scarcely seldom rarely lack lacks lacked lacking fail fails failed failing
    refuse refuses refused refusing unable non deny denies denied denying""".split()
)
# Negators that are verbs of their own ("he denied", "they refused", "it lacks"): they render
# a French negation only where the French has no such verb or noun (fr.LEXICAL_NEGATIVES).
LEXICAL_NEGATORS = frozenset(
    """lack lacks lacked lacking fail fails failed failing refuse refuses refused refusing
    deny denies denied denying""".split()
)
# Words that carry a negation in their form ("impossible" for "pas possible"): any "un-"
# or "non-" word but the listed exceptions, and the listed "in-", "im-", "dis-", "-less" words
# (most words starting "in" or "dis" are not negative, so those are listed, not guessed).
UN_NOT_NEGATIVE_PREFIXES = ("under", "uni", "unto", "until")
UN_NOT_NEGATIVE = frozenset(
    """under underneath understand understood understanding undergo undergone underway undertake
    undertaken unit units united union unions unique universal university universities universe
    uniform unity unanimous unanimously uncle unto unless until untill""".split()
)
NEGATIVE_AFFIX_WORDS = frozenset(
    """impossible impossibly impossibility impatient impolite improper impractical imprecise immaterial
    immoral immature immortal imbalance inability inaccessible inaccurate inactive inadequate
    inappropriate incapable incomplete inconsistent incorrect incredible incredibly indefinite
    indefinitely indifferent indirect insufficient insignificant invalid
    invisible involuntary inexpensive inexperienced ineffective inefficient inevitable informal
    injustice insecure insecurity instability intolerable intolerance irregular irrelevant
    irresponsible irreversible illegal illegally illegitimate illogical illicit
    disagree disagreed disagreement disappear disappeared disapprove 
    disarm disbelief discontent discontinue discontinued dishonest disloyal disobey disorder
    dissatisfied distrust disable disabled disability dislike disliked
    careless endless harmless helpless homeless hopeless jobless meaningless needless pointless
    powerless regardless relentless ruthless senseless useless worthless countless fearless
    groundless baseless timeless""".split()
)

# Evidentials: what keeps a French reportive conditional or "selon X" hedged in English.
EVIDENTIAL_WORDS = frozenset(
    """reportedly allegedly alleged alleges allege purportedly purported supposedly apparently
    apparent ostensibly presumably seemingly rumoured rumored claimed claims claim claiming
    would could might may reported reports report reporting according said says say saying
    told tells believed thought understood suggested suggests suggest suspected suspect
    seems seem seemed appears appear appeared likely possibly probably perhaps maybe
    estimated estimates estimate cited citing quoted quoting stated states stating
    indicated indicates indicate insisted insists argued argues maintained maintains
    assert asserted asserts accused accuses accusing sources should understand opinion view
    think thinks believe believes accounts speculation allegation allegations alleging expected
    supposed rumour rumours rumor rumors""".split()
)
# Contractions that carry "would": "he'd", "they'd".
EVIDENTIAL_SUFFIXES = ("'d", "’d")
