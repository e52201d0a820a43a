"""Quote scores per typographic convention: a gold set re-typeset (`retypeset`) into each
quote-mark convention of CONVENTIONS, and how the engine's quotes change (`typography_report`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional, Sequence

from toolkit.lang.typography import CLOSING_MARKS, MARK_SPACES, OPENING_MARKS
from toolkit.evaluation.quote_gold import analyze_documents, article_spans, load_gold, repo_root_of
from toolkit.evaluation.quotes import DocumentSpans, Span, evaluate

# Quote-mark conventions a gold set can be re-typeset into (`retypeset`): the opener and
# closer of a quote, then of a quote inside it. Spaces are part of the marks.
CONVENTIONS: dict[str, tuple[str, str, str, str]] = {
    "guillemets_nbsp": ("«\u00a0", "\u00a0»", "“", "”"),
    "guillemets_nnbsp": ("«\u202f", "\u202f»", "“", "”"),
    "guillemets_tight": ("«", "»", "“", "”"),
    "english_curly": ("“", "”", "‘", "’"),
    "german_low": ("„", "“", "‘", "’"),
    "single_curly": ("‘", "’", "“", "”"),
    "single_angle": ("‹", "›", "“", "”"),
    "straight_tight": ('"', '"', "“", "”"),
    "straight_spaced": ('" ', ' "', "“", "”"),
    "straight_mixed": ('" ', '"', "“", "”"),
    "ascii_angle": ("<<", ">>", "“", "”"),
    "ascii_apostrophes": ("''", "''", "“", "”"),
}
_OPENING = set(OPENING_MARKS)
_CLOSING = set(CLOSING_MARKS)


@dataclass(frozen=True)
class Retypeset:
    """A text with its quote marks rewritten, and the map from old offsets to new ones."""

    text: str
    edits: tuple[tuple[int, int, int], ...]  # (old start, old end, new length), in order

    def map(self, offset: int) -> int:
        shift = 0
        for a, b, n in self.edits:
            if b <= offset:
                shift += n - (b - a)
            elif a < offset:
                return a + shift + min(offset - a, n)
            else:
                break
        return offset + shift


def _opener_before(text: str, start: int) -> Optional[int]:
    j = start
    while j > 0 and text[j - 1] in MARK_SPACES:
        j -= 1
    if j >= 2 and text[j - 2 : j] in ("<<", "''", '""'):  # '""': a CSV-doubled mark
        return j - 2
    return j - 1 if j >= 1 and text[j - 1] in _OPENING else None


def _closer_after(text: str, end: int) -> Optional[int]:
    k = end
    while k < len(text) and text[k] in MARK_SPACES:
        k += 1
    if text[k : k + 2] in (">>", "''", '""'):
        return k + 2
    return k + 1 if k < len(text) and text[k] in _CLOSING else None


def retypeset(text: str, spans: Sequence[Span], convention: str) -> Retypeset:
    """Rewrite the marks around every marked span of `spans` (gold quotes whose content
    has a quote mark on each side) in `convention` (CONVENTIONS), the reopening marks of
    quotes over several paragraphs included; a quote inside another takes the inner pair.
    Nothing else changes, so every offset maps (`Retypeset.map`)."""
    outer_open, outer_close, inner_open, inner_close = CONVENTIONS[convention]
    marked = []
    for s in spans:
        a, b = _opener_before(text, s.start), _closer_after(text, s.end)
        if a is not None and b is not None:
            marked.append((a, b, s))
    marked = sorted(set((a, b, s.start, s.end) for a, b, s in marked))
    edits: list[tuple[int, int, str]] = []
    for a, b, start, end in marked:
        inner = any(a2 < a and b <= b2 or a2 <= a and b < b2 for a2, b2, _, _ in marked)
        opener, closer = (inner_open, inner_close) if inner else (outer_open, outer_close)
        edits.append((a, start, opener))
        edits.append((end, b, closer))
        # A quote over several paragraphs repeats its opener at each paragraph start.
        pos = text.find("\n", start, end)
        while pos != -1:
            j = pos
            while j < end and text[j] in "\n" + MARK_SPACES:
                j += 1
            mark_end = j + 2 if text[j : j + 2] in ("<<", "''") else j + 1 if j < end and text[j] in _OPENING | {"»"} else j
            if mark_end > j:
                k = mark_end
                while k < end and text[k] in MARK_SPACES:
                    k += 1
                edits.append((j, k, opener))
            pos = text.find("\n", max(j, pos + 1), end)
    # A CSV-quoted line ('"… ""oui"" …"') loses its container marks: once its doubled
    # marks are rewritten it is plain text in the new convention.
    pos = 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        while a < b and text[a] in MARK_SPACES:
            a += 1
        while b > a and text[b - 1] in MARK_SPACES:
            b -= 1
        if b - a > 2 and text[a] == '"' and text[b - 1] == '"' and '""' in text[a + 1 : b - 1]:
            edits += [(a, a + 1, ""), (b - 1, b, "")]
        pos += len(line) + 1
    edits.sort()
    kept: list[tuple[int, int, str]] = []
    for e in edits:
        if not kept or e[0] >= kept[-1][1]:
            kept.append(e)
    pieces, last = [], 0
    for a, b, new in kept:
        pieces.append(text[last:a])
        pieces.append(new)
        last = b
    pieces.append(text[last:])
    return Retypeset("".join(pieces), tuple((a, b, len(new)) for a, b, new in kept))


def retypeset_gold(gold: DocumentSpans, convention: str) -> tuple[DocumentSpans, Retypeset]:
    """A gold document re-typeset in `convention`, its spans mapped onto the new text."""
    r = retypeset(gold.text, gold.spans, convention)
    spans = tuple(replace(s, start=r.map(s.start), end=r.map(s.end)) for s in gold.spans)
    return DocumentSpans(gold.id, r.text, spans, gold.first_line), r


def _bare(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the marks and spaces at its edges: a claim that runs to a closing
    mark ends after "»" in one convention and after ">>" in another, and is one claim."""
    while start < end and (text[start] in MARK_SPACES or text[start] in _OPENING | _CLOSING or text[start] in "<>"):
        start += 1
    while end > start and (text[end - 1] in MARK_SPACES or text[end - 1] in _OPENING | _CLOSING or text[end - 1] in "<>"):
        end -= 1
    return start, end


