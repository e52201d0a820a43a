"""Quote figures per typographic convention: every gold set re-typeset (quote_typography.retypeset).

Each gold set is scored as written and re-typeset into each convention of
`quote_typography.CONVENTIONS` (« » with or without no-break spaces, “ ”, „ “, ‘ ’, ‹ ›, straight
" tight / spaced / mixed, << >>, ''): quote F1 at overlap 0.8, speaker accuracy, and how
many of the engine's quotes differ from its quotes on the text as written, offsets
mapped: spans found on one side only, then same span with another type or speaker. Run from the repository root:

    python benchmarks/quote_typography.py [--gold tests/data/quotes_gold_seeds.json ...] [--conventions straight_spaced ...]

Prints one line per gold set and convention.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.evaluation.quote_typography import CONVENTIONS, typography_report  # noqa: E402
from toolkit.segment.spacy_loader import load_nlp  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, nargs="*", default=sorted((REPO / "tests" / "data").glob("quotes_gold_*.json")))
    parser.add_argument("--conventions", nargs="*", default=list(CONVENTIONS))
    args = parser.parse_args()
    nlp = load_nlp("fr_core_news_md")
    print(f"{'gold':45} {'convention':18} {'F1@0.8':>7} {'speaker':>8}  changed spans / types / speakers")
    for gold in args.gold:
        t0 = time.perf_counter()
        for row in typography_report(gold, nlp, args.conventions):
            print(f"{gold.name:45} {row['convention']:18} {row['f1']:7.3f} {row['speaker']:8.3f}  {row['changed_spans']} / {row['changed_types']} / {row['changed_speakers']} of {row['quotes']}")
        print(f"  ({time.perf_counter() - t0:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
