"""Run the quote stage over every line of a test set, each line a one-paragraph article.

Checks what the gold sets are too small to show: no line makes the stage fail, sibling
quotes never overlap, and every single-paragraph quote's offsets slice back to its text.
Run from the repository root:

    python benchmarks/quote_robustness.py [--testset ../shared/testsets/fr-en/newstest2014.fr]

Prints one summary line (lines, quotes per type, failures) and the first few problems.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.evaluation.quote_gold import analyze_line  # noqa: E402
from toolkit.paths import testsets_dir  # noqa: E402
from toolkit.segment.spacy_loader import load_nlp  # noqa: E402


def check_line(line: str, number: int, nlp) -> tuple[Counter, list[str]]:
    article = analyze_line(line, f"line-{number}", "-", number, nlp)
    problems = []
    for q in article.quotes:
        if len(q.paragraphs) == 1 and article.text[q.start : q.end] != q.text:
            problems.append(f"line {number}: {q.id} offsets do not slice back to its text")
    by_parent: dict = {}
    for q in article.quotes:
        by_parent.setdefault(q.parent, []).append(q)
    for siblings in by_parent.values():
        ordered = sorted(siblings, key=lambda q: q.start)
        for a, b in zip(ordered, ordered[1:]):
            # A report and a marked quote may share words only when one holds the other.
            if b.start < a.end and not (a.start <= b.start and b.end <= a.end):
                problems.append(f"line {number}: siblings {a.id} and {b.id} overlap")
    return Counter(q.type for q in article.quotes), problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--testset", type=Path, default=testsets_dir() / "newstest2014.fr")
    args = parser.parse_args()
    nlp = load_nlp("fr_core_news_md")
    lines = args.testset.read_text(encoding="utf-8").split("\n")
    types: Counter = Counter()
    problems: list[str] = []
    failures = 0
    t0 = time.perf_counter()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            found, bad = check_line(line, number, nlp)
        except Exception as exc:  # a benchmark reports every failure instead of stopping
            failures += 1
            problems.append(f"line {number}: {type(exc).__name__}: {exc}")
            continue
        types += found
        problems += bad
    took = time.perf_counter() - t0
    print(f"{args.testset.name}: {len(lines)} lines, {sum(types.values())} quotes {dict(sorted(types.items()))}, "
          f"{failures} failures, {len(problems)} problems, {took:.0f} s")
    for p in problems[:10]:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
