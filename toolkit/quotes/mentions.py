"""Mentions of speakers: the noun phrase around a head token ("le porte-parole du
Kremlin, Dmitri Peskov"), the subject of a cue verb, and the speaker candidate it names."""

from __future__ import annotations

from typing import Optional, Sequence

from toolkit.lang.fr.quotes import FRENCH, HYPHEN_PRONOUN, MENTION_END_WORDS, QuoteLexicon
from toolkit.lang.typography import MENTION_END_MARKS
from toolkit.quotes.marks import SPACES
from toolkit.quotes.tokens import Tok

# Words and marks that end a mention's noun phrase ("le porte-parole qui …", "… » a dit").
_MENTION_END = MENTION_END_WORDS | frozenset(MENTION_END_MARKS)


def mention_at(toks: Sequence[Tok], head: int, lex: QuoteLexicon = FRENCH) -> tuple[str, Optional[str], int]:
    """The written mention around token `head`: (mention, description, head index).

    Names are the PROPN run ("Dmitri Peskov", "Major Gruzev"); a common noun phrase runs
    from its determiner to the first comma, relative pronoun or verb. An apposition after a
    comma ("Dmitri Peskov, porte-parole du Kremlin,") becomes the description; a name
    right after a role noun ("le président ukrainien Volodymyr Zelensky") becomes the name.
    """
    h = toks[head]
    para = h.para
    if h.pos == "PRON":
        return h.text.lstrip("-").replace("t-", ""), None, head
    # Move to the start of the phrase: determiners, adjectives, honorifics, name parts.
    s = head
    while h.pos == "PROPN" and s - 1 >= 0 and toks[s - 1].para == para and (
        toks[s - 1].pos == "PROPN" and toks[s - 1].text[:1].isupper() or toks[s - 1].lower in lex.honorifics
        or (toks[s - 1].pos == "NOUN" and toks[s - 1].text[:1].isupper() and s - 2 >= 0 and toks[s - 2].pos == "DET")
    ):
        s -= 1
    while h.pos != "PROPN" and s - 1 >= 0 and toks[s - 1].para == para and (
        toks[s - 1].pos in ("DET", "ADJ", "PROPN", "NUM")
        or (toks[s - 1].pos == "ADV" and toks[s].pos == "ADJ")
        or (toks[s - 1].end == toks[s].start and (toks[s - 1].text.endswith("-") or toks[s].text.startswith("-")))
        or toks[s - 1].lower in lex.honorifics
        or (toks[s - 1].pos == "NOUN" and h.pos == "PROPN" and toks[s - 1].text[:1].isupper())
    ):
        if toks[s - 1].pos == "ADJ" and toks[s - 1].lower in ("selon",):
            break
        s -= 1
    e = head + 1
    if h.pos == "PROPN":
        while e < len(toks) and toks[e].para == para and _continues_name(toks, e):
            e += 1
    while e < len(toks) and toks[e].para == para:
        t = toks[e]
        # "le président et chef de la direction de Cogeco": coordinated role nouns.
        coordinated_role = t.pos == "CCONJ" and h.pos == "NOUN" and e + 1 < len(toks) and _is_role(toks[e + 1], lex)
        if not coordinated_role and (t.text in (",", ".", ";", ":", "!", "?", "(", ")") or t.lower in _MENTION_END or t.pos in ("VERB", "AUX", "SCONJ", "CCONJ") or (t.pos == "PRON" and e > head)):
            break
        if t.lower in ("à", "au", "aux", "dans", "sur", "pour", "lors", "avec", "par", "en", "le", "la", "les", "l'", "l’") and toks[e - 1].pos == "PROPN" and h.pos == "PROPN":
            break
        if t.lower in ("à", "au", "aux", "dans", "sur", "pour", "lors", "avec", "en", "auprès", "chez", "depuis", "après", "selon") and e > head:
            break
        e += 1
    span = toks[s:e]
    # Trim trailing prepositions / determiners left by the stop rule.
    while span and span[-1].pos in ("ADP", "DET", "PUNCT"):
        span = span[:-1]
    description = None
    props = [t for t in span if t.pos == "PROPN"]
    props = [t for t in props if t.text[:1].isupper()]
    between = toks[head + 1 : props[0].i] if props else []
    # "l'acteur et chanteur Justin Timberlake": coordinated roles before the name; a
    # no-break space is its own SPACE token.
    direct_name = props and props[0].i > head and all(
        t.pos in ("ADJ", "NOUN", "SPACE") or (t.pos == "CCONJ" and k + 1 < len(between) and _is_role(between[k + 1], lex))
        for k, t in enumerate(between)
    )
    if h.pos in ("NOUN", "ADJ") and direct_name:
        # "le président ukrainien Volodymyr Zelensky": the name is the PROPN run.
        first = props[0].i
        last = first
        while last + 1 < len(toks) and toks[last + 1].para == para and _continues_name(toks, last + 1):
            last += 1
        name_start = first
        if first - 1 > s and toks[first - 1].pos == "NOUN" and toks[first - 1].text[:1].isupper():
            name_start = first - 1  # "le Major Gruzev": a capitalised title belongs to the name
        description = join_tokens(toks[s:name_start]) or None
        return join_tokens(toks[name_start : last + 1]), description, first
    mention = (join_tokens(span) if span else h.text).strip(SPACES)
    # "Bombardier, le plus grand constructeur …, a déclaré": the parser often makes the
    # apposition the subject; the name before the comma is the speaker.
    if h.pos == "NOUN" and s >= 2 and toks[s - 1].text == "," and toks[s - 2].pos == "PROPN" and toks[s - 2].para == para:
        n_end = s - 2
        n_start = n_end
        # A no-break space inside the name ("Drew\u00a0Bowler") is a SPACE token of its own.
        while n_start - 1 >= 0 and toks[n_start - 1].para == para and (toks[n_start - 1].pos == "PROPN" or (toks[n_start - 1].pos == "SPACE" and n_start - 2 >= 0 and toks[n_start - 2].pos == "PROPN")):
            n_start -= 1
        if n_start == 0 or toks[n_start - 1].para != para or toks[n_start - 1].text in (".", "!", "?", ":", "»", "”", '"', ","):
            return join_tokens(toks[n_start : n_end + 1]), mention, n_end
    # Apposition after a comma: description.
    if e < len(toks) and toks[e].text == "," and toks[e].para == para:
        d_start = e + 1
        d_end = d_start
        while d_end < len(toks) and toks[d_end].para == para and toks[d_end].text not in (",", ".", ":", ";", "»", "«", "“", "”") and toks[d_end].pos not in ("VERB", "AUX"):
            d_end += 1
        if d_end > d_start and d_end < len(toks) and toks[d_end].text in (",",) and toks[d_start].pos in ("DET", "NOUN", "ADJ", "PRON") and d_end - d_start <= 14:
            description = join_tokens(toks[d_start:d_end])
        # "le président de Cogeco, Louis Audet, …": a role, then the name in apposition.
        names = [t for t in toks[d_start:d_end] if t.pos != "SPACE"]  # "Kate\u00a0O'Malley"
        # Closed by punctuation, or directly by the verb ("La porte-parole de Frontier,
        # Kate O'Malley a indiqué …").
        closed = d_end >= len(toks) or toks[d_end].para != para or toks[d_end].text in (",", ".", ";") or toks[d_end].pos in ("VERB", "AUX")
        if h.pos == "NOUN" and h.lemma in lex.role_nouns and closed and names and all(t.text[:1].isupper() for t in names) and names[0].pos == "PROPN" and len(names) <= 5:
            return join_tokens(names), mention, names[0].i
    return mention, description, head


