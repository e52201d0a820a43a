import pytest

from conftest import seed_files
from toolkit.clean import clean_article
from toolkit.document import Article
from toolkit.testing.articles import paragraphs_article
from toolkit.ingest.text import read_article
from toolkit.segment.sentences import parse_paragraphs, repair_boundaries, segment_article


def _article(*paragraphs: str) -> Article:
    return paragraphs_article(paragraphs)


def _sentences(nlp, *paragraphs: str) -> list[str]:
    article = _article(*paragraphs)
    return [s.text for s in segment_article(article, parse_paragraphs(article, nlp)).sentences]


def test_closing_quote_stays_with_its_sentence(nlp):
    out = _sentences(nlp, "Il poursuit : « Ils sont comme nous. Ils tueront les deux camps. » Puis il se tait.")
    assert "Ils tueront les deux camps. »" in out
    assert all(s not in ("»", "”") for s in out)


@pytest.mark.parametrize(
    "text",
    [
        "M. Dupont est arrivé hier soir à Paris avec Mme Durand.",
        "Le taux est passé à 0,6 % en un an selon l'Insee.",
        "Selon V. Poutine, la guerre continue et rien ne change.",
        "La réunion aura lieu à 14 h. 30 dans la salle du conseil.",
    ],
)
def test_abbreviations_numbers_and_initials_do_not_split(nlp, text):
    assert _sentences(nlp, text) == [text]


def test_repair_moves_leading_closing_marks_back():
    text = "Il a dit « non. » Puis il est parti."
    # A parser that put the » at the start of the next sentence:
    assert repair_boundaries(text, [0, text.index("»")]) == [0, text.index("Puis")]


def test_repair_merges_wordless_and_lowercase_fragments():
    text = "Premier point. — suite de la phrase."
    assert repair_boundaries(text, [0, text.index("—")]) == [0]


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name[:3])
def test_seed_sentences_slice_back_and_cover_paragraphs(nlp, path):
    article = clean_article(read_article(path))
    article = segment_article(article, parse_paragraphs(article, nlp))
    assert article.sentences
    for s in article.sentences:
        assert article.text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        assert any(c.isalnum() for c in s.text)
    for p in article.paragraphs:
        own = [s for s in article.sentences if s.id in p.sentence_ids]
        # The sentences of a paragraph cover all its non-space characters.
        covered = "".join(s.text for s in own).replace(" ", "")
        assert covered == article.text[p.start : p.end].replace(" ", "").replace("\n", "")
    ids = [s.id for s in article.sentences]
    assert ids == [f"s{i}" for i in range(1, len(ids) + 1)]


def test_very_long_paragraph_is_parsed_in_chunks(nlp, monkeypatch):
    import toolkit.segment.sentences as segment

    monkeypatch.setattr(segment, "MAX_PARSE_CHARS", 200)
    text = " ".join(f"Phrase numéro {i} du texte." for i in range(40))
    article = _article(text)
    sentences = segment_article(article, parse_paragraphs(article, nlp)).sentences
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")
