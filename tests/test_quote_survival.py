"""Property over real text: whatever the FAKE opus-mt behaviour stub does to quote marks,
every French quote in the seeds and in the quoted sentences of newstest2014 either gets
an English span that slices back exactly, or a flag saying why not."""


import pytest

from conftest import TESTSETS, seed_files
from toolkit.testing.mt_stub import PERTURBATIONS, OpusMtBehaviourStub
from toolkit.pipeline import prepare_article
from toolkit.evaluation.survival import measure_survival

from toolkit.testing.articles import newstest_line_article, quoted_testset_lines


@pytest.fixture(scope="module")
def corpus(nlp):
    articles = [prepare_article(path, nlp) for path in seed_files()]
    lines = (TESTSETS / "newstest2014.fr").read_text(encoding="utf-8").splitlines()
    quoted = quoted_testset_lines(lines, 150)
    articles += [newstest_line_article(n, line, nlp) for n, line in quoted]
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
