"""Property over real text: whatever the FAKE opus-mt behaviour stub does to quote marks,
every French quote in the seeds and in the quoted sentences of newstest2014 either gets
an English span that slices back exactly, or a flag saying why not."""


import pytest

from conftest import TESTSETS, seed_files
from toolkit.document import Article, Paragraph, SourceInfo
from toolkit.testing.mt_stub import PERTURBATIONS, OpusMtBehaviourStub
from toolkit.pipeline import prepare_article
from toolkit.quotes import extract_quotes
from toolkit.segment.sentences import parse_paragraphs, segment_article
from toolkit.evaluation.survival import measure_survival

QUOTE_CHARS = "«»“”\""


def sentence_article(line_number: int, text: str, nlp) -> Article:
    """One test-set line as a one-paragraph article, through segmentation and quotes."""
    article = Article(
        id=f"newstest2014-{line_number}", source=SourceInfo(f"newstest2014.fr:{line_number}", "0" * 64, "utf-8"),
        raw_text=text, text=text, paragraphs=(Paragraph(0, 0, len(text), 0, line_number),),
    )
    docs = parse_paragraphs(article, nlp)
    return extract_quotes(segment_article(article, docs), docs)


@pytest.fixture(scope="module")
def corpus(nlp):
    articles = [prepare_article(path, nlp) for path in seed_files()]
    lines = (TESTSETS / "newstest2014.fr").read_text(encoding="utf-8").splitlines()
    quoted = [(n, line) for n, line in enumerate(lines, start=1) if any(c in line for c in QUOTE_CHARS)][:150]
    articles += [sentence_article(n, line, nlp) for n, line in quoted]
    assert sum(len(a.quotes) for a in articles) > 150
    return articles


@pytest.mark.parametrize("perturbation", PERTURBATIONS)
def test_every_quote_slices_back_or_is_flagged(corpus, perturbation):
    result, carried = measure_survival(corpus, OpusMtBehaviourStub(perturbation))
    assert result.unexplained == 0
    assert result.exact + result.lost_flagged == result.quotes
    for article in carried:
        for sentence in article.sentences:
            assert "«" not in sentence.translation and "»" not in sentence.translation
    # The fallbacks make quote loss rare even when the model mangles marks.
    assert result.survival_rate >= 0.9, result
