"""XLIFF export, 2.1 (default) or 1.2: one unit per paragraph, one segment per alignment
bead (a sentence pair for machine translation, n:m for aligned human translations),
quotes as annotations that CAT tools keep.

XLIFF 2.1: a quote inside one segment is a `<mrk>` (nested quotes nest); a quote running
over several segments of a paragraph is a `<sm/>` … `<em/>` pair in that unit; a quote
over several paragraphs gets one such pair per paragraph (ids `q3`, `q3-p2`, …). Each
annotation is `type="comment"` with the quote type, speaker and flags in `value`, so
the reviewer's information travels with the text. Target annotations reuse the source
ids, as XLIFF 2 pairs inline elements by id.

XLIFF 1.2 (the version most tools read): a `<group>` per paragraph, a `<trans-unit>`
per bead, and every quote as `<mrk mtype="x-quote" mid="q3" comment="…">` with the same
description. 1.2 has no markers that span segments, so a quote over several segments
gets one `<mrk>` per segment (same `mid`, the comment saying it continues), and a quote
that would cross another inside a segment is cut where the other ends.

The reviewer checks' findings (`toolkit.checks`) travel as notes, kind and message: in
2.1 `<notes><note category="toolkit-check">` on the unit, each note naming its segment
("s12: number_mismatch: …"); in 1.2 `<note from="toolkit-check">` in the trans-unit.

The writer is linear in the article: every quote, sentence and segment is visited a
bounded number of times (sentences found by bisection, places looked up by id).
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass
from typing import Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

from toolkit.document import Article, Finding, Paragraph, QuoteSpan, Sentence, Speaker, TargetSentence

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF_VERSIONS = ("2.1", "1.2")
CHECK_NOTE = "toolkit-check"  # the category (2.1) / from (1.2) of the reviewer checks' notes


@dataclass(frozen=True)
class _Annotation:
    start: int
    end: int
    id: str
    value: str
    opens_here: bool = True  # False: the span started in an earlier segment
    closes_here: bool = True  # False: it continues in a later segment


def _describe(quote: QuoteSpan, speakers: dict[str, Speaker]) -> str:
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
    """XLIFF 2.1: escape `text` and insert <mrk>, <sm/>, <em/> for the annotations (offsets in text)."""
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


def inline_markup_12(text: str, annotations: Sequence[_Annotation]) -> str:
    """XLIFF 1.2: escape `text` and wrap each annotation in `<mrk mtype="x-quote">`.

    1.2 markers must nest, so an annotation that would cross the end of the one around it
    is cut there and continues in a second `<mrk>` with the same `mid`.
    """
    heap = [(a.start, -a.end, n, a) for n, a in enumerate(annotations)]
    heapq.heapify(heap)
    pieces: list[tuple[int, int, _Annotation]] = []
    open_ends: list[int] = []
    while heap:
        start, negative_end, n, a = heapq.heappop(heap)
        end = -negative_end
        while open_ends and open_ends[-1] <= start:
            open_ends.pop()
        if open_ends and end > open_ends[-1]:
            heapq.heappush(heap, (open_ends[-1], -end, n, a))  # the rest, after the enclosing one
            end = open_ends[-1]
        if end <= start:
            continue
        pieces.append((start, end, a))
        open_ends.append(end)
    out: list[str] = []
    stack: list[int] = []
    pos = 0
    for start, end, a in pieces:  # already ordered by (start, -end): outer before inner
        while stack and stack[-1] <= start:
            out.append(escape(text[pos : stack[-1]]) + "</mrk>")
            pos = stack.pop()
        out.append(escape(text[pos:start]))
        pos = start
        comment = a.value
        if not a.opens_here:
            comment += "; continued from the previous segment"
        if not a.closes_here:
            comment += "; continues in the next segment"
        out.append(f'<mrk mtype="x-quote" mid={quoteattr(a.id)} comment={quoteattr(comment)}>')
        stack.append(end)
    while stack:
        end = stack.pop()
        out.append(escape(text[pos:end]) + "</mrk>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


@dataclass(frozen=True)
class _Segment:
    """One XLIFF segment: an alignment bead, its sides joined by single spaces."""

    id: str
    source: tuple[Sentence, ...]
    target: tuple[TargetSentence, ...]
    checks: tuple[Finding, ...] = ()  # of the bead (align) and of its sentences (translate)

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
    beads = [(b.source, b.target, b.checks) for b in article.alignment] or [((s.id,), (), ()) for s in article.sentences]
    out = []
    # English paragraphs are numbered on their own side (an aligned human translation), so
    # a bead with English only goes in the unit of the bead before it, in document order.
    paragraph = article.paragraphs[0].index if article.paragraphs else 0
    for source_ids, target_ids, bead_checks in beads:
        source = tuple(sentences[i] for i in source_ids if i in sentences)
        target = tuple(targets[i] for i in target_ids if i in targets)
        if not source and not target:
            continue
        paragraph = source[0].paragraph if source else paragraph
        checks = (*bead_checks, *(f for s in source for f in s.checks))
        out.append((paragraph, _Segment(id=(source or target)[0].id, source=source, target=target, checks=checks)))
    return out


# A span piece: (annotation id, description, sentence id, start, end), offsets in the sentence.
_Span = tuple[str, str, str, int, int]
# Where a sentence sits: (paragraph index of its segment, segment id, offset in the segment's text).
_Place = tuple[int, str, int]


def _annotate(spans: Sequence[_Span], places: dict[str, _Place], paragraph_index: int) -> dict[str, list[_Annotation]]:
    """Annotations per segment id of one unit; a span over several segments opens in its
    first and closes in its last. Spans in sentences of other units' segments are left out."""
    located: dict[str, list[tuple[str, int, int]]] = {}  # annotation id → (segment id, start, end)
    values: dict[str, str] = {}
    for ann_id, value, sentence_id, start, end in spans:
        place = places.get(sentence_id)
        if place is None or place[0] != paragraph_index:
            continue
        _, segment_id, offset = place
        located.setdefault(ann_id, []).append((segment_id, offset + start, offset + end))
        values[ann_id] = value
    by_segment: dict[str, list[_Annotation]] = {}
    for ann_id, pieces in located.items():
        # Merge the pieces that fall in one segment (a quote over both sentences of a 2:1 bead).
        merged: dict[str, tuple[int, int]] = {}
        for segment_id, start, end in pieces:
            lo, hi = merged.get(segment_id, (start, end))
            merged[segment_id] = (min(lo, start), max(hi, end))
        order = list(merged)
        for k, segment_id in enumerate(order):
            start, end = merged[segment_id]
            by_segment.setdefault(segment_id, []).append(
                _Annotation(start, end, ann_id, values[ann_id], opens_here=k == 0, closes_here=k == len(order) - 1)
            )
    return by_segment


