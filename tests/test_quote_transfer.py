"""Quotes carried into English, checked against a FAKE translator (OpusMtBehaviourStub)
that does to quote marks what opus-mt models do."""

from dataclasses import replace

import pytest

from toolkit.align.beads import target_id
from toolkit.document import QuoteSpan
from toolkit.testing.articles import paragraphs_article
from toolkit.testing.mt_stub import PERTURBATIONS, OpusMtBehaviourStub
from toolkit.translate.quote_transfer import (
    FLAG_LOST,
    FLAG_REPETITION,
    PATH_RECOVERED,
    PATH_SPLIT,
    english_marks,
)
from toolkit.segment.sentences import parse_paragraphs, segment_article
from toolkit.translate.stage import translate_articles


def _article(nlp, paragraphs, quotes):
    """An article from paragraphs; `quotes` = [(content, type, parent_index or None)]."""
    article = paragraphs_article(paragraphs, "a")
    text = article.text
    article = segment_article(article, parse_paragraphs(article, nlp))
    spans = []
    for k, (content, kind, parent) in enumerate(quotes):
        start = text.index(content)
        end = start + len(content)
        sentence_ids = tuple(s.id for s in article.sentences if s.start < end and s.end > start)
        paragraph_ids = tuple(p.index for p in article.paragraphs if p.start < end and p.end > start)
        spans.append(
            QuoteSpan(id=f"q{k + 1}", type=kind, text=content, start=start, end=end, paragraphs=paragraph_ids,
                      sentences=sentence_ids, speaker="sp1" if kind != "term" else None,
                      parent=f"q{parent + 1}" if parent is not None else None)
        )
    return replace(article, quotes=tuple(spans))


def _run(article, stub):
    [carried] = translate_articles([article], stub)
    return carried


def _slice(article, quote):
    targets = {target_id(s.id): s.translation for s in article.sentences}
    ids = quote.target_sentences
    if len(ids) == 1:
        return targets[ids[0]][quote.target_start : quote.target_end]
    parts = [targets[ids[0]][quote.target_start :]] + [targets[i] for i in ids[1:-1]] + [targets[ids[-1]][: quote.target_end]]
    return " ".join(parts)


SIMPLE = ["Le ministre a déclaré : « Nous ne partirons pas demain. » Puis il est sorti."]
NESTED = ["Elle a lu le rapport : « Les ingénieurs écrivent que “le pont est fissuré” depuis longtemps. »"]
RUNNING = [
    "Il a lu la lettre : « Nous ne contestons pas les travaux.",
    "« Dix-huit mois sans clients, c’est trop long pour nous.",
    "« Nous proposons un chantier en deux phases. »",
    "La mairie répondra lundi.",
]


def test_marks_recovered_with_english_typography(nlp):
    article = _run(_article(nlp, SIMPLE, [("Nous ne partirons pas demain.", "direct", None)]), OpusMtBehaviourStub("none"))
    [quote] = article.quotes
    assert PATH_RECOVERED in quote.flags
    assert quote.translation == "Nous ne partirons pas demain."
    assert _slice(article, quote) == quote.translation
    assert "“Nous ne partirons pas demain.”" in article.sentences[0].translation


def test_nested_quotes_alternate_double_and_single(nlp):
    article = _run(
        _article(nlp, NESTED, [("Les ingénieurs écrivent que “le pont est fissuré” depuis longtemps.", "direct", None),
                               ("le pont est fissuré", "partial", 0)]),
        OpusMtBehaviourStub("keep_guillemets"),
    )
    english = " ".join(s.translation for s in article.sentences)
    assert "«" not in english and "»" not in english
    assert "“Les ingénieurs écrivent que ‘le pont est fissuré’ depuis longtemps.”" in english
    outer, inner = article.quotes
    assert _slice(article, inner) == inner.translation == "le pont est fissuré"
    assert _slice(article, outer) == outer.translation


def test_running_quote_reopens_each_paragraph_and_closes_once(nlp):
    content_start = "Nous ne contestons pas les travaux."
    source = _article(nlp, RUNNING, [])
    start = source.text.index(content_start)
    end = source.text.index("deux phases.") + len("deux phases.")
    quote = QuoteSpan(id="q1", type="direct", text="…", start=start, end=end, paragraphs=(0, 1, 2),
                      sentences=tuple(s.id for s in source.sentences if s.start < end and s.end > start), speaker="sp1")
    article = _run(replace(source, quotes=(quote,)), OpusMtBehaviourStub("none"))
    english = [s.translation for s in article.sentences]
    assert english[0].endswith("“Nous ne contestons pas les travaux.")
    assert english[1].startswith("“Dix-huit") and "”" not in english[1]
    assert english[2].startswith("“Nous proposons") and english[2].endswith("”")
    [carried] = article.quotes
    assert carried.target_sentences == tuple(target_id(s.id) for s in article.sentences[:3])
    assert _slice(article, carried) == carried.translation
    assert carried.paragraphs == (0, 1, 2)


def test_lost_marks_fall_back_to_translation_in_pieces(nlp):
    stub = OpusMtBehaviourStub("drop_all_marks")
    article = _run(_article(nlp, SIMPLE, [("Nous ne partirons pas demain.", "direct", None)]), stub)
    [quote] = article.quotes
    assert PATH_SPLIT in quote.flags
    assert "quote_marks_repaired" in article.sentences[0].flags
    assert _slice(article, quote) == quote.translation == "Nous ne partirons pas demain."
    assert len(stub.calls) == 2  # the sentence, then its pieces


