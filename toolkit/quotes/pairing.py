"""Pairing quote marks into spans (`scan_quote_marks`): a stack per paragraph, quotes
that run on over paragraphs, and recovery of marks left unbalanced."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Optional, Sequence

from toolkit.document import Paragraph
from toolkit.lang.fr.quotes import FRENCH, QuoteLexicon
from toolkit.lang.typography import ASCII_GUILLEMET_CHARS
from toolkit.quotes.dialogue import dialogue_turns
from toolkit.quotes.flags import FLAG_UNCLOSED, FLAG_UNOPENED
from toolkit.quotes.marks import CLOSERS, MarkSpan, SPACES, finalise_spans, mark_at, mark_role, strip_spaces
from toolkit.quotes.straight import find_straight_marks, straight_roles


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
        s, e = strip_spaces(text, entry.seg_start, end)
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
        while j < para.end and text[j] in SPACES:
            j += 1
        return j, (mark_at(text, j, lexicon) if j < para.end else None)

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
        # Straight double marks: read the paragraph as a whole (straight_roles).
        following = first_mark(paragraphs[p_pos + 1])[1] if p_pos + 1 < len(paragraphs) else None
        straight_marks = find_straight_marks(text, i, hi, lexicon)
        straight_width = dict(straight_marks)
        straight = straight_roles(
            text, lo, hi, straight_marks,
            start_open=bool(stack) and stack[0].mark == '"',
            runs_on=following is not None and following[0] == '"',
        )
        boundary = lo  # nothing before this can belong to an unopened span
        while i < hi:
            found = mark_at(text, i, lexicon) if text[i] in pairs or text[i] in CLOSERS or text[i] in ASCII_GUILLEMET_CHARS else None
            if found is None:
                i += 1
                continue
            c, width = found
            if c == '"':
                width = straight_width.get(i, width)
                role = straight.get(i)
                role = "close" if role == "unopened" else role
            else:
                role = mark_role(text, i, lo, hi, [e.mark for e in stack], c)
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
                    s, e = strip_spaces(text, max(boundary, sent, lo), i)
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
            s, e = strip_spaces(text, entry.seg_start, hi)
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
    return finalise_spans(spans, parent_of)
