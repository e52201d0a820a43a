"""What the translation stage asks of a backend: options in, `Translator` protocol, outputs.

A backend (toolkit.translate.backends) is batch-first, as CTranslate2's Translator is:
a list of model inputs in, one `TranslationOutput` per input out, in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Protocol, Sequence

ProgressCallback = Callable[[int], None]

# A backend's own flag: the output reached its length cap (a runaway, not hidden).
FLAG_LENGTH_LIMIT = "length_limit_reached"


@dataclass(frozen=True)
class TranslationOptions:
    """The [translate] table of the configuration; each backend reads its own fields."""

    beam: int = 4
    max_batch_tokens: int = 4096  # padded tokens (longest × count) per batch
    max_batch_size: int = 32
    device: str = "auto"  # auto | cpu | cuda | cuda:N
    max_input_tokens: int = 256  # longer inputs are split at clause boundaries
    revision: Optional[str] = None
    backend: str = "transformers"  # a name in toolkit.translate.backends.BACKENDS
    threads: int = 0  # CPU threads for the model; 0 = the cores this process may use
    # CTranslate2 only: "auto" = int8 on CPU, float16 on CUDA (its documented default
    # here, see docs/performance.md); "float32" keeps the model's own precision. The
    # transformers backend never quantizes.
    ct2_compute_type: str = "auto"
    # CTranslate2 on CPU only: batches decoded at once, each worker using threads /
    # workers cores. 0 = auto (one worker per thread, at most 4). Small batches use
    # several cores poorly, so parallel single-threaded workers decode more per second
    # (docs/performance.md); the model weights are shared, not copied.
    ct2_workers: int = 0


@dataclass(frozen=True)
class TranslationOutput:
    text: str
    flags: tuple[str, ...] = ()


class Translator(Protocol):
    """What the stage needs from a backend. Batch in, batch out, order preserved."""

    name: str
    revision: Optional[str]
    options: TranslationOptions

    def count_tokens(self, text: str) -> int: ...

    def translate_batch(self, texts: Sequence[str], progress: Optional[ProgressCallback] = None) -> list[TranslationOutput]: ...
