"""Sentence-alignment benchmark on real parallel news text with known edits.

Documents are runs of consecutive lines of a French test set and its English reference
(by default ../shared/testsets/fr-en/newstest2014.{fr,en}; the text is read from there at
run time and never copied into the repository). The English side of each document is
edited with a fixed seed at known rates:

- merge (gold 2:1): two consecutive English lines joined into one;
- split (gold 1:2): one English line cut in two at the clause boundary nearest its middle;
- delete (gold 1:0): an English line dropped;
- insert (gold 0:1): an unrelated English line from outside the document inserted.

Each aligner's beads are scored with the Text+Berg conventions as implemented in
vecalign's score.py: strict = a bead counts only if identical to a gold bead; lax = a
test bead counts if it shares a source sentence with a gold bead whose target side it
overlaps. Precision is over all test beads (including 1:0/0:1); recall is computed the
same way with the roles swapped and insertions/deletions left out of both.

    python benchmarks/align_bench.py            # table + final JSON line
    python benchmarks/align_bench.py --testset flores200-devtest --docs 30
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.align.sentalign import AlignOptions, align_sentences  # noqa: E402
from toolkit.paths import testsets_dir  # noqa: E402

Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class EditRates:
    merge: float = 0.06
    split: float = 0.06
    delete: float = 0.04
    insert: float = 0.04


@dataclass(frozen=True)
class BenchDocument:
    source: list[str]
    target: list[str]
    gold: list[Bead]


def split_in_two(line: str) -> Optional[tuple[str, str]]:
    """Cut at the clause boundary (, ; : — or a conjunction) nearest the middle."""
    candidates = [m.end() for m in re.finditer(r"[,;:]\s|\s(?:and|but|while|which|who)\s|\s[—–-]\s", line)]
    candidates = [c for c in candidates if 15 <= c <= len(line) - 15]
    if not candidates:
        words = [m.start() for m in re.finditer(r"\s", line)]
        candidates = [w + 1 for w in words if 15 <= w <= len(line) - 15]
    if not candidates:
        return None
    cut = min(candidates, key=lambda c: abs(c - len(line) / 2))
    first = line[:cut].rstrip(" ,;:—–-") + "."
    rest = line[cut:].lstrip()
    second = rest[:1].upper() + rest[1:]
    return first, second


def build_documents(fr_lines: Sequence[str], en_lines: Sequence[str], doc_size: int, docs: int, rates: EditRates, seed: int) -> list[BenchDocument]:
    rng = random.Random(seed)
    documents = []
    starts = list(range(0, len(fr_lines) - doc_size + 1, doc_size))[:docs]
    for start in starts:
        source = list(fr_lines[start : start + doc_size])
        english = list(en_lines[start : start + doc_size])
        outside = [k for k in range(len(en_lines)) if not start <= k < start + doc_size]
        target: list[str] = []
        gold: list[Bead] = []
        i = 0
        while i < len(source):
            roll = rng.random()
            if roll < rates.merge and i + 1 < len(source):
                gold.append(((i, i + 1), (len(target),)))
                target.append(english[i] + " " + english[i + 1])
                i += 2
            elif roll < rates.merge + rates.split and (halves := split_in_two(english[i])):
                gold.append(((i,), (len(target), len(target) + 1)))
                target.extend(halves)
                i += 1
            elif roll < rates.merge + rates.split + rates.delete:
                gold.append(((i,), ()))
                i += 1
            else:
                gold.append(((i,), (len(target),)))
                target.append(english[i])
                i += 1
            if rng.random() < rates.insert:
                gold.append(((), (len(target),)))
                target.append(en_lines[rng.choice(outside)])
        documents.append(BenchDocument(source, target, gold))
    return documents


# --- Text+Berg scoring (as in vecalign's score.py) --------------------------------------


def _precision_counts(gold: Sequence[Bead], test: Sequence[Bead]) -> tuple[int, int, int, int]:
    test_set = {(tuple(x), tuple(y)) for x, y in test if x or y}
    gold_set = {(tuple(x), tuple(y)) for x, y in gold if x or y}
    gold_targets_of_source: dict[int, set[int]] = defaultdict(set)
    for src, tgt in gold_set:
        for s in src:
            gold_targets_of_source[s].update(tgt)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for src, tgt in test_set:
        if (src, tgt) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        linked = set().union(*(gold_targets_of_source[s] for s in src)) if src else set()
        if linked & set(tgt):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


def score(golds: Sequence[Sequence[Bead]], tests: Sequence[Sequence[Bead]]) -> dict[str, float]:
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(golds, tests):
        for k, v in enumerate(_precision_counts(gold, test)):
            p[k] += v
        gold_links = [(x, y) for x, y in gold if x and y]
        test_links = [(x, y) for x, y in test if x and y]
        for k, v in enumerate(_precision_counts(test_links, gold_links)):
            r[k] += v

    def ratio(a: int, b: int) -> float:
        return a / (a + b) if a + b else 0.0

    def f1(x: float, y: float) -> float:
        return 2 * x * y / (x + y) if x + y else 0.0

    ps, pl = ratio(p[0], p[1]), ratio(p[2], p[3])
    rs, rl = ratio(r[0], r[1]), ratio(r[2], r[3])
    return {
        "strict_p": ps, "strict_r": rs, "strict_f1": f1(ps, rs),
        "lax_p": pl, "lax_r": rl, "lax_f1": f1(pl, rl),
    }  # fmt: skip


# --- aligners -------------------------------------------------------------------------


def ours(options: AlignOptions = AlignOptions()) -> Callable[[list[str], list[str]], list[Bead]]:
    def run(source: list[str], target: list[str]) -> list[Bead]:
        return [(b.source, b.target) for b in align_sentences(source, target, options=options)]

    return run


def galechurch_baseline(source: list[str], target: list[str]) -> list[Bead]:
    import galechurch

    result = galechurch.align(source, target)
    return [(tuple(range(b.source_start, b.source_end)), tuple(range(b.target_start, b.target_end))) for b in result.beads]


def segmented(nlp, inner=None):
    """Wrap an aligner so it sees sentences, not lines: French lines are split by the
    toolkit's French segmenter (spaCy + repairs), English lines by the rule-based
    splitter; the sentence beads are then mapped back to lines (beads sharing a line are
    joined) so they can be scored against the line-level gold."""
    from toolkit.segment.sentences import repair_boundaries, sentence_starts
    from toolkit.segment.english import split_sentences

    inner = inner or ours()

    def french_sentences(lines: list[str]) -> tuple[list[str], list[int]]:
        sentences, owner = [], []
        for k, (line, doc) in enumerate(zip(lines, nlp.pipe(lines))):
            starts = repair_boundaries(line, sentence_starts(doc))
            for a, b in zip(starts, starts[1:] + [len(line)]):
                if line[a:b].strip():
                    sentences.append(line[a:b].strip())
                    owner.append(k)
        return sentences, owner

    def english_sentences(lines: list[str]) -> tuple[list[str], list[int]]:
        sentences, owner = [], []
        for k, line in enumerate(lines):
            for a, b in split_sentences(line):
                sentences.append(line[a:b])
                owner.append(k)
        return sentences, owner

    def run(source: list[str], target: list[str]) -> list[Bead]:
        fr, fr_line = french_sentences(source)
        en, en_line = english_sentences(target)
        beads = inner(fr, en)
        # Join beads that share a line on either side (a line split into sentences that
        # went to two beads must come back as one line-level bead).
        groups: list[tuple[set[int], set[int]]] = []
        for src, tgt in beads:
            lines_s = {fr_line[i] for i in src}
            lines_t = {en_line[j] for j in tgt}
            if groups and (groups[-1][0] & lines_s or groups[-1][1] & lines_t):
                groups[-1][0].update(lines_s)
                groups[-1][1].update(lines_t)
            else:
                groups.append((lines_s, lines_t))
        return [(tuple(sorted(x)), tuple(sorted(y))) for x, y in groups]

    return run


def evaluate(documents: Sequence[BenchDocument], aligner) -> tuple[dict[str, float], float]:
    """Scores and CPU seconds of this process (wall time swings with other load on a
    shared machine; CPU time is what the aligner itself costs)."""
    started = time.process_time()
    tests = [aligner(d.source, d.target) for d in documents]
    seconds = time.process_time() - started
    return score([d.gold for d in documents], tests), seconds


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--testsets", type=Path, default=testsets_dir())
    parser.add_argument("--testset", default="newstest2014")
    parser.add_argument("--doc-size", type=int, default=30, help="French lines per document")
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--merge", type=float, default=EditRates.merge)
    parser.add_argument("--split", type=float, default=EditRates.split)
    parser.add_argument("--delete", type=float, default=EditRates.delete)
    parser.add_argument("--insert", type=float, default=EditRates.insert)
    parser.add_argument("--long-doc", type=int, default=2000, help="also time one document of this many lines (0: skip)")
    parser.add_argument(
        "--segment", action="store_true",
        help="also run the whole segment-then-align path (spaCy French, rule-based English), scored per line",
    )
    args = parser.parse_args(argv)

    fr_lines = (args.testsets / f"{args.testset}.fr").read_text(encoding="utf-8").splitlines()
    en_lines = (args.testsets / f"{args.testset}.en").read_text(encoding="utf-8").splitlines()
    if len(fr_lines) != len(en_lines):
        print(f"{args.testset}: {len(fr_lines)} French lines but {len(en_lines)} English", file=sys.stderr)
        return 2
    try:
        import galechurch  # noqa: F401
    except ImportError:
        print("the baseline needs galechurch: pip install galechurch (or the toolkit's `align` extra)", file=sys.stderr)
        return 2
    rates = EditRates(args.merge, args.split, args.delete, args.insert)
    documents = build_documents(fr_lines, en_lines, args.doc_size, args.docs, rates, args.seed)
    gold_shapes: dict[str, int] = defaultdict(int)
    for d in documents:
        for x, y in d.gold:
            gold_shapes[f"{len(x)}:{len(y)}"] += 1

    results = {}
    aligners = {"toolkit (no model)": ours(), "galechurch 0.1.0": galechurch_baseline}
    if args.segment:
        from toolkit.segment.spacy_loader import load_nlp

        nlp = load_nlp("fr_core_news_md")
        aligners["toolkit, segmented"] = segmented(nlp)
        aligners["galechurch, segmented"] = segmented(nlp, galechurch_baseline)
    for name, aligner in aligners.items():
        results[name], seconds = evaluate(documents, aligner)
        results[name]["seconds"] = round(seconds, 2)

    long_doc = None
    if args.long_doc:
        long = build_documents(fr_lines, en_lines, min(args.long_doc, len(fr_lines)), 1, rates, args.seed)[0]
        long_scores, long_seconds = evaluate([long], ours())
        long_doc = {"source": len(long.source), "target": len(long.target), "seconds": round(long_seconds, 2),
                    "strict_f1": round(long_scores["strict_f1"], 4)}  # fmt: skip

    print(f"testset {args.testset}: {len(documents)} documents of {args.doc_size} French lines, seed {args.seed}")
    print(f"edit rates: merge {rates.merge} split {rates.split} delete {rates.delete} insert {rates.insert}")
    print("gold beads: " + ", ".join(f"{k} {v}" for k, v in sorted(gold_shapes.items())))
    header = f"{'aligner':<22} {'strict P':>8} {'strict R':>8} {'strict F1':>9} {'lax P':>7} {'lax R':>7} {'lax F1':>7} {'CPU s':>8}"
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        print(
            f"{name:<22} {r['strict_p']:>8.4f} {r['strict_r']:>8.4f} {r['strict_f1']:>9.4f} "
            f"{r['lax_p']:>7.4f} {r['lax_r']:>7.4f} {r['lax_f1']:>7.4f} {r['seconds']:>8.2f}"
        )
    if long_doc:
        print(
            f"one long document, toolkit (no model): {long_doc['source']} French x {long_doc['target']} English lines "
            f"aligned in {long_doc['seconds']:.2f} CPU seconds, strict F1 {long_doc['strict_f1']:.4f}"
        )
    summary = {
        "testset": args.testset, "docs": len(documents), "doc_size": args.doc_size, "seed": args.seed,
        "rates": rates.__dict__, "gold_beads": dict(gold_shapes),
        "long_document": long_doc, "results": {k: {m: round(v, 4) for m, v in r.items()} for k, r in results.items()},
    }  # fmt: skip
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
