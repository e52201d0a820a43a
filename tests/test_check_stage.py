"""The check stage over whole articles: sentences, quotes and alignment beads get the
reviewer checks' findings (real spaCy fr_core_news_md, real checks)."""

from __future__ import annotations

from dataclasses import replace

from toolkit.testing.articles import one_paragraph_article

from toolkit.checks.stage import check_beads, check_translations
from toolkit.document import AlignmentBead, QuoteSpan, TargetSentence

FRENCH = [
    "Selon Kiev, l'armée russe aurait subi près d'un million de pertes.",
    "Les soldats n'abandonneront pas leurs positions, a déclaré Zelensky.",
    "Le taux a atteint 75 % en juin.",
    "The war is not over, says the minister.",
]
ENGLISH = [
    "According to Kyiv, the Russian army has suffered nearly a million losses.",
    "The soldiers will abandon their positions, said Zelensky.",  # negation dropped
    "The rate reached 57% in June.",  # figure altered
    "The war is not over, says the minister.",  # passed through: not French
]


def _quote(article, qid: str, qtype: str, fragment: str) -> QuoteSpan:
    start = article.text.index(fragment)
    return QuoteSpan(id=qid, type=qtype, text=fragment, start=start, end=start + len(fragment))


def _translated_article():
    article = one_paragraph_article(FRENCH)
    sentences = tuple(replace(s, translation=e) for s, e in zip(article.sentences, ENGLISH))
    sentences = sentences[:3] + (replace(sentences[3], flags=("not_source_language", "language:en")),)
    article = replace(article, sentences=sentences)
    quotes = (
        _quote(article, "q1", "direct", "Les soldats n'abandonneront pas leurs positions"),
        _quote(article, "q2", "term", "n'abandonneront pas leurs positions"),
        _quote(article, "q3", "indirect", "Le taux a atteint 75 % en juin"),
        _quote(article, "q4", "partial", "l'armée russe"),
    )
    return replace(article, quotes=quotes)


def test_model_translations_get_findings_and_flags(nlp):
    checked = check_translations(_translated_article(), nlp)
    s1, s2, s3, s4 = checked.sentences
    assert s1.checks == () and s1.flags == ()
    assert [f.kind for f in s2.checks] == ["negation_mismatch"] and s2.flags == ("negation_mismatch",)
    [number] = s3.checks
    assert number.kind == "number_mismatch" and number.message == "75 % in French, 57% in English"
    # Offsets are into the sentence's own text and translation.
    assert s3.text[number.source_start:number.source_end] == "75 %"
    assert s3.translation[number.target_start:number.target_end] == "57%"
    # Passed through untouched (not French): nothing to check.
    assert s4.checks == () and "untranslated" not in s4.flags


def test_flags_are_not_duplicated_when_checked_again(nlp):
    once = check_translations(_translated_article(), nlp)
    twice = check_translations(once, nlp)
    assert twice.sentences[2].flags == ("number_mismatch",)
    assert twice.quotes[0].flags == ("negation_mismatch",)


def test_quotes_get_the_findings_inside_their_span_terms_do_not(nlp):
    quotes = {q.id: q for q in check_translations(_translated_article(), nlp).quotes}
    assert [f.kind for f in quotes["q1"].checks] == ["negation_mismatch"] and "negation_mismatch" in quotes["q1"].flags
    assert quotes["q2"].checks == () and quotes["q2"].flags == ()  # a term is a word, not a claim
    assert [f.message for f in quotes["q3"].checks] == ["75 % in French, 57% in English"]
    assert quotes["q4"].checks == ()  # nothing wrong inside "l'armée russe"


def test_an_article_in_another_language_is_left_alone(nlp):
    article = replace(_translated_article(), language="de")
    assert check_translations(article, nlp) is article


def _aligned_article():
    """A human translation aligned 2:1 then 1:1: the bead's French is two sentences joined."""
    article = one_paragraph_article(FRENCH[1:3] + ["Des soldats auraient abattu leurs commandants."])
    targets = (
        TargetSentence("t1", 0, "The rate reached 57% in June and the soldiers will not abandon their positions, Zelensky said."),
        TargetSentence("t2", 0, "Soldiers shot their commanders."),  # the hedge lost
    )
    beads = (AlignmentBead(("s1", "s2"), ("t1",), 0.9), AlignmentBead(("s3",), ("t2",), 0.8), AlignmentBead((), ("t3",)))
    targets += (TargetSentence("t3", 0, "An extra English line."),)
    quotes = (
        _quote(article, "q1", "indirect", "Le taux a atteint 75 % en juin"),
        _quote(article, "q2", "direct", "Des soldats auraient abattu leurs commandants"),
        _quote(article, "q3", "direct", "Les soldats n'abandonneront pas leurs positions"),
    )
    return replace(article, target_sentences=targets, alignment=beads, quotes=quotes)


def test_beads_are_checked_joined_and_quotes_get_their_findings(nlp):
    article = _aligned_article()
    checked = check_beads(article, nlp)
    b1, b2, b3 = checked.alignment
    [number] = b1.checks
    joined = " ".join(s.text for s in article.sentences[:2])
    assert number.kind == "number_mismatch" and joined[number.source_start:number.source_end] == "75 %"
    assert [f.kind for f in b2.checks] == ["hedge_lost"]
    assert b3.checks == ()  # English with no French: nothing to check it against
    quotes = {q.id: q for q in checked.quotes}
    # The number sits in the bead's second French sentence: its joined offsets map back.
    assert [f.kind for f in quotes["q1"].checks] == ["number_mismatch"]
    assert [f.kind for f in quotes["q2"].checks] == ["hedge_lost"] and "hedge_lost" in quotes["q2"].flags
    assert quotes["q3"].checks == ()  # the English kept the negation
    assert checked.sentences == article.sentences  # a human translation's findings live on beads


def test_align_checks_the_human_translation_bead_by_bead(tmp_path, nlp):
    from toolkit.batch.align_job import align_files
    from toolkit.formats.schema import article_to_dict, validate_article_json

    fr = tmp_path / "fr.txt"
    en = tmp_path / "en.txt"
    fr.write_text("Le taux a atteint 75 % en juin.\n\nLes soldats n'abandonneront pas leurs positions.\n", encoding="utf-8")
    en.write_text("The rate reached 57% in June.\n\nThe soldiers will not abandon their positions.\n", encoding="utf-8")
    article = align_files(fr, en, nlp, sentences_per_line=True)
    assert [[f.message for f in b.checks] for b in article.alignment] == [["75 % in French, 57% in English"], []]
    data = article_to_dict(article)
    validate_article_json(data)
    assert data["alignment"][0]["checks"][0]["kind"] == "number_mismatch"