def test_entities_are_normalised_and_repetition_flagged(nlp):
    article = _run(_article(nlp, SIMPLE, [("Nous ne partirons pas demain.", "direct", None)]), OpusMtBehaviourStub("html_entities"))
    assert "&quot;" not in article.sentences[0].translation
    assert PATH_RECOVERED in article.quotes[0].flags
    repeated = _run(_article(nlp, SIMPLE, [("Nous ne partirons pas demain.", "direct", None)]), OpusMtBehaviourStub("repeat_phrase"))
    assert FLAG_REPETITION in repeated.sentences[0].flags


@pytest.mark.parametrize("perturbation", PERTURBATIONS)
@pytest.mark.parametrize("paragraphs,quotes", [
    (SIMPLE, [("Nous ne partirons pas demain.", "direct", None)]),
    (NESTED, [("Les ingénieurs écrivent que “le pont est fissuré” depuis longtemps.", "direct", None), ("le pont est fissuré", "partial", 0)]),
    (["Selon le maire, la ville « n’a plus le choix » et les travaux « commenceront en septembre »."],
     [("n’a plus le choix", "partial", None), ("commenceront en septembre", "partial", None)]),
])
def test_every_quote_slices_back(nlp, perturbation, paragraphs, quotes):
    article = _run(_article(nlp, paragraphs, quotes), OpusMtBehaviourStub(perturbation))
    for quote in article.quotes:
        assert FLAG_LOST not in quote.flags, quote.flags
        assert quote.translation is not None
        assert _slice(article, quote) == quote.translation
    for s in article.sentences:
        assert "«" not in s.translation and "»" not in s.translation
        assert "&quot;" not in s.translation


def test_english_marks_skip_apostrophes():
    text = "He said “it’s over” and 'fine' and the soldiers' letter"
    assert [text[i] for i in english_marks(text)] == ["“", "”"]
    # Single marks count only when the French had that many marks and doubles fall short.
    # soldiers' is an apostrophe but looks like a closing mark: with it the count is 5,
    # not the 4 expected, so only the double marks are taken.
    assert [text[i] for i in english_marks(text, expected=4)] == ["“", "”"]
    inner = "He wrote that 'the bridge is cracked' again"
    assert [inner[i] for i in english_marks(inner, expected=2)] == ["'", "'"]
    assert english_marks("l'\"incertitude\" grows", expected=2) == [2, 14]


def test_assembled_sentence_has_no_space_inside_marks(nlp):
    paragraphs = ["« Les commerçants ont peur, a-t-elle ajouté.", "« Mais un pont fermé vaut mieux qu’un pont dangereux. »"]
    source = _article(nlp, paragraphs, [])
    start = source.text.index("Les commerçants")
    end = source.text.index("dangereux.") + len("dangereux.")
    quote = QuoteSpan(id="q1", type="direct", text="…", start=start, end=end, paragraphs=(0, 1),
                      sentences=tuple(s.id for s in source.sentences), speaker="sp1")
    article = _run(replace(source, quotes=(quote,)), OpusMtBehaviourStub("drop_all_marks"))
    assert [s.translation[:2] for s in article.sentences] == ["“L", "“M"]
    assert article.sentences[-1].translation.endswith("dangereux.”")
    assert _slice(article, article.quotes[0]) == article.quotes[0].translation


class _FixedEnglish:
    """FAKE translator: fixed English for known French inputs (a stand-in for the model,
    whose real outputs cannot be had here), to test where the English highlight goes."""

    name, revision = "fake:fixed-english", None

    def __init__(self, english: dict[str, str]):
        from toolkit.translate.translator import TranslationOptions

        self.english, self.options = english, TranslationOptions(beam=1)

    def count_tokens(self, text):
        return len(text.split()) + 1

    def translate_batch(self, texts, progress=None):
        from toolkit.translate.translator import TranslationOutput

        return [TranslationOutput(text=self.english[t]) for t in texts]


@pytest.mark.parametrize("french, content, english, expected", [
    ("Le ministre a déclaré que la réforme serait reportée.", "la réforme serait reportée",
     "The minister said that the reform would be postponed.", "the reform would be postponed"),
    ("Le ministre a déclaré que la réforme serait reportée.", "la réforme serait reportée",
     "The minister said the reform would be postponed.", "the reform would be postponed"),
    ("Selon la police, trois personnes ont été blessées.", "trois personnes ont été blessées",
     "According to the police, three people were injured.", "three people were injured"),
    ("Trois personnes ont été blessées, selon la police.", "Trois personnes ont été blessées",
     "Three people were injured, according to the police.", "Three people were injured"),
])
def test_reported_speech_is_highlighted_on_its_clause_not_the_whole_sentence(nlp, french, content, english, expected):
    article = _article(nlp, [french], [(content, "indirect", None)])
    carried = _run(article, _FixedEnglish({french: english}))
    [quote] = carried.quotes
    assert _slice(carried, quote) == quote.translation == expected
    assert "span_reported_clause" in quote.flags and "span_sentence_level" not in quote.flags


def test_reported_speech_without_visible_edges_keeps_the_sentence_and_says_so(nlp):
    french = "Le ministre a déclaré que la réforme serait reportée."
    article = _article(nlp, [french], [("la réforme serait reportée", "indirect", None)])
    carried = _run(article, _FixedEnglish({french: "Postponement of the reform is announced."}))
    [quote] = carried.quotes
    assert quote.translation == "Postponement of the reform is announced."
    assert "span_sentence_level" in quote.flags
