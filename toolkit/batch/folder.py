"""The outputs of a batch run that describe the whole output folder: each article's files
as they are written, and `index.html` and `corpus.tmx`, which list every article of the
folder — this run's and those earlier runs recorded in the manifest (docs/batch.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional, Sequence

from toolkit.batch.inputs import source_key
from toolkit.batch.manifest import STATUS_DONE, STATUS_FAILED, ArticleRecord, Manifest
from toolkit.batch.report import ArticleResult, ProgressCallback, ProgressEvent
from toolkit.formats.html import write_article
from toolkit.formats.index_page import IndexEntry, index_entry, index_entry_from_json, write_index
from toolkit.formats.tmx import write_corpus_tmx


def write_article_outputs(result: ArticleResult, out_dir: Path, progress: Optional[ProgressCallback], xliff_version: str) -> ArticleResult:
    """Write a prepared or translated article's JSON, HTML and XLIFF; the result with its outputs."""
    assert result.article is not None
    outputs = tuple(write_article(result.article, out_dir, xliff_version))
    if progress:
        progress(ProgressEvent("article_written", article_id=result.article_id))
    return ArticleResult(path=result.path, article_id=result.article_id, article=result.article, outputs=outputs)


def translated_on_disk(out_dir: Path, article_id: str) -> bool:
    """Whether `<id>.json` in `out_dir` holds a translation (its `model` is set)."""
    path = Path(out_dir) / f"{article_id}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("model") is not None
    except (OSError, ValueError, AttributeError):
        return False


def write_folder_index(results: Iterable[ArticleResult], out_dir: Path, earlier: Optional[dict[Path, ArticleRecord]] = None) -> Path:
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
            r.skipped and r.article is not None and translated_on_disk(out_dir, r.article_id))
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


def whole_folder(
    ordered: Sequence[ArticleResult], earlier: dict[Path, ArticleRecord], manifest: Manifest, out_dir: Path
) -> tuple[list[ArticleResult], dict[Path, ArticleRecord]]:
    """This run's results plus every article an earlier run recorded in the folder's manifest
    from inputs this run was not given (done with its outputs present, or failed), in
    source-path order so that the index is the same whichever input folder ran last."""
    seen = {source_key(r.path) for r in ordered}
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
    return sorted(results, key=lambda r: source_key(r.path)), records


def write_folder_tmx(folder: Sequence[ArticleResult], out_dir: Path, source_language: str) -> Path:
    """`corpus.tmx` over the folder's articles: those this run holds from memory, the
    others (skipped, or recorded by earlier runs) from the JSON they were written to."""
    return write_corpus_tmx(
        out_dir,
        [r.article if r.article is not None else r.article_id for r in folder if r.ok and not r.pending],
        source_language,
    )
