"""Build a small random-weight MarianMT checkpoint on disk, offline.

The real opus-mt-fr-en weights come from the Hugging Face hub, which tests and CI must
not touch. This builds a checkpoint with the same *format*: sentencepiece models trained
on local text, a Marian vocab.json, a `MarianConfig` model saved with `save_pretrained`,
so `MarianTokenizer.from_pretrained` / `MarianMTModel.from_pretrained` load it exactly as
they load the real one. Its translations are noise: it checks code paths, not quality.

`opus_mt_fr_en_config()` gives the real model's architecture (random weights) for speed
measurements.
"""

from __future__ import annotations

import json
import warnings
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

SPECIAL_TOKENS = ("</s>", "<unk>", "<pad>")


def opus_mt_fr_en_config(vocab_size: int = 59514) -> dict:
    """Architecture of Helsinki-NLP/opus-mt-fr-en (its config.json), for random-weight builds."""
    return dict(
        vocab_size=vocab_size,
        d_model=512,
        encoder_layers=6,
        decoder_layers=6,
        encoder_attention_heads=8,
        decoder_attention_heads=8,
        encoder_ffn_dim=2048,
        decoder_ffn_dim=2048,
        activation_function="swish",
        max_position_embeddings=512,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        static_position_embeddings=True,
    )


def tiny_config(vocab_size: int) -> dict:
    return dict(
        vocab_size=vocab_size,
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        activation_function="swish",
        max_position_embeddings=512,
        scale_embedding=True,
    )


def _train_spm(lines: Iterable[str], prefix: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    corpus = prefix.with_suffix(".txt")
    corpus.write_text("\n".join(line.strip() for line in lines if line.strip()) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        # Marian's vocab.json holds these; sentencepiece must not emit its own.
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        hard_vocab_limit=False,
        minloglevel=2,
    )


def build_marian(
    out_dir: Path,
    source_lines: Sequence[str],
    target_lines: Sequence[str],
    *,
    spm_vocab_size: int = 400,
    architecture: dict | None = None,
    seed: int = 0,
) -> Path:
    """Write a random-weight MarianMT checkpoint to `out_dir` and return it.

    `architecture` overrides `tiny_config` (pass `opus_mt_fr_en_config()` for the real
    shape; `vocab_size` there pads the vocabulary to that size). Random weights almost
    never emit </s>, so its outputs run to the translator's length cap: that exercises
    the length guard on every sentence.
    """
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        _train_spm(source_lines, tmp_path / "source", spm_vocab_size)
        _train_spm(target_lines, tmp_path / "target", spm_vocab_size)
        # The real opus-mt vocab.json: </s> = 0, <unk> = 1, ..., <pad> last (59513).
        # Tools that read Marian checkpoints rely on that layout (CTranslate2's
        # converter drops the last entry as the decoder-start <pad>), so keep it.
        vocab: dict[str, int] = {tok: i for i, tok in enumerate(t for t in SPECIAL_TOKENS if t != "<pad>")}
        for name in ("source", "target"):
            for line in (tmp_path / f"{name}.vocab").read_text(encoding="utf-8").splitlines():
                piece = line.split("\t")[0]
                if piece != "<pad>":
                    vocab.setdefault(piece, len(vocab))
        config_kwargs = dict(architecture or tiny_config(len(vocab) + 1))
        target_size = max(config_kwargs.get("vocab_size", 0), len(vocab) + 1)
        # Pad the vocabulary with placeholder tokens to the architecture's size, so the
        # embedding and output projection have the real model's dimensions.
        for i in range(len(vocab), target_size - 1):
            vocab[f"<extra_{i}>"] = i
        vocab["<pad>"] = len(vocab)
        vocab_file = tmp_path / "vocab.json"
        vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*sacremoses.*")
            tokenizer = MarianTokenizer(
            source_spm=str(tmp_path / "source.model"),
            target_spm=str(tmp_path / "target.model"),
            vocab=str(vocab_file),
            source_lang="fr",
            target_lang="en",
            )
        tokenizer.save_pretrained(out_dir)

    pad_id = vocab["<pad>"]
    eos_id = vocab["</s>"]
    config_kwargs["vocab_size"] = len(vocab)
    config = MarianConfig(
        **config_kwargs,
        pad_token_id=pad_id,
        eos_token_id=eos_id,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=eos_id,
        bad_words_ids=[[pad_id]],
        num_beams=4,
        max_length=512,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.eval()
    model.save_pretrained(out_dir)
    return out_dir
