"""Speaker resolution: mentions ("Il", "le Major", "Peskov") linked to canonical
speakers across the article (pronoun antecedents, name parts, acronyms)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from toolkit.document import Speaker
from toolkit.lang.fr.quotes import FRENCH, NAME_LINKS, QuoteLexicon
from toolkit.quotes.mentions import first_or_second_person, join_tokens, mention_at, speaker_head
from toolkit.quotes.tokens import Tok, in_ranges


@dataclass(frozen=True)
class Mention:
    head: Optional[int]
    text: Optional[str]
    description: Optional[str]
    possessive: bool
    para: int = -1  # paragraph position of the quote it speaks (not of the mention)


def _compound_lower(toks: Sequence[Tok], k: int) -> str:
    """"état-major" even when spaCy split it into "état", "-", "major"."""
    s = e = k
    while s > 0 and toks[s - 1].end == toks[s].start and toks[s - 1].para == toks[k].para and ("-" in (toks[s - 1].text[-1:], toks[s].text[:1])):
        s -= 1
    while e + 1 < len(toks) and toks[e + 1].start == toks[e].end and toks[e + 1].para == toks[k].para and ("-" in (toks[e].text[-1:], toks[e + 1].text[:1])):
        e += 1
    if s == e:
        return toks[k].lemma
    return "".join(t.text for t in toks[s : e + 1]).lower()


# How far back (in tokens) a pronoun's antecedent is looked for, within its paragraphs:
# about forty sentences of news prose.
_ANTECEDENT_TOKENS = 1000


def _antecedent(toks: Sequence[Tok], pron_i: int, gender: Optional[str], number: Optional[str], quote_ranges: Sequence[tuple[int, int]], lex: QuoteLexicon, max_paras: int = 4, collective_ok: bool = False, mention_heads: frozenset = frozenset(), persons_only: bool = False) -> Optional[int]:
    """Nearest preceding compatible candidate (outside quotes) for a pronoun or role noun.

    Candidates are the subjects of main clauses, a person's name that opens its sentence,
    and the speakers already named by earlier attributions ("selon le soldat … selon
    lui"); a subject inside a "que" clause ("Il a déclaré que le Kremlin …") is a weaker
    candidate, tried only when no main one fits.
    """
    for strict in (True, False):
        k = _antecedent_pass(toks, pron_i, gender, number, quote_ranges, lex, max_paras, collective_ok, mention_heads, persons_only, strict)
        if k is not None:
            return k
    return None


def _opens_sentence_with_a_name(toks: Sequence[Tok], k: int) -> bool:
    """Is token k a person's name that opens its sentence (after a conjunction: "Mais
    Anne Tamar-Mattis, directrice …, craint que …")? Such a name is the sentence's topic
    even when the parser, lost in a long apposition, gives it no subject relation."""
    t = toks[k]
    if t.pos != "PROPN" or t.ent != "PER" or not t.text[:1].isupper():
        return False

    def sentence_start(j: int) -> bool:
        return j < 0 or toks[j].para != t.para or toks[j].text in (".", "!", "?")

    return sentence_start(k - 1) or (toks[k - 1].pos == "CCONJ" and sentence_start(k - 2))


def _antecedent_pass(toks, pron_i, gender, number, quote_ranges, lex, max_paras, collective_ok, mention_heads, persons_only, strict) -> Optional[int]:
    # "75 % de son unité aurait selon lui été tuée": a disjoint pronoun never points to
    # the subject of its own sentence.
    # Likewise a subject pronoun in an incise ("…, a-t-il ajouté") is not the narrator's
    # subject earlier in the same sentence.
    same_sentence_ok = False
    para_limit = toks[pron_i].para - max_paras
    sentence_end_between = False  # a . ! ? among toks[k:pron_i], kept as k moves back
    # The window is a few paragraphs, and at most _ANTECEDENT_TOKENS tokens: an article
    # that is one long paragraph must not make every pronoun scan back to its start.
    for k in range(pron_i - 1, max(-1, pron_i - 1 - _ANTECEDENT_TOKENS), -1):
        t = toks[k]
        if t.para < para_limit:
            break
        sentence_end_between = sentence_end_between or t.text in (".", "!", "?")
        is_subject = t.dep.startswith("nsubj") and (not strict or toks[t.head].dep == "ROOT" or toks[t.head].lemma in lex.cue_verbs)
        # "Un commandant opérant près de …, a appelé": an indefinite role noun introduces a
        # person even when the parser misses the subject relation.
        introduces = persons_only and t.pos == "NOUN" and t.lemma in lex.role_nouns and k > 0 and toks[k - 1].lower in ("un", "une") and (k < 2 or toks[k - 2].para != t.para or toks[k - 2].text in (".", "!", "?"))
        if not is_subject and k not in mention_heads and not introduces and not _opens_sentence_with_a_name(toks, k):
            continue
        if same_sentence_ok is False and not sentence_end_between and toks[k].para == toks[pron_i].para:
            continue
        if persons_only and not ((t.pos == "NOUN" and t.lemma in lex.role_nouns) or (t.pos == "PROPN" and t.ent == "PER") or k in mention_heads):
            continue
        if in_ranges(quote_ranges, t.start):
            continue
        if t.lower in lex.impersonal or first_or_second_person(t, lex):
            continue
        if t.ent == "LOC" and t.pos == "PROPN" and t.lower not in ("kremlin",):
            continue
        if t.pos == "PRON":
            if t.lower not in lex.pronouns:
                continue
            g, nb = lex.pronouns[t.lower]
        elif t.pos in ("NOUN", "PROPN"):
            if t.lemma in lex.speech_carriers:
                continue
            g, nb = t.gender or "", t.number or "Sing"
        else:
            continue
        collective = _compound_lower(toks, k) in lex.collective_nouns or t.lower in lex.collective_nouns
        if number and nb and nb != number and not (collective_ok and collective and number == "Plur"):
            continue
        if gender and g and g != gender:
            continue
        return k
    return None


def _canonical(name: str, lex: QuoteLexicon) -> str:
    words = name.replace("’", "'").split()
    while words and (words[0].lower() in ("le", "la", "les", "un", "une", "des", "du", "de", "l'", "d'") or words[0].lower() in lex.honorifics):
        words = words[1:]
    out = " ".join(words) if words else name
    if out.lower().startswith(("l'", "d'")):
        out = out[2:]
    return out


def _key_words(name: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w[\w-]*", name) if len(w) > 2 and w.lower() not in ("les", "des", "une", "aux", "par")}


def _introduced_name(toks: Sequence[Tok], h: int, role_tokens: Sequence[int], lex: QuoteLexicon, known) -> Optional[tuple[str, int]]:
    """The name an earlier mention of the same role noun introduced ("le président
    ukrainien Volodymyr Zelensky"), nearest first; at most three earlier mentions are read."""
    k = bisect.bisect_left(role_tokens, h)
    for r in reversed(role_tokens[max(0, k - 3) : k]):
        if toks[r].gender and toks[h].gender and toks[r].gender != toks[h].gender:
            continue  # "l'ancien secrétaire" is not "la secrétaire d'État"
        name, _, head = mention_at(toks, r, lex)
        if head != r and toks[head].pos == "PROPN":
            return name, head
        # "l'ancien secrétaire général de la Maison-Blanche Bill Daley": the person's name
        # closes the role's noun phrase, after its complements (NER often calls it all a
        # place): the capitalised words at its end, not joined by a hyphen. Weaker: the
        # caller takes it only when it names a speaker already known.
        e = r + 1
        while e < len(toks) and e - r <= 12 and toks[e].para == toks[r].para and (toks[e].pos not in ("VERB", "AUX", "PUNCT") or toks[e].text == "-"):
            e += 1
        first = e
        while first - 1 > r and (toks[first - 1].text[:1].isupper() or toks[first - 1].pos == "SPACE") and toks[first - 2].text != "-":
            first -= 1
        words = [t for t in toks[first:e] if t.pos != "SPACE"]
        if words and words[0].text[:1].isupper() and len(words) <= 4 and known(join_tokens(words), words[-1]):
            return join_tokens(words), words[-1].i
    return None


def _acronyms(toks: Sequence[Tok]) -> dict[str, str]:
    """Acronym -> the article's name it abbreviates ("RBS" -> "Royal Bank of Scotland").

    One pass over the tokens: each run of capitalised words (joined by `of`, `de` …)
    within a paragraph gives the initials of its capitalised words; the first run for
    each set of initials (two letters or more) names it.
    """
    out: dict[str, str] = {}
    k = 0
    while k < len(toks):
        if not (toks[k].text[:1].isupper() and toks[k].text[1:2].islower()):
            k += 1
            continue
        e = k
        while e + 1 < len(toks) and toks[e + 1].para == toks[k].para and (
                (toks[e + 1].text[:1].isupper() and toks[e + 1].text[1:2].islower()) or (toks[e + 1].lower in NAME_LINKS and e + 2 < len(toks) and toks[e + 2].text[:1].isupper())):
            e += 1
        run = toks[k : e + 1]
        while run and run[0].pos in ("DET", "ADP"):  # "La National …" at a sentence start
            run = run[1:]
        words = [t.text for t in run if t.text[:1].isupper()]
        if len(words) >= 2:
            out.setdefault("".join(w[0] for w in words), join_tokens(run))
        k = e + 1
    return out


# How many paragraphs a conversation holds its speaker for a pronoun that finds no
# person of its own ("…», a-t-elle déclaré" five lines after the person last spoke).
_LAST_SPEAKER_PARAS = 6


def resolve_speakers(toks: Sequence[Tok], mentions: Sequence[Optional[Mention]], quote_ranges: Sequence[tuple[int, int]], lex: QuoteLexicon = FRENCH) -> tuple[list[Optional[int]], list[Speaker]]:
    """Group the quotes' speaker mentions into canonical speakers.

    Pronouns (il, elle, ils, the possessor of "sa réponse") go to the nearest preceding
    compatible subject outside quotes, following chains of pronouns; "on" is no speaker.
    Names merge on shared name words ("Peskov" → "Dmitri Peskov", "le Major" → "Major
    Gruzev"); definite role nouns ("le militaire") go to the nearest preceding person
    subject when no speaker shares their head noun. Returns, per mention, the index of its
    speaker in the returned list (None when unresolved), and the speakers.
    """
    memo: dict[int, Optional[int]] = {}
    heads = frozenset(m.head for m in mentions if m is not None and m.head is not None)

    def resolve_head(i: int, depth: int = 0) -> Optional[int]:
        """Token index of the non-pronoun mention head that token i refers to."""
        if i in memo:
            return memo[i]
        memo[i] = None
        t = toks[i]
        result: Optional[int] = i
        low = t.lower.lstrip("-").replace("t-", "")
        if depth > 6:
            result = None
        elif low in lex.pronouns or t.lower in ("sa", "son", "ses", "leur", "leurs"):
            if low in lex.pronouns:
                g, nb = lex.pronouns[low]
                g = None if nb == "Plur" else g
            elif t.lower in ("leur", "leurs"):
                g, nb = None, "Plur"
            else:
                g, nb = None, "Sing"
            a = _antecedent(toks, i, g, nb, quote_ranges, lex, collective_ok=True, mention_heads=heads)
            result = resolve_head(a, depth + 1) if a is not None else None
        elif t.pos == "NOUN" and t.lemma in lex.role_nouns and toks[i - 1].lower in ("le", "la", "l'", "l’") if i > 0 else False:
            result = i
        memo[i] = result
        return result

    speakers: list[dict] = []
    assignment: list[Optional[int]] = []

    def find_entity(name: str, head_tok: Tok) -> Optional[int]:
        kw = _key_words(name)
        if not kw:
            return None
        # "Le spécialiste des secours techniques Peter Lau": a role whose mention holds a
        # name is compared by its words, never by its head noun alone.
        named = head_tok.pos == "PROPN" or any(w[:1].isupper() for w in _canonical(name, lex).split()[1:])
        for n, sp in enumerate(speakers):
            if named or sp["propn"]:
                # Names: one holds the other's name words ("Peskov" ⊂ "Dmitri Peskov",
                # "le Major" ⊂ "Major Gruzev"); a word in common is not enough ("National
                # Retail Federation" is not "National Confectioners Association").
                core = kw - lex.role_nouns or kw
                if core <= sp["names"] or (sp["names"] and (sp["names"] - lex.role_nouns or sp["names"]) <= kw):
                    return n
            else:
                if _compound_lower(toks, head_tok.i) == sp["head_lemma"] and (head_tok.number or "Sing") == sp["number"]:
                    return n
        return None

    def person_like(k: int) -> bool:
        """Not a common noun that names no one ("la chirurgie", "son organisation")."""
        t = toks[k]
        if t.pos != "NOUN" or t.ent or k in heads or t.lower in lex.honorifics:
            return True
        return t.lemma in lex.role_nouns or _compound_lower(toks, k) in lex.collective_nouns or t.lower in lex.collective_nouns

    acronyms = _acronyms(toks)
    role_at: dict[str, list[int]] = {}  # role noun -> its tokens, in text order
    for t in toks:
        if t.pos == "NOUN" and t.lemma in lex.role_nouns:
            role_at.setdefault(t.lemma, []).append(t.i)
    last: Optional[tuple[int, int]] = None  # (speaker, paragraph of its last quote)
    gender_of: dict[int, str] = {}  # speaker -> "Masc"/"Fem", from the pronouns and roles naming them
    for m in mentions:
        if m is None or m.head is None:
            assignment.append(None)
            continue
        h = resolve_head(m.head)
        pron = toks[m.head].lower.lstrip("-").replace("t-", "")
        if pron in lex.pronouns and last is not None and (h is None or not person_like(h)) and 0 <= m.para - last[1] <= _LAST_SPEAKER_PARAS:
            # A pronoun with no antecedent, or one that is no speaker ("a-t-elle déclaré"
            # resolved to "la chirurgie"), is the speaker of the conversation going on:
            # the one quoted last, when gender and number agree.
            g, nb = lex.pronouns[pron]
            if nb == speakers[last[0]]["number"] and gender_of.get(last[0], g) == g:
                n = last[0]
                assignment.append(n)
                last = (n, m.para)
                continue
        if h is None:
            assignment.append(None)
            continue
        ht = toks[h]
        if h == m.head:
            name, desc = m.text or ht.text, m.description
        else:
            name, desc, _ = mention_at(toks, speaker_head(toks, h), lex)
        # "la NRF" is the article's "National Retail Federation".
        name = acronyms.get(_canonical(name, lex), name)
        det = h - 1
        while det > 0 and toks[det].pos == "ADJ":  # "l'ancien secrétaire"
            det -= 1
        if ht.pos == "NOUN" and ht.lemma in lex.role_nouns and det >= 0 and toks[det].lower in ("le", "la", "l'", "l’") and not any(w[:1].isupper() for w in _canonical(name, lex).split()[1:]):
            # "l'ancien secrétaire général a admis": the person the article introduced
            # with that role and a name ("l'ancien secrétaire général … Bill Daley").
            introduced = _introduced_name(toks, h, role_at.get(ht.lemma, ()), lex, lambda nm, tk: find_entity(nm, tk) is not None)
            if introduced is not None:
                name, h = introduced
                ht = toks[h]
        n = find_entity(name, ht)
        if n is None and ht.pos == "NOUN" and ht.lemma in lex.role_nouns and h > 0 and toks[h - 1].lower in ("le", "la", "l'", "l’"):
            # "le militaire" refers back to the nearest person already introduced.
            a = _antecedent(toks, h, None, "Sing", quote_ranges, lex, max_paras=2, persons_only=True)
            if a is not None:
                ah = resolve_head(a)
                if ah is not None and ah != h:
                    aname, adesc, _ = mention_at(toks, speaker_head(toks, ah), lex)
                    n = find_entity(aname, toks[ah])
                    if n is None:
                        speakers.append(dict(name=_canonical(aname, lex), names=_key_words(aname), propn=toks[ah].pos == "PROPN", head_lemma=toks[ah].lemma, number=toks[ah].number or "Sing", mentions=[aname], description=adesc))
                        n = len(speakers) - 1
        if n is None:
            speakers.append(dict(name=_canonical(name, lex), names=_key_words(name), propn=ht.pos == "PROPN", head_lemma=_compound_lower(toks, h), number=ht.number or "Sing", mentions=[], description=desc))
            n = len(speakers) - 1
        sp = speakers[n]
        written = m.text or name
        if written not in sp["mentions"]:
            sp["mentions"].append(written)
        if name not in sp["mentions"]:
            sp["mentions"].append(name)
        sp["names"] |= _key_words(name) if ht.pos == "PROPN" else set()
        if sp["description"] is None and desc:
            sp["description"] = desc
        # Prefer a proper name over a role description as the canonical name.
        if ht.pos == "PROPN" and not sp["propn"]:
            sp["propn"] = True
            sp["name"] = _canonical(name, lex)
            sp["names"] |= _key_words(name)
        elif ht.pos == "PROPN" and len(_canonical(name, lex)) > len(sp["name"]):
            sp["name"] = _canonical(name, lex)
        assignment.append(n)
        if pron in ("il", "elle"):
            gender_of.setdefault(n, lex.pronouns[pron][0])
        elif ht.pos == "NOUN" and ht.gender and ht.lemma in lex.role_nouns:
            gender_of.setdefault(n, ht.gender)
        last = (n, m.para)
    # A role-only speaker ("le président ukrainien") is the named speaker introduced with
    # that role ("le président ukrainien Volodymyr Zelensky").
    merged = list(range(len(speakers)))
    for n, sp in enumerate(speakers):
        if sp["propn"]:
            continue
        for m_, other in enumerate(speakers):
            if other["propn"] and other["description"] and sp["head_lemma"] in _key_words(other["description"]) and _key_words(sp["name"]) <= _key_words(other["description"]) | other["names"]:
                merged[n] = m_
                other["mentions"].extend(x for x in sp["mentions"] if x not in other["mentions"])
                break
    keep = sorted(set(merged))
    new_index = {old: k for k, old in enumerate(keep)}
    assignment = [new_index[merged[a]] if a is not None else None for a in assignment]
    out = [
        Speaker(id="", name=speakers[k]["name"], mentions=tuple(speakers[k]["mentions"]), description=speakers[k]["description"])
        for k in keep
    ]
    return assignment, out


# --------------------------------------------------------------------------- unverified claims
