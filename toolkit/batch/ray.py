"""`toolkit translate --engine ray`: the same batch job, scheduled on a Ray cluster.

Ray only schedules: `RayEngine` implements the two steps of toolkit.batch.engine's
`Engine` (`prepare_chunk`, `translate_chunk`); the stages are the library's own and the
batch bookkeeping is `toolkit.batch.job.run_translate`'s, unchanged:

- the driver plans the run (manifest skips, `--force`), holds the output folder's lock,
  and is the only process that touches the manifest, the sentence cache and the output
  files, so the manifest stays consistent however many workers finish at once, and
  every output is written atomically (toolkit.formats.atomic) by one process;
- the CPU stages (ingest → clean → segment) run as one Ray task per article; each worker
  process loads spaCy once and keeps it (`_nlp_for`), Ray reuses worker processes;
- translation runs in a pool of actors, each loading the MarianMT model once. A chunk's
  articles are split across the actors; each actor runs the pipeline's own translation
  step (`pipeline.translate_or_fail_alone` → `translate_articles`), which batches the
  sentences of all its articles by token budget, and a bad article fails alone there
  exactly as in a local run;
- the driver consults the sentence cache before sending a chunk (the actor answers
  those sentences without the model) and stores the fresh translations an actor returns;
- alignment, checks and rendering then run on the driver (`TranslateJob`, as for the local engine).

Failures: an actor process that dies is restarted by Ray (`max_restarts`) and its call
retried (`max_task_retries`); a CPU-stage task whose worker dies is retried
(`max_retries`). Nothing is written for a chunk until its translations are back, so a
lost worker never leaves partial outputs. If Ray gives up, the run stops with
`RayEngineError`; the chunk's articles stay `pending` and a rerun finishes them.

Ray is an optional dependency (`pip install .[ray]`), imported only when this engine runs.
"""

from __future__ import annotations

import math
import os
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence

from toolkit.batch.engine import ChunkItem, Engine, RunContext
from toolkit.batch.job import ARTICLES_PER_CHUNK, run_translate
from toolkit.batch.manifest import CachedTranslation
from toolkit.batch.report import ProgressCallback, RunSummary
from toolkit.batch.cache import CachedTranslator
from toolkit.batch.stop import RunInterrupted
from toolkit.config import Config
from toolkit.document import Article
from toolkit.errors import ConfigError, IngestError, ModelUnavailableError, ToolkitError
from toolkit.paths import PACKAGE_DIR, REPO_DIR
from toolkit.pipeline import prepare_article, translate_or_fail_alone
from toolkit.segment.spacy_loader import load_nlp
from toolkit.translate.backends import load_translator
from toolkit.translate.stage import sentence_inputs
from toolkit.translate.translator import Translator, TranslationOptions, TranslationOutput

RAY_INSTALL_HINT = "pip install .[ray]"

# Test-only fault injection: when this variable names a file path, the first translation
# actor call that manages to create that file kills its own process (os._exit) before
# translating, as a worker lost mid-batch would. Exactly one call dies per path (the
# file is created with O_EXCL); Ray must restart the actor and retry the call.
FAULT_EXIT_ONCE_ENV = "TOOLKIT_RAY_TEST_EXIT_ONCE_MARKER"

# How often the driver looks at `should_stop` while it waits for the cluster.
_POLL_SECONDS = 0.5


class RayUnavailableError(ConfigError):
    """--engine ray was asked for but Ray is not installed."""


class RayEngineError(ToolkitError):
    """The cluster could not finish a chunk (a worker lost more often than Ray retries)."""


@dataclass(frozen=True)
class RayOptions:
    address: Optional[str] = None  # None: start a local cluster; "auto" or "ray://host:10001" to join one
    workers: int = 2  # translation actors, each holding one copy of the model
    gpus_per_worker: float = 0.0  # fractional GPUs let several actors share one card
    cpus_per_worker: float = 1.0  # also the torch thread count Ray gives each actor
    cpus_per_article_task: float = 1.0
    max_restarts: int = 3  # times Ray restarts a translation actor whose process died
    max_task_retries: int = 3  # times a call on a restarted actor is retried
    max_retries: int = 3  # times a CPU-stage task is retried when its worker dies
    # Local cluster only: logical CPUs (default: the actors' share plus one for the CPU
    # stages, so preparation never waits for an actor to let go of its CPU).
    local_num_cpus: Optional[int] = None
    local_object_store_bytes: int = 256 * 1024 * 1024


