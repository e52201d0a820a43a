"""Property over real text: whatever the FAKE opus-mt behaviour stub does to quote marks,
every French quote in the seeds and in the quoted sentences of newstest2014 gets an
English span that slices back exactly, through the translation stage production runs.
That is what is measured (benchmarks/quote_survival.py: 258 quotes, 100 % under every
perturbation), so a single lost quote fails."""


import pytest

from conftest import TESTSETS, seed_files
from toolkit.testing.mt_stub import PERTURBATIONS, OpusMtBehaviourStub
from toolkit.pipeline import prepare_article
from toolkit.evaluation.survival import measure_survival
from toolkit.translate.quote_transfer import FLAG_LOST, PATH_RECOVERED, PATH_SPLIT

from toolkit.testing.articles import newstest_line_article, quoted_testset_lines
QUOTE_CHARS = "«»“”\""
# Which path the quotes with marks take (indirect quotes have none: their span is the
# sentence): the marks are recovered when the model keeps, converts or moves them; the
# sentence is re-translated in pieces between the marks when it loses or doubles them.
# The other path stays under 1 % of the quotes (docs/quote-transfer.md says which: where
# the quote stage used fewer marks than the sentence shows); 2 % is the bound here.
MARKS_KEPT = ("none", "keep_guillemets", "curly_quotes", "move_incise", "merge_sentences", "html_entities")
MARKS_LOST = ("drop_all_marks", "duplicate_mark")


@pytest.fixture(scope="module")
def corpus(nlp):
    articles = [prepare_article(path, nlp) for path in seed_files()]
    lines = (TESTSETS / "newstest2014.fr").read_text(encoding="utf-8").splitlines()
    quoted = quoted_testset_lines(lines, 150)
    articles += [newstest_line_article(n, line, nlp) for n, line in quoted]
    assert sum(len(a.quotes) for a in articles) > 150
    return articles


@pytest.mark.parametrize("perturbation", PERTURBATIONS)
def test_every_quote_slices_back(corpus, perturbation):
    result, carried = measure_survival(corpus, OpusMtBehaviourStub(perturbation))
    lost = [(article.id, quote.id, quote.flags) for article in carried for quote in article.quotes if FLAG_LOST in quote.flags]
    assert lost == []
    assert result.unexplained == 0 and result.lost_flagged == 0
    assert result.exact == result.quotes and result.survival_rate == 1.0, result
    if perturbation in MARKS_KEPT:
        assert result.paths[PATH_SPLIT] <= 0.02 * result.quotes < result.paths[PATH_RECOVERED], result.paths
    if perturbation in MARKS_LOST:
        assert result.paths[PATH_RECOVERED] <= 0.02 * result.quotes < result.paths[PATH_SPLIT], result.paths
    for article in carried:
        for sentence in article.sentences:
            assert "«" not in sentence.translation and "»" not in sentence.translation
