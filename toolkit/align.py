"""Align: link each source sentence to its English counterpart.

For machine translation the link is 1:1 by construction; it is still written out as
beads (source ids → target ids) so n:m alignment of human translations
(`toolkit.sentalign`) fills the same field.
"""

from __future__ import annotations

from dataclasses import replace

from .document import AlignmentBead, Article, TargetSentence


def align_translations(article: Article) -> Article:
    """Build `target_sentences` from the sentences' translations and 1:1 beads."""
    targets = []
    beads = []
    for sentence in article.sentences:
        if sentence.translation is None:
            continue
        target_id = "t" + sentence.id[1:]
        targets.append(TargetSentence(id=target_id, paragraph=sentence.paragraph, text=sentence.translation))
        beads.append(AlignmentBead(source=(sentence.id,), target=(target_id,)))
    return replace(article, target_sentences=tuple(targets), alignment=tuple(beads))
