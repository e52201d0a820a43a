"""Unverified claims: a reportive conditional ("aurait subi") in an attributed claim."""

from __future__ import annotations

import re
from typing import Sequence

from toolkit.lang.fr.checks import CONDITIONAL_AUXILIARIES
from toolkit.lang.fr.quotes import FRENCH, QuoteLexicon
from toolkit.quotes.tokens import Tok

_CONDITIONAL = re.compile(r"^\w+(?:rait|raient)$", re.I)


def _is_conditional(t: Tok) -> bool:
    """Conditional mood by form: the infinitive plus -ait/-aient ("discuterait"), or the
    conditional auxiliaries. The bare -raient test would take the imperfect of -rir verbs
    ("ouvraient") for a conditional."""
    low = t.lower
    if low in CONDITIONAL_AUXILIARIES:
        return True
    if not _CONDITIONAL.match(low):
        return False
    lemma = t.lemma
    stem = lemma[:-1] if lemma.endswith("re") else lemma
    return low in (stem + "ait", stem + "aient") or (low.endswith(("rait", "raient")) and lemma in ("faire", "aller", "venir", "voir", "tenir", "avoir", "être", "pouvoir", "devoir", "vouloir", "savoir", "falloir", "mourir", "courir", "envoyer"))


def mark_unverified_claims(text: str, toks: Sequence[Tok], start: int, end: int, lex: QuoteLexicon = FRENCH) -> bool:
    """True when the claim holds a reportive conditional ("aurait subi", "seraient arrêtés").

    Third person only (the first person "j'arrêterais" is hypothetical, not reportive), and
    not the epistemic modals ("pourrait", "devrait").
    """
    for t in toks.within(start, end):
        if t.pos in ("VERB", "AUX") and _is_conditional(t) and t.lemma not in lex.modal_conditionals:
            # Skip a hypothesis introduced by "si" earlier in the claim.
            if re.search(r"\b[Ss]i\b", text[start : t.start]) and not t.text.lower().startswith(("aur", "ser")):
                continue
            return True
    return False


# --------------------------------------------------------------------------- the stage
