"""Fixtures for the batch tests: a tiny MarianMT that answers quickly.

The lead's `tiny_model_dir` (conftest) has random weights, so it rarely emits </s> and
runs every sentence to the output cap: ~1 sentence/s on 2 shared cores. For tests that
translate the seeds many times (resume, kill, lock) we copy it and raise the bias of
</s> in `final_logits_bias`, so every translation stops after a few tokens. It is still
the real MarianMT loaded through `MarianTranslator.load`; only the weights differ.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EOS_BIAS = 0.3  # measured: 4 output words per sentence instead of running to the cap


def make_short_output_model(src: Path, dst: Path, eos_bias: float = EOS_BIAS) -> Path:
    import json

    from safetensors.torch import load_file, save_file

    shutil.copytree(src, dst)
    eos = json.loads((dst / "config.json").read_text())["eos_token_id"]
    weights = load_file(dst / "model.safetensors")
    weights["final_logits_bias"][0, eos] += eos_bias
    save_file(weights, dst / "model.safetensors", metadata={"format": "pt"})
    return dst


@pytest.fixture(scope="session")
def short_model_dir(tiny_model_dir, tmp_path_factory) -> Path:
    return make_short_output_model(Path(tiny_model_dir), tmp_path_factory.mktemp("short-marian") / "model")


@pytest.fixture(scope="session")
def short_translator(short_model_dir):
    from toolkit.translate.backends.transformers import MarianTranslator
    from toolkit.translate.translator import TranslationOptions

    return MarianTranslator.load(str(short_model_dir), TranslationOptions(beam=2, max_input_tokens=128))


class CountingTranslator:
    """Wraps a real translator and records every text sent to the model."""

    def __init__(self, inner):
        self.inner = inner
        self.name, self.revision, self.options = inner.name, inner.revision, inner.options
        self.calls: list[list[str]] = []

    @property
    def texts(self) -> list[str]:
        return [t for call in self.calls for t in call]

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def translate_batch(self, texts, progress=None):
        self.calls.append(list(texts))
        return self.inner.translate_batch(texts, progress=progress)
