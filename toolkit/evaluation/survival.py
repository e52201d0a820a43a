"""How well quotes survive translation: the measurement behind docs/quote-transfer.md.

`english_slice` rebuilds a quote's English text from its target offsets; a quote
"survives" when that slice equals its `translation`. `measure_survival` runs prepared
articles through the translation stage (`translate_articles`, as `toolkit translate`
does) and counts, per quote, which path it took or why it was lost.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional, Sequence

from toolkit.align.beads import target_id
from toolkit.document import Article, QuoteSpan
from toolkit.translate.quote_transfer import FLAG_LOST, PATH_RECOVERED, PATH_REPORTED_CLAUSE, PATH_SENTENCE, PATH_SPLIT
from toolkit.translate.stage import translate_articles
from toolkit.translate.translator import Translator


def english_slice(article: Article, quote: QuoteSpan) -> Optional[str]:
    """The English text between the quote's target offsets (sentences joined by a space)."""
    if quote.target_start is None or quote.target_end is None or not quote.target_sentences:
        return None
    texts = {target_id(s.id): s.translation for s in article.sentences}
    ids = quote.target_sentences
    if any(texts.get(i) is None for i in ids):
        return None
    if len(ids) == 1:
        return texts[ids[0]][quote.target_start : quote.target_end]
    return " ".join([texts[ids[0]][quote.target_start :]] + [texts[i] for i in ids[1:-1]] + [texts[ids[-1]][: quote.target_end]])


@dataclass(frozen=True)
class SurvivalResult:
    quotes: int = 0
    exact: int = 0  # English span slices back to the quote's translation
    lost_flagged: int = 0  # no span, and a flag says why
    unexplained: int = 0  # neither: a bug
    paths: Counter = field(default_factory=Counter)

    @property
    def survival_rate(self) -> float:
        return self.exact / self.quotes if self.quotes else 1.0


def measure_survival(articles: Sequence[Article], translator: Translator) -> tuple[SurvivalResult, list[Article]]:
    carried = translate_articles(articles, translator)
    quotes = exact = lost = unexplained = 0
    paths: Counter = Counter()
    for article in carried:
        for quote in article.quotes:
            quotes += 1
            if FLAG_LOST in quote.flags:
                lost += 1
                paths[FLAG_LOST] += 1
            elif quote.translation is not None and english_slice(article, quote) == quote.translation:
                exact += 1
                paths[next((p for p in (PATH_RECOVERED, PATH_SPLIT, PATH_REPORTED_CLAUSE, PATH_SENTENCE) if p in quote.flags), "other")] += 1
            else:
                unexplained += 1
    return SurvivalResult(quotes, exact, lost, unexplained, paths), carried
