"""The quote stage's cost grows linearly with the article (issue 14, part 4).

Wall time is noisy on a shared machine, so the test counts work instead: the lines of
the toolkit/quotes/ package executed (sys.settrace "line" events, one per line run and per loop
turn, comprehensions included) for an article and for the same article four times over.
Linear cost gives four times the work; one scan of the article per quote gave ~16.
`benchmarks/quote_scaling.py` prints the times (docs/quotes.md, *Speed*).
"""

from __future__ import annotations

import os
import sys

import pytest

from conftest import TESTSETS
from toolkit import quotes
from toolkit.evaluation.quote_gold import lines_article
from toolkit.segment.sentences import parse_paragraphs, segment_article

# Lines 2107-2138 of newstest2014: two whole articles, quotes in most lines (marks,
# incises, pronouns, reports without marks).
FIRST, LAST = 2107, 2138


def lines_of_work(article, docs) -> int:
    """Lines of the toolkit/quotes/ package executed by extract_quotes(article, docs)."""
    count = 0
    package = os.path.dirname(quotes.__file__) + os.sep

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def on_call(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(package) else None

    sys.settrace(on_call)
    try:
        quotes.extract_quotes(article, docs)
    finally:
        sys.settrace(None)
    return count


@pytest.fixture(scope="module")
def block(nlp):
    lines = (TESTSETS / "newstest2014.fr").read_text(encoding="utf-8").split("\n")[FIRST - 1 : LAST]
    docs = parse_paragraphs(lines_article(lines, "block", "newstest2014.fr", FIRST), nlp)
    return lines, docs


@pytest.mark.parametrize("one_paragraph", [False, True])
def test_four_times_the_article_is_four_times_the_work(block, nlp, one_paragraph):
    lines, docs = block
    if one_paragraph:
        # The worst case for anything that scans a paragraph: the article as one paragraph.
        single = lines_article([" ".join(lines)], "one", "newstest2014.fr", 1)
        single4 = lines_article([" ".join(lines * 4)], "four", "newstest2014.fr", 1)
        small, small_docs = single, parse_paragraphs(single, nlp)
        big, big_docs = single4, parse_paragraphs(single4, nlp)
    else:
        small, small_docs = lines_article(lines, "one", "newstest2014.fr", 1), docs
        big, big_docs = lines_article(lines * 4, "four", "newstest2014.fr", 1), docs * 4
    small, big = segment_article(small, small_docs), segment_article(big, big_docs)
    found_small = quotes.extract_quotes(small, small_docs).quotes
    found_big = quotes.extract_quotes(big, big_docs).quotes
    assert len(found_small) >= 20 and len(found_big) == 4 * len(found_small)
    ratio = lines_of_work(big, big_docs) / lines_of_work(small, small_docs)
    # 4 for linear cost; the margin is for the per-article constant parts.
    assert 3.5 <= ratio <= 4.6, f"four times the text cost {ratio:.1f} times the work"
