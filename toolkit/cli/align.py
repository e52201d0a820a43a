"""`toolkit align FR EN`: align an English translation to its French original
(library: toolkit.batch.align_job)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.align.sentalign import AlignOptions
from toolkit.batch.align_job import FilePair, match_directories, run_pairs, write_pair_index
from toolkit.cli.arguments import add_config_argument
from toolkit.cli.exit_codes import EXIT_FAILED_ARTICLES, EXIT_OK, EXIT_USAGE
from toolkit.config import load_config
from toolkit.formats.xliff import XLIFF_VERSIONS
from toolkit.segment.spacy_loader import load_nlp


def _handle(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.french.is_dir() != args.english.is_dir():
        print("toolkit align: give two files or two folders", file=sys.stderr)
        return EXIT_USAGE
    if args.french.is_dir():
        pairs, unmatched = match_directories(args.french, args.english)
        for path in unmatched:
            print(f"no partner file for {path}", file=sys.stderr)
    else:
        pairs, unmatched = [FilePair(args.french, args.english)], []
    translator = None
    if args.model:
        from toolkit.translate.backends import load_translator

        config = config.with_overrides(model=args.model)
        translator = load_translator(config.language.model, config.translate)
    nlp = load_nlp(config.language.spacy_model)
    results = run_pairs(pairs, args.out, nlp, options=AlignOptions(band=args.band), translator=translator,
                        xliff_version=args.xliff or config.xliff, sentences_per_line=args.sentences_per_line)
    if args.french.is_dir():
        print(f"index: {write_pair_index(results, args.out)}")
    failed = 0
    for result in results:
        if result.error:
            failed += 1
            print(f"FAILED {result.pair.french} + {result.pair.english}: {result.error}", file=sys.stderr)
            continue
        article = result.article
        assert article is not None
        shapes: dict[str, int] = {}
        for bead in article.alignment:
            key = f"{len(bead.source)}:{len(bead.target)}"
            shapes[key] = shapes.get(key, 0) + 1
        print(
            f"{article.id}: {len(article.sentences)} French / {len(article.target_sentences)} English sentences, "
            f"{len(article.alignment)} beads ({', '.join(f'{k} {v}' for k, v in sorted(shapes.items()))}) -> "
            + ", ".join(str(p) for p in result.outputs)
        )
    return EXIT_FAILED_ARTICLES if failed or unmatched else EXIT_OK


def register_cli(subparsers) -> None:
    parser = subparsers.add_parser(
        "align",
        help="align an existing English translation to its French original (n:m sentences)",
        description="Align FR_FILE with EN_FILE, or every pair of same-named files in FR_DIR and EN_DIR; "
        "writes <id>.json, <id>.html, <id>.xlf and <id>.tmx per pair.",
    )
    parser.add_argument("french", type=Path, metavar="FR_FILE|FR_DIR")
    parser.add_argument("english", type=Path, metavar="EN_FILE|EN_DIR")
    parser.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs/)")
    parser.add_argument("--model", help="MarianMT hub id or local folder: adds chrF of MT vs English as evidence")
    parser.add_argument("--band", type=int, default=AlignOptions.band, help="search band half-width in sentences")
    parser.add_argument("--sentences-per-line", action="store_true",
                        help="the files hold one sentence a line: align those units as given (no cleaning, no splitting)")
    parser.add_argument("--xliff", choices=XLIFF_VERSIONS, help="XLIFF version of <id>.xlf (default: the config's, 2.1)")
    add_config_argument(parser)
    parser.set_defaults(handler=_handle)
