"""Shared fixtures: the ../shared folder, spaCy, and a tiny MarianMT built offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.paths import shared_dir, testsets_dir

REPO = Path(__file__).resolve().parents[1]  # the checkout these tests belong to

SHARED = shared_dir()
SEEDS = SHARED / "seeds"
TESTSETS = testsets_dir()
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