class _Index:
    """Look-ups built once per article so that every step after them is linear."""

    def __init__(self, article: Article):
        self.article = article
        self.paragraphs: dict[int, Paragraph] = {p.index: p for p in article.paragraphs}
        self._paragraph_starts = [p.start for p in article.paragraphs]
        self.speakers = {sp.id: sp for sp in article.speakers}
        by_id = {s.id: s for s in article.sentences}
        # Each paragraph's sentences in text order, with their ends for bisection.
        self.sentences: dict[int, list[Sentence]] = {}
        for p in article.paragraphs:
            own = sorted((by_id[i] for i in p.sentence_ids if i in by_id), key=lambda s: s.start)
            self.sentences[p.index] = own
        self.sentence_ends = {index: [s.end for s in own] for index, own in self.sentences.items()}
        self.targets = {t.id: t for t in article.target_sentences}
        self.segments: dict[int, list[_Segment]] = {}
        self.source_places: dict[str, _Place] = {}
        self.target_places: dict[str, _Place] = {}
        for index, segment in _segments(article):
            self.segments.setdefault(index, []).append(segment)
            for sid, offset in segment.source_offsets().items():
                self.source_places[sid] = (index, segment.id, offset)
            for tid, offset in segment.target_offsets().items():
                self.target_places[tid] = (index, segment.id, offset)

    def paragraph_at(self, offset: int) -> Paragraph:
        i = bisect.bisect_right(self._paragraph_starts, offset) - 1
        return self.article.paragraphs[max(i, 0)]

    def pieces(self, quote: QuoteSpan) -> list[tuple[int, str, int, int]]:
        """(paragraph index, annotation id, start, end) of the quote in each paragraph."""
        pieces = []
        for n, index in enumerate(quote.paragraphs or (self.paragraph_at(quote.start).index,)):
            paragraph = self.paragraphs.get(index)
            if paragraph is None:
                continue
            start, end = max(quote.start, paragraph.start), min(quote.end, paragraph.end)
            if start < end:
                pieces.append((index, quote.id if n == 0 else f"{quote.id}-p{n + 1}", start, end))
        return pieces


