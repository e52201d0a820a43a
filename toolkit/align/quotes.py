"""Project the French side's quotes onto an aligned human translation.

After `toolkit align`, each French quote (from the quote stage, `Article.quotes`) lies in
some French sentences, and the beads say which English sentences translate them. The
human translator used English quote marks (“ ” ‘ ’ or straight "), so the quote's
English span is a quoted span inside those English sentences: we list the candidates
there and take the one whose anchors (numbers, names, cognates) and length agree best
with the French quote. The reviewer then sees the speaker's words in the translation.

Results on each quote: `translation`, `target_sentences` (English `t` ids),
`target_start`/`target_end` (offsets into the first / last of them), and one flag:
`projected_marks` (a quoted span was found), `projected_same_word` (a quoted
term kept verbatim without marks), `projected_sentence_level` (indirect
quotes, or a quote whose English has no marks: the whole sentences), or
`quote_not_aligned` (its French sentences have no English counterpart).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from toolkit.document import Article, QuoteSpan, TargetSentence
from toolkit.align.sentalign import AlignOptions, length_cost, sentence_features
from toolkit.lang.typography import DOUBLE_OPENING_MARKS, QUOTE_PAIRS

FLAG_MARKS = "projected_marks"
FLAG_SENTENCE = "projected_sentence_level"
FLAG_NOT_ALIGNED = "quote_not_aligned"
FLAG_SAME_WORD = "projected_same_word"

# An apostrophe inside a word (don't, Paris’s) is not a quote mark: single marks count
# only at a word edge.
_OPEN = re.compile(f"[{DOUBLE_OPENING_MARKS}]" + r"|\"(?=\S)|(?<![^\W\d_])[‘'](?=\S)")


@dataclass(frozen=True)
class QuotedSpan:
    start: int  # content offsets in the joined English text (marks excluded)
    end: int
    text: str


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Quoted spans in English text, outermost and nested alike, content only."""
    spans = []
    for opening in _OPEN.finditer(text):
        mark = opening.group()
        closing_mark = QUOTE_PAIRS[mark]
        pattern = re.escape(closing_mark)
        if closing_mark in "'’":
            pattern += r"(?![^\W\d_])"  # a closing single mark ends a word, not inside it
        close = re.compile(pattern).search(text, opening.end())
        if close is None:
            continue
        content = text[opening.end() : close.start()]
        lead = len(content) - len(content.lstrip())
        # American style puts the comma of the frame inside the marks (“…,” he said);
        # it is not part of what was said.
        trail = len(content.rstrip().rstrip(",;").rstrip())
        if trail > lead:
            spans.append(QuotedSpan(opening.end() + lead, opening.end() + trail, content[lead:trail]))
    return spans


def _similarity(french: str, english: str, options: AlignOptions) -> float:
    """Higher is better: anchor weight shared, minus the Gale–Church length cost."""
    fr = sentence_features(french, options)
    en = sentence_features(english, options)
    shared = sum(min(w, en.anchors[k]) for k, w in fr.anchors.items() if k in en.anchors)
    return options.lexical_weight * shared - length_cost(fr.length, en.length, options.expected_ratio, options.length_variance)


def _project(quote: QuoteSpan, targets: Sequence[TargetSentence], options: AlignOptions) -> QuoteSpan:
    flags = [f for f in quote.flags if f not in (FLAG_MARKS, FLAG_SENTENCE, FLAG_NOT_ALIGNED, FLAG_SAME_WORD)]
    if not targets:
        return replace(quote, translation=None, target_sentences=(), target_start=None, target_end=None, flags=tuple(flags + [FLAG_NOT_ALIGNED]))
    joined = " ".join(t.text for t in targets)
    starts = []
    offset = 0
    for t in targets:
        starts.append(offset)
        offset += len(t.text) + 1
    candidates = quoted_spans(joined) if quote.type != "indirect" else []
    if candidates:
        best = max(candidates, key=lambda c: _similarity(quote.text, c.text, options))
        first = max(k for k, s in enumerate(starts) if s <= best.start)
        last = max(k for k, s in enumerate(starts) if s < best.end)
        return replace(
            quote,
            translation=best.text,
            target_sentences=tuple(t.id for t in targets[first : last + 1]),
            target_start=best.start - starts[first],
            target_end=best.end - starts[last],
            flags=tuple(flags + [FLAG_MARKS]),
        )
    if quote.type in ("term", "partial"):
        # A term the translator kept without marks ("wingsuit"): the same word, found
        # case-insensitively, is its English span.
        found = re.search(r"(?<!\w)" + re.escape(quote.text) + r"(?!\w)", joined, re.IGNORECASE)
        if found:
            first = max(k for k, s in enumerate(starts) if s <= found.start())
            return replace(
                quote,
                translation=found.group(),
                target_sentences=(targets[first].id,),
                target_start=found.start() - starts[first],
                target_end=found.end() - starts[first],
                flags=tuple(flags + [FLAG_SAME_WORD]),
            )
    return replace(
        quote,
        translation=joined,
        target_sentences=tuple(t.id for t in targets),
        target_start=0,
        target_end=len(targets[-1].text),
        flags=tuple(flags + [FLAG_SENTENCE]),
    )


def project_quotes(article: Article, options: AlignOptions = AlignOptions()) -> Article:
    """Fill each quote's English span from the alignment beads. Needs `alignment` and
    `target_sentences` (from `align_job.align_article`); quotes stay as they are otherwise."""
    if not article.quotes or not article.alignment:
        return article
    by_id = {t.id: t for t in article.target_sentences}
    order = {t.id: k for k, t in enumerate(article.target_sentences)}
    target_of_source: dict[str, list[str]] = {}
    for bead in article.alignment:
        for sid in bead.source:
            target_of_source[sid] = list(bead.target)
    quotes = []
    for quote in article.quotes:
        ids: list[str] = []
        for sid in quote.sentences:
            for tid in target_of_source.get(sid, []):
                if tid not in ids:
                    ids.append(tid)
        targets = [by_id[t] for t in sorted(ids, key=order.__getitem__)]
        quotes.append(_project(quote, targets, options))
    return replace(article, quotes=tuple(quotes))
