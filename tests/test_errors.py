"""What an operator sees when something is wrong (issue 17, item 7): each case runs
`python -m toolkit` as a real process, as cron or a shell would, and checks the message
and the exit code (docs/batch.md, "What an operator sees"). The hub is never called:
every process runs with HF_HUB_OFFLINE=1."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from batch_fixtures import short_model_dir  # noqa: F401 (fixture)
from conftest import REPO, SEEDS, SHARED
from toolkit.cli.exit_codes import EXIT_BROKEN_PIPE, EXIT_MODEL, EXIT_OK, EXIT_SIGTERM, EXIT_USAGE
from toolkit.errors import ModelUnavailableError
from toolkit.translate.model_files import MARIAN_FILES, local_model_path

README_ADVICE = "hf download Helsinki-NLP/opus-mt-fr-en --local-dir"


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", **extra)
    # The package under test, whatever the working directory.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env.pop("TOOLKIT_TESTSETS", None)
    return env


def toolkit(*args: str, cwd: Path = REPO, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args], cwd=cwd, env=env or _env(), capture_output=True, text=True, timeout=timeout
    )


def _no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Exception ignored" not in result.stderr, result.stderr


# --- 1. a local model path is not a hub id -------------------------------------------


@pytest.mark.parametrize(
    "reference, is_local",
    [
        ("models/opus-mt-fr-en", True),  # the README's folder, even when models/ is absent
        ("./opus-mt-fr-en", True),
        ("../models/opus", True),
        ("/opt/models/opus-mt-fr-en", True),
        ("~/opus-mt-fr-en", True),
        ("a/b/c", True),  # a hub id has at most one slash
        ("my models/opus", True),  # a hub id has no spaces
        ("mine/opus-mt-fr-en", True),  # mine/ exists in the working directory
        ("Helsinki-NLP/opus-mt-fr-en", False),
        ("opus-mt-fr-en", False),
    ],
)
def test_local_model_paths_are_told_from_hub_ids(tmp_path, monkeypatch, reference, is_local):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").mkdir()
    assert (local_model_path(reference) is not None) is is_local


@pytest.mark.parametrize("reference", ["models/opus-mt-fr-en", "mine/opus-mt-fr-en", "a/b/c"])
def test_a_missing_model_folder_is_reported_as_a_folder_not_a_hub_id(tmp_path, reference):
    (tmp_path / "mine").mkdir()
    result = toolkit("translate", str(SEEDS), "--out", str(tmp_path / "out"), "--model", reference, cwd=tmp_path)
    assert result.returncode == EXIT_MODEL, result.stderr
    assert f"model folder {reference} does not exist" in result.stderr
    assert f"{README_ADVICE} {reference}" in result.stderr
    assert f"hf download {reference}" not in result.stderr  # not advised as a hub id
    _no_traceback(result)


def test_a_hub_id_missing_offline_still_gets_the_hub_advice(tmp_path):
    result = toolkit("translate", str(SEEDS), "--out", str(tmp_path / "out"), "--model", "Helsinki-NLP/opus-mt-fr-en", cwd=tmp_path)
    assert result.returncode == EXIT_MODEL, result.stderr
    assert "not in the local Hugging Face cache" in result.stderr
    assert f"{README_ADVICE} models/opus-mt-fr-en" in result.stderr


# --- 2. an empty or incomplete model folder ------------------------------------------


def test_an_empty_model_folder_lists_the_missing_files(tmp_path):
    (tmp_path / "empty").mkdir()
    result = toolkit("translate", str(SEEDS), "--out", str(tmp_path / "out"), "--model", "empty", cwd=tmp_path)
    assert result.returncode == EXIT_MODEL, result.stderr
    assert "NoneType" not in result.stderr
    for name in (*MARIAN_FILES, "*.safetensors", "*.bin"):
        assert name in result.stderr
    _no_traceback(result)


def test_an_incomplete_model_folder_names_only_what_is_missing(tmp_path, tiny_model_dir):
    model = tmp_path / "model"
    shutil.copytree(tiny_model_dir, model)
    (model / "target.spm").unlink()
    result = toolkit("translate", str(SEEDS), "--out", str(tmp_path / "out"), "--model", str(model), cwd=tmp_path)
    assert result.returncode == EXIT_MODEL, result.stderr
    detail = result.stderr.splitlines()[0]
    assert "lacks target.spm;" in detail, detail
    assert "source.spm" not in detail and "config.json" not in detail


def test_a_file_given_as_the_model_is_reported_as_such(tmp_path):
    (tmp_path / "weights.bin").write_bytes(b"\0" * 16)
    result = toolkit("translate", str(SEEDS), "--out", str(tmp_path / "out"), "--model", "weights.bin", cwd=tmp_path)
    assert result.returncode == EXIT_MODEL, result.stderr
    assert "weights.bin is a file, not a model folder" in result.stderr


def test_the_ctranslate2_backend_checks_local_folders_the_same_way(tmp_path, monkeypatch):
    from toolkit.translate.model_files import checkpoint_folder

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelUnavailableError, match="lacks config.json, source.spm"):
        checkpoint_folder("empty", None)
    with pytest.raises(ModelUnavailableError, match="model folder models/opus-mt-fr-en does not exist"):
        checkpoint_folder("models/opus-mt-fr-en", None)


# --- 3. missing inputs are reported before the model loads ----------------------------


def test_missing_inputs_are_reported_before_the_model_loads(tmp_path):
    # The model is missing too: the input error must come first, without loading anything.
    result = toolkit(
        "translate", str(tmp_path / "nope"), str(SEEDS), str(tmp_path / "gone.txt"),
        "--out", str(tmp_path / "out"), "--model", str(tmp_path / "no-model"), cwd=tmp_path,
    )
    assert result.returncode == EXIT_USAGE, result.stderr
    assert f"no such input file or folder: {tmp_path / 'nope'}, {tmp_path / 'gone.txt'}" in result.stderr
    assert "model" not in result.stderr
    assert not (tmp_path / "out").exists()


# --- 4. a bad flag value names the flag ------------------------------------------------


@pytest.mark.parametrize(
    "flags, expected",
    [
        (["--beam", "0"], "--beam must be a positive integer (≥ 1), got 0"),
        (["--threads", "-2"], "--threads must be 0 (auto) or a positive integer, got -2"),
        (["--max-input-tokens", "9000"], "--max-input-tokens (9000) exceeds"),
        (["--chunk-size", "0"], "--chunk-size must be ≥ 1, got 0"),
    ],
)
def test_a_bad_flag_value_is_blamed_on_the_flag_not_the_config(tmp_path, flags, expected):
    result = toolkit("translate", str(SEEDS), "--out", str(tmp_path / "out"), *flags, cwd=tmp_path)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert expected in result.stderr
    assert result.stderr.startswith("toolkit: error: --")  # the flag first, not the config file


def test_a_bad_config_value_is_still_blamed_on_the_config(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[languages.fr]\nmodel = "x"\nspacy_model = "fr_core_news_md"\n[translate]\nbeam = 0\n', encoding="utf-8")
    result = toolkit("translate", str(SEEDS), "--out", str(tmp_path / "out"), "--config", str(bad), cwd=tmp_path)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert f"{bad}: beam must be a positive integer" in result.stderr
    assert "--beam" not in result.stderr


# --- 5. a closed pipe ----------------------------------------------------------------


def test_status_into_a_closed_pipe_exits_quietly(tmp_path):
    from toolkit.batch.manifest import Manifest

    (tmp_path / "out").mkdir()
    with Manifest.open(tmp_path / "out"):
        pass
    # `toolkit status | head` where head has already gone: a pipe with no reader.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "toolkit", "status", str(tmp_path / "out")],
            cwd=tmp_path, env=_env(), stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120,
        )
    finally:
        os.close(write_end)
    assert result.returncode == EXIT_BROKEN_PIPE, result.stderr
    assert result.stderr == ""


# --- 6. make-test-model outside the repository ---------------------------------------


def test_make_test_model_works_from_any_directory(tmp_path):
    result = toolkit("make-test-model", "tiny", "--lines", "60", cwd=tmp_path, env=_env(TOOLKIT_SHARED=str(SHARED)))
    assert result.returncode == EXIT_OK, result.stderr
    for name in MARIAN_FILES:
        assert (tmp_path / "tiny" / name).is_file()


def test_make_test_model_without_training_text_says_what_to_pass(tmp_path):
    result = toolkit("make-test-model", "tiny", cwd=tmp_path, env=_env(TOOLKIT_SHARED=str(tmp_path / "nothing")))
    assert result.returncode == EXIT_USAGE, result.stderr
    assert "--source and --target" in result.stderr and "TOOLKIT_SHARED" in result.stderr
    _no_traceback(result)
    assert not (tmp_path / "tiny").exists()


# --- 7. no hub progress bars in logs -------------------------------------------------


def test_loading_the_model_prints_no_progress_bar(tmp_path, short_model_dir):
    from transformers.utils import logging as hf_logging

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("Conseil municipal\n\nLe maire a présenté le budget hier soir.\n", encoding="utf-8")
    result = toolkit(
        "translate", str(corpus), "--out", str(tmp_path / "out"), "--model", str(short_model_dir), "--beam", "1", cwd=tmp_path
    )
    assert result.returncode == EXIT_OK, result.stderr
    assert "Loading weights" not in result.stderr
    assert "it/s" not in result.stderr and "\r" not in result.stderr
    # The library restores the host's setting after loading.
    from toolkit.translate.backends.transformers import MarianTranslator

    before = hf_logging.is_progress_bar_enabled()
    MarianTranslator.load(str(short_model_dir))
    assert hf_logging.is_progress_bar_enabled() == before


# --- 8. a second SIGTERM -------------------------------------------------------------


def test_sigterm_while_waiting_for_the_lock_exits_143_at_once(tmp_path, short_model_dir):
    from toolkit.batch.manifest import OutputLock

    out = tmp_path / "out"
    out.mkdir()
    # Another run holds the folder, so the process sits in its run (waiting for the
    # lock) with the signal handlers installed, for as long as the test needs.
    with OutputLock(out, 0.0):
        process = subprocess.Popen(
            [sys.executable, "-m", "toolkit", "translate", str(SEEDS), "--out", str(out), "--model", str(short_model_dir),
             "--wait-lock", "-1", "--json-log"],
            cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            deadline = time.monotonic() + 240
            for line in process.stderr:
                if '"event": "lock_wait"' in line or time.monotonic() > deadline:
                    break
            assert process.poll() is None, process.stderr.read()
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        rest = process.stderr.read()
    assert code == EXIT_SIGTERM, rest
    assert "nothing was done" in rest
    assert "Traceback" not in rest


def test_a_second_signal_interrupts_with_its_own_exit_code():
    from toolkit.cli.batch import StopOnSignal, exit_code_for_signal
    from toolkit.errors import SignalInterrupt

    stop = StopOnSignal()
    stop._handle(signal.SIGTERM, None)
    assert stop() and stop.signum == signal.SIGTERM
    with pytest.raises(SignalInterrupt) as raised:
        stop._handle(signal.SIGTERM, None)
    assert raised.value.signum == signal.SIGTERM and exit_code_for_signal(raised.value.signum) == EXIT_SIGTERM
