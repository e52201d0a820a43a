"""The parse as the rules read it: spaCy tokens flattened to `Tok` with article offsets,
lemmas the parser missed, and offset ranges looked up by bisection."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Sequence

from toolkit.document import Article, Paragraph
from toolkit.lang.fr.quotes import FRENCH, QuoteLexicon
from toolkit.quotes.marks import SENTENCE_END, SPACES


@dataclass(frozen=True)
class Tok:
    """A spaCy token flattened to what the rules need, with an offset into article.text."""

    i: int  # index in the article-wide token list
    start: int
    end: int
    text: str
    lower: str
    lemma: str
    pos: str
    dep: str
    head: int  # article-wide index of the head
    para: int  # position of the paragraph in article.paragraphs
    gender: str
    number: str
    ent: str
    verbform: str = ""


def verb_lemma_guesses(form: str) -> list[str]:
    """Infinitives a finite French form may come from ("indique" -> "indiquer",
    "énumère" -> "énumérer", "prédit" -> "prédire", "garantit" -> "garantir",
    "promet" -> "promettre", "indiquent" -> "indiquer"); only used to look a form up
    in the lexicon, so wrong guesses cost nothing."""
    guesses = []
    for ending, replacements in (("ent", ("er",)), ("es", ("er",)), ("e", ("er",)), ("it", ("ire", "ir")), ("met", ("mettre",)), ("t", ("re",))):
        if form.endswith(ending) and len(form) > len(ending) + 2:
            stem = form[: -len(ending)]
            for r in replacements:
                guesses.append(stem + r)
                if "è" in stem:
                    guesses.append(stem[::-1].replace("è", "é", 1)[::-1] + r)  # énumère -> énumérer
    return guesses


def _lexicon_lemma(t, lex: QuoteLexicon) -> str:
    """spaCy's lemma, or, when its lemmatizer left a verb as written ("indique"), the
    infinitive of the lexicon's reporting verbs that the form conjugates."""
    lemma = t.lemma_.lower()
    if t.pos_ not in ("VERB", "AUX") or lemma != t.text.lower():
        return lemma
    known = lex.cue_verbs | lex.label_verbs
    return next((g for g in verb_lemma_guesses(lemma) if g in known), lemma)


class Tokens(list):
    """The article's tokens in text order, indexed once so that the rules ask for the
    tokens of a span or the children of a token without scanning the whole article (a
    scan per quote made the stage quadratic: ~125 s for a 3,000-line document).

    Tokens never overlap and come in text order, so both their starts and their ends
    increase: a range query is two bisections."""

    def __init__(self, toks: Sequence[Tok]):
        super().__init__(toks)
        self.starts = [t.start for t in toks]
        self.ends = [t.end for t in toks]
        self._children: dict[int, list[Tok]] = {}
        for t in toks:
            if t.head != t.i:
                self._children.setdefault(t.head, []).append(t)

    def within(self, start: int, end: int, after: bool = False) -> list[Tok]:
        """Tokens with start >= `start` (> with `after`) and end <= `end`."""
        lo = (bisect.bisect_right if after else bisect.bisect_left)(self.starts, start)
        hi = bisect.bisect_right(self.ends, end)
        return self[lo:hi] if hi > lo else []

    def starting_in(self, start: int, end: int) -> list[Tok]:
        """Tokens that start in [start, end)."""
        return self[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]

    def overlapping(self, start: int, end: int) -> list[Tok]:
        """Tokens that share a character with [start, end)."""
        return self[bisect.bisect_right(self.ends, start) : bisect.bisect_left(self.starts, end)]

    def children(self, head: int) -> list[Tok]:
        """Tokens whose syntactic head is token `head` (itself excluded), in text order."""
        return self._children.get(head, [])


