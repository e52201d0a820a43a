"""Where a model's files are: a local folder or a Hugging Face hub id, and what to tell
the user when the weights are not there (ModelUnavailableError; the CLI exits with 3).

Shared by every backend, so that a missing model reads the same whichever one loads it.
"""

from __future__ import annotations

import os
import re
import socket
from contextlib import contextmanager
from pathlib import Path
from typing import Optional
from urllib.parse import urlparse

from toolkit.errors import ModelUnavailableError

# What a MarianMT checkpoint folder holds (as Helsinki-NLP/opus-mt-* ship them), so a
# folder missing some gets a list instead of a transformers error about NoneType.
MARIAN_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
MARIAN_WEIGHTS = ("*.safetensors", "*.bin")
# Top-level folders that hold models by the README's convention (`models/opus-mt-fr-en`):
# a reference under one of them is a local folder even before the folder exists.
LOCAL_MODEL_ROOTS = ("models",)
_HUB_ID = re.compile(r"[\w.-]+(?:/[\w.-]+)?")


def hub_reachable(timeout: float = 3.0) -> bool:
    """One quick TCP connect to the hub, so an offline run fails in seconds, not minutes
    of huggingface_hub retries."""
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
        return False
    endpoint = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    host, port = endpoint.hostname or "huggingface.co", endpoint.port or (443 if endpoint.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def unavailable_message(model: str, detail: str, is_path: bool = False) -> str:
    """What went wrong and the ways to provide the weights."""
    hub_id = "Helsinki-NLP/opus-mt-fr-en" if is_path else model
    # A local folder the user named is where the weights should go; a hub id goes to
    # the README's folder.
    local_dir = model if is_path else "models/opus-mt-fr-en"
    return (
        f"cannot load the translation model {model!r}: {detail}\n"
        "Provide the weights in one of these ways:\n"
        "  1. On a machine with internet access, download them once:\n"
        f"       hf download {hub_id} --local-dir {local_dir}\n"
        f"     copy the folder here, and run with --model {local_dir}\n"
        "     (or set `model` under [languages.fr] in configs/default.toml).\n"
        "  2. Or point HF_HOME at a Hugging Face cache that already holds the model.\n"
        "`toolkit analyze` runs every stage except translation and needs no model."
    )


def not_cached_offline(model: str) -> ModelUnavailableError:
    """A hub id that is neither in the local cache nor reachable."""
    return ModelUnavailableError(
        unavailable_message(model, "it is not in the local Hugging Face cache and the hub is unreachable from this machine")
    )


def first_line(exc: BaseException) -> str:
    """An exception's first line, or its type's name when it has no message."""
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def local_model_path(model: str) -> Optional[Path]:
    """The folder that `model` names, or None when it is a hub id.

    Hub ids are `name` or `org/name`. Anything else is a path: what exists on disk,
    what starts with . / or ~, what has more than one slash or characters a hub id
    cannot hold, and `first/rest` when `first` is a local folder or one of
    LOCAL_MODEL_ROOTS — so a missing `models/opus-mt-fr-en` is reported as a missing
    folder, not looked up on the hub.
    """
    path = Path(model).expanduser()
    if path.exists() or model.startswith((".", "/", "~")) or not _HUB_ID.fullmatch(model):
        return path
    first = model.split("/", 1)[0]
    if "/" in model and (first in LOCAL_MODEL_ROOTS or Path(first).is_dir()):
        return path
    return None


def check_model_folder(model: str, folder: Path) -> None:
    """Raise ModelUnavailableError, naming what is missing, unless `folder` holds a
    MarianMT checkpoint."""
    if not folder.exists():
        raise ModelUnavailableError(unavailable_message(model, f"model folder {folder} does not exist", is_path=True))
    if not folder.is_dir():
        raise ModelUnavailableError(unavailable_message(model, f"{folder} is a file, not a model folder", is_path=True))
    missing = [name for name in MARIAN_FILES if not (folder / name).is_file()]
    if not any(next(folder.glob(pattern), None) for pattern in MARIAN_WEIGHTS):
        missing.append("the weights (" + " or ".join(MARIAN_WEIGHTS) + ")")
    if missing:
        raise ModelUnavailableError(
            unavailable_message(model, f"the model folder {folder} lacks {', '.join(missing)}; it is not a complete MarianMT checkpoint", is_path=True)
        )


def checkpoint_folder(model: str, revision: Optional[str]) -> Path:
    """A local folder holding the transformers checkpoint: the path itself, or the hub
    snapshot (from the local cache first; the hub only when it answers)."""
    path = local_model_path(model)
    if path is not None:
        check_model_folder(model, path)
        return path
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(model, revision=revision, local_files_only=True))
    except Exception:  # huggingface_hub raises several types for "not cached"
        if not hub_reachable():
            raise not_cached_offline(model) from None
    try:
        return Path(snapshot_download(model, revision=revision))
    except Exception as exc:
        raise ModelUnavailableError(unavailable_message(model, first_line(exc))) from exc


@contextmanager
def quiet_hub_progress():
    """Silence the transformers / huggingface_hub progress bars ("Loading weights",
    downloads) while a model loads: they land in cron logs, and the toolkit reports
    its own progress. The previous setting is restored afterwards."""
    from huggingface_hub.utils import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars
    from transformers.utils import logging as hf_logging

    transformers_bars = hf_logging.is_progress_bar_enabled()
    hub_bars = not are_progress_bars_disabled()
    hf_logging.disable_progress_bar()  # both libraries' bars
    try:
        yield
    finally:
        if transformers_bars:
            hf_logging.enable_progress_bar()  # turns the hub's back on too
        if hub_bars == are_progress_bars_disabled():
            (enable_progress_bars if hub_bars else disable_progress_bars)()
