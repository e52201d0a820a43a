"""Scoring quotes against hand-made gold, after the Gender Gap Tracker protocol.

Metrics (small classes in the style of sacrebleu's metrics: configure, then `score`):
- `QuoteOverlap(threshold)`: quote precision / recall / F1. A predicted span matches a gold
  span when their token overlap |G ∩ P| / max(|G|, |P|) reaches the threshold (0.3 lenient,
  0.8 strict); matching is one-to-one, greedy by overlap. Tokens are \\w+ runs of the
  source file, so gold and predictions are compared in the same space whatever cleaning did.
- `SpeakerAccuracy(threshold)`: on matched pairs whose gold type is a speech type (not
  `term`), the share whose speaker agrees: both null, or the canonical names agree once
  lower-cased, stripped of articles, and one's words contain the other's ("Peskov" ~
  "Dmitri Peskov", "Kiev" ~ "les chiffres avancés par Kiev").
- `TypeAccuracy(threshold)`: on matched pairs, the share with the gold type.
- `NestingScore(threshold)`: nested chains (a partial quote inside a report inside a
  quote …). Recall: of the gold quotes with a parent, the share found whose prediction
  has as parent the prediction matched to the gold parent; precision: of the matched
  predictions with a parent, the share whose parent is the match of their gold parent.

Gold reading and the engine's predictions: toolkit/evaluation/quote_gold.py; scores per
quote-mark convention: toolkit/evaluation/quote_typography.py.

The library never prints; toolkit/cli/quotes_eval.py adds `eval-quotes` and `extract-quotes`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional, Sequence

from toolkit.lang.fr.names import SCORED_NAME_DROP_WORDS

SPEECH_TYPES = ("direct", "partial", "indirect")
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    speaker: Optional[str] = None
    parent: Optional[int] = None  # index of the enclosing span in the same document


@dataclass(frozen=True)
class DocumentSpans:
    """Gold or predicted spans of one document, with the text their offsets point into.

    `first_line` is the file line `text` starts at (0 when unknown): error listings then
    name lines instead of bare offsets."""

    id: str
    text: str
    spans: tuple[Span, ...]
    first_line: int = 0

    def where(self, start: int, end: int) -> str:
        """A span as a person looks it up: "start:end", or "line L:C-L:C" in the file."""
        if not self.first_line:
            return f"{start}:{end}"

        def line_column(offset: int) -> str:
            line = self.text.count("\n", 0, offset)
            return f"{self.first_line + line}:{offset - (self.text.rfind(chr(10), 0, offset) + 1)}"

        return f"line {line_column(start)}-{line_column(end)}"


def token_ids(text: str, start: int, end: int) -> frozenset[int]:
    """Indices of the word tokens of `text` that overlap [start, end)."""
    return frozenset(n for n, m in enumerate(_TOKEN.finditer(text)) if m.start() < end and m.end() > start)


def overlap(text: str, a: Span, b: Span) -> float:
    ta, tb = token_ids(text, a.start, a.end), token_ids(text, b.start, b.end)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / max(len(ta), len(tb))


def match_spans(doc_gold: DocumentSpans, doc_pred: DocumentSpans, threshold: float) -> list[tuple[Span, Span]]:
    """One-to-one matching, greedy by overlap, of pairs at or above `threshold`."""
    pairs = []
    for gi, g in enumerate(doc_gold.spans):
        for pi, p in enumerate(doc_pred.spans):
            o = overlap(doc_gold.text, g, p)
            if o >= threshold:
                pairs.append((o, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((doc_gold.spans[gi], doc_pred.spans[pi]))
    return out


def _name_words(name: str) -> list[str]:
    name = unicodedata.normalize("NFC", name).replace("’", "'").lower()
    return [w for w in _TOKEN.findall(name) if w not in SCORED_NAME_DROP_WORDS]


def same_speaker(gold: Optional[str], pred: Optional[str]) -> bool:
    if not gold or not pred:
        return not gold and not pred
    g, p = _name_words(gold), _name_words(pred)
    if not g or not p:
        return False
    return set(g) <= set(p) or set(p) <= set(g)


@dataclass(frozen=True)
class QuoteScore:
    threshold: float
    precision: float
    recall: float
    f1: float
    matched: int
    gold: int
    predicted: int


@dataclass(frozen=True)
class AccuracyScore:
    name: str
    threshold: float
    accuracy: float
    correct: int
    total: int

    @property
    def label(self) -> str:
        """"speaker_accuracy", "type_accuracy"; the nesting scores name themselves."""
        return self.name if self.name.startswith("nesting") else f"{self.name}_accuracy"


@dataclass(frozen=True)
class QuoteOverlap:
    threshold: float = 0.8

    def score(self, gold: Sequence[DocumentSpans], pred: dict[str, DocumentSpans]) -> QuoteScore:
        matched = n_gold = n_pred = 0
        for g in gold:
            p = pred.get(g.id, DocumentSpans(g.id, g.text, ()))
            matched += len(match_spans(g, p, self.threshold))
            n_gold += len(g.spans)
            n_pred += len(p.spans)
        precision = matched / n_pred if n_pred else 0.0
        recall = matched / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return QuoteScore(self.threshold, precision, recall, f1, matched, n_gold, n_pred)


def _accuracy(name: str, threshold: float, gold: Sequence[DocumentSpans], pred: dict[str, DocumentSpans],
              correct_if, counts=lambda gs: True) -> AccuracyScore:
    """Share of matched gold spans (those `counts` keeps) whose prediction is `correct_if`."""
    correct = total = 0
    for g in gold:
        p = pred.get(g.id, DocumentSpans(g.id, g.text, ()))
        for gs, ps in match_spans(g, p, threshold):
            if counts(gs):
                total += 1
                correct += bool(correct_if(gs, ps))
    return AccuracyScore(name, threshold, correct / total if total else 0.0, correct, total)


@dataclass(frozen=True)
class SpeakerAccuracy:
    threshold: float = 0.3

    def score(self, gold: Sequence[DocumentSpans], pred: dict[str, DocumentSpans]) -> AccuracyScore:
        return _accuracy("speaker", self.threshold, gold, pred,
                         lambda gs, ps: same_speaker(gs.speaker, ps.speaker), lambda gs: gs.type in SPEECH_TYPES)


@dataclass(frozen=True)
class TypeAccuracy:
    threshold: float = 0.3

    def score(self, gold: Sequence[DocumentSpans], pred: dict[str, DocumentSpans]) -> AccuracyScore:
        return _accuracy("type", self.threshold, gold, pred, lambda gs, ps: gs.type == ps.type)


@dataclass(frozen=True)
class NestingScore:
    """Nested chains: is each quote inside the right enclosing quote?"""

    threshold: float = 0.8

    def score(self, gold: Sequence[DocumentSpans], pred: dict[str, DocumentSpans]) -> tuple[AccuracyScore, AccuracyScore]:
        found = n_gold = right = n_pred = 0
        for g in gold:
            p = pred.get(g.id, DocumentSpans(g.id, g.text, ()))
            pairs = match_spans(g, p, self.threshold)
            gi = {id(gs): k for k, gs in enumerate(g.spans)}
            pi = {id(ps): k for k, ps in enumerate(p.spans)}
            match_of_gold = {gi[id(gs)]: pi[id(ps)] for gs, ps in pairs}
            gold_of_pred = {v: k for k, v in match_of_gold.items()}
            for k, gs in enumerate(g.spans):
                if gs.parent is None:
                    continue
                n_gold += 1
                m = match_of_gold.get(k)
                found += m is not None and p.spans[m].parent is not None and p.spans[m].parent == match_of_gold.get(gs.parent)
            for m, ps in enumerate(p.spans):
                if ps.parent is None or m not in gold_of_pred:
                    continue
                n_pred += 1
                right += g.spans[gold_of_pred[m]].parent is not None and g.spans[gold_of_pred[m]].parent == gold_of_pred.get(ps.parent)
        return (AccuracyScore("nesting_recall", self.threshold, found / n_gold if n_gold else 0.0, found, n_gold),
                AccuracyScore("nesting_precision", self.threshold, right / n_pred if n_pred else 0.0, right, n_pred))


@dataclass(frozen=True)
class EvalReport:
    quotes: tuple[QuoteScore, ...]
    accuracies: tuple[AccuracyScore, ...]
    documents: int
    per_type: dict = field(default_factory=dict)

    def format(self) -> str:
        lines = [f"documents: {self.documents}"]
        for q in self.quotes:
            lines.append(
                f"quote@{q.threshold:.1f}  P={q.precision:.3f} R={q.recall:.3f} F1={q.f1:.3f}"
                f"  (matched {q.matched}, gold {q.gold}, predicted {q.predicted})"
            )
        for a in self.accuracies:
            lines.append(f"{a.label}@{a.threshold:.1f}  {a.accuracy:.3f}  ({a.correct}/{a.total})")
        for t, (found, total) in sorted(self.per_type.items()):
            lines.append(f"recall@0.8 {t:8} {found}/{total}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "quotes": [q.__dict__ for q in self.quotes],
            "accuracies": [a.__dict__ for a in self.accuracies],
            "per_type_recall_at_0.8": {t: list(v) for t, v in self.per_type.items()},
        }


def evaluate(gold: Sequence[DocumentSpans], pred: dict[str, DocumentSpans], thresholds: Sequence[float] = (0.3, 0.8)) -> EvalReport:
    quotes = tuple(QuoteOverlap(t).score(gold, pred) for t in thresholds)
    accs = tuple(SpeakerAccuracy(t).score(gold, pred) for t in thresholds) + tuple(TypeAccuracy(t).score(gold, pred) for t in thresholds)
    accs += NestingScore(0.8).score(gold, pred)
    per_type: dict[str, tuple[int, int]] = {}
    for g in gold:
        p = pred.get(g.id, DocumentSpans(g.id, g.text, ()))
        found = {id(gs) for gs, _ in match_spans(g, p, 0.8)}
        for gs in g.spans:
            f, t = per_type.get(gs.type, (0, 0))
            per_type[gs.type] = (f + (id(gs) in found), t + 1)
    return EvalReport(quotes, accs, len(gold), per_type)


def list_errors(gold: Sequence[DocumentSpans], pred: dict[str, DocumentSpans], threshold: float = 0.8) -> list[str]:
    """One line per disagreement at `threshold`: missed and extra spans, wrong speaker or type.

    For reading errors, not for scoring: the lines quote the text so a person can judge
    which side is wrong.
    """
    def show(doc: DocumentSpans, s: Span) -> str:
        text = " ".join(doc.text[s.start : s.end].split())
        return f"{s.type} [{doc.where(s.start, s.end)}] {text[:70]!r}" + ("…" if len(text) > 70 else "")

    out = []
    for g in gold:
        p = pred.get(g.id, DocumentSpans(g.id, g.text, ()))
        pairs = match_spans(g, p, threshold)
        matched_g = {id(gs) for gs, _ in pairs}
        matched_p = {id(ps) for _, ps in pairs}
        out += [f"{g.id}  missed  {show(g, gs)} speaker={gs.speaker!r}" for gs in g.spans if id(gs) not in matched_g]
        out += [f"{g.id}  extra   {show(g, ps)} speaker={ps.speaker!r}" for ps in p.spans if id(ps) not in matched_p]
        for gs, ps in pairs:
            if gs.type in SPEECH_TYPES and not same_speaker(gs.speaker, ps.speaker):
                out.append(f"{g.id}  speaker {show(g, gs)} gold={gs.speaker!r} pred={ps.speaker!r}")
            if gs.type != ps.type:
                out.append(f"{g.id}  type    {show(g, gs)} pred={ps.type}")
    return out
