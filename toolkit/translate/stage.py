"""The translation stage: French articles in, English sentences, quotes and flags out.

    translate_articles(articles, translator, progress=None)

One function that every caller uses (the batch job, the Ray actors, `toolkit evaluate`,
the survival measure, the benchmarks), so that nothing measures a path production does
not take. For each article:

1. an article that as a whole is not in its source language is passed through
   untranslated, every sentence flagged (`pass_through_foreign`);
2. the others go to the model together, batch-first (CTranslate2 style): sentences of
   all articles gathered, duplicates dropped, sentences not in the source language left
   as they are, inputs over the model's limit split at clause boundaries (never
   truncated), quote marks normalised in the model input (quote_transfer); the backend
   sorts by length and batches by a token budget;
3. the French quotes are carried into the English (`carry_quotes`);
4. article flags follow from the sentences' flags (`article_flags_after_translation`).

The backend is any `Translator` (toolkit.translate.translator), loaded by name with
`toolkit.translate.backends.load_translator`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional, Sequence

from toolkit.document import Article, ModelInfo
from toolkit.lang import profile
from toolkit.lang.guess import guess_language
from toolkit.translate.batching import model_input, normalise_output, split_for_length
from toolkit.translate.quote_transfer import carry_quotes, quote_aware_inputs
from toolkit.translate.translator import InputsDone, TranslationOutput, Translator

FLAG_SPLIT = "split_for_length"
FLAG_NOT_SOURCE = "not_source_language"
FLAG_NO_WORDS = "no_words"
# An article whose sentences are (almost) all not in the source language is flagged as a
# whole, so a reviewer sees at once that it was passed through, not translated.
FLAG_ARTICLE_NOT_SOURCE = "not_source_language"
NOT_SOURCE_SHARE = 0.8


def translate_articles(articles: Sequence[Article], translator: Translator, progress: Optional[InputsDone] = None) -> list[Article]:
    """The stage: every article translated (or passed through), its quotes carried into
    the English and its article flags set. `progress(n)` is called as model inputs are done."""
    passed = [pass_through_foreign(article, translator) for article in articles]
    to_model = [article for article, through in zip(articles, passed) if through is None]
    translated = iter(carry_quotes(_translate_sentences(to_model, translator, progress), translator) if to_model else ())
    done = [through if through is not None else next(translated) for through in passed]
    return [_with_article_flags(article) for article in done]


def sentence_inputs(article: Article) -> list[str]:
    """The model input of each sentence, before length splitting: quote marks
    normalised where the quote stage found some, one line and single spaces."""
    special = quote_aware_inputs(article)
    return [special.get(s.id) or model_input(s.text) for s in article.sentences]


def article_flags_after_translation(sentence_flags: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """Article-level flags derived from its sentences' flags."""
    if not sentence_flags:
        return ()
    not_source = sum(1 for flags in sentence_flags if FLAG_NOT_SOURCE in flags)
    return (FLAG_ARTICLE_NOT_SOURCE,) if not_source >= NOT_SOURCE_SHARE * len(sentence_flags) else ()


def pass_through_foreign(article: Article, translator: Translator) -> Optional[Article]:
    """An article that, as a whole, is not in its source language (an English wire story
    in a French corpus) is passed through untranslated, every sentence flagged, instead of
    letting short sentences that the per-sentence guess cannot place reach the model.
    Returns None for an article in its source language."""
    source = article.language
    guessed = guess_language(article.text, candidates=_candidates(source))
    if guessed is None or guessed == source:
        return None
    flags = (FLAG_NOT_SOURCE, f"language:{guessed}")
    sentences = tuple(
        replace(s, translation=s.text, flags=tuple(dict.fromkeys(s.flags + flags))) for s in article.sentences
    )
    return replace(article, sentences=sentences, model=_model_info(translator),
                   flags=tuple(dict.fromkeys(article.flags + (FLAG_ARTICLE_NOT_SOURCE,))))


def _with_article_flags(article: Article) -> Article:
    flags = article_flags_after_translation([s.flags for s in article.sentences])
    return replace(article, flags=tuple(dict.fromkeys(article.flags + flags))) if flags else article


def _candidates(source_language: str) -> tuple[str, ...]:
    return (source_language, "en") if source_language != "en" else ("en",)


def _model_info(translator: Translator) -> ModelInfo:
    return ModelInfo(name=translator.name, revision=translator.revision, beam=translator.options.beam)


# --- sentences to the model -----------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    pieces: tuple[str, ...] = ()  # model inputs; empty = pass through
    flags: tuple[str, ...] = ()


def _plan_text(source_language: str, translator: Translator, text: str) -> _Plan:
    if not any(c.isalpha() for c in text):
        return _Plan(flags=(FLAG_NO_WORDS,))
    guessed = guess_language(text, candidates=_candidates(source_language))
    if guessed is not None and guessed != source_language:
        return _Plan(flags=(FLAG_NOT_SOURCE, f"language:{guessed}"))
    limit = translator.options.max_input_tokens
    pieces = split_for_length(text, translator.count_tokens, limit, profile(source_language).clause_openers)
    flags = (FLAG_SPLIT,) if len(pieces) > 1 else ()
    return _Plan(pieces=tuple(pieces), flags=flags)


def _translate_sentences(articles: Sequence[Article], translator: Translator, progress: Optional[InputsDone]) -> list[Article]:
    """Fill `Sentence.translation` and flags for every sentence of every article, and
    the English of the title and the speakers' descriptions."""
    plans: list[tuple[list[_Plan], dict[str, _Plan]]] = []
    unique: dict[str, int] = {}
    for article in articles:
        article_plans = [_plan_text(article.language, translator, text) for text in sentence_inputs(article)]
        # What a reviewer navigates by (the title, who each speaker is) gets its English
        # too, in the same batches as the sentences.
        labels = _navigation_texts(article)
        label_plans = {text: _plan_text(article.language, translator, model_input(text)) for text in labels}
        for plan in article_plans + list(label_plans.values()):
            for piece in plan.pieces:
                unique.setdefault(piece, len(unique))
        plans.append((article_plans, label_plans))
    outputs: list[TranslationOutput] = translator.translate_batch(list(unique), progress=progress) if unique else []

    def english(text: str, plan: _Plan) -> str:
        if not plan.pieces:
            return text
        return " ".join(normalise_output(outputs[unique[p]].text) for p in plan.pieces)

    translated: list[Article] = []
    model = _model_info(translator)
    for article, (article_plans, label_plans) in zip(articles, plans):
        labels = {text: english(text, plan) for text, plan in label_plans.items()}
        sentences = []
        for sentence, plan in zip(article.sentences, article_plans):
            if not plan.pieces:
                text, flags = sentence.text, plan.flags
            else:
                results = [outputs[unique[p]] for p in plan.pieces]
                text = " ".join(normalise_output(r.text) for r in results)
                flags = plan.flags + tuple(dict.fromkeys(f for r in results for f in r.flags))
            sentences.append(replace(sentence, translation=text, flags=tuple(dict.fromkeys(sentence.flags + flags))))
        speakers = tuple(replace(sp, description_translation=labels.get(sp.description)) if sp.description else sp
                         for sp in article.speakers)
        translated.append(replace(article, sentences=tuple(sentences), model=model, speakers=speakers,
                                  title_translation=labels.get(article.title) if article.title else None))
    return translated


def _navigation_texts(article: Article) -> list[str]:
    """The article's title and its speakers' descriptions (roles such as "La maire")."""
    texts = [article.title] if article.title else []
    texts += [sp.description for sp in article.speakers if sp.description]
    return list(dict.fromkeys(t for t in texts if t.strip()))
