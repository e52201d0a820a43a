"""Loading the spaCy pipeline fast: the one-off costs of `toolkit analyze`.

On five seed articles, loading `fr_core_news_md` is most of the command's time, and
most of that is not the model: importing thinc pulls in torch, and importing
`spacy.lang.fr` compiles one regular expression of ~640 alternatives, each with the same
Unicode letter classes, which Python's `re` optimises again for every copy. Both are
avoided here without changing what spaCy computes (docs/quotes.md, *Speed*).
"""

from __future__ import annotations

import contextlib
import re
import sys
from typing import Iterator

from toolkit.errors import ConfigError


def _import_spacy_without_torch():
    """Import spaCy without letting thinc import torch.

    thinc imports torch eagerly when it is installed (about 1.5 s here, a third of
    `toolkit analyze` on five articles), though spaCy's CNN pipelines never use it. A
    `None` entry in sys.modules makes that import fail quickly inside thinc; it is
    removed at once, so torch imports normally later (the translation backends).
    """
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy


@contextlib.contextmanager
def memoized_regex_charsets() -> Iterator[None]:
    """Within the block, `re` optimises each distinct character class once.

    `re`'s internal `_optimize_charset` is a pure function of its arguments; the French
    tokenizer's token-match pattern repeats the same letter classes ~800 times and spends
    about a second re-deriving identical results. The memo returns a fresh copy of the
    first result's items, so compiled patterns are exactly what `re` would build, and the
    original function is restored on exit. If this Python's `re` has no such function
    (its internals are not an API), nothing is patched. The patch is process-wide while
    the block runs: load pipelines from one thread at a time.
    """
    compiler = getattr(re, "_compiler", None) or sys.modules.get("sre_compile")
    original = getattr(compiler, "_optimize_charset", None)
    if original is None:
        yield
        return
    memo: dict = {}

    def optimize(charset, iscased=None, fixup=None, fixes=None):
        try:
            key = (tuple(charset), iscased, fixup, id(fixes) if fixes is not None else None)
            hash(key)
        except TypeError:
            return original(charset, iscased, fixup, fixes)
        if key not in memo:
            memo[key] = (original(charset, iscased, fixup, fixes), fixes)  # keep `fixes` alive: its id is in the key
        charset_out, hascased = memo[key][0]
        # Items are (opcode, argument) pairs; list arguments (CHARSET, BIGCHARSET) are copied.
        return [(op, list(av) if isinstance(av, list) else av) for op, av in charset_out], hascased

    compiler._optimize_charset = optimize
    try:
        yield
    finally:
        compiler._optimize_charset = original


class _IndexedList(list):
    """A list whose `in` is a set lookup. spaCy's French rule lemmatizer tests
    `word in index` against lists of 9,000 to 66,000 known lemmas, a linear scan for every
    word it has not cached yet: most of the parse's extra cost on unseen text. Still a
    list for everything else (iteration, order, serialisation)."""

    def __init__(self, items):
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item) -> bool:
        return item in self._members


def index_lemma_tables(nlp) -> None:
    """Give the lemmatizers' `lemma_index` tables set-speed membership, in place.

    The lemmas are unchanged (same lists, same order; `tests/test_spacy_loader.py`
    compares every lemma of 1,000 news sentences with and without)."""
    for _, pipe in nlp.pipeline:
        lookups = getattr(pipe, "lookups", None)
        if lookups is None or not lookups.has_table("lemma_index"):
            continue
        table = lookups.get_table("lemma_index")
        for key, value in list(table.items()):
            if isinstance(value, list) and not isinstance(value, _IndexedList):
                table[key] = _IndexedList(value)


def load_nlp(spacy_model: str):
    """Load the spaCy pipeline for segmentation (and the quote stage's parse and NER)."""
    with memoized_regex_charsets():
        spacy = _import_spacy_without_torch()
        from thinc.api import use_ops

        try:
            # Layers take their ops when built. numpy's BLAS runs the CNN pipelines' matrix
            # products about 20 % faster than thinc's bundled blis on the machines measured
            # here, with identical annotations (docs/performance.md). Scoped to this load,
            # so other spaCy pipelines in the process keep their own ops.
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(spacy_model)
        except OSError as exc:
            raise ConfigError(
                f"spaCy model {spacy_model!r} is not installed: `pip install {spacy_model}` "
                f"(it is a dependency of this package; reinstall with `pip install -e .`)"
            ) from exc
    index_lemma_tables(nlp)
    return nlp
