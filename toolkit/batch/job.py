"""The batch job over an output folder: `run_analyze` and the resumable `run_translate`.

Both write each article's outputs as soon as they are ready, so an interrupted run keeps
what it finished. `run_translate` holds the folder's lock, records every article in the
manifest (toolkit.batch.manifest), skips articles already done with the same content and
configuration, answers repeated sentences from the translation cache, and stops cleanly
between batches when `should_stop()` says so (docs/batch.md). Its chunks are prepared and
translated by an engine (toolkit.batch.engine: local, or Ray); everything else is here.
Nothing here prints: progress goes to an optional callback.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from toolkit.batch.engine import ChunkItem, Engine, LocalEngine, RunContext
from toolkit.batch.fingerprints import config_hash, file_sha256, model_key
from toolkit.batch.folder import translated_on_disk, whole_folder, write_article_outputs, write_folder_index, write_folder_tmx
from toolkit.batch.inputs import discover_inputs, source_key, unique_ids
from toolkit.batch.manifest import RUNS_DIR, STATUS_DONE, STATUS_FAILED, ArticleRecord, Manifest, OutputLock, ensure_output_dir
from toolkit.batch.report import ArticleResult, ProgressCallback, ProgressEvent, RunSummary, run_id_for, run_report
from toolkit.batch.cache import CachedTranslator
from toolkit.batch.speaker_index import write_speaker_index
from toolkit.batch.stop import RunInterrupted, stop_raising
from toolkit.config import Config
from toolkit.document import Article
from toolkit.errors import ConfigError, IngestError
from toolkit.formats.atomic import write_text_atomic
from toolkit.ingest.text import discover
from toolkit.pipeline import align_and_check, prepare_articles
from toolkit.segment.spacy_loader import load_nlp
from toolkit.translate.translator import Translator

# Articles translated together: large enough to fill batches across articles, small
# enough that a crash loses little and outputs appear steadily.
ARTICLES_PER_CHUNK = 16
# Files larger than this (a long article is ~50 kB) are translated alone, after the others.
HUGE_ARTICLE_BYTES = 1_000_000


def run_analyze(
    inputs: Sequence[Path], out_dir: Path, config: Config, nlp=None, progress: Optional[ProgressCallback] = None
) -> RunSummary:
    """Every stage but translation: JSON with `translation: null`, HTML, index.

    Takes the output folder's lock like `run_translate` (a translate run may be writing
    there), and never replaces a translated article with an untranslated one: such an
    article is left as it is and reported as skipped.
    """
    started = time.perf_counter()
    paths = discover(inputs)
    ensure_output_dir(out_dir)
    with OutputLock(out_dir, 0.0):
        nlp = nlp or load_nlp(config.language.spacy_model)
        results = []
        for r in _prepare_all(paths, config, nlp, progress):
            if not r.ok:
                results.append(r)
            elif translated_on_disk(out_dir, r.article_id):
                results.append(ArticleResult(path=r.path, article_id=r.article_id, article=r.article, skipped=True))
                if progress:
                    progress(ProgressEvent("article_skipped", article_id=r.article_id,
                                           message="already translated in this folder; kept"))
            else:
                results.append(write_article_outputs(r, out_dir, progress, config.xliff))
        index = write_folder_index(results, out_dir)
        write_speaker_index(out_dir)
    sentences = sum(len(r.article.sentences) for r in results if r.article)
    return RunSummary(results=tuple(results), sentences=sentences, seconds=time.perf_counter() - started, index=index)


def _prepare_all(
    paths: Sequence[Path], config: Config, nlp, progress: Optional[ProgressCallback]
) -> list[ArticleResult]:
    results = []
    named = list(zip(paths, unique_ids(paths)))
    for offset in range(0, len(named), ARTICLES_PER_CHUNK):
        chunk = named[offset : offset + ARTICLES_PER_CHUNK]
        for (path, article_id), prepared in zip(chunk, prepare_articles([p for p, _ in chunk], nlp, config.source_language)):
            if isinstance(prepared, IngestError):
                results.append(ArticleResult(path=path, article_id=article_id, error=str(prepared)))
                if progress:
                    progress(ProgressEvent("article_failed", article_id=article_id, message=str(prepared)))
                continue
            article = replace(prepared, id=article_id)
            results.append(ArticleResult(path=path, article_id=article_id, article=article))
            if progress:
                progress(ProgressEvent("article_prepared", article_id=article_id, count=len(article.sentences)))
    return results


def run_translate(
    inputs: Sequence[Path],
    out_dir: Path,
    config: Config,
    translator: Translator,
    nlp=None,
    progress: Optional[ProgressCallback] = None,
    *,
    force: bool = False,
    should_stop: Optional[Callable[[], bool]] = None,
    articles_per_chunk: int = ARTICLES_PER_CHUNK,
    lock_wait_seconds: Optional[float] = 0.0,
    engine: Optional[Engine] = None,
) -> RunSummary:
    """Translate the articles that are new or changed since the last run into `out_dir`.

    Articles are prepared, translated and written `articles_per_chunk` at a time; each
    is marked done in the manifest right after its files are in place. `force` redoes
    every article and bypasses (but refreshes) the sentence cache. `should_stop` is
    polled between articles and translation batches: when it returns True the current
    chunk is abandoned, everything finished stays recorded, and the summary says
    `interrupted`; a stop while waiting for the lock raises RunInterrupted (nothing was
    done). Raises OutputDirError / OutputBusyError when the folder is unusable
    or another run holds it (`lock_wait_seconds`: 0 = fail at once, None = wait).
    `engine` prepares and translates the chunks (default: LocalEngine, in this process;
    toolkit.batch.ray's RayEngine schedules them on Ray) while the planning, manifest,
    writing, index and summary stay these.
    """
    if articles_per_chunk < 1:
        raise ConfigError(f"articles per chunk must be at least 1, got {articles_per_chunk}")
    started, started_wall = time.perf_counter(), time.time()
    emit = progress or (lambda event: None)
    stop = should_stop or (lambda: False)
    paths, ignored = discover_inputs(inputs)
    out_dir = ensure_output_dir(out_dir)
    def on_lock_wait(holder: str) -> None:
        emit(ProgressEvent("lock_wait", message=f"waiting for the run that holds {out_dir} ({holder})"))

    lock = OutputLock(out_dir, lock_wait_seconds, on_wait=on_lock_wait)
    with stop_raising(stop):  # a stop while another run holds the folder: nothing is done yet
        lock.acquire()
    with lock, Manifest.open(out_dir) as manifest:
        nlp = nlp or load_nlp(config.language.spacy_model)
        key = model_key(translator)
        run_config = config_hash(key, config.source_language, config.language.spacy_model, getattr(nlp, "meta", {}).get("version"))
        run_id = run_id_for(started_wall)
        manifest.start_run(run_id, started_wall)
        for item in ignored:
            emit(ProgressEvent("file_ignored", article_id=str(item.path), message=item.reason))

        run = RunContext(config, nlp, CachedTranslator(translator, manifest, key, read_cache=not force), manifest, stop)
        job = TranslateJob(out_dir, run, engine or LocalEngine(), run_config, run_id, emit)
        results, earlier, todo = job.plan(paths, force)
        emit(ProgressEvent("run_started", count=len(todo), total=len(paths)))
        interrupted = False
        chunks = list(chunks_for(todo, articles_per_chunk))
        for number, chunk in enumerate(chunks):
            try:
                if stop():
                    raise RunInterrupted()
                results.update(job.process_chunk(chunk, chunks[number + 1] if number + 1 < len(chunks) else []))
            except RunInterrupted:
                interrupted = True
                break
        ordered = [results.get(path) or ArticleResult(path, article_id, pending=True) for path, article_id in zip(paths, job.article_ids)]
        # The index and corpus.tmx describe the whole folder, not just this run's inputs:
        # articles that earlier runs wrote from other input folders stay listed.
        folder, folder_earlier = whole_folder(ordered, earlier, manifest, out_dir)
        index = write_folder_index(folder, out_dir, folder_earlier)
        write_folder_tmx(folder, out_dir, config.source_language)
        summary = RunSummary(
            results=tuple(ordered),
            sentences=job.sentences,
            seconds=time.perf_counter() - started,
            index=index,
            cache_hits=run.translator.cache_hits,
            model_inputs=run.translator.model_inputs,
            ignored=tuple(ignored),
            interrupted=interrupted,
        )
        report = run_report(summary, run_id, started_wall, translator, run_config)
        summary_path = out_dir / RUNS_DIR / f"{run_id}.json"
        write_text_atomic(summary_path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        manifest.finish_run(run_id, time.time(), report)
        write_speaker_index(out_dir)  # last: a bad speakers.toml must not cost the run its records
        emit(ProgressEvent("run_interrupted" if interrupted else "run_finished", count=len(summary.succeeded), total=len(paths)))
        return replace(summary, summary_path=summary_path)


def chunks_for(todo: Sequence[ChunkItem], articles_per_chunk: int) -> Iterator[list[ChunkItem]]:
    """The chunks of a run: articles in input order, `articles_per_chunk` at a time, except
    that a file of more than HUGE_ARTICLE_BYTES goes alone after all the others, so that
    the minutes a huge article takes never hold back the writing of ordinary ones."""
    def size(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError:
            return 0  # unreadable: it fails in its chunk like any other

    huge = [item for item in todo if size(item.path) > HUGE_ARTICLE_BYTES]
    ordinary = [item for item in todo if item not in huge]
    for offset in range(0, len(ordinary), articles_per_chunk):
        yield ordinary[offset : offset + articles_per_chunk]
    for item in huge:
        yield [item]


@dataclass(frozen=True)
class _Prepared:
    """A chunk item its engine prepared, waiting for its translation."""

    item: ChunkItem
    source_sha256: str  # as read when prepared (the file may have changed since planning)
    article: Article
    began: float  # when its chunk's preparation began: the manifest's started_at


class TranslateJob:
    """The per-run state of run_translate: plans what to redo, processes chunks with its engine."""

    def __init__(self, out_dir: Path, run: RunContext, engine: Engine, run_config: str, run_id: str, emit: ProgressCallback):
        self.out_dir, self.run, self.engine = out_dir, run, engine
        self.manifest, self.nlp, self.config = run.manifest, run.nlp, run.config
        self.run_config, self.run_id, self.emit = run_config, run_id, emit
        self.sentences = 0  # sentences of the articles translated by this run
        self.article_ids: list[str] = []  # of the planned paths, in order
        self._superseded: dict[Path, tuple[str, ...]] = {}  # outputs under an article's former id
        self._sentences_seen = 0
        self._translated_count = 0

    def plan(self, paths: Sequence[Path], force: bool) -> tuple[dict[Path, ArticleResult], dict[Path, ArticleRecord], list[ChunkItem]]:
        """Skip what is done and unchanged; return (results so far, their records, to do)."""
        results: dict[Path, ArticleResult] = {}
        earlier: dict[Path, ArticleRecord] = {}
        todo: list[ChunkItem] = []
        records = {r.source_path: r for r in self.manifest.records()}
        self.article_ids = unique_ids(paths, taken={r.article_id: r.source_path for r in records.values()})
        keys = {source_key(p) for p in paths}
        in_use = set(self.article_ids) | {r.article_id for key, r in records.items() if key not in keys}
        for path, article_id in zip(paths, self.article_ids):
            previous = records.get(source_key(path))
            if previous is not None and previous.article_id != article_id and previous.article_id not in in_use:
                # Its outputs would be orphans once the article is written under its new id.
                self._superseded[path] = previous.outputs
            try:
                sha = file_sha256(path)
            except OSError as exc:
                results[path] = self._fail(path, article_id, None, f"cannot read file: {exc.strerror or exc}", time.time())
                continue
            record = previous
            if not force and record is not None and self._still_done(record, article_id, sha):
                earlier[path] = record
                results[path] = ArticleResult(path, article_id, outputs=tuple(self.out_dir / o for o in record.outputs), skipped=True)
                self.emit(ProgressEvent("article_skipped", article_id=article_id))
            else:
                todo.append(ChunkItem(path, article_id, sha))
        self.manifest.mark_pending([(source_key(i.path), i.article_id, i.source_sha256) for i in todo], self.run_config, self.run_id)
        return results, earlier, todo

    def _still_done(self, record: ArticleRecord, article_id: str, sha: str) -> bool:
        return (
            record.status == STATUS_DONE
            and record.source_sha256 == sha
            and record.config_hash == self.run_config
            and record.article_id == article_id
            and all((self.out_dir / o).is_file() for o in record.outputs)
        )

    def process_chunk(self, chunk: Sequence[ChunkItem], upcoming: Sequence[ChunkItem] = ()) -> dict[Path, ArticleResult]:
        """Prepare, translate and write one chunk; the results of its articles."""
        results: dict[Path, ArticleResult] = {}
        began = time.time()  # its articles are prepared together: they share the start
        ready: list[_Prepared] = []
        for item, outcome in zip(chunk, self.engine.prepare_chunk(self.run, chunk, upcoming)):
            if isinstance(outcome, str):
                results[item.path] = self._fail(item.path, item.article_id, item.source_sha256, outcome, began)
                continue
            # The content read now, not at planning: a file rewritten in between is
            # recorded as what was translated.
            ready.append(_Prepared(item, outcome.source.sha256, outcome, began))
            self._sentences_seen += len(outcome.sentences)
            self.emit(ProgressEvent("article_prepared", article_id=item.article_id, count=len(outcome.sentences)))
        translated = self.engine.translate_chunk(self.run, [p.article for p in ready], self._on_translated)
        for p, outcome in zip(ready, translated):
            if isinstance(outcome, str):
                results[p.item.path] = self._fail(p.item.path, p.item.article_id, p.source_sha256, outcome, p.began)
                continue
            results[p.item.path] = self._write_done(p, outcome)
        return results

    def _on_translated(self, n: int) -> None:
        self._translated_count += n
        self.emit(ProgressEvent("sentences_translated", count=self._translated_count, total=self._sentences_seen))
        if self.run.should_stop():
            raise RunInterrupted()

    def _write_done(self, prepared: _Prepared, article: Article) -> ArticleResult:
        path, article_id, sha, began = prepared.item.path, prepared.item.article_id, prepared.source_sha256, prepared.began
        # The reviewer checks run here, on the driver, for every engine (Ray's too): the
        # driver's spaCy pipeline parses the French in one batch per article.
        aligned = align_and_check(article, self.nlp)
        try:
            result = write_article_outputs(ArticleResult(path=path, article_id=article_id, article=aligned), self.out_dir, self.emit, self.config.xliff)
        except OSError as exc:
            return self._fail(path, article_id, sha, f"cannot write outputs: {exc.strerror or exc}", began)
        finished = time.time()
        model = aligned.model
        self.manifest.mark_done(
            ArticleRecord(
                source_path=source_key(path), article_id=article_id, source_sha256=sha, config_hash=self.run_config,
                model_name=model.name if model else None, model_revision=model.revision if model else None,
                status=STATUS_DONE, title=aligned.title, sentences=len(aligned.sentences),
                outputs=tuple(str(o.relative_to(self.out_dir)) for o in result.outputs),
                started_at=began, finished_at=finished, seconds=round(finished - began, 3), run_id=self.run_id,
            )
        )
        self.sentences += len(aligned.sentences)
        written = {str(o.relative_to(self.out_dir)) for o in result.outputs}
        for stale in self._superseded.pop(path, ()):
            if stale not in written:
                (self.out_dir / stale).unlink(missing_ok=True)
        return result

    def _fail(self, path: Path, article_id: str, sha: Optional[str], error: str, began: float) -> ArticleResult:
        finished = time.time()
        self.manifest.mark_failed(
            ArticleRecord(
                source_path=source_key(path), article_id=article_id, source_sha256=sha, config_hash=self.run_config,
                model_name=None, model_revision=None, status=STATUS_FAILED, error=error,
                started_at=began, finished_at=finished, seconds=round(finished - began, 3), run_id=self.run_id,
            )
        )
        self.emit(ProgressEvent("article_failed", article_id=article_id, message=error))
        return ArticleResult(path=path, article_id=article_id, error=error)
