"""Who said what across an output folder: one speaker registry, quotes.sqlite, quotes.csv.

Every article JSON (`toolkit.article/1` or `/2`) in the folder lists its own speakers; nothing in
an article says that `Peskov` here is `Dmitri Peskov` there. This module joins them:

1. `collect_articles` reads the article JSON files (the only input: no re-analysis);
2. `merge_speakers` (toolkit.batch.speaker_registry) merges the per-article speakers into entities, each merge with its
   reason (docs/speakers.md): the same name, a spelling/transliteration variant, a
   surname alone, a role an article ties to a name, or `speakers.toml`;
3. `write_speaker_index` writes `quotes.sqlite`, `quotes.csv` and `speakers.html`.
4. `query_quotes` reads the quotes back from `quotes.sqlite`, filtered (`toolkit quotes`).

The index is rebuilt from the JSON files on every run (linear in their size), so a new or
changed article brings its rows and a removed article takes its rows away; each output is
written to a temporary file and renamed, like every other output.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from toolkit.batch.speaker_names import name_key
from toolkit.batch.speaker_registry import ALIASES_FILE, ArticleSpeaker, SpeakerEntity, merge_speakers, read_alias_rules
from toolkit.formats.atomic import replaced_atomically, write_text_atomic
from toolkit.formats.schema import READABLE_SCHEMA_IDS
from toolkit.formats.speakers_html import SPEAKERS_PAGE, PageQuote, PageSpeaker, SpeakersPage, speakers_html

QUOTES_DB = "quotes.sqlite"
QUOTES_CSV = "quotes.csv"


# --- reading the folder ----------------------------------------------------------------


@dataclass(frozen=True)
class IndexedArticle:
    """What the speaker index needs of one article JSON (the manifest's ArticleRecord is another thing: a run's record of an input file)."""

    id: str
    title: Optional[str]
    date: Optional[str]
    translated: bool
    json_sha256: str
    speakers: tuple[ArticleSpeaker, ...]
    quotes: tuple[dict, ...]
    row_of: dict = field(default_factory=dict)  # sentence id -> row anchor of the review page


def collect_articles(out_dir: Path) -> tuple[list[IndexedArticle], list[str]]:
    """The article JSON files of `out_dir` (top level, schema toolkit.article/1 or /2), sorted by
    id; and notes on the JSON files that could not be read (they are left out)."""
    records, notes = [], []
    for path in sorted(Path(out_dir).glob("*.json")):
        try:
            raw = path.read_bytes()
            data = json.loads(raw)
        except (OSError, ValueError) as exc:
            notes.append(f"{path.name}: not readable as JSON ({exc}); left out of the index")
            continue
        if not isinstance(data, dict) or data.get("schema") not in READABLE_SCHEMA_IDS:
            continue
        try:
            records.append(_record(data, hashlib.sha256(raw).hexdigest()))
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            notes.append(f"{path.name}: not a valid {data['schema']} article ({exc!r}); left out of the index")
    return records, notes


def _record(data: dict, sha: str) -> IndexedArticle:
    article = str(data["id"])
    speakers = tuple(
        ArticleSpeaker(article, str(sp["id"]), str(sp["name"]), tuple(map(str, sp.get("mentions") or ())), sp.get("description"))
        for sp in data["speakers"]
    )
    for q in data["quotes"]:
        if not all(isinstance(q.get(k), str) for k in ("id", "type", "text")) or not all(
            isinstance(f, str) for f in q.get("flags") or ()
        ):
            raise ValueError(f"quote {q.get('id')!r} lacks a string id, type or text, or has bad flags")
    row_of = {}
    for bead in data.get("alignment") or []:
        if bead.get("source"):
            for sid in bead["source"]:
                row_of[sid] = f"row-{bead['source'][0]}"
    for s in data.get("sentences") or []:
        row_of.setdefault(s["id"], f"row-{s['id']}")
    return IndexedArticle(
        id=article, title=data.get("title"), date=data.get("date"), translated=data.get("model") is not None,
        json_sha256=sha, speakers=speakers, quotes=tuple(data["quotes"]), row_of=row_of,
    )


# --- outputs ---------------------------------------------------------------------------

QUOTE_COLUMNS = (
    "article", "quote", "date", "type", "text_fr", "text_en", "speaker", "speaker_name", "speaker_mention",
    "cue", "flags", "parent", "start", "end", "source_start", "source_end", "link",
)

_SQL_SCHEMA = """
CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT, date TEXT, translated INTEGER NOT NULL,
    quotes INTEGER NOT NULL, json_sha256 TEXT NOT NULL, page TEXT NOT NULL);
