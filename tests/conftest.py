"""Shared fixtures: the ../shared folder, spaCy, and a tiny MarianMT built offline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TOOLKIT_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
TESTSETS = SHARED / "testsets" / "fr-en"
DATA = Path(__file__).resolve().parent / "data"


def seed_files() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) == 5, f"expected the five seed articles in {SEEDS}"
    return files


@pytest.fixture(scope="session")
def nlp():
    from toolkit.segment.spacy_loader import load_nlp

    return load_nlp("fr_core_news_md")


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    """A random-weight MarianMT with sentencepiece models trained on 300 lines of
    newstest2014, saved like a hub checkpoint and loaded through the users' loader."""
    from toolkit.testing.tiny_marian import build_marian

    fr = (TESTSETS / "newstest2014.fr").read_text(encoding="utf-8").splitlines()[:300]
    en = (TESTSETS / "newstest2014.en").read_text(encoding="utf-8").splitlines()[:300]
    return build_marian(tmp_path_factory.mktemp("tiny-marian"), fr, en)


@pytest.fixture(scope="session")
def tiny_translator(tiny_model_dir):
    from toolkit.translate.backends.transformers import MarianTranslator
    from toolkit.translate.translator import TranslationOptions

    # Beam 2 and a small input limit keep the random model quick on 2 cores.
    return MarianTranslator.load(str(tiny_model_dir), TranslationOptions(beam=2, max_input_tokens=128))


def one_paragraph_article(sentences, article_id: str = "a"):
    """An Article of one paragraph holding `sentences`, joined by single spaces."""
    from toolkit.document import Article, Paragraph, Sentence, SourceInfo

    text = " ".join(sentences)
    sents, pos = [], 0
    for i, s in enumerate(sentences):
        sents.append(Sentence(id=f"s{i + 1}", paragraph=0, start=pos, end=pos + len(s), text=s))
        pos += len(s) + 1
    return Article(
        id=article_id, source=SourceInfo(f"{article_id}.txt", "0" * 64, "utf-8"), raw_text=text, text=text,
        paragraphs=(Paragraph(0, 0, len(text), 0, 1, sentence_ids=tuple(s.id for s in sents)),), sentences=tuple(sents),
    )
