"""`toolkit align`: align an existing English translation to its French original.

Both files go through the same ingest and clean stages; the French side is segmented
with spaCy (`toolkit.segment.sentences`), the English side with the rule-based splitter
(`toolkit.segment.english`). With `sentences_per_line` (prepared text, one sentence a line)
both files are only ingested (decoding, NFC): every non-blank line is one unit, as
given, with nothing removed as boilerplate and nothing split or joined. `toolkit.align.sentalign` finds the n:m beads, which are written into
the Article's `target_sentences` and `alignment`, then rendered like any article (JSON,
side-by-side HTML) plus a TMX file.

Directory-pair mode matches files by their path relative to each folder; files present
on one side only are reported, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional, Sequence

from toolkit.checks.stage import check_beads
from toolkit.clean import clean_article
from toolkit.document import AlignmentBead, Article, Paragraph, Sentence, TargetSentence
from toolkit.errors import IngestError
from toolkit.ingest.text import discover, read_article
from toolkit.align.quotes import project_quotes
from toolkit.segment.english import segment_english
from toolkit.align.sentalign import AlignOptions, align_sentences
from toolkit.batch.speaker_index import write_speaker_index
from toolkit.translate.stage import translate_articles


@dataclass(frozen=True)
class EnglishSide:
    article: Article  # cleaned English article; its paragraphs list the t-ids
    sentences: tuple[TargetSentence, ...]


@dataclass(frozen=True)
class FilePair:
    french: Path
    english: Path


@dataclass(frozen=True)
class PairResult:
    pair: FilePair
    article: Optional[Article] = None
    outputs: tuple[Path, ...] = ()
    error: Optional[str] = None


def prepare_english(path: Path, sentences_per_line: bool = False) -> EnglishSide:
    if sentences_per_line:
        article = lines_as_units(read_article(Path(path), language="en"))
        sentences = tuple(TargetSentence(id=f"t{k + 1}", paragraph=s.paragraph, text=s.text) for k, s in enumerate(article.sentences))
        return EnglishSide(article=article, sentences=sentences)
    article = clean_article(read_article(Path(path), language="en"))
    sentences, paragraphs = segment_english(article)
    return EnglishSide(article=replace(article, paragraphs=paragraphs), sentences=sentences)


def lines_as_units(article: Article) -> Article:
    """An ingested article whose every non-blank line is one paragraph holding one
    sentence, exactly as given (outer whitespace aside): `--sentences-per-line`.

    `text` joins the lines by a blank line like a cleaned article, so offsets, the review
    page and the quote stage work unchanged; `paragraphs[].line` is each line's number."""
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    units: list[str] = []
    position = line_start = 0  # in the new text / in raw_text
    for number, line in enumerate(article.raw_text.split("\n"), start=1):
        unit = line.strip()
        if unit:
            k = len(paragraphs)
            sentence_id = f"s{k + 1}"
            end = position + len(unit)
            paragraphs.append(Paragraph(index=k, start=position, end=end, source_start=line_start + len(line) - len(line.lstrip()),
                                        line=number, sentence_ids=(sentence_id,)))
            sentences.append(Sentence(id=sentence_id, paragraph=k, start=position, end=end, text=unit))
            units.append(unit)
            position = end + 2
        line_start += len(line) + 1
    return replace(article, text="\n\n".join(units), paragraphs=tuple(paragraphs), sentences=tuple(sentences))


def prepare_french_units(path: Path, nlp) -> Article:
    """The French file, one unit a line (`lines_as_units`), with the quote stage run over
    those units so quotes are still found, shown and projected."""
    from toolkit.quotes import extract_quotes
    from toolkit.segment.sentences import parse_paragraphs

    article = lines_as_units(read_article(Path(path), language="fr"))
    return extract_quotes(article, parse_paragraphs(article, nlp))


