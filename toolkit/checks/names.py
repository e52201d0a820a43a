"""`name_missing`: a person, organisation or place of the French parse (spaCy NER) has no
counterpart in the English, allowing accents, transliteration ("Choïgou"/"Shoigu",
"Kiev"/"Kyiv") and English exonyms ("Allemagne"/"Germany"). Docs: docs/checks.md."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from toolkit.checks.kinds import NAME_MISSING
from toolkit.checks.text import cognate_key, fold
from toolkit.document import Finding
from toolkit.lang.fr import checks as fr

NAME_LABELS = ("PER", "ORG", "LOC")
_TRANSLIT = (("tch", "ch"), ("ch", "sh"), ("kh", "h"), ("ou", "u"), ("y", "i"), ("j", "i"), ("w", "v"), ("ck", "k"), ("ph", "f"), ("dj", "j"), ("ï", "i"))


def _translit(s: str) -> str:
    s = fold(s)
    for a, b in _TRANSLIT:
        s = s.replace(a, b)
    return re.sub(r"(.)\1", r"\1", s)


def _skeleton(s: str) -> str:
    return re.sub(r"[aeiou'\-]", "", s)


def names_match(a: str, b: str) -> bool:
    """Whether two spellings may name the same thing: equal without accents, or after a
    rough transliteration (ch/sh, ou/u, y/i, doubled letters), equal, with the same
    consonant skeleton, or close (ratio ≥ 0.8); or one a prefix of the other ("Syrie"/
    "Syrian")."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    ta, tb = _translit(a), _translit(b)
    if ta == tb:
        return True
    if ta and tb and ta[0] == tb[0]:
        ka, kb = _skeleton(ta), _skeleton(tb)
        if len(ka) >= 2 and ka == kb:  # "Kiev"/"Kyiv": k-v
            return True
    if len(ta) >= 4 and len(tb) >= 4:
        n = min(len(ta), len(tb))
        common = len(_common_prefix(ta, tb))
        if common >= 4 and common >= 0.75 * n:
            return True
        if ta[0] == tb[0] and SequenceMatcher(None, ta, tb).ratio() >= 0.8:
            return True
    return False


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return a[:n]


def _name_tokens(ent_text: str) -> list[str]:
    parts = re.split(r"[\s\-'’&]+", ent_text)
    return [
        p for p in parts
        if len(p.strip(".")) >= 2 and fold(p) not in fr.NAME_STOPWORDS and not re.fullmatch(r"[IVXLC]+(?:e|er|ème)?", p)
    ]


_COMMON_WORDS: dict[int, frozenset] = {}
_ADJECTIVES: dict[int, frozenset] = {}  # filled with _COMMON_WORDS, by the same vocab id


def common_words(nlp) -> frozenset:
    """French nouns, adjectives and verbs the lemmatizer knows: a name made only of these
    ("Marine nationale", "Bureau ovale", "Aube dorée") is translated, not kept."""
    key = id(nlp.vocab)
    if key not in _COMMON_WORDS:
        words: set = set()
        adjectives: set = set()
        for _, pipe in nlp.pipeline:
            lookups = getattr(pipe, "lookups", None)
            if lookups is not None and lookups.has_table("lemma_index"):
                table = lookups.get_table("lemma_index")
                for value in table.values():
                    words.update(value)
                adjectives.update(table.get("adj") or ())
        _COMMON_WORDS[key] = frozenset(words | {fold(w) for w in words})
        _ADJECTIVES[key] = frozenset(adjectives | {fold(w) for w in adjectives})
    return _COMMON_WORDS[key]


