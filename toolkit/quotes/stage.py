"""The quote stage (`extract_quotes`): marks paired, each span attributed and typed, reports
without marks added, speakers resolved, claims flagged, as the article's quotes."""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass
from typing import Optional, Sequence

from toolkit.document import Article, QuoteSpan
from toolkit.lang.fr.quotes import FRENCH, QuoteLexicon
from toolkit.lang.typography import ALL_MARK_CHARS
from toolkit.quotes.attribution import Attribution, Pattern
from toolkit.quotes.claims import mark_unverified_claims
from toolkit.quotes.classify import classify_quote
from toolkit.quotes.cues import attribution_after, attribution_before, attribution_in_sentence, attribution_split_incise
from toolkit.quotes.flags import FLAG_DIALOGUE, FLAG_SPLIT_INCISE, FLAG_UNMARKED, FLAG_UNVERIFIED
from toolkit.quotes.marks import SPACES, strip_spaces
from toolkit.quotes.pairing import scan_quote_marks
from toolkit.quotes.reports import INCISE_PATTERNS, find_indirect_quotes
from toolkit.quotes.speakers import Mention, resolve_speakers
from toolkit.quotes.tokens import Ranges, Tok, article_tokens


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


@dataclass(frozen=True)
class Candidate:
    """A quote of the article before it gets its id, parent and speaker.

    `mark_index`/`parent_mark`: the `MarkSpan` it comes from and that span's parent
    (None for a report or an unmarked continuation); `open_at`/`close_at`: its marks.
    """

    start: int
    end: int
    text: str
    paragraphs: tuple[int, ...]
    type: str
    attribution: Optional[Attribution]
    flags: tuple[str, ...]
    mark_index: Optional[int] = None
    parent_mark: Optional[int] = None
    open_at: Optional[int] = None
    close_at: Optional[int] = None


# How many paragraphs after the last words of a speaker a paragraph in the first person
# is still read as that speaker's (news prose interleaves a few narrative lines).
_CONTINUATION_PARAS = 5


def _unmarked_continuations(article: Article, toks: Sequence[Tok], items: Sequence[Candidate], para_pos: dict, lex: QuoteLexicon) -> tuple[dict[int, Attribution], list[Candidate]]:
    """Paragraphs of unmarked direct speech continuing the speaker last quoted.

    One pass over the paragraphs (linear): the current speaker is the attribution of the
    last marked quote with a speaker (or an earlier continuation); a report in the
    narrator's voice ends it; a paragraph with neither marks nor items of its own, holding a first-
    or second-person word (`je`, `nous`, `vous`, `Rappelez-vous`), within
    `_CONTINUATION_PARAS` of it, is that speaker's `direct` quote, flagged `unmarked`.
    A report whose subject is a definite description (`explique l'épouse du chanteur`)
    keeps the current speaker: the description most likely refers back to them.

    Returns the new attributions of existing items (by position in `items`: a marked
    quote alone in its paragraph, with no cue, is the current speaker's) and the new items.
    """
    text = article.text
    paragraphs = article.paragraphs
    attributed: dict[int, Attribution] = {}

    def att(k: int) -> Optional[Attribution]:
        return attributed.get(k, items[k].attribution)

    by_para: dict[int, list[int]] = {}
    for k, it in enumerate(items):
        for pi in it.paragraphs:
            by_para.setdefault(para_pos[pi], []).append(k)
    person_in: set[int] = set()
    for t in toks:
        if t.para not in person_in and t.lower.lstrip("-") in lex.speech_person_words and t.pos in ("PRON", "DET"):
            person_in.add(t.para)
    out: list[Candidate] = []
    current = None  # (attribution, paragraph position of the speaker's last words)
    for p, para in enumerate(paragraphs):
        here = [k for k in by_para.get(p, ()) if items[k].parent_mark is None]
        speech = [k for k in here if items[k].type != "term" and att(k) is not None and att(k).mention_head is not None]
        if speech:
            last = max(speech, key=lambda k: items[k].start)
            last_att = att(last)
            head = toks[last_att.mention_head]
            definite = head.pos == "NOUN" and last_att.mention_head > 0 and toks[last_att.mention_head - 1].lower in ("le", "la", "l'", "l’")
            if items[last].type != "indirect":
                # Only a person, group or body holds a conversation: "le chant de
                # l'Internationale" quoted once has no more lines.
                animate = head.pos in ("PRON", "PROPN", "X") or head.lemma in lex.role_nouns or head.lemma in lex.collective_nouns or bool(head.ent)
                current = (last_att, p) if animate else None
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
            whole = [k for k in here if items[k].mark_index is not None and att(k) is None and items[k].type == "direct"
                     and text[para.start : items[k].start].strip(SPACES + ALL_MARK_CHARS) == "" and text[items[k].end : para.end].strip(SPACES + ALL_MARK_CHARS + ".!?…") == ""]
            for k in whole:
                attributed[k] = dataclasses.replace(current[0], pattern=Pattern.CONTINUATION, cue=None)
                current = (current[0], p)
            continue
        if by_para.get(p) or p not in person_in:
            continue
        start, end = strip_spaces(text, para.start, para.end)
        if end - start < 2:
            continue
        out.append(Candidate(start=start, end=end, text=text[start:end], paragraphs=(para.index,), type="direct",
                             attribution=dataclasses.replace(current[0], pattern=Pattern.CONTINUATION, cue=None), flags=(FLAG_UNMARKED,)))
        current = (current[0], p)
    return attributed, out


