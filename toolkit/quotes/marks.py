"""Quote marks as the engine reads them: the mark classes, a mark's role (open, close
or neither) where it stands, and `MarkSpan`, a span delimited by marks before any
linguistic analysis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from toolkit.lang.fr.quotes import QuoteLexicon
from toolkit.lang.typography import CURLY_CLOSING_MARKS, CURLY_OPENING_MARKS, CURLY_PAIRS, MARK_SPACES

# What may sit between a mark and its content: the spaces of a line, and a line break.
SPACES = MARK_SPACES + "\n"
CLOSERS = set(CURLY_CLOSING_MARKS)  # not “: it closes only an open „ (see mark_role)
SENTENCE_END = ".!?…"
CLOSE_FOLLOW = set(".,;:!?)]}…-—–/" + CURLY_CLOSING_MARKS)
OPEN_PRECEDE = set("([{—–-/" + CURLY_OPENING_MARKS)


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


def strip_spaces(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in SPACES:
        start += 1
    while end > start and text[end - 1] in SPACES:
        end -= 1
    return start, end


def mark_role(text: str, i: int, lo: int, hi: int, open_marks: list[str], mark: Optional[str] = None) -> Optional[str]:
    """'open', 'close', or None (not a quote mark here: apostrophe, stray inch sign...).
    `mark`: the mark an ASCII spelling at `i` stands for ("<<" is «)."""
    c = mark or text[i]
    prev = text[i - 1] if i > lo else None
    nxt = text[i + 1] if i + 1 < hi else None
    if c == "“" and "„" in open_marks and (open_marks[::-1].index("„") < (open_marks[::-1] + ["“"]).index("“")):
        return "close"  # „ … “: the German-style pair
    if c in CURLY_PAIRS:
        return "open"
    if c == "’":
        # The typographic ’ is an apostrophe unless it closes an open ‘.
        if "‘" in open_marks and (nxt is None or nxt in SPACES or nxt in CLOSE_FOLLOW or not nxt.isalnum()):
            return "close"
        return None
    if c in CLOSERS:
        return "close"
    if c in "\"'":
        # An elided article or preposition glues onto the mark: d'"Antenne 2", l'"affaire".
        prev_open = prev is None or prev in SPACES or prev in OPEN_PRECEDE or (c == '"' and prev in "'’")
        next_close = nxt is None or nxt in SPACES or nxt in CLOSE_FOLLOW
        if prev is not None and nxt is not None and prev.isalnum() and nxt.isalnum():
            return None  # l"équipe, aujourd'hui: an apostrophe
        if c in open_marks:
            if next_close or not prev_open:
                return "close"
            return None if c == "'" else "close"
        if prev_open and nxt is not None and nxt not in SPACES:
            if c == "'" and not (nxt.isalpha() or nxt in "«“"):
                return None
            return "open"
        if c == '"' and next_close and prev is not None and prev not in SPACES:
            return "close"
        return None
    return None


def mark_at(text: str, i: int, lex: QuoteLexicon) -> Optional[tuple[str, int]]:
    """(mark, width) of a quote mark starting at `i`, ASCII spellings ("<<", "''") given as
    the mark they stand for; None when no mark starts there."""
    if lex.ascii_marks and text[i : i + 2] in lex.ascii_marks:
        return lex.ascii_marks[text[i : i + 2]], 2
    c = text[i]
    if c in lex.pairs or c in CLOSERS:
        return c, 1
    return None


def finalise_spans(raw: list[dict], parent_of: Optional[dict] = None) -> list[MarkSpan]:
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


