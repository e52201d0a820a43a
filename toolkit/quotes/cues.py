"""Attribution of a marked span by the cues around it: an incise after it, a colon
before it, a cue verb or "selon X" in its sentence, an incise inside it."""

from __future__ import annotations

from typing import Optional, Sequence

from toolkit.document import Paragraph
from toolkit.lang.fr.quotes import FRENCH, HYPHEN_PRONOUN, QuoteLexicon
from toolkit.lang.typography import CLOSING_MARK_TOKENS, OPENING_MARK_TOKENS
from toolkit.quotes.attribution import Attribution, Pattern
from toolkit.quotes.marks import SPACES, MarkSpan
from toolkit.quotes.mentions import first_or_second_person, join_tokens, mention_at, speaker_head, subject_of
from toolkit.quotes.tokens import Tok, in_ranges, sentence_bounds


def attribution_after(text: str, toks: Sequence[Tok], close_at: int, para: Paragraph, lex: QuoteLexicon = FRENCH) -> Optional[Attribution]:
    """Postposed or inverted incise: « … », souligne X / a-t-il ajouté / selon X / : X raconte."""
    _, s_end = sentence_bounds(text, para, close_at + 1)
    window = toks.within(close_at, max(s_end, close_at + 1), after=True)
    # The incise must start right after the quote (after , : — or nothing).
    separated = False
    while window and window[0].text in (",", ":", "—", "–", "-"):
        window = window[1:]
        separated = True
    # "« sécurité » là-bas, a déclaré le député": an adverb that ends the sentence first.
    adverbs = 0  # tokens of the adverb; "là-bas" is three, glued together
    while not separated and adverbs < min(3, len(window)) and window[adverbs].text not in (",", ":", "—", "–") and (
        window[adverbs].pos == "ADV" or (adverbs and window[adverbs].start == window[adverbs - 1].end)
    ):
        adverbs += 1
    if adverbs and adverbs < len(window) and window[adverbs].text in (",", ":", "—", "–"):
        window = window[adverbs + 1 :]
        separated = True
    if not window:
        return None
    # Cut the window at the next quote mark: beyond it is another quote. Right after the
    # comma it is the next quote itself (`"A", "B peut lancer …"`): no incise at all.
    for n, t in enumerate(window):
        if t.text in OPENING_MARK_TOKENS:
            window = window[:n]
            break
    if not window or window[0].pos == "CCONJ":
        return None  # "« … », mais il a affirmé …": a clause of its own, not an incise
    first = window[0]
    if first.lower in ("selon",) or (first.lower in ("d'", "d’") and len(window) > 1 and window[1].lower == "après"):
        start = 1 if first.lower == "selon" else 2
        nouns = [t for t in window[start:] if t.pos in ("NOUN", "PROPN", "PRON")]
        if nouns:
            head = speaker_head(toks, selon_source(toks, nouns[0].i, lex))
            m, d, h = mention_at(toks, head, lex)
            return Attribution(h, m, first.text if start == 1 else "d'après", d, pattern=Pattern.POSTPOSED_SELON)
    # With no comma or colon, only a verb right after the mark makes an incise (« … »
    # raconte-t-il); "« … » de la capitale et exige …" is the sentence going on.
    for n, t in enumerate(window[: 7 if separated else 2]):
        if not separated and n == 1 and window[0].pos != "AUX":
            break  # "« héros » et affirmé que …": coordination, not an incise
        if t.pos in ("VERB", "AUX") and t.lemma in lex.cue_verbs:
            cue = t
            # Inverted pronoun: a-t-il dit, souligne-t-il, pouvait-on lire.
            for u in window[max(0, n - 3) : n + 3]:
                mt = HYPHEN_PRONOUN.match(u.text)
                if mt:
                    pron = mt.group(1).lower()
                    if pron == "on":
                        # "pouvait-on lire sur X": the source after sur/dans is the speaker.
                        sentence = toks.within(close_at, s_end, after=True)
                        for k, w in enumerate(sentence):
                            if w.lower in ("sur", "dans") and k + 1 < len(sentence):
                                nouns = [x for x in sentence[k + 1 :] if x.pos in ("PROPN", "NOUN")]
                                if nouns:
                                    head = speaker_head(toks, nouns[0].i)
                                    m, d, h = mention_at(toks, head, lex)
                                    return Attribution(h, m, cue.text, d, pattern=Pattern.IMPERSONAL_SOURCE)
                        return Attribution(None, None, cue.text, pattern=Pattern.IMPERSONAL)
                    return Attribution(u.i, pron, cue_text(toks, cue), pattern=Pattern.INVERTED_PRONOUN)
            subj = subject_of(toks, cue.i)
            if subj is not None and toks[subj].start > close_at and toks[subj].lower not in lex.impersonal:
                head = speaker_head(toks, subj)
                m, d, h = mention_at(toks, head, lex)
                return Attribution(h, m, cue_text(toks, cue), d, pattern=Pattern.POSTPOSED)
            # Parser missed the inverted subject: first noun phrase after the verb.
            for u in window[n + 1 :]:
                if u.pos in ("PROPN", "NOUN") and u.lower not in ("exemple",):
                    head = speaker_head(toks, u.i)
                    m, d, h = mention_at(toks, head, lex)
                    return Attribution(h, m, cue_text(toks, cue), d, pattern=Pattern.POSTPOSED)
                if u.text in (".", "!", "?"):
                    break
            # Subject before the verb: « … » : un officier raconte.
            for u in window[:n]:
                if u.pos in ("PROPN", "NOUN") or (u.pos == "PRON" and u.lower in lex.pronouns):
                    head = speaker_head(toks, u.i)
                    m, d, h = mention_at(toks, head, lex)
                    return Attribution(h, m, cue_text(toks, cue), d, pattern=Pattern.POSTPOSED)
            return None
    # "« … », s'émeut Justin Brookman": in an inverted incise right after the comma any
    # verb reports, whether or not the lexicon lists it; its subject follows it.
    k = 1 if window[0].lower in ("s'", "s’", "se") and len(window) > 1 else 0
    verb = window[k]
    after = window[k + 1] if k + 1 < len(window) else None
    if separated and verb.pos == "VERB" and verb.verbform == "Fin" and after is not None and after.pos in ("PROPN", "DET", "NOUN"):
        nouns = [u for u in window[k + 1 : k + 6] if u.pos in ("PROPN", "NOUN")]
        if nouns:
            head = speaker_head(toks, nouns[0].i)
            m, d, h = mention_at(toks, head, lex)
            return Attribution(h, m, join_tokens(window[: k + 1]), d, pattern=Pattern.INVERTED_INCISE)
    return None


