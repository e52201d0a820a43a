"""XLIFF 2.1 export: well-formed, text preserved, quotes annotated with their speaker."""

import xml.etree.ElementTree as ET

import pytest

from conftest import REPO
from toolkit.config import load_config
from toolkit.mt_stub import OpusMtBehaviourStub
from toolkit.pipeline import run_translate
from toolkit.xliff import XLIFF_NS, _Annotation, inline_markup

NS = {"x": XLIFF_NS}


@pytest.fixture(scope="module")
def translated_sample(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("xliff")
    summary = run_translate([REPO / "corpus"], out, load_config(), OpusMtBehaviourStub("curly_quotes"), nlp=nlp)
    [result] = summary.results
    return result.article, out / f"{result.article_id}.xlf"


def _text(element) -> str:
    return "".join(element.itertext())


def test_xliff_is_well_formed_and_keeps_every_sentence(translated_sample):
    article, path = translated_sample
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{XLIFF_NS}}}xliff" and root.get("version") == "2.1"
    assert root.get("srcLang") == "fr" and root.get("trgLang") == "en"
    units = root.findall(".//x:unit", NS)
    assert len(units) == len(article.paragraphs)
    segments = root.findall(".//x:segment", NS)
    assert [s.get("id") for s in segments] == [s.id for s in article.sentences]
    for segment, sentence in zip(segments, article.sentences):
        assert _text(segment.find("x:source", NS)) == sentence.text
        assert _text(segment.find("x:target", NS)) == sentence.translation


def test_quotes_are_annotations_carrying_the_speaker(translated_sample):
    article, path = translated_sample
    root = ET.parse(path).getroot()
    speakers = {sp.id: sp.name for sp in article.speakers}
    for unit in root.findall(".//x:unit", NS):
        source_ids = {m.get("id") for m in unit.iterfind(".//x:source//x:mrk", NS)} | {
            m.get("id") for m in unit.iterfind(".//x:source//x:sm", NS)}
        # Every <sm> has its <em> in the same unit, on each side.
        for side in ("source", "target"):
            starts = [m.get("id") for m in unit.iterfind(f".//x:{side}//x:sm", NS)]
            ends = [m.get("startRef") for m in unit.iterfind(f".//x:{side}//x:em", NS)]
            assert sorted(starts) == sorted(ends)
        target_ids = {m.get("id") for m in unit.iterfind(".//x:target//x:mrk", NS)} | {
            m.get("id") for m in unit.iterfind(".//x:target//x:sm", NS)}
        assert target_ids <= source_ids
    annotated = {m.get("id"): m.get("value") for m in root.iterfind(".//x:mrk", NS)} | {
        m.get("id"): m.get("value") for m in root.iterfind(".//x:sm", NS)}
    for quote in article.quotes:
        assert quote.id in annotated
        value = annotated[quote.id]
        assert value.startswith(f"{quote.type} quote {quote.id}")
        if quote.speaker:
            assert f"speaker: {speakers[quote.speaker]}" in value


def test_inline_markup_escapes_and_nests():
    markup = inline_markup("a < « b “c” d » & e", [_Annotation(5, 14, "q1", "x"), _Annotation(9, 10, "q2", "y")])
    root = ET.fromstring(f'<source xmlns="{XLIFF_NS}">{markup}</source>')
    assert _text(root) == "a < « b “c” d » & e"
    outer = root.find("x:mrk", NS)
    assert outer.get("id") == "q1" and outer.find("x:mrk", NS).get("id") == "q2"


def test_xliff_segments_follow_n_to_m_beads():

    from toolkit.document import AlignmentBead, Article, Paragraph, Sentence, SourceInfo, TargetSentence
    from toolkit.xliff import article_xliff

    text = "Il pleut. Il vente fort. Rien."
    sentences = (Sentence("s1", 0, 0, 9, "Il pleut."), Sentence("s2", 0, 10, 24, "Il vente fort."), Sentence("s3", 0, 25, 30, "Rien."))
    article = Article(
        id="n2m", source=SourceInfo("x.txt", "0" * 64, "utf-8"), raw_text=text, text=text,
        paragraphs=(Paragraph(0, 0, len(text), 0, 1, sentence_ids=("s1", "s2", "s3")),), sentences=sentences,
        target_sentences=(TargetSentence("t1", 0, "It is raining and very windy."),),
        alignment=(AlignmentBead(("s1", "s2"), ("t1",), 0.9), AlignmentBead(("s3",), (), 0.5)),
    )
    root = ET.fromstring(article_xliff(article))
    segments = root.findall(".//x:segment", NS)
    assert [_text(s.find("x:source", NS)) for s in segments] == ["Il pleut. Il vente fort.", "Rien."]
    assert _text(segments[0].find("x:target", NS)) == "It is raining and very windy."
    assert segments[1].find("x:target", NS) is None and segments[1].get("state") == "initial"


def test_corpus_tmx_has_one_unit_per_sentence_pair(translated_sample):
    article, xliff_path = translated_sample
    root = ET.parse(xliff_path.parent / "corpus.tmx").getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    units = root.findall("./body/tu")
    assert len(units) == len(article.alignment)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for unit, sentence in zip(units, article.sentences):
        fr, en = unit.findall("tuv")
        assert fr.get(lang) == "fr" and en.get(lang) == "en"
        assert fr.find("seg").text == sentence.text and en.find("seg").text == sentence.translation
