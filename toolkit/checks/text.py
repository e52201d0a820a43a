"""Words and folding shared by the reviewer checks: each word with its character offsets
into the text it came from, so that every finding can point at what it saw."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from toolkit.lang.fr import checks as fr

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*['’]?|\d+", re.UNICODE)
# French: the elided words ("l'", "n'", "qu'", "jusqu'") are words of their own.
_FR_WORD = re.compile(fr.ELIDED_WORD_STEMS + r"['’](?=[^\W\d_])|[^\W\d_]+(?:-[^\W\d_]+)*|\d+", re.UNICODE | re.IGNORECASE)


class Word(NamedTuple):  # a tuple, not a dataclass: made for every word, it must be cheap
    text: str
    lower: str
    start: int
    end: int


def words_of(text: str, french: bool = False) -> list[Word]:
    """The words of `text` with their offsets; French rules split elided words off."""
    pattern = _FR_WORD if french else _WORD
    return [Word(m.group(), m.group().lower(), m.start(), m.end()) for m in pattern.finditer(text)]


def fold(text: str) -> str:
    """Lower case without accents ("Choïgou" -> "choigou")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


# A word long enough to carry content (no figure, no short function word).
CONTENT_WORD = re.compile(r"^[^\W\d_]{4,}$")


def cognate_key(word: str) -> str:
    """The first five letters after folding and a few spelling rules: equal for cognates
    ("gouvernement"/"government", "économique"/"economic")."""
    w = fold(word)
    for a, b in (("ou", "o"), ("qu", "c"), ("ph", "f"), ("k", "c"), ("y", "i")):
        w = w.replace(a, b)
    return w[:5] if len(w) >= 5 else w