def selon_source(toks: Sequence[Tok], noun: int, lex: QuoteLexicon) -> int:
    """The source named by "selon <noun>": the noun itself, or, when it only carries the
    words ("selon la déclaration affichée sur le site de la NHTSA", "selon un communiqué
    du ministère"), the name or body further on in the same phrase."""
    if toks[noun].lemma not in lex.speech_carriers:
        return noun
    for u in toks[noun + 1 : noun + 12]:
        if u.para != toks[noun].para or u.text in (",", ".", ";", ":", "(", "«", "»", '"') or u.pos in ("VERB", "AUX") and u.verbform == "Fin":
            break
        if (u.pos in ("PROPN", "NOUN", "X") and u.text[:1].isupper() and (u.pos == "PROPN" or u.ent)) or (
            u.pos == "NOUN" and u.lemma in lex.collective_nouns
        ):
            return u.i
    return noun


def cue_text(toks: Sequence[Tok], cue: Tok) -> str:
    """The cue as written, with its auxiliary: "a déclaré", "souligne"."""
    if cue.i > 0 and toks[cue.i - 1].pos == "AUX" and toks[cue.i - 1].head == cue.i:
        return toks[cue.i - 1].text + " " + cue.text
    if cue.i > 1 and toks[cue.i - 2].pos == "AUX" and toks[cue.i - 2].head == cue.i and toks[cue.i - 1].pos == "ADV":
        return join_tokens(toks[cue.i - 2 : cue.i + 1])
    return cue.text


