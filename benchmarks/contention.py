"""Translation speed on a CPU shared with other busy processes.

    python benchmarks/contention.py --sentences 30 [--repeats 2] [--json]

A batch server is never idle. This translates the first N sentences of newstest2014.fr
with the toolkit's transformers backend (the random-weight model of opus-mt-fr-en's
architecture and the reference-length forcing of benchmarks/throughput.py, beam 4) while
0, 1 and 2 other processes spin on the CPU (a pure-Python busy loop each), for each of
these settings:

- default: what `toolkit translate` does with `threads = 0` (its start-up wait policy
  included);
- threads1: the same with `--threads 1`;
- before: what `threads = 0` did before the *Shared CPUs* change: torch threads = the
  usable cores, libgomp's own wait policy (spin, then sleep).

Each setting runs in its own process (the OpenMP wait policy is fixed when the runtime
loads), loaded once; the cases are interleaved (repeat → competitors → setting), so a
change in the machine's background load hits every setting alike. It prints one line per
case (median seconds over the repeats), the ratios busy/quiet per setting, and with
--json one JSON object as its last line. The "quiet" case is only as quiet as the
machine: the load average is printed with each case.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing
sys.path.insert(0, str(REPO / "benchmarks"))  # the model and length forcing of throughput.py

from toolkit.translate.threads import WAIT_POLICY_ENV, available_cores, prefer_passive_waiting  # noqa: E402


@dataclass(frozen=True)
class Setting:
    threads: int  # TranslationOptions.threads
    toolkit_start: bool  # run the CLI's start-up thread policy before torch loads
    environ: tuple[tuple[str, Optional[str]], ...] = ()  # variables set (None: removed) for this worker


SETTINGS = {
    "default": Setting(threads=0, toolkit_start=True),
    "threads1": Setting(threads=1, toolkit_start=True),
    "before": Setting(threads=available_cores(), toolkit_start=False, environ=((WAIT_POLICY_ENV, None),)),
}
SPIN = "while True: pass"


def worker(args: argparse.Namespace) -> int:
    """One setting: load the model once, then time a translation per 'run' line on stdin."""
    setting = SETTINGS[args.setting]
    if setting.toolkit_start:
        prefer_passive_waiting()  # what toolkit.cli.main.main does before anything loads torch
    else:
        # The OpenMP runtime reads its wait policy when torch loads it: loading torch
        # before the toolkit's backend does keeps libgomp's own policy, as before.
        import torch  # noqa: F401
    import warnings

    warnings.filterwarnings("ignore", message=".*sacremoses.*")
    import throughput
    from transformers.utils import logging as hf_logging

    from toolkit.translate.translator import TranslationOptions

    hf_logging.set_verbosity_error()
    testset = throughput.SHARED / "testsets" / "fr-en"
    sentences = (testset / "newstest2014.fr").read_text(encoding="utf-8").splitlines()[: args.sentences]
    references = (testset / "newstest2014.en").read_text(encoding="utf-8").splitlines()[: args.sentences]
    options = TranslationOptions(beam=args.beam, device="cpu", threads=setting.threads)
    translator = throughput.ForcedLengthMarian.load(args.model_dir, options)
    tokenizer = translator.tokenizer
    lengths = [min(len(tokenizer(text_target=r)["input_ids"]), translator.max_positions) for r in references]
    throughput.ForcedLengthMarian.forced = {tuple(tokenizer(s)["input_ids"]): n for s, n in zip(sentences, lengths)}
    unique = list(dict.fromkeys(sentences))
    translator.translate_batch(unique[:2])  # one-off allocation and kernel selection
    import torch

    ready = {"ready": True, "torch_threads": torch.get_num_threads(), "wait_policy": os.environ.get(WAIT_POLICY_ENV), "target_tokens": sum(lengths)}
    print(json.dumps(ready), flush=True)
    for line in sys.stdin:
        if line.strip() != "run":
            break
        started = time.perf_counter()
        outputs = translator.translate_batch(unique)
        seconds = time.perf_counter() - started
        assert len(outputs) == len(unique)
        print(json.dumps({"seconds": seconds, "torch_threads": torch.get_num_threads()}), flush=True)
    return 0


class Worker:
    def __init__(self, name: str, args: argparse.Namespace, model_dir: Path):
        env = dict(os.environ)
        for key, value in SETTINGS[name].environ:
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        command = [sys.executable, __file__, "--worker", name, "--model-dir", str(model_dir), "--sentences", str(args.sentences), "--beam", str(args.beam)]
        self.name = name
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        self.info = self._reply()

    def _reply(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"worker {self.name} exited with {self.process.wait()}")
        return json.loads(line)

    def run(self) -> dict:
        self.process.stdin.write("run\n")
        self.process.stdin.flush()
        return self._reply()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_competitors(count: int) -> list[subprocess.Popen]:
    spinners = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(count)]
    time.sleep(0.5 if count else 0)  # let them reach full speed before timing starts
    return spinners


def stop_competitors(spinners: Sequence[subprocess.Popen]) -> None:
    for spinner in spinners:
        spinner.kill()
    for spinner in spinners:
        spinner.wait()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=30, help="first N sentences of newstest2014 (default 30)")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=1, help="runs per case; the median is reported")
    parser.add_argument("--competitors", default="0,1,2", help="numbers of competing busy processes (default 0,1,2; 0 is the quiet baseline)")
    parser.add_argument("--settings", default=",".join(SETTINGS), help=f"comma-separated, of: {', '.join(SETTINGS)}")
    parser.add_argument("--seed", type=int, default=0, help="the random model's seed (benchmarks/throughput.py)")
    parser.add_argument("--cache-dir", type=Path, default=Path(os.environ.get("TOOLKIT_CACHE", Path(tempfile.gettempdir()) / "toolkit-bench")))
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--worker", choices=list(SETTINGS), help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        args.setting = args.worker
        return worker(args)

    names = [n.strip() for n in args.settings.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETTINGS]
    counts = sorted({int(c) for c in args.competitors.split(",")} | {0})
    if unknown or args.sentences < 1 or args.repeats < 1 or min(counts) < 0:
        parser.error(f"unknown settings {unknown}" if unknown else "--sentences and --repeats must be positive, --competitors non-negative")
    log = lambda line: print(line, flush=True)  # noqa: E731

    import throughput  # builds the model in this process only; the workers only load it

    started = time.perf_counter()
    model_dir = throughput.build_benchmark_model(args.cache_dir, args.seed)
    log(f"model: {model_dir} (random weights, opus-mt-fr-en architecture; {time.perf_counter() - started:.1f}s)")
    workers: dict[str, Worker] = {}
    seconds: dict[tuple[str, int], list[float]] = {(n, c): [] for n in names for c in counts}
    loads: dict[int, list[float]] = {c: [] for c in counts}
    try:
        for name in names:
            workers[name] = Worker(name, args, model_dir)
            info = workers[name].info
            log(f"setting {name}: torch threads {info['torch_threads']}, {WAIT_POLICY_ENV}={info['wait_policy'] or '(unset)'}")
        log(
            f"{args.sentences} sentences, {info['target_tokens']} target tokens (forced), beam {args.beam}, "
            f"{available_cores()} cores, load average {os.getloadavg()[0]:.2f} before the runs"
        )
        for repeat in range(args.repeats):
            for count in counts:
                spinners = start_competitors(count)
                try:
                    loads[count].append(os.getloadavg()[0])
                    for name in names:
                        seconds[(name, count)].append(workers[name].run()["seconds"])
                finally:
                    stop_competitors(spinners)
                done = ", ".join(f"{n} {seconds[(n, count)][-1]:.1f}s" for n in names)
                log(f"repeat {repeat + 1}/{args.repeats}, {count} competing: {done} (load {loads[count][-1]:.2f})")
    finally:
        for w in workers.values():
            w.close()

    median = {key: statistics.median(values) for key, values in seconds.items()}
    log("")
    log(f"{'setting':<10}{'competing':>10}{'seconds':>9}{'sent/s':>8}{'× quiet':>9}{'load':>7}")
    for name in names:
        for count in counts:
            value = median[(name, count)]
            log(
                f"{name:<10}{count:>10}{value:>9.1f}{args.sentences / value:>8.2f}"
                f"{value / median[(name, 0)]:>9.2f}{statistics.median(loads[count]):>7.2f}"
            )
    ratios = {name: {str(c): round(median[(name, c)] / median[(name, 0)], 3) for c in counts if c} for name in names}
    log("busy/quiet: " + "; ".join(f"{n} " + ", ".join(f"{c} competing {r:.2f}×" for c, r in ratios[n].items()) for n in names))
    if args.json:
        summary = {
            "sentences": args.sentences,
            "beam": args.beam,
            "cores": available_cores(),
            "repeats": args.repeats,
            "seconds": {n: {str(c): [round(s, 3) for s in seconds[(n, c)]] for c in counts} for n in names},
            "busy_over_quiet": ratios,
            "load": {str(c): [round(v, 2) for v in loads[c]] for c in counts},
        }
        print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
