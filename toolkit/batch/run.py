"""Batch-run machinery for `run_translate`: what to redo, the translation cache, the
run summary. The pipeline composes these; the manifest (toolkit.batch.manifest) stores state.

Decisions, in one place:
- An article is skipped when the manifest says `done` for the same file content
  (sha256), the same configuration hash, and its output files still exist.
- The configuration hash covers everything that changes an output file: the toolkit
  version, source language, spaCy model and version, the translation model's identity
  (name, revision, and for a local folder its files' sizes and mtimes) and the settings
  that change a translation (beam, max_input_tokens). Batch sizes and device do not
  enter it: they change speed, not the result.
- The sentence cache is keyed by the model key (the same identity and settings) and the
  exact model input, so it is shared by every article and every run with that model.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Protocol, Sequence

from toolkit import __version__
from toolkit.ingest.text import discover
from toolkit.document import Article, ModelInfo
from toolkit.lang.guess import guess_language
from toolkit.batch.manifest import CachedTranslation, Manifest
from toolkit.translate.stage import FLAG_NOT_SOURCE, TranslationOptions, TranslationOutput, Translator

# An article whose sentences are (almost) all not in the source language is flagged as a
# whole, so a reviewer sees at once that it was passed through, not translated.
FLAG_ARTICLE_NOT_SOURCE = "not_source_language"
NOT_SOURCE_SHARE = 0.8

RUN_SCHEMA = "toolkit.run/1"


class RunInterrupted(Exception):
    """Raised inside a chunk when a stop was requested; the chunk is abandoned."""


class StopRequest:
    """A stop flag for `run_translate(should_stop=...)`: calling it says whether a stop
    was asked for, and the pipeline polls it between translation batches and articles.

    The stages that never poll (cleaning, parsing and the quote stage of a chunk; on a
    huge article they run for minutes) run inside `raising()`: a request there raises
    RunInterrupted at once, so a stop is honoured within seconds in every stage. That is
    safe because those stages write nothing; the chunk is abandoned as on a polled stop.
    """

    def __init__(self) -> None:
        self.requested = False
        self._raise_now = False

    def __call__(self) -> bool:
        return self.requested

    def request(self) -> None:
        self.requested = True
        if self._raise_now:
            self._raise_now = False  # once: the handler of the exception may not be interrupted
            raise RunInterrupted()

    @contextmanager
    def raising(self) -> Iterator[None]:
        if self.requested:
            raise RunInterrupted()
        self._raise_now = True
        try:
            yield
        finally:
            self._raise_now = False


def stop_raising(stop: Callable[[], bool]):
    """`stop.raising()` for a StopRequest; any other should_stop callable is only polled."""
    return stop.raising() if isinstance(stop, StopRequest) else nullcontext()


@dataclass(frozen=True)
class IgnoredFile:
    path: Path
    reason: str


def discover_inputs(inputs: Iterable[Path], suffixes: tuple[str, ...] = (".txt",)) -> tuple[list[Path], list[IgnoredFile]]:
    """The .txt files to process, and every other file in the input folders, so that a
    PDF or image dropped into the corpus is reported instead of silently ignored."""
    inputs = list(inputs)
    paths = discover(inputs, suffixes)
    ignored: list[IgnoredFile] = []
    for item in map(Path, inputs):
        if item.is_dir():
            for child in sorted(item.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and child.suffix.lower() not in suffixes:
                    ignored.append(IgnoredFile(child, f"not a {'/'.join(suffixes)} file; not processed"))
    return paths, ignored


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _folder_fingerprint(folder: Path) -> list[tuple[str, int, int]]:
    return sorted(
        (str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()
    )


def model_identity(name: str, revision: Optional[str]) -> dict:
    """Name and revision; for a local folder (no hub revision) its files' sizes and
    mtimes, so replacing the weights in place counts as a model change."""
    identity: dict = {"name": name, "revision": revision}
    folder = Path(name).expanduser()
    if folder.is_dir():
        identity["files"] = _folder_fingerprint(folder)
    return identity


def model_key(translator: Translator) -> str:
    options: TranslationOptions = translator.options
    payload = {
        "model": model_identity(translator.name, translator.revision),
        "beam": options.beam,
        "max_input_tokens": options.max_input_tokens,
        # Different backends and precisions give different outputs (int8 is not float32).
        "backend": options.backend,
        "ct2_compute_type": options.ct2_compute_type if options.backend == "ctranslate2" else None,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def config_hash(translator_model_key: str, source_language: str, spacy_model: str, spacy_version: Optional[str]) -> str:
    payload = {
        "toolkit": __version__,
        "source_language": source_language,
        "spacy_model": spacy_model,
        "spacy_version": spacy_version,
        "model_key": translator_model_key,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


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


def run_id_for(started_wall: float) -> str:
    """A sortable, file-name-safe timestamp; the pid keeps two runs in one instant apart."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(started_wall))
    return f"{stamp}.{int(started_wall * 1e6) % 1_000_000:06d}Z-{os.getpid()}"


def iso(timestamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))
