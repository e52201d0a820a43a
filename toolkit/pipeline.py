"""The pipeline: stages composed over Articles, and the runs the CLI exposes.

    ingest → clean → segment → quotes → translate → carry quotes → align → render

`prepare_article` runs the stages that need no translation model; `run_analyze` and
`run_translate` process whole corpora, writing each article's outputs as soon as they
are ready, so an interrupted run keeps what it finished. Nothing here prints: progress
goes to an optional callback.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from .align import align_translations
from .clean import clean_article
from .config import Config
from .document import Article
from .errors import ConfigError, IngestError
from .ingest import discover, read_article
from .render import IndexEntry, write_article, write_index
from .quotes import extract_quotes
from .segment import parse_paragraphs, segment_article
from .quote_transfer import carry_quotes, quote_aware_inputs
from .translate import Translator, translate_articles

# Articles translated together: large enough to fill batches across articles, small
# enough that a crash loses little and outputs appear steadily.
ARTICLES_PER_CHUNK = 16


@dataclass(frozen=True)
class ProgressEvent:
    kind: str  # "article_prepared" | "article_failed" | "sentences_translated" | "article_written"
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

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class RunSummary:
    results: tuple[ArticleResult, ...] = ()
    sentences: int = 0
    seconds: float = 0.0
    index: Optional[Path] = None
    extra: dict = field(default_factory=dict)

    @property
    def failed(self) -> tuple[ArticleResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def succeeded(self) -> tuple[ArticleResult, ...]:
        return tuple(r for r in self.results if r.ok)


def _import_spacy_without_torch():
    """Import spaCy without letting thinc import torch.

    thinc imports torch eagerly when it is installed (about 1.5 s here, a third of
    `toolkit analyze` on five articles), though spaCy's CNN pipelines never use it. A
    `None` entry in sys.modules makes that import fail quickly inside thinc; it is
    removed at once, so torch imports normally later (the translation backends).
    """
    import sys

    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy


def load_nlp(spacy_model: str):
    """Load the spaCy pipeline for segmentation (and the quote stage's parse and NER)."""
    spacy = _import_spacy_without_torch()

    try:
        return spacy.load(spacy_model)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {spacy_model!r} is not installed: `pip install {spacy_model}` "
            f"(it is a dependency of this package; reinstall with `pip install -e .`)"
        ) from exc


def prepare_article(path: Path, nlp, language: str = "fr") -> Article:
    """Ingest, clean and segment one file. Raises IngestError for unusable input."""
    article = clean_article(read_article(path, language=language))
    docs = parse_paragraphs(article, nlp)
    return extract_quotes(segment_article(article, docs), docs)


def unique_ids(paths: Sequence[Path]) -> list[str]:
    """Article ids from file names; two files with one name in different folders must
    not overwrite each other's outputs, so clashes get a short hash of the full path."""
    from .ingest import article_id

    ids = [article_id(p) for p in paths]
    seen: dict[str, int] = {}
    for i in ids:
        seen[i] = seen.get(i, 0) + 1
    return [
        f"{i}-{hashlib.sha1(str(p.resolve()).encode()).hexdigest()[:8]}" if seen[i] > 1 else i
        for i, p in zip(ids, paths)
    ]


def _prepare_all(
    paths: Sequence[Path], config: Config, nlp, progress: Optional[ProgressCallback]
) -> list[ArticleResult]:
    results = []
    for path, article_id in zip(paths, unique_ids(paths)):
        try:
            article = replace(prepare_article(path, nlp, config.source_language), id=article_id)
            results.append(ArticleResult(path=path, article_id=article_id, article=article))
            if progress:
                progress(ProgressEvent("article_prepared", article_id=article_id, count=len(article.sentences)))
        except IngestError as exc:
            results.append(ArticleResult(path=path, article_id=article_id, error=str(exc)))
            if progress:
                progress(ProgressEvent("article_failed", article_id=article_id, message=str(exc)))
    return results


def _write(result: ArticleResult, out_dir: Path, progress: Optional[ProgressCallback]) -> ArticleResult:
    assert result.article is not None
    outputs = tuple(write_article(result.article, out_dir))
    if progress:
        progress(ProgressEvent("article_written", article_id=result.article_id))
    return ArticleResult(path=result.path, article_id=result.article_id, article=result.article, outputs=outputs)


def _index(results: Iterable[ArticleResult], out_dir: Path) -> Path:
    entries = [
        IndexEntry(
            id=r.article_id,
            title=r.article.title if r.article else None,
            sentences=len(r.article.sentences) if r.article else 0,
            status="ok" if r.ok else (r.error or "failed"),
            translated=bool(r.article and r.article.model),
        )
        for r in results
    ]
    return write_index(entries, out_dir)


def run_analyze(
    inputs: Sequence[Path], out_dir: Path, config: Config, nlp=None, progress: Optional[ProgressCallback] = None
) -> RunSummary:
    """Every stage but translation: JSON with `translation: null`, HTML, index."""
    started = time.perf_counter()
    paths = discover(inputs)
    nlp = nlp or load_nlp(config.language.spacy_model)
    results = [_write(r, out_dir, progress) if r.ok else r for r in _prepare_all(paths, config, nlp, progress)]
    index = _index(results, out_dir)
    sentences = sum(len(r.article.sentences) for r in results if r.article)
    return RunSummary(results=tuple(results), sentences=sentences, seconds=time.perf_counter() - started, index=index)


def run_translate(
    inputs: Sequence[Path],
    out_dir: Path,
    config: Config,
    translator: Translator,
    nlp=None,
    progress: Optional[ProgressCallback] = None,
) -> RunSummary:
    """Prepare all articles, then translate them in chunks, writing outputs per chunk."""
    started = time.perf_counter()
    paths = discover(inputs)
    nlp = nlp or load_nlp(config.language.spacy_model)
    prepared = _prepare_all(paths, config, nlp, progress)
    ready = [r for r in prepared if r.ok]
    total = sum(len(r.article.sentences) for r in ready if r.article)
    done_by_path: dict[Path, ArticleResult] = {}
    translated_count = 0
    for offset in range(0, len(ready), ARTICLES_PER_CHUNK):
        chunk = ready[offset : offset + ARTICLES_PER_CHUNK]

        def on_batch(n: int) -> None:
            nonlocal translated_count
            translated_count += n
            if progress:
                progress(ProgressEvent("sentences_translated", count=translated_count, total=total))

        articles = translate_articles([r.article for r in chunk], translator, progress=on_batch, inputs_for=quote_aware_inputs)
        articles = carry_quotes(articles, translator)
        for result, article in zip(chunk, articles):
            aligned = align_translations(article)
            done_by_path[result.path] = _write(
                ArticleResult(path=result.path, article_id=result.article_id, article=aligned), out_dir, progress
            )
    results = [done_by_path.get(r.path, r) for r in prepared]
    index = _index(results, out_dir)
    return RunSummary(results=tuple(results), sentences=total, seconds=time.perf_counter() - started, index=index)
