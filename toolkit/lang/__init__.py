"""Per-language facts the language-neutral stages need: the profile type and the registry
of profiles, built from toolkit/lang/fr and toolkit/lang/en (each language's word lists
live there too, one module per stage that needs them).

Adding a source language means adding a package beside fr/ and en/ and a profile here
(plus its segmentation and quote rules in those stages) and a model id in
configs/default.toml. Telling languages apart: toolkit/lang/guess.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.lang import en, fr


@dataclass(frozen=True)
class LanguageProfile:
    code: str
    spacy_model: str | None
    # Frequent function words: enough to tell languages apart on a sentence.
    stopwords: frozenset[str]
    # Words before which a clause may start, for splitting over-long inputs.
    clause_openers: tuple[str, ...] = ()


PROFILES: dict[str, LanguageProfile] = {
    language.__name__.rpartition(".")[2]: LanguageProfile(
        code=language.__name__.rpartition(".")[2],
        spacy_model=language.SPACY_MODEL,
        stopwords=language.STOPWORDS,
        clause_openers=language.CLAUSE_OPENERS,
    )
    for language in (fr, en)
}


def profile(code: str) -> LanguageProfile:
    try:
        return PROFILES[code]
    except KeyError:
        raise KeyError(f"no language profile for {code!r}; known: {', '.join(sorted(PROFILES))}") from None
