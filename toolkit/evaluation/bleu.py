"""Quality guard: translate a reference test set through the toolkit and score it.

    toolkit evaluate --testset newstest2014 [--model PATH] [--limit N]

Each test-set line, as a one-paragraph article, takes the path `toolkit translate` takes:
with a spaCy pipeline (the CLI always gives one) it is segmented and its quotes found
(`toolkit.segment`, `toolkit.quotes`), so quotes get the quote-aware model inputs; then the
translation stage (`toolkit.translate.stage.translate_articles`: language check, splitting
of over-long inputs, dedup, output normalisation, quotes carried into the English with
their typography). The English of a line is its sentences' English joined by a space, and
sacrebleu scores it against the reference: BLEU (13a tokenisation, mixed case) and chrF2, with their signatures.
The published opus-mt-fr-en figures are shown beside ours: with the real weights the
toolkit must land within 0.3 BLEU of them; a larger gap means the pipeline is costing
quality (segmentation, normalisation, truncation, decoding settings or quantization).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional, Sequence

from toolkit.document import Article, Paragraph, Sentence, SourceInfo
from toolkit import paths
from toolkit.errors import ConfigError
from toolkit.quotes import extract_quotes
from toolkit.segment.sentences import parse_articles, segment_article
from toolkit.translate.stage import FLAG_NOT_SOURCE, translate_articles
from toolkit.translate.translator import Translator

TESTSETS = ("newstest2014", "newsdiscusstest2015", "flores200-devtest")
PUBLISHED_MODEL = "Helsinki-NLP/opus-mt-fr-en (opus-2020-02-26)"
# From ../shared/testsets/README.md (OPUS-MT leaderboard score files): BLEU, chrF (0–1).
PUBLISHED_SCORES: dict[str, tuple[float, float]] = {
    "newstest2014": (38.0, 0.633),
    "newsdiscusstest2015": (38.6, 0.614),
    "flores200-devtest": (41.7, 0.669),
}
# The acceptance band for the real weights.
TOLERANCE_BLEU = 0.3


@dataclass(frozen=True)
class PublishedScore:
    model: str
    bleu: float
    chrf: float  # 0–1, as the OPUS-MT score files write it


@dataclass(frozen=True)
class EvaluationResult:
    testset: str
    model: str
    backend: str
    beam: int
    sentences: int
    bleu: float
    chrf: float  # 0–1, to compare with the published figure directly
    bleu_signature: str
    chrf_signature: str
    bleu_detail: str  # sacrebleu's one-line BLEU summary (precisions, BP, lengths)
    seconds: float
    passed_through: int  # lines the language check left untranslated
    published: Optional[PublishedScore] = None

    @property
    def bleu_gap(self) -> Optional[float]:
        return None if self.published is None else self.bleu - self.published.bleu


def read_testset(name: str, directory: Optional[Path] = None, limit: Optional[int] = None, source: str = "fr", target: str = "en") -> tuple[list[str], list[str]]:
    directory = Path(directory) if directory else paths.testsets_dir()
    src_path, ref_path = directory / f"{name}.{source}", directory / f"{name}.{target}"
    for path in (src_path, ref_path):
        if not path.is_file():
            available = sorted({p.stem for p in directory.glob(f"*.{source}")}) if directory.is_dir() else []
            raise ConfigError(f"test set file {path} not found; available in {directory}: {', '.join(available) or 'none'} (set --testsets DIR)")
    sources = src_path.read_text(encoding="utf-8").splitlines()
    references = ref_path.read_text(encoding="utf-8").splitlines()
    if len(sources) != len(references):
        raise ConfigError(f"{name}: {len(sources)} source lines but {len(references)} reference lines")
    if limit is not None:
        sources, references = sources[:limit], references[:limit]
    return sources, references


def _line_article(index: int, text: str, language: str) -> Article:
    """One test-set line as a one-sentence article, so it takes the articles' path."""
    sentence = Sentence(id="s1", paragraph=0, start=0, end=len(text), text=text)
    return Article(
        id=f"line{index + 1}",
        source=SourceInfo(path=f"line {index + 1}", sha256="", encoding="utf-8"),
        raw_text=text,
        language=language,
        text=text,
        paragraphs=(Paragraph(index=0, start=0, end=len(text), source_start=0, line=1, sentence_ids=("s1",)),),
        sentences=(sentence,),
    )


