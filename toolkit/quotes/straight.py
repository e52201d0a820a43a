"""Straight double marks (" and ''), which do not say which way they face: read a
paragraph at a time, the cheapest consistent reading of their spacing wins."""

from __future__ import annotations

from typing import Optional, Sequence

from toolkit.lang.fr.quotes import QuoteLexicon
from toolkit.lang.typography import CURLY_OPENING_MARKS
from toolkit.quotes.marks import CLOSE_FOLLOW, OPEN_PRECEDE, SPACES, mark_at

# Straight double marks (" and '') are read as a whole paragraph at a time
# (straight_roles): each reading of a mark costs what its spacing says against it, and
# the cheapest consistent reading of the paragraph wins. The costs are in "how much
# evidence" units; only their order matters.
_COST_AGAINST = 4.0  # the spacing forbids the role: 'mot"' cannot open, '"mot' cannot close
_COST_SPACED = 1.0  # spaces on both sides: either role, the balance decides
_COST_SPACED_CLOSE = 0.5  # 'vivre ", dit-il': a space before, punctuation after
_COST_IGNORE = 2.5  # not a quote mark (an inch sign, a stray)
_COST_UNOPENED = 3.0  # closes a quote whose opening mark was lost (added to the close)
_COST_UNCLOSED = 2.0  # left open at the paragraph end ...
_COST_RUNS_ON = 0.5  # ... when the next paragraph starts with a mark: the quote runs on


def find_straight_marks(text: str, lo: int, hi: int, lex: QuoteLexicon) -> list[tuple[int, int]]:
    """(offset, width) of the straight double marks (" and '') of text[lo:hi] that can be
    quote marks: a mark between two letters is an apostrophe (l"équipe).

    A line held in straight quotes with its inner quotes doubled is CSV quoting
    ('"Il a dit ""oui""."', as in tab-separated test sets): the outer marks hold the
    line, not a quote, and each doubled mark is one mark."""
    out = []
    i = lo
    while i < hi and text[i] in SPACES:
        i += 1
    end = hi
    while end > i and text[end - 1] in SPACES:
        end -= 1
    csv = end - i > 2 and text[i] == '"' and text[end - 1] == '"' and '""' in text[i + 1 : end - 1]
    if csv:
        i, hi = i + 1, end - 1
    while i < hi:
        if csv and text[i : i + 2] == '""':
            out.append((i, 2))
            i += 2
            continue
        found = mark_at(text, i, lex) if text[i] in "\"'" else None
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
    prev_space = prev is None or prev in SPACES
    next_space = nxt is None or nxt in SPACES
    # An elided article glues onto an opening mark: d'"Antenne 2".
    prev_opens = prev_space or prev in OPEN_PRECEDE or prev in "'’"
    if not prev_opens:
        opening = _COST_AGAINST  # 'mot"', 'fin."'
    elif nxt is None or nxt in CLOSE_FOLLOW:
        opening = _COST_AGAINST  # '" ,' never opens
    elif next_space:
        opening = _COST_SPACED
    else:
        opening = 0.0
    if prev is None or (prev in OPEN_PRECEDE and prev not in "-—–"):
        closing = _COST_AGAINST  # nothing to close at a paragraph start or after '('
    elif nxt is not None and (nxt.isalnum() or nxt in CURLY_OPENING_MARKS):
        closing = _COST_AGAINST  # '"mot'
    elif prev_space:
        closing = _COST_SPACED if next_space else _COST_SPACED_CLOSE
    else:
        closing = 0.0
    return opening, closing


def straight_roles(text: str, lo: int, hi: int, marks: Sequence[tuple[int, int]], start_open: bool, runs_on: bool) -> dict[int, str]:
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
