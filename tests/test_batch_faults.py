"""Fault injection on real processes: `python -m toolkit translate` over the seeds with
a tiny MarianMT, killed with SIGKILL at random points, stopped with SIGTERM, and run
twice at once on one output folder. Every rerun must end with outputs byte-identical
to an uninterrupted run and a consistent manifest."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from batch_fixtures import short_model_dir  # noqa: F401 (fixture)
from conftest import REPO, SEEDS, seed_files
from toolkit.cli.exit_codes import EXIT_BUSY, EXIT_OK, EXIT_SIGTERM
from toolkit.cli.main import main
from toolkit.batch.manifest import MANIFEST_NAME

# Articles per chunk: 1, so that kills land between, inside and after article commits.
CHUNK = "1"


def _command(out: Path, model: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "toolkit", "translate", str(SEEDS), "--out", str(out), "--model", str(model),
        "--beam", "2", "--max-input-tokens", "128", "--chunk-size", CHUNK, "--json-log", *extra,
    ]


class _Run:
    """A translate subprocess whose JSON events are read as they come."""

    def __init__(self, out: Path, model: Path, *extra: str):
        self.process = subprocess.Popen(
            _command(out, model, *extra), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.events: list[dict] = []
        self.other: list[str] = []
        self._new_event = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            with self._new_event:
                if line.startswith("{"):
                    self.events.append(json.loads(line))
                else:
                    self.other.append(line)
                self._new_event.notify_all()
        with self._new_event:
            self._new_event.notify_all()

    def wait_for_events(self, count: int) -> bool:
        """Block until `count` events arrived or the process ended; True if they arrived."""
        with self._new_event:
            while len(self.events) < count and (self._reader.is_alive()):
                self._new_event.wait(timeout=1.0)
            return len(self.events) >= count

    def wait_for(self, kind: str) -> bool:
        with self._new_event:
            while not any(e["event"] == kind for e in self.events) and self._reader.is_alive():
                self._new_event.wait(timeout=1.0)
            return any(e["event"] == kind for e in self.events)

    def finish(self, timeout: float = 420) -> tuple[int, str]:
        # Not communicate(): it would race the reader thread for stderr lines.
        stdout = self.process.stdout.read()
        self.process.wait(timeout=timeout)
        self._reader.join(timeout=10)
        return self.process.returncode, stdout


def _outputs(out: Path) -> dict[str, bytes]:
    """Every per-article file and the index; run summaries and the manifest are run records."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith((".", "manifest.sqlite"))}


def _assert_consistent(out: Path) -> None:
    db = sqlite3.connect(out / MANIFEST_NAME)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute("SELECT article_id, status, outputs FROM articles ORDER BY article_id").fetchall()
    assert [r[0] for r in rows] == [p.stem for p in seed_files()]
    for article_id, status, outputs in rows:
        assert status == "done", article_id
        listed = json.loads(outputs)
        assert {f"{article_id}.html", f"{article_id}.json"} <= set(listed)
        assert all((out / name).is_file() for name in listed)
    db.close()
    leftovers = [p.name for p in out.rglob("*.tmp")]
    assert leftovers == []  # no half-written file left behind


@pytest.fixture(scope="module")
def reference(short_model_dir, tmp_path_factory) -> dict:
    """One uninterrupted run, and while it holds the folder, two more runs: one that
    must exit at once with code 75, one that waits for the lock and then has nothing
    left to do. The first run is paused (SIGSTOP) while the others try, so the overlap
    does not depend on timing; a stopped process keeps its flock."""
    out = tmp_path_factory.mktemp("reference") / "out"
    first = _Run(out, short_model_dir)
    assert first.wait_for("run_started"), first.other
    first.process.send_signal(signal.SIGSTOP)
    try:
        busy = _Run(out, short_model_dir)
        busy_code, _ = busy.finish()
        waiting = _Run(out, short_model_dir, "--wait-lock", "-1")
        assert waiting.wait_for("lock_wait"), waiting.other
    finally:
        first.process.send_signal(signal.SIGCONT)
    code, stdout = first.finish()
    waiting_code, waiting_stdout = waiting.finish()
    return {
        "out": out, "code": code, "stdout": stdout, "outputs": _outputs(out),
        "busy": (busy_code, "".join(busy.other)), "waiting": (waiting_code, waiting_stdout, waiting.events),
    }


def test_uninterrupted_run_and_two_processes_on_one_folder(reference):
    assert reference["code"] == EXIT_OK, reference["stdout"]
    assert len([n for n in reference["outputs"] if n.endswith(".json")]) == 5
    busy_code, busy_err = reference["busy"]
    assert busy_code == EXIT_BUSY and "another run is using" in busy_err
    waiting_code, waiting_stdout, waiting_events = reference["waiting"]
    assert waiting_code == EXIT_OK
    # It waited for the first run to finish, then found everything done.
    assert "done 0, skipped 5 (unchanged), failed 0" in waiting_stdout and "model inputs 0" in waiting_stdout
    assert not any(e["event"] == "article_written" for e in waiting_events)
    _assert_consistent(reference["out"])


# One chain keeps the module within a few minutes on 2 shared cores; change the seed
# (or add some) to explore other kill points.
@pytest.mark.parametrize("seed", [5])
def test_sigkill_at_random_points_then_rerun_gives_identical_outputs(reference, short_model_dir, tmp_path, seed):
    rng = random.Random(seed)
    out = tmp_path / "out"
    # Two kills per chain: one after a random number of progress events (lands anywhere
    # from start-up to mid-chunk), one after a random delay (may land in imports,
    # model loading, a translation batch, a file rename or a manifest commit).
    run = _Run(out, short_model_dir)
    run.wait_for_events(rng.randint(1, 12))
    run.process.send_signal(signal.SIGKILL)
    assert run.finish()[0] == -signal.SIGKILL
    run = _Run(out, short_model_dir)
    time.sleep(rng.uniform(2.0, 20.0))
    run.process.send_signal(signal.SIGKILL)
    run.finish()
    # The rerun in process: same CLI entry point, without paying the start-up again.
    assert main(_command(out, short_model_dir)[3:]) == EXIT_OK
    assert _outputs(out) == reference["outputs"]
    _assert_consistent(out)


def test_sigterm_stops_cleanly_with_code_143_and_a_rerun_finishes(reference, short_model_dir, tmp_path):
    out = tmp_path / "out"
    run = _Run(out, short_model_dir)
    assert run.wait_for("article_written")
    run.process.send_signal(signal.SIGTERM)
    code, stdout = run.finish()
    assert code == EXIT_SIGTERM, stdout
    assert "interrupted" in stdout and "rerun the same command" in stdout
    db = sqlite3.connect(out / MANIFEST_NAME)
    statuses = [r[0] for r in db.execute("SELECT status FROM articles")]
    db.close()
    assert "failed" not in statuses and 1 <= statuses.count("done") < 5
    summary = json.loads(max((out / "runs").glob("*.json")).read_text())
    assert summary["status"] == "interrupted" and summary["articles"]["pending"] == 5 - statuses.count("done")
    assert main(_command(out, short_model_dir)[3:]) == EXIT_OK
    assert _outputs(out) == reference["outputs"]
    _assert_consistent(out)


def test_output_files_get_the_umask_mode_not_0600(tmp_path):
    import os
    import stat

    from toolkit.formats.atomic import write_text_atomic

    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "page.html", "<p>x</p>")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "page.html").stat().st_mode) == 0o644
