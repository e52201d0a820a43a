"""Measuring the reviewer checks without a model (docs/checks.md).

False alarms: a human reference translation says what the French says, so every finding
on it is a false alarm unless the reference really dropped the fact. Detection: the
references are corrupted the ways machine translation fails, one kind at a time, and a
corruption counts as caught when the check of that kind fires on the corrupted pair.

`corrupt(fr, en, kind, rng, fr_doc)` returns the corrupted English, or None where the kind
does not apply to the pair (no figure in the French to alter, no negation to remove …):

- number_mismatch: a figure of the English that renders a French figure is altered (one
  digit changed) or dropped (with its "%"), by a coin toss;
- negation_mismatch: one English negator that renders a French negation is removed
  ("not" and "n't" deleted, "never" deleted, "without" → "with", "no" deleted,
  "nothing" → "everything" …);
- hedge_lost: where the French hedges a claim, every evidential of the English is removed
  ("reportedly" deleted, "according to X," deleted, "would have" → "has", "would" →
  "will", "said to be" → "is" …); pairs whose evidentials these edits cannot remove
  ("he said" as the main verb) are not used;
- name_missing: the English counterpart of a French name (PER, ORG, LOC) is replaced by
  another name;
- untranslated: the English is replaced by the French;
- omission: one clause of the English (a stretch between commas, semicolons, colons,
  dashes or brackets, of at least four words and at most two thirds of the sentence) is
  deleted.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from toolkit import checks
from toolkit.checks.text import words_of

REPLACEMENT_NAMES = ("Kowalczyk", "Okonkwo", "Nakamura", "Lindqvist", "Papadakis", "Oyelaran", "Brandt")

_NEGATOR_EDITS = {
    "not": "", "never": "", "no": "", "without": "with", "nothing": "everything", "nobody": "everybody",
    "none": "all", "neither": "either", "nor": "or", "cannot": "can", "nowhere": "everywhere",
    "hardly": "", "barely": "", "scarcely": "", "no-one": "everyone", "noone": "everyone",
}
_NT_EDITS = {"can't": "can", "won't": "will", "don't": "do", "doesn't": "does", "didn't": "did", "isn't": "is",
             "aren't": "are", "wasn't": "was", "weren't": "were", "hasn't": "has", "haven't": "have", "hadn't": "had",
             "couldn't": "could", "wouldn't": "would", "shouldn't": "should", "mustn't": "must", "needn't": "need"}

# Evidential removals, applied in order; a pair is used only if none is left afterwards.
_HEDGE_EDITS = (
    (r"\b[Aa]ccording to [^,.;:]*?(?:,\s*|(?=[.;:])|$)", ""),
    (r",?\s*\b(?:reportedly|allegedly|purportedly|supposedly|apparently|ostensibly|presumably|seemingly|possibly|probably|perhaps|maybe|likely)\b,?", ""),
    (r"\b(?:would|could|might|may|should) have been\b", "was"),
    (r"\b(?:would|could|might|may|should) have\b", "had"),
    (r"\b(?:is|are|was|were) (?:said|believed|thought|understood|reported|alleged|claimed|rumou?red|expected|supposed|suspected) to (?:have )?(?:be )?", "is "),
    (r"\b(?:would|could|might|may|should)\b", "will"),
    (r"['’]d\b", " will"),
    (r"\balleged\s+", ""),
    (r"\b(?:appears?|seems?|appeared|seemed) to (?:be )?", "is "),
)


def corrupt(fr_text: str, en_text: str, kind: str, rng: random.Random, fr_doc=None, common: Optional[frozenset] = None) -> Optional[tuple[str, str]]:
    """(corrupted English, what changed) or None where `kind` does not apply. `common` is
    `checks.common_words(nlp)` for the pipeline that parsed `fr_doc` (default: the
    default pipeline's)."""
    if kind == checks.NUMBER_MISMATCH:
        return _corrupt_number(fr_text, en_text, rng)
    if kind == checks.NEGATION_MISMATCH:
        return _corrupt_negation(fr_text, en_text, rng, fr_doc)
    if kind == checks.HEDGE_LOST:
        return _corrupt_hedge(fr_text, en_text, fr_doc)
    if kind == checks.NAME_MISSING:
        return _corrupt_name(en_text, rng, fr_doc, common)
    if kind == checks.UNTRANSLATED:
        return (fr_text, "English replaced by the French") if len(words_of(fr_text, french=True)) >= 4 else None
    if kind == checks.OMISSION:
        return _corrupt_omission(en_text, rng)
    raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(checks.KINDS)}")


def _corrupt_number(fr_text: str, en_text: str, rng: random.Random):
    fr_values = set().union(*(n.values for n in checks.french_numbers(fr_text) if not n.written)) if fr_text else set()
    candidates = [n for n in checks.english_numbers(en_text) if not n.written and n.values & fr_values and re.search(r"\d", n.text)]
    if not candidates:
        return None
    n = rng.choice(candidates)
    digits = [i for i, c in enumerate(n.text) if c.isdigit()]
    if rng.random() < 0.5:
        i = rng.choice(digits)
        new_digit = str((int(n.text[i]) + rng.randint(1, 8)) % 10)
        if i == digits[0] and new_digit == "0" and len(digits) > 1:
            new_digit = "9"
        altered = n.text[:i] + new_digit + n.text[i + 1:]
        return en_text[:n.start] + altered + en_text[n.end:], f"{n.text} -> {altered}"
    end = n.end
    unit = re.match(r"\s*(?:%|per ?cent|percent)", en_text[end:])
    end += unit.end() if unit else 0
    start = n.start
    while start > 0 and en_text[start - 1] in "$€£":
        start -= 1
    out = re.sub(r"\s{2,}", " ", en_text[:start] + en_text[end:]).strip()
    return out, f"dropped {en_text[start:end]}"


