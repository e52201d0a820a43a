"""Time `toolkit analyze` on the five seed articles, spaCy model load included.

Target (issue 3): under 5 s on the development machine. Run from the repository root:

    python benchmarks/analyze_speed.py [--seeds ../shared/seeds] [--repeat 3]

Prints the model load time, the per-stage time of the analysis (ingest+clean+segment,
quotes, writing JSON/HTML), and the total, for each repeat (each in a fresh process, so
the model load is really paid every time).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from toolkit.paths import shared_dir  # noqa: E402

_CHILD = r"""
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from toolkit.config import load_config
from toolkit.batch.job import run_analyze
from toolkit.segment.spacy_loader import load_nlp
config = load_config(None)
t_import = time.perf_counter()
nlp = load_nlp(config.language.spacy_model)
t_load = time.perf_counter()
summary = run_analyze([Path(sys.argv[1])], Path(sys.argv[2]), config, nlp=nlp)
t_done = time.perf_counter()
# The quote stage alone, on the articles just prepared (parse not included).
from toolkit.quotes import extract_quotes
from toolkit.segment.sentences import parse_paragraphs
arts = [r.article for r in summary.results if r.article]
docs = [parse_paragraphs(a, nlp) for a in arts]
q0 = time.perf_counter()
for a, d in zip(arts, docs):
    extract_quotes(a, d)
q1 = time.perf_counter()
print(json.dumps({
    "import_s": t_import - t0, "model_load_s": t_load - t_import, "analyze_s": t_done - t_load,
    "total_s": t_done - t0, "quote_stage_s": q1 - q0, "articles": len(arts),
    "quotes": sum(len(a.quotes) for a in arts), "failed": len(summary.failed),
}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=shared_dir() / "seeds")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    totals = []
    for n in range(args.repeat):
        with tempfile.TemporaryDirectory() as out:
            proc = subprocess.run(
                [sys.executable, "-c", _CHILD, str(args.seeds), out], cwd=REPO, capture_output=True, text=True
            )
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return 1
            r = json.loads(proc.stdout.strip().splitlines()[-1])
        totals.append(r["total_s"])
        print(
            f"run {n + 1}: total {r['total_s']:.2f} s = imports {r['import_s']:.2f} + spaCy load {r['model_load_s']:.2f}"
            f" + analyze {r['analyze_s']:.2f} (quote stage alone {r['quote_stage_s']:.2f} s);"
            f" {r['articles']} articles, {r['quotes']} quotes, {r['failed']} failed"
        )
    best, worst = min(totals), max(totals)
    print(f"best {best:.2f} s, worst {worst:.2f} s over {len(totals)} runs; target < 5 s: {'met' if worst < 5 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
