"""The CPU thread policy (toolkit/translate/threads.py; README *Configuration*, `threads`;
docs/performance.md *Shared CPUs*): OpenMP waits passively unless the user chose
otherwise, set before the runtime loads, and `threads` picks the documented counts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import REPO
from toolkit.translate.threads import WAIT_POLICY_ENV, available_cores, prefer_passive_waiting


def run_python(code: str, **env_changes) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter (the OpenMP runtime reads its settings once per
    process), with libgomp asked to print the settings it starts with on stderr."""
    env = {k: v for k, v in os.environ.items() if k not in (WAIT_POLICY_ENV, "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    env.update({"OMP_DISPLAY_ENV": "VERBOSE", "PYTHONPATH": str(REPO)}, **env_changes)
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return result


def runtime_settings(stderr: str, name: str) -> list[str]:
    """The value of `name` that each loaded libgomp reports (OMP_DISPLAY_ENV)."""
    return [line.split("=", 1)[1].strip().strip("'") for line in stderr.splitlines() if line.strip().startswith(f"{name} =")]


def waits_without_spinning(stderr: str) -> bool:
    """libgomp shows OMP_WAIT_POLICY 'PASSIVE' when it is unset too; what differs is
    the spin count: 300,000 iterations unset, 0 when passive."""
    spins = runtime_settings(stderr, "GOMP_SPINCOUNT")
    return bool(spins) and set(spins) == {"0"}


def test_passive_unless_the_user_chose_or_it_is_too_late():
    env: dict[str, str] = {}
    assert prefer_passive_waiting(env, modules={}) == "PASSIVE" and env == {WAIT_POLICY_ENV: "PASSIVE"}
    env = {WAIT_POLICY_ENV: "ACTIVE"}
    assert prefer_passive_waiting(env, modules={}) == "ACTIVE" and env == {WAIT_POLICY_ENV: "ACTIVE"}
    # Once torch (or ctranslate2) is loaded its runtime has read the policy: setting it
    # would change nothing here and mislead child processes about this one.
    for loaded in ("torch", "ctranslate2"):
        env = {}
        assert prefer_passive_waiting(env, modules={loaded: object()}) is None and env == {}


CLI_THEN_TORCH = """
    import os, sys
    from toolkit.cli import main as cli
    try:
        cli.main(["--version"])  # the start-up policy runs before argument parsing exits
    except SystemExit:
        pass
    import torch
    torch.ones(64, 64) @ torch.ones(64, 64)
    print(os.environ.get("OMP_WAIT_POLICY"))
"""


def test_cli_makes_the_loaded_runtime_wait_passively():
    result = run_python(CLI_THEN_TORCH)
    assert result.stdout.split()[-1] == "PASSIVE"
    assert waits_without_spinning(result.stderr), result.stderr


def test_cli_respects_the_users_wait_policy():
    result = run_python(CLI_THEN_TORCH, OMP_WAIT_POLICY="ACTIVE")
    assert result.stdout.split()[-1] == "ACTIVE"
    assert set(runtime_settings(result.stderr, "OMP_WAIT_POLICY")) == {"ACTIVE"}, result.stderr


@pytest.mark.parametrize("threads", [0, 1])
def test_library_load_sets_policy_and_thread_count(tiny_model_dir, threads):
    """Without the CLI (a Python caller or a Ray worker), loading the backend is the
    first thing that imports torch: the policy is set there, and `threads = 0` means the
    cores this process may use, an explicit value that count."""
    code = f"""
        import json, sys
        from toolkit.translate.backends.transformers import MarianTranslator
        from toolkit.translate.translator import TranslationOptions
        assert "torch" not in sys.modules
        translator = MarianTranslator.load({str(tiny_model_dir)!r}, TranslationOptions(device="cpu", threads={threads}))
        translator.translate_batch(["Le conseil municipal a voté."])
        import os, torch
        print(json.dumps({{"threads": torch.get_num_threads(), "policy": os.environ.get("OMP_WAIT_POLICY")}}))
    """
    result = run_python(code)
    reported = json.loads(result.stdout.splitlines()[-1])
    assert reported == {"threads": threads or available_cores(), "policy": "PASSIVE"}
    assert waits_without_spinning(result.stderr), result.stderr


def test_operator_thread_count_wins_over_threads_0(tiny_model_dir):
    code = f"""
        import torch
        from toolkit.translate.backends.transformers import MarianTranslator
        from toolkit.translate.translator import TranslationOptions
        MarianTranslator.load({str(tiny_model_dir)!r}, TranslationOptions(device="cpu", threads=0))
        print(torch.get_num_threads())
    """
    assert run_python(code, OMP_NUM_THREADS="1").stdout.split()[-1] == "1"
