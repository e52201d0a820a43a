"""XLIFF 2.1 export: one unit per paragraph, one segment per sentence, quotes as
annotations that CAT tools keep.

A quote inside one sentence is a `<mrk>` (nested quotes nest); a quote running over
several sentences of a paragraph is a `<sm/>` … `<em/>` pair in that unit; a quote over
several paragraphs gets one such pair per paragraph (ids `q3`, `q3-p2`, …). Each
annotation is `type="comment"` with the quote type, speaker and flags in `value`, so
the reviewer's information travels with the text. Target annotations reuse the source
ids, as XLIFF 2 pairs inline elements by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence
from xml.sax.saxutils import escape, quoteattr

from .align import target_id
from .document import Article, QuoteSpan

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


def _source_annotations(article: Article, paragraph_index: int) -> dict[str, list[_Annotation]]:
    by_sentence: dict[str, list[_Annotation]] = {}
    paragraph = article.paragraphs[paragraph_index]
    sentences = [s for s in article.sentences if s.id in paragraph.sentence_ids]
    for quote in article.quotes:
        value = _describe(quote, article)
        for index, ann_id, start, end in _pieces(quote, article):
            if index != paragraph_index:
                continue
            inside = [s for s in sentences if s.start < end and s.end > start]
            for k, s in enumerate(inside):
                a = _Annotation(
                    start=max(start, s.start) - s.start, end=min(end, s.end) - s.start, id=ann_id, value=value,
                    opens_here=k == 0, closes_here=k == len(inside) - 1,
                )
                by_sentence.setdefault(s.id, []).append(a)
    return by_sentence


def _target_annotations(article: Article, source_annotations: dict[str, list[_Annotation]]) -> dict[str, list[_Annotation]]:
    """English annotations for quotes whose English span is known, mirroring the source."""
    texts = {t.id: t.text for t in article.target_sentences}
    by_target: dict[str, list[_Annotation]] = {}
    annotation_ids = {a.id for anns in source_annotations.values() for a in anns}
    for quote in article.quotes:
        if quote.target_start is None or quote.target_end is None or not quote.target_sentences:
            continue
        ids = [i for i in quote.target_sentences if i in texts]
        for k, tid in enumerate(ids):
            start = quote.target_start if k == 0 else 0
            end = quote.target_end if k == len(ids) - 1 else len(texts[tid])
            if start >= end:
                continue
            # One annotation per target sentence, using the id of the source piece in
            # the same paragraph, so source and target pair up.
            paragraph = next((t.paragraph for t in article.target_sentences if t.id == tid), None)
            pieces = {index: ann_id for index, ann_id, _, _ in _pieces(quote, article)}
            ann_id = pieces.get(paragraph, quote.id)
            if ann_id not in annotation_ids:
                continue
            first_in_paragraph = k == 0 or _paragraph_of(article, ids[k - 1]) != paragraph
            last_in_paragraph = k == len(ids) - 1 or _paragraph_of(article, ids[k + 1]) != paragraph
            by_target.setdefault(tid, []).append(
                _Annotation(start, end, ann_id, _describe(quote, article), first_in_paragraph, last_in_paragraph)
            )
    return by_target


def _paragraph_of(article: Article, tid: str) -> Optional[int]:
    return next((t.paragraph for t in article.target_sentences if t.id == tid), None)


def article_xliff(article: Article, target_language: str = "en") -> str:
    targets = {t.id: t for t in article.target_sentences}
    units = []
    for paragraph in article.paragraphs:
        source_annotations = _source_annotations(article, paragraph.index)
        target_annotations = _target_annotations(article, source_annotations)
        segments = []
        for s in (s for s in article.sentences if s.id in paragraph.sentence_ids):
            source = inline_markup(s.text, source_annotations.get(s.id, []))
            target = targets.get(target_id(s.id))
            state = "translated" if target is not None else "initial"
            target_xml = (
                f"<target>{inline_markup(target.text, [a for a in target_annotations.get(target.id, [])])}</target>"
                if target is not None else ""
            )
            segments.append(f'<segment id="{s.id}" state="{state}"><source>{source}</source>{target_xml}</segment>')
        units.append(f'<unit id="p{paragraph.index}">{"".join(segments)}</unit>')
    original = quoteattr(article.source.path)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff xmlns="{XLIFF_NS}" version="2.1" srcLang={quoteattr(article.language)} trgLang={quoteattr(target_language)}>\n'
        f'<file id={quoteattr(article.id)} original={original}>\n' + "\n".join(units) + "\n</file>\n</xliff>\n"
    )
