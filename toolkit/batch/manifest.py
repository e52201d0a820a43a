"""The batch manifest: what a run over an output folder has done, in SQLite.

One database per output folder (`<out>/manifest.sqlite`, standard-library sqlite3) holds

- `articles`: one row per source file (absolute path): its sha256, the hash of the
  configuration that produced its outputs, the model name/revision, the status
  (`pending` | `done` | `failed`), timings, the error, and the outputs written;
- `translations`: a sentence-level cache keyed by (model key, model input) — the model
  key hashes the model identity and every setting that changes a translation — with a
  hit count;
- `runs`: one row per run with its summary.

Durability: WAL journal, `synchronous=FULL`, and every change is one transaction, so a
process killed at any instant (SIGKILL included) leaves the database either before or
after each change, never in between. An article is marked `done` only after its output
files were renamed into place, so `done` always means "the outputs exist and are whole".

`OutputLock` serialises runs on one output folder with `fcntl.flock`: the kernel drops
the lock when the holder dies, so a killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from toolkit.errors import ToolkitError

MANIFEST_NAME = "manifest.sqlite"
LOCK_NAME = ".toolkit.lock"
RUNS_DIR = "runs"
SCHEMA_VERSION = 1

STATUS_PENDING, STATUS_DONE, STATUS_FAILED = "pending", "done", "failed"


class OutputDirError(ToolkitError):
    """The output folder cannot be created or written."""


class OutputBusyError(ToolkitError):
    """Another run holds the output folder's lock."""


@dataclass(frozen=True)
class ArticleRecord:
    source_path: str
    article_id: str
    source_sha256: Optional[str]
    config_hash: Optional[str]
    model_name: Optional[str]
    model_revision: Optional[str]
    status: str
    error: Optional[str] = None
    title: Optional[str] = None
    sentences: int = 0
    outputs: tuple[str, ...] = ()
    started_at: Optional[float] = None
    finished_at: Optional[float] = None
    seconds: Optional[float] = None
    run_id: Optional[str] = None


