"""Quote and attribution stage: who said what, nested, over paragraphs.

`extract_quotes(article, docs)` is the stage. It is a chain of small pure functions:

1. `scan_quote_marks(text, paragraphs)` pairs quote marks with a stack, follows quotes
   that the press reopens at each paragraph start ("A ¶ “B ¶ “C”" is ONE quote), and
   recovers unbalanced marks to the paragraph/sentence boundary with a flag. Straight
   double marks, which do not say which way they face, are read a paragraph at a time
   (`_straight_roles`). It needs no parse, so it is the part the property tests hammer.
2. `attribute_span` looks around each marked span (postposed/inverted incise, colon
   introduction, cue verb or "selon X" in the sentence, split incise, the previous quote).
3. `classify_quote` decides direct / partial / term.
4. `find_indirect_quotes` finds reported speech without marks ("X a déclaré que …",
   "selon X, …", "ont écrit une lettre refusant …").
5. `resolve_speakers` turns mentions ("Il", "le Major", "Peskov") into canonical speakers.
6. `mark_unverified_claims` flags reportive conditionals ("aurait subi").

Offsets: `QuoteSpan.start/end` are offsets into `article.text` of the content without the
outer marks (and without the spaces inside « »). For a quote over several paragraphs the
span runs from the first content character to the last; `QuoteSpan.text` then joins the
per-paragraph contents with one space, dropping the paragraph breaks and the reopening
marks, so `text != article.text[start:end]` only for multi-paragraph quotes.
For indirect quotes the span is the reported content (the "que" clause, or the claim
attributed by "selon X").
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from toolkit.document import Article, Paragraph, QuoteSpan, Speaker
from toolkit.lang.fr.quotes import FRENCH, QuoteLexicon

# Spaces that may sit between a mark and its content (« text », U+00A0, U+202F, thin).
_SPACES = " \t\n\u00a0\u202f\u2009\u2007\u2008\u200a"
_OPENERS_CLOSE = {"«": "»", "“": "”", "„": "“", "‘": "’", "‹": "›"}
_CLOSERS = {"»", "”", "’", "›"}  # “ closes only an open „ (see _mark_role)
_SENTENCE_END = ".!?…"
_CLOSE_FOLLOW = set(".,;:!?)]}…»”’›-—–/")
_OPEN_PRECEDE = set("([{—–-/«“„‘‹")
# Mark tokens as spaCy splits them (ASCII spellings included), for the attribution rules.
_OPEN_TOKENS = ("«", "“", "„", '"', "‹", "<<", "<", "''")
_CLOSE_TOKENS = ("»", "”", "“", '"', "›", ">>", ">", "''")

# Straight double marks (" and '') are read as a whole paragraph at a time
# (_straight_roles): each reading of a mark costs what its spacing says against it, and
# the cheapest consistent reading of the paragraph wins. The costs are in "how much
# evidence" units; only their order matters.
_COST_AGAINST = 4.0  # the spacing forbids the role: 'mot"' cannot open, '"mot' cannot close
_COST_SPACED = 1.0  # spaces on both sides: either role, the balance decides
_COST_SPACED_CLOSE = 0.5  # 'vivre ", dit-il': a space before, punctuation after
_COST_IGNORE = 2.5  # not a quote mark (an inch sign, a stray)
_COST_UNOPENED = 3.0  # closes a quote whose opening mark was lost (added to the close)
_COST_UNCLOSED = 2.0  # left open at the paragraph end ...
_COST_RUNS_ON = 0.5  # ... when the next paragraph starts with a mark: the quote runs on

# Flags a span can carry.
FLAG_UNCLOSED = "unclosed_quote"  # opening mark never closed: recovered to a boundary
FLAG_UNOPENED = "unopened_quote"  # closing mark without an opening one: recovered
FLAG_UNVERIFIED = "unverified_claim"  # reportive conditional in an attributed claim
FLAG_SPLIT_INCISE = "split_incise"  # « A, souligne-t-il, B »: the incise is inside the span
FLAG_UNMARKED = "unmarked"  # direct speech whose marks the text lacks (a continuation)
FLAG_DIALOGUE = "dialogue_turn"  # "— Réponse, répond-il.": a turn marked by a dash

QUOTE_TYPES = ("direct", "partial", "term", "indirect")


@dataclass(frozen=True)
class MarkSpan:
    """A span delimited by quote marks, before any linguistic analysis.

    `start`/`end`: content offsets into the text (marks and inner spaces excluded).
    `segments`: the content in each paragraph it covers (one for ordinary quotes).
    `open_at`/`close_at`: offsets of the outer marks, None when recovered.
    `parent`: index in the returned list of the span that encloses this one.
    """

    start: int
    end: int
    segments: tuple[tuple[int, int], ...]
    paragraphs: tuple[int, ...]
    open_mark: Optional[str]
    close_mark: Optional[str]
    open_at: Optional[int]
    close_at: Optional[int]
    depth: int = 0
    parent: Optional[int] = None
    flags: tuple[str, ...] = ()

    def content(self, text: str) -> str:
        """The quoted words, paragraphs joined by one space (see module docstring)."""
        return " ".join(text[s:e] for s, e in self.segments)


# --------------------------------------------------------------------------- scanning


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACES:
        start += 1
    while end > start and text[end - 1] in _SPACES:
        end -= 1
    return start, end


def _mark_role(text: str, i: int, lo: int, hi: int, open_marks: list[str], mark: Optional[str] = None) -> Optional[str]:
    """'open', 'close', or None (not a quote mark here: apostrophe, stray inch sign...).
    `mark`: the mark an ASCII spelling at `i` stands for ("<<" is «)."""
    c = mark or text[i]
    prev = text[i - 1] if i > lo else None
    nxt = text[i + 1] if i + 1 < hi else None
    if c == "“" and "„" in open_marks and (open_marks[::-1].index("„") < (open_marks[::-1] + ["“"]).index("“")):
        return "close"  # „ … “: the German-style pair
    if c in _OPENERS_CLOSE:
        return "open"
    if c == "’":
        # The typographic ’ is an apostrophe unless it closes an open ‘.
        if "‘" in open_marks and (nxt is None or nxt in _SPACES or nxt in _CLOSE_FOLLOW or not nxt.isalnum()):
            return "close"
        return None
    if c in _CLOSERS:
        return "close"
    if c in "\"'":
        # An elided article or preposition glues onto the mark: d'"Antenne 2", l'"affaire".
        prev_open = prev is None or prev in _SPACES or prev in _OPEN_PRECEDE or (c == '"' and prev in "'’")
        next_close = nxt is None or nxt in _SPACES or nxt in _CLOSE_FOLLOW
        if prev is not None and nxt is not None and prev.isalnum() and nxt.isalnum():
            return None  # l"équipe, aujourd'hui: an apostrophe
        if c in open_marks:
            if next_close or not prev_open:
                return "close"
            return None if c == "'" else "close"
        if prev_open and nxt is not None and nxt not in _SPACES:
            if c == "'" and not (nxt.isalpha() or nxt in "«“"):
                return None
            return "open"
        if c == '"' and next_close and prev is not None and prev not in _SPACES:
            return "close"
        return None
    return None


def _mark_at(text: str, i: int, lex: QuoteLexicon) -> Optional[tuple[str, int]]:
    """(mark, width) of a quote mark starting at `i`, ASCII spellings ("<<", "''") given as
    the mark they stand for; None when no mark starts there."""
    if lex.ascii_marks and text[i : i + 2] in lex.ascii_marks:
        return lex.ascii_marks[text[i : i + 2]], 2
    c = text[i]
    if c in lex.pairs or c in _CLOSERS:
        return c, 1
    return None


def _straight_marks(text: str, lo: int, hi: int, lex: QuoteLexicon) -> list[tuple[int, int]]:
    """(offset, width) of the straight double marks (" and '') of text[lo:hi] that can be
    quote marks: a mark between two letters is an apostrophe (l"équipe).

    A line held in straight quotes with its inner quotes doubled is CSV quoting
    ('"Il a dit ""oui""."', as in tab-separated test sets): the outer marks hold the
    line, not a quote, and each doubled mark is one mark."""
    out = []
    i = lo
    while i < hi and text[i] in _SPACES:
        i += 1
    end = hi
    while end > i and text[end - 1] in _SPACES:
        end -= 1
    csv = end - i > 2 and text[i] == '"' and text[end - 1] == '"' and '""' in text[i + 1 : end - 1]
    if csv:
        i, hi = i + 1, end - 1
    while i < hi:
        if csv and text[i : i + 2] == '""':
            out.append((i, 2))
            i += 2
            continue
        found = _mark_at(text, i, lex) if text[i] in "\"'" else None
        if found and found[0] == '"':
            w = found[1]
            prev = text[i - 1] if i > lo else ""
            nxt = text[i + w] if i + w < hi else ""
            if not (prev.isalnum() and nxt.isalnum()):
                out.append((i, w))
            i += w
            continue
        i += 1
    return out


def _straight_costs(text: str, i: int, w: int, lo: int, hi: int) -> tuple[float, float]:
    """(cost of opening, cost of closing) for the straight mark text[i:i+w], from the
    characters on each side."""
    prev = text[i - 1] if i > lo else None
    nxt = text[i + w] if i + w < hi else None
    prev_space = prev is None or prev in _SPACES
    next_space = nxt is None or nxt in _SPACES
    # An elided article glues onto an opening mark: d'"Antenne 2".
    prev_opens = prev_space or prev in _OPEN_PRECEDE or prev in "'’"
    if not prev_opens:
        opening = _COST_AGAINST  # 'mot"', 'fin."'
    elif nxt is None or nxt in _CLOSE_FOLLOW:
        opening = _COST_AGAINST  # '" ,' never opens
    elif next_space:
        opening = _COST_SPACED
    else:
        opening = 0.0
    if prev is None or (prev in _OPEN_PRECEDE and prev not in "-—–"):
        closing = _COST_AGAINST  # nothing to close at a paragraph start or after '('
    elif nxt is not None and (nxt.isalnum() or nxt in "«“„‘‹"):
        closing = _COST_AGAINST  # '"mot'
    elif prev_space:
        closing = _COST_SPACED if next_space else _COST_SPACED_CLOSE
    else:
        closing = 0.0
    return opening, closing


def _straight_roles(text: str, lo: int, hi: int, marks: Sequence[tuple[int, int]], start_open: bool, runs_on: bool) -> dict[int, str]:
    """Roles of the straight double marks of one paragraph: "open", "close", "unopened"
    (closes a quote whose opener was lost) or absent (not a quote mark).

    Straight marks do not say which way they face, and spacing alone misleads: in
    '" Ils m'avaient donné cinq ans à vivre ", dit-il' the first mark has a space after it
    and the second a space before it. So the whole paragraph is read at once: roles
    alternate (a straight quote never holds another straight quote), each role costs what
    the spacing says against it (_straight_costs; punctuation such as the comma of an
    incise after a mark is strong evidence that it closes), and the cheapest reading wins
    (a two-state Viterbi pass, linear in the marks). `start_open`: a quote from the
    previous paragraph runs on into this one; `runs_on`: the next paragraph starts with a
    mark, so a quote left open here is cheap.
    """
    inf = float("inf")
    # best[d] = (cost, roles so far as a linked list) with d = 1 when a quote is open.
    best: list[tuple[float, Optional[tuple]]] = [(inf, None), (inf, None)]
    best[1 if start_open else 0] = (0.0, None)
    for i, w in marks:
        opening, closing = _straight_costs(text, i, w, lo, hi)
        nxt: list[tuple[float, Optional[tuple]]] = [(inf, None), (inf, None)]

        def offer(depth: int, cost: float, roles: Optional[tuple], role: Optional[str]) -> None:
            if cost < nxt[depth][0]:
                nxt[depth] = (cost, (i, role, roles) if role else roles)

        c0, r0 = best[0]
        c1, r1 = best[1]
        offer(1, c0 + opening, r0, "open")
        offer(0, c1 + closing, r1, "close")
        offer(0, c0 + _COST_IGNORE, r0, None)
        offer(1, c1 + _COST_IGNORE, r1, None)
        offer(0, c0 + closing + _COST_UNOPENED, r0, "unopened")
        best = nxt
    end_open = _COST_RUNS_ON if runs_on else _COST_UNCLOSED
    cost0, cost1 = best[0][0], best[1][0] + end_open
    chain = best[0][1] if cost0 <= cost1 else best[1][1]
    roles: dict[int, str] = {}
    while chain:
        i, role, chain = chain
        roles[i] = role
    return roles


@dataclass
class _Open:
    key: int
    mark: str
    open_at: int
    seg_start: int
    segments: list
    paragraphs: list
    parent: Optional[int]
    depth: int


def scan_quote_marks(
    text: str,
    paragraphs: Sequence[Paragraph],
    sentence_starts: Sequence[int] = (),
    lexicon: QuoteLexicon = FRENCH,
) -> list[MarkSpan]:
    """Pair the quote marks of `text` (paragraph by paragraph) into spans.

    Stack-based: same-mark nesting (« … « … » … ») works because each opening mark pushes.
    A quote left open at a paragraph end continues when the next paragraph starts with a
    reopening mark (“ for “, « or » for «); otherwise it is recovered to the paragraph end
    and flagged, so a lost closing mark never swallows the rest of the article. A closing
    mark with no opener (a title that lost its “) is recovered back to the sentence or
    paragraph start, or to the previous mark, whichever is nearest.
    """
    pairs = lexicon.pairs
    spans: list[dict] = []
    stack: list[_Open] = []
    key_counter = 0
    parent_of: dict[int, Optional[int]] = {}  # every opened key → its enclosing key
    starts = sorted(sentence_starts)

    def finish(entry: _Open, end: int, close_at: Optional[int], close_mark: Optional[str], flags: tuple) -> None:
        s, e = _strip(text, entry.seg_start, end)
        segments = list(entry.segments)
        paras = list(entry.paragraphs)
        if e > s:
            segments.append((s, e))
        elif paras and segments and len(paras) > len(segments):
            paras = paras[: len(segments)]
        if not segments:
            return
        spans.append(
            dict(
                key=entry.key,
                segments=tuple(segments),
                paragraphs=tuple(paras[: len(segments)] if len(paras) >= len(segments) else paras),
                open_mark=entry.mark,
                close_mark=close_mark,
                open_at=entry.open_at,
                close_at=close_at,
                depth=entry.depth,
                parent=entry.parent,
                flags=flags,
            )
        )

    reopeners = lexicon.reopeners or {}
    other_closers = lexicon.other_closers or {}

    def first_mark(para: Paragraph) -> tuple[int, Optional[tuple[str, int]]]:
        j = para.start
        while j < para.end and text[j] in _SPACES:
            j += 1
        return j, (_mark_at(text, j, lexicon) if j < para.end else None)

    for p_pos, para in enumerate(paragraphs):
        lo, hi = para.start, para.end
        i = lo
        # Continuation of a quote left open at the end of the previous paragraph.
        if stack:
            j, found = first_mark(para)
            outer = stack[0]
            if found is not None and found[0] in reopeners.get(outer.mark, (outer.mark,)):
                # Inner quotes do not survive a paragraph break: recover them.
                for inner in reversed(stack[1:]):
                    finish(inner, paragraphs[p_pos - 1].end, None, None, (FLAG_UNCLOSED,))
                del stack[1:]
                outer.paragraphs.append(para.index)
                outer.seg_start = j + found[1]
                i = j + found[1]
            else:
                prev_end = paragraphs[p_pos - 1].end
                for entry in reversed(stack):
                    if entry.mark != "'":  # a lone ' is far likelier an apostrophe
                        finish(entry, prev_end, None, None, (FLAG_UNCLOSED,))
                stack.clear()
        # Straight double marks: read the paragraph as a whole (_straight_roles).
        following = first_mark(paragraphs[p_pos + 1])[1] if p_pos + 1 < len(paragraphs) else None
        straight_marks = _straight_marks(text, i, hi, lexicon)
        straight_width = dict(straight_marks)
        straight = _straight_roles(
            text, lo, hi, straight_marks,
            start_open=bool(stack) and stack[0].mark == '"',
            runs_on=following is not None and following[0] == '"',
        )
        boundary = lo  # nothing before this can belong to an unopened span
        while i < hi:
            found = _mark_at(text, i, lexicon) if text[i] in pairs or text[i] in _CLOSERS or text[i] in "<>" else None
            if found is None:
                i += 1
                continue
            c, width = found
            if c == '"':
                width = straight_width.get(i, width)
                role = straight.get(i)
                role = "close" if role == "unopened" else role
            else:
                role = _mark_role(text, i, lo, hi, [e.mark for e in stack], c)
            if role is None:
                i += width
                continue
            if role == "close":
                target = c if c in "\"'" else None
                k = None
                for idx in range(len(stack) - 1, -1, -1):
                    m = stack[idx].mark
                    if (target and m == target) or (not target and (pairs.get(m) == c or c in other_closers.get(m, ()))):
                        k = idx
                        break
                close_at = i + width - 1
                if k is not None:
                    for inner in reversed(stack[k + 1 :]):
                        finish(inner, i, None, None, (FLAG_UNCLOSED,))
                    entry = stack[k]
                    del stack[k:]
                    finish(entry, i, close_at, c, ())
                elif not stack and c != "'":
                    sent = 0
                    pos = bisect.bisect_right(starts, i) - 1
                    if pos >= 0:
                        sent = starts[pos]
                    s, e = _strip(text, max(boundary, sent, lo), i)
                    # "Home » MONDE »": a one- or two-word run before a stray » is a
                    # breadcrumb or a layout mark, not a quote that lost its opener.
                    if len(text[s:e].split()) >= 3:
                        key_counter += 1
                        spans.append(
                            dict(
                                key=key_counter,
                                segments=((s, e),),
                                paragraphs=(para.index,),
                                open_mark=None,
                                close_mark=c,
                                open_at=None,
                                close_at=close_at,
                                depth=0,
                                parent=None,
                                flags=(FLAG_UNOPENED,),
                            )
                        )
                boundary = close_at + 1
            else:
                key_counter += 1
                parent_of[key_counter] = stack[-1].key if stack else None
                stack.append(
                    _Open(
                        key=key_counter,
                        mark=c,
                        open_at=i,
                        seg_start=i + width,
                        segments=[],
                        paragraphs=[para.index],
                        parent=stack[-1].key if stack else None,
                        depth=len(stack),
                    )
                )
                boundary = i + width
            i += width
        # End of paragraph: keep the stack open for a possible continuation, but close the
        # current segment of every open quote.
        for entry in stack:
            s, e = _strip(text, entry.seg_start, hi)
            if e > s:
                entry.segments.append((s, e))
            else:
                entry.paragraphs.pop()
            entry.seg_start = hi
    if stack:
        last_end = paragraphs[-1].end if paragraphs else len(text)
        for entry in reversed(stack):
            if entry.mark != "'":
                finish(entry, last_end, None, None, (FLAG_UNCLOSED,))
    for turn in dialogue_turns(text, paragraphs, lexicon):
        key_counter += 1
        spans.append(dict(turn, key=key_counter))
    return _finalise(spans, parent_of)


_TURN_MARKS = "«»“”„‹›\"<>"  # a turn holding these is left to the mark scanner


def dialogue_turns(text: str, paragraphs: Sequence[Paragraph], lex: QuoteLexicon = FRENCH) -> list[dict]:
    """Speech turns of an interview marked by dialogue dashes, as raw spans for
    `_finalise`: "— Vous partez ? — Oui, répond-il." is two turns.

    A turn starts at a dash that opens a paragraph (followed by a space) or that follows
    the end of the previous turn's sentence ("? — "); it runs to the next turn or the
    paragraph end. An incise that ends it (", répond-il.") is left outside the span, and
    the span's `close_at` is put just before it, so the incise attributes it as it does
    after a closing mark. A paragraph-initial dash is also how lists are written, so dashes
    count as dialogue only when the article has at least two turns, and a turn that holds
    quote marks is left to the mark scanner."""
    if not lex.dialogue_dashes:
        return []
    dashes = lex.dialogue_dashes
    incise = re.compile(lex.turn_incise) if lex.turn_incise else None
    found = []
    for para in paragraphs:
        j = para.start
        while j < para.end and text[j] in _SPACES:
            j += 1
        if not (j + 1 < para.end and text[j] in dashes and text[j + 1] in _SPACES):
            continue
        starts = [j]
        k = text.find(" ", j + 2, para.end)
        while k != -1:
            # "? — Oui": a dash after a sentence end starts the next turn.
            if k + 2 < para.end and text[k + 1] in dashes and text[k + 2] in _SPACES and text[k - 1] in _SENTENCE_END:
                starts.append(k + 1)
            k = text.find(" ", k + 1, para.end)
        for n, a in enumerate(starts):
            b = starts[n + 1] if n + 1 < len(starts) else para.end
            s, e = _strip(text, a + 1, b)
            if e <= s or any(c in _TURN_MARKS for c in text[s:e]):
                continue
            close_at = None
            tail_start = max(s, e - 80)
            m = incise.search(text, tail_start, e) if incise else None
            if m is not None:
                s2, e2 = _strip(text, s, m.start())
                if e2 > s2:
                    e, close_at = e2, e2 - 1
            found.append(dict(segments=((s, e),), paragraphs=(para.index,), open_mark=text[a], close_mark=None,
                              open_at=a, close_at=close_at, depth=0, parent=None, flags=(FLAG_DIALOGUE,)))
    return found if len(found) >= 2 else []


def _finalise(raw: list[dict], parent_of: Optional[dict] = None) -> list[MarkSpan]:
    """Sort spans in text order and turn parent keys into list indices."""
    raw = [r for r in raw if r["segments"]]
    raw.sort(key=lambda r: (r["segments"][0][0], -r["segments"][-1][1], r["depth"]))
    index_of = {r["key"]: n for n, r in enumerate(raw)}
    out = []
    for r in raw:
        # A dropped span (empty, or a lone ' taken for an apostrophe) hands its children
        # to its own parent.
        key = r["parent"]
        while key is not None and key not in index_of:
            key = (parent_of or {}).get(key)
        parent = index_of.get(key) if key is not None else None
        paras = r["paragraphs"]
        if len(paras) != len(r["segments"]):
            paras = paras[: len(r["segments"])]
        out.append(
            MarkSpan(
                start=r["segments"][0][0],
                end=r["segments"][-1][1],
                segments=r["segments"],
                paragraphs=tuple(paras),
                open_mark=r["open_mark"],
                close_mark=r["close_mark"],
                open_at=r["open_at"],
                close_at=r["close_at"],
                depth=r["depth"] if parent is not None else 0,
                parent=parent,
                flags=r["flags"],
            )
        )
    return out


# --------------------------------------------------------------------------- tokens


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


def _verb_lemma_guesses(form: str) -> list[str]:
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
    return next((g for g in _verb_lemma_guesses(lemma) if g in known), lemma)


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


def _inside(ranges, offset: int) -> bool:
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



def _sentence_bounds(text: str, para: Paragraph, pos: int) -> tuple[int, int]:
    """Sentence around `pos` by punctuation (quote-aware enough for attribution windows)."""
    lo, hi = para.start, para.end
    s = pos
    while s > lo:
        if text[s - 1] in _SENTENCE_END and (s >= hi or text[s] in _SPACES) and not _is_abbrev(text, s - 1):
            break
        s -= 1
    e = pos
    while e < hi:
        if text[e] in _SENTENCE_END and (e + 1 >= hi or text[e + 1] in _SPACES) and not _is_abbrev(text, e):
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


# --------------------------------------------------------------------------- attribution


@dataclass(frozen=True)
class Attribution:
    """Who a span belongs to, as found in the text: the head token of the mention."""

    mention_head: Optional[int]  # article-wide token index of the mention head
    mention: Optional[str]  # as written
    cue: Optional[str]
    description: Optional[str] = None
    possessive: bool = False  # "sa réponse": resolve like a pronoun
    pattern: str = ""


_HYPHEN_PRON = re.compile(r"^-(?:t-)?(il|elle|ils|elles|on)$", re.I)



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
    stop_words = {"qui", "que", "qu'", "qu’", "dont", "lequel", "laquelle", "lors", "»", "«", "“", "”", "ne", "n'", "n’", "se", "s'", "s’"}
    while e < len(toks) and toks[e].para == para:
        t = toks[e]
        # "le président et chef de la direction de Cogeco": coordinated role nouns.
        coordinated_role = t.pos == "CCONJ" and h.pos == "NOUN" and e + 1 < len(toks) and _is_role(toks[e + 1], lex)
        if not coordinated_role and (t.text in (",", ".", ";", ":", "!", "?", "(", ")") or t.lower in stop_words or t.pos in ("VERB", "AUX", "SCONJ", "CCONJ") or (t.pos == "PRON" and e > head)):
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
        description = _join(toks[s:name_start]) or None
        return _join(toks[name_start : last + 1]), description, first
    mention = (_join(span) if span else h.text).strip(_SPACES)
    # "Bombardier, le plus grand constructeur …, a déclaré": the parser often makes the
    # apposition the subject; the name before the comma is the speaker.
    if h.pos == "NOUN" and s >= 2 and toks[s - 1].text == "," and toks[s - 2].pos == "PROPN" and toks[s - 2].para == para:
        n_end = s - 2
        n_start = n_end
        # A no-break space inside the name ("Drew\u00a0Bowler") is a SPACE token of its own.
        while n_start - 1 >= 0 and toks[n_start - 1].para == para and (toks[n_start - 1].pos == "PROPN" or (toks[n_start - 1].pos == "SPACE" and n_start - 2 >= 0 and toks[n_start - 2].pos == "PROPN")):
            n_start -= 1
        if n_start == 0 or toks[n_start - 1].para != para or toks[n_start - 1].text in (".", "!", "?", ":", "»", "”", '"', ","):
            return _join(toks[n_start : n_end + 1]), mention, n_end
    # Apposition after a comma: description.
    if e < len(toks) and toks[e].text == "," and toks[e].para == para:
        d_start = e + 1
        d_end = d_start
        while d_end < len(toks) and toks[d_end].para == para and toks[d_end].text not in (",", ".", ":", ";", "»", "«", "“", "”") and toks[d_end].pos not in ("VERB", "AUX"):
            d_end += 1
        if d_end > d_start and d_end < len(toks) and toks[d_end].text in (",",) and toks[d_start].pos in ("DET", "NOUN", "ADJ", "PRON") and d_end - d_start <= 14:
            description = _join(toks[d_start:d_end])
        # "le président de Cogeco, Louis Audet, …": a role, then the name in apposition.
        names = [t for t in toks[d_start:d_end] if t.pos != "SPACE"]  # "Kate\u00a0O'Malley"
        # Closed by punctuation, or directly by the verb ("La porte-parole de Frontier,
        # Kate O'Malley a indiqué …").
        closed = d_end >= len(toks) or toks[d_end].para != para or toks[d_end].text in (",", ".", ";") or toks[d_end].pos in ("VERB", "AUX")
        if h.pos == "NOUN" and h.lemma in lex.role_nouns and closed and names and all(t.text[:1].isupper() for t in names) and names[0].pos == "PROPN" and len(names) <= 5:
            return _join(names), mention, names[0].i
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


def _join(toks: Sequence[Tok]) -> str:
    if not toks:
        return ""
    out = toks[0].text
    for a, b in zip(toks, toks[1:]):
        out += (" " if b.start > a.end else "") + b.text
    return out


def _subject_of(toks: Sequence[Tok], verb: int) -> Optional[int]:
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
        return _subject_of(toks, root)
    return None


def _first_or_second_person(t: Tok, lex: QuoteLexicon) -> bool:
    """"je", "nous", "notre" …; not the title "Me" (Maître) of "Me Ruby", a noun."""
    return t.lower in lex.speech_person_words and t.pos in ("PRON", "DET")


def _speaker_head(toks: Sequence[Tok], head: int) -> int:
    """Move from a flat:name / det to the token that heads the mention."""
    t = toks[head]
    # "a-t-il" tokenised a, -t, -il with "-t" as the subject: the pronoun is next.
    if t.text in ("-t", "t", "-t-") and head + 1 < len(toks) and _HYPHEN_PRON.match(toks[head + 1].text):
        return head + 1
    if t.dep == "flat:name" and t.head != head:
        return t.head
    return head


def attribution_after(text: str, toks: Sequence[Tok], close_at: int, para: Paragraph, lex: QuoteLexicon = FRENCH) -> Optional[Attribution]:
    """Postposed or inverted incise: « … », souligne X / a-t-il ajouté / selon X / : X raconte."""
    _, s_end = _sentence_bounds(text, para, close_at + 1)
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
        if t.text in _OPEN_TOKENS:
            window = window[:n]
            break
    if not window or window[0].pos == "CCONJ":
        return None  # "« … », mais il a affirmé …": a clause of its own, not an incise
    first = window[0]
    if first.lower in ("selon",) or (first.lower in ("d'", "d’") and len(window) > 1 and window[1].lower == "après"):
        start = 1 if first.lower == "selon" else 2
        nouns = [t for t in window[start:] if t.pos in ("NOUN", "PROPN", "PRON")]
        if nouns:
            head = _speaker_head(toks, _selon_source(toks, nouns[0].i, lex))
            m, d, h = mention_at(toks, head, lex)
            return Attribution(h, m, first.text if start == 1 else "d'après", d, pattern="postposed_selon")
    # With no comma or colon, only a verb right after the mark makes an incise (« … »
    # raconte-t-il); "« … » de la capitale et exige …" is the sentence going on.
    for n, t in enumerate(window[: 7 if separated else 2]):
        if not separated and n == 1 and window[0].pos != "AUX":
            break  # "« héros » et affirmé que …": coordination, not an incise
        if t.pos in ("VERB", "AUX") and t.lemma in lex.cue_verbs:
            cue = t
            # Inverted pronoun: a-t-il dit, souligne-t-il, pouvait-on lire.
            for u in window[max(0, n - 3) : n + 3]:
                mt = _HYPHEN_PRON.match(u.text)
                if mt:
                    pron = mt.group(1).lower()
                    if pron == "on":
                        # "pouvait-on lire sur X": the source after sur/dans is the speaker.
                        sentence = toks.within(close_at, s_end, after=True)
                        for k, w in enumerate(sentence):
                            if w.lower in ("sur", "dans") and k + 1 < len(sentence):
                                nouns = [x for x in sentence[k + 1 :] if x.pos in ("PROPN", "NOUN")]
                                if nouns:
                                    head = _speaker_head(toks, nouns[0].i)
                                    m, d, h = mention_at(toks, head, lex)
                                    return Attribution(h, m, cue.text, d, pattern="impersonal_source")
                        return Attribution(None, None, cue.text, pattern="impersonal")
                    return Attribution(u.i, pron, _cue_text(toks, cue), pattern="inverted_pronoun")
            subj = _subject_of(toks, cue.i)
            if subj is not None and toks[subj].start > close_at and toks[subj].lower not in lex.impersonal:
                head = _speaker_head(toks, subj)
                m, d, h = mention_at(toks, head, lex)
                return Attribution(h, m, _cue_text(toks, cue), d, pattern="postposed")
            # Parser missed the inverted subject: first noun phrase after the verb.
            for u in window[n + 1 :]:
                if u.pos in ("PROPN", "NOUN") and u.lower not in ("exemple",):
                    head = _speaker_head(toks, u.i)
                    m, d, h = mention_at(toks, head, lex)
                    return Attribution(h, m, _cue_text(toks, cue), d, pattern="postposed")
                if u.text in (".", "!", "?"):
                    break
            # Subject before the verb: « … » : un officier raconte.
            for u in window[:n]:
                if u.pos in ("PROPN", "NOUN") or (u.pos == "PRON" and u.lower in lex.pronouns):
                    head = _speaker_head(toks, u.i)
                    m, d, h = mention_at(toks, head, lex)
                    return Attribution(h, m, _cue_text(toks, cue), d, pattern="postposed")
            return None
    # "« … », s'émeut Justin Brookman": in an inverted incise right after the comma any
    # verb reports, whether or not the lexicon lists it; its subject follows it.
    k = 1 if window[0].lower in ("s'", "s’", "se") and len(window) > 1 else 0
    verb = window[k]
    after = window[k + 1] if k + 1 < len(window) else None
    if separated and verb.pos == "VERB" and verb.verbform == "Fin" and after is not None and after.pos in ("PROPN", "DET", "NOUN"):
        nouns = [u for u in window[k + 1 : k + 6] if u.pos in ("PROPN", "NOUN")]
        if nouns:
            head = _speaker_head(toks, nouns[0].i)
            m, d, h = mention_at(toks, head, lex)
            return Attribution(h, m, _join(window[: k + 1]), d, pattern="inverted_incise")
    return None


def _selon_source(toks: Sequence[Tok], noun: int, lex: QuoteLexicon) -> int:
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


def _cue_text(toks: Sequence[Tok], cue: Tok) -> str:
    """The cue as written, with its auxiliary: "a déclaré", "souligne"."""
    if cue.i > 0 and toks[cue.i - 1].pos == "AUX" and toks[cue.i - 1].head == cue.i:
        return toks[cue.i - 1].text + " " + cue.text
    if cue.i > 1 and toks[cue.i - 2].pos == "AUX" and toks[cue.i - 2].head == cue.i and toks[cue.i - 1].pos == "ADV":
        return _join(toks[cue.i - 2 : cue.i + 1])
    return cue.text


def attribution_before(text: str, toks: Sequence[Tok], open_at: int, para: Paragraph, lex: QuoteLexicon = FRENCH) -> Optional[Attribution]:
    """Colon introduction: X a déclaré : « … » / Il poursuit : « … » / sa réponse a tranché : « … »."""
    j = open_at
    while j > para.start and text[j - 1] in _SPACES:
        j -= 1
    if j <= para.start or text[j - 1] != ":":
        return None
    s_start, _ = _sentence_bounds(text, para, j - 1)
    window = toks.within(s_start, j - 1)
    if not window:
        return None
    # Don't read into a previous quote in the same sentence.
    for n in range(len(window) - 1, -1, -1):
        if window[n].text in _CLOSE_TOKENS:
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
    subj = _subject_of(toks, cue.i)
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
            return Attribution(dets[0].i, dets[0].text, _cue_text(toks, cue), possessive=True, pattern="colon_possessive")
        nmods = [t for t in toks.children(subj) if t.dep.startswith("nmod") and t.pos in ("PROPN", "NOUN")]
        if nmods:
            subj = nmods[0].i
    head = _speaker_head(toks, subj)
    m, d, h = mention_at(toks, head, lex)
    return Attribution(h, m, _cue_text(toks, cue), d, pattern="colon")


def attribution_in_sentence(text: str, toks: Sequence[Tok], span_start: int, span_end: int, para: Paragraph, quote_ranges: Sequence[tuple[int, int]], lex: QuoteLexicon = FRENCH) -> Optional[Attribution]:
    """A cue verb or "selon X" elsewhere in the quote's sentence (partial quotes mostly)."""
    s0, _ = _sentence_bounds(text, para, span_start)
    _, s1 = _sentence_bounds(text, para, max(span_start, span_end - 1))
    outside = [t for t in toks.within(s0, s1) if not _inside(quote_ranges, t.start)]
    for n, t in enumerate(outside):
        is_selon = t.lower == "selon" or (t.lower == "après" and n > 0 and outside[n - 1].lower in ("d'", "d’"))
        if is_selon:
            nouns = [u for u in outside[n + 1 : n + 6] if u.pos in ("NOUN", "PROPN", "PRON")]
            if nouns and nouns[0].lower not in ("lequel", "laquelle", "lesquels", "lesquelles", "qui"):
                head = _speaker_head(toks, _selon_source(toks, nouns[0].i, lex))
                m, d, h = mention_at(toks, head, lex)
                return Attribution(h, m, "selon" if t.lower == "selon" else "d'après", d, pattern="selon")
    # "Pour le PDG de Titan, « … »": a person's view introduced by "pour".
    if outside and outside[0].lower == "pour":
        for k, u in enumerate(outside[1:8], start=1):
            if u.text == ",":
                heads = [x for x in outside[1:k] if (x.pos == "NOUN" and x.lemma in lex.role_nouns) or (x.pos == "PROPN" and x.ent == "PER")]
                if heads:
                    head = _speaker_head(toks, heads[0].i)
                    m, d, h = mention_at(toks, head, lex)
                    return Attribution(h, m, "pour", d, pattern="pour")
                break
    # Several cue verbs ("X n'a pas commenté, mais Y a qualifié … de « … »"): the one
    # that governs the quote, else the nearest before it, else the first after it.
    cues = []
    for t in outside:
        if t.pos == "VERB" and (t.lemma in lex.cue_verbs or t.lemma in lex.label_verbs):
            subj = _subject_of(toks, t.i)
            if subj is not None and toks[subj].lower not in lex.impersonal and not _first_or_second_person(toks[subj], lex):
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
    head = _speaker_head(toks, subj)
    m, d, h = mention_at(toks, head, lex)
    return Attribution(h, m, _cue_text(toks, t), d, pattern="sentence_cue")


def attribution_split_incise(toks: Sequence[Tok], span: MarkSpan, lex: QuoteLexicon = FRENCH) -> Optional[Attribution]:
    """« A, souligne-t-il, B »: a comma-delimited incise inside the quoted span."""
    inside = toks.within(span.start, span.end)
    for n in range(1, len(inside) - 2):
        t = inside[n]
        if inside[n - 1].text == "," and t.pos in ("VERB", "AUX") and t.lemma in lex.cue_verbs:
            tail = inside[n + 1 : n + 5]
            for k, u in enumerate(tail):
                mt = _HYPHEN_PRON.match(u.text)
                if mt and mt.group(1).lower() != "on":
                    rest = tail[k + 1 :]
                    if rest and rest[0].text == ",":
                        return Attribution(u.i, mt.group(1).lower(), t.text, pattern="split_incise")
            # "…, souligne Jean Dupont, …"
            if tail and tail[0].pos == "PROPN":
                head = _speaker_head(toks, tail[0].i)
                m, d, h = mention_at(toks, head, lex)
                return Attribution(h, m, t.text, d, pattern="split_incise")
    return None


# --------------------------------------------------------------------------- classification


# Cue verbs that report with an infinitive ("a déclaré avoir …", "nie avoir …").
_INFINITIVE_CUES = frozenset({"déclarer", "affirmer", "assurer", "reconnaître", "nier", "dire", "estimer", "admettre", "avouer", "démentir", "plaindre", "raconter", "prétendre", "soutenir", "confirmer", "jurer"})

_SUBORDINATORS = {"lorsque", "lorsqu'", "lorsqu’", "que", "qu'", "qu’", "si", "quand", "parce", "car", "comme", "puisque", "bien", "afin", "pour", "sans"}
_DETERMINERS = {"des", "une", "un", "de", "du", "la", "le", "les", "l'", "l’", "d'", "d’", "ce", "cette", "ces"}


def classify_quote(text: str, span: MarkSpan, toks: Sequence[Tok], para: Paragraph, attributed: bool, lex: QuoteLexicon = FRENCH) -> str:
    """direct (a clause or more), partial (a fragment of someone's words), or term.

    Term: a name or title (title case, or after "la chaîne", "surnommé" …), or a short
    fragment nobody is said to have uttered (scare quotes, `des “émeutes”`).
    Direct: a clause that stands as speech (capitalised, sentence-initial or sentence-final,
    or a clause with its own subject). Partial: the rest, when it is someone's words.
    """
    if len(span.segments) > 1 or FLAG_DIALOGUE in span.flags:
        return "direct"  # several paragraphs, or a turn of a dialogue: speech, not a term
    # Overlapping, not contained: spaCy leaves `d'"inexplicable` one token.
    inside = toks.overlapping(span.start, span.end)
    words = [t for t in inside if any(ch.isalnum() for ch in t.text)]
    content = text[span.start : span.end]
    if not words:
        return "term"
    ids = {t.i for t in inside}
    finite = any(t.pos in ("VERB", "AUX") and t.verbform == "Fin" for t in inside)
    own_subject = any(t.dep.startswith("nsubj") and t.head in ids and t.lower not in ("qui",) for t in inside)
    person = any(_first_or_second_person(t, lex) for t in inside)
    before = text[para.start : span.open_at if span.open_at is not None else span.start].rstrip(_SPACES)
    sentence_initial = not before or before[-1] in _SENTENCE_END + ":" or before.endswith(("»", "”"))
    starts_upper = content[:1].isupper()
    ends_sentence = content.rstrip("»”’ ")[-1:] in _SENTENCE_END
    prev_words = re.findall(r"[\w'’-]+", before[-40:])
    prev_word = prev_words[-1].lower() if prev_words else ""
    title_case = len(words) <= 6 and all(w.text[:1].isupper() or w.pos in ("ADP", "DET", "CCONJ") for w in words) and not finite
    n = len(words)
    if title_case and not sentence_initial:
        return "term"
    if prev_word in lex.naming_nouns and not finite:
        return "term"
    if finite and (starts_upper or sentence_initial or ends_sentence) and n >= 2:
        return "direct"
    if finite and own_subject and n >= 4 and words[0].lower not in _SUBORDINATORS:
        return "direct"
    if sentence_initial and starts_upper and n >= 3 and (ends_sentence or attributed):
        return "direct"
    if finite and n >= 3:
        return "partial"
    if person:
        return "partial"
    if n == 1:
        # "parle de « sabotage »": the "de" belongs to a labelling verb, not a determiner.
        labelled = prev_word in ("de", "d'", "d’") and any(
            w.dep.startswith("obl") and toks[w.head].lemma in lex.label_verbs for w in words
        )
        # spaCy leaves `d'"inexplicable` one token: then look for the verb just before.
        labelled = labelled or (prev_word in ("d'", "d’") and any(
            t.lemma in lex.label_verbs for t in toks[max(0, words[0].i - 3) : words[0].i]
        ))
        return "partial" if attributed and (prev_word not in _DETERMINERS or labelled) else "term"
    if n <= 4:
        if words[0].lower in ("le", "la", "les", "l'", "l’"):
            return "term"
        return "partial" if attributed else "term"
    return "partial"


# --------------------------------------------------------------------------- indirect speech


@dataclass(frozen=True)
class IndirectQuote:
    start: int
    end: int
    paragraph: int  # position in article.paragraphs
    attribution: Attribution


def _trim_content(text: str, s: int, e: int) -> tuple[int, int]:
    s, e = _strip(text, s, e)
    while e > s and text[e - 1] in ".!?;:,…":
        e -= 1
    return _strip(text, s, e)


_QUOTE_CHARS = "«»“”„‘’‹›\"'<>"
_INCISE_PATTERNS = ("postposed", "inverted_pronoun", "inverted_incise", "colon", "colon_possessive")


# "a dit croire que …": infinitives between a cue and its "que" that carry the report on.
_OPINION_INFINITIVES = frozenset({"croire", "penser", "savoir", "estimer", "espérer", "considérer"})
# Words that make "que" part of a conjunction ("peu après que", "alors que", "bien que").
_CONJUNCTION_QUE = frozenset({"après", "avant", "pendant", "alors", "tandis", "bien", "parce", "pour", "dès", "ainsi", "depuis", "sans", "afin", "lors", "tant", "sitôt", "moins", "plutôt", "même", "encore", "si"})


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
        if _inside(marked, u.start):
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
                if w.pos == "VERB" and w.lemma in lex.cue_verbs and any(x.lower in ("que", "qu'", "qu’") for x in ahead[a + 1 :] + toks[w.i + 1 : w.i + 4]):
                    return u.start
    return s_end


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
        # "X a déclaré (à la nation) que …"
        if t.pos == "VERB" and t.lemma in lex.cue_verbs and t.lemma not in ("lire", "demander", "lancer", "menacer", "promettre", "exiger", "réclamer", "accuser", "interroger", "poursuivre"):
            que = None
            for k in range(t.i + 1, min(n, t.i + 14)):
                u = toks[k]
                # "a dit croire que …", "fait savoir que": an infinitive of opinion or
                # "faire" passes the report on; any other verb ends the search.
                passes = u.lemma == "faire" or (u.verbform == "Inf" and u.lemma in _OPINION_INFINITIVES)
                if u.para != t.para or u.text in (".", "!", "?", ":", "«", "“", "»", "”") or (u.pos in ("VERB",) and k > t.i + 1 and not passes):
                    break
                if u.lower in ("que", "qu'", "qu’", "comment") and u.pos in ("SCONJ", "PRON", "ADV"):
                    # "peu après que", "alors que", "bien que": a conjunction, not a report.
                    if toks[k - 1].lower not in _CONJUNCTION_QUE:
                        que = u
                    break
            subj = _subject_of(toks, t.i) if que is not None else None
            if que is not None and subj is not None:
                st = toks[subj]
                ok = st.lower not in lex.impersonal and not _first_or_second_person(st, lex) and st.start < t.start
                _, s_end = _sentence_bounds(text, para, que.end)
                s, e = _trim_content(text, que.end, _report_end(toks, que.i + 1, s_end, marked, lex))
                while s < e and text[s] == ",":
                    s, e = _trim_content(text, s + 1, e)
                if ok and e - s >= 3:
                    head = _speaker_head(toks, subj)
                    m, d, h = mention_at(toks, head, lex)
                    past = any(toks[k].pos == "AUX" and toks[k].head == t.i for k in range(max(0, t.i - 3), t.i)) or t.text.lower().endswith(("ait", "aient"))
                    out.append(IndirectQuote(s, e, t.para, Attribution(h, m, _cue_text(toks, t), d, pattern="indirect_que_past" if past else "indirect_que")))
                    continue
        # "X a déclaré avoir dîné …", "se plaignent de ne pas recevoir …": an infinitive
        # report shares the speaker's subject.
        if t.pos == "VERB" and t.lemma in _INFINITIVE_CUES:
            k = t.i + 1
            if k < n and toks[k].lower in ("de", "d'", "d’") and t.lemma in ("plaindre",):
                k += 1
            start_k = k
            while k < n and toks[k].para == t.para and toks[k].lower in ("ne", "n'", "n’", "pas", "jamais", "plus", "rien", "se", "s'", "s’", "y", "en"):
                k += 1
            if k < n and toks[k].para == t.para and toks[k].pos in ("VERB", "AUX") and toks[k].verbform == "Inf" and start_k < n:
                subj = _subject_of(toks, t.i)
                if subj is not None and toks[subj].lower not in lex.impersonal and not _first_or_second_person(toks[subj], lex) and toks[subj].start < t.start:
                    _, s_end = _sentence_bounds(text, para, toks[k].start)
                    end = s_end
                    for u in (toks[j] for j in range(k + 1, n)):  # no copy of the rest of the article
                        if u.start >= s_end or u.para != t.para:
                            break
                        if _inside(marked, u.start):
                            continue  # "a soutenu n'avoir jamais vu une enquête "aussi bâclée""
                        nxt = toks[u.i + 1] if u.i + 1 < n else None
                        if u.text in (",", ";", ":", "(") or (u.pos == "CCONJ" and nxt is not None and nxt.pos == "VERB" and nxt.lemma in lex.cue_verbs):
                            end = u.start
                            break
                    s, e = _trim_content(text, toks[start_k].start, end)
                    if e - s >= 3:
                        head = _speaker_head(toks, subj)
                        m, d, h = mention_at(toks, head, lex)
                        out.append(IndirectQuote(s, e, t.para, Attribution(h, m, _cue_text(toks, t), d, pattern="indirect_infinitive")))
                        continue
        # "ont écrit une lettre refusant de participer …": the participle is the claim.
        if t.pos == "VERB" and t.lemma in ("écrire", "signer", "adresser", "publier", "envoyer", "lire"):
            objs = [u for u in toks[t.i + 1 : min(n, t.i + 5)] if u.pos == "NOUN" and u.lemma in lex.written_objects]
            if objs:
                obj = objs[0]
                nxt = toks[obj.i + 1] if obj.i + 1 < n else None
                if nxt is not None and nxt.para == t.para and nxt.pos == "VERB" and nxt.lower.endswith("ant"):
                    _, s_end = _sentence_bounds(text, para, nxt.start)
                    s, e = _trim_content(text, nxt.start, s_end)
                    subj = _subject_of(toks, t.i)
                    # Inside a quote, the writer is a subject inside the same quote ("les
                    # militaires … se sont révoltés et ont écrit une lettre refusant …").
                    enclosing = [(a, b) for a, b in marked if a <= t.start < b]
                    if enclosing and subj is not None and not (enclosing[-1][0] <= toks[subj].start < enclosing[-1][1]):
                        a, b = enclosing[-1]
                        inner = [u.i for u in toks.starting_in(a, t.start) if u.dep.startswith("nsubj") and u.pos in ("NOUN", "PROPN")]
                        subj = inner[-1] if inner else None
                    if subj is not None and toks[subj].lower not in lex.impersonal:
                        head = _speaker_head(toks, subj)
                        m, d, h = mention_at(toks, head, lex)
                        out.append(IndirectQuote(s, e, t.para, Attribution(h, m, _cue_text(toks, t), d, pattern="indirect_written")))
            continue
        # "selon X, …" / "…, selon X." / "d'après X, …"
        is_selon = t.lower == "selon" or (t.lower == "après" and t.i > 0 and toks[t.i - 1].lower in ("d'", "d’"))
        if is_selon:
            kw_start = toks[t.i - 1].start if t.lower == "après" else t.start
            nouns = [u for u in toks[t.i + 1 : min(n, t.i + 6)] if u.para == t.para and u.pos in ("NOUN", "PROPN", "PRON")]
            if not nouns:
                continue
            s0, s1 = _sentence_bounds(text, para, t.start)
            if nouns[0].lower in ("lequel", "laquelle", "lesquels", "lesquelles", "qui") and nouns[0].i == t.i + 1:
                # "les informations du Washington Post, selon lequel …": the antecedent speaks.
                before = [u for u in toks[max(0, t.i - 8) : t.i] if u.para == t.para and u.pos in ("NOUN", "PROPN")]
                if not before:
                    continue
                head = _speaker_head(toks, before[-1].i)
                m, d, h = mention_at(toks, head, lex)
                s, e = _trim_content(text, nouns[0].end, s1)
                if e - s >= 3:
                    out.append(IndirectQuote(s, e, t.para, Attribution(h, m, "selon", d, pattern="selon")))
                continue
            head = _speaker_head(toks, _selon_source(toks, nouns[0].i, lex))
            m, d, h = mention_at(toks, head, lex)
            # End of the "selon X" phrase: the end of the mention (and a comma after it).
            found = text.find(m, t.end, s1) if m else -1
            phrase_end = found + len(m) if found != -1 else max(toks[h].end, toks[nouns[0].i].end)
            rest = text[phrase_end:s1]
            if rest.lstrip(_SPACES).startswith(":"):
                continue  # "X aurait répondu, selon le Standard : « … »": the quote's source
            if text[s0:kw_start].strip(_SPACES + ",") == "":
                # Sentence-initial: the claim follows the phrase.
                s, e = _trim_content(text, phrase_end, s1)
                while s < e and text[s] in ",":
                    s, e = _trim_content(text, s + 1, e)
            elif text[s0:kw_start].rstrip(_SPACES + ",").endswith(("que", "qu'", "qu’")):
                # "X a déclaré que, selon Y, Z": Y's claim is Z (X's report holds it).
                s, e = _trim_content(text, phrase_end, s1)
                while s < e and text[s] in ",":
                    s, e = _trim_content(text, s + 1, e)
            elif rest.strip(_SPACES + ".!?") == "" or text[s0:kw_start].rstrip(_SPACES).endswith(","):
                # Sentence-final ", selon X.": the claim precedes it.
                s, e = _trim_content(text, s0, kw_start)
                e = e if text[e - 1 : e] != "," else e - 1
            else:
                # Mid-sentence "aurait selon lui été tuée": the whole sentence is the claim.
                s, e = _trim_content(text, s0, s1)
            if e - s < 3:
                continue
            cue = "selon" if t.lower == "selon" else "d'après"
            out.append(IndirectQuote(s, e, t.para, Attribution(h, m, cue, d, pattern="selon")))
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
        if t.text != "," or _inside(marked, t.start) or t.i + 1 >= len(toks):
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
        own = _subject_of(toks, verb.i)
        if (own is not None and toks[own].start < t.start) or any(u.lower in ("que", "qu'", "qu’") for u in toks[verb.i + 1 : verb.i + 4]):
            continue
        para = article.paragraphs[t.para]
        att = attribution_after(text, toks, t.start - 1, para, lex)
        if att is None or att.pattern not in ("postposed", "inverted_pronoun", "inverted_incise") or att.mention_head is None:
            continue
        if att.mention_head < verb.i and att.pattern != "inverted_pronoun":
            continue  # the subject must follow the verb in an inverted incise
        s0, _ = _sentence_bounds(text, para, t.start)
        s, e = _trim_content(text, s0, t.start)
        claim = toks.starting_in(s, e)
        unmarked = [u for u in claim if not _inside(marked, u.start) and any(ch.isalnum() for ch in u.text)]
        finite = any(u.pos in ("VERB", "AUX") and u.verbform == "Fin" for u in unmarked)
        if len(unmarked) < 2 or not finite or any(_first_or_second_person(u, lex) for u in unmarked):
            continue
        out.append(IndirectQuote(s, e, t.para, dataclasses.replace(att, pattern="indirect_incise")))
    return out


def _speaker_is_third_party(toks: Sequence[Tok], att: Attribution, lex: QuoteLexicon) -> bool:
    """"notre opinion selon laquelle …" is the quoted speaker's own view, not a report."""
    if att.mention_head is None:
        return False
    h = toks[att.mention_head]
    if _first_or_second_person(h, lex):
        return False
    return not any(t.head == h.i and _first_or_second_person(t, lex) for t in toks[max(0, h.i - 3) : h.i])


def _clip_to_enclosing(text: str, iq: IndirectQuote, marked: Sequence[tuple[int, int]], toks: Sequence[Tok], lex: QuoteLexicon) -> IndirectQuote:
    """A claim reported inside a quote ends where that quote ends."""
    for a, b in marked:
        if a <= iq.start < b and iq.end > b - 1:
            s, e = _trim_content(text, iq.start, b - 1)
            if e > s:
                return dataclasses.replace(iq, end=e)
    return iq


# --------------------------------------------------------------------------- speakers


@dataclass(frozen=True)
class _Mention:
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

    Candidates are the subjects of main clauses and the speakers already named by earlier
    attributions ("selon le soldat … selon lui"); a subject inside a "que" clause ("Il a
    déclaré que le Kremlin …") is a weaker candidate, tried only when no main one fits.
    """
    for strict in (True, False):
        k = _antecedent_pass(toks, pron_i, gender, number, quote_ranges, lex, max_paras, collective_ok, mention_heads, persons_only, strict)
        if k is not None:
            return k
    return None


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
        if not is_subject and k not in mention_heads and not introduces:
            continue
        if same_sentence_ok is False and not sentence_end_between and toks[k].para == toks[pron_i].para:
            continue
        if persons_only and not ((t.pos == "NOUN" and t.lemma in lex.role_nouns) or (t.pos == "PROPN" and t.ent == "PER") or k in mention_heads):
            continue
        if _inside(quote_ranges, t.start):
            continue
        if t.lower in lex.impersonal or _first_or_second_person(t, lex):
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
        if words and words[0].text[:1].isupper() and len(words) <= 4 and known(_join(words), words[-1]):
            return _join(words), words[-1].i
    return None


_NAME_LINKS = frozenset({"of", "for", "and", "de", "du", "des", "d'", "d’", "et"})


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
                (toks[e + 1].text[:1].isupper() and toks[e + 1].text[1:2].islower()) or (toks[e + 1].lower in _NAME_LINKS and e + 2 < len(toks) and toks[e + 2].text[:1].isupper())):
            e += 1
        run = toks[k : e + 1]
        while run and run[0].pos in ("DET", "ADP"):  # "La National …" at a sentence start
            run = run[1:]
        words = [t.text for t in run if t.text[:1].isupper()]
        if len(words) >= 2:
            out.setdefault("".join(w[0] for w in words), _join(run))
        k = e + 1
    return out


# How many paragraphs a conversation holds its speaker for a pronoun that finds no
# person of its own ("…», a-t-elle déclaré" five lines after the person last spoke).
_LAST_SPEAKER_PARAS = 6


def resolve_speakers(toks: Sequence[Tok], mentions: Sequence[Optional[_Mention]], quote_ranges: Sequence[tuple[int, int]], lex: QuoteLexicon = FRENCH) -> tuple[list[Optional[int]], list[Speaker]]:
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
            name, desc, _ = mention_at(toks, _speaker_head(toks, h), lex)
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
                    aname, adesc, _ = mention_at(toks, _speaker_head(toks, ah), lex)
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

_CONDITIONAL = re.compile(r"^\w+(?:rait|raient)$", re.I)
_AUX_CONDITIONAL = {"aurait", "auraient", "serait", "seraient"}


def _is_conditional(t: Tok) -> bool:
    """Conditional mood by form: the infinitive plus -ait/-aient ("discuterait"), or the
    conditional auxiliaries. The bare -raient test would take the imperfect of -rir verbs
    ("ouvraient") for a conditional."""
    low = t.lower
    if low in _AUX_CONDITIONAL:
        return True
    if not _CONDITIONAL.match(low):
        return False
    lemma = t.lemma
    stem = lemma[:-1] if lemma.endswith("re") else lemma
    return low in (stem + "ait", stem + "aient") or (low.endswith(("rait", "raient")) and lemma in ("faire", "aller", "venir", "voir", "tenir", "avoir", "être", "pouvoir", "devoir", "vouloir", "savoir", "falloir", "mourir", "courir", "envoyer"))


def mark_unverified_claims(text: str, toks: Sequence[Tok], start: int, end: int, lex: QuoteLexicon = FRENCH) -> bool:
    """True when the claim holds a reportive conditional ("aurait subi", "seraient arrêtés").

    Third person only (the first person "j'arrêterais" is hypothetical, not reportive), and
    not the epistemic modals ("pourrait", "devrait").
    """
    for t in toks.within(start, end):
        if t.pos in ("VERB", "AUX") and _is_conditional(t) and t.lemma not in lex.modal_conditionals:
            # Skip a hypothesis introduced by "si" earlier in the claim.
            if re.search(r"\b[Ss]i\b", text[start : t.start]) and not t.text.lower().startswith(("aur", "ser")):
                continue
            return True
    return False


# --------------------------------------------------------------------------- the stage


def _sentence_ids(article: Article, start: int, end: int, sentence_ends: Optional[Sequence[int]] = None) -> tuple[str, ...]:
    """Ids of the sentences that share a character with [start, end). Sentences come in
    text order without overlapping, so their ends increase: `sentence_ends` (computed
    once per article) turns the search into a bisection."""
    sentences = article.sentences
    ends = sentence_ends if sentence_ends is not None else [s.end for s in sentences]
    out = []
    for k in range(bisect.bisect_right(ends, start), len(sentences)):
        if sentences[k].start >= end:
            break
        out.append(sentences[k].id)
    return tuple(out)


# How many paragraphs after the last words of a speaker a paragraph in the first person
# is still read as that speaker's (news prose interleaves a few narrative lines).
_CONTINUATION_PARAS = 5


def _unmarked_continuations(article: Article, toks: Sequence[Tok], items: Sequence[dict], para_pos: dict, lex: QuoteLexicon) -> list[dict]:
    """Paragraphs of unmarked direct speech continuing the speaker last quoted.

    One pass over the paragraphs (linear): the current speaker is the attribution of the
    last marked quote with a speaker (or an earlier continuation); a report in the
    narrator's voice ends it; a paragraph with neither marks nor items of its own, holding a first-
    or second-person word (`je`, `nous`, `vous`, `Rappelez-vous`), within
    `_CONTINUATION_PARAS` of it, is that speaker's `direct` quote, flagged `unmarked`.
    A report whose subject is a definite description (`explique l'épouse du chanteur`)
    keeps the current speaker: the description most likely refers back to them.
    """
    text = article.text
    paragraphs = article.paragraphs
    by_para: dict[int, list[dict]] = {}
    for it in items:
        for pi in it["paragraphs"]:
            by_para.setdefault(para_pos[pi], []).append(it)
    person_in: set[int] = set()
    for t in toks:
        if t.para not in person_in and t.lower.lstrip("-") in lex.speech_person_words and t.pos in ("PRON", "DET"):
            person_in.add(t.para)
    out: list[dict] = []
    current = None  # (attribution, paragraph position of the speaker's last words)
    for p, para in enumerate(paragraphs):
        here = [it for it in by_para.get(p, ()) if it["parent_mark"] is None]
        speech = [it for it in here if it["type"] != "term" and it["att"] is not None and it["att"].mention_head is not None]
        if speech:
            last = max(speech, key=lambda it: it["start"])
            head = toks[last["att"].mention_head]
            definite = head.pos == "NOUN" and last["att"].mention_head > 0 and toks[last["att"].mention_head - 1].lower in ("le", "la", "l'", "l’")
            if last["type"] != "indirect":
                # Only a person, group or body holds a conversation: "le chant de
                # l'Internationale" quoted once has no more lines.
                animate = head.pos in ("PROPN", "PRON", "X") or head.lemma in lex.role_nouns or head.lemma in lex.collective_nouns or bool(head.ent)
                current = (last["att"], p) if animate else None
            elif current is not None and definite and p - current[1] <= _CONTINUATION_PARAS:
                current = (current[0], p)
            else:
                # A report in the narrator's voice ("selon la NRF, …") quotes nobody's
                # own words: first-person lines after it are the narrator's.
                current = None
            continue
        if current is None or p - current[1] > _CONTINUATION_PARAS:
            continue
        if here:
            # A paragraph that is one quote with no cue (`Nous avons eu … palpitant. »`,
            # its opening mark lost) is the current speaker's too.
            whole = [it for it in here if it["mark_index"] is not None and it["att"] is None and it["type"] == "direct"
                     and text[para.start : it["start"]].strip(_SPACES + _QUOTE_CHARS) == "" and text[it["end"] : para.end].strip(_SPACES + _QUOTE_CHARS + ".!?…") == ""]
            for it in whole:
                it["att"] = dataclasses.replace(current[0], pattern="continuation", cue=None)
                current = (current[0], p)
            continue
        if by_para.get(p) or p not in person_in:
            continue
        start, end = _strip(text, para.start, para.end)
        if end - start < 2:
            continue
        out.append(dict(start=start, end=end, text=text[start:end], paragraphs=(para.index,), type="direct",
                        att=dataclasses.replace(current[0], pattern="continuation", cue=None), flags=[FLAG_UNMARKED],
                        mark_index=None, parent_mark=None, open_at=None, close_at=None))
        current = (current[0], p)
    return out


def extract_quotes(article: Article, docs: Sequence, lexicon: QuoteLexicon = FRENCH) -> Article:
    """The quote stage: every quotation of the article, typed, attributed, nested."""
    text = article.text
    paragraphs = article.paragraphs
    toks = article_tokens(article, docs, lexicon)
    sentence_starts = [s.start for s in article.sentences]
    marks = scan_quote_marks(text, paragraphs, sentence_starts, lexicon)
    para_pos = {p.index: n for n, p in enumerate(paragraphs)}
    mark_ranges = [
        (m.open_at if m.open_at is not None else m.start, (m.close_at + 1) if m.close_at is not None else m.end) for m in marks
    ]
    top_ranges = [r for r, m in zip(mark_ranges, marks) if m.parent is None]
    top_starts = [a for a, _ in top_ranges]  # increasing: marks come in text order
    marked = Ranges(mark_ranges)
    quoted = Ranges(top_ranges)

    # 1. Attribution and type of each marked span.
    items: list[dict] = []
    for n, m in enumerate(marks):
        first_para = paragraphs[para_pos[m.paragraphs[0]]]
        last_para = paragraphs[para_pos[m.paragraphs[-1]]]
        att = None
        flags = list(m.flags)
        if m.close_at is not None:
            att = attribution_after(text, toks, m.close_at, last_para, lexicon)
        if att is None and m.open_at is not None:
            att = attribution_before(text, toks, m.open_at, first_para, lexicon)
        if att is None and m.open_at is not None and m.open_at == first_para.start and para_pos[first_para.index] > 0:
            # A quote opening a paragraph, introduced by the previous one ending in a colon:
            # "… a lu une lettre signée par quarante boutiques : ¶ « Nous … »".
            previous = paragraphs[para_pos[first_para.index] - 1]
            att = attribution_before(text, toks, previous.end, previous, lexicon)
        if att is None:
            att = attribution_split_incise(toks, m, lexicon)
            if att is not None:
                flags.append(FLAG_SPLIT_INCISE)
        if att is None:
            att = attribution_in_sentence(text, toks, m.start, m.end, first_para, marked, lexicon)
        # A span nested in another quote takes attribution only from inside its parent.
        if att is not None and m.parent is not None and att.mention_head is not None:
            ps = marks[m.parent]
            if not (ps.start <= toks[att.mention_head].start < ps.end):
                att = None
        qtype = classify_quote(text, m, toks, first_para, att is not None and att.mention_head is not None, lexicon)
        if qtype == "term":
            att = None
        items.append(dict(start=m.start, end=m.end, text=m.content(text), paragraphs=m.paragraphs, type=qtype, att=att, flags=flags, mark_index=n, parent_mark=m.parent, open_at=m.open_at, close_at=m.close_at))

    # 2. A speech quote with no attribution of its own continues the previous speaker.
    prev = None
    for it in items:
        if it["parent_mark"] is not None:
            continue
        # Dialogue turns alternate speakers: a turn never inherits the previous one's.
        if it["att"] is None and prev is not None and FLAG_DIALOGUE not in it["flags"]:
            same_para = prev["paragraphs"][-1] == it["paragraphs"][0]
            p_prev = para_pos[prev["paragraphs"][-1]]
            p_this = para_pos[it["paragraphs"][0]]
            prev_para = paragraphs[p_prev]
            ends_with_quote = prev["close_at"] is not None and text[prev["close_at"] + 1 : prev_para.end].strip(_SPACES + ".!?,;") == ""
            starts_with_quote = it["open_at"] is not None and text[paragraphs[p_this].start : it["open_at"]].strip(_SPACES) == ""
            if same_para or (p_this == p_prev + 1 and ends_with_quote and starts_with_quote):
                m = marks[it["mark_index"]]
                qtype = classify_quote(text, m, toks, paragraphs[para_pos[m.paragraphs[0]]], True, lexicon)
                if prev["att"] is not None and qtype != "term":
                    it["att"] = dataclasses.replace(prev["att"], pattern="previous_quote", cue=None)
                    it["type"] = qtype
        if it["type"] != "term":
            prev = it

    # 3. Indirect speech. A report that holds a marked quote stays a report, the marked
    # quote its child, even when the marks cover nearly all of it (`a déclaré que « … »`):
    # the reviewer sees both the claim and which words are verbatim
    # (docs/quote-annotation.md). A report that is exactly one marked span adds nothing.
    # Looked up per claim, so indexed once: the spans already taken, the claims of each
    # paragraph, and the top-level marked quotes of each paragraph they start in.
    taken = {(it["start"], it["end"]) for it in items}
    claims_in: dict[int, list[dict]] = {}
    marked_in: dict[int, list[dict]] = {}
    for it in items:
        if it["parent_mark"] is None:
            marked_in.setdefault(it["paragraphs"][0], []).append(it)
    for iq in find_indirect_quotes(article, toks, marked, lexicon):
        # A claim never ends inside a marked quote ("« plus agressives... depuis Nixon »":
        # the "..." is no sentence end there): it runs to the quote's closing mark.
        r = bisect.bisect_left(top_starts, iq.start)
        while r < len(top_ranges) and top_ranges[r][0] < iq.end:
            a, b = top_ranges[r]
            if iq.end < b and text.count("\n", a, b) == 0:
                iq = dataclasses.replace(iq, end=b)
            r += 1
        if (iq.start, iq.end) in taken:
            continue
        # Two claims that cross (neither holds the other) would be sibling spans that
        # overlap; the one found first (in text order of its cue) stays. A claim stays in
        # its paragraph, so only that paragraph's claims can cross it.
        para_index = paragraphs[iq.paragraph].index
        if any(it["start"] < iq.end and iq.start < it["end"]
               and not (it["start"] <= iq.start and iq.end <= it["end"]) and not (iq.start <= it["start"] and it["end"] <= iq.end) for it in claims_in.get(para_index, ())):
            continue
        if iq.attribution.pattern == "selon":
            inside = [it for it in marked_in.get(para_index, ()) if iq.start <= (it["open_at"] if it["open_at"] is not None else it["start"]) and it["end"] <= iq.end]
            # "Selon X, « … »" is X's direct quote; "« … », a déclaré Y, selon une vidéo":
            # selon names where Y's words were found, not a claim of its own.
            exact = any(text[iq.start : iq.end].strip(_SPACES + _QUOTE_CHARS + ".,") == it["text"].strip(_SPACES + ".,") for it in inside)
            if exact or any(it["att"] is not None and it["att"].pattern in _INCISE_PATTERNS for it in inside):
                continue
        items.append(dict(start=iq.start, end=iq.end, text=text[iq.start : iq.end], paragraphs=(para_index,), type="indirect", att=iq.attribution, flags=[], mark_index=None, parent_mark=None, open_at=None, close_at=None))
        taken.add((iq.start, iq.end))
        claims_in.setdefault(para_index, []).append(items[-1])

    # 3b. Speech that lost its marks: a paragraph in the first or second person, with no
    # mark and no report of its own, shortly after a speaker was quoted, continues that
    # speaker ("« Je savais que je n'étais pas une fille », a-t-il déclaré. ¶ Je n'étais
    # pas heureux …"): a quote split over paragraphs where only the first kept its marks.
    items.extend(_unmarked_continuations(article, toks, items, para_pos, lexicon))

    items.sort(key=lambda it: (it["start"], -it["end"]))

    # 4. Parents: the innermost earlier item whose span contains this one (chains).
    # Sorted by start, a container of item k comes before it and still runs at its start:
    # only the items "open" at that point (a handful) are candidates.
    active: list[int] = []
    for k, it in enumerate(items):
        it["parent_pos"] = None
        best = None
        active = [j for j in active if items[j]["end"] > it["start"]]
        for j in active:
            other = items[j]
            if other["start"] <= it["start"] and it["end"] <= other["end"] and (other["end"] - other["start"]) > (it["end"] - it["start"]):
                if other["type"] == "term":
                    continue
                if best is None or (other["end"] - other["start"]) < (items[best]["end"] - items[best]["start"]):
                    best = j
        it["parent_pos"] = best
        active.append(k)

    # A marked quote inside a report is words of the reported speaker, unless its own
    # incise or colon says otherwise (`a dit que la police avait "ignoré" les preuves`).
    for it in items:
        parent = items[it["parent_pos"]] if it["parent_pos"] is not None else None
        if it["mark_index"] is None or parent is None or parent["type"] != "indirect" or parent["att"] is None:
            continue
        if it["att"] is None or it["att"].pattern in ("sentence_cue", "selon", "previous_quote"):
            m = marks[it["mark_index"]]
            qtype = classify_quote(text, m, toks, paragraphs[para_pos[m.paragraphs[0]]], True, lexicon)
            if qtype != "term":
                it["type"] = qtype
                it["att"] = dataclasses.replace(parent["att"], pattern="in_report")

    # 5. Speakers.
    mentions = [
        _Mention(it["att"].mention_head, it["att"].mention, it["att"].description, it["att"].possessive, para_pos[it["paragraphs"][-1]]) if it["att"] is not None else None
        for it in items
    ]
    assignment, speakers = resolve_speakers(toks, mentions, quoted, lexicon)
    order: dict[int, str] = {}
    for a in assignment:
        if a is not None and a not in order:
            order[a] = f"sp{len(order) + 1}"
    speaker_objs = tuple(dataclasses.replace(speakers[a], id=sid) for a, sid in sorted(order.items(), key=lambda kv: int(kv[1][2:])))

    quotes: list[QuoteSpan] = []
    sentence_ends = [s.end for s in article.sentences]
    ids = [f"q{k + 1}" for k in range(len(items))]
    for k, it in enumerate(items):
        att = it["att"]
        a = assignment[k]
        flags = list(it["flags"])
        if it["type"] in ("indirect", "partial") and att is not None and att.pattern != "indirect_que_past" and mark_unverified_claims(text, toks, it["start"], it["end"], lexicon):
            flags.append(FLAG_UNVERIFIED)
        quotes.append(
            QuoteSpan(
                id=ids[k],
                type=it["type"],
                text=it["text"],
                start=it["start"],
                end=it["end"],
                paragraphs=tuple(it["paragraphs"]),
                sentences=_sentence_ids(article, it["start"], it["end"], sentence_ends),
                speaker=order.get(a) if a is not None else None,
                speaker_name=speakers[a].name if a is not None else None,
                speaker_mention=att.mention if att is not None else None,
                cue=att.cue if att is not None else None,
                parent=ids[it["parent_pos"]] if it["parent_pos"] is not None else None,
                flags=tuple(dict.fromkeys(flags)),
            )
        )
    return dataclasses.replace(article, quotes=tuple(quotes), speakers=speaker_objs)


def quote_source_offsets(article: Article, quote: QuoteSpan) -> tuple[int, int]:
    """(source_start, source_end): the quote's content in the file as it was on disk."""
    return article.to_original_offset(quote.start), article.to_original_offset(max(quote.start, quote.end - 1)) + 1
