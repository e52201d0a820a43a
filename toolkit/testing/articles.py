"""Articles built by hand for tests and benchmarks: the one home of these builders.

The layout is the clean stage's: paragraphs joined by a blank line ("\n\n"), so paragraph
i of a file starts on line `first_line + 2 * i`; offsets into `text` equal offsets into
`raw_text`. Sources carry a dummy digest."""

from __future__ import annotations

from typing import Optional, Sequence

from toolkit.document import Article, Paragraph, Sentence, SourceInfo

DUMMY_SHA256 = "0" * 64
# Quote marks whose presence makes a test-set line worth a quote test.
QUOTE_MARKS = "«»“”\""


def paragraphs_article(paragraphs: Sequence[str], article_id: str = "t", *, first_line: int = 1,
                       path: Optional[str] = None) -> Article:
    """An unsegmented Article, one paragraph per entry of `paragraphs`."""
    text = "\n\n".join(paragraphs)
    built, position = [], 0
    for i, paragraph in enumerate(paragraphs):
        built.append(Paragraph(index=i, start=position, end=position + len(paragraph), source_start=position,
                               line=first_line + 2 * i))
        position += len(paragraph) + 2
    return Article(id=article_id, source=SourceInfo(path or f"{article_id}.txt", DUMMY_SHA256, "utf-8"),
                   raw_text=text, text=text, paragraphs=tuple(built))


def one_paragraph_article(sentences: Sequence[str], article_id: str = "a") -> Article:
    """A segmented Article of one paragraph holding `sentences`, joined by single spaces."""
    text = " ".join(sentences)
    built, position = [], 0
    for i, sentence in enumerate(sentences):
        built.append(Sentence(id=f"s{i + 1}", paragraph=0, start=position, end=position + len(sentence), text=sentence))
        position += len(sentence) + 1
    return Article(
        id=article_id, source=SourceInfo(f"{article_id}.txt", DUMMY_SHA256, "utf-8"), raw_text=text, text=text,
        paragraphs=(Paragraph(0, 0, len(text), 0, 1, sentence_ids=tuple(s.id for s in built)),), sentences=tuple(built),
    )


def quoted_testset_lines(lines: Sequence[str], limit: int) -> list[tuple[int, str]]:
    """(1-based line number, line) of the first `limit` lines holding a quote mark."""
    return [(n, line) for n, line in enumerate(lines, start=1) if any(c in line for c in QUOTE_MARKS)][:limit]


def newstest_line_article(line_number: int, text: str, nlp) -> Article:
    """One newstest2014 line as a one-paragraph article, through segmentation and quotes."""
    from toolkit.quotes import extract_quotes
    from toolkit.segment.sentences import parse_paragraphs, segment_article

    article = paragraphs_article([text], f"newstest2014-{line_number}", first_line=line_number,
                                 path=f"newstest2014.fr:{line_number}")
    docs = parse_paragraphs(article, nlp)
    return extract_quotes(segment_article(article, docs), docs)