def attribution_before(text: str, toks: Sequence[Tok], open_at: int, para: Paragraph, lex: QuoteLexicon = FRENCH) -> Optional[Attribution]:
    """Colon introduction: X a déclaré : « … » / Il poursuit : « … » / sa réponse a tranché : « … »."""
    j = open_at
    while j > para.start and text[j - 1] in SPACES:
        j -= 1
    if j <= para.start or text[j - 1] != ":":
        return None
    s_start, _ = sentence_bounds(text, para, j - 1)
    window = toks.within(s_start, j - 1)
    if not window:
        return None
    # Don't read into a previous quote in the same sentence.
    for n in range(len(window) - 1, -1, -1):
        if window[n].text in CLOSING_MARK_TOKENS:
            window = window[n + 1 :]
            break
    # The verb nearest the colon introduces the quote ("Interrogé sur …, sa réponse a
    # tranché : « … »"), whether or not it is a speech verb.
    # A participle qualifying a noun ("une lettre signée par …") does not introduce it.
    verbs = [t for t in window if t.pos == "VERB" and not (t.verbform == "Part" and t.dep in ("acl", "amod"))]
    if not verbs:
        # "L'état-major de l'Ukraine a noté :" mis-tagged: fall back on any verb-like token.
        verbs = [t for t in window if t.pos == "AUX"]
    if not verbs:
        return None
    cue = verbs[-1]
    subj = subject_of(toks, cue.i)
    # A subject without a letter is a parse error (a quote mark taken for the subject).
    if subj is None or toks[subj].start < s_start or not any(ch.isalnum() for ch in toks[subj].text):
        # Parser lost the subject: nearest noun phrase / pronoun before the verb.
        cands = [t for t in window if t.i < cue.i and (t.pos in ("PROPN", "NOUN") or t.lower in lex.pronouns)]
        # Skip nouns inside a leading prepositional phrase ("Dans une vidéo postée par …,").
        comma = max((t.i for t in window if t.text == "," and t.i < cue.i), default=None)
        if comma is not None:
            later = [t for t in cands if t.i > comma]
            cands = later or cands
        if not cands:
            return None
        subj = cands[0].i if toks[cands[0].i].pos == "PROPN" or len(cands) == 1 else cands[0].i
    st = toks[subj]
    if st.lower in lex.impersonal:
        return None
    if st.pos == "NOUN" and st.lemma in lex.speech_carriers:
        # "sa réponse a tranché : « … »": the speaker is the possessor.
        dets = [t for t in toks.children(subj) if t.pos == "DET" and t.lower in ("sa", "son", "ses", "leur", "leurs")]
        if dets:
            return Attribution(dets[0].i, dets[0].text, cue_text(toks, cue), possessive=True, pattern=Pattern.COLON_POSSESSIVE)
        nmods = [t for t in toks.children(subj) if t.dep.startswith("nmod") and t.pos in ("PROPN", "NOUN")]
        if nmods:
            subj = nmods[0].i
    head = speaker_head(toks, subj)
    m, d, h = mention_at(toks, head, lex)
    return Attribution(h, m, cue_text(toks, cue), d, pattern=Pattern.COLON)


