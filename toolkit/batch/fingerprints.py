"""What identifies a source file, a translation model and a run's configuration, so that
a rerun knows what it may skip (docs/batch.md, "What a rerun redoes").

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
from pathlib import Path
from typing import Optional

from toolkit import __version__
from toolkit.translate.translator import TranslationOptions, Translator


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
        "ct2_compute_type": options.ctranslate2.compute_type if options.backend == "ctranslate2" else None,
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
