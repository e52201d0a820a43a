"""Throughput of the translation backends against the naive transformers pipeline.

    python benchmarks/throughput.py --sentences 200

Builds (once, seeded, cached) a random-weight MarianMT with the exact architecture of
Helsinki-NLP/opus-mt-fr-en (6+6 layers, d_model 512, 59,514-entry vocabulary), takes
the first N sentences of newstest2014.fr, and runs, in this process on the same
sentences with beam 4:

- naive: one sentence at a time, plain `model.generate`;
- default: the toolkit's transformers backend (`MarianTranslator.translate_batch`:
  length-sorted token-budget batches, inference mode, thread settings);
- fast: the CTranslate2 backend (`CTranslate2Translator`), when ctranslate2 is installed.

Random weights almost never emit </s>, so every backend is forced to produce, for each
sentence, exactly as many target tokens as the English reference has under the model's
target tokenizer (</s> included) — the work a real model does on these sentences:
- transformers (naive and default): a LogitsProcessor bans </s> before that length and
  forces it at that length, per row of the beam-search batch;
- CTranslate2: it takes one min/max decoding length per call, not per sentence, so
  sentences are grouped into buckets of forced length (width --ct2-length-bucket,
  default 4: lengths 8–11, 12–15, ...) and each bucket is decoded with min = max = the
  bucket's largest length. Every sentence thus decodes at least its reference length
  and at most width − 1 steps more: CTranslate2 does slightly MORE work than the
  transformers runs, and its batches are smaller than in real use; both can only
  understate its speed. (CTranslate2 counts steps without </s>: L steps = the L − 1
  tokens + </s> of transformers, the same number of decoder calls.) Width 1 forces
  exact lengths, at the price of tiny batches.

It also times the stages outside the model (ingest, clean, segment, quotes, translation
planning, quote transfer, align, render) on the seed articles, seen for the first time
after a warm-up on other news text, and reports their share of total time.
The last line of output is one JSON object (keys are a stable interface).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from toolkit.translate.backends.transformers import MarianTranslator, force_eos  # noqa: E402
from toolkit.translate.batching import plan_batches  # noqa: E402
from toolkit.translate.threads import available_cores  # noqa: E402
from toolkit.translate.translator import CTranslate2Options, TranslationOptions  # noqa: E402

from toolkit.paths import shared_dir  # noqa: E402

SHARED = shared_dir()
# Sentencepiece models trained on all three local test sets (5.5k lines per side); a
# vocabulary this size segments newstest2014 about as finely as opus-mt's 32k pieces.
SPM_VOCAB = 8000


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_benchmark_model(cache_dir: Path, seed: int) -> Path:
    """The architecture-identical random-weight model, built once per seed."""
    from toolkit.testing.tiny_marian import build_marian, opus_mt_fr_en_config

    out = cache_dir / f"opus-mt-fr-en-architecture-seed{seed}-spm{SPM_VOCAB}"
    if (out / "config.json").exists() and (out / "model.safetensors").exists():
        return out
    testsets = SHARED / "testsets" / "fr-en"
    fr, en = [], []
    for name in ("newstest2014", "newsdiscusstest2015", "flores200-devtest"):
        fr += (testsets / f"{name}.fr").read_text(encoding="utf-8").splitlines()
        en += (testsets / f"{name}.en").read_text(encoding="utf-8").splitlines()
    return build_marian(out, fr, en, spm_vocab_size=SPM_VOCAB, architecture=opus_mt_fr_en_config(), seed=seed)


def exact_length_processor(lengths: Sequence[int], beam: int, eos_id: int):
    """Row i (of batch × beam rows) emits </s> exactly as its `lengths[i]`-th token."""
    import torch
    from transformers import LogitsProcessor

    class ExactLength(LogitsProcessor):
        def __init__(self):
            self.lengths = torch.tensor([n for n in lengths for _ in range(beam)])

        def __call__(self, input_ids, scores):
            produced = input_ids.shape[-1] - 1  # minus the decoder start token
            finish = produced >= self.lengths.to(scores.device) - 1
            scores[~finish, eos_id] = float("-inf")  # no </s> before the reference length
            return force_eos(scores, finish, eos_id)

    return ExactLength()


class ForcedLengthMarian(MarianTranslator):
    """The toolkit's transformers backend, with output lengths forced to the references'."""

    forced: dict[tuple[int, ...], int] = {}

    def output_caps(self, inputs):
        return [self.forced[tuple(ids)] for ids in inputs]

    def logits_processors(self, caps):
        return [exact_length_processor(caps, self.options.beam, self.tokenizer.eos_token_id)]


@dataclass(frozen=True)
class Timing:
    seconds: float
    model_seconds: float  # inside model.generate / translate_batch of the engine


def run_naive(translator: MarianTranslator, sentences: Sequence[str], lengths: Sequence[int], beam: int) -> Timing:
    """One sentence at a time through plain `model.generate`, as tutorials do."""
    tokenizer, model = translator.tokenizer, translator.model
    started = time.perf_counter()
    for text, length in zip(sentences, lengths):
        inputs = tokenizer(text, return_tensors="pt").to(model.device)
        out = model.generate(
            **inputs,
            num_beams=beam,
            max_new_tokens=length,
            logits_processor=[exact_length_processor([length], beam, tokenizer.eos_token_id)],
        )
        tokenizer.decode(out[0], skip_special_tokens=True)
    seconds = time.perf_counter() - started
    return Timing(seconds, seconds)


def run_backend(translator, sentences: Sequence[str]) -> Timing:
    started = time.perf_counter()
    outputs = translator.translate_batch(list(sentences))
    seconds = time.perf_counter() - started
    assert len(outputs) == len(sentences)
    return Timing(seconds, seconds)


def load_fast(model_dir: Path, beam: int, lengths_by_tokens: dict[tuple[str, ...], int], bucket: int, device: str, workers: int = 0):
    """The CTranslate2 backend with forced lengths, or None when it is not installed."""
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return None
    from toolkit.translate.backends.ctranslate2 import CTranslate2Translator, DecodeBatch

    class ForcedLengthCT2(CTranslate2Translator):
        def decode_batches(self, inputs):
            buckets: dict[int, list[int]] = {}
            for i, tokens in enumerate(inputs):
                buckets.setdefault(lengths_by_tokens[tuple(tokens)] // bucket, []).append(i)
            batches = []
            for _, members in sorted(buckets.items()):
                length = max(lengths_by_tokens[tuple(inputs[i])] for i in members)
                for part in plan_batches([len(inputs[i]) for i in members], self.options.max_batch_tokens, self.options.max_batch_size):
                    batches.append(DecodeBatch(tuple(members[j] for j in part), min_length=length, max_length=length))
            return batches

    return ForcedLengthCT2.load(str(model_dir), TranslationOptions(beam=beam, backend="ctranslate2", device=device, ctranslate2=CTranslate2Options(workers=workers)))


def stage_overhead_per_sentence(translator: MarianTranslator) -> tuple[float, float, int]:
    """Seconds per sentence of every stage except the model, on the seed articles
    (spaCy's one-off load excluded; the parse itself included): (unseen, repeated,
    sentences).

    - unseen: the seeds' first pass, after warming spaCy up on other news text
      (newstest2014.fr lines 1001-3000, laid out as 20 articles of 100 paragraphs). This
      is what a daily batch job pays: its pipeline is warm, but each article brings words
      spaCy has not seen in this process, and a new word costs more than a known one
      (lexeme attributes, the lemmatizer's rules, the tokenizer's special cases).
    - repeated: median of five further passes over the same seeds, every word cached: a
      lower bound (75 % of the unseen figure before the lemma index of
      toolkit.segment.spacy_loader, within a few % since).
    The share of total time uses the unseen figure."""
    from toolkit.align.beads import align_translations
    from toolkit.pipeline import prepare_articles
    from toolkit.segment.spacy_loader import load_nlp
    from toolkit.formats.html import write_article
    from toolkit.translate.stage import translate_articles
    from toolkit.translate.translator import TranslationOutput

    class NoModel:
        """Everything the translation stage does (language checks, splitting, dedup,
        quotes carried) except the model call."""

        name, revision, options = translator.name, None, translator.options

        def count_tokens(self, text):
            return translator.count_tokens(text)

        def translate_batch(self, texts, progress=None):
            return [TranslationOutput(text=t) for t in texts]

    nlp = load_nlp("fr_core_news_md")
    seeds = sorted((SHARED / "seeds").glob("*.txt"))

    def one_pass(paths: Sequence[Path]) -> tuple[float, int]:
        started = time.perf_counter()
        articles = prepare_articles(paths, nlp)  # one spaCy pass per chunk, as run_translate does
        # The same composition as toolkit.batch.job.run_translate, with the model call stubbed out.
        translated = translate_articles(articles, NoModel())
        articles = [align_translations(a) for a in translated]
        with tempfile.TemporaryDirectory() as out:
            for article in articles:
                write_article(article, Path(out))
        return time.perf_counter() - started, sum(len(a.sentences) for a in articles)

    lines = (SHARED / "testsets" / "fr-en" / "newstest2014.fr").read_text(encoding="utf-8").splitlines()[1000:3000]
    with tempfile.TemporaryDirectory() as warm_dir:
        warm_paths = []
        for n in range(0, len(lines), 100):
            path = Path(warm_dir) / f"warm{n // 100:02d}.txt"
            path.write_text("\n\n".join(lines[n : n + 100]) + "\n", encoding="utf-8")
            warm_paths.append(path)
        for offset in range(0, len(warm_paths), 5):
            one_pass(warm_paths[offset : offset + 5])
    unseen, count = one_pass(seeds)
    repeated = statistics.median(one_pass(seeds)[0] for _ in range(5))
    return unseen / count, repeated / count, count


def median_timing(runs: Sequence[Timing]) -> Timing:
    return Timing(statistics.median(r.seconds for r in runs), statistics.median(r.model_seconds for r in runs))


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=200, help="first N sentences of newstest2014 (default 200)")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=1, help="runs per backend; the median is reported")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache-dir", type=Path, default=Path(os.environ.get("TOOLKIT_CACHE", Path(tempfile.gettempdir()) / "toolkit-bench")))
    parser.add_argument("--device", default="cpu", help="cpu (default, comparable across machines) | auto | cuda — CUDA path not measured yet")
    parser.add_argument("--ct2-length-bucket", type=int, default=4, help="width of the forced-length buckets for CTranslate2 (1 = exact)")
    parser.add_argument("--ct2-workers", type=int, default=0, help="CTranslate2 parallel workers on CPU (default 0 = the toolkit's auto)")
    parser.add_argument("--skip-naive", action="store_true", help="for quick checks; the speedups are then null")
    args = parser.parse_args(argv)

    warnings.filterwarnings("ignore", message=".*sacremoses.*")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    log: Callable[[str], None] = lambda line: print(line, flush=True)

    started = time.perf_counter()
    model_dir = build_benchmark_model(args.cache_dir, args.seed)
    log(f"model: {model_dir} (random weights, opus-mt-fr-en architecture; built/loaded in {time.perf_counter() - started:.1f}s)")

    testset = SHARED / "testsets" / "fr-en"
    sentences = (testset / "newstest2014.fr").read_text(encoding="utf-8").splitlines()[: args.sentences]
    references = (testset / "newstest2014.en").read_text(encoding="utf-8").splitlines()[: args.sentences]
    options = TranslationOptions(beam=args.beam, device=args.device)
    default = ForcedLengthMarian.load(str(model_dir), options)
    tokenizer = default.tokenizer
    lengths = [min(len(tokenizer(text_target=r)["input_ids"]), default.max_positions) for r in references]
    source_ids = [tuple(tokenizer(s)["input_ids"]) for s in sentences]
    ForcedLengthMarian.forced = dict(zip(source_ids, lengths))
    # Identical sources would share one forced length; newstest2014 has none in practice.
    unique = list(dict.fromkeys(sentences))
    target_tokens = sum(lengths)
    log(
        f"{len(sentences)} sentences ({len(unique)} distinct), {sum(len(i) for i in source_ids)} source tokens, "
        f"{target_tokens} target tokens (forced to the reference lengths), beam {args.beam}, "
        f"{available_cores()} cores, torch threads {__import__('torch').get_num_threads()}, load {os.getloadavg()[0]:.2f}"
    )

    ct2_lengths = {tuple(tokenizer.convert_ids_to_tokens(list(i))): n for i, n in zip(source_ids, lengths)}
    fast = load_fast(model_dir, args.beam, ct2_lengths, max(1, args.ct2_length_bucket), args.device, args.ct2_workers)
    if fast is None:
        log("fast backend: ctranslate2 is not installed (pip install '.[fast]'); fast_sps = null")
    else:
        log(
            f"fast backend: CTranslate2 {fast.compute_type} on {fast.device}, {fast.translator.num_translators} worker(s), "
            f"converted model {fast.model_dir}; "
            f"forced lengths in buckets of {max(1, args.ct2_length_bucket)}"
        )

    # Warm-up: first calls pay one-off allocation and kernel selection.
    warm = sentences[:2]
    default.translate_batch(warm)
    if fast is not None:
        fast.translate_batch(warm)

    # The non-model stages first: quick, and a failure there should not cost a long run.
    overhead_per_sentence, repeated_pass, seed_sentences = stage_overhead_per_sentence(default)
    log(
        f"stages outside the model: {overhead_per_sentence * 1000:.2f} ms/sentence on unseen articles after a warm-up on "
        f"other news text ({repeated_pass * 1000:.2f} ms when the same articles are processed again), over {seed_sentences} seed sentences"
    )

    runs: dict[str, list[Timing]] = {"naive": [], "default": [], "fast": []}
    for repeat in range(args.repeats):
        if not args.skip_naive:
            runs["naive"].append(run_naive(default, sentences, lengths, args.beam))
        runs["default"].append(run_backend(default, unique))
        if fast is not None:
            runs["fast"].append(run_backend(fast, unique))
        done = ", ".join(f"{k} {v[-1].seconds:.1f}s" for k, v in runs.items() if v)
        log(f"repeat {repeat + 1}/{args.repeats}: {done} (load {os.getloadavg()[0]:.2f})")


    results: dict[str, Optional[Timing]] = {k: (median_timing(v) if v else None) for k, v in runs.items()}
    naive = results["naive"]
    log("")
    log(f"{'backend':<10}{'seconds':>9}{'sent/s':>9}{'tok/s':>9}{'× naive':>9}")
    sps: dict[str, Optional[float]] = {}
    for name, timing in results.items():
        if timing is None:
            sps[name] = None
            continue
        sps[name] = len(sentences) / timing.seconds
        ratio = f"{naive.seconds / timing.seconds:.2f}" if naive else "-"
        log(f"{name:<10}{timing.seconds:>9.1f}{sps[name]:>9.2f}{target_tokens / timing.seconds:>9.0f}{ratio:>9}")
    stage_seconds = overhead_per_sentence * len(sentences)
    overhead_share = stage_seconds / (stage_seconds + results["default"].seconds)
    log(
        f"outside the model: {overhead_per_sentence * 1000:.2f} ms/sentence over {seed_sentences} seed sentences "
        f"(ingest, clean, segment, quotes, translation planning, quote transfer, align, render) = {overhead_share:.2%} of default-backend time"
    )
    fast_share = None
    if fast is not None:
        fast_share = stage_seconds / (stage_seconds + results["fast"].seconds)
        again = repeated_pass * len(sentences)
        log(f"  with the fast backend: {fast_share:.2%} ({again / (again + results['fast'].seconds):.2%} with the repeated-pass timing)")
    log(f"peak RSS {peak_rss_mb():.0f} MB; load average now {os.getloadavg()[0]:.2f}; repeats {args.repeats} (median)")

    def speedup(name: str) -> Optional[float]:
        return round(naive.seconds / results[name].seconds, 3) if naive and results[name] else None

    summary = {
        "naive_sps": round(sps["naive"], 4) if sps["naive"] else None,
        "default_sps": round(sps["default"], 4),
        "fast_sps": round(sps["fast"], 4) if sps["fast"] else None,
        "default_speedup": speedup("default"),
        "fast_speedup": speedup("fast"),
        "overhead_share": round(overhead_share, 4),
        "fast_overhead_share": round(fast_share, 4) if fast_share is not None else None,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "beam": args.beam,
        "sentences": len(sentences),
    }
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
