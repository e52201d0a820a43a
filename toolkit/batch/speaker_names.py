"""Speaker names as the index compares them: folded, without determiners or titles, and as
spelling-insensitive keys (`name_key`); roles as they tie to a name. The French words
these rules need live in toolkit/lang/fr/names.py."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

from toolkit.lang.fr.names import DEFINITE, DEMONSTRATIVE, DETERMINERS_LONGEST_FIRST, INDEFINITE, ROLE_STOPWORDS, TITLES

_BARE_DEFINITE = tuple(d.strip() for d in DEFINITE)  # a role that is only "le"


@lru_cache(maxsize=1 << 16)  # names repeat across articles
def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces."""
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("ʼ", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def strip_determiner(text: str) -> str:
    """`le porte-parole du Kremlin` -> `porte-parole du Kremlin` (a bare name stays as it is)."""
    text = " ".join(text.split())
    folded = fold(text[:8])  # the longest determiner and a little
    for det in DETERMINERS_LONGEST_FIRST:
        if folded.startswith(det) and len(folded) > len(det):
            return text[len(det):].strip()
    return text


@lru_cache(maxsize=1 << 16)
def name_tokens(name: str) -> tuple[str, ...]:
    """Folded words of a name without leading titles: `Major Gruzev` -> ("gruzev",)."""
    words = [w for w in re.split(r"[^\w'-]+", fold(name)) if w.strip("'-")]
    while len(words) > 1 and words[0].rstrip(".") in TITLES:
        words.pop(0)
    return tuple(w.strip("'-") for w in words)


def skeleton(token: str) -> str:
    """A spelling-insensitive form of one name word, for transliteration variants:
    `zelenskyy`, `zelensky`, `zelenskiy` -> `zelenski`; `mohammed`, `mohamed` -> `mohamed`;
    `chostakovitch`, `shostakovich` -> `shostakovish`."""
    t = token
    for a, b in (("tch", "ch"), ("sch", "sh"), ("ch", "sh"), ("kh", "h"), ("ph", "f"), ("x", "ks"),
                 ("ck", "k"), ("c", "k"), ("w", "v"), ("ou", "u"), ("gue", "ge"), ("gui", "gi"),
                 ("j", "i"), ("y", "i"), ("'", ""), ("-", "")):
        t = t.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", t)


def name_key(name: str) -> str:
    """How a name is looked up (aliases in SQLite, `toolkit quotes --speaker`): skeletons
    of its words, space-separated."""
    return " ".join(skeleton(t) for t in name_tokens(strip_determiner(name)))


def is_proper_name(name: str) -> bool:
    """A name (capitalised: `Kremlin`, `Dmitri Peskov`) rather than a description
    (`soldat`, `ministère britannique de la Défense`): French does not capitalise nouns."""
    bare = strip_determiner(name)
    return bool(bare) and bare[0].isupper()


def split_role_and_name(name: str) -> tuple[Optional[str], str]:
    """`porte-parole du Kremlin Dmitri Peskov` -> ("porte-parole du Kremlin", "Dmitri Peskov"):
    a description that ends in a capitalised name of two words or more."""
    bare = strip_determiner(name)
    words = bare.split()
    if not words or words[0][0].isupper():
        return None, name
    run = 0
    while run < len(words) and words[len(words) - 1 - run][:1].isupper():
        run += 1
    if run < 2 or run == len(words):
        return None, name
    return " ".join(words[:-2]), " ".join(words[-2:])


def role_key(description: str) -> Optional[str]:
    """A role as it ties to a name: definite (`le porte-parole du Kremlin`), folded; None
    for an indefinite or demonstrative one (`un soldat de la 63e brigade`): not one person."""
    folded = fold(description)
    if not folded or folded.startswith(INDEFINITE + DEMONSTRATIVE):
        return None
    for det in DEFINITE:
        if folded.startswith(det):
            folded = folded[len(det):]
            break
    folded = folded.strip(" ,")
    return None if not folded or folded in _BARE_DEFINITE else folded


def is_specific_role(role: str) -> bool:
    """Two content words or more (`président ukrainien`), not a bare noun (`soldat`)."""
    return len([w for w in re.split(r"[\s']+", role) if w and w not in ROLE_STOPWORDS]) >= 2