def _attribute_marked(article: Article, toks: Sequence[Tok], marks: Sequence, marked: Ranges, para_pos: dict, lexicon: QuoteLexicon) -> list[Candidate]:
    """Each marked span with its attribution and type, in the order of `marks`."""
    text = article.text
    paragraphs = article.paragraphs
    items: list[Candidate] = []
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
        items.append(Candidate(start=m.start, end=m.end, text=m.content(text), paragraphs=m.paragraphs, type=qtype, attribution=att,
                               flags=tuple(flags), mark_index=n, parent_mark=m.parent, open_at=m.open_at, close_at=m.close_at))
    return items


def _continue_previous_speaker(article: Article, toks: Sequence[Tok], marks: Sequence, items: list[Candidate], para_pos: dict, lexicon: QuoteLexicon) -> None:
    """A speech quote with no attribution of its own continues the previous speaker
    (same paragraph, or the next one when one quote ends a paragraph and the other
    opens the next). Replaces items in place."""
    text = article.text
    paragraphs = article.paragraphs
    prev = None
    for k, it in enumerate(items):
        if it.parent_mark is not None:
            continue
        # Dialogue turns alternate speakers: a turn never inherits the previous one's.
        if it.attribution is None and prev is not None and FLAG_DIALOGUE not in it.flags:
            same_para = prev.paragraphs[-1] == it.paragraphs[0]
            p_prev = para_pos[prev.paragraphs[-1]]
            p_this = para_pos[it.paragraphs[0]]
            prev_para = paragraphs[p_prev]
            ends_with_quote = prev.close_at is not None and text[prev.close_at + 1 : prev_para.end].strip(SPACES + ".!?,;") == ""
            starts_with_quote = it.open_at is not None and text[paragraphs[p_this].start : it.open_at].strip(SPACES) == ""
            if same_para or (p_this == p_prev + 1 and ends_with_quote and starts_with_quote):
                m = marks[it.mark_index]
                qtype = classify_quote(text, m, toks, paragraphs[para_pos[m.paragraphs[0]]], True, lexicon)
                if prev.attribution is not None and qtype != "term":
                    it = items[k] = dataclasses.replace(it, attribution=dataclasses.replace(prev.attribution, pattern=Pattern.PREVIOUS_QUOTE, cue=None), type=qtype)
        if it.type != "term":
            prev = it


def _add_reports(article: Article, toks: Sequence[Tok], items: list[Candidate], marked: Ranges, top_ranges: Sequence[tuple[int, int]], lexicon: QuoteLexicon) -> None:
    """Indirect speech, appended to `items`. A report that holds a marked quote stays a
    report, the marked quote its child, even when the marks cover nearly all of it
    (`a déclaré que « … »`): the reviewer sees both the claim and which words are verbatim
    (docs/quote-annotation.md). A report that is exactly one marked span adds nothing."""
    text = article.text
    paragraphs = article.paragraphs
    top_starts = [a for a, _ in top_ranges]  # increasing: marks come in text order
    # Looked up per claim, so indexed once: the spans already taken, the claims of each
    # paragraph, and the top-level marked quotes of each paragraph they start in.
    taken = {(it.start, it.end) for it in items}
    claims_in: dict[int, list[Candidate]] = {}
    marked_in: dict[int, list[Candidate]] = {}
    for it in items:
        if it.parent_mark is None:
            marked_in.setdefault(it.paragraphs[0], []).append(it)
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
        if any(it.start < iq.end and iq.start < it.end
               and not (it.start <= iq.start and iq.end <= it.end) and not (iq.start <= it.start and it.end <= iq.end) for it in claims_in.get(para_index, ())):
            continue
        if iq.attribution.pattern == Pattern.SELON:
            inside = [it for it in marked_in.get(para_index, ()) if iq.start <= (it.open_at if it.open_at is not None else it.start) and it.end <= iq.end]
            # "Selon X, « … »" is X's direct quote; "« … », a déclaré Y, selon une vidéo":
            # selon names where Y's words were found, not a claim of its own.
            exact = any(text[iq.start : iq.end].strip(SPACES + ALL_MARK_CHARS + ".,") == it.text.strip(SPACES + ".,") for it in inside)
            if exact or any(it.attribution is not None and it.attribution.pattern in INCISE_PATTERNS for it in inside):
                continue
        items.append(Candidate(start=iq.start, end=iq.end, text=text[iq.start : iq.end], paragraphs=(para_index,), type="indirect",
                               attribution=iq.attribution, flags=()))
        taken.add((iq.start, iq.end))
        claims_in.setdefault(para_index, []).append(items[-1])


