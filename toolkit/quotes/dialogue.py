"""Interview turns marked by dialogue dashes ("— Vous partez ? — Oui, répond-il.")."""

from __future__ import annotations

from typing import Sequence

from toolkit.document import Paragraph
from toolkit.lang.fr.quotes import FRENCH, QuoteLexicon
from toolkit.lang.typography import ASCII_GUILLEMET_CHARS, DOUBLE_MARKS
from toolkit.quotes.flags import FLAG_DIALOGUE
from toolkit.quotes.marks import SENTENCE_END, SPACES, strip_spaces

_TURN_MARKS = DOUBLE_MARKS + ASCII_GUILLEMET_CHARS  # a turn holding these is left to the mark scanner


def dialogue_turns(text: str, paragraphs: Sequence[Paragraph], lex: QuoteLexicon = FRENCH) -> list[dict]:
    """Speech turns of an interview marked by dialogue dashes, as raw spans for
    `finalise_spans`: "— Vous partez ? — Oui, répond-il." is two turns.

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
    incise = lex.turn_incise
    found = []
    for para in paragraphs:
        j = para.start
        while j < para.end and text[j] in SPACES:
            j += 1
        if not (j + 1 < para.end and text[j] in dashes and text[j + 1] in SPACES):
            continue
        starts = [j]
        k = text.find(" ", j + 2, para.end)
        while k != -1:
            # "? — Oui": a dash after a sentence end starts the next turn.
            if k + 2 < para.end and text[k + 1] in dashes and text[k + 2] in SPACES and text[k - 1] in SENTENCE_END:
                starts.append(k + 1)
            k = text.find(" ", k + 1, para.end)
        for n, a in enumerate(starts):
            b = starts[n + 1] if n + 1 < len(starts) else para.end
            s, e = strip_spaces(text, a + 1, b)
            if e <= s or any(c in _TURN_MARKS for c in text[s:e]):
                continue
            close_at = None
            tail_start = max(s, e - 80)
            m = incise.search(text, tail_start, e) if incise else None
            if m is not None:
                s2, e2 = strip_spaces(text, s, m.start())
                if e2 > s2:
                    e, close_at = e2, e2 - 1
            found.append(dict(segments=((s, e),), paragraphs=(para.index,), open_mark=text[a], close_mark=None,
                              open_at=a, close_at=close_at, depth=0, parent=None, flags=(FLAG_DIALOGUE,)))
    return found if len(found) >= 2 else []