def attribution_in_sentence(text: str, toks: Sequence[Tok], span_start: int, span_end: int, para: Paragraph, quote_ranges: Sequence[tuple[int, int]], lex: QuoteLexicon = FRENCH) -> Optional[Attribution]:
    """A cue verb or "selon X" elsewhere in the quote's sentence (partial quotes mostly)."""
    s0, _ = sentence_bounds(text, para, span_start)
    _, s1 = sentence_bounds(text, para, max(span_start, span_end - 1))
    outside = [t for t in toks.within(s0, s1) if not in_ranges(quote_ranges, t.start)]
    for n, t in enumerate(outside):
        is_selon = t.lower == "selon" or (t.lower == "après" and n > 0 and outside[n - 1].lower in ("d'", "d’"))
        if is_selon:
            nouns = [u for u in outside[n + 1 : n + 6] if u.pos in ("NOUN", "PROPN", "PRON")]
            if nouns and nouns[0].lower not in ("lequel", "laquelle", "lesquels", "lesquelles", "qui"):
                # "Selon la BBC, une personne aurait dit « … »": the source reports what
                # the subject of the cue verb said; that subject speaks.
                reported = _cue_after(toks, outside[n + 1 :], span_start, lex)
                if reported is not None:
                    return reported
                head = speaker_head(toks, selon_source(toks, nouns[0].i, lex))
                m, d, h = mention_at(toks, head, lex)
                return Attribution(h, m, "selon" if t.lower == "selon" else "d'après", d, pattern=Pattern.SELON)
    # "Pour le PDG de Titan, « … »": a person's view introduced by "pour".
    if outside and outside[0].lower == "pour":
        for k, u in enumerate(outside[1:8], start=1):
            if u.text == ",":
                heads = [x for x in outside[1:k] if (x.pos == "NOUN" and x.lemma in lex.role_nouns) or (x.pos == "PROPN" and x.ent == "PER")]
                if heads:
                    head = speaker_head(toks, heads[0].i)
                    m, d, h = mention_at(toks, head, lex)
                    return Attribution(h, m, "pour", d, pattern=Pattern.POUR)
                break
    # Several cue verbs ("X n'a pas commenté, mais Y a qualifié … de « … »"): the one
    # that governs the quote, else the nearest before it, else the first after it.
    cues = []
    for t in outside:
        if t.pos == "VERB" and (t.lemma in lex.cue_verbs or t.lemma in lex.label_verbs):
            subj = subject_of(toks, t.i)
            if subj is not None and toks[subj].lower not in lex.impersonal and not first_or_second_person(toks[subj], lex):
                cues.append((t, subj))
    if not cues:
        return None
    inside = [t.i for t in toks.starting_in(span_start, span_end)]
    ancestors = []  # nearest first
    for i in inside[:1]:
        for _ in range(len(toks)):
            if toks[i].head == i:
                break
            i = toks[i].head
            ancestors.append(i)
    by_verb = {c[0].i: c for c in cues}
    governing = [by_verb[i] for i in ancestors if i in by_verb]
    before = [c for c in cues if c[0].start < span_start]
    t, subj = governing[0] if governing else before[-1] if before else cues[0]
    head = speaker_head(toks, subj)
    m, d, h = mention_at(toks, head, lex)
    return Attribution(h, m, cue_text(toks, t), d, pattern=Pattern.SENTENCE_CUE)


def _cue_after(toks: Sequence[Tok], outside: Sequence[Tok], span_start: int, lex: QuoteLexicon) -> Optional[Attribution]:
    """The attribution by a cue verb among `outside` (the sentence's tokens after a
    "selon X") that comes before the quote and has a third-person subject after "selon"."""
    for t in outside:
        if t.start >= span_start:
            break
        if t.pos == "VERB" and t.lemma in lex.cue_verbs:
            subj = subject_of(toks, t.i)
            if subj is None:
                continue
            # "une personne" is someone; the pronoun "personne" is no one.
            impersonal = toks[subj].lower in lex.impersonal and toks[subj].pos != "NOUN"
            if outside[0].start <= toks[subj].start < t.start and not impersonal and not first_or_second_person(toks[subj], lex):
                head = speaker_head(toks, subj)
                m, d, h = mention_at(toks, head, lex)
                return Attribution(h, m, cue_text(toks, t), d, pattern=Pattern.SENTENCE_CUE)
    return None


def attribution_split_incise(toks: Sequence[Tok], span: MarkSpan, lex: QuoteLexicon = FRENCH) -> Optional[Attribution]:
    """« A, souligne-t-il, B »: a comma-delimited incise inside the quoted span."""
    inside = toks.within(span.start, span.end)
    for n in range(1, len(inside) - 2):
        t = inside[n]
        if inside[n - 1].text == "," and t.pos in ("VERB", "AUX") and t.lemma in lex.cue_verbs:
            tail = inside[n + 1 : n + 5]
            for k, u in enumerate(tail):
                mt = HYPHEN_PRONOUN.match(u.text)
                if mt and mt.group(1).lower() != "on":
                    rest = tail[k + 1 :]
                    if rest and rest[0].text == ",":
                        return Attribution(u.i, mt.group(1).lower(), t.text, pattern=Pattern.SPLIT_INCISE)
            # "…, souligne Jean Dupont, …"
            if tail and tail[0].pos == "PROPN":
                head = speaker_head(toks, tail[0].i)
                m, d, h = mention_at(toks, head, lex)
                return Attribution(h, m, t.text, d, pattern=Pattern.SPLIT_INCISE)
    return None




# Cue verbs that report with an infinitive ("a déclaré avoir …", "nie avoir …").
