"""Quality guard and fast-path behaviour (issue 6). Speed itself is measured by
benchmarks/throughput.py, never asserted here."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import SEEDS, TESTSETS
from toolkit.batch.cache import CachedTranslator
from toolkit.batch.manifest import CachedTranslation
from toolkit.testing.articles import one_paragraph_article
from toolkit.document import Article
from toolkit.errors import ConfigError
from toolkit.translate.backends import load_translator
from toolkit.translate.backends.transformers import MarianTranslator
from toolkit.translate.stage import translate_articles
from toolkit.translate.translator import FLAG_LENGTH_LIMIT, CTranslate2Options, TranslationOptions

# Short, varied sentences with repeats inside and across articles: the batched run
# sorts them by length, packs them into batches with padding, and sends each distinct
# sentence to the model once.
FIXED_SET = (
    ("Le Kremlin n’a pas réagi.", "Il pleut à Paris depuis lundi.", "Le Kremlin n’a pas réagi.", "Merci."),
    (
        "Les ministres se réuniront à Bruxelles la semaine prochaine pour discuter du budget.",
        "Il pleut à Paris depuis lundi.",
        "La police a ouvert une enquête.",
    ),
)


def _article(article_id: str, sentences: tuple[str, ...]) -> Article:
    return one_paragraph_article(sentences, article_id)


def _mean_log_prob(translator: MarianTranslator, source: str, translation: str) -> float:
    """Length-normalised log-probability of `translation` given `source`: the quantity
    beam search ranks hypotheses by (length_penalty 1)."""
    import torch

    tokenizer = translator.tokenizer
    inputs = tokenizer(source, return_tensors="pt")
    labels = tokenizer(text_target=translation, return_tensors="pt")["input_ids"]
    with torch.inference_mode():
        loss = translator.model(**inputs, labels=labels).loss
    return -float(loss)


class DictStore:
    """The simplest TranslationStore (toolkit.batch.cache): a dict per model key."""

    def __init__(self):
        self.entries: dict[tuple[str, str], CachedTranslation] = {}
        self.lookups = 0

    def cached_translations(self, key, texts):
        self.lookups += 1
        return {t: self.entries[(key, t)] for t in texts if (key, t) in self.entries}

    def store_translations(self, key, items):
        for text, cached in items:
            self.entries[(key, text)] = cached


def test_batched_sorted_cached_deduplicated_equals_one_by_one(tiny_translator):
    calls: list[list[str]] = []

    class Recording:
        name, revision, options = tiny_translator.name, tiny_translator.revision, tiny_translator.options

        def count_tokens(self, text):
            return tiny_translator.count_tokens(text)

        def translate_batch(self, texts, progress=None):
            calls.append(list(texts))
            return tiny_translator.translate_batch(texts, progress)

    articles = [_article(f"a{i}", s) for i, s in enumerate(FIXED_SET)]
    store = DictStore()
    batched = translate_articles(articles, CachedTranslator(Recording(), store, key="tiny"))
    distinct = {s for sentences in FIXED_SET for s in sentences}
    # Deduplicated: one model call holding each distinct sentence once.
    assert len(calls) == 1 and sorted(calls[0]) == sorted(distinct)

    near_ties = []
    for article in batched:
        for sentence in article.sentences:
            [alone] = tiny_translator.translate_batch([sentence.text])  # batch of one, same model and settings
            if sentence.translation == alone.text:
                continue
            # A random-weight model makes near-ties in beam search; padding in a batch
            # changes float rounding by ~1e-6, enough to flip a tie. Such a difference
            # is accepted only when both outputs score the same under the model.
            batched_score = _mean_log_prob(tiny_translator, sentence.text, sentence.translation)
            alone_score = _mean_log_prob(tiny_translator, sentence.text, alone.text)
            assert batched_score == pytest.approx(alone_score, abs=1e-3), (sentence.text, sentence.translation, alone.text)
            near_ties.append(sentence.text)
    # Ties are the exception, not the rule: most outputs must match exactly.
    assert len(near_ties) <= len(distinct) // 3, near_ties

    # Cached: a second run answers every sentence from the cache, without the model.
    again = translate_articles(articles, CachedTranslator(Recording(), store, key="tiny"))
    assert len(calls) == 1 and store.lookups == 2
    assert [s.translation for a in again for s in a.sentences] == [s.translation for a in batched for s in a.sentences]


def test_thread_setting_follows_the_usable_cores(monkeypatch):
    import torch

    from toolkit.translate.threads import available_cores, configure_cpu_threads

    before = torch.get_num_threads()
    try:
        monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
        monkeypatch.delenv("MKL_NUM_THREADS", raising=False)
        assert configure_cpu_threads(0) == available_cores() == torch.get_num_threads()
        assert configure_cpu_threads(1) == 1 == torch.get_num_threads()
        # An operator's OMP_NUM_THREADS wins over the automatic choice.
        monkeypatch.setenv("OMP_NUM_THREADS", "1")
        assert configure_cpu_threads(0) == 1
    finally:
        torch.set_num_threads(before)


def test_unknown_backend_is_a_config_error(tiny_model_dir):
    with pytest.raises(ConfigError, match="ctranslate2"):
        load_translator(str(tiny_model_dir), TranslationOptions(), backend="onnx")


def test_missing_ctranslate2_says_how_to_install(tiny_model_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # import now raises ImportError
    with pytest.raises(ConfigError, match=r"pip install 'toolkit\[fast\]'"):
        load_translator(str(tiny_model_dir), TranslationOptions(), backend="ctranslate2")


def test_evaluate_scores_tiny_model_with_signatures(tiny_translator):
    from toolkit.evaluation.bleu import evaluate, format_result

    result = evaluate(tiny_translator, "newstest2014", TESTSETS, limit=6)
    assert result.sentences == 6 and result.testset == "newstest2014"
    assert 0.0 <= result.bleu < 5.0  # random weights: noise, far below the real model
    assert 0.0 < result.chrf < 0.3
    assert "tok:13a" in result.bleu_signature and "nrefs:1" in result.bleu_signature
    assert "nc:6" in result.chrf_signature
    # A prefix is not the published test set, so no gap is claimed...
    assert result.published is None and result.bleu_gap is None
    # ...but the published figures are still shown for reference.
    text = format_result(result)
    assert "38.0 / 0.633" in text and "sacrebleu signature BLEU" in text


def test_evaluate_full_testset_prints_published_scores_beside_its_own(tiny_translator, tmp_path):
    from toolkit.evaluation.bleu import evaluate, format_result

    sources = (TESTSETS / "newstest2014.fr").read_text(encoding="utf-8").splitlines()[:4]
    references = (TESTSETS / "newstest2014.en").read_text(encoding="utf-8").splitlines()[:4]
    (tmp_path / "newstest2014.fr").write_text("\n".join(sources) + "\n", encoding="utf-8")
    (tmp_path / "newstest2014.en").write_text("\n".join(references) + "\n", encoding="utf-8")
    result = evaluate(tiny_translator, "newstest2014", tmp_path)
    assert result.published is not None and (result.published.bleu, result.published.chrf) == (38.0, 0.633)
    assert result.bleu_gap == pytest.approx(result.bleu - 38.0)
    rows = {line.split()[0]: line.split() for line in format_result(result).splitlines() if line.startswith(("BLEU  ", "chrF  "))}
    assert rows["BLEU"][2] == "38.0" and rows["chrF"][2] == "0.633"


def test_evaluate_cli_and_missing_testset(tiny_model_dir, capsys, tmp_path):
    from toolkit.cli.main import main

    code = main(["evaluate", "--model", str(tiny_model_dir), "--limit", "2", "--beam", "1", "--testsets", str(TESTSETS)])
    out = capsys.readouterr().out
    assert code == 0 and "newstest2014: 2 sentences" in out and "sacrebleu signature chrF" in out
    code = main(["evaluate", "--model", str(tiny_model_dir), "--testset", "wmt99", "--testsets", str(tmp_path)])
    assert code == 2 and "wmt99.fr not found" in capsys.readouterr().err


def _comparable(path: Path) -> dict:
    """An article JSON without what may legitimately differ between backends."""
    from toolkit.checks import KINDS as CHECK_KINDS

    data = json.loads(path.read_text(encoding="utf-8"))
    for sentence in data["sentences"]:
        assert isinstance(sentence["translation"], str)
        sentence["translation"] = "<translation>"
        sentence["flags"] = [f for f in sentence["flags"] if f != FLAG_LENGTH_LIMIT and f not in CHECK_KINDS]
        sentence["checks"] = "<translation-dependent>"  # the reviewer checks judge the translation
    for bead in data.get("alignment", []):
        bead["checks"] = "<translation-dependent>"
    for target in data.get("target_sentences", []):  # the translations again, as the English side
        assert isinstance(target["text"], str)
        target["text"] = "<translation>"
    # Quotes carried into English: their span and offsets in the translation, and the
    # flags that judge the translation (marks lost, repetition, length ratio).
    from toolkit.translate import quote_transfer
    judged = {quote_transfer.FLAG_LOST, quote_transfer.FLAG_REPAIRED, quote_transfer.FLAG_REPETITION, quote_transfer.FLAG_LENGTH_RATIO}
    for quote in data.get("quotes", []):
        for key in list(quote):
            if key == "translation" or key.startswith("target_"):
                quote[key] = "<translation-dependent>"
        quote["flags"] = [f for f in quote["flags"] if f not in judged and f not in CHECK_KINDS]
        quote["checks"] = "<translation-dependent>"
    return data


def test_ctranslate2_backend_gives_the_same_pipeline_outputs_apart_from_translations(tiny_model_dir, nlp, tmp_path, monkeypatch):
    pytest.importorskip("ctranslate2", reason="optional fast backend (pip install '.[fast]')")
    from toolkit.config import load_config
    from toolkit.batch.job import run_translate
    from toolkit.translate.backends.ctranslate2 import CTranslate2Translator

    monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path / "cache"))
    seed = sorted(SEEDS.glob("*.txt"))[:1]
    options = TranslationOptions(beam=1, max_input_tokens=128)
    config = replace(load_config(), translate=options)
    outputs = {}
    for backend in ("transformers", "ctranslate2"):
        translator = load_translator(str(tiny_model_dir), options, backend=backend)
        summary = run_translate(seed, tmp_path / backend, config, translator, nlp=nlp)
        assert not summary.failed
        outputs[backend] = sorted(p.name for p in (tmp_path / backend).iterdir())
    fast = translator
    assert isinstance(fast, CTranslate2Translator) and fast.compute_type == "int8"  # the documented CPU default
    # Converted once into the cache; a second load reuses it.
    assert load_translator(str(tiny_model_dir), options, backend="ctranslate2").model_dir == fast.model_dir
    assert outputs["transformers"] == outputs["ctranslate2"]
    for name in outputs["transformers"]:
        if name.endswith(".json"):
            assert _comparable(tmp_path / "transformers" / name) == _comparable(tmp_path / "ctranslate2" / name)


def test_ctranslate2_parallel_workers_return_the_single_worker_outputs_in_order(tiny_model_dir, tmp_path, monkeypatch):
    pytest.importorskip("ctranslate2", reason="optional fast backend (pip install '.[fast]')")
    from toolkit.translate.backends.ctranslate2 import cpu_workers

    monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path / "cache"))
    texts = (TESTSETS / "newstest2014.fr").read_text(encoding="utf-8").splitlines()[:24]
    # Small batches, so that many are queued and the two workers interleave.
    base = TranslationOptions(beam=2, max_batch_size=3, max_input_tokens=128, device="cpu", threads=2)
    import torch

    torch_threads = torch.get_num_threads()
    single = load_translator(str(tiny_model_dir), replace(base, ctranslate2=CTranslate2Options(workers=1)), backend="ctranslate2")
    parallel = load_translator(str(tiny_model_dir), replace(base, ctranslate2=CTranslate2Options(workers=2)), backend="ctranslate2")
    # CTranslate2 sets the OpenMP thread count torch reads; loading it must not leave a
    # transformers model in the same process on one thread per worker.
    assert torch.get_num_threads() == torch_threads
    assert parallel.translator.num_translators == 2 and single.translator.num_translators == 1
    seen: list[int] = []
    outputs = parallel.translate_batch(texts, progress=seen.append)
    assert outputs == single.translate_batch(texts)
    assert sum(seen) == len(texts) and len(seen) > 2
    # auto: one worker per thread up to 4, the threads shared out among them.
    assert cpu_workers(replace(base, threads=2)) == (2, 1)
    assert cpu_workers(replace(base, threads=16)) == (4, 4)
    assert cpu_workers(replace(base, threads=6)) == (3, 2)  # no idle core
    assert cpu_workers(replace(base, threads=8, ctranslate2=CTranslate2Options(workers=2))) == (2, 4)
    assert cpu_workers(replace(base, threads=1, ctranslate2=CTranslate2Options(workers=3))) == (1, 1)


def test_negative_worker_count_is_a_config_error():
    from toolkit.config import load_config

    with pytest.raises(ConfigError, match="ct2_workers"):
        load_config().with_overrides(ct2_workers=-1)


def test_evaluate_scores_the_output_of_the_translation_stage(tmp_path):
    """`toolkit evaluate` scores what `toolkit translate` writes: the stage's English
    typography included (no « » survives into the English), not the raw model output."""
    from toolkit.evaluation.bleu import evaluate
    from toolkit.testing.mt_stub import OpusMtBehaviourStub

    french = "Le ministre a répondu « non merci » aux journalistes réunis devant la mairie hier soir."
    (tmp_path / "mini.fr").write_text(french + "\n", encoding="utf-8")
    (tmp_path / "mini.en").write_text(french.replace("«", "“").replace("»", "”") + "\n", encoding="utf-8")
    # The FAKE stub echoes its input: a perfect score needs the stage's quote typography.
    result = evaluate(OpusMtBehaviourStub("none"), "mini", tmp_path)
    assert result.bleu == pytest.approx(100.0) and result.passed_through == 0


def test_evaluate_with_spacy_takes_the_production_path_quotes_included(tmp_path, nlp):
    """With the spaCy pipeline `toolkit evaluate` passes it, a line is segmented and its
    quotes found before translation, as `toolkit translate` does: quotes in spaced straight
    marks then reach the English in curly marks, which the line-as-one-sentence path misses."""
    from toolkit.evaluation.bleu import evaluate
    from toolkit.testing.mt_stub import OpusMtBehaviourStub

    french = 'Le ministre a répondu " non merci " aux journalistes, a-t-il dit. Puis il est parti sans un mot.'
    english = "Le ministre a répondu “non merci” aux journalistes, a-t-il dit. Puis il est parti sans un mot."
    (tmp_path / "mini.fr").write_text(french + "\n", encoding="utf-8")
    (tmp_path / "mini.en").write_text(english + "\n", encoding="utf-8")
    # The FAKE stub echoes its input, so the score shows what the stage did around the model.
    production = evaluate(OpusMtBehaviourStub("none"), "mini", tmp_path, nlp=nlp)
    line_only = evaluate(OpusMtBehaviourStub("none"), "mini", tmp_path)
    assert production.bleu == pytest.approx(100.0)
    assert line_only.bleu < 90
