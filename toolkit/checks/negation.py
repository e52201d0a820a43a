"""`negation_mismatch`: the French negates ("ne … pas/plus/jamais/rien/personne/aucun/
guère/ni", "sans", "non") more often than the English does. Docs: docs/checks.md."""

from __future__ import annotations

import re

from toolkit.checks.kinds import NEGATION_MISMATCH
from toolkit.checks.text import Word, cognate_key, fold, words_of
from toolkit.document import Finding
from toolkit.lang.en import checks as en
from toolkit.lang.fr import checks as fr
from toolkit.lang.typography import CLAUSE_BREAK_MARKS

# Punctuation between two words that puts them in different clauses; the comma is left
# out where a negation may span one.
_CLAUSE_BREAK = re.compile(f"[.;:!?,(){re.escape(CLAUSE_BREAK_MARKS)}]")
_CLAUSE_BREAK_NO_COMMA = re.compile(f"[.;:!?(){re.escape(CLAUSE_BREAK_MARKS)}]")


def french_negations(text: str, doc=None) -> list[Word]:
    """Each negation of a French text, by the word that carries it ("pas" of "ne … pas",
    "sans", "non", "aucun", "ni"). Not negations: "ne … que" and "ne … plus que" (only),
    the expletive "ne" ("ne" counts only with a particle before the next punctuation),
    "non plus" (either), "ni" continuing a negation already counted, and "sans"/"non"
    before a noun or adjective (`fr.WEAK_NEGATORS`: "sans gravité" is "minor")."""
    words = words_of(text, french=True)
    lowered = text.lower()
    out: list[Word] = []
    used: set = set()
    infinitive = {t.idx for t in doc if t.pos_ in ("VERB", "AUX")} if doc is not None else set()
    for i, w in enumerate(words):
        low = w.lower.replace("’", "'")
        if low in fr.NE_FORMS:
            found = False
            concord = _after_negator(words, i, text)
            for j in range(i + 1, min(len(words), i + 8)):
                between = text[words[j - 1].end:words[j].start]
                if _CLAUSE_BREAK.search(between):
                    break
                if words[j].lower in fr.NEGATION_PARTICLES:
                    if any(lowered.startswith(tag, w.start) for tag in fr.TAG_QUESTIONS):
                        break
                    nxt = words[j + 1].lower.replace("’", "'") if j + 1 < len(words) else ""
                    if words[j].lower == "plus" and nxt in fr.RESTRICTIVE_QUE:
                        break  # "il ne reste plus que": only
                    if not concord:
                        out.append(words[j])
                    used.add(j)
                    found = True
                    # "ne … plus aucun", "ne … ni … ni": the same negation
                    used |= _continuing(words, j, text, fr.PARTICLE_CONTINUERS)
                    break
                if words[j].lower in fr.NE_FORMS or words[j].lower in fr.CLAUSE_JOINERS:
                    break  # "aucun d'eux ne sait négocier et aucun …": the next clause's negator
            if not found and not concord and not _restrictive_que(words, i, text):
                _literary_ne(words, i, out)
    for i, w in enumerate(words):
        if i in used:
            continue
        low = w.lower
        base = low.split("-")[0]
        if low in fr.STANDALONE_NEGATORS or (base == "non" and "-" in low):
            prev = words[i - 1].lower.replace("’", "'") if i else ""
            nxt = words[i + 1].lower.replace("’", "'") if i + 1 < len(words) else ""
            if low in fr.NOT_NEGATION_BEFORE and prev in fr.NOT_NEGATION_BEFORE[low]:
                continue
            if low in fr.NOT_NEGATION_AFTER and nxt in fr.NOT_NEGATION_AFTER[low]:
                continue
            if low == "non" and (prev in fr.NON_NOT_NEGATION_AFTER or nxt == "plus"):  # "ou non", "non plus"
                continue
            if low in fr.WEAK_NEGATORS and not (nxt in fr.CLAUSE_AFTER_WEAK or (i + 1 < len(words) and words[i + 1].start in infinitive)):
                continue
            if "-" in low:
                continue  # "non-violence", "sans-abri": one word, often one English word
            out.append(w)
            if low in fr.CONTINUED_STANDALONE_NEGATORS:
                used |= _continuing(words, i, text, fr.STANDALONE_CONTINUERS)  # "sans … ni", "sans aucun doute", "ni … ni"
    return sorted(out, key=lambda w: w.start)


def _after_negator(words: list, i: int, text: str) -> bool:
    """Whether the "ne" of words[i] follows a negator of its own clause ("rien de grave ne
    peut", "aucun de ces traders n'a … aucune", "sans qu'on ne retrouve jamais"): negative
    concord, one negation, which the earlier word carries."""
    for k in range(i - 1, max(-1, i - 10), -1):
        if _CLAUSE_BREAK.search(text[words[k].end:words[k + 1].start]):
            return False
        if words[k].lower in fr.CONCORD_NEGATORS:
            return True
    return False


