"""What the check stage adds to `translate`: the five seeds, with and without it.

    python benchmarks/check_stage_bench.py --rounds 3

Runs `toolkit.batch.job.run_translate` (what `toolkit translate` runs) on ../shared/seeds with the
tiny random-weight MarianMT the test suite builds (seeded, from 300 lines of
newstest2014; its English is word salad, so every check runs on every sentence, unlike
the opus-mt behaviour stub whose echoed French stops at `untranslated`), into a fresh
output folder each time (no sentence cache), alternating a run with the stage and one
without it (`pipeline.check_translations` replaced by the identity), best of
`--rounds`. The machine is shared and noisy, so it also times the stage itself inside
each run with it (the sum of its calls) and reports that as a share of the run: the
steadier figure. Prints the times, the ratio, the share and the findings made; the last
line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from toolkit import pipeline  # noqa: E402
from toolkit.batch import job  # noqa: E402
from toolkit.segment.spacy_loader import load_nlp  # noqa: E402
from toolkit.config import load_config  # noqa: E402

from toolkit.paths import shared_dir  # noqa: E402

SHARED = shared_dir()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    from toolkit.checks.stage import findings_in
    from toolkit.testing.tiny_marian import build_marian
    from toolkit.translate.backends.transformers import MarianTranslator
    from toolkit.translate.translator import TranslationOptions

    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    testset = SHARED / "testsets" / "fr-en"
    fr = (testset / "newstest2014.fr").read_text(encoding="utf-8").splitlines()[:300]
    en = (testset / "newstest2014.en").read_text(encoding="utf-8").splitlines()[:300]
    config = load_config()
    nlp = load_nlp(config.language.spacy_model)
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = build_marian(Path(tmp) / "tiny-marian", fr, en)
        translator = MarianTranslator.load(str(model_dir), TranslationOptions(beam=2, max_input_tokens=128))
        stage = pipeline.check_translations
        best = {"with": float("inf"), "without": float("inf")}
        stage_seconds: list[float] = []

        def timed_stage(article, nlp):
            started = time.perf_counter()
            checked = stage(article, nlp)
            stage_seconds.append(time.perf_counter() - started)
            return checked

        findings = sentences = 0
        shares = []
        for n in range(args.rounds):
            for mode in ("with", "without"):
                pipeline.check_translations = timed_stage if mode == "with" else (lambda article, nlp: article)
                out = Path(tmp) / f"out-{mode}-{n}"
                stage_seconds.clear()
                started = time.perf_counter()
                summary = job.run_translate(seeds, out, config, translator, nlp=nlp)
                elapsed = time.perf_counter() - started
                best[mode] = min(best[mode], elapsed)
                if mode == "with":
                    shares.append((sum(stage_seconds), elapsed))
                assert not summary.failed, summary.failed
                if mode == "with":
                    findings = sum(findings_in(r.article) for r in summary.results if r.article)
                    sentences = sum(len(r.article.sentences) for r in summary.results if r.article)
        pipeline.check_translations = stage
    ratio = best["with"] / best["without"]
    stage_s, run_s = min(shares)  # the run where the stage was quickest
    print(f"{len(seeds)} seeds, {sentences} sentences, tiny MarianMT, best of {args.rounds}")
    print(f"translate with the check stage:    {best['with']:.2f} s")
    print(f"translate without the check stage: {best['without']:.2f} s")
    print(f"ratio {ratio:.2f} (the stage adds {best['with'] - best['without']:.2f} s); {findings} findings")
    print(f"the stage itself: {stage_s:.2f} s of a {run_s:.2f} s run ({100 * stage_s / run_s:.1f} %)")
    print(json.dumps({"seeds": len(seeds), "sentences": sentences, "with_s": round(best["with"], 3),
                      "without_s": round(best["without"], 3), "ratio": round(ratio, 3), "findings": findings,
                      "stage_s": round(stage_s, 3), "run_s": round(run_s, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
