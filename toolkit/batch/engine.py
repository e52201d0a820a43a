"""Engines: what schedules the two heavy steps of a translate run's chunks.

The translate job (toolkit.batch.job) plans the run, keeps the manifest and the cache,
and writes every output; for each chunk it asks its engine for two things only:

- `prepare_chunk`: the CPU stages (ingest → clean → segment → quotes) of the chunk's
  articles, each Article with its article id set, or the error message of a file that
  cannot be used;
- `translate_chunk`: the translation of prepared articles (the pipeline's
  `translate_or_fail_alone`), each Article translated, or the error message of an
  article that failed alone.

`LocalEngine` runs both in this process; toolkit.batch.ray's `RayEngine` schedules them on
a Ray cluster. Either may raise RunInterrupted (toolkit.batch.stop) when
`run.should_stop()` says so: the job then abandons the chunk.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from toolkit.batch.cache import CachedTranslator
from toolkit.batch.manifest import Manifest
from toolkit.batch.stop import stop_raising
from toolkit.config import Config
from toolkit.document import Article
from toolkit.errors import IngestError
from toolkit.pipeline import prepare_articles, translate_or_fail_alone


@dataclass(frozen=True)
class ChunkItem:
    """One article to do in a translate run, as planned."""

    path: Path  # the source file
    article_id: str  # the name of its outputs in the output folder
    source_sha256: str  # the file's content when the run was planned


@dataclass(frozen=True)
class RunContext:
    """What an engine may use of the run it serves."""

    config: Config
    nlp: Any  # the driver's spaCy pipeline
    translator: CachedTranslator  # the model behind the run's sentence cache; counts hits and model inputs
    manifest: Manifest  # holds the sentence cache (`cached_translations` / `store_translations`)
    should_stop: Callable[[], bool]


class Engine:
    """The two steps a translate run's chunks go through; see the module docstring."""

    def prepare_chunk(self, run: RunContext, chunk: Sequence[ChunkItem], upcoming: Sequence[ChunkItem]) -> list["Article | str"]:
        """Per item of `chunk`, in order: its prepared Article (id set) or why it failed.
        `upcoming` is the next chunk, which an engine may start preparing early."""
        raise NotImplementedError

    def translate_chunk(self, run: RunContext, articles: Sequence[Article], on_translated: Callable[[int], None]) -> list["Article | str"]:
        """Per article, in order: the translated Article or why it failed. Calls
        `on_translated(n)` as n more sentences are translated (it raises RunInterrupted
        on a stop)."""
        raise NotImplementedError


class LocalEngine(Engine):
    """Both steps in this process, with the run's spaCy pipeline and translator."""

    def prepare_chunk(self, run: RunContext, chunk: Sequence[ChunkItem], upcoming: Sequence[ChunkItem]) -> list["Article | str"]:
        with stop_raising(run.should_stop):
            prepared = prepare_articles([item.path for item in chunk], run.nlp, run.config.source_language)
        return [
            str(article) if isinstance(article, IngestError) else replace(article, id=item.article_id)
            for item, article in zip(chunk, prepared)
        ]

    def translate_chunk(self, run: RunContext, articles: Sequence[Article], on_translated: Callable[[int], None]) -> list["Article | str"]:
        return translate_or_fail_alone(list(articles), run.translator, on_translated)
