"""The default backend: transformers MarianMT (MarianMTModel + MarianTokenizer)."""

from __future__ import annotations

import warnings
from typing import Optional, Sequence

from toolkit.errors import ModelUnavailableError
from toolkit.translate.batching import batch_limits, normalise_output, plan_batches
from toolkit.translate.devices import resolve_device
from toolkit.translate.model_files import (
    check_model_folder,
    first_line,
    hub_reachable,
    local_model_path,
    not_cached_offline,
    quiet_hub_progress,
    unavailable_message,
)
from toolkit.translate.threads import configure_cpu_threads, prefer_passive_waiting
from toolkit.translate.translator import FLAG_LENGTH_LIMIT, InputsDone, TranslationOptions, TranslationOutput


def force_eos(scores, rows, eos_id: int):
    """Make </s> the only possible next token for the selected rows (a boolean mask over
    the batch × beam rows of a generation step's scores); returns the scores."""
    import torch

    if rows.any():
        forced = torch.full_like(scores[rows], float("-inf"))
        forced[:, eos_id] = 0.0
        scores[rows] = forced
    return scores


def _per_row_length_cap(caps: Sequence[int], beam: int, eos_id: int):
    """A LogitsProcessor that ends row i with </s> once it has `caps[i]` tokens.

    `generate` only takes one max length per batch; rows are laid out as
    batch × beam, so each cap is repeated `beam` times.
    """
    import torch
    from transformers import LogitsProcessor

    class PerRowLengthCap(LogitsProcessor):
        def __init__(self):
            self.caps = torch.tensor([c for c in caps for _ in range(beam)])

        def __call__(self, input_ids, scores):
            generated = input_ids.shape[-1] - 1  # minus the decoder start token
            return force_eos(scores, generated >= self.caps.to(scores.device) - 1, eos_id)

    return PerRowLengthCap()