class Ranges:
    """Character ranges (the quote marks' spans) merged once, so that "is this offset
    inside a quote?" is a bisection instead of a scan of every quote."""

    def __init__(self, ranges: Sequence[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(r for r in ranges if r[1] > r[0]):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]
        self.ranges = tuple(ranges)

    def __contains__(self, offset: int) -> bool:
        k = bisect.bisect_right(self.starts, offset) - 1
        return k >= 0 and offset < self.ends[k]

    def __iter__(self):
        return iter(self.ranges)


def in_ranges(ranges, offset: int) -> bool:
    """Is `offset` inside one of `ranges` (a Ranges, or any sequence of (start, end))?"""
    if isinstance(ranges, Ranges):
        return offset in ranges
    return any(a <= offset < b for a, b in ranges)


# Quote marks spaCy's French tokenizer leaves glued to the word they touch ("‹Je",
# "là›"); article_tokens splits them off so that the rules see the word.
_GLUED_OPENERS = "‹"
_GLUED_CLOSERS = "›"


def _glued_pieces(text: str) -> tuple[int, int]:
    """(lead, trail): how many glued quote marks a token has before and after its word."""
    lead = 0
    while lead < len(text) - 1 and text[lead] in _GLUED_OPENERS:
        lead += 1
    # "médias›." : the closer may carry the punctuation after it.
    run = 0
    while run < len(text) - lead - 1 and text[len(text) - 1 - run] in _GLUED_CLOSERS + ".,;:!?…)":
        run += 1
    tail = text[len(text) - run :]
    trail = run - min(tail.index(c) for c in _GLUED_CLOSERS if c in tail) if any(c in tail for c in _GLUED_CLOSERS) else 0
    return lead, trail


def article_tokens(article: Article, docs: Sequence, lex: QuoteLexicon = FRENCH) -> Tokens:
    """Flatten the per-paragraph spaCy Docs into one token list with article offsets.

    A quote mark the tokenizer left glued to a word ("‹Je") becomes a token of its own,
    attached to the word as punctuation, so that the word's token is the word."""
    toks: list[Tok] = []
    for p_pos, (para, doc) in enumerate(zip(article.paragraphs, docs)):
        base = len(toks)
        pieces = [_glued_pieces(t.text) if len(t.text) > 1 and any(c in t.text for c in _GLUED_OPENERS + _GLUED_CLOSERS) else (0, 0) for t in doc]
        # Index of each spaCy token's word in the article-wide list (marks before it shift it).
        word_at, n = [], base
        for lead, trail in pieces:
            word_at.append(n + lead)
            n += lead + 1 + trail
        for t, (lead, trail) in zip(doc, pieces):
            # One dict per token: three MorphAnalysis.get calls cost three times as much.
            # A multi-valued feature ("Masc,Fem") keeps its first value, as .get()[0] did.
            morph = t.morph.to_dict()
            start = para.start + t.idx
            word = word_at[t.i]
            for k in range(lead):
                toks.append(Tok(i=word - lead + k, start=start + k, end=start + k + 1, text=t.text[k], lower=t.text[k], lemma=t.text[k],
                                pos="PUNCT", dep="punct", head=word, para=p_pos, gender="", number="", ent=""))
            text = t.text[lead : len(t.text) - trail]
            lemma = _lexicon_lemma(t, lex)
            if lead or trail:
                lemma = lemma.strip(_GLUED_OPENERS + _GLUED_CLOSERS) or text.lower()
            toks.append(
                Tok(
                    i=word,
                    start=start + lead,
                    end=start + lead + len(text),
                    text=text,
                    lower=text.lower(),
                    lemma=lemma,
                    pos=t.pos_,
                    dep=t.dep_,
                    head=word_at[t.head.i],
                    para=p_pos,
                    gender=morph.get("Gender", "").split(",")[0],
                    number=morph.get("Number", "").split(",")[0],
                    ent=t.ent_type_,
                    verbform=morph.get("VerbForm", "").split(",")[0],
                )
            )
            for k in range(trail):
                c = len(text) + lead + k
                toks.append(Tok(i=word + 1 + k, start=start + c, end=start + c + 1, text=t.text[c], lower=t.text[c], lemma=t.text[c],
                                pos="PUNCT", dep="punct", head=word, para=p_pos, gender="", number="", ent=""))
    return Tokens(toks)


def sentence_bounds(text: str, para: Paragraph, pos: int) -> tuple[int, int]:
    """Sentence around `pos` by punctuation (quote-aware enough for attribution windows)."""
    lo, hi = para.start, para.end
    s = pos
    while s > lo:
        if text[s - 1] in SENTENCE_END and (s >= hi or text[s] in SPACES) and not _is_abbrev(text, s - 1):
            break
        s -= 1
    e = pos
    while e < hi:
        if text[e] in SENTENCE_END and (e + 1 >= hi or text[e + 1] in SPACES) and not _is_abbrev(text, e):
            e += 1
            break
        e += 1
    return s, e


def _is_abbrev(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    j = dot
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:dot]
    return len(word) == 1 and word.isupper() or word in ("M", "Mme", "Dr", "St", "etc", "av", "J.-C")