def typography_report(gold_path: Path, nlp, conventions: Sequence[str] = tuple(CONVENTIONS)) -> list[dict]:
    """Score a gold set as written and re-typeset into each convention.

    One row per convention ("as_written" first): quote F1 at overlap 0.8, speaker accuracy
    at 0.8, and how the engine's quotes on the re-typeset text differ from its quotes on
    the text as written, offsets mapped and marks at the edges left out (`_bare`):
    `changed_spans` (spans found on one side only),
    `changed_types` and `changed_speakers` (same span, other type or speaker name), out of
    `quotes` (those on the text as written)."""
    data = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    root = repo_root_of(Path(gold_path))
    gold = load_gold(gold_path)
    base = [article_spans(a, g) for a, g in zip(analyze_documents(root, data["documents"], nlp), gold)]
    rows = []
    for convention in ("as_written", *conventions):
        if convention == "as_written":
            docs, maps, pred = gold, [None] * len(gold), {p.id: p for p in base}
        else:
            pairs = [retypeset_gold(g, convention) for g in gold]
            docs, maps = [d for d, _ in pairs], [r for _, r in pairs]
            articles = analyze_documents(root, data["documents"], nlp, [d.text for d in docs])
            pred = {d.id: article_spans(a, d) for a, d in zip(articles, docs)}
        changed = {"spans": 0, "types": 0, "speakers": 0}
        for b, m, d in zip(base, maps, docs):
            expected = {_bare(d.text, m.map(s.start) if m else s.start, m.map(s.end) if m else s.end): s for s in b.spans}
            got = {_bare(d.text, s.start, s.end): s for s in pred[d.id].spans}
            changed["spans"] += len(expected.keys() ^ got.keys())
            for key in expected.keys() & got.keys():
                changed["types"] += expected[key].type != got[key].type
                changed["speakers"] += expected[key].speaker != got[key].speaker
        report = evaluate(docs, pred, (0.8,))
        speaker = next(a for a in report.accuracies if a.name == "speaker")
        rows.append(dict(convention=convention, f1=report.quotes[0].f1, speaker=speaker.accuracy,
                         quotes=sum(len(b.spans) for b in base), **{f"changed_{k}": v for k, v in changed.items()}))
    return rows