def _continuing(words: list, i: int, text: str, continuing: tuple) -> set:
    """Indices of the words after words[i] that continue its negation ("ne … plus aucun",
    "ni … ni") within its sentence: the next twelve words, any "ni" of the sentence. Past a
    comma or a conjunction that begins a clause (fr.CLAUSE_JOINERS), only "ni" ("ni X, ni
    Y") continues: "ne … pas avant l'été, bien qu'aucune date …" negates twice, and so does
    "aucun d'eux ne sait … et aucun d'eux n'est prêt"."""
    out: set = set()
    comma = False
    for k in range(i + 1, len(words)):
        between = text[words[k - 1].end:words[k].start]
        if _CLAUSE_BREAK_NO_COMMA.search(between):
            break
        comma = comma or "," in between or words[k].lower in fr.CLAUSE_JOINERS
        if words[k].lower == "ni" and "ni" in continuing:
            out.add(k)  # "ne peut pas expliquer X, ni Y": however far, the same negation
        elif words[k].lower in continuing and not comma and k < i + 12:
            out.add(k)
    return out


def _restrictive_que(words: list, i: int, text: str) -> bool:
    """"ne … que" (only) before the next punctuation."""
    for j in range(i + 1, min(len(words), i + 8)):
        if _CLAUSE_BREAK.search(text[words[j - 1].end:words[j].start]):
            return False
        if words[j].lower in fr.RESTRICTIVE_QUE:
            return True
    return False


def _literary_ne(words: list, i: int, out: list) -> None:
    """"ils ne peuvent bénéficier": "ne" alone before pouvoir, savoir, oser or cesser."""
    j = i + 1
    while j < len(words) and words[j].lower in fr.CLITICS:
        j += 1
    if j < len(words) and re.fullmatch(fr.LITERARY_NE_VERB, words[j].lower):
        out.append(words[i])


def english_negations(text: str) -> tuple[list[Word], list[Word]]:
    """(negators, negative-affix words) of an English text."""
    strict, affixed = [], []
    for w in words_of(text):
        low = w.lower.replace("’", "'")
        if low == "nor" and w.text != "Nor":
            continue  # "neither … nor", "not … nor": it continues a negation, as French "ni" does
        if low in en.NEGATORS or low.endswith("n't") or low.startswith("non-") or low in ("no-one",):
            strict.append(w)
        elif low in en.NEGATIVE_AFFIX_WORDS or (low.startswith("un") and len(low) > 5 and low not in en.UN_NOT_NEGATIVE and not low.startswith(en.UN_NOT_NEGATIVE_PREFIXES)):
            affixed.append(w)
    return strict, affixed


def _is_lexical_negative(folded: str) -> bool:
    """A French word that says "deny", "refuse", "lack" or "fail" ("a nié", "l'absence")."""
    return folded in fr.LEXICAL_NEGATIVE_WORDS or folded.startswith(fr.LEXICAL_NEGATIVE_PREFIXES)


def _negative_stem(word: str) -> str:
    for suffix in ("lessly", "less"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    for prefix in ("non-", "non", "dis", "un", "im", "in", "il", "ir"):
        if word.startswith(prefix):
            return word[len(prefix):]
    return word


def check_negation(fr_text: str, en_text: str, doc=None) -> list[Finding]:
    fr_neg = french_negations(fr_text, doc)
    if not fr_neg:
        return []
    strict, affixed = english_negations(en_text)
    # "Ditta a nié … ne suis pas" / "Ditta denied … am not": "denied" renders "nié".
    fr_lexical = sum(1 for w in words_of(fr_text, french=True) if _is_lexical_negative(fold(w.lower)))
    lexical = [w for w in strict if w.lower in en.LEXICAL_NEGATORS]
    for w in lexical[:fr_lexical]:
        strict.remove(w)
    if len(strict) >= len(fr_neg):
        return []
    # An affixed word renders a negation when its stem is in the French ("pas possible":
    # "impossible"); "impossible" for "impossible" leaves the French "pas" unrendered.
    # A French word negated by a "non"/"sans" that was not counted ("un sexe « non spécifié »":
    # an adjective) is what the English affixed word renders ("unspecified"), not a counted negation.
    fr_words = words_of(fr_text, french=True)
    counted = {w.start for w in fr_neg}
    fr_keys = {
        cognate_key(w.text) for i, w in enumerate(fr_words)
        if len(w.text) >= 4 and not (i and fr_words[i - 1].lower in fr.WEAK_NEGATORS and fr_words[i - 1].start not in counted)
    }
    affixed = [w for w in affixed if cognate_key(_negative_stem(w.lower)) in fr_keys]
    if len(strict) + len(affixed) >= len(fr_neg) and strict:
        return []
    if not strict and affixed and len(fr_neg) == 1:
        return []
    missing = fr_neg[len(strict)] if len(strict) < len(fr_neg) else fr_neg[-1]
    seen = ", ".join(w.text for w in strict) or "none"
    msg = f"{len(fr_neg)} negation{'s' if len(fr_neg) > 1 else ''} in French ({', '.join(w.text for w in fr_neg)}), {len(strict)} in English ({seen})"
    return [Finding(NEGATION_MISMATCH, missing.start, missing.end, None, None, missing.text, "", msg)]
