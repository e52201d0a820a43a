"""The translation backends, by name, imported only when asked for (as sacrebleu's
metrics are): the default install never imports CTranslate2, and an unknown name is a
configuration error that lists the known ones.

Each backend is a class with `load(model, options)` that returns a `Translator`
(toolkit.translate.translator): batch in, batch out.
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from typing import Optional

from toolkit.errors import ConfigError
from toolkit.translate.translator import TranslationOptions, Translator

# name → (module, class). "ctranslate2" is the optional fast backend (`pip install .[fast]`).
BACKENDS: dict[str, tuple[str, str]] = {
    "transformers": ("toolkit.translate.backends.transformers", "MarianTranslator"),
    "ctranslate2": ("toolkit.translate.backends.ctranslate2", "CTranslate2Translator"),
}


def backend_class(name: str) -> type:
    """The backend class registered as `name`, its module imported now."""
    if name not in BACKENDS:
        raise ConfigError(f"unknown translation backend {name!r}; choose one of {', '.join(BACKENDS)}")
    module, cls = BACKENDS[name]
    return getattr(importlib.import_module(module), cls)


def load_translator(model: str, options: TranslationOptions = TranslationOptions(), backend: Optional[str] = None) -> Translator:
    """Load the translation backend named by `backend` (default: `options.backend`)."""
    name = backend or options.backend
    if name != options.backend:
        options = replace(options, backend=name)
    return backend_class(name).load(model, options)
