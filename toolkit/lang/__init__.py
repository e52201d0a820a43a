"""Per-language facts the language-neutral stages need, in one place.

Adding a source language means adding a profile here (plus its segmentation and quote
rules in those stages) and a model id in configs/default.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LanguageProfile:
    code: str
    spacy_model: str | None
    # Frequent function words: enough to tell languages apart on a sentence.
    stopwords: frozenset[str]
    # Words before which a clause may start, for splitting over-long inputs.
    clause_openers: tuple[str, ...] = ()


PROFILES: dict[str, LanguageProfile] = {
    "fr": LanguageProfile(
        code="fr",
        spacy_model="fr_core_news_md",
        stopwords=frozenset(
            "le la les un une des du de et est sont que qui dans pour pas par sur au aux ce cette ces "
            "il elle ils elles nous vous on ne se sa son ses leur leurs avec mais ou où été être avait "
            "a ont plus très aussi comme selon d l qu n s c j m".split()
        ),
        clause_openers=("et", "mais", "ou", "donc", "car", "qui", "que", "dont", "où", "lorsque", "puis", "alors"),
    ),
    "en": LanguageProfile(
        code="en",
        spacy_model=None,
        stopwords=frozenset(
            "the a an and is are was were that which who in for not by on to of with but or this "
            "these those it he she they we you be been have has had will would can if as at from "
            "our your their its we'll you're it's i my me do does".split()
        ),
        clause_openers=("and", "but", "or", "so", "because", "which", "who", "that", "where", "when", "then"),
    ),
}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


def profile(code: str) -> LanguageProfile:
    try:
        return PROFILES[code]
    except KeyError:
        raise KeyError(f"no language profile for {code!r}; known: {', '.join(sorted(PROFILES))}") from None


def guess_language(text: str, candidates: tuple[str, ...] = ("fr", "en"), min_hits: int = 3) -> str | None:
    """Best candidate language by stop-word hits, or None when the evidence is thin.

    Deliberately cautious: it only has to catch whole sentences in another language
    (an English cookie banner inside a French article), never to label short titles.
    """
    words = []
    for w in _WORD.findall(text.lower()):
        # Elisions (l'armée, we'll) count as their first part too.
        words.append(w)
        words.extend(p for p in re.split(r"['’]", w)[:1] if p != w)
    scores = {code: sum(1 for w in words if w in PROFILES[code].stopwords) for code in candidates}
    best = max(scores, key=scores.get)
    others = max((s for c, s in scores.items() if c != best), default=0)
    if scores[best] >= min_hits and scores[best] >= 2 * others + 1:
        return best
    return None
