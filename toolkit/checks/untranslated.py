"""`untranslated`: French left in the English. Docs: docs/checks.md."""

from __future__ import annotations

from toolkit.checks.kinds import UNTRANSLATED
from toolkit.checks.text import fold, words_of
from toolkit.document import Finding
from toolkit.lang.fr import checks as fr


def check_untranslated(fr_text: str, en_text: str) -> list[Finding]:
    words = [w for w in words_of(en_text)]
    if not words:
        return []
    french = [w for w in words if w.lower.replace("’", "'") in fr.FUNCTION_WORDS and w.text[0].islower()]
    ratio = len(french) / len(words)
    # Lower-case words (not names, not figures) copied from the French: a human or machine
    # translation shares names and figures with its source, rarely ordinary words.
    fr_lower = {w.lower for w in words_of(fr_text, french=True) if w.text[0].islower()}
    ordinary = [w for w in words_of(en_text, french=False) if w.text[0].islower() and len(w.text) >= 2]
    copied = [w for w in ordinary if w.lower in fr_lower]
    if len(copied) >= 3 and len(copied) >= 0.5 * len(ordinary):
        french = french or copied
        ratio = 1.0
    same = fold(fr_text.strip()) == fold(en_text.strip()) and len(words) >= 3 and (french or copied)
    french = french or copied
    if (len(french) >= 3 and ratio >= 0.15) or (ratio == 1.0 and french) or same:
        s, e = french[0].start, french[-1].end
        sample = " ".join(w.text for w in french[:5])
        msg = f"English text holds French: {len(french)} French function words ({sample} …) of {len(words)} words"
        return [Finding(UNTRANSLATED, None, None, s, e, "", en_text[s:e], msg)]
    return []
