"""Command-line interface: a thin layer over the library (sacrebleu-style: one
subcommand per library entry point, flags mirror the config keys).

Exit codes: toolkit/cli/exit_codes.py.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from typing import Optional, Sequence

from toolkit import __version__
from toolkit.batch.manifest import OutputBusyError, OutputDirError
# None of these loads torch at import (models load inside handlers), so main() can still
# set the OpenMP wait policy first.
from toolkit.cli import align, check, evaluate, pipeline, quotes, quotes_eval
from toolkit.cli.exit_codes import EXIT_BROKEN_PIPE, EXIT_BUSY, EXIT_MODEL, EXIT_OUTPUT_DIR, EXIT_USAGE
from toolkit.errors import ModelUnavailableError, SignalInterrupt, ToolkitError
from toolkit.translate.threads import prefer_passive_waiting

# The command groups, each with `register_cli(subparsers)` whose parsers set
# `handler=fn(args) -> int`; `toolkit --help` lists their commands in this order.
COMMAND_GROUPS = (pipeline, quotes_eval, align, evaluate, quotes, check)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toolkit",
        description="French→English translation and alignment for newsrooms: cleaned articles, "
        "sentence-aligned translations, quotes and speakers.",
    )
    parser.add_argument("--version", action="version", version=f"toolkit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register_cli(subparsers)
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

