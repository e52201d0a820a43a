"""Loading spaCy fast must not change what it computes."""

from __future__ import annotations

import re

from toolkit.segment.spacy_loader import memoized_regex_charsets


def _compiler():
    if hasattr(re, "_compiler"):
        return re._compiler
    import sre_compile  # Python 3.10

    return sre_compile  # pragma: no cover


COMPILER = _compiler()


def test_memoised_charsets_compile_identical_patterns_and_restore_re():
    letters = "a-zàâçéèêëîïôûùüÿñæœ"
    # Repeated classes, as in spaCy's French token-match pattern (case-insensitive, Unicode).
    pattern = "(?iu)" + "|".join(f"(?:^{w}[-‐][{letters}]+$)" for w in ("anti", "auto", "demi", "extra", "anti"))
    plain = COMPILER.compile(pattern, 0)
    original = COMPILER._optimize_charset
    with memoized_regex_charsets():
        memo = COMPILER.compile(pattern, 0)
        again = COMPILER.compile(pattern, 0)
    # CPython compares compiled patterns by flags and bytecode.
    assert memo == plain == again
    assert COMPILER._optimize_charset is original
    assert memo.match("Anti-Âge") and not memo.match("anti-") and not memo.match("mini-jupe")


def test_loaded_pipeline_tokenizer_patterns_are_the_plain_compilations(nlp):
    for name in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        bound = getattr(nlp.tokenizer, name)
        if bound is None:
            continue
        compiled = bound.__self__
        assert compiled == COMPILER.compile(compiled.pattern, compiled.flags), name


def test_indexed_lemma_tables_give_the_same_lemmas(nlp):
    """The set-speed `lemma_index` must not change a single lemma."""
    from conftest import TESTSETS
    from toolkit.segment.spacy_loader import _IndexedList, index_lemma_tables

    lines = (TESTSETS / "newstest2014.fr").read_text(encoding="utf-8").splitlines()[:1000]
    lemmatizer = nlp.get_pipe("lemmatizer")
    table = lemmatizer.lookups.get_table("lemma_index")
    assert table and all(isinstance(v, _IndexedList) for v in table.values())

    def lemmas():
        lemmatizer.cache.clear()  # every word goes through the rules again
        return [t.lemma_ for doc in nlp.pipe(lines) for t in doc]

    indexed = lemmas()
    try:
        for key, value in list(table.items()):
            table[key] = list(value)  # spaCy's own plain lists
        plain = lemmas()
    finally:
        index_lemma_tables(nlp)
    assert indexed == plain
    assert len(indexed) > 20000


def test_re_is_restored_when_the_block_raises():
    original = COMPILER._optimize_charset
    try:
        with memoized_regex_charsets():
            assert COMPILER._optimize_charset is not original
            raise KeyError("boom")
    except KeyError:
        pass
    assert COMPILER._optimize_charset is original
