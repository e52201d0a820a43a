"""What a batch run tells its caller: progress events while it runs, the outcome of each
article and of the run, and the run report written to `<out>/runs/<run id>.json`."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from toolkit.batch.inputs import IgnoredFile
from toolkit.document import Article
from toolkit.translate.translator import Translator

RUN_SCHEMA = "toolkit.run/1"


@dataclass(frozen=True)
class ProgressEvent:
    # "lock_wait" (another run holds the output folder) | "run_started" (count = articles to do, total = articles found) | "article_skipped" |
    # "article_prepared" | "article_failed" | "sentences_translated" (count so far, total
    # known so far) | "article_written" | "file_ignored" | "run_interrupted" | "run_finished"
    kind: str
    article_id: Optional[str] = None
    count: int = 0
    total: int = 0
    message: Optional[str] = None


ProgressCallback = Callable[[ProgressEvent], None]


@dataclass(frozen=True)
class ArticleResult:
    path: Path
    article_id: str
    article: Optional[Article] = None
    error: Optional[str] = None
    outputs: tuple[Path, ...] = ()
    skipped: bool = False  # done by an earlier run, unchanged since
    pending: bool = False  # not reached: the run was interrupted first

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        return "failed" if self.error else "pending" if self.pending else "skipped" if self.skipped else "done"


@dataclass(frozen=True)
class RunSummary:
    results: tuple[ArticleResult, ...] = ()
    sentences: int = 0
    seconds: float = 0.0
    index: Optional[Path] = None
    extra: dict = field(default_factory=dict)
    cache_hits: int = 0  # model inputs answered by the translation cache
    model_inputs: int = 0  # model inputs sent to the translator
    ignored: tuple[IgnoredFile, ...] = ()  # files in the input folders that are not .txt
    interrupted: bool = False
    summary_path: Optional[Path] = None  # outputs/runs/<timestamp>.json

    @property
    def failed(self) -> tuple[ArticleResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def succeeded(self) -> tuple[ArticleResult, ...]:
        """Articles whose outputs exist: done by this run or skipped as already done."""
        return tuple(r for r in self.results if r.ok and not r.pending)

    @property
    def skipped(self) -> tuple[ArticleResult, ...]:
        return tuple(r for r in self.results if r.skipped)

    @property
    def pending(self) -> tuple[ArticleResult, ...]:
        return tuple(r for r in self.results if r.pending)


def run_id_for(started_wall: float) -> str:
    """A sortable, file-name-safe timestamp; the pid keeps two runs in one instant apart."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(started_wall))
    return f"{stamp}.{int(started_wall * 1e6) % 1_000_000:06d}Z-{os.getpid()}"


def iso(timestamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))


def run_report(summary: RunSummary, run_id: str, started_wall: float, translator: Translator, run_config: str) -> dict:
    """The run summary as written to outputs/runs/<run id>.json."""
    done = [r for r in summary.results if r.status == "done"]
    return {
        "schema": RUN_SCHEMA,
        "run_id": run_id,
        "started_at": iso(started_wall),
        "seconds": round(summary.seconds, 3),
        "status": "interrupted" if summary.interrupted else "completed",
        "model": {"name": translator.name, "revision": translator.revision, "beam": translator.options.beam},
        "config_hash": run_config,
        "articles": {
            "found": len(summary.results),
            "done": len(done),
            "skipped": len(summary.skipped),
            "failed": len(summary.failed),
            "pending": len(summary.pending),
        },
        "sentences_translated": summary.sentences,
        "model_inputs": summary.model_inputs,
        "cache_hits": summary.cache_hits,
        "sentences_per_second": round(summary.sentences / summary.seconds, 3) if summary.seconds else 0.0,
        "failed": [{"path": str(r.path), "error": r.error} for r in summary.failed],
        "ignored": [{"path": str(i.path), "reason": i.reason} for i in summary.ignored],
    }