CREATE TABLE speakers (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT, articles INTEGER NOT NULL,
    quotes INTEGER NOT NULL);
CREATE TABLE speaker_members (article TEXT NOT NULL, article_speaker TEXT NOT NULL, speaker TEXT NOT NULL,
    name TEXT NOT NULL, description TEXT, reason TEXT NOT NULL, PRIMARY KEY (article, article_speaker));
CREATE TABLE speaker_aliases (speaker TEXT NOT NULL, alias TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (speaker, alias));
CREATE TABLE quotes (article TEXT NOT NULL, quote TEXT NOT NULL, date TEXT, type TEXT NOT NULL,
    text_fr TEXT NOT NULL, text_en TEXT, speaker TEXT, speaker_name TEXT, speaker_mention TEXT, cue TEXT,
    flags TEXT NOT NULL, parent TEXT, start INTEGER, "end" INTEGER, source_start INTEGER, source_end INTEGER,
    link TEXT NOT NULL, PRIMARY KEY (article, quote));
CREATE INDEX quotes_speaker ON quotes (speaker);
CREATE INDEX quotes_date ON quotes (date);
CREATE INDEX aliases_key ON speaker_aliases (key);
CREATE TABLE notes (message TEXT NOT NULL);
"""


@dataclass(frozen=True)
class SpeakerIndex:
    articles: tuple[IndexedArticle, ...]
    entities: tuple[SpeakerEntity, ...]
    quotes: tuple[dict, ...]  # rows with QUOTE_COLUMNS
    notes: tuple[str, ...]


def build_speaker_index(out_dir: Path) -> SpeakerIndex:
    """The registry and the quote rows of `out_dir`, in memory."""
    out_dir = Path(out_dir)
    articles, notes = collect_articles(out_dir)
    rules = read_alias_rules(out_dir / ALIASES_FILE)
    entities, merge_notes = merge_speakers([sp for a in articles for sp in a.speakers], rules)
    entity_of = {m.ref: e.id for e in entities for m in e.members}
    rows = []
    for a in articles:
        for q in a.quotes:
            sentences = q.get("sentences") or []
            anchor = a.row_of.get(sentences[0]) if sentences else None
            rows.append({
                "article": a.id, "quote": q["id"], "date": a.date, "type": q["type"], "text_fr": q["text"],
                "text_en": q.get("translation"),
                "speaker": entity_of.get(f"{a.id}#{q['speaker']}") if q.get("speaker") else None,
                "speaker_name": q.get("speaker_name"), "speaker_mention": q.get("speaker_mention"), "cue": q.get("cue"),
                "flags": ",".join(q.get("flags") or ()), "parent": q.get("parent"), "start": q.get("start"),
                "end": q.get("end"), "source_start": q.get("source_start"), "source_end": q.get("source_end"),
                "link": f"{a.id}.html" + (f"#{anchor}" if anchor else ""),
            })
    return SpeakerIndex(tuple(articles), tuple(entities), tuple(rows), tuple(notes + merge_notes))


def write_speaker_index(out_dir: Path) -> SpeakerIndex:
    """Rebuild `quotes.sqlite`, `quotes.csv` and `speakers.html` in `out_dir` from its
    article JSON files and `speakers.toml`. Raises ConfigError for a malformed speakers.toml."""
    out_dir = Path(out_dir)
    index = build_speaker_index(out_dir)
    _write_sqlite(index, out_dir / QUOTES_DB)
    write_text_atomic(out_dir / QUOTES_CSV, quotes_csv(index.quotes))
    write_text_atomic(out_dir / SPEAKERS_PAGE, speakers_html(speakers_page(index), (QUOTES_CSV, QUOTES_DB)))
    return index


def speakers_page(index: SpeakerIndex) -> SpeakersPage:
    """The rows speakers.html renders."""
    return SpeakersPage(
        speakers=tuple(
            PageSpeaker(e.id, e.name, e.role, e.aliases, len({m.article for m in e.members}),
                        tuple(m.ref for m in e.members), e.reasons)
            for e in index.entities
        ),
        quotes=tuple(
            PageQuote(r["article"], r["quote"], r["date"], r["type"], r["text_fr"], r["text_en"], r["speaker"],
                      tuple(f for f in r["flags"].split(",") if f), r["link"], r["cue"])
            for r in index.quotes
        ),
        articles=len(index.articles),
        notes=index.notes,
    )


def _write_sqlite(index: SpeakerIndex, path: Path) -> None:
    """A fresh database in a temp file, renamed over the old one: readers see either."""
    with replaced_atomically(path) as tmp:
        db = sqlite3.connect(tmp)
        try:
            with db:
                db.executescript(_SQL_SCHEMA)
                per_entity = Counter(r["speaker"] for r in index.quotes if r["speaker"])
                db.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?)", [
                    (a.id, a.title, a.date, int(a.translated), len(a.quotes), a.json_sha256, f"{a.id}.html")
                    for a in index.articles
                ])
                db.executemany("INSERT INTO speakers VALUES (?,?,?,?,?)", [
                    (e.id, e.name, e.role, len({m.article for m in e.members}), per_entity[e.id]) for e in index.entities
                ])
                reasons = {ref: why for e in index.entities for ref, why in e.reasons}
                db.executemany("INSERT INTO speaker_members VALUES (?,?,?,?,?,?)", [
                    (m.article, m.id, e.id, m.name, m.description, reasons[m.ref]) for e in index.entities for m in e.members
                ])
                db.executemany("INSERT OR IGNORE INTO speaker_aliases VALUES (?,?,?)", [
                    (e.id, alias, name_key(alias)) for e in index.entities for alias in e.aliases
                ])
                db.executemany(
                    f"INSERT INTO quotes VALUES ({','.join('?' * len(QUOTE_COLUMNS))})",
                    [tuple(r[c] for c in QUOTE_COLUMNS) for r in index.quotes],
                )
                db.executemany("INSERT INTO notes VALUES (?)", [(n,) for n in index.notes])
        finally:
            db.close()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def quotes_csv(rows: Iterable[dict]) -> str:
    """One row per quote, UTF-8 with a byte-order mark (so Excel reads the accents) and a
    header. A text cell that begins like a formula gets a leading apostrophe, the
    spreadsheet convention for "this is text"; quotes.sqlite keeps the exact text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(QUOTE_COLUMNS)
    for row in rows:
        writer.writerow(["'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else ("" if v is None else v)
                         for v in (row[c] for c in QUOTE_COLUMNS)])
    return "\ufeff" + buffer.getvalue()


def query_quotes(out_dir: Path, speaker: Optional[str] = None, since: Optional[str] = None,
                 quote_type: Optional[str] = None, flag: Optional[str] = None) -> list[dict]:
    """Quote rows (QUOTE_COLUMNS plus `speaker_display`) matching every filter given,
    in date then article order. Raises FileNotFoundError when there is no index."""
    path = Path(out_dir) / QUOTES_DB
    if not path.is_file():
        raise FileNotFoundError(path)
    where, params = [], []
    if speaker is not None:
        key = name_key(speaker)
        where.append("q.speaker IN (SELECT speaker FROM speaker_aliases WHERE ' ' || key || ' ' LIKE ?)")
        params.append(f"% {key} %")
    if since is not None:
        where.append("q.date IS NOT NULL AND q.date >= ?")
        params.append(since)
    if quote_type is not None:
        where.append("q.type = ?")
        params.append(quote_type)
    if flag is not None:
        where.append("(',' || q.flags || ',') LIKE ?")
        params.append(f"%,{flag},%")
    sql = (
        "SELECT q.*, s.name AS speaker_display FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY q.date IS NULL, q.date, q.article, q.start"
    )
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute(sql, params)]
    finally:
        db.close()
