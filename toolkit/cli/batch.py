"""CLI side of batch runs: progress display, signal handling, `toolkit status`.

Progress has three shapes: a single updating line when stderr is a terminal, plain
log lines when it is not (cron mails, log files), and `--json-log`: one JSON object per
event, for log shippers. `--quiet` keeps only failures.
"""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import IO, Optional, Sequence

from toolkit.batch.fingerprints import file_sha256
from toolkit.batch.inputs import discover_inputs, unique_ids
from toolkit.batch.report import ProgressEvent
from toolkit.batch.stop import StopRequest
from toolkit.cli.exit_codes import EXIT_OK, EXIT_SIGINT, EXIT_SIGTERM
from toolkit.errors import SignalInterrupt
from toolkit.batch.manifest import STATUS_DONE, STATUS_FAILED, STATUS_PENDING, Manifest

MODE_TTY, MODE_LINES, MODE_JSON, MODE_QUIET = "tty", "lines", "json", "quiet"


def reporter_mode(quiet: bool, json_log: bool, stream: IO[str]) -> str:
    if json_log:
        return MODE_JSON
    if quiet:
        return MODE_QUIET
    return MODE_TTY if stream.isatty() else MODE_LINES


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class ProgressReporter:
    """A ProgressEvent callback that writes progress to `stream` in the chosen mode."""

    def __init__(self, stream: IO[str], mode: str):
        self.stream = stream
        self.mode = mode
        self.started = time.monotonic()
        self.to_do = 0
        self.articles_done = 0
        self.articles_failed = 0
        self.sentences = 0
        self.skipped = 0
        self._line_shown = False

    def __call__(self, event: ProgressEvent) -> None:
        self._count(event)
        if self.mode == MODE_JSON:
            record = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "event": event.kind}
            record.update({k: v for k, v in (("article", event.article_id), ("count", event.count), ("total", event.total), ("message", event.message)) if v not in (None, "")})
            self._write(json.dumps(record, ensure_ascii=False) + "\n")
        elif self.mode == MODE_QUIET:
            if event.kind == "article_failed":
                self._write(f"FAILED {event.article_id}: {event.message}\n")
        elif self.mode == MODE_LINES:
            line = self._plain_line(event)
            if line:
                self._write(line + "\n")
        else:
            self._tty(event)

    def _count(self, event: ProgressEvent) -> None:
        if event.kind == "run_started":
            self.to_do = event.count
        elif event.kind == "article_written":
            self.articles_done += 1
        elif event.kind == "article_failed":
            self.articles_failed += 1
        elif event.kind == "article_skipped":
            self.skipped += 1
        elif event.kind == "sentences_translated":
            self.sentences = event.count

    def _plain_line(self, event: ProgressEvent) -> Optional[str]:
        if event.kind == "run_started":
            return f"{event.total} articles found: {self.skipped} unchanged and skipped, {event.count} to translate"
        if event.kind == "article_failed":
            return f"FAILED {event.article_id}: {event.message}"
        if event.kind == "lock_wait":
            return event.message
        if event.kind == "file_ignored":
            return f"ignored {event.article_id}: {event.message}"
        if event.kind == "article_written":
            return f"wrote {event.article_id} ({self.articles_done}/{self.to_do}{self._eta()})"
        if event.kind == "sentences_translated":
            return f"translated {event.count} sentences ({self._rate():.1f}/s)"
        if event.kind == "run_interrupted":
            return "stopping: interrupted; finished articles are recorded"
        return None

    def _rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.sentences / elapsed if elapsed > 0 else 0.0

    def _eta(self) -> str:
        finished = self.articles_done + self.articles_failed
        if not finished or finished >= self.to_do:
            return ""
        per_article = (time.monotonic() - self.started) / finished
        return f", ETA {_clock(per_article * (self.to_do - finished))}"

    def _tty(self, event: ProgressEvent) -> None:
        if event.kind in ("article_failed", "file_ignored", "lock_wait"):
            # A lasting line above the progress line.
            self._write("\r\x1b[K" + (self._plain_line(event) or "") + "\n")
            self._line_shown = False
        if event.kind in ("run_finished", "run_interrupted"):
            self.close()
            return
        if event.kind in ("file_ignored", "lock_wait", "article_skipped"):
            return  # before run_started: nothing to count yet
        articles = f"articles {self.articles_done + self.articles_failed}/{self.to_do}"
        if self.skipped:
            articles += f" (+{self.skipped} unchanged)"
        line = f"{articles} · sentences {self.sentences} · {self._rate():.1f} sent/s{self._eta()}"
        self._write("\r\x1b[K" + line)
        self._line_shown = True

    def close(self) -> None:
        if self._line_shown:
            self._write("\n")
            self._line_shown = False

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


