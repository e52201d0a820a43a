"""The type of a marked span: direct speech, a partial quote in the narrator's sentence,
or a term nobody is said to have uttered."""

from __future__ import annotations

import re
from typing import Sequence

from toolkit.document import Paragraph
from toolkit.lang.fr.quotes import DEPENDENT_CLAUSE_OPENERS, DETERMINERS, FRENCH, QuoteLexicon
from toolkit.lang.typography import NESTED_QUOTE_END_MARK, QUOTE_END_MARKS
from toolkit.quotes.flags import FLAG_DIALOGUE
from toolkit.quotes.marks import SENTENCE_END, SPACES, MarkSpan
from toolkit.quotes.mentions import first_or_second_person
from toolkit.quotes.tokens import Tok


def classify_quote(text: str, span: MarkSpan, toks: Sequence[Tok], para: Paragraph, attributed: bool, lex: QuoteLexicon = FRENCH) -> str:
    """direct (a clause or more), partial (a fragment of someone's words), or term.

    Term: a name or title (title case, or after "la chaîne", "surnommé" …), or a short
    fragment nobody is said to have uttered (scare quotes, `des “émeutes”`).
    Direct: a clause that stands as speech (capitalised, sentence-initial or sentence-final,
    or a clause with its own subject). Partial: the rest, when it is someone's words.
    """
    if len(span.segments) > 1 or FLAG_DIALOGUE in span.flags:
        return "direct"  # several paragraphs, or a turn of a dialogue: speech, not a term
    # Overlapping, not contained: spaCy leaves `d'"inexplicable` one token.
    inside = toks.overlapping(span.start, span.end)
    words = [t for t in inside if any(ch.isalnum() for ch in t.text)]
    content = text[span.start : span.end]
    if not words:
        return "term"
    ids = {t.i for t in inside}
    finite = any(t.pos in ("VERB", "AUX") and t.verbform == "Fin" for t in inside)
    own_subject = any(t.dep.startswith("nsubj") and t.head in ids and t.lower not in ("qui",) for t in inside)
    person = any(first_or_second_person(t, lex) for t in inside)
    before = text[para.start : span.open_at if span.open_at is not None else span.start].rstrip(SPACES)
    sentence_initial = not before or before[-1] in SENTENCE_END + ":" or before.endswith(tuple(QUOTE_END_MARKS))
    starts_upper = content[:1].isupper()
    ends_sentence = content.rstrip(QUOTE_END_MARKS + NESTED_QUOTE_END_MARK + " ")[-1:] in SENTENCE_END
    prev_words = re.findall(r"[\w'’-]+", before[-40:])
    prev_word = prev_words[-1].lower() if prev_words else ""
    title_case = len(words) <= 6 and all(w.text[:1].isupper() or w.pos in ("ADP", "DET", "CCONJ") for w in words) and not finite
    n = len(words)
    if title_case and not sentence_initial:
        return "term"
    if prev_word in lex.naming_nouns and not finite:
        return "term"
    if finite and (starts_upper or sentence_initial or ends_sentence) and n >= 2:
        return "direct"
    if finite and own_subject and n >= 4 and words[0].lower not in DEPENDENT_CLAUSE_OPENERS:
        return "direct"
    if sentence_initial and starts_upper and n >= 3 and (ends_sentence or attributed):
        return "direct"
    if finite and n >= 3:
        return "partial"
    if person:
        return "partial"
    if n == 1:
        # "parle de « sabotage »": the "de" belongs to a labelling verb, not a determiner.
        labelled = prev_word in ("de", "d'", "d’") and any(
            w.dep.startswith("obl") and toks[w.head].lemma in lex.label_verbs for w in words
        )
        # spaCy leaves `d'"inexplicable` one token: then look for the verb just before.
        labelled = labelled or (prev_word in ("d'", "d’") and any(
            t.lemma in lex.label_verbs for t in toks[max(0, words[0].i - 3) : words[0].i]
        ))
        return "partial" if attributed and (prev_word not in DETERMINERS or labelled) else "term"
    if n <= 4:
        if words[0].lower in ("le", "la", "les", "l'", "l’"):
            return "term"
        return "partial" if attributed else "term"
    return "partial"


# --------------------------------------------------------------------------- indirect speech
