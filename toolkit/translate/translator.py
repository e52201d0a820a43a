"""What the translation stage asks of a backend: options in, `Translator` protocol, outputs.

A backend (toolkit.translate.backends) is batch-first, as CTranslate2's Translator is:
a list of model inputs in, one `TranslationOutput` per input out, in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Protocol, Sequence

# Called with n as n more model inputs are translated (the batch job's progress callback,
# toolkit.batch.report.ProgressCallback, takes events instead).
InputsDone = Callable[[int], None]

# A backend's own flag: the output reached its length cap (a runaway, not hidden).
FLAG_LENGTH_LIMIT = "length_limit_reached"


@dataclass(frozen=True)
class CTranslate2Options:
    """The CTranslate2 backend's own options ([translate] keys `ct2_compute_type`,
    `ct2_workers`; flags --ct2-compute-type, --ct2-workers). The transformers backend has
    none beyond the common ones."""

    # "auto" = int8 on CPU, float16 on CUDA (its documented default here, see
    # docs/performance.md); "float32" keeps the model's own precision. The transformers
    # backend never quantizes.
    compute_type: str = "auto"
    # CPU only: batches decoded at once, each worker using threads / workers cores.
    # 0 = auto (one worker per thread, at most 4). Small batches use several cores
    # poorly, so parallel single-threaded workers decode more per second
    # (docs/performance.md); the model weights are shared, not copied.
    workers: int = 0


# [translate] keys that belong to a backend's own options: key → (options field, its field).
BACKEND_OPTION_KEYS = {"ct2_compute_type": ("ctranslate2", "compute_type"), "ct2_workers": ("ctranslate2", "workers")}


@dataclass(frozen=True)
class TranslationOptions:
    """The [translate] table of the configuration: what every backend reads, and each
    backend's own options (`ctranslate2`)."""

    beam: int = 4
    max_batch_tokens: int = 4096  # padded tokens (longest × count) per batch
    max_batch_size: int = 32
    device: str = "auto"  # auto | cpu | cuda | cuda:N
    max_input_tokens: int = 256  # longer inputs are split at clause boundaries
    revision: Optional[str] = None
    backend: str = "transformers"  # a name in toolkit.translate.backends.BACKENDS
    threads: int = 0  # CPU threads for the model; 0 = the cores this process may use
    ctranslate2: CTranslate2Options = CTranslate2Options()

    def as_table(self) -> dict:
        """The options as the flat [translate] table of the configuration file."""
        table = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "ctranslate2"}
        for key, (backend, name) in BACKEND_OPTION_KEYS.items():
            table[key] = getattr(getattr(self, backend), name)
        return table

    @classmethod
    def from_table(cls, table: dict) -> "TranslationOptions":
        """Options from a flat [translate] table (keys as in configs/default.toml)."""
        common = {k: v for k, v in table.items() if k not in BACKEND_OPTION_KEYS}
        ct2 = {BACKEND_OPTION_KEYS[k][1]: v for k, v in table.items() if k in BACKEND_OPTION_KEYS}
        return cls(**common, ctranslate2=CTranslate2Options(**ct2))


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

    def translate_batch(self, texts: Sequence[str], progress: Optional[InputsDone] = None) -> list[TranslationOutput]: ...
