"""Gold quote sets and the predictions scored against them (toolkit.evaluation.quotes).

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
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Optional, Sequence

from toolkit.evaluation.quotes import DocumentSpans, Span
from toolkit.paths import shared_file

GOLD_SCHEMA = "toolkit.quotes-gold/1"


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
        spans = tuple(Span(s, e, q["type"], q.get("speaker"), q.get("parent")) for (s, e), q in zip(offsets, doc["quotes"]))
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
        quotes = data.get("quotes", [])
        index = {q.get("id"): k for k, q in enumerate(quotes)}
        spans = []
        for q in quotes:
            start = q.get("source_start", q["start"])
            end = q.get("source_end", q["end"])
            spans.append(Span(start, end, q["type"], q.get("speaker_name"), index.get(q.get("parent"))))
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
    if article is None:
        return replace(gold_doc, spans=())
    index = {q.id: k for k, q in enumerate(article.quotes)}
    spans = []
    for q in article.quotes:
        start, end = article.to_original_span(q.start, q.end)
        spans.append(Span(start, end, q.type, q.speaker_name, index.get(q.parent)))
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
