"""FAKE translator for tests and the quote-survival benchmark: NOT a translation model.

`OpusMtBehaviourStub` returns its input (already quote-normalised by the pipeline) with
one perturbation applied, each one something opus-mt models are known to do to quote
marks and short inputs. It exists to check that quote tracking survives what a real
model does; it implements the `Translator` protocol so it runs through the same stage
code as `MarianTranslator`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from toolkit.translate.translator import InputsDone, TranslationOptions, TranslationOutput

PERTURBATIONS = (
    "none",  # marks passed through as the pipeline sent them (")
    "keep_guillemets",  # the model echoes French « » instead of "
    "curly_quotes",  # " becomes “ ”
    "drop_closing_mark",  # the last mark of the sentence is lost
    "drop_all_marks",  # every mark is lost
    "duplicate_mark",  # the first mark is emitted twice
    "move_incise",  # the closing mark jumps to before an incise: "A, he says, B" → "A," he says, B
    "merge_sentences",  # two short sentences merged into one
    "html_entities",  # " emitted as &quot;
    "repeat_phrase",  # the last words repeated (hallucination on fragments)
)

_MARK = re.compile(r'"')


def perturb(text: str, kind: str) -> str:
    marks = [m.start() for m in _MARK.finditer(text)]
    if kind in ("keep_guillemets", "curly_quotes"):
        opening_mark, closing_mark = ("« ", " »") if kind == "keep_guillemets" else ("“", "”")
        out, opening = [], True
        for ch in text:
            if ch == '"':
                out.append(opening_mark if opening else closing_mark)
                opening = not opening
            else:
                out.append(ch)
        return "".join(out)
    if kind == "drop_closing_mark" and marks:
        return text[: marks[-1]] + text[marks[-1] + 1 :]
    if kind == "drop_all_marks":
        return text.replace('"', "")
    if kind == "duplicate_mark" and marks:
        return text[: marks[0]] + '""' + text[marks[0] + 1 :]
    if kind == "move_incise" and len(marks) >= 2:
        comma = text.find(", ", marks[0])
        if marks[0] < comma < marks[-1]:
            moved = text[:comma + 1] + '"' + text[comma + 1 : marks[-1]] + text[marks[-1] + 1 :]
            return moved
        return text
    if kind == "merge_sentences":
        return re.sub(r"([^.!?]{3,60})\. ([A-ZÀ-Ý])", lambda m: m.group(1) + ", and " + m.group(2).lower(), text, count=1)
    if kind == "html_entities":
        return text.replace('"', "&quot;")
    if kind == "repeat_phrase":
        words = text.split()
        tail = " ".join(words[-3:])
        return text + (" " + tail) * 3 if words else text
    return text


@dataclass
class OpusMtBehaviourStub:
    """A Translator that applies one `perturbation` to every input. FAKE, see module doc."""

    perturbation: str = "none"
    name: str = "stub:opus-mt-behaviour"
    revision: Optional[str] = None
    options: TranslationOptions = field(default_factory=lambda: TranslationOptions(beam=1))
    calls: list = field(default_factory=list)

    def __post_init__(self):
        if self.perturbation not in PERTURBATIONS:
            raise ValueError(f"unknown perturbation {self.perturbation!r}; known: {', '.join(PERTURBATIONS)}")

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1

    def translate_batch(self, texts: Sequence[str], progress: Optional[InputsDone] = None) -> list[TranslationOutput]:
        self.calls.append(list(texts))
        outputs = [TranslationOutput(text=perturb(t, self.perturbation)) for t in texts]
        if progress:
            progress(len(texts))
        return outputs