def align_article(
    french: Article,
    english: Sequence[TargetSentence],
    *,
    options: AlignOptions = AlignOptions(),
    translations: Optional[Sequence[str]] = None,
) -> Article:
    """Return `french` with `target_sentences` = `english` and the n:m beads."""
    beads = align_sentences(
        [s.text for s in french.sentences],
        [t.text for t in english],
        options=options,
        translations=translations,
    )
    alignment = tuple(
        AlignmentBead(
            source=tuple(french.sentences[i].id for i in bead.source),
            target=tuple(english[j].id for j in bead.target),
            score=bead.score,
        )
        for bead in beads
    )
    # The French quotes (when the quote stage ran) are carried onto the English marks.
    return project_quotes(replace(french, target_sentences=tuple(english), alignment=alignment), options)


def align_files(
    fr_path: Path,
    en_path: Path,
    nlp,
    *,
    options: AlignOptions = AlignOptions(),
    translator=None,
    sentences_per_line: bool = False,
) -> Article:
    """Ingest, clean and segment both files and align them. `nlp` is the French spaCy
    pipeline; `translator` (optional, a `toolkit.translate.translator.Translator`) adds chrF evidence.
    `sentences_per_line`: the files hold one sentence a line; align those units as given."""
    from toolkit.pipeline import prepare_article

    if sentences_per_line:
        french = prepare_french_units(Path(fr_path), nlp)
    else:
        # The same stages as `toolkit analyze` (ingest, clean, segment, quotes), so the
        # French side of an aligned article is exactly what the other commands produce.
        french = prepare_article(Path(fr_path), nlp, "fr")
    english = prepare_english(en_path, sentences_per_line)
    translations = None
    if translator is not None and french.sentences:
        # The translation stage, as `toolkit translate` runs it (language check, length
        # splitting, quote-aware inputs), so the chrF evidence scores the English production gives.
        [translated] = translate_articles([french], translator)
        translations = [s.translation for s in translated.sentences]
    # Human translations are checked too (numbers, negation, hedges, names...), bead by bead.
    return check_beads(align_article(french, english.sentences, options=options, translations=translations), nlp)


def match_directories(fr_dir: Path, en_dir: Path) -> tuple[list[FilePair], list[Path]]:
    """Pair files by relative path; return (pairs, files with no partner)."""
    fr_dir, en_dir = Path(fr_dir), Path(en_dir)
    french = {p.relative_to(fr_dir): p for p in discover([fr_dir])}
    english = {p.relative_to(en_dir): p for p in discover([en_dir])}
    pairs = [FilePair(french[k], english[k]) for k in sorted(french.keys() & english.keys())]
    unmatched = sorted([french[k] for k in french.keys() - english.keys()] + [english[k] for k in english.keys() - french.keys()])
    return pairs, unmatched


def write_outputs(article: Article, out_dir: Path, xliff_version: str = "2.1") -> list[Path]:
    """Write `<id>.json`, `<id>.html`, `<id>.xlf` (one segment per bead) and `<id>.tmx`."""
    from toolkit.formats.html import write_article
    from toolkit.formats.tmx import write_tmx

    return write_article(article, Path(out_dir), xliff_version) + [write_tmx(article, Path(out_dir))]


def run_pairs(
    pairs: Sequence[FilePair], out_dir: Path, nlp, *, options: AlignOptions = AlignOptions(), translator=None,
    xliff_version: str = "2.1", sentences_per_line: bool = False,
) -> list[PairResult]:
    results = []
    for pair in pairs:
        try:
            article = align_files(pair.french, pair.english, nlp, options=options, translator=translator,
                                  sentences_per_line=sentences_per_line)
        except IngestError as exc:
            results.append(PairResult(pair, error=str(exc)))
            continue
        results.append(PairResult(pair, article=article, outputs=tuple(write_outputs(article, out_dir, xliff_version))))
    write_speaker_index(Path(out_dir))
    return results


def write_pair_index(results: Sequence[PairResult], out_dir: Path) -> Path:
    """`index.html` listing the aligned pairs (directory mode), via toolkit.formats.index_page."""
    from toolkit.ingest.text import article_id
    from toolkit.formats.index_page import IndexEntry, index_entry, write_index

    entries = [
        index_entry(r.article, translated=True) if r.article else IndexEntry(
            id=article_id(r.pair.french), title=None, sentences=0, status=r.error or "failed")
        for r in results
    ]
    return write_index(entries, Path(out_dir))
