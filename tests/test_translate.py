import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.testing.articles import one_paragraph_article
from toolkit.document import Article
from toolkit.errors import ModelUnavailableError
from toolkit.translate.backends.transformers import MarianTranslator
from toolkit.translate.batching import normalise_output, plan_batches, split_for_length
from toolkit.translate.stage import (
    FLAG_ARTICLE_NOT_SOURCE,
    FLAG_NOT_SOURCE,
    FLAG_SPLIT,
    article_flags_after_translation,
    translate_articles,
)


def _words(text: str) -> int:
    return len(text.split())


@given(st.lists(st.text(alphabet="abcdé,;: ", min_size=1, max_size=12), min_size=1, max_size=120), st.integers(3, 40))
@settings(max_examples=150, deadline=None)
def test_split_for_length_keeps_every_character_and_respects_the_limit(chunks, limit):
    text = " ".join(chunks).strip()
    if not text:
        return
    pieces = split_for_length(text, _words, limit, ("et", "mais"))
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    for piece in pieces:
        # A piece over the limit can only be a single unbreakable word.
        assert _words(piece) <= limit or len(piece.split()) == 1


def test_split_prefers_clause_boundaries():
    text = "Le gouvernement a annoncé une réforme ambitieuse; les syndicats ont immédiatement appelé à la grève générale"
    assert split_for_length(text, _words, 10) == [
        "Le gouvernement a annoncé une réforme ambitieuse;",
        "les syndicats ont immédiatement appelé à la grève générale",
    ]


@given(st.lists(st.integers(1, 300), max_size=60), st.integers(300, 2000), st.integers(1, 16))
def test_plan_batches_covers_each_input_once_within_budget(lengths, budget, size):
    batches = plan_batches(lengths, budget, size)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= size
        assert len(batch) == 1 or max(lengths[i] for i in batch) * len(batch) <= budget


def test_output_entities_are_normalised():
    assert normalise_output("He said &quot;no&quot; &amp; left &apos;now&apos;") == "He said \"no\" & left 'now'"


class _Counting:
    """The real tiny model, recording each batch of inputs it is given."""

    def __init__(self, translator, calls: list):
        self.translator, self.calls = translator, calls
        self.name, self.revision, self.options = translator.name, None, translator.options

    def count_tokens(self, text):
        return self.translator.count_tokens(text)

    def translate_batch(self, texts, progress=None):
        self.calls.append(list(texts))
        return self.translator.translate_batch(texts, progress)


def _article(*sentences: str) -> Article:
    return one_paragraph_article(sentences)


def test_real_loader_and_model_translate_with_flags(tiny_translator):
    english = "This website uses cookies to improve your experience and we will assume you are ok with this."
    long_french = " ".join(["la commission a examiné le dossier du gouvernement"] * 60)
    article = _article("Le gouvernement a présenté son projet hier soir.", english, long_french)
    [out] = translate_articles([article], tiny_translator)
    s1, s2, s3 = out.sentences
    assert s1.translation and s1.translation != s1.text
    assert s2.translation == english and FLAG_NOT_SOURCE in s2.flags
    assert FLAG_SPLIT in s3.flags
    # Splitting must not lose input: the tokenizer count of the pieces covers the input.
    assert tiny_translator.count_tokens(long_french) > tiny_translator.options.max_input_tokens
    assert out.model.name == tiny_translator.name and out.model.beam == 2


def test_a_foreign_article_is_passed_through_whole_and_never_reaches_the_model(tiny_translator):
    calls = []
    french = "Le gouvernement a présenté son projet hier soir."
    english = _article("The mayor defended the schedule before the city council on Monday evening.",
                       "Work on the bridge will start in September, she told reporters.", "Yes.")
    out_en, out_fr = translate_articles([english, _article(french)], _Counting(tiny_translator, calls))
    assert calls == [[french]]  # "Yes." alone could not be placed; the article as a whole can
    assert FLAG_ARTICLE_NOT_SOURCE in out_en.flags and FLAG_ARTICLE_NOT_SOURCE not in out_fr.flags
    assert all(s.translation == s.text and FLAG_NOT_SOURCE in s.flags for s in out_en.sentences)
    assert out_en.model == out_fr.model and out_en.model.name == tiny_translator.name


def test_the_article_flag_needs_80_percent_of_foreign_sentences():
    foreign, french = (FLAG_NOT_SOURCE, "language:en"), ()
    assert article_flags_after_translation([foreign] * 4 + [french]) == (FLAG_ARTICLE_NOT_SOURCE,)
    assert article_flags_after_translation([foreign] * 3 + [french] * 2) == ()
    assert article_flags_after_translation([]) == ()


def test_duplicate_sentences_are_translated_once(tiny_translator):
    calls = []

    same = "Le Kremlin n’a pas réagi à cette déclaration."
    a, b = _article(same, "Une autre phrase bien française ici."), _article(same)
    out_a, out_b = translate_articles([a, b], _Counting(tiny_translator, calls))
    assert len(calls) == 1 and sorted(calls[0]) == sorted([same, "Une autre phrase bien française ici."])
    assert out_a.sentences[0].translation == out_b.sentences[0].translation


def test_results_do_not_depend_on_batching(tiny_model_dir):
    from toolkit.translate.translator import TranslationOptions

    texts = ["Bonjour à tous.", "Le président a parlé longuement devant la presse hier.", "Non."]
    batched = MarianTranslator.load(str(tiny_model_dir), TranslationOptions(beam=1, max_batch_size=8))
    single = MarianTranslator.load(str(tiny_model_dir), TranslationOptions(beam=1, max_batch_size=1))
    assert [o.text for o in batched.translate_batch(texts)] == [o.text for o in single.translate_batch(texts)]


def test_missing_local_model_explains_how_to_provide_weights(tmp_path):
    with pytest.raises(ModelUnavailableError) as err:
        MarianTranslator.load(str(tmp_path / "no-such-model"))
    message = str(err.value)
    assert "--model" in message and "hf download" in message and "analyze" in message


def test_hub_id_offline_fails_fast_with_instructions(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-cache"))
    with pytest.raises(ModelUnavailableError, match="Helsinki-NLP/opus-mt-fr-en"):
        MarianTranslator.load("Helsinki-NLP/opus-mt-fr-en")


def test_folder_that_is_not_a_model_is_reported(tmp_path):
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match="cannot load"):
        MarianTranslator.load(str(tmp_path))


def test_title_and_speaker_descriptions_get_their_english_in_the_same_batches(tiny_translator):
    from dataclasses import replace

    from toolkit.document import Speaker
    from toolkit.formats.schema import article_to_dict, validate_article_json

    calls = []

    title = "La rénovation du pont divise les élus"
    article = replace(_article(title, "La maire a défendu le calendrier devant le conseil."), title=title,
                      speakers=(Speaker("sp1", "Sophie Lambert", ("Sophie Lambert",), "La maire de la ville"),
                                Speaker("sp2", "Paul Martin")))
    [out] = translate_articles([article], _Counting(tiny_translator, calls))
    assert len(calls) == 1 and "La maire de la ville" in calls[0]
    assert calls[0].count(title) == 1  # the title sentence and the title share one model input
    assert out.title_translation == out.sentences[0].translation and out.title_translation != title
    sp1, sp2 = out.speakers
    assert sp1.description_translation and sp1.description_translation != sp1.description
    assert sp2.description_translation is None
    data = article_to_dict(out)
    validate_article_json(data)
    assert data["title_translation"] == out.title_translation
    assert data["speakers"][0]["description_translation"] == sp1.description_translation