def _corrupt_negation(fr_text: str, en_text: str, rng: random.Random, fr_doc):
    if not checks.french_negations(fr_text, fr_doc):
        return None
    candidates = []
    for m in re.finditer(r"[\w'’-]+", en_text):
        low = m.group().lower().replace("’", "'")
        if low in _NEGATOR_EDITS:
            candidates.append((m, _NEGATOR_EDITS[low]))
        elif low in _NT_EDITS:
            candidates.append((m, _NT_EDITS[low]))
        elif low.endswith("n't"):
            candidates.append((m, m.group()[:-3]))
    if not candidates:
        return None
    m, replacement = rng.choice(candidates)
    if replacement and m.group()[0].isupper():
        replacement = replacement[0].upper() + replacement[1:]
    out = re.sub(r"\s{2,}", " ", en_text[:m.start()] + replacement + en_text[m.end():]).strip()
    return out, f"{m.group()} -> {replacement or '(removed)'}"


def _corrupt_hedge(fr_text: str, en_text: str, fr_doc):
    if not checks.french_hedges(fr_text, fr_doc) or not checks.english_evidentials(en_text):
        return None
    out = en_text
    for pattern, replacement in _HEDGE_EDITS:
        out = re.sub(pattern, replacement, out)
    out = re.sub(r"\s{2,}", " ", out).strip()
    if checks.english_evidentials(out) or out == en_text:
        return None
    return out, "evidentials removed"


def _corrupt_name(en_text: str, rng: random.Random, fr_doc, common: Optional[frozenset]):
    if fr_doc is None:
        return None
    if common is None:
        common = checks.common_words(checks.default_nlp())
    candidates = []
    en_tokens = list(re.finditer(r"[^\W_]+(?:\.[^\W_]+)*", en_text))
    for ent, proper in checks.checked_names(fr_doc, common):
        hits = [m for m in en_tokens if any(checks.names_match(t, m.group()) for t in proper)]
        if hits:
            candidates.append((ent, hits))
    if not candidates:
        return None
    ent, hits = rng.choice(candidates)
    used = {checks.fold(m.group()) for m in hits}
    names = [n for n in REPLACEMENT_NAMES if checks.fold(n) not in used and n.lower() not in en_text.lower()]
    name = rng.choice(names)
    out, shift = en_text, 0
    for m in sorted({m.start(): m for m in hits}.values(), key=lambda m: m.start()):
        out = out[:m.start() + shift] + name + out[m.end() + shift:]
        shift += len(name) - (m.end() - m.start())
    return out, f"{ent.text}: {', '.join(m.group() for m in hits)} -> {name}"


def _corrupt_omission(en_text: str, rng: random.Random):
    cuts = [0] + [m.end() for m in re.finditer(r"[,;:()–—]|\s-\s", en_text)] + [len(en_text)]
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        chunk = en_text[a:b]
        n_words = len(re.findall(r"[^\W\d_]+", chunk))
        if n_words >= 4 and (b - a) <= 2 / 3 * len(en_text):
            spans.append((a, b))
    if not spans:
        return None
    a, b = rng.choice(spans)
    out = re.sub(r"\s{2,}", " ", en_text[:a] + " " + en_text[b:]).strip()
    out = re.sub(r"\s+([,.;:])", r"\1", out)
    return out, f"deleted: {en_text[a:b].strip()}"


@dataclass
class Measurement:
    pairs: int = 0
    flagged: int = 0
    by_kind: dict = field(default_factory=dict)  # kind -> reference pairs flagged with it
    corrupted: dict = field(default_factory=dict)  # kind -> corruptions made
    caught: dict = field(default_factory=dict)  # kind -> corruptions caught by that kind

    def false_alarm_rate(self, kind: Optional[str] = None) -> float:
        n = self.flagged if kind is None else self.by_kind.get(kind, 0)
        return n / self.pairs if self.pairs else 0.0

    def detection_rate(self, kind: str) -> float:
        made = self.corrupted.get(kind, 0)
        return self.caught.get(kind, 0) / made if made else 0.0


def measure(sources: Sequence[str], references: Sequence[str], docs: Sequence, nlp, seed: int = 0, kinds: Sequence[str] = checks.KINDS) -> tuple[Measurement, list]:
    """False alarms on the references and detection on their corruptions, one kind at a
    time. Returns the measurement and the reference findings (per pair)."""
    common = checks.common_words(nlp)
    result = Measurement(pairs=len(sources))
    findings = []
    for f, e, doc in zip(sources, references, docs):
        found = checks.check_pair(f, e, doc, nlp=nlp)
        findings.append(found)
        if found:
            result.flagged += 1
        for k in checks.flags(found):
            result.by_kind[k] = result.by_kind.get(k, 0) + 1
    for kind in kinds:
        rng = random.Random(f"{seed}:{kind}")
        for f, e, doc in zip(sources, references, docs):
            made = corrupt(f, e, kind, rng, doc, common)
            if made is None:
                continue
            result.corrupted[kind] = result.corrupted.get(kind, 0) + 1
            if any(x.kind == kind for x in checks.check_pair(f, made[0], doc, nlp=nlp)):
                result.caught[kind] = result.caught.get(kind, 0) + 1
    return result, findings
