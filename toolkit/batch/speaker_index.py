"""Who said what across an output folder: one speaker registry, quotes.sqlite, quotes.csv.

Every article JSON (`toolkit.article/1` or `/2`) in the folder lists its own speakers; nothing in
an article says that `Peskov` here is `Dmitri Peskov` there. This module joins them:

1. `collect_articles` reads the article JSON files (the only input: no re-analysis);
2. `merge_speakers` merges the per-article speakers into entities, each merge with its
   reason (docs/speakers.md): the same name, a spelling/transliteration variant, a
   surname alone, a role an article ties to a name, or `speakers.toml`;
3. `write_speaker_index` writes `quotes.sqlite`, `quotes.csv` and `speakers.html`.

The index is rebuilt from the JSON files on every run (linear in their size), so a new or
changed article brings its rows and a removed article takes its rows away; each output is
written to a temporary file and renamed, like every other output.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sqlite3
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from toolkit.errors import ConfigError
from toolkit.formats.atomic import replaced_atomically, write_text_atomic
from toolkit.formats.html import SPEAKERS_PAGE
from toolkit.formats.schema import READABLE_SCHEMA_IDS
from toolkit.formats.speakers_html import speakers_html

QUOTES_DB = "quotes.sqlite"
QUOTES_CSV = "quotes.csv"
ALIASES_FILE = "speakers.toml"

# Words that are no name: mentions that only point back (the engine keeps them as
# mentions of the speaker they resolve to).
_PRONOUNS = frozenset(
    "il elle ils elles lui eux sa son ses leur leurs celui-ci celle-ci ceux-ci on je nous vous".split()
)
_DEFINITE = ("le ", "la ", "les ", "l'")
_INDEFINITE = ("un ", "une ", "des ", "d'")
_DEMONSTRATIVE = ("ce ", "cet ", "cette ", "ces ")
_DETERMINERS = _DEFINITE + _INDEFINITE + _DEMONSTRATIVE + ("du ", "de la ", "de l'", "de ")
_DETERMINERS_LONGEST_FIRST = sorted(_DETERMINERS, key=len, reverse=True)
# Titles before a name ("Major Gruzev", "M. Macron") are not part of it.
_TITLES = frozenset(
    "m mm mme mmes mlle dr pr me mgr major general colonel capitaine lieutenant sergent commandant "
    "president presidente ministre monsieur madame sir lord".split()
)
_ROLE_STOPWORDS = frozenset("de du des d la le les l et en a au aux".split())


# --- names -----------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)  # names repeat across articles
def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces."""
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("ʼ", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def strip_determiner(text: str) -> str:
    """`le porte-parole du Kremlin` -> `porte-parole du Kremlin` (a bare name stays as it is)."""
    text = " ".join(text.split())
    folded = fold(text[:8])  # the longest determiner and a little
    for det in _DETERMINERS_LONGEST_FIRST:
        if folded.startswith(det) and len(folded) > len(det):
            return text[len(det):].strip()
    return text


@lru_cache(maxsize=1 << 16)
def name_tokens(name: str) -> tuple[str, ...]:
    """Folded words of a name without leading titles: `Major Gruzev` -> ("gruzev",)."""
    words = [w for w in re.split(r"[^\w'-]+", fold(name)) if w.strip("'-")]
    while len(words) > 1 and words[0].rstrip(".") in _TITLES:
        words.pop(0)
    return tuple(w.strip("'-") for w in words)


def skeleton(token: str) -> str:
    """A spelling-insensitive form of one name word, for transliteration variants:
    `zelenskyy`, `zelensky`, `zelenskiy` -> `zelenski`; `mohammed`, `mohamed` -> `mohamed`;
    `chostakovitch`, `shostakovich` -> `shostakovish`."""
    t = token
    for a, b in (("tch", "ch"), ("sch", "sh"), ("ch", "sh"), ("kh", "h"), ("ph", "f"), ("x", "ks"),
                 ("ck", "k"), ("c", "k"), ("w", "v"), ("ou", "u"), ("gue", "ge"), ("gui", "gi"),
                 ("j", "i"), ("y", "i"), ("'", ""), ("-", "")):
        t = t.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", t)


def name_key(name: str) -> str:
    """How a name is looked up (aliases in SQLite, `toolkit quotes --speaker`): skeletons
    of its words, space-separated."""
    return " ".join(skeleton(t) for t in name_tokens(strip_determiner(name)))


def _is_proper(name: str) -> bool:
    """A name (capitalised: `Kremlin`, `Dmitri Peskov`) rather than a description
    (`soldat`, `ministère britannique de la Défense`): French does not capitalise nouns."""
    bare = strip_determiner(name)
    return bool(bare) and bare[0].isupper()


def _split_role_and_name(name: str) -> tuple[Optional[str], str]:
    """`porte-parole du Kremlin Dmitri Peskov` -> ("porte-parole du Kremlin", "Dmitri Peskov"):
    a description that ends in a capitalised name of two words or more."""
    bare = strip_determiner(name)
    words = bare.split()
    if not words or words[0][0].isupper():
        return None, name
    run = 0
    while run < len(words) and words[len(words) - 1 - run][:1].isupper():
        run += 1
    if run < 2 or run == len(words):
        return None, name
    return " ".join(words[:-2]), " ".join(words[-2:])


def _role_key(description: str) -> Optional[str]:
    """A role as it ties to a name: definite (`le porte-parole du Kremlin`), folded; None
    for an indefinite or demonstrative one (`un soldat de la 63e brigade`): not one person."""
    folded = fold(description)
    if not folded or folded.startswith(_INDEFINITE + _DEMONSTRATIVE):
        return None
    for det in _DEFINITE:
        if folded.startswith(det):
            folded = folded[len(det):]
            break
    folded = folded.strip(" ,")
    return None if not folded or folded in ("le", "la", "les", "l'") else folded


def _specific(role: str) -> bool:
    """Two content words or more (`président ukrainien`), not a bare noun (`soldat`)."""
    return len([w for w in re.split(r"[\s']+", role) if w and w not in _ROLE_STOPWORDS]) >= 2


# --- the registry ----------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleSpeaker:
    """One speaker as one article lists it (`speakers[]` of the article JSON)."""

    article: str
    id: str
    name: str
    mentions: tuple[str, ...] = ()
    description: Optional[str] = None

    @property
    def ref(self) -> str:
        return f"{self.article}#{self.id}"


@dataclass(frozen=True)
class SpeakerEntity:
    id: str
    name: str
    role: Optional[str]
    members: tuple[ArticleSpeaker, ...]
    aliases: tuple[str, ...]
    reasons: tuple[tuple[str, str], ...]  # (member ref, why it belongs here)


@dataclass(frozen=True)
class AliasRules:
    """`speakers.toml`: `same = [["A", "B"], …]` merges, `different = [["A", "B"], …]`
    keeps apart. An entry is a name or alias (`Peskov`), or `ARTICLE#spN` for one article's speaker."""

    same: tuple[tuple[str, ...], ...] = ()
    different: tuple[tuple[str, ...], ...] = ()


def read_alias_rules(path: Path) -> AliasRules:
    """Read `speakers.toml`; a missing file means no rules. Raises ConfigError when malformed."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return AliasRules()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read speaker aliases: {exc}") from exc
    unknown = set(data) - {"same", "different"}
    if unknown:
        raise ConfigError(f"{path}: unknown keys {sorted(unknown)}; expected `same` and `different`")
    groups = {}
    for key in ("same", "different"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(g, list) and len(g) >= 2 and all(isinstance(n, str) and n.strip() for n in g) for g in value
        ):
            raise ConfigError(f'{path}: `{key}` must be a list of lists of two names or more, e.g. {key} = [["A", "B"]]')
        groups[key] = tuple(tuple(g) for g in value)
    return AliasRules(**groups)


class _Groups:
    """Union-find over article speakers, with `different` groups as cannot-link constraints."""

    def __init__(self, count: int):
        self.parent = list(range(count))
        self.apart: list[dict[int, set[int]]] = [dict() for _ in range(count)]  # rule -> sides in this group
        self.reason: dict[int, tuple[int, str]] = {}  # old root -> (the speaker that joined, why)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, child: int, target: int, reason: str) -> bool:
        a, b = self.find(child), self.find(target)
        if a == b:
            return True
        for rule, sides in self.apart[a].items():
            other = self.apart[b].get(rule)
            if other and other != sides:
                return False
        self.parent[a] = b
        for rule, sides in self.apart[a].items():
            self.apart[b].setdefault(rule, set()).update(sides)
        self.reason[a] = (child, reason)
        return True


def _labels(speaker: ArticleSpeaker) -> set[str]:
    """What a speakers.toml entry may call this speaker."""
    names = [speaker.name, *speaker.mentions]
    return {speaker.ref} | {fold(strip_determiner(n)) for n in names if fold(n) not in _PRONOUNS}


def merge_speakers(speakers: Sequence[ArticleSpeaker], rules: AliasRules = AliasRules()) -> tuple[list[SpeakerEntity], list[str]]:
    """Merge per-article speakers into entities; return (entities, notes about the rules).

    Linear in the number of speakers (hash lookups only). See docs/speakers.md for the rules.
    """
    groups = _Groups(len(speakers))
    notes: list[str] = []
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, sp in enumerate(speakers):
        for label in _labels(sp):
            by_label[label].append(i)

    def matching(entry: str) -> list[int]:
        found = by_label.get(entry.strip()) or by_label.get(fold(strip_determiner(entry)), [])
        if not found:
            notes.append(f"{ALIASES_FILE}: no speaker is called {entry!r}")
        return found

    for rule, names in enumerate(rules.different):
        for side, entry in enumerate(names):
            for i in matching(entry):
                groups.apart[groups.find(i)].setdefault(rule, set()).add(side)
    for names in rules.same:
        members = [i for entry in names for i in matching(entry)]
        for i in members[1:]:
            if not groups.union(i, members[0], f"{ALIASES_FILE}: same = {list(names)}"):
                notes.append(f"{ALIASES_FILE}: same = {list(names)} contradicts a `different` entry; kept apart")

    def join(i: int, j: int, reason: str) -> None:
        if not groups.union(i, j, reason):
            notes.append(f"{speakers[i].ref} ({speakers[i].name}) kept apart from {speakers[j].name} by {ALIASES_FILE}")

    # 1. Full names (two words or more): the same name, or a spelling variant of it.
    names: dict[int, tuple[str, ...]] = {}
    roles: dict[int, Optional[str]] = {}
    for i, sp in enumerate(speakers):
        role, name = _split_role_and_name(sp.name)
        roles[i] = _role_key(role) if role else (_role_key(sp.description) if sp.description else None)
        if _is_proper(name):
            names[i] = tuple(skeleton(t) for t in name_tokens(strip_determiner(name)))
    exact: dict[str, int] = {}
    spelled: dict[tuple[str, ...], int] = {}
    variants: dict[tuple[str, ...], int] = {}
    for i, key in names.items():
        if len(key) < 2:
            continue
        words = _words(speakers[i])
        folded = " ".join(words)
        first, last = key[0], key[-1]
        if folded in exact:
            join(i, exact[folded], f"same name as {speakers[exact[folded]].ref}")
        elif (first, last) in spelled:
            j = spelled[(first, last)]
            other = _words(speakers[j])
            how = "same first and last name as" if (other[0], other[-1]) == (words[0], words[-1]) else "spelling variant of"
            join(i, j, f"{how} {speakers[j].name} ({speakers[j].ref})")
        else:
            # One letter replaced in one of the two words (Mohammad / Mohammed), long words only.
            wild = [(w, p) for w, p in ((first, 0), (last, 1)) if len(w) >= 6]
            keys = [("*", p, w[:k] + "?" + w[k + 1:], (last, first)[p]) for w, p in wild for k in range(len(w))]
            hit = next((variants[k] for k in keys if k in variants), None)
            if hit is not None:
                join(i, hit, f"spelling variant of {speakers[hit].name} ({speakers[hit].ref})")
            for k in keys:
                variants.setdefault(k, i)
        exact.setdefault(folded, i)
        spelled.setdefault((first, last), i)

    # 2. One word (`Peskov`, `Kremlin`): the surname of a full name in the same article,
    #    else of the only full name in the folder with that surname, else the same word.
    surnames: dict[str, set[int]] = defaultdict(set)
    in_article: dict[tuple[str, str], int] = {}
    for i, key in names.items():
        if len(key) >= 2:
            surnames[key[-1]].add(groups.find(i))
            in_article.setdefault((speakers[i].article, key[-1]), i)
    single: dict[str, int] = {}
    for i, key in names.items():
        if len(key) != 1:
            continue
        word = key[0]
        local = in_article.get((speakers[i].article, word))
        roots = {groups.find(r) for r in surnames.get(word, ())}
        if local is not None:
            join(i, local, f"surname of {speakers[local].name} in the same article")
        elif len(roots) == 1:
            target = next(iter(roots))
            join(i, target, f"surname only, and {speakers[target].name} is the only one of that name")
        elif len(roots) > 1:
            notes.append(f"{speakers[i].ref}: {speakers[i].name!r} may be any of "
                         + ", ".join(sorted(speakers[r].name for r in roots)) + "; kept apart")
            if word in single:
                join(i, single[word], f"same name as {speakers[single[word]].ref}")
            single.setdefault(word, i)
        elif word in single:
            join(i, single[word], f"same name as {speakers[single[word]].ref}")
        else:
            single[word] = i

    # 3. Descriptions (`le porte-parole du Kremlin`): the name an article ties the role to,
    #    in the same article first, else the only one in the folder (specific roles only).
    tied: dict[str, dict[int, int]] = defaultdict(dict)  # role -> {entity root: a member tied to it}
    tied_here: dict[tuple[str, str], int] = {}
    for i in names:
        if roles[i]:
            tied[roles[i]].setdefault(groups.find(i), i)
            tied_here.setdefault((speakers[i].article, roles[i]), i)
    for i, sp in enumerate(speakers):
        if i in names:
            continue
        written = next((m for m in sp.mentions if fold(m) not in _PRONOUNS), sp.name)
        role = _role_key(written)
        if role is None:
            continue
        here = tied_here.get((sp.article, role))
        holders = {groups.find(r): j for r, j in tied.get(role, {}).items()}
        if here is not None:
            join(i, here, f"role '{role}' tied to {speakers[here].name} in the same article")
        elif len(holders) == 1 and _specific(role):
            [(target, holder)] = holders.items()
            join(i, target, f"role '{role}' tied to {speakers[holder].name} in {speakers[holder].article}")

    return _entities(speakers, groups), notes


def _entities(speakers: Sequence[ArticleSpeaker], groups: _Groups) -> list[SpeakerEntity]:
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(speakers)):
        members[groups.find(i)].append(i)
    entities = []
    for root, idx in members.items():
        group = sorted((speakers[i] for i in idx), key=lambda s: (s.article, _id_order(s.id)))
        names = Counter(_split_role_and_name(s.name)[1] for s in group)
        proper = [n for n in names if _is_proper(n)] or list(names)
        name = max(proper, key=lambda n: (len(name_tokens(n)), names[n], -proper.index(n)))
        roles = Counter(s.description for s in group if s.description)
        role = roles.most_common(1)[0][0] if roles else None
        aliases = sorted({a for s in group for a in (s.name, *s.mentions) if fold(a) not in _PRONOUNS}, key=fold)
        reasons = tuple((speakers[i].ref, _why(i, root, len(idx), groups, speakers))
                        for i in sorted(idx, key=lambda i: (speakers[i].article, _id_order(speakers[i].id))))
        entities.append(SpeakerEntity("", name, role, tuple(group), tuple(aliases), reasons))
    entities.sort(key=lambda e: (fold(e.name), e.members[0].article, _id_order(e.members[0].id)))
    taken: Counter = Counter()
    out = []
    for e in entities:
        slug = re.sub(r"[^a-z0-9]+", "-", fold(e.name)).strip("-")[:60] or "speaker"
        taken[slug] += 1
        out.append(SpeakerEntity(slug if taken[slug] == 1 else f"{slug}-{taken[slug]}", e.name, e.role, e.members, e.aliases, e.reasons))
    return out


def _words(speaker: ArticleSpeaker) -> tuple[str, ...]:
    return name_tokens(strip_determiner(_split_role_and_name(speaker.name)[1]))


def _why(i: int, root: int, size: int, groups: _Groups, speakers: Sequence[ArticleSpeaker]) -> str:
    if i == root:
        return "the speaker the others joined" if size > 1 else "no other speaker matched"
    child, reason = groups.reason[i]
    return reason if child == i else f"{reason} (joined through {speakers[child].ref})"


def _id_order(speaker_id: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", speaker_id)
    return (int(digits) if digits else 0, speaker_id)


# --- reading the folder ----------------------------------------------------------------


@dataclass(frozen=True)
class ArticleRecord:
    """What the index needs of one article JSON."""

    id: str
    title: Optional[str]
    date: Optional[str]
    translated: bool
    json_sha256: str
    speakers: tuple[ArticleSpeaker, ...]
    quotes: tuple[dict, ...]
    row_of: dict = field(default_factory=dict)  # sentence id -> row anchor of the review page


def collect_articles(out_dir: Path) -> tuple[list[ArticleRecord], list[str]]:
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


def _record(data: dict, sha: str) -> ArticleRecord:
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
    return ArticleRecord(
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
    articles: tuple[ArticleRecord, ...]
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
    write_text_atomic(out_dir / SPEAKERS_PAGE, speakers_html(index, (QUOTES_CSV, QUOTES_DB)))
    return index


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
