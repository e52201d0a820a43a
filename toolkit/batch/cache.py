"""The batch job's sentence cache in front of a translation backend.

Keys are the model key (toolkit.batch.fingerprints.model_key: the model's identity and the
settings that change a translation) and the exact model input, so the cache is shared by
every article and every run with that model. The store is the manifest, or an actor's
shard of it (toolkit.batch.ray.ShardCache).
"""

from __future__ import annotations

from typing import Optional, Protocol, Sequence

from toolkit.batch.manifest import CachedTranslation
from toolkit.translate.translator import InputsDone, TranslationOutput, Translator


class TranslationStore(Protocol):
    """Where cached translations live: the manifest, or an actor's shard (toolkit.batch.ray)."""

    def cached_translations(self, key: str, texts: Sequence[str]) -> dict[str, CachedTranslation]: ...

    def store_translations(self, key: str, items: Sequence[tuple[str, CachedTranslation]]) -> None: ...


class CachedTranslator:
    """A Translator that answers from the sentence cache first and sends only the misses
    to the wrapped backend, storing their translations as soon as it returns (so work
    finished before a crash is not paid for twice)."""

    def __init__(self, inner: Translator, store: TranslationStore, key: str, read_cache: bool = True):
        self.inner = inner
        self.name = inner.name
        self.revision = inner.revision
        self.options = inner.options
        self.store = store
        # Public for engines that consult the cache themselves (toolkit.batch.ray).
        self.key = key
        self.read_cache = read_cache
        self.cache_hits = 0
        self.model_inputs = 0

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def translate_batch(self, texts: Sequence[str], progress: Optional[InputsDone] = None) -> list[TranslationOutput]:
        cached = self.store.cached_translations(self.key, texts) if self.read_cache else {}
        misses = [t for t in dict.fromkeys(texts) if t not in cached]
        hits = len(texts) - len(misses)
        self.cache_hits += hits
        if hits and progress is not None:
            progress(hits)
        if misses:
            outputs = self.inner.translate_batch(misses, progress=progress)
            self.model_inputs += len(misses)
            fresh = [(source, CachedTranslation(o.text, tuple(o.flags))) for source, o in zip(misses, outputs)]
            self.store.store_translations(self.key, fresh)
            cached = {**cached, **dict(fresh)}
        return [TranslationOutput(cached[t].text, cached[t].flags) for t in texts]