def _spans(index: _Index) -> tuple[dict[int, list[_Span]], dict[int, list[_Span]]]:
    """Source and target span pieces of every quote, per paragraph index, in quote order.

    English spans are named like the source piece of the same paragraph so source and
    target annotations pair up."""
    source: dict[int, list[_Span]] = {}
    target: dict[int, list[_Span]] = {}
    for quote in index.article.quotes:
        value = _describe(quote, index.speakers)
        pieces = index.pieces(quote)
        for paragraph_index, ann_id, start, end in pieces:
            sentences, ends = index.sentences.get(paragraph_index, []), index.sentence_ends.get(paragraph_index, [])
            k = bisect.bisect_right(ends, start)  # the first sentence ending after `start`
            while k < len(sentences) and sentences[k].start < end:
                s = sentences[k]
                source.setdefault(paragraph_index, []).append(
                    (ann_id, value, s.id, max(start, s.start) - s.start, min(end, s.end) - s.start))
                k += 1
        if quote.target_start is None or quote.target_end is None:
            continue
        ids = [i for i in quote.target_sentences if i in index.targets]
        ann_of_paragraph = {paragraph_index: ann_id for paragraph_index, ann_id, _, _ in pieces}
        for k, tid in enumerate(ids):
            text = index.targets[tid]
            if text.paragraph not in ann_of_paragraph:
                continue
            start = quote.target_start if k == 0 else 0
            end = quote.target_end if k == len(ids) - 1 else len(text.text)
            if start < end:
                target.setdefault(text.paragraph, []).append((ann_of_paragraph[text.paragraph], value, tid, start, end))
    return source, target


def _units(article: Article) -> Iterator[tuple[Paragraph, list[tuple[_Segment, list[_Annotation], list[_Annotation]]]]]:
    """Per paragraph that has segments: each segment with its source and target annotations."""
    index = _Index(article)
    source_spans, target_spans = _spans(index)
    for paragraph in article.paragraphs:
        own = index.segments.get(paragraph.index)
        if not own:
            continue
        source_annotations = _annotate(source_spans.get(paragraph.index, []), index.source_places, paragraph.index)
        source_ids = {a.id for anns in source_annotations.values() for a in anns}
        target_annotations = _annotate(
            [s for s in target_spans.get(paragraph.index, []) if s[0] in source_ids], index.target_places, paragraph.index
        )
        yield paragraph, [(seg, source_annotations.get(seg.id, []), target_annotations.get(seg.id, [])) for seg in own]


def article_xliff(article: Article, target_language: str = "en", version: str = "2.1") -> str:
    """The article as XLIFF `version` ("2.1" or "1.2"): a unit per paragraph, a segment per alignment bead."""
    if version == "1.2":
        return _xliff_12(article, target_language)
    if version != "2.1":
        raise ValueError(f"XLIFF version {version!r}: choose one of {', '.join(XLIFF_VERSIONS)}")
    units = []
    for paragraph, segments in _units(article):
        xml_segments = []
        for seg, source_annotations, target_annotations in segments:
            source = inline_markup(" ".join(s.text for s in seg.source), source_annotations)
            if seg.target:
                target_xml = f"<target>{inline_markup(' '.join(t.text for t in seg.target), target_annotations)}</target>"
                state = "translated"
            else:
                target_xml, state = "", "initial"
            xml_segments.append(f'<segment id={quoteattr(seg.id)} state="{state}"><source>{source}</source>{target_xml}</segment>')
        # Notes belong to the unit in 2.x (before its segments); each says which segment.
        notes = "".join(
            f'<note category="{CHECK_NOTE}">{escape(f"{seg.id}: {f.kind}: {f.message}")}</note>'
            for seg, _, _ in segments for f in seg.checks
        )
        notes_xml = f"<notes>{notes}</notes>" if notes else ""
        units.append(f'<unit id="p{paragraph.index}">{notes_xml}{"".join(xml_segments)}</unit>')
    original = quoteattr(article.source.path)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff xmlns="{XLIFF_NS}" version="2.1" srcLang={quoteattr(article.language)} trgLang={quoteattr(target_language)}>\n'
        f'<file id={quoteattr(article.id)} original={original}>\n' + "\n".join(units) + "\n</file>\n</xliff>\n"
    )


def _xliff_12(article: Article, target_language: str) -> str:
    groups = []
    for paragraph, segments in _units(article):
        units = []
        for seg, source_annotations, target_annotations in segments:
            source = inline_markup_12(" ".join(s.text for s in seg.source), source_annotations)
            target = (
                f'<target state="translated">{inline_markup_12(" ".join(t.text for t in seg.target), target_annotations)}</target>'
                if seg.target else ""
            )
            notes = "".join(f'<note from="{CHECK_NOTE}">{escape(f"{f.kind}: {f.message}")}</note>' for f in seg.checks)
            units.append(f'<trans-unit id={quoteattr(seg.id)}><source>{source}</source>{target}{notes}</trans-unit>')
        groups.append(f'<group id="p{paragraph.index}" restype="x-paragraph">{"".join(units)}</group>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff xmlns="{XLIFF12_NS}" version="1.2">\n'
        f'<file original={quoteattr(article.source.path)} source-language={quoteattr(article.language)} '
        f'target-language={quoteattr(target_language)} datatype="plaintext">\n<body>\n'
        + "\n".join(groups) + "\n</body>\n</file>\n</xliff>\n"
    )

