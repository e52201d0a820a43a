"""`omission`: a stretch of the French with several content words and no counterpart in
the English: the words around it are anchored (figures, names, cognates, frequent
words), and the English between those anchors is far shorter than the French. The
anchors use a longest-increasing-chain search (n log n). Docs: docs/checks.md."""

from __future__ import annotations

import bisect

from toolkit.checks.kinds import OMISSION
from toolkit.checks.text import CONTENT_WORD, cognate_key, words_of
from toolkit.document import Finding
from toolkit.lang.fr import checks as fr


def _anchors(fr_words: list, en_words: list) -> list[tuple[int, int]]:
    """(French word index, English word index) pairs of words that plausibly translate
    each other without a dictionary: equal figures, equal or cognate words (same first
    five letters after folding: "gouvernement"/"government", "économique"/"economic")."""
    en_index: dict[str, list] = {}
    en_exact: dict[str, list] = {}
    for j, w in enumerate(en_words):
        en_exact.setdefault(w.lower, []).append(j)
        if CONTENT_WORD.match(w.text) or w.text.isdigit() or w.text[:1].isupper():
            en_index.setdefault(cognate_key(w.text), []).append(j)
    pairs = []
    for i, w in enumerate(fr_words):
        for translation in fr.TRANSLATIONS.get(w.lower, ()):
            for j in en_exact.get(translation, ())[:4]:
                pairs.append((i, j))
        if w.lower in fr.FUNCTION_WORDS or not (CONTENT_WORD.match(w.text) or w.text.isdigit() or w.text[:1].isupper()):
            continue
        for j in en_index.get(cognate_key(w.text), ())[:4]:
            pairs.append((i, j))
    return pairs


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain increasing in both indices (patience sorting, n log n)."""
    pairs = sorted(pairs, key=lambda p: (p[0], -p[1]))
    tails: list[int] = []
    tail_idx: list[int] = []
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        back[k] = tail_idx[pos - 1] if pos else -1
    chain = []
    k = tail_idx[-1] if tail_idx else -1
    while k != -1:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


# Tuned on newstest2014 references and their clause-deleted corruptions (docs/checks.md).
OMISSION_SHORT_RATIO = 0.5  # English chars per French char below which a clause is surely missing
OMISSION_RATIO = 0.7  # below this, an unanchored French stretch is taken for an omission ...
OMISSION_EXCESS = 7  # ... when it has this many more words than the English between its anchors
EXPECTED_EN_PER_FR_WORD = 0.85


def check_omission(fr_text: str, en_text: str) -> list[Finding]:
    """A stretch of the French with no counterpart in the English. Figures, names,
    cognates and frequent words (fr.TRANSLATIONS) anchor French words to English ones
    (the longest chain in order); between two anchors, the English should have about
    0.85 words per French word. Where it has OMISSION_EXCESS fewer and the English is
    short overall, or where the English is under half the French, a clause is missing."""
    fr_words, en_words = words_of(fr_text, french=True), words_of(en_text)
    if len(fr_words) < 6:
        return []
    ratio = len(en_text) / max(1, len(fr_text))
    if ratio >= OMISSION_RATIO:
        return []
    chain = _longest_chain(_anchors(fr_words, en_words))
    points = [(-1, -1)] + chain + [(len(fr_words), len(en_words))]
    best = None
    for (i1, j1), (i2, j2) in zip(points, points[1:]):
        gap_fr = fr_words[i1 + 1:i2]
        if not gap_fr:
            continue
        excess = EXPECTED_EN_PER_FR_WORD * len(gap_fr) - (j2 - j1 - 1)
        if best is None or excess > best[0]:
            best = (excess, gap_fr, j1, j2)
    if best is None or (best[0] < OMISSION_EXCESS and ratio >= OMISSION_SHORT_RATIO):
        return []
    _, gap_fr, j1, j2 = best
    s, e = gap_fr[0].start, gap_fr[-1].end
    t_s = en_words[j1].end if j1 >= 0 else 0
    t_e = en_words[j2].start if j2 < len(en_words) else len(en_text)
    n_en = max(0, j2 - j1 - 1)
    msg = (
        f"{len(gap_fr)} French words ({fr_text[s:e][:60]}{'…' if e - s > 60 else ''}) against {n_en} English words; "
        f"the English is {ratio:.0%} of the French length"
    )
    return [Finding(OMISSION, s, e, t_s, t_e, fr_text[s:e], en_text[t_s:t_e].strip(), msg)]
