"""Time ingest and clean on huge articles: the cost must be linear in the input (issue 17).

Run from the repository root:

    python benchmarks/clean_scaling.py [--sizes-kb 250 1000 2000 20000] [--repeated-kb 20000] [--repeat 5]

Prints, for synthetic articles of unique lines at each size and for one article made of a
3,000-line block repeated up to `--repeated-kb` (what a scraper stuck in a loop saves),
the seconds spent reading the file (`read_article`) and cleaning it (`clean_article`, wall
and CPU), lines kept and removed, and the article flags; then the clean CPU-time ratios
of the 1 MB article to the 250 kB one (linear: 4; target: at most about 4) and of 20 MB
to 1 MB (linear: 20). Articles under 5 MB are timed in `--repeat` interleaved rounds and
the fastest is shown, since the machine is shared and noisy: compare the ratios of one
run, not absolute seconds.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.clean import clean_article  # noqa: E402
from toolkit.ingest.text import read_article  # noqa: E402

_WORDS = (
    "le conseil municipal a voté budget hier soir après un long débat sur la rénovation du pont "
    "les élus de opposition ont dénoncé calendrier maire défendu projet devant assemblée habitants "
    "quartier travaux commenceront printemps prochain selon préfecture région département coût "
    "millions euros entreprise chantier circulation sera déviée pendant plusieurs mois"
).split()


def unique_lines(count: int, rng: random.Random) -> list[str]:
    """`count` distinct lines: mostly prose, every fifth a short heading."""
    lines = []
    for i in range(count):
        if i % 5 == 0:
            words = rng.choices(_WORDS, k=rng.randint(3, 7))
            lines.append(f"{' '.join(words).capitalize()} {i}")
        else:
            words = rng.choices(_WORDS, k=rng.randint(12, 30))
            lines.append(f"{' '.join(words).capitalize()}, dossier {i}.")
    return lines


def article_text(size_bytes: int, block_lines: int | None = None) -> str:
    """About `size_bytes` of UTF-8: unique lines, or a block of `block_lines` repeated."""
    rng = random.Random(0)
    if block_lines:
        block = "\n".join(unique_lines(block_lines, rng)) + "\n"
        return block * max(1, size_bytes // len(block.encode("utf-8")))
    lines, size, batch = [], 0, 100
    while size < size_bytes:
        new = unique_lines(batch, rng)
        new = [f"{line} [{len(lines) + j}]" for j, line in enumerate(new)]  # unique across batches
        lines.extend(new)
        size += sum(len(line.encode("utf-8")) + 1 for line in new)
    return "\n".join(lines) + "\n"


def measure(path: Path) -> dict:
    """Wall and CPU seconds of one read and one clean. CPU time (this process only) is what
    the ratio uses: on a shared machine, wall time also counts the other processes."""
    w0, c0 = time.perf_counter(), time.process_time()
    article = read_article(path)
    w1, c1 = time.perf_counter(), time.process_time()
    cleaned = clean_article(article)
    w2, c2 = time.perf_counter(), time.process_time()
    return {
        "read_s": w1 - w0, "clean_s": w2 - w1, "clean_cpu_s": c2 - c1, "kept": len(cleaned.paragraphs),
        "removed": len(cleaned.removed), "flags": list(cleaned.flags),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-kb", type=int, nargs="+", default=[250, 1000, 2000, 20000])
    parser.add_argument("--repeated-kb", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5, help="rounds over the articles under 5 MB (fastest shown)")
    args = parser.parse_args()
    cases = [(f"unique lines {kb:>6} kB", kb, None) for kb in args.sizes_kb]
    cases.append((f"repeated lines {args.repeated_kb:>4} kB", args.repeated_kb, 3000))
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, (_, kb, block) in enumerate(cases):
            paths.append(Path(tmp) / f"article{n}.txt")
            paths[-1].write_bytes(article_text(kb * 1000, block).encode("utf-8"))
        # Small articles: interleaved rounds, fastest of each kept, so a burst of load on
        # the shared machine does not land on one size only.
        results: dict[int, dict] = {}
        for round_ in range(args.repeat):
            for n, (_, kb, _) in enumerate(cases):
                if kb >= 5000 and round_ > 0:
                    continue
                r = measure(paths[n])
                if n not in results or r["clean_cpu_s"] < results[n]["clean_cpu_s"]:
                    results[n] = r
        print(f"{'article':<24} {'MB':>6} {'read s':>7} {'clean s':>8} {'clean cpu s':>11} {'kept':>7} {'removed':>7}  flags")
        for n, (name, kb, block) in enumerate(cases):
            r = results[n]
            print(
                f"{name:<24} {paths[n].stat().st_size / 1e6:>6.2f} {r['read_s']:>7.3f} {r['clean_s']:>8.3f} "
                f"{r['clean_cpu_s']:>11.3f} {r['kept']:>7} {r['removed']:>7}  {','.join(r['flags']) or '-'}"
            )
    cpu = {kb: results[n]["clean_cpu_s"] for n, (_, kb, block) in enumerate(cases) if block is None}
    if 250 in cpu and 1000 in cpu:
        print(f"clean CPU time 1 MB / 250 kB: {cpu[1000] / cpu[250]:.2f}x (linear: 4x)")
    if 1000 in cpu and 20000 in cpu:
        print(f"clean CPU time 20 MB / 1 MB: {cpu[20000] / cpu[1000]:.2f}x (linear: 20x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