def check_names(fr_text: str, en_text: str, doc, common: frozenset = frozenset()) -> list[Finding]:
    if doc is None:
        return []
    en_tokens = [w for w in re.findall(r"[^\W_]+(?:\.[^\W_]+)*\.?", en_text)]
    en_folded = {fold(t).rstrip(".") for t in en_tokens}
    en_acronyms = frozenset(fold(t) for t in re.findall(r"\b[A-Z]{2,6}\b", en_text))
    en_by_initial: dict[str, list] = {}
    for t in en_folded:
        if t:
            en_by_initial.setdefault(_translit(t)[:1], []).append(t)
    findings = []
    for ent, proper in checked_names(doc, common):
        if _name_present(ent.text, proper, en_folded, en_by_initial, en_acronyms):
            continue
        msg = f"{ent.text} ({ent.label_}) in French, no counterpart in English"
        findings.append(Finding(NAME_MISSING, ent.start_char, ent.end_char, None, None, ent.text, "", msg))
    return findings


def checked_names(doc, common: frozenset) -> list:
    """(entity, its proper-name words) for each PER/ORG/LOC of the French parse that the
    name check looks for: at least one word that is not an ordinary French word."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        tokens = _name_tokens(ent.text)
        if not tokens or fold(ent.text) in fr.NOT_NAMES or all(fold(t) in fr.NOT_NAMES for t in tokens):
            continue
        lemmas = {t.text: t.lemma_.lower() for t in ent}
        # The lemmatizer's tables hold proper nouns too ("Kiev", "Paris", "Canada"), so a word the
        # parser tags PROPN is a name even when its lower case is in them: a lone place or person
        # word, not first in its sentence, and not an adjective too (demonyms and "Sud":
        # "Suédois" is "Swede"); bodies named with ordinary words stay unchecked ("Marine
        # nationale": "Navy"). The adjectives come from the pipeline `common` was made from.
        adjectives = _ADJECTIVES.get(id(doc.vocab), frozenset())
        tagged_proper = [
            t.text for t in ent
            if t.pos_ == "PROPN" and fold(t.text) not in adjectives and t.lower_ not in adjectives
        ] if len(ent) == 1 and ent.label_ in ("LOC", "PER") and ent.start != ent.sent.start else []
        proper = [
            t for t in tokens
            if t[0].isupper() and (
                not {t.lower(), fold(t), lemmas.get(t, t.lower()), re.sub(r"[sx]$", "", t.lower())} & common
                or any(t in x for x in tagged_proper)
            )
        ]
        if not proper:
            continue  # a name made of ordinary words is translated ("Marine nationale": "Navy")
        if len(ent) == 1 and ent.start == ent.sent.start and ent[0].pos_ in ("VERB", "ADJ", "NOUN", "ADV", "AUX"):
            continue  # a capitalised first word the recogniser took for a name ("Livrés à eux-mêmes")
        out.append((ent, proper))
    return out


def _name_present(ent_text: str, tokens: list, en_folded: set, en_by_initial: dict, en_acronyms: frozenset = frozenset()) -> bool:
    whole = fold(ent_text)
    for key in (whole, whole.split(" ", 1)[-1]):
        if key in fr.EXONYMS and any(v in en_folded for v in fr.EXONYMS[key]):
            return True
    for t in tokens:
        ft = fold(t)
        if ft in en_folded:
            return True
        if len(ft) >= 5 and any(cognate_key(ft) == cognate_key(x) for x in en_folded if len(x) >= 5):
            return True
        if ft in fr.EXONYMS and any(v in en_folded for v in fr.EXONYMS[ft]):
            return True
        if t.isupper() and len(t) >= 2:  # acronyms: "OTAN"/"NATO", "UE"/"EU", "OIAC"/"OPCW"
            letters = set(ft)
            for x in en_acronyms:
                if sorted(ft) == sorted(x) or (abs(len(x) - len(ft)) <= 1 and len(letters & set(x)) >= 2):
                    return True
        for cand in en_by_initial.get(_translit(ft)[:1], ()):
            if names_match(ft, cand):
                return True
        # Transliteration may change the first letter ("Iouri"/"Yuri", "Kharkiv"/"Harkiv").
        for cand in en_by_initial.get(_translit(ft)[1:2], ()):
            if len(ft) >= 4 and names_match(ft[1:], cand[1:] if cand[:1] != ft[1:2] else cand):
                return True
    return False