class MarianTranslator:
    """transformers MarianMT backend: loads once, translates sorted, token-budgeted batches.

    Its options: beam, the batch budget, max_input_tokens, device, threads, revision
    (`TranslationOptions`); it never quantizes."""

    def __init__(self, model, tokenizer, name: str, options: TranslationOptions, device: str):
        self.model = model
        self.tokenizer = tokenizer
        self.name = name
        self.revision = options.revision or getattr(model.config, "_commit_hash", None)
        self.options = options
        self.device = device
        self.max_positions = min(
            int(getattr(model.config, "max_position_embeddings", 512)),
            int(getattr(tokenizer, "model_max_length", 512) or 512),
        )
        self.max_batch_tokens, self.max_batch_size = batch_limits(
            options.max_batch_tokens, options.max_batch_size, device.startswith("cuda")
        )

    def output_caps(self, inputs: Sequence[Sequence[int]]) -> list[int]:
        """Most output tokens (</s> included) per input: a translation more than twice
        as long as its source is a runaway repetition. Per sentence, so a sentence's
        translation does not depend on which batch it landed in."""
        return [min(self.max_positions, 2 * len(ids) + 10) for ids in inputs]

    def logits_processors(self, caps: Sequence[int]) -> list:
        """Processors passed to `generate`; a subclass may add its own (the benchmark
        forces exact output lengths this way)."""
        return [_per_row_length_cap(caps, self.options.beam, self.tokenizer.eos_token_id)]

    @classmethod
    def load(cls, model: str, options: TranslationOptions = TranslationOptions()) -> "MarianTranslator":
        """Load a MarianMT checkpoint from a local folder or the hub's model id.

        A hub id is first looked up in the local cache; the hub is contacted only if it
        answers, so an offline machine gets `ModelUnavailableError` at once.
        """
        path = local_model_path(model)
        is_path = path is not None
        if is_path:
            check_model_folder(model, path)  # before importing transformers: fails in a second
        # Before transformers imports torch: OpenMP reads its wait policy once, at load.
        prefer_passive_waiting()
        from transformers import MarianMTModel, MarianTokenizer
        from transformers.utils import logging as hf_logging

        source = str(path) if is_path else model
        kwargs = {"revision": options.revision} if options.revision and not is_path else {}
        hf_logging.set_verbosity_error()
        try:
            with warnings.catch_warnings(), quiet_hub_progress():
                warnings.filterwarnings("ignore", message=".*sacremoses.*")
                try:
                    tokenizer = MarianTokenizer.from_pretrained(source, local_files_only=True, **kwargs)
                    network = False
                except (OSError, TypeError, ValueError):
                    # transformers 5 raises TypeError, not OSError, for a hub id that is
                    # missing from the cache under local_files_only.
                    if is_path:
                        raise
                    if not hub_reachable():
                        raise not_cached_offline(model) from None
                    tokenizer = MarianTokenizer.from_pretrained(model, **kwargs)
                    network = True
                marian = MarianMTModel.from_pretrained(source, local_files_only=not network, **kwargs)
        except ModelUnavailableError:
            raise
        except (OSError, ValueError, TypeError, ImportError) as exc:
            raise ModelUnavailableError(unavailable_message(model, first_line(exc), is_path=is_path)) from exc
        device = resolve_device(options.device)
        if device.startswith("cuda"):
            # fp16 halves memory traffic and uses tensor cores; Marian models were
            # trained in fp16-safe ranges, so outputs match fp32 to near-ties.
            marian.half()
        else:
            configure_cpu_threads(options.threads)
        marian.to(device)
        marian.eval()
        return cls(marian, tokenizer, name=model, options=options, device=device)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def translate_batch(self, texts: Sequence[str], progress: Optional[InputsDone] = None) -> list[TranslationOutput]:
        import torch

        limit = min(self.options.max_input_tokens, self.max_positions)
        encoded = [self.tokenizer(t, add_special_tokens=True)["input_ids"] for t in texts]
        too_long = [i for i, ids in enumerate(encoded) if len(ids) > self.max_positions]
        if too_long:
            # The stage splits long inputs first; reaching here is a caller's bug, and
            # silently truncating would drop text, so refuse loudly.
            raise ValueError(f"{len(too_long)} inputs exceed the model's {self.max_positions}-token limit; split them first (limit {limit})")
        results: list[Optional[TranslationOutput]] = [None] * len(texts)
        pad_id = self.tokenizer.pad_token_id
        for batch in plan_batches([len(ids) for ids in encoded], self.max_batch_tokens, self.max_batch_size):
            longest = max(len(encoded[i]) for i in batch)
            input_ids = torch.full((len(batch), longest), pad_id, dtype=torch.long)
            attention = torch.zeros((len(batch), longest), dtype=torch.long)
            for row, i in enumerate(batch):
                ids = encoded[i]
                input_ids[row, : len(ids)] = torch.tensor(ids)
                attention[row, : len(ids)] = 1
            # Reaching a cap is reported (FLAG_LENGTH_LIMIT), not hidden.
            caps = self.output_caps([encoded[i] for i in batch])
            with torch.inference_mode():
                generated = self.model.generate(
                    input_ids=input_ids.to(self.device),
                    attention_mask=attention.to(self.device),
                    num_beams=self.options.beam,
                    max_new_tokens=max(caps),
                    logits_processor=self.logits_processors(caps),
                )
            eos = self.tokenizer.eos_token_id
            for row, i in enumerate(batch):
                seq = generated[row].tolist()
                body = seq[1:]  # after the decoder start token
                hit_limit = eos not in body or body.index(eos) + 1 >= caps[row]
                text = normalise_output(self.tokenizer.decode(seq, skip_special_tokens=True))
                results[i] = TranslationOutput(text=text, flags=(FLAG_LENGTH_LIMIT,) if hit_limit else ())
            if progress is not None:
                progress(len(batch))
        return [r for r in results if r is not None]
