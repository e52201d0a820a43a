"""Command-line interface: a thin layer over the library (sacrebleu-style: one
subcommand per library entry point, flags mirror the config keys).

Exit codes:
  0    all articles done (or skipped as already done)
  1    some articles failed (the rest were written; see the summary and `toolkit status`)
  2    bad usage or configuration
  3    the translation model cannot be loaded
  4    the output folder cannot be created or written
  75   another run holds the output folder's lock (EX_TEMPFAIL: try again later)
  130  interrupted by SIGINT (Ctrl-C), 143 by SIGTERM: finished articles are recorded,
       the rest stay pending; rerunning the same command finishes the job
  141  the reader of the output went away (`toolkit status | head`): exits quietly
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Optional, Sequence

from toolkit import __version__
from toolkit.errors import ModelUnavailableError, SignalInterrupt, ToolkitError
from toolkit.batch.manifest import OutputBusyError, OutputDirError
from toolkit.translate.threads import prefer_passive_waiting

EXIT_OK, EXIT_FAILED_ARTICLES, EXIT_USAGE, EXIT_MODEL = 0, 1, 2, 3
EXIT_OUTPUT_DIR, EXIT_BUSY = 4, 75
EXIT_SIGINT, EXIT_SIGTERM = 130, 143  # 128 + signal number, the shell convention
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE  # 141: what a tool killed by SIGPIPE gives

# Modules that add subcommands: each defines `register_cli(subparsers)`, whose parsers
# set `handler=fn(args) -> int`. Feature modules plug in here.
COMMAND_MODULES: tuple[str, ...] = (
    "toolkit.cli.pipeline", "toolkit.evaluation.quotes", "toolkit.batch.align_job", "toolkit.evaluation.bleu", "toolkit.cli.quotes", "toolkit.cli.check",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toolkit",
        description="French→English translation and alignment for newsrooms: cleaned articles, "
        "sentence-aligned translations, quotes and speakers.",
    )
    parser.add_argument("--version", action="version", version=f"toolkit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register_cli(subparsers)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    # First, before anything imports torch (spaCy's thinc does): OpenMP threads that
    # spin while waiting collapse under other load (toolkit/translate/threads.py).
    prefer_passive_waiting()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        code = _run(args)
        # Flushed here, not at interpreter exit, so a closed pipe is caught below.
        sys.stdout.flush()
        sys.stderr.flush()
        return code
    except BrokenPipeError:
        # `toolkit status | head`: the reader has all it wants. As the Python docs advise,
        # point the streams at devnull so the flush at exit does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            try:
                os.dup2(devnull, stream.fileno())
            except (OSError, ValueError):
                pass
        return EXIT_BROKEN_PIPE


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.handler(args))
    except OutputBusyError as exc:
        print(f"toolkit: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except ToolkitError as exc:
        print(f"toolkit: error: {exc}", file=sys.stderr)
        if isinstance(exc, ModelUnavailableError):
            return EXIT_MODEL
        return EXIT_OUTPUT_DIR if isinstance(exc, OutputDirError) else EXIT_USAGE
    except KeyboardInterrupt as exc:
        # Ctrl-C outside a run, or a second signal during one (SignalInterrupt): the
        # exit code names the signal that stopped us, 128 + its number.
        signum = exc.signum if isinstance(exc, SignalInterrupt) else signal.SIGINT
        print("toolkit: interrupted; outputs written so far are complete", file=sys.stderr)
        return 128 + int(signum)


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=None, help="TOML configuration (default: configs/default.toml)")
