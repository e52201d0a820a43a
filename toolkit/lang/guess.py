"""Which language a text is in, by the stop words of each profile (toolkit.lang.PROFILES)."""

from __future__ import annotations

import re

from toolkit.lang import PROFILES

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


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
