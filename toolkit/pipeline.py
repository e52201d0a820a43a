"""The pipeline: stages composed over Articles, and the runs the CLI exposes.

    ingest → clean → segment → quotes → translate → carry quotes → align → render

`prepare_article` runs the stages that need no translation model; `run_analyze` and
`run_translate` process whole corpora, writing each article's outputs as soon as they
are ready, so an interrupted run keeps what it finished. Nothing here prints: progress
goes to an optional callback.

`run_translate` is a batch job over an output folder (docs/batch.md): it holds the
folder's lock, records every article in the manifest (toolkit.batch.manifest), skips articles
already done with the same content and configuration, answers repeated sentences from
the translation cache, and stops cleanly between batches when `should_stop()` says so.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from toolkit.align.beads import align_translations
from toolkit.checks.stage import check_translations
from toolkit.batch.run import (
    CachedTranslator,
    IgnoredFile,
    RunInterrupted,
    stop_raising,
    RUN_SCHEMA,
    article_flags_after_translation,
    config_hash,
    pass_through_foreign,
    discover_inputs,
    file_sha256,
    iso,
    model_key,
    run_id_for,
)
from toolkit.clean import clean_article
from toolkit.config import Config
from toolkit.document import Article
from toolkit.errors import ConfigError, IngestError
from toolkit.formats.atomic import write_text_atomic
from toolkit.ingest.html import extract_html_article
from toolkit.ingest.text import discover, read_article
from toolkit.batch.manifest import (
    RUNS_DIR,
    STATUS_DONE,
    STATUS_FAILED,
    ArticleRecord,
    Manifest,
    OutputLock,
    ensure_output_dir,
)
from toolkit.formats.html import write_article
from toolkit.formats.index_page import IndexEntry, index_entry, index_entry_from_json, write_index
from toolkit.batch.speaker_index import write_speaker_index
from toolkit.segment.spacy_loader import load_nlp
from toolkit.formats.tmx import write_corpus_tmx
from toolkit.quotes import extract_quotes
from toolkit.segment.sentences import parse_articles, segment_article
from toolkit.translate.quote_transfer import carry_quotes, quote_aware_inputs
from toolkit.translate.stage import Translator, translate_articles

# Articles translated together: large enough to fill batches across articles, small
# enough that a crash loses little and outputs appear steadily.
ARTICLES_PER_CHUNK = 16
# Files larger than this (a long article is ~50 kB) are translated alone, after the others.
HUGE_ARTICLE_BYTES = 1_000_000


@dataclass(frozen=True)
class ProgressEvent:
    # "lock_wait" (another run holds the output folder) | "run_started" (count = articles to do, total = articles found) | "article_skipped" |
    # "article_prepared" | "article_failed" | "sentences_translated" (count so far, total
    # known so far) | "article_written" | "file_ignored" | "run_interrupted" | "run_finished"
    kind: str
    article_id: Optional[str] = None
    count: int = 0
    total: int = 0
    message: Optional[str] = None


ProgressCallback = Callable[[ProgressEvent], None]


@dataclass(frozen=True)
class ArticleResult:
    path: Path
    article_id: str
    article: Optional[Article] = None
    error: Optional[str] = None
    outputs: tuple[Path, ...] = ()
    skipped: bool = False  # done by an earlier run, unchanged since
    pending: bool = False  # not reached: the run was interrupted first

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        return "failed" if self.error else "pending" if self.pending else "skipped" if self.skipped else "done"


@dataclass(frozen=True)
class RunSummary:
    results: tuple[ArticleResult, ...] = ()
    sentences: int = 0
    seconds: float = 0.0
    index: Optional[Path] = None
    extra: dict = field(default_factory=dict)
    cache_hits: int = 0  # model inputs answered by the translation cache
    model_inputs: int = 0  # model inputs sent to the translator
    ignored: tuple[IgnoredFile, ...] = ()  # files in the input folders that are not .txt
    interrupted: bool = False
    summary_path: Optional[Path] = None  # outputs/runs/<timestamp>.json

    @property
    def failed(self) -> tuple[ArticleResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def succeeded(self) -> tuple[ArticleResult, ...]:
        """Articles whose outputs exist: done by this run or skipped as already done."""
        return tuple(r for r in self.results if r.ok and not r.pending)

    @property
    def skipped(self) -> tuple[ArticleResult, ...]:
        return tuple(r for r in self.results if r.skipped)

    @property
    def pending(self) -> tuple[ArticleResult, ...]:
        return tuple(r for r in self.results if r.pending)


def prepare_article(path: Path, nlp, language: str = "fr") -> Article:
    """Ingest, clean and segment one file. Raises IngestError for unusable input.

    An HTML page saved as .txt is reduced to its main text first (flag `html_extracted`)."""
    [prepared] = prepare_articles([path], nlp, language)
    if isinstance(prepared, IngestError):
        raise prepared
    return prepared


def prepare_articles(paths: Sequence[Path], nlp, language: str = "fr") -> list[Article | IngestError]:
    """`prepare_article` for several files with one spaCy pass over all their paragraphs
    (bigger batches parse faster, same annotations). A file that cannot be used yields
    its IngestError in its place; the others are prepared all the same."""
    cleaned: list[Article | IngestError] = []
    for path in paths:
        try:
            cleaned.append(_with_body(clean_article(extract_html_article(read_article(path, language=language)))))
        except IngestError as exc:
            cleaned.append(exc)
    usable = [a for a in cleaned if isinstance(a, Article)]
    parsed = parse_articles(usable, nlp)
    prepared: list[Article | IngestError] = []
    for article in cleaned:
        if isinstance(article, IngestError):
            prepared.append(article)
            continue
        docs = next(parsed)
        prepared.append(extract_quotes(segment_article(article, docs), docs))
    return prepared


def _with_body(article: Article) -> Article:
    """A file that is all boilerplate is no article: fail it with the reasons, rather than
    write an empty page and report it done."""
    if article.text.strip():
        return article
    reasons = sorted({r.reason for r in article.removed})
    raise IngestError(
        "no article text left after removing boilerplate "
        f"({len(article.removed)} lines removed: {', '.join(reasons) or 'none'})"
    )


def unique_ids(paths: Sequence[Path], taken: Optional[dict[str, str]] = None) -> list[str]:
    """Article ids from file names; two files with one name in different folders must
    not overwrite each other's outputs, so clashes get a short hash of the full path.
    `taken` maps the ids already in the output folder to the source they came from
    (manifest key): a file whose name another source already holds there gets the
    hashed id too, so a second day's `x.txt` never overwrites the first day's `x.json`,
    and the holder keeps its id (its links and outputs stay where they are)."""
    from toolkit.ingest.text import article_id

    ids = [article_id(p) for p in paths]
    seen: dict[str, int] = {}
    for i in ids:
        seen[i] = seen.get(i, 0) + 1
    taken = taken or {}

    def clashes(i: str, p: Path) -> bool:
        holder = taken.get(i)
        return holder != _key(p) and (seen[i] > 1 or holder is not None)

    return [
        f"{i}-{hashlib.sha1(str(p.resolve()).encode()).hexdigest()[:8]}" if clashes(i, p) else i
        for i, p in zip(ids, paths)
    ]


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


def _write(result: ArticleResult, out_dir: Path, progress: Optional[ProgressCallback], xliff_version: str) -> ArticleResult:
    assert result.article is not None
    outputs = tuple(write_article(result.article, out_dir, xliff_version))
    if progress:
        progress(ProgressEvent("article_written", article_id=result.article_id))
    return ArticleResult(path=result.path, article_id=result.article_id, article=result.article, outputs=outputs)


def _index(results: Iterable[ArticleResult], out_dir: Path, earlier: Optional[dict[Path, ArticleRecord]] = None) -> Path:
    """The index page; articles skipped as already done are described from `earlier`
    (their manifest records), so the page is the same whichever run wrote them."""
    earlier = earlier or {}
    entries = []
    for r in results:
        if r.pending:
            continue
        record = earlier.get(r.path) if r.article is None else None
        status = "ok" if r.ok else (r.error or "failed")
        translated = bool(r.article and r.article.model) or bool(record and record.model_name) or (
            r.skipped and r.article is not None and _translated_on_disk(out_dir, r.article_id))
        entry = (
            index_entry(r.article, status, translated) if r.article
            # Skipped as done by an earlier run: described from what that run wrote.
            else index_entry_from_json(out_dir / f"{r.article_id}.json", status) if r.ok else None
        )
        entries.append(entry if entry and entry.id == r.article_id else IndexEntry(
            id=r.article_id,
            title=record.title if record else None,
            sentences=record.sentences if record else 0,
            status=status,
            translated=translated,
        ))
    return write_index(entries, out_dir)


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
            elif _translated_on_disk(out_dir, r.article_id):
                results.append(ArticleResult(path=r.path, article_id=r.article_id, article=r.article, skipped=True))
                if progress:
                    progress(ProgressEvent("article_skipped", article_id=r.article_id,
                                           message="already translated in this folder; kept"))
            else:
                results.append(_write(r, out_dir, progress, config.xliff))
        index = _index(results, out_dir)
        write_speaker_index(out_dir)
    sentences = sum(len(r.article.sentences) for r in results if r.article)
    return RunSummary(results=tuple(results), sentences=sentences, seconds=time.perf_counter() - started, index=index)


def _translated_on_disk(out_dir: Path, article_id: str) -> bool:
    """Whether `<id>.json` in `out_dir` holds a translation (its `model` is set)."""
    path = Path(out_dir) / f"{article_id}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("model") is not None
    except (OSError, ValueError, AttributeError):
        return False


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
    job_factory: Optional[Callable[..., "_TranslateJob"]] = None,
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
    `job_factory` (same arguments as `_TranslateJob`) lets another engine (toolkit.batch.ray)
    schedule the chunks while the planning, manifest, index and summary stay these.
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

        job = (job_factory or _TranslateJob)(out_dir, config, nlp, manifest, CachedTranslator(translator, manifest, key, read_cache=not force),
                            run_config, run_id, emit, stop)
        results, earlier, todo = job.plan(paths, force)
        emit(ProgressEvent("run_started", count=len(todo), total=len(paths)))
        interrupted = False
        for chunk in chunks_for(todo, articles_per_chunk):
            try:
                if stop():
                    raise RunInterrupted()
                results.update(job.process_chunk(chunk))
            except RunInterrupted:
                interrupted = True
                break
        ordered = [results.get(path) or ArticleResult(path, article_id, pending=True) for path, article_id in zip(paths, job.article_ids)]
        # The index and corpus.tmx describe the whole folder, not just this run's inputs:
        # articles that earlier runs wrote from other input folders stay listed.
        folder, folder_earlier = _whole_folder(ordered, earlier, manifest, out_dir)
        index = _index(folder, out_dir, folder_earlier)
        write_corpus_tmx(out_dir, [r.article_id for r in folder if r.ok and not r.pending], config.source_language)
        summary = RunSummary(
            results=tuple(ordered),
            sentences=job.sentences,
            seconds=time.perf_counter() - started,
            index=index,
            cache_hits=job.translator.cache_hits,
            model_inputs=job.translator.model_inputs,
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


def chunks_for(todo: Sequence[tuple[Path, str, str]], articles_per_chunk: int) -> Iterator[list[tuple[Path, str, str]]]:
    """The chunks of a run: articles in input order, `articles_per_chunk` at a time, except
    that a file of more than HUGE_ARTICLE_BYTES goes alone after all the others, so that
    the minutes a huge article takes never hold back the writing of ordinary ones."""
    def size(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError:
            return 0  # unreadable: it fails in its chunk like any other

    huge = [item for item in todo if size(item[0]) > HUGE_ARTICLE_BYTES]
    huge_paths = {item[0] for item in huge}
    ordinary = [item for item in todo if item[0] not in huge_paths]
    for offset in range(0, len(ordinary), articles_per_chunk):
        yield ordinary[offset : offset + articles_per_chunk]
    for item in huge:
        yield [item]


def _whole_folder(
    ordered: Sequence[ArticleResult], earlier: dict[Path, ArticleRecord], manifest: Manifest, out_dir: Path
) -> tuple[list[ArticleResult], dict[Path, ArticleRecord]]:
    """This run's results plus every article an earlier run recorded in the folder's manifest
    from inputs this run was not given (done with its outputs present, or failed), in
    source-path order so that the index is the same whichever input folder ran last."""
    seen = {_key(r.path) for r in ordered}
    ids = {r.article_id for r in ordered}
    results = list(ordered)
    records = dict(earlier)
    for record in manifest.records():
        if record.source_path in seen or record.article_id in ids:
            continue
        path = Path(record.source_path)
        if record.status == STATUS_DONE and all((out_dir / o).is_file() for o in record.outputs):
            results.append(ArticleResult(path, record.article_id, outputs=tuple(out_dir / o for o in record.outputs), skipped=True))
            records[path] = record
        elif record.status == STATUS_FAILED:
            results.append(ArticleResult(path, record.article_id, error=record.error or "failed"))
    return sorted(results, key=lambda r: _key(r.path)), records


def run_report(summary: RunSummary, run_id: str, started_wall: float, translator: Translator, run_config: str) -> dict:
    """The run summary as written to outputs/runs/<run id>.json."""
    done = [r for r in summary.results if r.status == "done"]
    return {
        "schema": RUN_SCHEMA,
        "run_id": run_id,
        "started_at": iso(started_wall),
        "seconds": round(summary.seconds, 3),
        "status": "interrupted" if summary.interrupted else "completed",
        "model": {"name": translator.name, "revision": translator.revision, "beam": translator.options.beam},
        "config_hash": run_config,
        "articles": {
            "found": len(summary.results),
            "done": len(done),
            "skipped": len(summary.skipped),
            "failed": len(summary.failed),
            "pending": len(summary.pending),
        },
        "sentences_translated": summary.sentences,
        "model_inputs": summary.model_inputs,
        "cache_hits": summary.cache_hits,
        "sentences_per_second": round(summary.sentences / summary.seconds, 3) if summary.seconds else 0.0,
        "failed": [{"path": str(r.path), "error": r.error} for r in summary.failed],
        "ignored": [{"path": str(i.path), "reason": i.reason} for i in summary.ignored],
    }


class _TranslateJob:
    """The per-run state of run_translate: plans what to redo, processes chunks."""

    def __init__(self, out_dir: Path, config: Config, nlp, manifest: Manifest, translator: CachedTranslator,
                 run_config: str, run_id: str, emit: ProgressCallback, stop: Callable[[], bool]):
        self.out_dir, self.config, self.nlp, self.manifest = out_dir, config, nlp, manifest
        self.translator, self.run_config, self.run_id, self.emit, self.stop = translator, run_config, run_id, emit, stop
        self.sentences = 0  # sentences of the articles translated by this run
        self.article_ids: list[str] = []  # of the planned paths, in order
        self._superseded: dict[Path, tuple[str, ...]] = {}  # outputs under an article's former id
        self._sentences_seen = 0
        self._translated_count = 0

    def plan(self, paths: Sequence[Path], force: bool) -> tuple[dict[Path, ArticleResult], dict[Path, ArticleRecord], list[tuple[Path, str, str]]]:
        """Skip what is done and unchanged; return (results so far, their records, to do)."""
        results: dict[Path, ArticleResult] = {}
        earlier: dict[Path, ArticleRecord] = {}
        todo: list[tuple[Path, str, str]] = []
        records = {r.source_path: r for r in self.manifest.records()}
        self.article_ids = unique_ids(paths, taken={r.article_id: r.source_path for r in records.values()})
        keys = {_key(p) for p in paths}
        in_use = set(self.article_ids) | {r.article_id for key, r in records.items() if key not in keys}
        for path, article_id in zip(paths, self.article_ids):
            previous = records.get(_key(path))
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
                todo.append((path, article_id, sha))
        self.manifest.mark_pending([(_key(p), a, sha) for p, a, sha in todo], self.run_config, self.run_id)
        return results, earlier, todo

    def _still_done(self, record: ArticleRecord, article_id: str, sha: str) -> bool:
        return (
            record.status == STATUS_DONE
            and record.source_sha256 == sha
            and record.config_hash == self.run_config
            and record.article_id == article_id
            and all((self.out_dir / o).is_file() for o in record.outputs)
        )

    def process_chunk(self, chunk: Sequence[tuple[Path, str, str]]) -> dict[Path, ArticleResult]:
        results, ready = self._prepare_chunk(chunk)
        foreign = [pass_through_foreign(item[3], self.translator) for item in ready]
        to_model = iter(self._translate([item[3] for item, passed in zip(ready, foreign) if passed is None]))
        translated = [passed if passed is not None else next(to_model) for passed in foreign]
        for (path, article_id, sha, _, began), outcome in zip(ready, translated):
            if isinstance(outcome, str):
                results[path] = self._fail(path, article_id, sha, outcome, began)
                continue
            results[path] = self._write_done(path, article_id, sha, outcome, began)
        return results

    # The two steps another engine schedules elsewhere (toolkit.batch.ray overrides them).

    def _prepare_chunk(self, chunk: Sequence[tuple[Path, str, str]]) -> tuple[dict[Path, ArticleResult], list[tuple[Path, str, str, Article, float]]]:
        """Ingest, clean and segment a chunk: (failed articles' results, prepared articles)."""
        results: dict[Path, ArticleResult] = {}
        ready: list[tuple[Path, str, str, Article, float]] = []
        if self.stop():
            raise RunInterrupted()
        began = time.time()  # one spaCy pass for the chunk: its articles share the start
        with stop_raising(self.stop):
            prepared = prepare_articles([path for path, _, _ in chunk], self.nlp, self.config.source_language)
        for (path, article_id, sha), article in zip(chunk, prepared):
            if isinstance(article, IngestError):
                results[path] = self._fail(path, article_id, sha, str(article), began)
                continue
            self._prepared(ready, path, article_id, sha, replace(article, id=article_id), began)
        return results, ready

    def _prepared(self, ready: list, path: Path, article_id: str, sha: str, article: Article, began: float) -> None:
        if article.source.sha256 != sha:
            # Rewritten between planning and reading: record what was read.
            sha = article.source.sha256
        ready.append((path, article_id, sha, article, began))
        self._sentences_seen += len(article.sentences)
        self.emit(ProgressEvent("article_prepared", article_id=article_id, count=len(article.sentences)))

    def _translate(self, articles: list[Article]) -> list["Article | str"]:
        def on_batch(n: int) -> None:
            self._translated_count += n
            self.emit(ProgressEvent("sentences_translated", count=self._translated_count, total=self._sentences_seen))
            if self.stop():
                raise RunInterrupted()

        return translate_or_fail_alone(articles, self.translator, on_batch)

    def _write_done(self, path: Path, article_id: str, sha: str, article: Article, began: float) -> ArticleResult:
        # The reviewer checks run here, on the driver, for every engine (Ray's too): the
        # driver's spaCy pipeline parses the French in one batch per article.
        aligned = check_translations(align_translations(article), self.nlp)
        aligned = replace(aligned, flags=tuple(dict.fromkeys(aligned.flags + article_flags_after_translation([s.flags for s in aligned.sentences]))))
        try:
            result = _write(ArticleResult(path=path, article_id=article_id, article=aligned), self.out_dir, self.emit, self.config.xliff)
        except OSError as exc:
            return self._fail(path, article_id, sha, f"cannot write outputs: {exc.strerror or exc}", began)
        finished = time.time()
        model = aligned.model
        self.manifest.mark_done(
            ArticleRecord(
                source_path=_key(path), article_id=article_id, source_sha256=sha, config_hash=self.run_config,
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
                source_path=_key(path), article_id=article_id, source_sha256=sha, config_hash=self.run_config,
                model_name=None, model_revision=None, status=STATUS_FAILED, error=error,
                started_at=began, finished_at=finished, seconds=round(finished - began, 3), run_id=self.run_id,
            )
        )
        self.emit(ProgressEvent("article_failed", article_id=article_id, message=error))
        return ArticleResult(path=path, article_id=article_id, error=error)


def translate_or_fail_alone(
    articles: Sequence[Article], translator: Translator, on_batch: Optional[Callable[[int], None]] = None
) -> list["Article | str"]:
    """The translation step of a chunk, shared by every engine (local and Ray actors):
    translate the articles together (quote-aware model inputs, then quotes carried into
    the English); if that fails, each article alone, so one bad
    article fails alone (its error message in place of the article). RunInterrupted
    raised by `on_batch` propagates."""
    if not articles:
        return []
    try:
        translated = translate_articles(articles, translator, progress=on_batch, inputs_for=quote_aware_inputs)
        return list(carry_quotes(translated, translator))
    except RunInterrupted:
        raise
    except Exception as exc:  # noqa: BLE001 - reported per article, the batch goes on
        if len(articles) == 1:
            return [f"translation failed: {type(exc).__name__}: {exc}"]
        return [translate_or_fail_alone([a], translator, on_batch)[0] for a in articles]


def _key(path: Path) -> str:
    """Manifest key of a source file: its absolute path, so cron's working folder does not matter."""
    return str(Path(path).resolve())
