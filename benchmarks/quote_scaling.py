"""Time of the quote stage on one long article: 750, 1,500 and 3,000 sentences.

The article is the first N lines of newstest2014.fr (read at run time from ../shared, or
TOOLKIT_SHARED), one paragraph per line, laid out as `extract-quotes` lays out a
whole-article gold document (`quote_gold.lines_article`). spaCy parses the 3,000 lines
once; each size then runs segmentation (not timed) and `extract_quotes` (timed), so the
figures are the quote stage alone. Linear cost means the time per sentence stays flat.
Run from the repository root:

    python benchmarks/quote_scaling.py [--sizes 750 1500 3000] [--one-paragraph]

`--one-paragraph` joins the lines into a single paragraph instead (the worst case for
anything that scans a paragraph).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.evaluation.quote_gold import lines_article  # noqa: E402
from toolkit.quotes import extract_quotes  # noqa: E402
from toolkit.segment.sentences import parse_paragraphs, segment_article  # noqa: E402
from toolkit.segment.spacy_loader import load_nlp  # noqa: E402

from toolkit.paths import shared_dir  # noqa: E402

SHARED = shared_dir()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[750, 1500, 3000])
    parser.add_argument("--one-paragraph", action="store_true")
    args = parser.parse_args()
    lines = [x for x in (SHARED / "testsets" / "fr-en" / "newstest2014.fr").read_text(encoding="utf-8").split("\n") if x.strip()]
    nlp = load_nlp("fr_core_news_md")
    biggest = max(args.sizes)
    if args.one_paragraph:
        articles = {n: lines_article([" ".join(lines[:n])], f"first-{n}", "newstest2014.fr", 1) for n in args.sizes}
        parsed = {n: parse_paragraphs(a, nlp) for n, a in articles.items()}
    else:
        full = lines_article(lines[:biggest], "all", "newstest2014.fr", 1)
        t0 = time.perf_counter()
        docs = parse_paragraphs(full, nlp)
        print(f"spaCy parse of {biggest} lines: {time.perf_counter() - t0:.1f} s (not part of the figures below)")
        articles = {n: lines_article(lines[:n], f"first-{n}", "newstest2014.fr", 1) for n in args.sizes}
        parsed = {n: docs[:n] for n in args.sizes}
    for n in sorted(args.sizes):
        article = segment_article(articles[n], parsed[n])
        t0 = time.perf_counter()
        out = extract_quotes(article, parsed[n])
        took = time.perf_counter() - t0
        print(f"{n:5d} lines, {len(article.sentences):5d} sentences, {len(out.quotes):4d} quotes: "
              f"extract_quotes {took:6.2f} s ({1000 * took / len(article.sentences):.2f} ms per sentence)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
