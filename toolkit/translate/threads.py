"""CPU threads for the model backends on machines that are not idle.

A batch server is never idle, and intra-op parallelism is fragile there: torch and
CTranslate2 split every matrix multiplication of a decoding step over an OpenMP team
whose threads meet at a barrier, so the step goes at the pace of the thread that was
descheduled last. GNU OpenMP (libgomp, bundled by both wheels) also makes a waiting
thread spin before it sleeps, so the waiting threads take CPU from the one the barrier
waits for. With one other busy process on 2 cores this made the default run 15× slower
than with one thread (docs/performance.md, *Shared CPUs*).

Two settings answer it:
- `prefer_passive_waiting`: OMP_WAIT_POLICY=PASSIVE, so a waiting thread sleeps at once
  instead of spinning. libgomp reads it once, when it is loaded (at `import torch` or
  `import ctranslate2`), so it must be set before either; the CLI does it first thing.
  A value the user set is kept.
- `configure_cpu_threads`: torch's intra-op threads, `threads = 0` meaning the cores this
  process may use (`available_cores`), not the machine's.
"""

from __future__ import annotations

import os
import sys
from typing import Mapping, MutableMapping, Optional

WAIT_POLICY_ENV = "OMP_WAIT_POLICY"
# Variables by which an operator fixes the thread count for the whole process.
THREAD_COUNT_ENVS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")
# Modules that load an OpenMP runtime: once one is imported, the wait policy is fixed.
OPENMP_MODULES = ("torch", "ctranslate2")


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def prefer_passive_waiting(environ: Optional[MutableMapping[str, str]] = None, modules: Optional[Mapping[str, object]] = None) -> Optional[str]:
    """Set OMP_WAIT_POLICY=PASSIVE unless the user chose a policy or an OpenMP runtime
    is already loaded (setting it then would only mislead child processes about this
    one). Returns the policy now in the environment, None when unset. Child processes
    (Ray workers) inherit it."""
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    if not environ.get(WAIT_POLICY_ENV) and not any(name in modules for name in OPENMP_MODULES):
        environ[WAIT_POLICY_ENV] = "PASSIVE"
    return environ.get(WAIT_POLICY_ENV) or None


def configure_cpu_threads(requested: int = 0) -> int:
    """Set torch's intra-op threads to `requested`, or to the usable cores when 0.

    torch sizes its pool from the machine's core count, which oversubscribes a process
    pinned to fewer cores (containers, taskset) and thrashes. An explicit
    OMP_NUM_THREADS / MKL_NUM_THREADS is the operator's choice and is left alone.
    Other processes on the same cores are answered by the wait policy, not by fewer
    threads (docs/performance.md *Shared CPUs*).
    """
    prefer_passive_waiting()  # a no-op once torch is loaded; the CLI sets it earlier
    import torch

    if requested <= 0 and any(os.environ.get(name) for name in THREAD_COUNT_ENVS):
        return torch.get_num_threads()
    threads = requested if requested > 0 else available_cores()
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    return threads
