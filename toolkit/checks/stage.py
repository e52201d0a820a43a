"""The check stage: the reviewer checks (`toolkit.checks`) run over an Article.

Two entry points, one per way an article gets its English:

- `check_translations(article, nlp)` after `translate`: each sentence whose translation
  the model made is checked against its French. Findings go to `Sentence.checks` (offsets
  into the sentence's `text` and `translation`) and their kinds join the sentence's flags.
- `check_beads(article, nlp)` after `align` (a human translation): each alignment bead's
  French sentences, joined by a space, are checked against its English sentences joined
  the same way. Findings go to `AlignmentBead.checks` (offsets into those joined texts).

Either way, each quote that is not a `term` gets the findings whose French lies inside
the quote's span (kept as they are, offsets into their sentence's or bead's texts), and
their kinds join its flags. A finding with no French offsets stands for its whole
sentence or bead: a quote gets it only if that whole French lies inside the quote.

The checks know French only: an article in another source language is returned
unchanged. The French is parsed in one batched spaCy pass per article (`check_pairs`).
Docs: docs/checks.md ("In the outputs").
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import Sequence

from toolkit.checks.kinds import flags
from toolkit.checks.pair import check_pairs
from toolkit.document import Article, Finding, QuoteSpan
from toolkit.translate.stage import FLAG_NO_WORDS, FLAG_NOT_SOURCE

CHECKED_LANGUAGE = "fr"
NOT_MADE_BY_MODEL = (FLAG_NOT_SOURCE, FLAG_NO_WORDS)  # passed through as it was: nothing to check
JOIN = " "  # between the sentences of a bead, on both sides

# A finding located in Article.text: (absolute French start, absolute French end, finding).
_Located = tuple[int, int, Finding]


def _with_flags(existing: Sequence[str], findings: Sequence[Finding]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tuple(existing) + tuple(flags(findings))))


def check_translations(article: Article, nlp) -> Article:
    """Check every model-made translation of `article` (see the module docstring)."""
    if article.language != CHECKED_LANGUAGE:
        return article
    todo = [
        i for i, s in enumerate(article.sentences)
        if s.translation is not None and not any(f in s.flags for f in NOT_MADE_BY_MODEL)
    ]
    if not todo:
        return article
    results = check_pairs(((article.sentences[i].text, article.sentences[i].translation) for i in todo), nlp=nlp)
    sentences = list(article.sentences)
    located: list[_Located] = []
    for i, findings in zip(todo, results):
        s = sentences[i]
        sentences[i] = replace(s, checks=tuple(findings), flags=_with_flags(s.flags, findings))
        for f in findings:
            if f.source_start is None or f.source_end is None:
                located.append((s.start, s.end, f))
            else:
                located.append((s.start + f.source_start, s.start + f.source_end, f))
    return replace(article, sentences=tuple(sentences), quotes=_quotes_with(article.quotes, located))


def check_beads(article: Article, nlp) -> Article:
    """Check every alignment bead of `article` (see the module docstring)."""
    if article.language != CHECKED_LANGUAGE or not article.alignment:
        return article
    fr_by_id = {s.id: s for s in article.sentences}
    en_by_id = {t.id: t for t in article.target_sentences}
    todo = [k for k, b in enumerate(article.alignment) if b.source]
    joined = {k: _joined([fr_by_id[i].text for i in article.alignment[k].source]) for k in todo}
    results = check_pairs(
        ((joined[k][0], JOIN.join(en_by_id[t].text for t in article.alignment[k].target)) for k in todo), nlp=nlp
    )
    beads = list(article.alignment)
    located: list[_Located] = []
    for k, findings in zip(todo, results):
        beads[k] = replace(beads[k], checks=tuple(findings))
        members = [fr_by_id[i] for i in beads[k].source]
        text, starts = joined[k]
        for f in findings:
            if f.source_start is None or f.source_end is None:
                located.append((members[0].start, members[-1].end, f))
            else:
                located.append((
                    _absolute(f.source_start, starts, members, at_end=False),
                    _absolute(f.source_end, starts, members, at_end=True),
                    f,
                ))
    return replace(article, alignment=tuple(beads), quotes=_quotes_with(article.quotes, located))


def _joined(texts: Sequence[str]) -> tuple[str, list[int]]:
    """The texts joined by JOIN, and where each one starts in the join."""
    starts, at = [], 0
    for t in texts:
        starts.append(at)
        at += len(t) + len(JOIN)
    return JOIN.join(texts), starts


def _absolute(offset: int, starts: list[int], members: list, at_end: bool) -> int:
    """An offset into a bead's joined French as an offset into Article.text."""
    k = 0
    for j, start in enumerate(starts):  # beads hold a handful of sentences: a scan is enough
        if start < offset or (start == offset and not at_end):
            k = j
    local = min(offset - starts[k], len(members[k].text))
    return members[k].start + local


def _quotes_with(quotes: Sequence[QuoteSpan], located: list[_Located]) -> tuple[QuoteSpan, ...]:
    """Each non-term quote with the findings whose French lies inside its span."""
    if not located or not quotes:
        return tuple(quotes)
    located = sorted(located, key=lambda item: item[0])
    starts = [item[0] for item in located]
    out = []
    for q in quotes:
        if q.type == "term":
            out.append(q)
            continue
        lo = bisect.bisect_left(starts, q.start)
        hi = bisect.bisect_right(starts, q.end)
        inside = tuple(f for start, end, f in located[lo:hi] if end <= q.end)
        out.append(replace(q, checks=inside, flags=_with_flags(q.flags, inside)) if inside else q)
    return tuple(out)


def findings_in(article: Article) -> int:
    """How many findings the article's sentences and beads carry (each counted once)."""
    return sum(len(s.checks) for s in article.sentences) + sum(len(b.checks) for b in article.alignment)

