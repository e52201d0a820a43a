"""Optional fast backend: CTranslate2 (`pip install .[fast]`).

The configured MarianMT checkpoint (local folder or hub id) is converted once with
`ctranslate2.converters.TransformersConverter` into a cache folder keyed by the
checkpoint (path + weight-file size/mtime, or the hub snapshot's commit) and the
compute type; later runs load the converted model directly. Tokenisation stays with the
checkpoint's own MarianTokenizer, so the model sees exactly the pieces the transformers
backend gives it, and outputs are decoded the same way.

Quantization is an explicit option (`CTranslate2Options.compute_type`, [translate] key `ct2_compute_type`):
"auto" means int8 weights on CPU and float16 on CUDA — the fast path's documented
default (docs/performance.md gives the published quality effect); "float32" keeps the
checkpoint's precision. The transformers backend is never quantized.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from toolkit.errors import ConfigError, ModelUnavailableError
from toolkit.paths import cache_dir
from toolkit.translate.batching import batch_limits, normalise_output, plan_batches
from toolkit.translate.devices import resolve_indexed_device
from toolkit.translate.model_files import checkpoint_folder, first_line, quiet_hub_progress, unavailable_message
from toolkit.translate.threads import available_cores, prefer_passive_waiting
from toolkit.translate.translator import FLAG_LENGTH_LIMIT, InputsDone, TranslationOptions, TranslationOutput

INSTALL_HINT = (
    "the 'ctranslate2' backend needs the optional CTranslate2 package: "
    "`pip install 'toolkit[fast]'` (or `pip install 'ctranslate2>=4'`), "
    "or use the default backend: --backend transformers"
)
COMPUTE_TYPES = ("auto", "int8", "int8_float32", "int8_float16", "int16", "float16", "bfloat16", "float32")


def import_ctranslate2():
    """Import CTranslate2 or fail with a message that says how to get it."""
    try:
        import ctranslate2
    except ImportError as exc:
        raise ConfigError(INSTALL_HINT) from exc
    return ctranslate2


@dataclass(frozen=True)
class DecodeBatch:
    """Inputs decoded together, with the decoding-length bounds for the whole batch."""

    indices: tuple[int, ...]
    min_length: int
    max_length: int


def resolve_ct2_device(requested: str) -> tuple[str, int]:
    """("cpu" | "cuda", device index) from auto | cpu | cuda | cuda:N."""
    return resolve_indexed_device(requested, import_ctranslate2().get_cuda_device_count())


def resolve_compute_type(requested: str, device: str) -> str:
    if requested not in COMPUTE_TYPES:
        raise ConfigError(f"ct2_compute_type {requested!r}: choose one of {', '.join(COMPUTE_TYPES)}")
    if requested == "auto":
        return "float16" if device == "cuda" else "int8"
    return requested


def cpu_workers(options: TranslationOptions) -> tuple[int, int]:
    """(parallel workers, threads per worker) for CTranslate2 on CPU.

    On 2 cores, two single-threaded workers decoding different batches gave 1.3x the
    sentences/s of one worker with two threads (docs/performance.md): a beam-search step
    over a small batch is too little work to split across cores."""
    threads = options.threads if options.threads > 0 else available_cores()
    if options.ctranslate2.workers:
        workers = min(options.ctranslate2.workers, threads)
    else:
        # The most workers, up to 4, that share the threads out evenly (6 -> 3 x 2).
        workers = max(w for w in range(1, min(threads, 4) + 1) if threads % w == 0)
    return workers, max(1, threads // workers)


def checkpoint_fingerprint(folder: Path) -> str:
    """Identity of a checkpoint: its resolved path and the size/mtime of its files, so a
    re-built or updated checkpoint in the same folder gets a fresh conversion."""
    parts = [str(folder.resolve())]
    for file in sorted(folder.iterdir()):
        if file.is_file():
            stat = file.stat()
            parts.append(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def converted_model(folder: Path, compute_type: str, root: Optional[Path] = None) -> Path:
    """Convert the checkpoint in `folder` once; return the cached CTranslate2 model folder."""
    import_ctranslate2()
    from ctranslate2.converters import TransformersConverter

    root = root or cache_dir()
    slug = re.sub(r"[^\w.-]+", "_", folder.name)[:40]
    target = root / "ct2" / f"{slug}-{checkpoint_fingerprint(folder)}-{compute_type}"
    if (target / "model.bin").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Convert into a temporary sibling and rename: a concurrent or interrupted run never
    # sees a half-written model.
    staging = Path(tempfile.mkdtemp(prefix=".converting-", dir=target.parent))
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*sacremoses.*")
            TransformersConverter(str(folder)).convert(str(staging / "model"), quantization=compute_type, force=True)
        try:
            os.replace(staging / "model", target)
        except OSError:
            if not (target / "model.bin").exists():  # lost a race only if the winner finished
                raise
    except (ValueError, OSError, RuntimeError) as exc:
        raise ModelUnavailableError(f"cannot convert {folder} to CTranslate2: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


class CTranslate2Translator:
    """The `Translator` protocol over a CTranslate2 model converted from MarianMT."""

    def __init__(self, translator, tokenizer, name: str, options: TranslationOptions, device: str, compute_type: str, model_dir: Path, revision: Optional[str]):
        self.translator = translator
        self.tokenizer = tokenizer
        self.name = name
        self.revision = revision
        self.options = options
        self.device = device
        self.compute_type = compute_type
        self.model_dir = model_dir
        self.max_positions = int(getattr(tokenizer, "model_max_length", 512) or 512)
        self.max_positions = min(self.max_positions, 512)

    @classmethod
    def load(cls, model: str, options: TranslationOptions = TranslationOptions()) -> "CTranslate2Translator":
        # Before ctranslate2 (and torch) load their OpenMP runtime, which reads its wait
        # policy once; its workers are single-threaded by default, but not with workers=1.
        prefer_passive_waiting()
        ctranslate2 = import_ctranslate2()
        from transformers import MarianTokenizer

        device, index = resolve_ct2_device(options.device)
        compute_type = resolve_compute_type(options.ctranslate2.compute_type, device)
        with quiet_hub_progress():
            folder = checkpoint_folder(model, options.revision)
            try:
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", message=".*sacremoses.*")
                    tokenizer = MarianTokenizer.from_pretrained(str(folder))
            except (OSError, ValueError, TypeError) as exc:
                raise ModelUnavailableError(unavailable_message(model, first_line(exc))) from exc
            model_dir = converted_model(folder, compute_type)
        workers, threads_per_worker = cpu_workers(options) if device == "cpu" else (1, 0)
        torch = sys.modules.get("torch")
        torch_threads = torch.get_num_threads() if torch is not None else None
        translator = ctranslate2.Translator(
            str(model_dir),
            device=device,
            device_index=index,
            compute_type=compute_type,
            # Workers on one device share the weights; each holds only its activations.
            inter_threads=workers,
            intra_threads=threads_per_worker,
        )
        if torch_threads is not None and torch.get_num_threads() != torch_threads:
            # CTranslate2 sets the OpenMP thread count that torch reads too: one worker
            # thread each would leave a transformers model in this process on one core.
            torch.set_num_threads(torch_threads)
        # A hub snapshot folder is named by its commit: the revision that ran.
        revision = options.revision or (folder.name if re.fullmatch(r"[0-9a-f]{40}", folder.name) else None)
        return cls(translator, tokenizer, name=model, options=options, device=device, compute_type=compute_type, model_dir=model_dir, revision=revision)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def output_caps(self, inputs: Sequence[Sequence[str]]) -> list[int]:
        """Most output tokens per input, </s> included: the transformers backend's rule.
        CTranslate2 counts decoding steps without </s>, so a cap C allows C - 1 tokens."""
        return [min(self.max_positions, 2 * len(tokens) + 10) for tokens in inputs]

    def decode_batches(self, inputs: Sequence[Sequence[str]]) -> list[DecodeBatch]:
        """Length-sorted batches within the token budget. CTranslate2 takes one maximum
        decoding length per call, so a batch decodes up to its largest cap; sorting by
        source length keeps the caps in a batch close. A subclass may plan differently
        (the benchmark groups by forced output length)."""
        caps = self.output_caps(inputs)
        budget, size = batch_limits(self.options.max_batch_tokens, self.options.max_batch_size, self.device == "cuda")
        return [
            DecodeBatch(indices=tuple(batch), min_length=1, max_length=max(caps[i] for i in batch) - 1)
            for batch in plan_batches([len(t) for t in inputs], budget, size)
        ]

    def translate_batch(self, texts: Sequence[str], progress: Optional[InputsDone] = None) -> list[TranslationOutput]:
        encoded = [self.tokenizer.convert_ids_to_tokens(self.tokenizer(t, add_special_tokens=True)["input_ids"]) for t in texts]
        too_long = [i for i, tokens in enumerate(encoded) if len(tokens) > self.max_positions]
        if too_long:
            raise ValueError(f"{len(too_long)} inputs exceed the model's {self.max_positions}-token limit; split them first")
        caps = self.output_caps(encoded)
        results: list[Optional[TranslationOutput]] = [None] * len(texts)
        batches = self.decode_batches(encoded)

        def submit(batch: DecodeBatch):
            return self.translator.translate_batch(
                [encoded[i] for i in batch.indices],
                beam_size=self.options.beam,
                min_decoding_length=batch.min_length,
                max_decoding_length=batch.max_length,
                max_input_length=0,  # never truncate: long inputs were split upstream
                return_scores=False,
                asynchronous=True,
            )

        # Two batches per worker in flight, so that parallel workers (ct2_workers) always
        # have one to take, but a stop or an error leaves little queued work behind.
        # Results are collected in submission order: the output order and each sentence's
        # translation do not depend on which worker decoded it.
        in_flight = 2 * self.translator.num_translators
        pending = [submit(batch) for batch in batches[:in_flight]]
        for n, batch in enumerate(batches):
            if n + in_flight < len(batches):
                pending.append(submit(batches[n + in_flight]))
            for i, future in zip(batch.indices, pending[n]):
                tokens = future.result().hypotheses[0]
                # Tokens come without </s>. A batch decodes up to its largest cap, so a
                # sentence with a smaller cap is cut back to its own: its output then does
                # not depend on its batch-mates (it is a runaway either way, and flagged).
                limit = min(caps[i] - 1, batch.max_length)
                hit_limit = len(tokens) >= limit
                tokens = tokens[:limit]
                ids = self.tokenizer.convert_tokens_to_ids(tokens)
                text = normalise_output(self.tokenizer.decode(ids, skip_special_tokens=True))
                results[i] = TranslationOutput(text=text, flags=(FLAG_LENGTH_LIMIT,) if hit_limit else ())
            if progress is not None:
                progress(len(batch.indices))
        return [r for r in results if r is not None]
