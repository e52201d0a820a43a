"""The local engine against the Ray engine on 1 and 2 workers, same corpus, same model.

    python benchmarks/ray_scaling.py --articles 6 --sentences-per-article 4

Builds (once, seeded, cached under --model-dir) a random-weight MarianMT with the exact
architecture of Helsinki-NLP/opus-mt-fr-en (toolkit.testing.tiny_marian.opus_mt_fr_en_config:
6+6 layers, d_model 512, 59,514-entry vocabulary), writes a corpus of N articles made of
consecutive newstest2014.fr sentences, and runs `toolkit translate` on it three times,
each into a fresh output folder (so no run is helped by the sentence cache):

- local: `toolkit.batch.job.run_translate` in this process;
- ray-1, ray-2: `toolkit.batch.ray.run_translate_on_ray` on a local Ray cluster started
  for the run with 1 or 2 translation workers.

It prints, per run, the end-to-end wall time (model load and, for Ray, cluster start and
actor start included), the run's own time (`RunSummary.seconds`: planning to summary,
model already loaded), and sentences per second over each; then whether the three
output folders hold byte-identical JSON/HTML. Random weights rarely emit </s>, so every
sentence decodes to its length cap (toolkit.translate.backends.transformers: 2 × input tokens + 10): more
decoder steps per sentence than a trained model, the same for every engine. The last
line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from toolkit.config import load_config  # noqa: E402
from toolkit.batch.job import run_translate  # noqa: E402
from toolkit.segment.spacy_loader import load_nlp  # noqa: E402
from toolkit.testing.tiny_marian import build_marian, opus_mt_fr_en_config  # noqa: E402
from toolkit.translate.backends.transformers import MarianTranslator  # noqa: E402
from toolkit.translate.translator import TranslationOptions  # noqa: E402

from toolkit.paths import shared_dir  # noqa: E402

SHARED = shared_dir()
TESTSET = SHARED / "testsets" / "fr-en" / "newstest2014"


def build_model(model_dir: Path) -> Path:
    if (model_dir / "config.json").is_file():
        return model_dir
    fr = TESTSET.with_suffix(".fr").read_text(encoding="utf-8").splitlines()[:400]
    en = TESTSET.with_suffix(".en").read_text(encoding="utf-8").splitlines()[:400]
    return build_marian(model_dir, fr, en, architecture=opus_mt_fr_en_config(), seed=0)


def write_corpus(folder: Path, articles: int, per_article: int) -> int:
    """Articles of consecutive test-set sentences (skipping the first 400, which trained
    the tokenizers), one paragraph per sentence. Returns the sentence count."""
    lines = [line for line in TESTSET.with_suffix(".fr").read_text(encoding="utf-8").splitlines()[400:] if line.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    for a in range(articles):
        body = lines[a * per_article : (a + 1) * per_article]
        (folder / f"article_{a:03d}.txt").write_text("\n\n".join(body) + "\n", encoding="utf-8")
    return articles * per_article


def output_bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*")) if p.suffix in (".json", ".html")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=6)
    parser.add_argument("--sentences-per-article", type=int, default=4)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--local-threads", type=int, default=None,
                        help="torch threads for the local engine (default: torch's own choice, the core count)")
    parser.add_argument("--engines", default="local,ray-1,ray-2", help="comma-separated subset of local,ray-1,ray-2")
    parser.add_argument("--model-dir", type=Path, default=Path(tempfile.gettempdir()) / "toolkit-bench" / "opus-mt-fr-en-arch")
    args = parser.parse_args()

    import torch

    model_dir = build_model(args.model_dir)
    options = TranslationOptions(beam=args.beam, device="cpu")
    config = load_config()
    work = Path(tempfile.mkdtemp(prefix="ray-scaling-"))
    corpus = work / "corpus"
    write_corpus(corpus, args.articles, args.sentences_per_article)
    nlp = load_nlp(config.language.spacy_model)
    runs: dict[str, dict] = {}

    engines = args.engines.split(",")
    if "local" in engines:
        if args.local_threads:
            torch.set_num_threads(args.local_threads)
        began = time.perf_counter()
        translator = MarianTranslator.load(str(model_dir), options)
        summary = run_translate([corpus], work / "out-local", config, translator, nlp)
        runs["local"] = {"wall_s": time.perf_counter() - began, "run_s": summary.seconds, "sentences": summary.sentences,
                         "torch_threads": torch.get_num_threads()}
        del translator

    from toolkit.batch.ray import RayOptions, run_translate_on_ray

    for workers in [int(e.split("-")[1]) for e in engines if e.startswith("ray-")]:
        began = time.perf_counter()
        summary = run_translate_on_ray([corpus], work / f"out-ray-{workers}", config, RayOptions(workers=workers),
                                       model=str(model_dir), options=options, nlp=nlp)
        runs[f"ray-{workers}"] = {"wall_s": time.perf_counter() - began, "run_s": summary.seconds,
                                  "sentences": summary.sentences, "torch_threads": 1}  # Ray sets OMP_NUM_THREADS=num_cpus=1 per actor

    outputs = [output_bytes(work / f"out-{name}") for name in runs]
    identical = all(o == outputs[0] for o in outputs)
    print(f"corpus: {args.articles} articles, {next(iter(runs.values()))['sentences']} sentences; beam {args.beam}; "
          f"model: random-weight opus-mt-fr-en architecture; cores: {os.cpu_count()}; load average at end: {os.getloadavg()[0]:.1f}")
    print(f"{'engine':<8} {'wall s':>8} {'sent/s':>8} {'run s':>8} {'sent/s':>8} {'torch threads/worker':>21}")
    for name, r in runs.items():
        print(f"{name:<8} {r['wall_s']:>8.1f} {r['sentences'] / r['wall_s']:>8.2f} {r['run_s']:>8.1f} "
              f"{r['sentences'] / r['run_s']:>8.2f} {r['torch_threads']:>21}")
    print(f"outputs byte-identical across engines: {identical}")
    print(json.dumps({"runs": {k: {kk: round(vv, 3) if isinstance(vv, float) else vv for kk, vv in v.items()} for k, v in runs.items()},
                      "identical": identical, "beam": args.beam, "articles": args.articles}))


if __name__ == "__main__":
    main()
