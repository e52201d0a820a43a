"""Carry French quotes into the English translation.

Strategy (see docs/quote-transfer.md for the reasoning):

1. Before translation, every quote mark that the quote stage found (« » “ ” ‘ ’ ‹ › and
   straight ") is replaced in the model input by a plain `"`, the form opus-mt models
   saw most in training, and the no-break spaces inside guillemets are dropped
   (`quote_aware_input`).
2. After translation, the quote-like characters of the English output are matched, in
   order, to the French mark events of that sentence. When the counts agree, the quote's
   English span lies between its marks (`marks_recovered`).
3. When the model lost, moved or duplicated marks, the sentence is re-translated in
   pieces cut at the marks (frame and quote content separately) and re-assembled with the
   marks in place (`split_translation`): exact spans at some cost in fluency, and the
   sentence is flagged `quote_marks_repaired`.
4. Indirect quotes have no marks: their English span is the whole sentence(s)
   (`span_sentence_level`).
5. English typography: “ ” outside, ‘ ’ inside, alternating deeper; a quote running over
   paragraphs reopens at each paragraph start, as the French did. No « » survives.

Every quote ends with `translation`, `target_sentences`, `target_start`/`target_end`
(offsets into the first / last of its target sentences) and flags saying which path was
taken, or `quote_lost` with the reason.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Optional, Sequence

from toolkit.align.beads import target_id
from toolkit.document import Article, QuoteSpan, Sentence
from toolkit.lang.en import quotes as en_quotes
from toolkit.lang.fr.quotes import FRENCH, REPORTED_CLAUSE_CONJUNCTIONS
from toolkit.lang.typography import (
    CLOSING_MARKS,
    DOUBLE_MARKS,
    ENGLISH_CLOSING_MARKS,
    ENGLISH_OPENING_MARKS,
    MARK_SPACES,
    OPENING_MARKS,
    TRANSLATED_DOUBLE_MARKS,
    TRANSLATION_CLOSING_MARKS,
)
from toolkit.translate.batching import model_input
from toolkit.translate.translator import Translator

_DOUBLE_MARKS = re.compile(f"[{re.escape(DOUBLE_MARKS)}]")
# Single marks only where they cannot be an elision or a possessive inside a word.
_SINGLE_MARKS = re.compile(r"(?<![^\W\d_])['‘’]|['‘’](?![^\W\d_])")
_TRANSLATED_DOUBLE_MARKS = re.compile(f"[{re.escape(TRANSLATED_DOUBLE_MARKS)}]")

PATH_RECOVERED = "marks_recovered"
PATH_SPLIT = "split_translation"
PATH_SENTENCE = "span_sentence_level"
PATH_REPORTED_CLAUSE = "span_reported_clause"  # indirect: the English clause after "that" / "according to X,"
FLAG_LOST = "quote_lost"
FLAG_SPEAKER_UNRESOLVED = "speaker_unresolved"
FLAG_REPAIRED = "quote_marks_repaired"
FLAG_REPETITION = "repetition"
FLAG_LENGTH_RATIO = "length_ratio"


@dataclass(frozen=True)
class MarkEvent:
    """One quote mark in the source: where, what it does, and how deep it sits."""

    offset: int  # into Article.text
    role: str  # "open" | "close"
    quote_id: str
    depth: int  # 1 = outermost


def _skip_back(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] in MARK_SPACES:
        pos -= 1
    return pos


def _skip_forward(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in MARK_SPACES:
        pos += 1
    return pos


def quote_depths(quotes: Sequence[QuoteSpan]) -> dict[str, int]:
    """Nesting depth of each quote from its `parent` chain (1 = outermost)."""
    by_id = {q.id: q for q in quotes}
    depths: dict[str, int] = {}
    for q in quotes:
        depth, seen, parent = 1, {q.id}, q.parent
        while parent and parent in by_id and parent not in seen:
            seen.add(parent)
            if by_id[parent].type != "indirect":
                depth += 1
            parent = by_id[parent].parent
        depths[q.id] = depth
    return depths


def mark_events(article: Article) -> list[MarkEvent]:
    """The quote marks around every marked quote, found next to its content offsets."""
    text = article.text
    depths = quote_depths(article.quotes)
    events: dict[int, MarkEvent] = {}
    for q in article.quotes:
        if q.type == "indirect":
            continue
        depth = depths[q.id]
        before = _skip_back(text, q.start) - 1
        if before >= 0 and text[before] in OPENING_MARKS:
            events.setdefault(before, MarkEvent(before, "open", q.id, depth))
        after = _skip_forward(text, q.end)
        if after < len(text) and text[after] in CLOSING_MARKS:
            events.setdefault(after, MarkEvent(after, "close", q.id, depth))
        # Running quotes reopen at each later paragraph's start (« or », by convention).
        for index in q.paragraphs[1:]:
            paragraph = article.paragraphs[index]
            if paragraph.start > q.start and text[paragraph.start : paragraph.start + 1] in OPENING_MARKS + "»":
                events.setdefault(paragraph.start, MarkEvent(paragraph.start, "open", q.id, depth))
    return sorted(events.values(), key=lambda e: e.offset)


def _events_by_sentence(events: Sequence[MarkEvent], sentences: Sequence[Sentence]) -> dict[str, list[MarkEvent]]:
    """The events inside each sentence. `events` are sorted by offset (mark_events), so
    two bisections per sentence instead of a scan of the whole article."""
    offsets = [e.offset for e in events]
    out = {}
    for sentence in sentences:
        lo, hi = bisect.bisect_left(offsets, sentence.start), bisect.bisect_left(offsets, sentence.end)
        out[sentence.id] = list(events[lo:hi])
    return out


def quote_aware_input(sentence: Sentence, events: Sequence[MarkEvent]) -> str:
    """The model input for `sentence`, its quote marks normalised to `"`."""
    chars = list(sentence.text)
    for e in events:
        i = e.offset - sentence.start
        chars[i] = '"'
        # « non » → "non": drop the spaces French typography puts inside guillemets.
        j = i + 1 if e.role == "open" else i - 1
        while 0 <= j < len(chars) and chars[j] in MARK_SPACES:
            chars[j] = ""
            j = j + 1 if e.role == "open" else j - 1
    return model_input("".join(chars))


def english_marks(text: str, expected: int | None = None) -> list[int]:
    """Offsets of quote-like characters in an English output.

    Double marks first: the model saw only `"` in its input. Single marks (' ‘ ’) are
    also apostrophes (`soldiers' letter`, `l'"incertitude"`), so they are counted only
    when the double marks alone do not match the `expected` number of French marks and
    adding them does.
    """
    doubles = [m.start() for m in _DOUBLE_MARKS.finditer(text)]
    if expected is None or len(doubles) == expected:
        return doubles
    both = sorted(doubles + [m.start() for m in _SINGLE_MARKS.finditer(text)])
    return both if len(both) == expected else doubles


def typeset(text: str, marks: Sequence[int], events: Sequence[MarkEvent]) -> tuple[str, list[int]]:
    """Put English marks at `marks` (one per event, in order); return text and new offsets."""
    out, positions, last = [], [], 0
    for pos, event in zip(marks, events):
        segment = re.sub(" {2,}", " ", text[last:pos])
        if event.role == "close":
            segment = segment.rstrip(" ")
        out.append(segment)
        positions.append(sum(len(s) for s in out))
        level = (event.depth - 1) % 2
        out.append(ENGLISH_OPENING_MARKS[level] if event.role == "open" else ENGLISH_CLOSING_MARKS[level])
        last = pos + 1
        if event.role == "open":
            while last < len(text) and text[last] == " ":
                last += 1
    out.append(re.sub(" {2,}", " ", text[last:]))
    return "".join(out), positions


def flag_suspicious_output(source: str, translation: str) -> tuple[str, ...]:
    """Sentence flags for outputs a reviewer should double-check."""
    flags = []
    words = translation.lower().split()
    trigrams = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
    if any(trigrams.count(t) >= 3 for t in set(trigrams)) or re.search(r"\b(\w+)(?:\W+\1\b){3,}", translation.lower()):
        flags.append(FLAG_REPETITION)
    if len(source) >= 20 and not 0.5 <= len(translation) / max(1, len(source)) <= 2.0:
        flags.append(FLAG_LENGTH_RATIO)
    return tuple(flags)


@dataclass(frozen=True)
class _SentencePlan:
    sentence: Sentence
    events: tuple[MarkEvent, ...]
    pieces: tuple[str, ...] = ()  # when re-translated in pieces: source pieces between marks


def _pieces_between_marks(sentence: Sentence, events: Sequence[MarkEvent]) -> list[str]:
    cuts = [e.offset - sentence.start for e in events]
    bounds = [0] + [c for c in cuts] + [len(sentence.text)]
    pieces = []
    for k in range(len(bounds) - 1):
        start = bounds[k] + (1 if k > 0 else 0)
        pieces.append(model_input(sentence.text[start : bounds[k + 1]].strip(MARK_SPACES)))
    return pieces


def _assemble(pieces_en: Sequence[str], events: Sequence[MarkEvent]) -> tuple[str, list[int]]:
    """English sentence from translated pieces with marks between them; mark offsets."""
    out, positions = "", []
    for k, event in enumerate(events):
        piece = _TRANSLATED_DOUBLE_MARKS.sub("", pieces_en[k]).strip()
        if event.role == "open":
            out += (piece + " " if piece else "")
        else:
            out += piece
        positions.append(len(out))
        level = (event.depth - 1) % 2
        out += ENGLISH_OPENING_MARKS[level] if event.role == "open" else ENGLISH_CLOSING_MARKS[level]
        if event.role == "close" and k + 1 < len(events) and pieces_en[k + 1].strip()[:1].isalnum():
            out += " "
    tail = _TRANSLATED_DOUBLE_MARKS.sub("", pieces_en[len(events)]).strip()
    if tail:
        glue = "" if tail[:1] in ".,;:!?)" or out.endswith(ENGLISH_OPENING_MARKS) or not out else " "
        out += glue + tail
    return out.strip(), positions


def carry_quotes(articles: Sequence[Article], translator: Translator) -> list[Article]:
    """Fill each quote's English span, re-translating in pieces where marks were lost."""
    plans: list[list[_SentencePlan]] = []
    requests: dict[str, int] = {}
    for article in articles:
        events = _events_by_sentence(mark_events(article), article.sentences)
        article_plans = []
        for sentence in article.sentences:
            own = tuple(events[sentence.id])
            plan = _SentencePlan(sentence, own)
            if own and sentence.translation is not None:
                if len(english_marks(sentence.translation, len(own))) != len(own):
                    plan = replace(plan, pieces=tuple(_pieces_between_marks(sentence, own)))
                    for piece in plan.pieces:
                        if piece:
                            requests.setdefault(piece, len(requests))
            article_plans.append(plan)
        plans.append(article_plans)
    translated = translator.translate_batch(list(requests)) if requests else []
    return [
        _apply(article, article_plans, {p: translated[i].text for p, i in requests.items()})
        for article, article_plans in zip(articles, plans)
    ]


def _apply(article: Article, plans: Sequence[_SentencePlan], piece_translations: dict[str, str]) -> Article:
    # English text and the English offset of each French mark event, per sentence.
    sentences: list[Sentence] = []
    mark_at: dict[int, tuple[str, int]] = {}  # French mark offset → (sentence id, English offset)
    lost_sentences: set[str] = set()
    repaired: set[str] = set()
    for plan in plans:
        s = plan.sentence
        if s.translation is None:
            sentences.append(s)
            continue
        english, flags = s.translation, list(s.flags)
        if plan.events:
            found = english_marks(english, len(plan.events))
            if len(found) == len(plan.events):
                english, positions = typeset(english, found, plan.events)
            elif plan.pieces:
                english, positions = _assemble([piece_translations.get(p, "") for p in plan.pieces], plan.events)
                flags.append(FLAG_REPAIRED)
                repaired.add(s.id)
            else:
                positions = []
                lost_sentences.add(s.id)
            for event, pos in zip(plan.events, positions):
                mark_at[event.offset] = (s.id, pos)
        english = english.replace("«", "“").replace("»", "”")
        flags.extend(flag_suspicious_output(s.text, english))
        sentences.append(replace(s, translation=english, flags=tuple(dict.fromkeys(flags))))
    by_id = {s.id: s for s in sentences}

    events_of: dict[str, list[MarkEvent]] = {}  # quote id -> its marks, in offset order
    for e in mark_events(article):
        events_of.setdefault(e.quote_id, []).append(e)
    quotes = []
    for q in article.quotes:
        quotes.append(_carry_one(article, q, events_of.get(q.id, []), by_id, mark_at, lost_sentences, repaired))
    return replace(article, sentences=tuple(sentences), quotes=tuple(quotes))


def reported_clause_span(before: str, after: str, english: str) -> Optional[tuple[int, int]]:
    """Where the English renders the reported clause of an indirect quote, given the French
    sentence's text before and after the quote: after "that" (or the reporting verb when
    the translation dropped "that") for `… a déclaré que C`; after "according to X," for
    `selon X, C`; before ", according to X" for `C, selon X`. None when the English does
    not show the clause's edges: the highlight then stays on the whole sentence."""
    head = before.rstrip().lower()
    end = len(english.rstrip().rstrip(".!?" + TRANSLATION_CLOSING_MARKS).rstrip())
    start: Optional[int] = None
    if head.endswith(REPORTED_CLAUSE_CONJUNCTIONS) or before.endswith(("qu'", "qu’")):
        m = en_quotes.THAT.search(english) or en_quotes.REPORTING_VERB.search(english)
        start = m.end() if m else None
    elif any(re.search(rf"\b{re.escape(p)}\b[^,]*,\s*$", head) for p in FRENCH.cue_preps):
        m = en_quotes.ACCORDING_TO.search(english)
        start = m.end() if m else None
    elif not head and any(after.lstrip(" ,").lower().startswith(p) for p in FRENCH.cue_preps):
        m = en_quotes.TRAILING_SOURCE.search(english)
        if m:
            start, end = 0, m.start()
    if start is None or len(english[start:end].split()) < 2:
        return None
    return start, end


def _carry_one(article, q: QuoteSpan, own: Sequence[MarkEvent], by_id, mark_at, lost_sentences, repaired) -> QuoteSpan:
    flags = [f for f in q.flags]
    if q.type != "term" and q.speaker is None:
        flags.append(FLAG_SPEAKER_UNRESOLVED)
    ids = [sid for sid in q.sentences if sid in by_id and by_id[sid].translation is not None]
    if not ids:
        return replace(q, flags=tuple(dict.fromkeys(flags + [FLAG_LOST, "not_translated"])))
    first, last = by_id[ids[0]], by_id[ids[-1]]
    if q.type == "indirect":
        clause = reported_clause_span(first.text[: max(0, q.start - first.start)],
                                      first.text[max(0, q.end - first.start):], first.translation) if len(ids) == 1 else None
        start, end = clause or (0, len(last.translation))
        path = PATH_REPORTED_CLAUSE if clause else PATH_SENTENCE
    else:
        opening = next((e for e in own if e.role == "open" and e.offset < q.start), None)
        closing = next((e for e in own if e.role == "close"), None)
        if any(sid in lost_sentences for sid in (first.id, last.id)):
            return replace(q, flags=tuple(dict.fromkeys(flags + [FLAG_LOST, "marks_not_recovered"])), target_sentences=tuple(map(target_id, ids)))
        start = mark_at[opening.offset][1] + 1 if opening and opening.offset in mark_at else 0
        end = mark_at[closing.offset][1] if closing and closing.offset in mark_at else len(last.translation)
        path = PATH_SPLIT if first.id in repaired or last.id in repaired else PATH_RECOVERED
        if not opening or not closing:
            flags.append("span_to_sentence_boundary")
    if len(ids) == 1:
        english = first.translation[start:end]
    else:
        middle = [by_id[i].translation for i in ids[1:-1]]
        english = " ".join([first.translation[start:]] + middle + [last.translation[:end]])
    flags.append(path)
    return replace(
        q, translation=english, target_sentences=tuple(map(target_id, ids)), target_start=start, target_end=end,
        flags=tuple(dict.fromkeys(flags)),
    )



def quote_aware_inputs(article: Article) -> dict[str, str]:
    """Model inputs for the sentences that hold quote marks (for `translate_articles`)."""
    events = _events_by_sentence(mark_events(article), article.sentences)
    inputs = {}
    for sentence in article.sentences:
        own = events[sentence.id]
        if own:
            inputs[sentence.id] = quote_aware_input(sentence, own)
    return inputs