def _parents(items: Sequence[Candidate]) -> list[Optional[int]]:
    """For each item (sorted by start, longest first), the position of the innermost
    earlier item whose span contains it (chains). Sorted by start, a container of item k
    comes before it and still runs at its start: only the items "open" at that point (a
    handful) are candidates."""
    parents: list[Optional[int]] = []
    active: list[int] = []
    for k, it in enumerate(items):
        best = None
        active = [j for j in active if items[j].end > it.start]
        for j in active:
            other = items[j]
            if other.start <= it.start and it.end <= other.end and (other.end - other.start) > (it.end - it.start):
                if other.type == "term":
                    continue
                if best is None or (other.end - other.start) < (items[best].end - items[best].start):
                    best = j
        parents.append(best)
        active.append(k)
    return parents


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
    marked = Ranges(mark_ranges)
    quoted = Ranges(top_ranges)

    # 1. Attribution and type of each marked span.
    items = _attribute_marked(article, toks, marks, marked, para_pos, lexicon)
    # 2. A speech quote with no attribution of its own continues the previous speaker.
    _continue_previous_speaker(article, toks, marks, items, para_pos, lexicon)
    # 3. Indirect speech.
    _add_reports(article, toks, items, marked, top_ranges, lexicon)
    # 3b. Speech that lost its marks: a paragraph in the first or second person, with no
    # mark and no report of its own, shortly after a speaker was quoted, continues that
    # speaker ("« Je savais que je n'étais pas une fille », a-t-il déclaré. ¶ Je n'étais
    # pas heureux …"): a quote split over paragraphs where only the first kept its marks.
    attributed, continuations = _unmarked_continuations(article, toks, items, para_pos, lexicon)
    for k, att in attributed.items():
        items[k] = dataclasses.replace(items[k], attribution=att)
    items.extend(continuations)

    items.sort(key=lambda it: (it.start, -it.end))

    # 4. Parents: the innermost earlier item whose span contains this one.
    parents = _parents(items)

    # A marked quote inside a report is words of the reported speaker, unless its own
    # incise or colon says otherwise (`a dit que la police avait "ignoré" les preuves`).
    for k, it in enumerate(items):
        parent = items[parents[k]] if parents[k] is not None else None
        if it.mark_index is None or parent is None or parent.type != "indirect" or parent.attribution is None:
            continue
        # "Selon la BBC, une personne aurait dit « … »": the source's claim is that the
        # person said the words; a cue verb whose subject is inside that claim keeps them.
        own_cue_in_claim = (parent.attribution.pattern == Pattern.SELON and it.attribution is not None
                            and it.attribution.pattern == Pattern.SENTENCE_CUE and it.attribution.mention_head is not None
                            and parent.start <= toks[it.attribution.mention_head].start < parent.end)
        if not own_cue_in_claim and (it.attribution is None or it.attribution.pattern in (Pattern.SENTENCE_CUE, Pattern.SELON, Pattern.PREVIOUS_QUOTE)):
            m = marks[it.mark_index]
            qtype = classify_quote(text, m, toks, paragraphs[para_pos[m.paragraphs[0]]], True, lexicon)
            if qtype != "term":
                items[k] = dataclasses.replace(it, type=qtype, attribution=dataclasses.replace(parent.attribution, pattern=Pattern.IN_REPORT))

    # 5. Speakers.
    mentions = [
        Mention(it.attribution.mention_head, it.attribution.mention, it.attribution.description, it.attribution.possessive, para_pos[it.paragraphs[-1]])
        if it.attribution is not None else None
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
        att = it.attribution
        a = assignment[k]
        flags = list(it.flags)
        if it.type in ("indirect", "partial") and att is not None and att.pattern != Pattern.INDIRECT_QUE_PAST and mark_unverified_claims(text, toks, it.start, it.end, lexicon):
            flags.append(FLAG_UNVERIFIED)
        quotes.append(
            QuoteSpan(
                id=ids[k],
                type=it.type,
                text=it.text,
                start=it.start,
                end=it.end,
                paragraphs=tuple(it.paragraphs),
                sentences=_sentence_ids(article, it.start, it.end, sentence_ends),
                speaker=order.get(a) if a is not None else None,
                speaker_name=speakers[a].name if a is not None else None,
                speaker_mention=att.mention if att is not None else None,
                cue=att.cue if att is not None else None,
                parent=ids[parents[k]] if parents[k] is not None else None,
                flags=tuple(dict.fromkeys(flags)),
            )
        )
    return dataclasses.replace(article, quotes=tuple(quotes), speakers=speaker_objs)

