"""Every output of a batch run's folder, as two runs that should agree are compared
(local against Ray engine, a rerun against a first run)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Left out by name, because they differ between two runs that did the same work:
VOLATILE = {
    "runs",  # the run reports: run id, start time and seconds of each run
    "manifest.sqlite", "manifest.sqlite-wal", "manifest.sqlite-shm",  # start/finish times and run ids per article (tests compare its stable columns)
    ".toolkit.lock",  # the pid and start time of the last run that held the folder
}
# Compared by content, not bytes: one set of rows can be laid out in different SQLite pages.
BY_ROWS = {"quotes.sqlite"}


def _rows(path: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        db.close()


def output_files(out: Path) -> dict[str, object]:
    """Every file of `out` but the volatile ones: its bytes, or its rows for BY_ROWS."""
    found: dict[str, object] = {}
    for path in sorted(Path(out).iterdir()):
        if path.name in VOLATILE:
            continue
        assert path.is_file(), f"unexpected folder {path.name} in a run's outputs"
        found[path.name] = _rows(path) if path.name in BY_ROWS else path.read_bytes()
    return found


def expected_names(article_ids, translated: bool = True) -> set[str]:
    """The files a run writes for these articles: three per article and the folder's own."""
    per_article = {f"{a}.{suffix}" for a in article_ids for suffix in ("json", "html", "xlf")}
    folder = {"index.html", "speakers.html", "quotes.csv", "quotes.sqlite"} | ({"corpus.tmx"} if translated else set())
    return per_article | folder