def _prepared_line_articles(sources: Sequence[str], language: str, nlp) -> list[Article]:
    """The lines as `toolkit translate` prepares an article's paragraph: segmented by the
    spaCy pipeline and with their quotes found (one spaCy pass over all lines). Cleaning
    is left out: it may drop a line as boilerplate, and every line must be scored."""
    unsegmented = [replace(_line_article(i, s, language), sentences=(),
                           paragraphs=(Paragraph(index=0, start=0, end=len(s), source_start=0, line=1),))
                   for i, s in enumerate(sources)]
    parsed = parse_articles(unsegmented, nlp)
    prepared = []
    for article in unsegmented:
        docs = next(parsed)
        prepared.append(extract_quotes(segment_article(article, docs), docs))
    return prepared


def evaluate(
    translator: Translator,
    testset: str = "newstest2014",
    testsets_dir: Optional[Path] = None,
    limit: Optional[int] = None,
    source_language: str = "fr",
    nlp=None,
) -> EvaluationResult:
    """Translate `testset` with `translator` and score it with sacrebleu. With `nlp` (a
    spaCy pipeline for the source language) each line is segmented and its quotes found
    first, as in production; without it each line is one sentence with no quotes."""
    import sacrebleu

    sources, references = read_testset(testset, testsets_dir)
    complete = limit is None or limit >= len(sources)
    sources, references = sources[:limit], references[:limit]
    started = time.perf_counter()
    lines = (_prepared_line_articles(sources, source_language, nlp) if nlp is not None
             else [_line_article(i, s, source_language) for i, s in enumerate(sources)])
    articles = translate_articles(lines, translator)
    seconds = time.perf_counter() - started
    hypotheses = [" ".join(s.translation or "" for s in a.sentences) for a in articles]
    passed = sum(1 for a in articles if a.sentences and all(FLAG_NOT_SOURCE in s.flags for s in a.sentences))
    bleu, chrf = sacrebleu.BLEU(), sacrebleu.CHRF()
    bleu_score = bleu.corpus_score(hypotheses, [references])
    chrf_score = chrf.corpus_score(hypotheses, [references])
    published = None
    # The published figures are for the full test set; a prefix is not comparable.
    if testset in PUBLISHED_SCORES and complete:
        b, c = PUBLISHED_SCORES[testset]
        published = PublishedScore(PUBLISHED_MODEL, b, c)
    return EvaluationResult(
        testset=testset,
        model=translator.name,
        backend=getattr(translator.options, "backend", "transformers"),
        beam=translator.options.beam,
        sentences=len(sources),
        bleu=bleu_score.score,
        chrf=chrf_score.score / 100,
        bleu_signature=str(bleu.get_signature()),
        chrf_signature=str(chrf.get_signature()),
        bleu_detail=str(bleu_score),
        seconds=seconds,
        passed_through=passed,
        published=published,
    )


def format_result(result: EvaluationResult) -> str:
    lines = [
        f"{result.testset}: {result.sentences} sentences, model {result.model}, backend {result.backend}, "
        f"beam {result.beam}, {result.seconds:.1f}s",
    ]
    if result.published is not None:
        p = result.published
        lines += [
            f"{'':8}{'toolkit':>9}{'published':>11}{'gap':>8}",
            f"{'BLEU':8}{result.bleu:>9.1f}{p.bleu:>11.1f}{result.bleu - p.bleu:>+8.1f}",
            f"{'chrF':8}{result.chrf:>9.3f}{p.chrf:>11.3f}{result.chrf - p.chrf:>+8.3f}",
            f"published: {p.model}; with those weights the toolkit should be within {TOLERANCE_BLEU} BLEU",
        ]
    else:
        lines += [f"BLEU {result.bleu:.1f}   chrF {result.chrf:.3f}"]
        if result.testset in PUBLISHED_SCORES:
            b, c = PUBLISHED_SCORES[result.testset]
            lines.append(f"published {PUBLISHED_MODEL}: {b:.1f} / {c:.3f} on the full set (not comparable to a --limit prefix)")
    lines += [
        f"BLEU detail: {result.bleu_detail}",
        f"sacrebleu signature BLEU: {result.bleu_signature}",
        f"sacrebleu signature chrF: {result.chrf_signature}",
    ]
    if result.passed_through:
        lines.append(f"{result.passed_through} lines were judged not French and passed through untranslated")
    return "\n".join(lines)
