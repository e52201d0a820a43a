"""Reports without quote marks (indirect speech): "X a déclaré que …", "selon X, …",
"ont écrit une lettre refusant …", and an incise after an unmarked sentence."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Optional, Sequence

from toolkit.document import Article
from toolkit.lang.fr.quotes import (
    FRENCH,
    INFINITIVE_CUES,
    OPINION_INFINITIVES,
    QUE_CONJUNCTION_HEADS,
    REPORTED_CLAUSE_CONJUNCTIONS,
    STANDALONE_SUBORDINATORS,
    QuoteLexicon,
)
from toolkit.quotes.attribution import Attribution, Pattern
from toolkit.quotes.cues import attribution_after, cue_text, selon_source
from toolkit.quotes.marks import SPACES, strip_spaces
from toolkit.quotes.mentions import first_or_second_person, mention_at, speaker_head, subject_of
from toolkit.quotes.tokens import Tok, in_ranges, sentence_bounds, verb_lemma_guesses


@dataclass(frozen=True)
class IndirectQuote:
    start: int
    end: int
    paragraph: int  # position in article.paragraphs
    attribution: Attribution


def _trim_content(text: str, s: int, e: int) -> tuple[int, int]:
    s, e = strip_spaces(text, s, e)
    while e > s and text[e - 1] in ".!?;:,…":
        e -= 1
    return strip_spaces(text, s, e)


INCISE_PATTERNS = (Pattern.POSTPOSED, Pattern.INVERTED_PRONOUN, Pattern.INVERTED_INCISE, Pattern.COLON, Pattern.COLON_POSSESSIVE)




def _report_end(toks: Sequence[Tok], first: int, s_end: int, marked: Sequence[tuple[int, int]], lex: QuoteLexicon = FRENCH) -> int:
    """End of a reported clause that starts at token `first`: the sentence end, or earlier
    where a participle of a reporting verb takes over (", ajoutant que …", "en insistant
    sur …", ", lui demandant de …"): the reporter speaks again. Other participles stay in
    the claim ("des soldats auraient fui, tentant d'échapper …")."""
    n = len(toks)
    for k in range(first + 1, n):
        u = toks[k]
        if u.start >= s_end or u.para != toks[first].para:
            break
        if in_ranges(marked, u.start):
            continue
        j = k + 1 if u.text == "," else k
        if j == k and u.lower != "en":
            continue
        if j < n and toks[j].lower == "en":
            j += 1
        elif j == k:
            continue
        while j < n and toks[j].lower in ("lui", "leur", "se", "s'", "s’", "y", "en", "ne", "n'", "n’"):
            j += 1
        v = toks[j] if j < n else None
        if v is not None and v.pos == "VERB" and v.lower.endswith("ant") and (v.lemma in lex.cue_verbs or v.lemma in lex.label_verbs):
            return u.start
        # "…, mais il a affirmé plus tard que …": a new report starts.
        if u.text == "," or u.pos == "CCONJ":
            ahead = toks[k + 1 : min(n, k + 6)]
            for a, w in enumerate(ahead):
                if w.pos == "VERB" and w.lemma in lex.cue_verbs and any(x.lower in REPORTED_CLAUSE_CONJUNCTIONS for x in ahead[a + 1 :] + toks[w.i + 1 : w.i + 4]):
                    return u.start
    return s_end


def _fronted_clause_end(toks: Sequence[Tok], cue: Tok, que: Tok, s_start: int, s_end: int, marked: Sequence[tuple[int, int]]) -> int:
    """Where a report made inside a subordinate clause that opens the sentence ends: at
    the comma that closes the clause, where the main clause and its verb start ("Bien que
    Daley ait dit qu'il ne pensait pas que C, l'ancien secrétaire a admis …"); `s_end`
    (the sentence end) otherwise."""
    k = cue.i
    while k > 0 and toks[k - 1].para == cue.para and toks[k - 1].start >= s_start:
        k -= 1
        if toks[k].text in (",", ";", ":"):
            return s_end  # the cue is not in the clause that opens the sentence
    if toks[k].pos == "CCONJ" and k + 1 < cue.i:
        k += 1  # "Mais bien que …"
    first, second = toks[k], toks[k + 1]
    opens = first.lower in STANDALONE_SUBORDINATORS or (first.lower in QUE_CONJUNCTION_HEADS and second.lower in ("que", "qu'", "qu’", "si"))
    if not opens:
        return s_end
    for j in range(que.i + 1, len(toks)):
        u = toks[j]
        if u.start >= s_end or u.para != cue.para:
            break
        if u.text == "," and not in_ranges(marked, u.start):
            for w in range(j + 1, len(toks)):
                if toks[w].start >= s_end or toks[w].para != cue.para:
                    break
                if toks[w].pos in ("VERB", "AUX"):
                    return u.start
            return s_end
    return s_end


# Parts of speech a name the parser misread can carry ("Drescher" as a VERB, "Letta
# juge" with "juge" a NOUN); function words never start a subject.
_NAME_LIKE_POS = ("PROPN", "NOUN", "VERB", "X", "ADJ")


def name_before(toks: Sequence[Tok], verb: int, lex: QuoteLexicon) -> Optional[int]:
    """The name right before a cue verb and its auxiliaries ("Drescher a déclaré que",
    "Enrico Letta juge que") when the parser did not make it the verb's subject: the
    head of a capitalised word (climbing `flat:name`), or None."""
    k = verb - 1
    while k >= 0 and toks[k].pos == "AUX" and toks[k].para == toks[verb].para:
        k -= 1
    if k < 0 or toks[k].para != toks[verb].para:
        return None
    u = toks[k]
    if not u.text[:1].isupper() or u.pos not in _NAME_LIKE_POS or u.lower in lex.impersonal or first_or_second_person(u, lex):
        return None
    while u.dep == "flat:name" and u.head != u.i and toks[u.head].para == u.para and u.head < u.i:
        u = toks[u.head]
    return u.i


def _unparsed_cue(toks: Sequence[Tok], t: Tok, lex: QuoteLexicon) -> Optional[str]:
    """The lemma of a finite cue verb the parser read as a noun or a name ("Letta juge
    que"): right after a name, right before que, the conjugation of a cue verb of the
    lexicon; None otherwise."""
    n = len(toks)
    if t.i == 0 or t.i + 1 >= n or toks[t.i + 1].lower not in REPORTED_CLAUSE_CONJUNCTIONS or toks[t.i + 1].para != t.para:
        return None
    if toks[t.i - 1].pos != "PROPN" or not toks[t.i - 1].text[:1].isupper() or t.text[:1].isupper():
        return None
    return next((g for g in verb_lemma_guesses(t.lower) if g in lex.cue_verbs), None)


def find_indirect_quotes(article: Article, toks: Sequence[Tok], marked: Sequence[tuple[int, int]], lex: QuoteLexicon = FRENCH) -> list[IndirectQuote]:
    """Reported speech without marks: "X cue que …", "selon X, …", "écrit une lettre refusant …".

    `marked` are the (open, close) mark ranges of the quote-mark spans; a cue inside one is
    an attribution chain (indirect speech inside someone's quote), kept with its parent later.
    """
    text = article.text
    out: list[IndirectQuote] = []
    n = len(toks)
    for t in toks:
        para = article.paragraphs[t.para]
        # "X a déclaré (à la nation) que …"; also a cue the parser took for a noun or a
        # name after one ("Enrico Letta juge que …").
        unparsed = _unparsed_cue(toks, t, lex) if t.pos != "VERB" else None
        cue_lemma = unparsed or t.lemma
        if (t.pos == "VERB" or unparsed) and cue_lemma in lex.cue_verbs and cue_lemma not in ("lire", "demander", "lancer", "menacer", "promettre", "exiger", "réclamer", "accuser", "interroger", "poursuivre"):
            que = None
            for k in range(t.i + 1, min(n, t.i + 14)):
                u = toks[k]
                # "a dit croire que …", "fait savoir que": an infinitive of opinion or
                # "faire" passes the report on; any other verb ends the search.
                passes = u.lemma == "faire" or (u.verbform == "Inf" and u.lemma in OPINION_INFINITIVES)
                if u.para != t.para or u.text in (".", "!", "?", ":", "«", "“", "»", "”") or (u.pos in ("VERB",) and k > t.i + 1 and not passes):
                    break
                if u.lower in ("que", "qu'", "qu’", "comment") and u.pos in ("SCONJ", "PRON", "ADV"):
                    # "peu après que", "alors que", "bien que": a conjunction, not a report.
                    if toks[k - 1].lower not in QUE_CONJUNCTION_HEADS:
                        que = u
                    break
            subj = None
            if que is not None:
                subj = name_before(toks, t.i, lex) if unparsed else subject_of(toks, t.i)
                if subj is None:
                    subj = name_before(toks, t.i, lex)
            if que is not None and subj is not None:
                st = toks[subj]
                ok = st.lower not in lex.impersonal and not first_or_second_person(st, lex) and st.start < t.start
                s_start, s_end = sentence_bounds(text, para, que.end)
                s_end = _fronted_clause_end(toks, t, que, s_start, s_end, marked)
                s, e = _trim_content(text, que.end, _report_end(toks, que.i + 1, s_end, marked, lex))
                while s < e and text[s] == ",":
                    s, e = _trim_content(text, s + 1, e)
                if ok and e - s >= 3:
                    head = speaker_head(toks, subj)
                    m, d, h = mention_at(toks, head, lex)
                    if unparsed and m.endswith(" " + t.text):
                        m = m[: -len(t.text) - 1]  # "Enrico Letta juge": the cue read as a name part
                    past = any(toks[k].pos == "AUX" and toks[k].head == t.i for k in range(max(0, t.i - 3), t.i)) or t.text.lower().endswith(("ait", "aient"))
                    out.append(IndirectQuote(s, e, t.para, Attribution(h, m, cue_text(toks, t), d, pattern=Pattern.INDIRECT_QUE_PAST if past else Pattern.INDIRECT_QUE)))
                    continue
        # "X a déclaré avoir dîné …", "se plaignent de ne pas recevoir …": an infinitive
        # report shares the speaker's subject.
        if t.pos == "VERB" and t.lemma in INFINITIVE_CUES:
            k = t.i + 1
            if k < n and toks[k].lower in ("de", "d'", "d’") and t.lemma in ("plaindre",):
                k += 1
            start_k = k
            while k < n and toks[k].para == t.para and toks[k].lower in ("ne", "n'", "n’", "pas", "jamais", "plus", "rien", "se", "s'", "s’", "y", "en"):
                k += 1
            if k < n and toks[k].para == t.para and toks[k].pos in ("VERB", "AUX") and toks[k].verbform == "Inf" and start_k < n:
                subj = subject_of(toks, t.i)
                if subj is not None and toks[subj].lower not in lex.impersonal and not first_or_second_person(toks[subj], lex) and toks[subj].start < t.start:
                    _, s_end = sentence_bounds(text, para, toks[k].start)
                    end = s_end
                    for u in (toks[j] for j in range(k + 1, n)):  # no copy of the rest of the article
                        if u.start >= s_end or u.para != t.para:
                            break
                        if in_ranges(marked, u.start):
                            continue  # "a soutenu n'avoir jamais vu une enquête "aussi bâclée""
                        nxt = toks[u.i + 1] if u.i + 1 < n else None
                        if u.text in (",", ";", ":", "(") or (u.pos == "CCONJ" and nxt is not None and nxt.pos == "VERB" and nxt.lemma in lex.cue_verbs):
                            end = u.start
                            break
                    s, e = _trim_content(text, toks[start_k].start, end)
                    if e - s >= 3:
                        head = speaker_head(toks, subj)
                        m, d, h = mention_at(toks, head, lex)
                        out.append(IndirectQuote(s, e, t.para, Attribution(h, m, cue_text(toks, t), d, pattern=Pattern.INDIRECT_INFINITIVE)))
                        continue
        # "ont écrit une lettre refusant de participer …": the participle is the claim.
        if t.pos == "VERB" and t.lemma in ("écrire", "signer", "adresser", "publier", "envoyer", "lire"):
            objs = [u for u in toks[t.i + 1 : min(n, t.i + 5)] if u.pos == "NOUN" and u.lemma in lex.written_objects]
            if objs:
                obj = objs[0]
                nxt = toks[obj.i + 1] if obj.i + 1 < n else None
                if nxt is not None and nxt.para == t.para and nxt.pos == "VERB" and nxt.lower.endswith("ant"):
                    _, s_end = sentence_bounds(text, para, nxt.start)
                    s, e = _trim_content(text, nxt.start, s_end)
                    subj = subject_of(toks, t.i)
                    # Inside a quote, the writer is a subject inside the same quote ("les
                    # militaires … se sont révoltés et ont écrit une lettre refusant …").
                    enclosing = [(a, b) for a, b in marked if a <= t.start < b]
                    if enclosing and subj is not None and not (enclosing[-1][0] <= toks[subj].start < enclosing[-1][1]):
                        a, b = enclosing[-1]
                        inner = [u.i for u in toks.starting_in(a, t.start) if u.dep.startswith("nsubj") and u.pos in ("NOUN", "PROPN")]
                        subj = inner[-1] if inner else None
                    if subj is not None and toks[subj].lower not in lex.impersonal:
                        head = speaker_head(toks, subj)
                        m, d, h = mention_at(toks, head, lex)
                        out.append(IndirectQuote(s, e, t.para, Attribution(h, m, cue_text(toks, t), d, pattern=Pattern.INDIRECT_WRITTEN)))
            continue
        # "selon X, …" / "…, selon X." / "d'après X, …"
        is_selon = t.lower == "selon" or (t.lower == "après" and t.i > 0 and toks[t.i - 1].lower in ("d'", "d’"))
        if is_selon:
            kw_start = toks[t.i - 1].start if t.lower == "après" else t.start
            nouns = [u for u in toks[t.i + 1 : min(n, t.i + 6)] if u.para == t.para and u.pos in ("NOUN", "PROPN", "PRON")]
            if not nouns:
                continue
            s0, s1 = sentence_bounds(text, para, t.start)
            if nouns[0].lower in ("lequel", "laquelle", "lesquels", "lesquelles", "qui") and nouns[0].i == t.i + 1:
                # "les informations du Washington Post, selon lequel …": the antecedent speaks.
                before = [u for u in toks[max(0, t.i - 8) : t.i] if u.para == t.para and u.pos in ("NOUN", "PROPN")]
                if not before:
                    continue
                head = speaker_head(toks, before[-1].i)
                m, d, h = mention_at(toks, head, lex)
                s, e = _trim_content(text, nouns[0].end, s1)
                if e - s >= 3:
                    out.append(IndirectQuote(s, e, t.para, Attribution(h, m, "selon", d, pattern=Pattern.SELON)))
                continue
            head = speaker_head(toks, selon_source(toks, nouns[0].i, lex))
            m, d, h = mention_at(toks, head, lex)
            # End of the "selon X" phrase: the end of the mention (and a comma after it).
            found = text.find(m, t.end, s1) if m else -1
            phrase_end = found + len(m) if found != -1 else max(toks[h].end, toks[nouns[0].i].end)
            rest = text[phrase_end:s1]
            if rest.lstrip(SPACES).startswith(":"):
                continue  # "X aurait répondu, selon le Standard : « … »": the quote's source
            if text[s0:kw_start].strip(SPACES + ",") == "":
                # Sentence-initial: the claim follows the phrase.
                s, e = _trim_content(text, phrase_end, s1)
                while s < e and text[s] in ",":
                    s, e = _trim_content(text, s + 1, e)
            elif text[s0:kw_start].rstrip(SPACES + ",").endswith(REPORTED_CLAUSE_CONJUNCTIONS):
                # "X a déclaré que, selon Y, Z": Y's claim is Z (X's report holds it).
                s, e = _trim_content(text, phrase_end, s1)
                while s < e and text[s] in ",":
                    s, e = _trim_content(text, s + 1, e)
            elif rest.strip(SPACES + ".!?") == "" or text[s0:kw_start].rstrip(SPACES).endswith(","):
                # Sentence-final ", selon X.": the claim precedes it.
                s, e = _trim_content(text, s0, kw_start)
                e = e if text[e - 1 : e] != "," else e - 1
            else:
                # Mid-sentence "aurait selon lui été tuée": the whole sentence is the claim.
                s, e = _trim_content(text, s0, s1)
            if e - s < 3:
                continue
            cue = "selon" if t.lower == "selon" else "d'après"
            out.append(IndirectQuote(s, e, t.para, Attribution(h, m, cue, d, pattern=Pattern.SELON)))
    out += _incise_reports(article, toks, marked, lex)
    return [_clip_to_enclosing(text, iq, marked, toks, lex) for iq in out if _speaker_is_third_party(toks, iq.attribution, lex)]


def _incise_reports(article: Article, toks: Sequence[Tok], marked: Sequence[tuple[int, int]], lex: QuoteLexicon) -> list[IndirectQuote]:
    """Reported speech with an incise and no marks: "L'avion était plein, a-t-il ajouté.",
    "Le New Express va subir un « remaniement complet », a déclaré le régulateur."

    The incise must be inverted (cue right after the comma: "a déclaré X", "souligne
    X", "a-t-il dit"), so "Pourtant, le ministre a déclaré …" is no incise. What precedes
    it, from the sentence start, is the claim, unless it is all one marked quote (then it
    is that quote's incise and nothing more)."""
    text = article.text
    out = []
    for t in toks:
        if t.text != "," or in_ranges(marked, t.start) or t.i + 1 >= len(toks):
            continue
        first = toks[t.i + 1]
        k = t.i + 1
        # "a déclaré", "a-t-il ajouté" (spaCy: a, -t, -il, ajouté), "souligne"
        while k + 1 < len(toks) and k < t.i + 4 and (toks[k].pos == "AUX" or toks[k].text.startswith("-")) and toks[k + 1].para == t.para:
            k += 1
        verb = toks[k]
        if verb.para != t.para or verb.pos not in ("VERB", "AUX") or verb.lemma not in lex.cue_verbs or verb.verbform != "Fin" and first.pos != "AUX":
            continue
        # "X, le député qui …, a indiqué que …": the comma closes an apposition of the
        # subject, and a "que" after the verb makes it a report of its own.
        own = subject_of(toks, verb.i)
        if (own is not None and toks[own].start < t.start) or any(u.lower in REPORTED_CLAUSE_CONJUNCTIONS for u in toks[verb.i + 1 : verb.i + 4]):
            continue
        para = article.paragraphs[t.para]
        att = attribution_after(text, toks, t.start - 1, para, lex)
        if att is None or att.pattern not in (Pattern.POSTPOSED, Pattern.INVERTED_PRONOUN, Pattern.INVERTED_INCISE) or att.mention_head is None:
            continue
        if att.mention_head < verb.i and att.pattern != Pattern.INVERTED_PRONOUN:
            continue  # the subject must follow the verb in an inverted incise
        s0, _ = sentence_bounds(text, para, t.start)
        s, e = _trim_content(text, s0, t.start)
        claim = toks.starting_in(s, e)
        unmarked = [u for u in claim if not in_ranges(marked, u.start) and any(ch.isalnum() for ch in u.text)]
        finite = any(u.pos in ("VERB", "AUX") and u.verbform == "Fin" for u in unmarked)
        if len(unmarked) < 2 or not finite or any(first_or_second_person(u, lex) for u in unmarked):
            continue
        out.append(IndirectQuote(s, e, t.para, dataclasses.replace(att, pattern=Pattern.INDIRECT_INCISE)))
    return out


def _speaker_is_third_party(toks: Sequence[Tok], att: Attribution, lex: QuoteLexicon) -> bool:
    """"notre opinion selon laquelle …" is the quoted speaker's own view, not a report."""
    if att.mention_head is None:
        return False
    h = toks[att.mention_head]
    if first_or_second_person(h, lex):
        return False
    return not any(t.head == h.i and first_or_second_person(t, lex) for t in toks[max(0, h.i - 3) : h.i])


def _clip_to_enclosing(text: str, iq: IndirectQuote, marked: Sequence[tuple[int, int]], toks: Sequence[Tok], lex: QuoteLexicon) -> IndirectQuote:
    """A claim reported inside a quote ends where that quote ends."""
    for a, b in marked:
        if a <= iq.start < b and iq.end > b - 1:
            s, e = _trim_content(text, iq.start, b - 1)
            if e > s:
                return dataclasses.replace(iq, end=e)
    return iq


