"""`toolkit evaluate`: score the translation stage on a reference test set
(library: toolkit.evaluation.bleu, which returns an EvaluationResult; this prints it)."""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.cli.arguments import add_config_argument
from toolkit.cli.exit_codes import EXIT_OK
from toolkit.config import load_config
from toolkit.evaluation.bleu import TESTSETS, evaluate, format_result
from toolkit.segment.spacy_loader import load_nlp
from toolkit.translate.backends import BACKENDS, load_translator


def _evaluate_command(args: argparse.Namespace) -> int:
    config = load_config(args.config).with_overrides(
        model=args.model, beam=args.beam, device=args.device, backend=args.backend, ct2_compute_type=args.ct2_compute_type
    )
    translator = load_translator(config.language.model, config.translate)
    # The lines take production's path: segmented and their quotes found before translation.
    nlp = load_nlp(config.language.spacy_model)
    result = evaluate(translator, args.testset, args.testsets, args.limit, config.source_language, nlp=nlp)
    print(format_result(result))
    return EXIT_OK


def register_cli(subparsers) -> None:
    parser = subparsers.add_parser("evaluate", help="score the translation stage on a reference test set (sacrebleu BLEU, chrF)")
    parser.add_argument("--testset", default="newstest2014", help=f"test set name ({', '.join(TESTSETS)})")
    parser.add_argument("--testsets", type=Path, default=None, help="folder holding NAME.fr / NAME.en (default: ../shared/testsets/fr-en)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N lines (published scores then not comparable)")
    parser.add_argument("--model", help="MarianMT hub id or local folder (overrides the config)")
    parser.add_argument("--backend", choices=tuple(BACKENDS), help="translation backend (overrides the config)")
    parser.add_argument("--ct2-compute-type", help="CTranslate2 only: auto (int8 on CPU, float16 on CUDA), float32, int8, ...")
    parser.add_argument("--beam", type=int, help="beam size")
    parser.add_argument("--device", help="auto | cpu | cuda | cuda:N")
    add_config_argument(parser)
    parser.set_defaults(handler=_evaluate_command)
