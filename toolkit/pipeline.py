"""The pipeline: the stages composed over Articles.

    ingest → clean → segment → quotes → translate → carry quotes → align → checks → render

`prepare_articles` runs the stages that need no translation model, `translate_or_fail_alone`
the translation of prepared articles, and `align_and_check` what follows it. The batch
job (toolkit.batch.job) and the align command (toolkit.batch.align_job) call these; the
job adds the output folder, the manifest and the cache (docs/batch.md). Nothing here
prints or writes a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional, Sequence

from toolkit.align.beads import align_translations
from toolkit.checks.stage import check_translations
from toolkit.clean import clean_article
from toolkit.document import Article
from toolkit.errors import IngestError
from toolkit.ingest.html import extract_html_article
from toolkit.ingest.text import read_article
from toolkit.quotes import extract_quotes
from toolkit.segment.sentences import parse_articles, segment_article
from toolkit.translate.stage import translate_articles
from toolkit.translate.translator import Translator


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


def translate_or_fail_alone(
    articles: Sequence[Article], translator: Translator, on_batch: Optional[Callable[[int], None]] = None
) -> list["Article | str"]:
    """The translation step of a chunk, shared by every engine (local and Ray actors):
    the translation stage over the articles together; if that fails, each article alone, so one bad
    article fails alone (its error message in place of the article). Whatever `on_batch`
    raises (the batch job's RunInterrupted on a stop) propagates: it is the caller's,
    not a failed translation."""
    if not articles:
        return []
    raised_by_caller: list[BaseException] = []

    def relay(n: int) -> None:
        try:
            on_batch(n)
        except BaseException as exc:
            raised_by_caller.append(exc)
            raise

    try:
        return translate_articles(articles, translator, progress=relay if on_batch else None)
    except Exception as exc:  # noqa: BLE001 - reported per article, the batch goes on
        if exc in raised_by_caller:
            raise
        if len(articles) == 1:
            return [f"translation failed: {type(exc).__name__}: {exc}"]
        return [translate_or_fail_alone([a], translator, on_batch)[0] for a in articles]


def align_and_check(article: Article, nlp) -> Article:
    """A translated article aligned to its translation, with the reviewer checks of every
    sentence (`nlp` parses the French, one batch per article)."""
    return check_translations(align_translations(article), nlp)
