"""`hedge_lost`: the French does not vouch for a claim (reportive conditional "aurait
subi", "selon X", "d'après X") and the English has no evidential ("reportedly",
"according to", "would", "said", "may have" …). Docs: docs/checks.md."""

from __future__ import annotations

import re

from toolkit.checks.kinds import HEDGE_LOST
from toolkit.checks.text import Word, fold, words_of
from toolkit.document import Finding
from toolkit.lang.en import checks as en
from toolkit.lang.fr import checks as fr


def french_hedges(text: str, doc=None) -> list[tuple[int, int, str]]:
    """(start, end, text) of each claim marker the French does not vouch for: a
    third-person conditional that is not an epistemic modal ("aurait subi", "seraient
    arrêtés", not "pourrait", not after "si"), and "selon X" / "d'après X"."""
    out = []
    low = fold(text)
    for marker in fr.ATTRIBUTION_MARKERS:
        for m in re.finditer(r"(?<!\w)" + re.escape(fold(marker)) + r"(?![\w-])", low):
            if re.match(r"\s+(?:" + "|".join(fr.NOT_ATTRIBUTION_AFTER) + r")\b", low[m.end():]):
                continue  # "selon laquelle" (that), "selon moi" (in my view), "selon toute vraisemblance"
            out.append((m.start(), m.end(), text[m.start():m.end()]))
    if doc is not None:
        first_si = re.search(r"\b[Ss]i\b", text)  # a hypothesis: conditionals after it are not reports
        for t in doc:
            if t.pos_ not in ("VERB", "AUX"):
                continue
            lower = t.lower_
            mood = t.morph.get("Mood")
            is_cond = lower in fr.CONDITIONAL_AUXILIARIES or ("Cnd" in mood and re.search(r"r(?:ait|aient)$", lower))
            if not is_cond or t.lemma_ in fr.MODAL_CONDITIONAL_LEMMAS:
                continue
            if "1" in t.morph.get("Person") or "2" in t.morph.get("Person"):
                continue
            if not lower.startswith(fr.CONDITIONAL_AUXILIARY_STEMS) and first_si is not None and first_si.start() < t.idx:
                continue
            if re.match(r"-(?:t-)?(?:il|elle|ils|elles|on|ce)\b", text[t.idx + len(t.text):]):
                continue  # "aurait-il", "ne serait-ce que": an inverted question or idiom, not a report
            out.append((t.idx, t.idx + len(t.text), t.text))
    return sorted(out)


def english_evidentials(text: str) -> list[Word]:
    out = []
    for w in words_of(text):
        low = w.lower.replace("’", "'")
        if low in en.EVIDENTIAL_WORDS or low.endswith(en.EVIDENTIAL_SUFFIXES):
            out.append(w)
    return out


def check_hedge(fr_text: str, en_text: str, doc=None) -> list[Finding]:
    hedges = french_hedges(fr_text, doc)
    if not hedges or english_evidentials(en_text):
        return []
    s, e, word = hedges[0]
    kind = "attributes the claim" if fold(word).startswith(("selon", "d'apres", "aux", "a en", "de source")) else "reportive conditional"
    msg = f"{word} in French ({kind}: not vouched for), no evidential in English (reportedly, according to, would, said …)"
    return [Finding(HEDGE_LOST, s, e, None, None, word, "", msg)]
