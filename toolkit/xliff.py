"""XLIFF 2.1 export: one unit per paragraph, one segment per alignment bead (a sentence
pair for machine translation, n:m for aligned human translations), quotes as
annotations that CAT tools keep.

A quote inside one segment is a `<mrk>` (nested quotes nest); a quote running over
several segments of a paragraph is a `<sm/>` … `<em/>` pair in that unit; a quote over
several paragraphs gets one such pair per paragraph (ids `q3`, `q3-p2`, …). Each
annotation is `type="comment"` with the quote type, speaker and flags in `value`, so
the reviewer's information travels with the text. Target annotations reuse the source
ids, as XLIFF 2 pairs inline elements by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence
from xml.sax.saxutils import escape, quoteattr

from .document import Article, QuoteSpan, Sentence, TargetSentence

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"


@dataclass(frozen=True)
class _Annotation:
    start: int
    end: int
    id: str
    value: str
    opens_here: bool = True  # False: the span started in an earlier segment
    closes_here: bool = True  # False: it continues in a later segment


def _describe(quote: QuoteSpan, article: Article) -> str:
    speakers = {sp.id: sp for sp in article.speakers}
    speaker = speakers.get(quote.speaker) if quote.speaker else None
    parts = [f"{quote.type} quote {quote.id}"]
    if speaker:
        parts.append(f"speaker: {speaker.name}" + (f" ({speaker.description})" if speaker.description else ""))
    elif quote.type != "term":
        parts.append("speaker: unresolved")
    if quote.cue:
        parts.append(f"cue: {quote.cue}")
    if quote.parent:
        parts.append(f"inside: {quote.parent}")
    if quote.flags:
        parts.append("flags: " + ", ".join(quote.flags))
    return "; ".join(parts)


def inline_markup(text: str, annotations: Sequence[_Annotation]) -> str:
    """Escape `text` and insert <mrk>, <sm/>, <em/> for the annotations (offsets in text)."""
    inserts: list[tuple[int, int, str]] = []  # (offset, order, markup)
    mrks = sorted((a for a in annotations if a.opens_here and a.closes_here), key=lambda a: (a.start, -a.end))
    # Well-formed nesting: a mrk that would cross its enclosing one becomes sm/em.
    stack: list[_Annotation] = []
    for a in mrks:
        while stack and stack[-1].end <= a.start:
            stack.pop()
        if stack and a.end > stack[-1].end:
            inserts.append((a.start, 1, f"<sm id={quoteattr(a.id)} type=\"comment\" value={quoteattr(a.value)}/>"))
            inserts.append((a.end, 0, f"<em startRef={quoteattr(a.id)}/>"))
            continue
        inserts.append((a.start, 2, f"<mrk id={quoteattr(a.id)} type=\"comment\" value={quoteattr(a.value)}>"))
        inserts.append((a.end, -1, "</mrk>"))
        stack.append(a)
    for a in annotations:
        if a.opens_here and a.closes_here:
            continue
        if a.opens_here:
            inserts.append((a.start, 1, f"<sm id={quoteattr(a.id)} type=\"comment\" value={quoteattr(a.value)}/>"))
        if a.closes_here:
            inserts.append((a.end, 0, f"<em startRef={quoteattr(a.id)}/>"))
    # At one offset: closings first (inner before outer), then openings (outer first).
    ordered = sorted(inserts, key=lambda x: (x[0], x[1]))
    out, pos = [], 0
    for offset, _, markup in ordered:
        out.append(escape(text[pos:offset]))
        out.append(markup)
        pos = offset
    out.append(escape(text[pos:]))
    return "".join(out)


def _pieces(quote: QuoteSpan, article: Article) -> list[tuple[int, str, int, int]]:
    """(paragraph index, annotation id, start, end) of the quote in each paragraph."""
    pieces = []
    for n, index in enumerate(quote.paragraphs or (article.paragraph_at(quote.start).index,)):
        paragraph = article.paragraphs[index]
        start, end = max(quote.start, paragraph.start), min(quote.end, paragraph.end)
        if start < end:
            pieces.append((index, quote.id if n == 0 else f"{quote.id}-p{n + 1}", start, end))
    return pieces


@dataclass(frozen=True)
class _Segment:
    """One XLIFF segment: an alignment bead, its sides joined by single spaces."""

    id: str
    source: tuple[Sentence, ...]
    target: tuple[TargetSentence, ...]

    def source_offsets(self) -> dict[str, int]:
        return _offsets([s.text for s in self.source], [s.id for s in self.source])

    def target_offsets(self) -> dict[str, int]:
        return _offsets([t.text for t in self.target], [t.id for t in self.target])


def _offsets(texts: Sequence[str], ids: Sequence[str]) -> dict[str, int]:
    out, pos = {}, 0
    for text, sid in zip(texts, ids):
        out[sid] = pos
        pos += len(text) + 1
    return out


def _segments(article: Article) -> list[tuple[int, _Segment]]:
    """(paragraph index, segment) per bead, or per sentence when nothing is aligned."""
    sentences = {s.id: s for s in article.sentences}
    targets = {t.id: t for t in article.target_sentences}
    beads = [(b.source, b.target) for b in article.alignment] or [((s.id,), ()) for s in article.sentences]
    out = []
    for source_ids, target_ids in beads:
        source = tuple(sentences[i] for i in source_ids if i in sentences)
        target = tuple(targets[i] for i in target_ids if i in targets)
        if not source and not target:
            continue
        paragraph = source[0].paragraph if source else target[0].paragraph
        out.append((paragraph, _Segment(id=(source or target)[0].id, source=source, target=target)))
    return out


def _annotate(
    segments: Sequence[_Segment], spans: Sequence[tuple[str, str, str, int, int]], side: str
) -> dict[str, list[_Annotation]]:
    """Annotations per segment id for spans given as (id, value, sentence id, start, end)
    pieces in sentence offsets; a span over several segments opens in its first and
    closes in its last."""
    located: dict[str, list[tuple[str, int, int]]] = {}  # annotation id → (segment id, start, end)
    values: dict[str, str] = {}
    for ann_id, value, sentence_id, start, end in spans:
        for segment in segments:
            offsets = segment.source_offsets() if side == "source" else segment.target_offsets()
            if sentence_id in offsets:
                located.setdefault(ann_id, []).append((segment.id, offsets[sentence_id] + start, offsets[sentence_id] + end))
                values[ann_id] = value
    by_segment: dict[str, list[_Annotation]] = {}
    for ann_id, places in located.items():
        # Merge the pieces that fall in one segment (a quote over both sentences of a 2:1 bead).
        merged: dict[str, tuple[int, int]] = {}
        for segment_id, start, end in places:
            lo, hi = merged.get(segment_id, (start, end))
            merged[segment_id] = (min(lo, start), max(hi, end))
        order = [sid for sid in dict.fromkeys(p[0] for p in places)]
        for k, segment_id in enumerate(order):
            start, end = merged[segment_id]
            by_segment.setdefault(segment_id, []).append(
                _Annotation(start, end, ann_id, values[ann_id], opens_here=k == 0, closes_here=k == len(order) - 1)
            )
    return by_segment


def _source_spans(article: Article, paragraph_index: int) -> list[tuple[str, str, str, int, int]]:
    spans = []
    paragraph = article.paragraphs[paragraph_index]
    sentences = [s for s in article.sentences if s.id in paragraph.sentence_ids]
    for quote in article.quotes:
        value = _describe(quote, article)
        for index, ann_id, start, end in _pieces(quote, article):
            if index != paragraph_index:
                continue
            for s in sentences:
                if s.start < end and s.end > start:
                    spans.append((ann_id, value, s.id, max(start, s.start) - s.start, min(end, s.end) - s.start))
    return spans


def _target_spans(article: Article, paragraph_index: int) -> list[tuple[str, str, str, int, int]]:
    """English spans of the quotes, named like the source piece of the same paragraph so
    source and target annotations pair up."""
    texts = {t.id: t for t in article.target_sentences}
    spans = []
    for quote in article.quotes:
        if quote.target_start is None or quote.target_end is None:
            continue
        ids = [i for i in quote.target_sentences if i in texts]
        pieces = {index: ann_id for index, ann_id, _, _ in _pieces(quote, article)}
        for k, tid in enumerate(ids):
            if texts[tid].paragraph != paragraph_index or paragraph_index not in pieces:
                continue
            start = quote.target_start if k == 0 else 0
            end = quote.target_end if k == len(ids) - 1 else len(texts[tid].text)
            if start < end:
                spans.append((pieces[paragraph_index], _describe(quote, article), tid, start, end))
    return spans


def article_xliff(article: Article, target_language: str = "en") -> str:
    """The article as XLIFF 2.1: a unit per paragraph, a segment per alignment bead."""
    segments = _segments(article)
    units = []
    for paragraph in article.paragraphs:
        own = [seg for index, seg in segments if index == paragraph.index]
        if not own:
            continue
        source_annotations = _annotate(own, _source_spans(article, paragraph.index), "source")
        source_ids = {a.id for anns in source_annotations.values() for a in anns}
        target_annotations = _annotate(
            own, [s for s in _target_spans(article, paragraph.index) if s[0] in source_ids], "target"
        )
        xml_segments = []
        for seg in own:
            source = inline_markup(" ".join(s.text for s in seg.source), source_annotations.get(seg.id, []))
            if seg.target:
                target_text = " ".join(t.text for t in seg.target)
                target_xml = f"<target>{inline_markup(target_text, target_annotations.get(seg.id, []))}</target>"
                state = "translated"
            else:
                target_xml, state = "", "initial"
            xml_segments.append(f'<segment id={quoteattr(seg.id)} state="{state}"><source>{source}</source>{target_xml}</segment>')
        units.append(f'<unit id="p{paragraph.index}">{"".join(xml_segments)}</unit>')
    original = quoteattr(article.source.path)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff xmlns="{XLIFF_NS}" version="2.1" srcLang={quoteattr(article.language)} trgLang={quoteattr(target_language)}>\n'
        f'<file id={quoteattr(article.id)} original={original}>\n' + "\n".join(units) + "\n</file>\n</xliff>\n"
    )