def _is_role(t: Tok, lex: QuoteLexicon) -> bool:
    """A role noun, also when tagged as an adjective ("l'actrice et chanteuse …")."""
    return t.pos in ("NOUN", "ADJ") and (t.lemma in lex.role_nouns or t.lower in lex.role_nouns)


def _continues_name(toks: Sequence[Tok], k: int) -> bool:
    """Does token k continue a proper name ("Anne Whyte", "Emmanuel De Bock", "O'Malley")?"""
    t = toks[k]
    if t.pos == "PROPN" and t.text[:1].isupper():
        return True
    nxt = toks[k + 1] if k + 1 < len(toks) and toks[k + 1].para == t.para else None
    if t.text in ("De", "Van", "Von", "Le", "La", "Du", "Da", "Di") and nxt is not None and nxt.text[:1].isupper():
        return True
    return t.text[:1].isupper() and t.pos in ("NOUN", "ADJ", "X", "VERB") and t.text.isalpha() and toks[k - 1].end < t.start


def join_tokens(toks: Sequence[Tok]) -> str:
    if not toks:
        return ""
    out = toks[0].text
    for a, b in zip(toks, toks[1:]):
        out += (" " if b.start > a.end else "") + b.text
    return out


def subject_of(toks: Sequence[Tok], verb: int) -> Optional[int]:
    """nsubj of `verb`, climbing through xcomp/conj heads ("continue d'affirmer")."""
    # Callers ask for the subject of a reporting verb: as a participle it reports for the
    # sentence's subject (see _participle_subject).
    if toks[verb].dep in ("advcl", "acl"):
        found = _participle_subject(toks, verb)
        if found is not None:
            return found
    seen = set()
    v = verb
    while v not in seen:
        seen.add(v)
        children = [t for t in toks.children(v) if t.para == toks[v].para]
        # In the passive the agent speaks ("considéré par les criminels comme « … »") and
        # the passive subject is who is spoken of ("l'avocat, surnommé « Bash »"). Passive
        # means an aux:pass or a bare participle ("a tranché par sa simplicité" is active,
        # its "par" mis-parsed as an agent), and only at the verb itself: through "a été
        # arrêté mais a nié", the first verb's passive subject is the second's subject.
        deps = {t.dep for t in children}
        passive = v == verb and ("aux:pass" in deps or (toks[v].verbform == "Part" and "aux:tense" not in deps))
        agents = [t.i for t in children if t.dep == "obl:agent"]
        if passive and agents:
            return agents[0]
        # spaCy often labels a personal "Il" as expl:subj ("Il a indiqué qu'il y avait …");
        # outside the passive it is the subject.
        subs = [t.i for t in children if (t.dep.startswith("nsubj") and not (passive and t.dep == "nsubj:pass")) or (t.dep == "expl:subj" and not passive and v == verb)]
        if subs:
            # "le député Emmanuel De Bock qui parle de « … »": a relative subject stands
            # for the noun the relative clause hangs on.
            if toks[subs[0]].lower == "qui" and toks[v].dep == "acl:relcl" and toks[v].head != v:
                return toks[v].head
            return subs[0]
        # "…, ajoutant que …": a present participle shares the subject of its head verb.
        participle = toks[v].lower.endswith("ant") and toks[v].dep in ("advcl", "acl")
        if (toks[v].dep in ("xcomp", "conj", "ccomp") or participle) and toks[v].head != v:
            v = toks[v].head
            continue
        break
    return _participle_subject(toks, verb) or _split_subject(toks, verb)


