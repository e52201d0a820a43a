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

Gold format ("toolkit.quotes-gold/1"): third-party text stays in ../shared; the gold
points into it. Each document names `file` (relative to the repository root), and one of
- `line` (1-based): offsets are within that line, which is its own one-paragraph
  article (the older newstest2014 sets);
- `lines: [first, last]` (1-based, both included): a whole article, one paragraph per
  line (docs/quote-annotation.md, "Whole articles"). Each quote gives `line` and `start`,
  and `end` in `end_line` (default `line`); the document text is the lines joined by
  "\n" as on disk, and the scorer works in offsets into it;
- neither: offsets are within the whole file, as for the seeds.
Each quote: `start`, `end` (content without outer marks), `type`, `speaker` (canonical
name or null), optional `parent` (index of the enclosing gold quote in the same list),
and a short `excerpt` for human checking only.

Predictions: a directory of `<id>.json` files in the article contract; each quote's
`source_start`/`source_end` (offsets into the file on disk, or into the line for line
documents) are used, falling back to `start`/`end`. A second gold file over the same
documents can stand in for predictions: that scores one annotator against another.

The library never prints; `register_cli` adds `eval-quotes` and `extract-quotes`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional, Sequence
from toolkit.lang.typography import CLOSING_MARKS, MARK_SPACES, OPENING_MARKS
from toolkit.paths import shared_file

