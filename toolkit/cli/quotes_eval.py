"""`toolkit eval-quotes` and `toolkit extract-quotes`: the quote scorer of
toolkit.evaluation.quotes on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from toolkit.evaluation.quote_gold import load_gold, load_predictions, predict_gold_documents
from toolkit.evaluation.quotes import evaluate, list_errors
from toolkit.segment.spacy_loader import load_nlp


def _eval_handler(args: argparse.Namespace) -> int:
    gold = load_gold(args.gold)
    pred = load_predictions(args.pred, gold)
    report = evaluate(gold, pred)
    print(json.dumps(report.as_dict(), indent=1) if args.json else report.format())
    if args.errors:
        print("\n".join(["", "disagreements at overlap 0.8:"] + list_errors(gold, pred)))
    return 0


def _extract_handler(args: argparse.Namespace) -> int:
    nlp = load_nlp(args.spacy_model)
    paths = predict_gold_documents(args.gold, args.out, nlp)
    print(f"wrote {len(paths)} prediction files to {args.out}", file=sys.stderr)
    return 0


def register_cli(subparsers) -> None:
    p = subparsers.add_parser("eval-quotes", help="score quote predictions against gold (Gender Gap Tracker protocol)")
    p.add_argument("gold", type=Path, help="gold file (toolkit.quotes-gold/1)")
    p.add_argument("--pred", type=Path, required=True,
                   help="directory of <id>.json article files, or a second gold file (annotator agreement)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--errors", action="store_true", help="also list every missed, extra, wrong-speaker and wrong-type quote")
    p.set_defaults(handler=_eval_handler)
    p = subparsers.add_parser("extract-quotes", help="write quote predictions for the documents a gold file names")
    p.add_argument("gold", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--spacy-model", default="fr_core_news_md")
    p.set_defaults(handler=_extract_handler)