@dataclass(frozen=True)
class CachedTranslation:
    text: str
    flags: tuple[str, ...] = ()


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    source_path TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    source_sha256 TEXT,
    config_hash TEXT,
    model_name TEXT,
    model_revision TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
    error TEXT,
    title TEXT,
    sentences INTEGER NOT NULL DEFAULT 0,
    outputs TEXT NOT NULL DEFAULT '[]',
    started_at REAL,
    finished_at REAL,
    seconds REAL,
    run_id TEXT
);
CREATE TABLE IF NOT EXISTS translations (
    model_key TEXT NOT NULL,
    source TEXT NOT NULL,
    translation TEXT NOT NULL,
    flags TEXT NOT NULL DEFAULT '[]',
    hits INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    PRIMARY KEY (model_key, source)
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    started_at REAL NOT NULL,
    finished_at REAL,
    summary TEXT
);
"""

_ARTICLE_COLUMNS = (
    "source_path, article_id, source_sha256, config_hash, model_name, model_revision, status, error, "
    "title, sentences, outputs, started_at, finished_at, seconds, run_id"
)


def _record(row: sqlite3.Row) -> ArticleRecord:
    values = dict(row)
    values["outputs"] = tuple(json.loads(values["outputs"] or "[]"))
    return ArticleRecord(**values)


class Manifest:
    """The manifest of one output folder. Open with `Manifest.open(out_dir)`."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, out_dir: Path) -> "Manifest":
        path = Path(out_dir) / MANIFEST_NAME
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, one per change.
            db = sqlite3.connect(str(path), timeout=60.0, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            # CREATE ... IF NOT EXISTS is idempotent, so a crash between statements is harmless.
            db.executescript(_SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        except sqlite3.DatabaseError as exc:
            raise OutputDirError(f"cannot open the manifest {path}: {exc}") from exc
        return cls(db, path)

    @classmethod
    def open_existing(cls, out_dir: Path) -> "Manifest":
        """Open for reading only; raise OutputDirError if the folder has no manifest."""
        path = Path(out_dir) / MANIFEST_NAME
        if not path.exists():
            raise OutputDirError(f"{out_dir} has no manifest ({MANIFEST_NAME}): no translate run has written there yet")
        return cls.open(out_dir)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Manifest":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- articles -----------------------------------------------------------------

    def get(self, source_path: str) -> Optional[ArticleRecord]:
        row = self._db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE source_path = ?", (source_path,)).fetchone()
        return _record(row) if row else None

    def records(self) -> list[ArticleRecord]:
        rows = self._db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY source_path").fetchall()
        return [_record(r) for r in rows]

    def mark_pending(self, items: Sequence[tuple[str, str, Optional[str]]], config_hash: str, run_id: str) -> None:
        """Record (source path, article id, sha256) as to be done by this run, in one
        transaction. Rows already present keep their last outputs until replaced."""
        with _transaction(self._db):
            for source_path, article_id, sha in items:
                self._db.execute(
                    "INSERT INTO articles (source_path, article_id, source_sha256, config_hash, status, run_id) "
                    "VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT(source_path) DO UPDATE SET "
                    "article_id = excluded.article_id, source_sha256 = excluded.source_sha256, "
                    "config_hash = excluded.config_hash, status = 'pending', error = NULL, run_id = excluded.run_id",
                    (source_path, article_id, sha, config_hash, run_id),
                )

    def mark_done(self, record: ArticleRecord) -> None:
        assert record.status == STATUS_DONE
        self._upsert(record)

    def mark_failed(self, record: ArticleRecord) -> None:
        assert record.status == STATUS_FAILED
        self._upsert(record)

    def _upsert(self, record: ArticleRecord) -> None:
        values = (
            record.source_path, record.article_id, record.source_sha256, record.config_hash, record.model_name,
            record.model_revision, record.status, record.error, record.title, record.sentences,
            json.dumps(list(record.outputs)), record.started_at, record.finished_at, record.seconds, record.run_id,
        )
        with _transaction(self._db):
            self._db.execute(f"INSERT OR REPLACE INTO articles ({_ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 15)})", values)

    # --- translation cache --------------------------------------------------------

    def cached_translations(self, model_key: str, sources: Sequence[str]) -> dict[str, CachedTranslation]:
        """Look up model inputs; count a hit on each one found (one transaction)."""
        found: dict[str, CachedTranslation] = {}
        with _transaction(self._db):
            for source in dict.fromkeys(sources):
                row = self._db.execute(
                    "SELECT translation, flags FROM translations WHERE model_key = ? AND source = ?", (model_key, source)
                ).fetchone()
                if row is not None:
                    found[source] = CachedTranslation(row["translation"], tuple(json.loads(row["flags"])))
                    self._db.execute("UPDATE translations SET hits = hits + 1 WHERE model_key = ? AND source = ?", (model_key, source))
        return found

    def store_translations(self, model_key: str, items: Sequence[tuple[str, CachedTranslation]]) -> None:
        now = time.time()
        with _transaction(self._db):
            self._db.executemany(
                "INSERT INTO translations (model_key, source, translation, flags, hits, created_at) VALUES (?, ?, ?, ?, 0, ?) "
                "ON CONFLICT(model_key, source) DO UPDATE SET translation = excluded.translation, flags = excluded.flags",
                [(model_key, source, t.text, json.dumps(list(t.flags)), now) for source, t in items],
            )

    def cache_size(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])

    # --- runs ---------------------------------------------------------------------

    def start_run(self, run_id: str, started_at: float) -> None:
        with _transaction(self._db):
            self._db.execute("INSERT OR REPLACE INTO runs (run_id, started_at) VALUES (?, ?)", (run_id, started_at))

    def finish_run(self, run_id: str, finished_at: float, summary: dict) -> None:
        with _transaction(self._db):
            self._db.execute(
                "UPDATE runs SET finished_at = ?, summary = ? WHERE run_id = ?",
                (finished_at, json.dumps(summary, ensure_ascii=False, sort_keys=True), run_id),
            )


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    # IMMEDIATE takes the write lock up front, so two writers never deadlock on upgrade.
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def ensure_output_dir(out_dir: Path) -> Path:
    """Create the output folder and prove it is writable, with a message that says why not."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".toolkit-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputDirError(f"cannot write to the output folder {out_dir}: {reason}") from exc
    return out_dir


class OutputLock:
    """An exclusive `flock` on `<out>/.toolkit.lock` for the length of a run.

    `wait_seconds=0` fails at once with OutputBusyError when another run holds it;
    a positive value polls up to that long; None waits as long as it takes.
    """

    def __init__(self, out_dir: Path, wait_seconds: Optional[float] = 0.0, poll_seconds: float = 0.2,
                 on_wait: Optional[Callable[[str], None]] = None):
        self.path = Path(out_dir) / LOCK_NAME
        self.wait_seconds = wait_seconds
        self.poll_seconds = poll_seconds
        self.on_wait = on_wait  # called once, with the holder, when we start waiting
        self._handle = None

    def acquire(self) -> None:
        if self._handle is not None:
            return  # already held (taken before the `with`)
        try:
            handle = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise OutputDirError(f"cannot create the lock file {self.path}: {exc.strerror or exc}") from exc
        deadline = None if self.wait_seconds is None else time.monotonic() + self.wait_seconds
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    handle.close()
                    raise OutputDirError(f"cannot lock {self.path}: {exc.strerror or exc}") from exc
                if deadline is not None and time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    handle.close()
                    waited = f" after waiting {self.wait_seconds:g}s" if self.wait_seconds else ""
                    raise OutputBusyError(
                        f"another run is using {self.path.parent} ({holder}){waited}; "
                        "wait for it to finish, or pass --wait-lock SECONDS to wait"
                    ) from None
                if self.on_wait is not None:
                    handle.seek(0)
                    self.on_wait(handle.read().strip() or "another process")
                    self.on_wait = None
                time.sleep(self.poll_seconds)
        # Who holds it, for the other run's message. Informational only: the flock is the lock.
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> "OutputLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
