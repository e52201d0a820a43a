"""Segment: paragraphs → sentences, with spaCy's parser plus repairs for news text.

spaCy's French models split well on prose but make three mistakes that matter here:
they cut a closing quote mark (» ” ") into a sentence of its own or onto the next
sentence, they split after abbreviations and initials (« M. », « J.-C. », « V. Poutine »),
and they sometimes cut inside numbers and units. `repair_boundaries` fixes those on the
list of boundary offsets, so each rule is a few lines that can be tested on strings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Iterator, Sequence

from toolkit.document import Article, Sentence
from toolkit.lang.fr.sentences import ABBREVIATIONS
from toolkit.lang.typography import SENTENCE_CLOSING_MARKS, SENTENCE_OPENING_MARKS

# spaCy refuses texts over nlp.max_length; a paragraph longer than this is cut at
# whitespace before parsing (a documented degradation: boundaries near the cut come
# from the cut, not the parser).
MAX_PARSE_CHARS = 100_000

_ENDS_WITH_ABBREVIATION = re.compile(r"(?:^|[\s(«“])([A-Za-zÀ-ÿº.-]{1,6})\.$")
_ENDS_WITH_INITIAL = re.compile(r"(?:^|[\s(«“-])[A-ZÀ-Ý]\.$")
_ENDS_WITH_NUMBER = re.compile(r"\d[.,]?$")


def _has_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


def repair_boundaries(text: str, starts: Sequence[int]) -> list[int]:
    """Given sentence start offsets from a parser, return repaired start offsets.

    `starts` are offsets into `text` (the first is 0). The rules, each of which only ever
    removes or moves a boundary:
    - a leading run of closing marks belongs to the previous sentence;
    - a "sentence" with no letter or digit (a lone » or "—") is merged into its neighbour;
    - a sentence that ends with an abbreviation, an initial, or a number, or with a colon,
      continues with the next one when that one does not start a new sentence;
    - a sentence starting in lower case continues the previous one.
    """
    bounds = sorted({s for s in starts if 0 < s < len(text)})
    out: list[int] = []
    for b in bounds:
        # Move past closing marks (and the spaces around them) glued to the start.
        j = b
        while j < len(text) and (text[j] in SENTENCE_CLOSING_MARKS or text[j] in " \u00a0\u202f"):
            j += 1
        if j > b and any(c in SENTENCE_CLOSING_MARKS for c in text[b:j]):
            b = j
        if b >= len(text):
            continue
        prev_start = out[-1] if out else 0
        previous = text[prev_start:b].strip()
        following = text[b:].lstrip()
        if not _has_word(previous) and not out:
            continue  # leading punctuation joins the first real sentence
        if not _has_word(previous):
            out.pop()  # merge the wordless fragment into the sentence before it
            continue
        next_piece = following.split(None, 1)[0] if following else ""
        if not _has_word(next_piece) and next_piece and next_piece[0] not in SENTENCE_OPENING_MARKS:
            continue
        first = next((c for c in following if c.isalpha()), "")
        if following[:1].islower() or following[:1] in ",;:%)" or (first.islower() and following[:1] not in SENTENCE_OPENING_MARKS):
            continue
        last_word = _ENDS_WITH_ABBREVIATION.search(previous)
        if last_word and last_word.group(1).lower().rstrip(".") in ABBREVIATIONS:
            continue
        if _ENDS_WITH_INITIAL.search(previous):
            continue
        if _ENDS_WITH_NUMBER.search(previous) and following[:1].isdigit():
            continue
        if previous.endswith(":") and not following[:1] in SENTENCE_OPENING_MARKS:
            continue
        if previous[-1:] in "([{" + SENTENCE_OPENING_MARKS:
            continue
        out.append(b)
    return [0] + out


def _chunks(text: str, limit: int) -> Iterable[tuple[int, str]]:
    """Cut text longer than `limit` at whitespace; yield (offset, chunk)."""
    pos = 0
    while len(text) - pos > limit:
        cut = text.rfind(" ", pos, pos + limit)
        cut = cut if cut > pos else pos + limit
        yield pos, text[pos:cut]
        pos = cut
    yield pos, text[pos:]


def parse_paragraphs(article: Article, nlp) -> list:
    """Run spaCy over each paragraph; one Doc per paragraph, `doc.text` = paragraph text.

    Paragraphs over MAX_PARSE_CHARS are parsed in whitespace-cut chunks and the Docs
    joined back (`Doc.from_docs`), so offsets still line up with the paragraph.
    """
    return next(parse_articles([article], nlp))


def parse_articles(articles: Sequence[Article], nlp) -> Iterator[list]:
    """`parse_paragraphs` for several articles in one spaCy pass: yields each article's
    Docs in turn.

    spaCy batches the paragraphs of all the articles together (an article has ~16
    paragraphs; batches of up to 64 parsed the seeds ~8 % faster than one batch per
    article), with the same annotations, since each paragraph is its own Doc either way.
    A generator, so that only one article's Docs (and spaCy's current batch) are alive."""
    from spacy.tokens import Doc

    texts = [[article.text[p.start : p.end] for p in article.paragraphs] for article in articles]
    short = (t for paragraph_texts in texts for t in paragraph_texts if len(t) <= MAX_PARSE_CHARS)
    parsed = iter(nlp.pipe(short, batch_size=64))
    for paragraph_texts in texts:
        docs = []
        for text in paragraph_texts:
            if len(text) <= MAX_PARSE_CHARS:
                docs.append(next(parsed))
                continue
            parts = [nlp(chunk) for _, chunk in _chunks(text, MAX_PARSE_CHARS)]
            docs.append(Doc.from_docs(parts, ensure_whitespace=False))
        yield docs


def sentence_starts(doc) -> list[int]:
    return [sent.start_char for sent in doc.sents]


def segment_article(article: Article, docs: Sequence) -> Article:
    """Fill `sentences` (ids s1, s2, … in order) and each paragraph's `sentence_ids`."""
    sentences: list[Sentence] = []
    paragraphs = []
    for paragraph, doc in zip(article.paragraphs, docs, strict=True):
        text = article.text[paragraph.start : paragraph.end]
        starts = repair_boundaries(text, sentence_starts(doc))
        ends = starts[1:] + [len(text)]
        ids = []
        for start, end in zip(starts, ends):
            piece = text[start:end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if trail <= lead:
                continue
            sid = f"s{len(sentences) + 1}"
            s_start, s_end = paragraph.start + start + lead, paragraph.start + start + trail
            sentences.append(Sentence(id=sid, paragraph=paragraph.index, start=s_start, end=s_end, text=article.text[s_start:s_end]))
            ids.append(sid)
        paragraphs.append(replace(paragraph, sentence_ids=tuple(ids)))
    return replace(article, sentences=tuple(sentences), paragraphs=tuple(paragraphs))