def require_ray():
    """Import Ray, or explain how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise RayUnavailableError(
            f"--engine ray needs Ray, which is an optional dependency: `{RAY_INSTALL_HINT}` "
            f"(or `pip install 'ray>=2.9'`); the default `--engine local` needs nothing more"
        ) from exc
    return ray


def connect(options: RayOptions) -> bool:
    """Join the cluster at `options.address`, or start a local one when it is None.

    Returns True when this call started/joined (the caller then shuts Ray down), False
    when Ray was already initialised in this process (its owner shuts it down).
    Workers import this very toolkit: a local cluster gets it on PYTHONPATH, a remote
    one gets the package shipped as a runtime_env `py_modules` entry.
    """
    ray = require_ray()
    if ray.is_initialized():
        return False
    import logging

    if options.address is None:
        root = str(REPO_DIR)
        pythonpath = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
        cpus = options.local_num_cpus or math.ceil(options.workers * options.cpus_per_worker + options.cpus_per_article_task)
        ray.init(
            address="local",  # never attach to a cluster named by RAY_ADDRESS by accident
            num_cpus=cpus,
            object_store_memory=options.local_object_store_bytes,
            include_dashboard=False,
            logging_level=logging.WARNING,
            log_to_driver=False,
            runtime_env={"env_vars": {"PYTHONPATH": pythonpath}},
        )
    else:
        ray.init(
            address=options.address,
            logging_level=logging.WARNING,
            log_to_driver=False,
            runtime_env={"py_modules": [str(PACKAGE_DIR)]},
        )
    return True


# --- worker side --------------------------------------------------------------------

_NLP_BY_MODEL: dict[str, Any] = {}


def _nlp_for(spacy_model: str):
    """spaCy loaded once per worker process (Ray reuses processes across tasks)."""
    if spacy_model not in _NLP_BY_MODEL:
        _NLP_BY_MODEL[spacy_model] = load_nlp(spacy_model)
    return _NLP_BY_MODEL[spacy_model]


def prepare_on_worker(path: str, article_id: str, language: str, spacy_model: str) -> "Article | str":
    """The CPU stages of one article; an unusable file gives its error message, as the
    local engine records it (IngestError), instead of failing the task."""
    try:
        return replace(prepare_article(Path(path), _nlp_for(spacy_model), language), id=article_id)
    except IngestError as exc:
        return str(exc)


class ShardCache:
    """The sentence cache as an actor sees it: what the driver found in the manifest, plus
    what this shard translates, kept so the driver can store it. It offers the manifest's
    two cache calls, so `toolkit.batch.cache.CachedTranslator` serves both engines."""

    def __init__(self, known: dict[str, CachedTranslation]):
        self._known = dict(known)
        self.fresh: list[tuple[str, CachedTranslation]] = []

    def cached_translations(self, key: str, texts: Sequence[str]) -> dict[str, CachedTranslation]:
        return {t: self._known[t] for t in texts if t in self._known}

    def store_translations(self, key: str, items: Sequence[tuple[str, CachedTranslation]]) -> None:
        self.fresh.extend(items)
        self._known.update(items)


@dataclass(frozen=True)
class ShardResult:
    outcomes: tuple  # per article: the translated Article, or the error message
    fresh: tuple[tuple[str, CachedTranslation], ...]
    cache_hits: int
    model_inputs: int


@dataclass(frozen=True)
class ModelDescription:
    name: str
    revision: Optional[str]
    options: TranslationOptions
    device: str


def _exit_if_fault_injected() -> None:
    marker = os.environ.get(FAULT_EXIT_ONCE_ENV)
    if not marker:
        return
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    os._exit(1)


class TranslationWorker:
    """The actor: one model per process, loaded in __init__ (again after a restart)."""

    def __init__(self, model: str, options: TranslationOptions):
        self._error: Optional[str] = None
        self._translator: Optional[Translator] = None
        try:
            self._translator = load_translator(model, options)
        except ModelUnavailableError as exc:
            # Kept, not raised: a constructor error would make Ray restart the actor in a
            # loop; `describe` reports it to the driver instead.
            self._error = str(exc)

    def _loaded(self) -> Translator:
        if self._translator is None:
            raise ModelUnavailableError(self._error or "model not loaded")
        return self._translator

    def describe(self) -> ModelDescription:
        t = self._loaded()
        return ModelDescription(t.name, t.revision, t.options, t.device)

    def translate_articles(self, articles: Sequence[Article], known: dict[str, CachedTranslation]) -> ShardResult:
        _exit_if_fault_injected()
        cache = ShardCache(known)
        translator = CachedTranslator(self._loaded(), cache, key="")
        outcomes = translate_or_fail_alone(list(articles), translator)
        return ShardResult(tuple(outcomes), tuple(cache.fresh), translator.cache_hits, translator.model_inputs)

    def translate_batch(self, texts: Sequence[str]) -> list[TranslationOutput]:
        return self._loaded().translate_batch(texts)

    def count_tokens(self, text: str) -> int:
        return self._loaded().count_tokens(text)


# --- driver side --------------------------------------------------------------------


class PoolTranslator:
    """The Translator the driver hands to `run_translate`: the model's identity (for the
    manifest's config hash and the run report) and, should anything on the driver need
    it, translation by the first actor. Chunks do not go through it (see RayEngine)."""

    def __init__(self, description: ModelDescription, actors: Sequence[Any]):
        self.name, self.revision, self.options = description.name, description.revision, description.options
        self.device = description.device
        self._actors = list(actors)

    def count_tokens(self, text: str) -> int:
        return require_ray().get(self._actors[0].count_tokens.remote(text))

    def translate_batch(self, texts: Sequence[str], progress: Optional[Callable[[int], None]] = None) -> list[TranslationOutput]:
        outputs = require_ray().get(self._actors[0].translate_batch.remote(list(texts)))
        if progress is not None:
            progress(len(texts))
        return outputs


def shard_by_sentences(sizes: Sequence[int], shards: int) -> list[list[int]]:
    """Split article indices into at most `shards` groups of similar sentence counts
    (largest first onto the lightest group); each group keeps chunk order."""
    groups: list[list[int]] = [[] for _ in range(max(1, min(shards, len(sizes))))]
    loads = [0] * len(groups)
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        g = loads.index(min(loads))
        groups[g].append(i)
        loads[g] += max(1, sizes[i])
    return [sorted(g) for g in groups if g]


class RayEngine(Engine):
    """The Engine (toolkit.batch.engine) whose chunks are prepared by Ray tasks and
    translated by the actor pool; planning, whole-article pass-through of foreign
    articles, manifest records, writing and failures stay the job's, as for the local engine."""

    def __init__(self, actors: Sequence[Any], options: RayOptions):
        self._ray = require_ray()
        self._actors = list(actors)
        self._prepare = self._ray.remote(prepare_on_worker).options(
            num_cpus=options.cpus_per_article_task, max_retries=options.max_retries
        )
        self._prefetched: dict[ChunkItem, Any] = {}

    def _submit_prepare(self, run: RunContext, items: Sequence[ChunkItem]) -> None:
        for item in items:
            if item not in self._prefetched:
                self._prefetched[item] = self._prepare.remote(
                    str(item.path), item.article_id, run.config.source_language, run.config.language.spacy_model
                )

    def _wait(self, run: RunContext, refs: Sequence[Any]) -> list[Any]:
        """ray.get, but looking at `should_stop` while waiting; on a stop the work in
        flight is cancelled and the chunk abandoned."""
        pending = list(refs)
        while pending:
            if run.should_stop():
                self._cancel(pending)
                raise RunInterrupted()
            _, pending = self._ray.wait(pending, num_returns=len(pending), timeout=_POLL_SECONDS)
        try:
            return self._ray.get(list(refs))
        except (self._ray.exceptions.RayActorError, self._ray.exceptions.WorkerCrashedError) as exc:
            raise RayEngineError(f"a Ray worker was lost more times than Ray retries: {exc}") from exc

    def _cancel(self, refs: Sequence[Any]) -> None:
        """Best effort on a stop: the chunk is abandoned whether or not Ray can cancel
        (a running actor call finishes; its result is simply not used)."""
        for ref in refs:
            try:
                self._ray.cancel(ref, force=False)
            except Exception:  # noqa: BLE001 - cancelling is an optimisation here
                pass

    def prepare_chunk(self, run: RunContext, chunk: Sequence[ChunkItem], upcoming: Sequence[ChunkItem]) -> list["Article | str"]:
        self._submit_prepare(run, chunk)
        # Overlap: the next chunk's CPU stages run while this one is translated.
        self._submit_prepare(run, upcoming)
        return self._wait(run, [self._prefetched.pop(item) for item in chunk])

    def translate_chunk(self, run: RunContext, articles: Sequence[Article], on_translated: Callable[[int], None]) -> list["Article | str"]:
        if not articles:
            return []
        groups = shard_by_sentences([len(a.sentences) for a in articles], len(self._actors))
        refs = []
        for actor, group in zip(self._actors, groups):
            shard = [articles[i] for i in group]
            # The inputs the translation step builds; pieces of over-long sentences and the
            # quote fallback's are not known before the tokenizer runs, so the actor
            # translates those and a rerun may ask the model for them again.
            wanted = [text for a in shard for text in sentence_inputs(a)]
            known = run.manifest.cached_translations(run.translator.key, wanted) if run.translator.read_cache else {}
            refs.append(actor.translate_articles.remote(shard, known))
        outcomes: list = [None] * len(articles)
        by_ref = {ref: group for ref, group in zip(refs, groups)}
        pending = list(refs)
        while pending:
            if run.should_stop():
                self._cancel(pending)
                raise RunInterrupted()
            done, pending = self._ray.wait(pending, num_returns=1, timeout=_POLL_SECONDS)
            for ref in done:
                shard_result: ShardResult = self._wait(run, [ref])[0]
                # Stored as soon as a shard is back: work finished before a crash or a
                # stop is not paid for twice (same as the local engine's cache).
                if shard_result.fresh:
                    run.manifest.store_translations(run.translator.key, list(shard_result.fresh))
                run.translator.cache_hits += shard_result.cache_hits
                run.translator.model_inputs += shard_result.model_inputs
                group = by_ref[ref]
                for i, outcome in zip(group, shard_result.outcomes):
                    outcomes[i] = outcome
                try:
                    on_translated(sum(len(articles[i].sentences) for i in group))
                except RunInterrupted:
                    self._cancel(pending)
                    raise
        return outcomes


