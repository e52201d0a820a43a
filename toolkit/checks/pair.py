"""The entry points: every check over one French text and its English translation
(`check_pair`), or over many, the French parsed in batches (`check_pairs`)."""

from __future__ import annotations

from typing import Iterable, Sequence

from toolkit.checks.hedging import check_hedge
from toolkit.checks.kinds import HEDGE_LOST, KINDS, NAME_MISSING, NEGATION_MISMATCH, NUMBER_MISMATCH, OMISSION, UNTRANSLATED
from toolkit.checks.names import check_names, common_words
from toolkit.checks.negation import check_negation
from toolkit.checks.numbers import check_numbers
from toolkit.checks.omission import check_omission
from toolkit.checks.text import words_of
from toolkit.checks.untranslated import check_untranslated
from toolkit.document import Finding
from toolkit.lang.fr import SPACY_MODEL

_NLP = None


def default_nlp():
    """The French spaCy pipeline, loaded once (toolkit.segment.spacy_loader)."""
    global _NLP
    if _NLP is None:
        from toolkit.segment.spacy_loader import load_nlp

        _NLP = load_nlp(SPACY_MODEL)
    return _NLP


def check_pair(fr_text: str, en_text: str, fr_doc=None, kinds: Sequence[str] = KINDS, nlp=None) -> tuple[Finding, ...]:
    """Every finding for one French text and its English translation.

    `fr_doc` is a spaCy parse of `fr_text` (names and the conditional mood need one);
    when None the default French pipeline parses it. An empty English side for a French
    text with words is one `omission` finding for the whole text."""
    if fr_doc is None and fr_text.strip() and (NAME_MISSING in kinds or HEDGE_LOST in kinds):
        fr_doc = (nlp or default_nlp())(fr_text)
    if fr_text.strip() and not en_text.strip() and words_of(fr_text, french=True):
        return (Finding(OMISSION, 0, len(fr_text), 0, 0, fr_text, "", "the English is empty"),)
    findings: list[Finding] = []
    if UNTRANSLATED in kinds:
        findings += check_untranslated(fr_text, en_text)
    if findings:  # French left in: the other checks would only repeat it
        return tuple(findings)
    if NUMBER_MISMATCH in kinds:
        findings += check_numbers(fr_text, en_text)
    if NEGATION_MISMATCH in kinds:
        findings += check_negation(fr_text, en_text, fr_doc)
    if HEDGE_LOST in kinds:
        findings += check_hedge(fr_text, en_text, fr_doc)
    if NAME_MISSING in kinds:
        findings += check_names(fr_text, en_text, fr_doc, common_words(nlp or default_nlp()))
    if OMISSION in kinds:
        findings += check_omission(fr_text, en_text)
    return tuple(findings)


def check_pairs(pairs: Iterable[tuple[str, str]], nlp=None, batch_size: int = 256) -> list[tuple[Finding, ...]]:
    """`check_pair` over many pairs, parsing the French in batches (`nlp.pipe`)."""
    pairs = list(pairs)
    nlp = nlp or default_nlp()
    docs = nlp.pipe((f for f, _ in pairs), batch_size=batch_size)
    return [check_pair(f, e, doc, nlp=nlp) for (f, e), doc in zip(pairs, docs)]
