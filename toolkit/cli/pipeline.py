"""CLI commands for the main pipeline: analyze, translate, status, make-test-model."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.cli.arguments import add_config_argument
from toolkit.cli.exit_codes import EXIT_FAILED_ARTICLES, EXIT_OK, EXIT_OUTPUT_DIR
from toolkit.cli.batch import ProgressReporter, StopOnSignal, exit_code_for_signal, print_status, reporter_mode
from toolkit.batch.job import run_analyze, run_translate
from toolkit.batch.report import ProgressEvent, RunSummary
from toolkit.batch.stop import RunInterrupted
from toolkit.config import load_config
from toolkit.errors import ConfigError
from toolkit.batch.manifest import OutputDirError, OutputLock, ensure_output_dir
from toolkit.formats.xliff import XLIFF_VERSIONS
from toolkit.translate.backends import BACKENDS


class _StderrProgress:
    """Plain progress lines on stderr (one per article, and per translated batch)."""

    def __init__(self, quiet: bool):
        self.quiet = quiet

    def __call__(self, event: ProgressEvent) -> None:
        if self.quiet and event.kind != "article_failed":
            return
        if event.kind == "article_failed":
            print(f"FAILED {event.article_id}: {event.message}", file=sys.stderr)
        elif event.kind == "sentences_translated":
            print(f"translated {event.count}/{event.total} sentences", file=sys.stderr)
        elif event.kind == "article_written":
            print(f"wrote {event.article_id}", file=sys.stderr)


def _summarise(summary: RunSummary, out_dir: Path) -> int:
    ok, failed = len(summary.succeeded), len(summary.failed)
    written = ok - len(summary.skipped)  # skipped articles were written by an earlier run
    rate = summary.sentences / summary.seconds if summary.seconds else 0.0
    print(
        f"{written} articles written to {out_dir}, {failed} failed; {summary.sentences} sentences "
        f"in {summary.seconds:.1f}s ({rate:.1f} sentences/s); index: {summary.index}"
    )
    if summary.summary_path is not None:
        # translate runs: the batch bookkeeping, on its own line so scripts can grep it.
        print(
            f"  done {ok - len(summary.skipped)}, skipped {len(summary.skipped)} (unchanged), failed {failed}, "
            f"pending {len(summary.pending)}; cache hits {summary.cache_hits}, model inputs {summary.model_inputs}; "
            f"summary: {summary.summary_path}"
        )
    if summary.skipped and summary.summary_path is None:
        print(f"  kept {len(summary.skipped)} already translated articles as they were")
    for result in summary.failed:
        print(f"  failed: {result.path}: {result.error}")
    for item in summary.ignored:
        print(f"  ignored: {item.path}: {item.reason}")
    if summary.interrupted:
        print(f"  interrupted: {len(summary.pending)} articles left pending; rerun the same command to finish them")
    return EXIT_FAILED_ARTICLES if failed else EXIT_OK


def check_inputs_exist(inputs) -> None:
    """Name every missing input at once, before anything slow (the model) starts."""
    missing = [str(path) for path in inputs if not Path(path).exists()]
    if missing:
        raise ConfigError(f"no such input file or folder: {', '.join(missing)}")


def _analyze(args: argparse.Namespace) -> int:
    check_inputs_exist(args.inputs)
    config = load_config(args.config).with_overrides(xliff=args.xliff)
    summary = run_analyze(args.inputs, args.out, config, progress=_StderrProgress(args.quiet))
    return _summarise(summary, args.out)


def _translate(args: argparse.Namespace) -> int:
    from toolkit.translate.backends import load_translator

    check_inputs_exist(args.inputs)
    config = load_config(args.config).with_overrides(
        model=args.model,
        xliff=args.xliff,
        beam=args.beam,
        max_batch_tokens=args.max_batch_tokens,
        max_batch_size=args.max_batch_size,
        device=args.device,
        max_input_tokens=args.max_input_tokens,
        backend=args.backend,
        ct2_compute_type=args.ct2_compute_type,
        ct2_workers=args.ct2_workers,
        threads=args.threads,
    )
    if args.chunk_size < 1:
        raise ConfigError(f"--chunk-size must be ≥ 1, got {args.chunk_size}")
    if args.engine == "ray" and args.workers < 1:
        raise ConfigError(f"--workers must be ≥ 1, got {args.workers}")
    if args.gpus_per_worker < 0:
        raise ConfigError(f"--gpus-per-worker must be ≥ 0, got {args.gpus_per_worker:g}")
    reporter = ProgressReporter(sys.stderr, reporter_mode(args.quiet, args.json_log, sys.stderr))
    if args.engine != "ray" and (args.address or args.gpus_per_worker):
        raise ConfigError("--address and --gpus-per-worker need --engine ray")
    batch_args = dict(
        progress=reporter, force=args.force, articles_per_chunk=args.chunk_size,
        lock_wait_seconds=None if args.wait_lock < 0 else args.wait_lock,
    )
    # OutputBusyError / OutputDirError become exit codes 75 / 4 in cli.main.
    with StopOnSignal() as stop:
        if args.wait_lock == 0:
            # Fail fast, before the model loads, when the folder is unusable or busy;
            # run_translate takes the lock for real (and re-checks).
            ensure_output_dir(args.out)
            with OutputLock(args.out, 0.0):
                pass
        try:
            if args.engine == "ray":
                from toolkit.batch.ray import RayOptions, run_translate_on_ray

                ray_options = RayOptions(address=args.address, workers=args.workers, gpus_per_worker=args.gpus_per_worker)
                summary = run_translate_on_ray(args.inputs, args.out, config, ray_options, should_stop=stop, **batch_args)
            else:
                # Load the model before any work, so a missing model fails fast.
                translator = load_translator(config.language.model, config.translate)
                summary = run_translate(args.inputs, args.out, config, translator, should_stop=stop, **batch_args)
        except RunInterrupted:
            print("toolkit: stopped while waiting for the run that holds the output folder; nothing was done", file=sys.stderr)
            return exit_code_for_signal(stop.signum)
        finally:
            reporter.close()
    code = _summarise(summary, args.out)
    return exit_code_for_signal(stop.signum) if summary.interrupted and stop.signum else code


def _status(args: argparse.Namespace) -> int:
    try:
        return print_status(args.out_dir, args.corpus, as_json=args.json)
    except OutputDirError as exc:
        print(f"toolkit: error: {exc}", file=sys.stderr)
        return EXIT_OUTPUT_DIR


def _training_lines(path: Path, flag: str, lines: int) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()[:lines]
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(
            f"cannot read the training text {path} ({flag}): {reason}. Pass --source and --target "
            "(parallel French and English, one sentence a line), or set TOOLKIT_SHARED to the "
            "folder that holds testsets/fr-en"
        ) from None


def _make_test_model(args: argparse.Namespace) -> int:
    from toolkit.paths import testsets_dir
    from toolkit.testing.tiny_marian import build_marian

    if args.lines < 1:
        raise ConfigError(f"--lines must be ≥ 1, got {args.lines}")
    # Defaults come from the shared test sets (TOOLKIT_SHARED, else beside the
    # checkout), not from the working directory, so the command works from anywhere.
    testsets = testsets_dir()
    fr = _training_lines(args.source or testsets / "newstest2014.fr", "--source", args.lines)
    en = _training_lines(args.target or testsets / "newstest2014.en", "--target", args.lines)
    try:
        out = build_marian(args.out_dir, fr, en)
    except OSError as exc:
        raise OutputDirError(f"cannot write the test model to {args.out_dir}: {exc.strerror or exc}") from exc
    print(f"random-weight test MarianMT written to {out} (translations are noise; for testing code paths)")
    return EXIT_OK


def register_cli(subparsers) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("inputs", nargs="+", type=Path, help=".txt files or folders of them")
    common.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs/)")
    common.add_argument("--quiet", action="store_true", help="only errors and the final summary")
    common.add_argument("--xliff", choices=XLIFF_VERSIONS, help="XLIFF version of <id>.xlf (default: the config's, 2.1)")
    add_config_argument(common)

    analyze = subparsers.add_parser("analyze", parents=[common], help="clean and segment articles; no translation model needed")
    analyze.set_defaults(handler=_analyze)

    translate = subparsers.add_parser("translate", parents=[common], help="clean, segment, translate and align articles")
    translate.add_argument("--model", help="MarianMT hub id or local folder (overrides the config)")
    translate.add_argument("--beam", type=int, help="beam size")
    translate.add_argument("--max-batch-tokens", type=int, help="padded tokens per batch")
    translate.add_argument("--max-batch-size", type=int, help="sentences per batch at most")
    translate.add_argument("--max-input-tokens", type=int, help="longer sentences are split at clause boundaries")
    translate.add_argument("--device", help="auto | cpu | cuda | cuda:N")
    translate.add_argument(
        "--backend", choices=tuple(BACKENDS),
        help="transformers (default) or the optional CTranslate2 fast path (pip install .[fast]; docs/performance.md)",
    )
    translate.add_argument(
        "--ct2-compute-type", help="CTranslate2 only: auto (int8 on CPU, float16 on CUDA) | float32 | int8 | float16 …"
    )
    translate.add_argument("--threads", type=int, help="CPU threads for the model (0: the cores this process may use)")
    translate.add_argument(
        "--ct2-workers", type=int, help="CTranslate2 on CPU only: batches decoded in parallel (0: auto, one per thread, at most 4)"
    )
    translate.add_argument("--force", action="store_true", help="redo every article and bypass the translation cache (it is refreshed)")
    translate.add_argument("--json-log", action="store_true", help="one JSON object per progress event on stderr")
    translate.add_argument(
        "--wait-lock", type=float, default=0.0, metavar="SECONDS",
        help="if another run holds the output folder, wait up to SECONDS (-1: as long as it takes) instead of exiting with code 75",
    )
    translate.add_argument("--chunk-size", type=int, default=16, metavar="N", help="articles translated and written together (default 16)")
    engine = translate.add_argument_group("engine", "where the work runs (docs/scaling.md)")
    engine.add_argument("--engine", choices=("local", "ray"), default="local",
                        help="local: this process (default); ray: a Ray cluster (pip install .[ray])")
    engine.add_argument("--address", default=None,
                        help="Ray cluster to join: auto, or ray://HEAD:10001 (default: start a local cluster)")
    engine.add_argument("--workers", type=int, default=2, metavar="N", help="Ray translation workers, one model each (default 2)")
    engine.add_argument("--gpus-per-worker", type=float, default=0.0, metavar="F",
                        help="GPUs per Ray translation worker; fractions share a GPU (default 0: CPU)")
    translate.set_defaults(handler=_translate)

    status = subparsers.add_parser("status", help="what a translate run has done in an output folder: done, pending, failed")
    status.add_argument("out_dir", type=Path, help="the output folder of earlier translate runs")
    status.add_argument("--corpus", type=Path, nargs="*", default=(), help="also list new or changed .txt files here as pending")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=_status)

    make = subparsers.add_parser(
        "make-test-model", help="build a small random-weight MarianMT from parallel text, to test the pipeline offline"
    )
    make.add_argument("out_dir", type=Path)
    make.add_argument("--source", type=Path, default=None,
                      help="French training text, one sentence a line (default: newstest2014.fr of the shared test sets)")
    make.add_argument("--target", type=Path, default=None, help="its English side (default: newstest2014.en)")
    make.add_argument("--lines", type=int, default=400)
    make.set_defaults(handler=_make_test_model)