class StopOnSignal(StopRequest):
    """Turns SIGINT/SIGTERM into a stop request the pipeline polls between batches.

    The first signal asks for a clean stop (the current chunk is abandoned, the manifest
    is already up to date; in the stages that never poll it interrupts at once, see
    StopRequest); a second one interrupts at once (SignalInterrupt, a
    KeyboardInterrupt: the process exits with 128 + that signal's number), which is
    still safe because every manifest change is a transaction and every file atomic.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        super().__init__()
        self.signum: Optional[int] = None
        self._previous: dict[int, object] = {}

    def _handle(self, signum: int, frame) -> None:
        if self.signum is not None:
            raise SignalInterrupt(signum)
        self.signum = signum
        self.request()

    def __enter__(self) -> "StopOnSignal":
        for sig in self.SIGNALS:
            self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


def exit_code_for_signal(signum: int) -> int:
    return {signal.SIGINT: EXIT_SIGINT, signal.SIGTERM: EXIT_SIGTERM}.get(signum, 128 + int(signum))


def print_status(out_dir: Path, corpus: Sequence[Path] = (), as_json: bool = False) -> int:
    """List the manifest's articles by status; with `corpus`, files that are new or
    changed since their last run are listed as pending too."""
    with Manifest.open_existing(out_dir) as manifest:
        records = manifest.records()
        cache_entries = manifest.cache_size()
    rows = [{"status": r.status, "id": r.article_id, "path": r.source_path, "error": r.error, "sentences": r.sentences} for r in records]
    if corpus:
        known = {r.source_path: r for r in records}
        paths, _ = discover_inputs(corpus)
        for path, article_id in zip(paths, unique_ids(paths, taken={r.article_id: r.source_path for r in records})):
            key = str(path.resolve())
            record = known.get(key)
            try:
                sha = file_sha256(path)
            except OSError:
                sha = None
            if record is None:
                rows.append({"status": STATUS_PENDING, "id": article_id, "path": key, "error": None, "sentences": 0, "reason": "new"})
            elif record.status == STATUS_DONE and sha != record.source_sha256:
                row = next(r for r in rows if r["path"] == key)
                row.update(status=STATUS_PENDING, reason="changed since it was translated")
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in (STATUS_DONE, STATUS_PENDING, STATUS_FAILED)}
    if as_json:
        print(json.dumps({"out_dir": str(out_dir), "counts": counts, "cache_entries": cache_entries, "articles": rows}, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{out_dir}: {counts[STATUS_DONE]} done, {counts[STATUS_PENDING]} pending, {counts[STATUS_FAILED]} failed; {cache_entries} cached sentence translations")
    for status in (STATUS_FAILED, STATUS_PENDING, STATUS_DONE):
        for row in (r for r in rows if r["status"] == status):
            detail = row.get("error") or row.get("reason") or (f"{row['sentences']} sentences" if status == STATUS_DONE else "")
            print(f"{status:8} {row['id']:30} {row['path']}{'  — ' + detail if detail else ''}")
    return EXIT_OK
