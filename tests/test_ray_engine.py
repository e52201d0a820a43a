"""The Ray engine against the local engine: a local 2-worker Ray cluster translates the
seeds with the tiny model; outputs, manifest and summary must match a local run, also
when a translation worker dies mid-run."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import SEEDS, seed_files
from run_outputs import expected_names, output_files

pytestmark = [pytest.mark.slow, pytest.mark.ray]

# Not skipped when Ray is missing: CI installs the `ray` extra and must run these.
import ray  # noqa: E402

from toolkit.cli.exit_codes import EXIT_FAILED_ARTICLES  # noqa: E402
from toolkit.cli.main import main  # noqa: E402
from toolkit.config import load_config  # noqa: E402
from toolkit.batch.job import run_translate  # noqa: E402
from toolkit.batch.ray import FAULT_EXIT_ONCE_ENV, RayOptions, connect, run_translate_on_ray  # noqa: E402
from toolkit.translate.translator import TranslationOptions  # noqa: E402

OPTIONS = TranslationOptions(beam=2, max_input_tokens=128)  # as conftest's tiny_translator
RAY_OPTIONS = RayOptions(workers=2)


@pytest.fixture(scope="module")
def ray_cluster():
    """One local cluster (2 translation actors + 1 CPU-stage slot) for the module."""
    assert connect(RAY_OPTIONS), "Ray was already initialised by something else"
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """The seeds, read where they are, plus one unusable article that must fail alike."""
    bad = tmp_path_factory.mktemp("bad-input")
    (bad / "empty.txt").write_bytes(b"")
    return [SEEDS, bad]


@pytest.fixture(scope="module")
def local_outputs(tmp_path_factory, corpus, tiny_translator, nlp) -> Path:
    out = tmp_path_factory.mktemp("local-out")
    summary = run_translate(corpus, out, load_config(), tiny_translator, nlp)
    assert len(summary.succeeded) == len(seed_files()) and len(summary.failed) == 1
    return out


def _manifest_rows(out: Path) -> list[tuple]:
    db = sqlite3.connect(out / "manifest.sqlite")
    try:
        return db.execute(
            "SELECT article_id, source_sha256, config_hash, model_name, status, error, title, sentences, outputs "
            "FROM articles ORDER BY article_id"
        ).fetchall()
    finally:
        db.close()


def _assert_same_run(ray_out: Path, local_out: Path) -> None:
    local_files = output_files(local_out)
    assert set(local_files) == expected_names(p.stem for p in seed_files())
    ray_files = output_files(ray_out)
    assert sorted(ray_files) == sorted(local_files)
    for name, data in local_files.items():
        assert ray_files[name] == data, f"{name} differs between the Ray and the local engine"
    assert _manifest_rows(ray_out) == _manifest_rows(local_out)
    assert not list(ray_out.glob(".*.tmp")), "a temporary file was left behind"


def test_two_ray_workers_match_the_local_engine_and_resume_like_it(ray_cluster, corpus, local_outputs, tiny_model_dir, nlp, tmp_path):
    out = tmp_path / "ray-out"
    summary = run_translate_on_ray(corpus, out, load_config(), RAY_OPTIONS, model=str(tiny_model_dir), options=OPTIONS, nlp=nlp)
    _assert_same_run(out, local_outputs)
    assert [r.status for r in summary.results] == ["done"] * 5 + ["failed"]
    assert summary.failed[0].error == "empty file"
    assert summary.model_inputs > 0 and not summary.interrupted
    report = json.loads(summary.summary_path.read_text(encoding="utf-8"))
    assert report["articles"] == {"found": 6, "done": 5, "skipped": 0, "failed": 1, "pending": 0}

    # A second run skips every finished article and asks the model nothing; the failed
    # one is tried again (and fails again), exactly as the local engine does.
    # This time through the CLI, which joins the cluster the fixture started.
    code = main(["translate", *map(str, corpus), "--out", str(out), "--engine", "ray", "--workers", "2",
                 "--model", str(tiny_model_dir), "--beam", "2", "--max-input-tokens", "128", "--quiet"])
    assert code == EXIT_FAILED_ARTICLES
    runs = sorted((out / "runs").glob("*.json"))
    assert len(runs) == 2
    again = json.loads(runs[-1].read_text(encoding="utf-8"))
    assert again["articles"] == {"found": 6, "done": 0, "skipped": 5, "failed": 1, "pending": 0}
    assert again["model_inputs"] == 0
    _assert_same_run(out, local_outputs)


def test_a_translation_worker_killed_mid_run_is_restarted_and_outputs_are_complete(
    ray_cluster, corpus, local_outputs, tiny_model_dir, nlp, tmp_path, monkeypatch
):
    marker = tmp_path / "worker-exited"
    monkeypatch.setenv(FAULT_EXIT_ONCE_ENV, str(marker))
    out = tmp_path / "ray-out"
    summary = run_translate_on_ray(corpus, out, load_config(), RAY_OPTIONS, model=str(tiny_model_dir), options=OPTIONS, nlp=nlp)
    assert marker.is_file(), "the fault injection did not fire: no worker died"
    assert [r.status for r in summary.results] == ["done"] * 5 + ["failed"]
    _assert_same_run(out, local_outputs)


def test_engine_ray_without_ray_installed_says_how_to_install_it(monkeypatch):
    import sys

    from toolkit.batch.ray import RayUnavailableError, require_ray

    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` raise ImportError
    with pytest.raises(RayUnavailableError, match=r"pip install \.\[ray\]"):
        require_ray()


def test_chunks_are_split_across_workers_by_sentence_count():
    from toolkit.batch.ray import shard_by_sentences

    groups = shard_by_sentences([30, 2, 12, 14, 1], 2)
    assert sorted(i for g in groups for i in g) == [0, 1, 2, 3, 4]  # every article once
    assert all(g == sorted(g) for g in groups)  # chunk order kept inside a worker's share
    assert sorted(sum([30, 2, 12, 14, 1][i] for i in g) for g in groups) == [29, 30]
    assert shard_by_sentences([4], 3) == [[0]]  # no empty shard is sent to a worker


def test_a_stopped_ray_run_resumes_like_a_local_one(ray_cluster, corpus, local_outputs, tiny_model_dir, nlp, tmp_path):
    """SIGINT/SIGTERM reach the engine as `should_stop`: finished articles stay done,
    the rest pending, and the next run finishes exactly those."""
    out = tmp_path / "ray-out"
    written: list[str] = []

    def progress(event) -> None:
        if event.kind == "article_written":
            written.append(event.article_id)

    stopped = run_translate_on_ray(corpus, out, load_config(), RAY_OPTIONS, progress, model=str(tiny_model_dir),
                                   options=OPTIONS, nlp=nlp, should_stop=lambda: bool(written), articles_per_chunk=2)
    assert stopped.interrupted
    done_first = [r.article_id for r in stopped.results if r.status == "done"]
    assert done_first == written and 1 <= len(done_first) < 5
    assert {r.status for r in stopped.results} == {"done", "pending"}

    finished = run_translate_on_ray(corpus, out, load_config(), RAY_OPTIONS, model=str(tiny_model_dir),
                                    options=OPTIONS, nlp=nlp, articles_per_chunk=2)
    assert not finished.interrupted
    assert [r.article_id for r in finished.results if r.status == "skipped"] == done_first
    assert [r.status for r in finished.results].count("done") == 5 - len(done_first)
    _assert_same_run(out, local_outputs)