GOLD_SCHEMA = "toolkit.quotes-gold/1"
SPEECH_TYPES = ("direct", "partial", "indirect")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_DROP_WORDS = {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "m", "mme"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    speaker: Optional[str] = None


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
    return [w for w in _TOKEN.findall(name) if w not in _DROP_WORDS]


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
            lines.append(f"{a.name}_accuracy@{a.threshold:.1f}  {a.accuracy:.3f}  ({a.correct}/{a.total})")
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


# --------------------------------------------------------------------------- files


def repo_root_of(gold_path: Path) -> Path:
    """Gold lives in <root>/tests/data/; its `file` paths are relative to <root>."""
    gold_path = Path(gold_path).resolve()
    for parent in gold_path.parents:
        if (parent / "pyproject.toml").exists():
            return parent
    return gold_path.parent


def gold_file_path(root: Path, doc: dict) -> Path:
    """The file a gold document names. Gold names files as ../shared/…;
    TOOLKIT_SHARED relocates that folder (as in tests), for lines and whole files alike."""
    return shared_file(root, doc["file"])


def _file_text(root: Path, doc: dict) -> str:
    from toolkit.ingest.text import decode_bytes

    text, _ = decode_bytes(gold_file_path(root, doc).read_bytes())
    return text


def article_lines(root: Path, doc: dict) -> list[str]:
    """The lines of a whole-article document (`"lines": [first, last]`), as on disk."""
    first, last = doc["lines"]
    lines = _file_text(root, doc).split("\n")
    if not (1 <= first <= last <= len(lines)):
        raise ValueError(f"{doc['id']}: lines {first}-{last} are not within the {len(lines)} lines of {doc['file']}")
    return lines[first - 1 : last]


def document_text(root: Path, doc: dict) -> str:
    """The text gold offsets point into: the decoded file, one of its lines, or a run of
    lines joined by "\n" (a whole article)."""
    if doc.get("lines"):
        return "\n".join(article_lines(root, doc))
    text = _file_text(root, doc)
    if doc.get("line"):
        return text.split("\n")[doc["line"] - 1]
    return text


def _article_offsets(doc: dict, lines: Sequence[str], number: int, q: dict) -> tuple[int, int]:
    """A whole-article quote's (line, start) … (end_line, end) as offsets into the lines
    joined by "\n"; a quote that points outside its article is a clear error."""
    first, last = doc["lines"]
    line, end_line = q.get("line"), q.get("end_line", q.get("line"))
    where = f"{doc['id']} quote {number}"
    if not isinstance(line, int) or not isinstance(end_line, int):
        raise ValueError(f"{where}: a whole-article quote needs an integer `line` (and optional `end_line`)")
    if not (first <= line <= end_line <= last):
        raise ValueError(f"{where}: lines {line}-{end_line} are outside the article's lines {first}-{last}")
    if not (0 <= q["start"] <= len(lines[line - first]) and 0 <= q["end"] <= len(lines[end_line - first])):
        raise ValueError(f"{where}: offsets {q['start']}/{q['end']} fall outside lines {line}/{end_line}")
    line_start = [0]
    for text in lines[:-1]:
        line_start.append(line_start[-1] + len(text) + 1)
    start, end = line_start[line - first] + q["start"], line_start[end_line - first] + q["end"]
    if end <= start:
        raise ValueError(f"{where}: empty or reversed span")
    return start, end


def gold_offsets(doc: dict, text: str) -> list[tuple[int, int]]:
    """(start, end) of each gold quote of `doc`, as offsets into `text` (its document text)."""
    if doc.get("lines"):
        lines = text.split("\n")
        return [_article_offsets(doc, lines, n, q) for n, q in enumerate(doc["quotes"])]
    return [(q["start"], q["end"]) for q in doc["quotes"]]


def load_gold(path: Path, root: Optional[Path] = None) -> list[DocumentSpans]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("schema") != GOLD_SCHEMA:
        raise ValueError(f"{path}: not a {GOLD_SCHEMA} file")
    root = root or repo_root_of(Path(path))
    docs = []
    for doc in data["documents"]:
        text = document_text(root, doc)
        offsets = gold_offsets(doc, text)
        spans = tuple(Span(s, e, q["type"], q.get("speaker")) for (s, e), q in zip(offsets, doc["quotes"]))
        first_line = doc["lines"][0] if doc.get("lines") else doc.get("line") or 0
        docs.append(DocumentSpans(doc["id"], text, spans, first_line))
    return docs


def load_predictions(pred_dir: Path, gold: Sequence[DocumentSpans]) -> dict[str, DocumentSpans]:
    """Read `<id>.json` for every gold document (a missing file counts as no quotes).

    `pred_dir` may also be another gold file over the same documents: a second
    annotator's work scored against the first (inter-annotator agreement).
    """
    if Path(pred_dir).is_file():
        other = {d.id: d for d in load_gold(Path(pred_dir))}
        return {g.id: replace(g, spans=other[g.id].spans) for g in gold if g.id in other}
    out = {}
    for g in gold:
        path = Path(pred_dir) / f"{g.id}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        spans = []
        for q in data.get("quotes", []):
            start = q.get("source_start", q["start"])
            end = q.get("source_end", q["end"])
            spans.append(Span(start, end, q["type"], q.get("speaker_name")))
        out[g.id] = replace(g, spans=tuple(spans))
    return out


# --------------------------------------------------------------------------- predictions


def lines_article(lines: Sequence[str], article_id: str, path: str, first_line: int):
    """Consecutive lines of a test set as one article, laid out as the clean stage lays
    out a file: one paragraph per non-blank line, joined by PARAGRAPH_SEPARATOR, the
    first line the title when there are several. `raw_text` is the lines joined by "\n"
    as on disk, so a quote's `source_start`/`source_end` are offsets into that run of
    lines, which is what whole-article gold points into."""
    from toolkit.clean import PARAGRAPH_SEPARATOR
    from toolkit.document import Article, Paragraph, SourceInfo

    paragraphs, pieces = [], []
    raw_pos = cursor = 0
    for number, line in enumerate(lines, start=first_line):
        if line.strip():
            if pieces:
                cursor += len(PARAGRAPH_SEPARATOR)
            kind = "title" if not paragraphs and len(lines) > 1 else "body"
            paragraphs.append(Paragraph(index=len(paragraphs), start=cursor, end=cursor + len(line), source_start=raw_pos, line=number, kind=kind))
            pieces.append(line)
            cursor += len(line)
        raw_pos += len(line) + 1
    title = lines[0] if len(lines) > 1 and paragraphs and paragraphs[0].kind == "title" else None
    return Article(
        id=article_id,
        source=SourceInfo(path=path, sha256="", encoding="utf-8"),
        raw_text="\n".join(lines),
        text=PARAGRAPH_SEPARATOR.join(pieces),
        title=title,
        paragraphs=tuple(paragraphs),
    )


def analyze_lines(lines: Sequence[str], article_id: str, path: str, first_line: int, nlp):
    """A run of test-set lines (`lines_article`), segmented and with its quotes."""
    from toolkit.quotes import extract_quotes
    from toolkit.segment.sentences import parse_paragraphs, segment_article

    article = lines_article(lines, article_id, path, first_line)
    docs = parse_paragraphs(article, nlp)
    return extract_quotes(segment_article(article, docs), docs)


def analyze_line(line: str, article_id: str, path: str, number: int, nlp):
    """One line of a test set as a one-paragraph article, segmented and with its quotes."""
    return analyze_lines([line], article_id, path, number, nlp)


def analyze_documents(root: Path, specs: Sequence[dict], nlp, texts: Optional[Sequence[str]] = None):
    """The engine's Article for each gold document (`specs`: the gold file's documents),
    in order, with one spaCy pass over all of them (same annotations, faster).

    Whole files go through `prepare_articles` (ingest, clean, segment, quotes); a `line`
    document is one line of a test set taken as a one-paragraph article; a `lines`
    document is a whole article, one paragraph per line (`lines_article`). `texts`, when
    given, replaces each document's text (as `document_text` returns it): a re-typeset
    copy (`retypeset`). A file that cannot be used yields None.
    """
    import tempfile

    from toolkit.pipeline import prepare_articles
    from toolkit.quotes import extract_quotes
    from toolkit.segment.sentences import parse_articles, segment_article

    texts = list(texts) if texts is not None else [document_text(root, doc) for doc in specs]
    out: list = [None] * len(specs)
    files = [n for n, doc in enumerate(specs) if not doc.get("line") and not doc.get("lines")]
    if files:
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for n in files:
                if texts[n] == _file_text(root, specs[n]):
                    paths.append(gold_file_path(root, specs[n]))
                else:
                    paths.append(Path(tmp) / f"{n}.txt")
                    paths[-1].write_text(texts[n], encoding="utf-8")
            for n, article in zip(files, prepare_articles(paths, nlp)):
                out[n] = replace(article, id=specs[n]["id"]) if not isinstance(article, Exception) else None
    whole_files = set(files)
    runs = [n for n in range(len(specs)) if n not in whole_files]
    articles = []
    for n in runs:
        doc = specs[n]
        first = doc["lines"][0] if doc.get("lines") else doc["line"]
        articles.append(lines_article(texts[n].split("\n"), doc["id"], doc["file"], first))
    for n, article, docs in zip(runs, articles, parse_articles(articles, nlp)):
        out[n] = extract_quotes(segment_article(article, docs), docs)
    return out


def article_spans(article, gold_doc: DocumentSpans) -> DocumentSpans:
    """The engine's quotes of `article` as spans in the gold document's text."""
    from toolkit.quotes import quote_source_offsets

    if article is None:
        return replace(gold_doc, spans=())
    spans = []
    for q in article.quotes:
        start, end = quote_source_offsets(article, q)
        spans.append(Span(start, end, q.type, q.speaker_name))
    return replace(gold_doc, spans=tuple(spans))


def predict_gold_documents(gold_path: Path, out_dir: Path, nlp, root: Optional[Path] = None) -> list[Path]:
    """Run the pipeline (without translation) on every document a gold file names
    (`analyze_documents`) and write each article's JSON as `<id>.json`."""
    from toolkit.formats.schema import article_to_dict

    data = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    root = root or repo_root_of(Path(gold_path))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for doc, article in zip(data["documents"], analyze_documents(root, data["documents"], nlp)):
        if article is None:
            from toolkit.pipeline import prepare_article

            prepare_article(gold_file_path(root, doc), nlp)  # raises the file's IngestError
        path = out_dir / f"{doc['id']}.json"
        path.write_text(json.dumps(article_to_dict(article), ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(path)
    return written


# --------------------------------------------------------------------------- typography

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


# --------------------------------------------------------------------------- CLI


def _eval_handler(args: argparse.Namespace) -> int:
    gold = load_gold(args.gold)
    pred = load_predictions(args.pred, gold)
    report = evaluate(gold, pred)
    print(json.dumps(report.as_dict(), indent=1) if args.json else report.format())
    if args.errors:
        print("\n".join(["", "disagreements at overlap 0.8:"] + list_errors(gold, pred)))
    return 0


def _extract_handler(args: argparse.Namespace) -> int:
    from toolkit.pipeline import load_nlp

    nlp = load_nlp(args.spacy_model)
    paths = predict_gold_documents(args.gold, args.out, nlp)
    print(f"wrote {len(paths)} prediction files to {args.out}", file=sys.stderr)
    return 0


def register_cli(subparsers) -> None:
    p = subparsers.add_parser("eval-quotes", help="score quote predictions against gold (Gender Gap Tracker protocol)")
    p.add_argument("gold", type=Path, help="gold file (toolkit.quotes-gold/1)")
    p.add_argument("--pred", type=Path, required=True,
                   help="directory of <id>.json article files, or a second gold file (annotator agreement)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--errors", action="store_true", help="also list every missed, extra, wrong-speaker and wrong-type quote")
    p.set_defaults(handler=_eval_handler)
    p = subparsers.add_parser("extract-quotes", help="write quote predictions for the documents a gold file names")
    p.add_argument("gold", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--spacy-model", default="fr_core_news_md")
    p.set_defaults(handler=_extract_handler)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="quote_eval")
    register_cli(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