def _split_subject(toks: Sequence[Tok], verb: int) -> Optional[int]:
    """"Chambers, un ange, affirme que …", "Le chef …, N. Wayne Hale Jr., a dit que …":
    spaCy sometimes parses the subject and its apposition as sentences of their own, so
    the verb is a root without subject. The subject is then the first noun root of the
    fragments before it, back to the real sentence start."""
    t = toks[verb]
    if t.head != verb or verb == 0 or toks[verb - 1].text != "," and not (verb > 1 and toks[verb - 1].pos == "AUX" and toks[verb - 2].text == ","):
        return None
    found = None
    for k in range(verb - 1, -1, -1):
        u = toks[k]
        if u.para != t.para or u.text in ("!", "?", "»", "”", ":", ";"):
            break
        if u.text == "." and not (k > 0 and len(toks[k - 1].text) <= 3 and toks[k - 1].text[:1].isupper()):
            break  # a sentence end, not "Jr." or "N."
        if (u.pos in ("VERB", "SCONJ") or u.pos == "AUX" and k != verb - 1) or u.lower in ("qui", "que", "qu'", "qu’", "lorsqu'", "lorsqu’"):
            return None  # a clause stands between: not a bare subject and its apposition
        if u.head == k and u.pos in ("NOUN", "PROPN"):
            found = k
    return found


def _participle_subject(toks: Sequence[Tok], verb: int) -> Optional[int]:
    """", soutenant que …", ", en insistant sur …": a present participle after a comma
    or "en" reports for the subject of the sentence's main verb, wherever the parser hung
    it (often on the last clause of the claim before it)."""
    t = toks[verb]
    if not (t.lower.endswith("ant") and verb > 0 and (toks[verb - 1].text == "," or toks[verb - 1].lower == "en")):
        return None
    root = verb
    for _ in range(len(toks)):
        if toks[root].head == root or toks[root].para != t.para:
            break
        root = toks[root].head
    if root != verb and toks[root].pos in ("VERB", "AUX") and not toks[root].lower.endswith("ant"):
        return subject_of(toks, root)
    return None


def first_or_second_person(t: Tok, lex: QuoteLexicon) -> bool:
    """"je", "nous", "notre" …; not the title "Me" (Maître) of "Me Ruby", a noun."""
    return t.lower in lex.speech_person_words and t.pos in ("PRON", "DET")


def speaker_head(toks: Sequence[Tok], head: int) -> int:
    """Move from a flat:name / det to the token that heads the mention."""
    t = toks[head]
    # "a-t-il" tokenised a, -t, -il with "-t" as the subject: the pronoun is next.
    if t.text in ("-t", "t", "-t-") and head + 1 < len(toks) and HYPHEN_PRONOUN.match(toks[head + 1].text):
        return head + 1
    if t.dep == "flat:name" and t.head != head:
        return t.head
    return head
