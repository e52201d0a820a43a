"""Batch-run machinery for `run_translate`: what to redo, the model key of the
translation cache (toolkit.batch.cache), the run summary. The pipeline composes these;
the manifest (toolkit.batch.manifest) stores state.

Decisions, in one place:
- An article is skipped when the manifest says `done` for the same file content
  (sha256), the same configuration hash, and its output files still exist.
- The configuration hash covers everything that changes an output file: the toolkit
  version, source language, spaCy model and version, the translation model's identity
  (name, revision, and for a local folder its files' sizes and mtimes) and the settings
  that change a translation (beam, max_input_tokens). Batch sizes and device do not
  enter it: they change speed, not the result.
- The sentence cache is keyed by the model key (the same identity and settings) and the
  exact model input, so it is shared by every article and every run with that model.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from toolkit import __version__
from toolkit.ingest.text import discover
from toolkit.translate.translator import TranslationOptions, Translator

RUN_SCHEMA = "toolkit.run/1"


class RunInterrupted(Exception):
    """Raised inside a chunk when a stop was requested; the chunk is abandoned."""


class StopRequest:
    """A stop flag for `run_translate(should_stop=...)`: calling it says whether a stop
    was asked for, and the pipeline polls it between translation batches and articles.

    The stages that never poll (cleaning, parsing and the quote stage of a chunk; on a
    huge article they run for minutes) run inside `raising()`: a request there raises
    RunInterrupted at once, so a stop is honoured within seconds in every stage. That is
    safe because those stages write nothing; the chunk is abandoned as on a polled stop.
    """

    def __init__(self) -> None:
        self.requested = False
        self._raise_now = False

    def __call__(self) -> bool:
        return self.requested

    def request(self) -> None:
        self.requested = True
        if self._raise_now:
            self._raise_now = False  # once: the handler of the exception may not be interrupted
            raise RunInterrupted()

    @contextmanager
    def raising(self) -> Iterator[None]:
        if self.requested:
            raise RunInterrupted()
        self._raise_now = True
        try:
            yield
        finally:
            self._raise_now = False


def stop_raising(stop: Callable[[], bool]):
    """`stop.raising()` for a StopRequest; any other should_stop callable is only polled."""
    return stop.raising() if isinstance(stop, StopRequest) else nullcontext()


@dataclass(frozen=True)
class IgnoredFile:
    path: Path
    reason: str


def discover_inputs(inputs: Iterable[Path], suffixes: tuple[str, ...] = (".txt",)) -> tuple[list[Path], list[IgnoredFile]]:
    """The .txt files to process, and every other file in the input folders, so that a
    PDF or image dropped into the corpus is reported instead of silently ignored."""
    inputs = list(inputs)
    paths = discover(inputs, suffixes)
    ignored: list[IgnoredFile] = []
    for item in map(Path, inputs):
        if item.is_dir():
            for child in sorted(item.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and child.suffix.lower() not in suffixes:
                    ignored.append(IgnoredFile(child, f"not a {'/'.join(suffixes)} file; not processed"))
    return paths, ignored


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _folder_fingerprint(folder: Path) -> list[tuple[str, int, int]]:
    return sorted(
        (str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()
    )


def model_identity(name: str, revision: Optional[str]) -> dict:
    """Name and revision; for a local folder (no hub revision) its files' sizes and
    mtimes, so replacing the weights in place counts as a model change."""
    identity: dict = {"name": name, "revision": revision}
    folder = Path(name).expanduser()
    if folder.is_dir():
        identity["files"] = _folder_fingerprint(folder)
    return identity


def model_key(translator: Translator) -> str:
    options: TranslationOptions = translator.options
    payload = {
        "model": model_identity(translator.name, translator.revision),
        "beam": options.beam,
        "max_input_tokens": options.max_input_tokens,
        # Different backends and precisions give different outputs (int8 is not float32).
        "backend": options.backend,
        "ct2_compute_type": options.ct2_compute_type if options.backend == "ctranslate2" else None,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def config_hash(translator_model_key: str, source_language: str, spacy_model: str, spacy_version: Optional[str]) -> str:
    payload = {
        "toolkit": __version__,
        "source_language": source_language,
        "spacy_model": spacy_model,
        "spacy_version": spacy_version,
        "model_key": translator_model_key,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def run_id_for(started_wall: float) -> str:
    """A sortable, file-name-safe timestamp; the pid keeps two runs in one instant apart."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(started_wall))
    return f"{stamp}.{int(started_wall * 1e6) % 1_000_000:06d}Z-{os.getpid()}"


def iso(timestamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))