@contextmanager
def translation_pool(model: str, options: TranslationOptions, ray_options: RayOptions) -> Iterator[tuple[PoolTranslator, list]]:
    """Start the actors, wait until every one has loaded the model, and stop them after."""
    ray = require_ray()
    actor_class = ray.remote(TranslationWorker)
    actor_options: dict[str, Any] = {
        "num_cpus": ray_options.cpus_per_worker,
        "num_gpus": ray_options.gpus_per_worker,
        "max_restarts": ray_options.max_restarts,
        "max_task_retries": ray_options.max_task_retries,
    }
    if os.environ.get(FAULT_EXIT_ONCE_ENV):
        actor_options["runtime_env"] = {"env_vars": {FAULT_EXIT_ONCE_ENV: os.environ[FAULT_EXIT_ONCE_ENV]}}
    actors = [actor_class.options(**actor_options).remote(model, options) for _ in range(max(1, ray_options.workers))]
    try:
        try:
            descriptions = ray.get([a.describe.remote() for a in actors])
        except ModelUnavailableError as exc:
            # Ray re-raises the actor's exception as a subclass of it; keep only the message.
            raise ModelUnavailableError(str(exc.args[0]) if exc.args else str(exc)) from None
        yield PoolTranslator(descriptions[0], actors), actors
    finally:
        for actor in actors:
            ray.kill(actor, no_restart=True)


def run_translate_on_ray(
    inputs: Sequence[Path],
    out_dir: Path,
    config: Config,
    ray_options: RayOptions = RayOptions(),
    progress: Optional[ProgressCallback] = None,
    *,
    model: Optional[str] = None,
    options: Optional[TranslationOptions] = None,
    nlp=None,
    force: bool = False,
    should_stop: Optional[Callable[[], bool]] = None,
    articles_per_chunk: int = ARTICLES_PER_CHUNK,
    lock_wait_seconds: Optional[float] = 0.0,
) -> RunSummary:
    """`toolkit.batch.job.run_translate` with the work scheduled on Ray: same arguments, same
    output files, manifest, cache and summary. `model`/`options` default to the config's
    (`config.language.model`, `config.translate`)."""
    started_here = connect(ray_options)
    try:
        with translation_pool(model or config.language.model, options or config.translate, ray_options) as (translator, actors):
            return run_translate(
                inputs, out_dir, config, translator, nlp, progress, force=force, should_stop=should_stop,
                articles_per_chunk=articles_per_chunk, lock_wait_seconds=lock_wait_seconds,
                engine=RayEngine(actors, ray_options),
            )
    finally:
        if started_here:
            require_ray().shutdown()
