"""Time ingest and clean on huge articles: the cost must be linear in the input (issue 17).

Run from the repository root:

    python benchmarks/clean_scaling.py [--sizes-kb 250 1000 2000 20000] [--repeated-kb 20000]

Prints, for synthetic articles of unique lines at each size and for one article made of a
3,000-line block repeated up to `--repeated-kb` (what a scraper stuck in a loop saves),
the seconds spent reading the file (`read_article`) and cleaning it (`clean_article`),
lines kept and removed, and the article flags; then the clean-time ratio of the 1 MB
article to the 250 kB one (linear: about 4; target: at most about 4).
The machine is shared and noisy: compare the ratios of one run, not absolute seconds.
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
from toolkit.ingest import read_article  # noqa: E402

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
    t0 = time.perf_counter()
    article = read_article(path)
    t1 = time.perf_counter()
    cleaned = clean_article(article)
    t2 = time.perf_counter()
    return {
        "read_s": t1 - t0, "clean_s": t2 - t1, "kept": len(cleaned.paragraphs),
        "removed": len(cleaned.removed), "flags": list(cleaned.flags),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-kb", type=int, nargs="+", default=[250, 1000, 2000, 20000])
    parser.add_argument("--repeated-kb", type=int, default=20000)
    args = parser.parse_args()
    cases = [(f"unique lines {kb:>6} kB", kb, None) for kb in args.sizes_kb]
    cases.append((f"repeated lines {args.repeated_kb:>4} kB", args.repeated_kb, 3000))
    clean_times: dict[int, float] = {}
    print(f"{'article':<24} {'MB':>6} {'read s':>8} {'clean s':>8} {'kept':>8} {'removed':>8}  flags")
    with tempfile.TemporaryDirectory() as tmp:
        for name, kb, block in cases:
            path = Path(tmp) / "article.txt"
            data = article_text(kb * 1000, block).encode("utf-8")
            path.write_bytes(data)
            r = measure(path)
            if block is None:
                clean_times[kb] = r["clean_s"]
            print(
                f"{name:<24} {len(data) / 1e6:>6.2f} {r['read_s']:>8.3f} {r['clean_s']:>8.3f} "
                f"{r['kept']:>8} {r['removed']:>8}  {','.join(r['flags']) or '-'}",
                flush=True,
            )
    if 250 in clean_times and 1000 in clean_times:
        print(f"clean time 1 MB / 250 kB: {clean_times[1000] / clean_times[250]:.2f}x (linear: 4x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
