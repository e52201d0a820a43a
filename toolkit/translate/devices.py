"""Which device a backend runs on: `auto | cpu | cuda | cuda:N` resolved against what
torch or CTranslate2 can see, with the same refusal when CUDA is asked for but absent."""

from __future__ import annotations

import re

from toolkit.errors import ConfigError, ModelUnavailableError


def resolve_device(requested: str) -> str:
    """torch's device string for `requested` (the transformers backend)."""
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested.startswith("cuda") and not torch.cuda.is_available():
        raise ModelUnavailableError(f"device {requested!r} requested but CUDA is not available on this machine; use --device cpu")
    return requested


def resolve_indexed_device(requested: str, cuda_devices: int) -> tuple[str, int]:
    """("cpu" | "cuda", device index) from auto | cpu | cuda | cuda:N, given the CUDA
    devices CTranslate2 sees (it takes the kind and the index apart)."""
    if requested == "auto":
        return ("cuda", 0) if cuda_devices else ("cpu", 0)
    if requested == "cpu":
        return "cpu", 0
    match = re.fullmatch(r"cuda(?::(\d+))?", requested)
    if not match:
        raise ConfigError(f"device {requested!r}: expected auto, cpu, cuda or cuda:N")
    index = int(match.group(1) or 0)
    if index >= cuda_devices:
        raise ModelUnavailableError(f"device {requested!r} requested but CTranslate2 sees {cuda_devices} CUDA device(s); use --device cpu")
    return "cuda", index
