"""Quote survival per opus-mt behaviour, over the seeds and newstest2014's quoted lines.

    python benchmarks/quote_survival.py [--lines N]

The translator is the FAKE `OpusMtBehaviourStub` (it reproduces what opus-mt does to
quote marks; it does not translate). Prints a table and one JSON line; exits 1 when a
quote is lost or unexplained under any perturbation (every quote survives today).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.testing.mt_stub import PERTURBATIONS, OpusMtBehaviourStub  # noqa: E402
from toolkit.pipeline import prepare_article  # noqa: E402
from toolkit.segment.spacy_loader import load_nlp  # noqa: E402
from toolkit.evaluation.survival import measure_survival  # noqa: E402
from toolkit.paths import shared_dir  # noqa: E402
from toolkit.testing.articles import newstest_line_article, quoted_testset_lines  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=shared_dir())
    parser.add_argument("--lines", type=int, default=1000, help="quoted newstest2014 lines to use")
    args = parser.parse_args()
    nlp = load_nlp("fr_core_news_md")
    articles = [prepare_article(p, nlp) for p in sorted((args.shared / "seeds").glob("*.txt"))]
    lines = (args.shared / "testsets" / "fr-en" / "newstest2014.fr").read_text(encoding="utf-8").splitlines()
    quoted = quoted_testset_lines(lines, args.lines)
    articles += [newstest_line_article(n, line, nlp) for n, line in quoted]
    print(f"{len(articles)} articles (5 seeds + {len(quoted)} quoted newstest2014 lines), "
          f"{sum(len(a.quotes) for a in articles)} quotes")
    print(f"{'perturbation':<20} {'quotes':>6} {'exact':>7} {'lost':>5} {'unexpl.':>7}  paths")
    rows = {}
    for perturbation in PERTURBATIONS:
        result, _ = measure_survival(articles, OpusMtBehaviourStub(perturbation))
        rows[perturbation] = {"quotes": result.quotes, "survival": round(result.survival_rate, 4),
                              "lost_flagged": result.lost_flagged, "unexplained": result.unexplained,
                              "paths": dict(result.paths)}
        paths = ", ".join(f"{k} {v}" for k, v in sorted(result.paths.items()))
        print(f"{perturbation:<20} {result.quotes:>6} {result.survival_rate:>7.1%} {result.lost_flagged:>5} "
              f"{result.unexplained:>7}  {paths}")
    print(json.dumps(rows))
    return 1 if any(row["lost_flagged"] or row["unexplained"] for row in rows.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
