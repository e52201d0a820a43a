"""The translation cache in front of the model (`CachedTranslator`) and what a run does
with articles that are not in the source language. What else a batch run needs has its
own module: stop requests (toolkit.batch.stop), input discovery (toolkit.batch.inputs),
fingerprints (toolkit.batch.fingerprints), the run report (toolkit.batch.report).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional, Protocol, Sequence

from toolkit.document import Article, ModelInfo
from toolkit.lang import guess_language
from toolkit.batch.manifest import CachedTranslation, Manifest
from toolkit.translate.stage import FLAG_NOT_SOURCE, TranslationOutput, Translator

# An article whose sentences are (almost) all not in the source language is flagged as a
# whole, so a reviewer sees at once that it was passed through, not translated.
FLAG_ARTICLE_NOT_SOURCE = "not_source_language"
NOT_SOURCE_SHARE = 0.8


class TranslationStore(Protocol):
    """Where cached translations live: the manifest, or an actor's shard (ray_engine)."""

    def cached_translations(self, key: str, texts: Sequence[str]) -> dict[str, CachedTranslation]: ...

    def store_translations(self, key: str, items: Sequence[tuple[str, CachedTranslation]]) -> None: ...


class CachedTranslator:
    """A Translator that answers from the manifest's sentence cache first and sends only
    the misses to the wrapped backend, storing their translations as soon as it returns
    (so work finished before a crash is not paid for twice)."""

    def __init__(self, inner: Translator, manifest: "Manifest | TranslationStore", key: str, read_cache: bool = True):
        self.inner = inner
        self.name = inner.name
        self.revision = inner.revision
        self.options = inner.options
        self._manifest = manifest
        self._key = key
        self._read_cache = read_cache
        # Public for engines that consult the cache themselves (toolkit.batch.ray).
        self.key = key
        self.read_cache = read_cache
        self.cache_hits = 0
        self.model_inputs = 0

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def translate_batch(self, texts: Sequence[str], progress: Optional[Callable[[int], None]] = None) -> list[TranslationOutput]:
        cached = self._manifest.cached_translations(self._key, texts) if self._read_cache else {}
        misses = [t for t in dict.fromkeys(texts) if t not in cached]
        hits = len(texts) - len(misses)
        self.cache_hits += hits
        if hits and progress is not None:
            progress(hits)
        if misses:
            outputs = self.inner.translate_batch(misses, progress=progress)
            self.model_inputs += len(misses)
            fresh = [(source, CachedTranslation(o.text, tuple(o.flags))) for source, o in zip(misses, outputs)]
            self._manifest.store_translations(self._key, fresh)
            cached = {**cached, **dict(fresh)}
        return [TranslationOutput(cached[t].text, cached[t].flags) for t in texts]


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
    guessed = guess_language(article.text, candidates=(source, "en") if source != "en" else ("en",))
    if guessed is None or guessed == source:
        return None
    flags = (FLAG_NOT_SOURCE, f"language:{guessed}")
    sentences = tuple(
        replace(s, translation=s.text, flags=tuple(dict.fromkeys(s.flags + flags))) for s in article.sentences
    )
    model = ModelInfo(name=translator.name, revision=translator.revision, beam=translator.options.beam)
    return replace(article, sentences=sentences, model=model, flags=tuple(dict.fromkeys(article.flags + (FLAG_ARTICLE_NOT_SOURCE,))))
