"""Align: link each source sentence to its English counterpart.

For machine translation the link is 1:1 by construction; it is still written out as
beads (source ids → target ids) so n:m alignment of human translations
(`toolkit.align.sentalign`) fills the same field.
"""

from __future__ import annotations

from dataclasses import replace

from toolkit.document import AlignmentBead, Article, TargetSentence


def target_id(source_id: str) -> str:
    """The id of the machine translation of source sentence `source_id` (s4 → t4)."""
    return "t" + source_id[1:]


def align_translations(article: Article) -> Article:
    """Build `target_sentences` from the sentences' translations and 1:1 beads."""
    targets = []
    beads = []
    for sentence in article.sentences:
        if sentence.translation is None:
            continue
        tid = target_id(sentence.id)
        targets.append(TargetSentence(id=tid, paragraph=sentence.paragraph, text=sentence.translation))
        beads.append(AlignmentBead(source=(sentence.id,), target=(tid,)))
    return replace(article, target_sentences=tuple(targets), alignment=tuple(beads))
