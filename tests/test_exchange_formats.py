"""XLIFF 2.1 export: well-formed, text preserved, quotes annotated with their speaker."""

import xml.etree.ElementTree as ET

import pytest

from conftest import REPO
from toolkit.config import load_config
from toolkit.testing.mt_stub import OpusMtBehaviourStub
from toolkit.batch.job import run_translate
from toolkit.formats.xliff import XLIFF_NS, _Annotation, inline_markup

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
    from toolkit.formats.xliff import article_xliff

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


# --- XLIFF 1.2 ----------------------------------------------------------------------------

NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}

# The part of XLIFF 1.2 (OASIS, xliff-core-1.2-strict) this toolkit writes, with the same
# requirements as the official schema: required attributes (version; original,
# source-language, datatype; trans-unit id; mrk mtype), the order source, target, note,
# custom values only as "x-…", unique trans-unit and group ids per file.
XLIFF_12_SUBSET_XSD = r"""<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xlf="urn:oasis:names:tc:xliff:document:1.2"
            targetNamespace="urn:oasis:names:tc:xliff:document:1.2" elementFormDefault="qualified">
  <xsd:simpleType name="Custom"><xsd:restriction base="xsd:string"><xsd:pattern value="x-[^\s]+"/></xsd:restriction></xsd:simpleType>
  <xsd:simpleType name="Datatype"><xsd:union memberTypes="xlf:Custom"><xsd:simpleType><xsd:restriction base="xsd:string">
    <xsd:enumeration value="plaintext"/><xsd:enumeration value="html"/><xsd:enumeration value="xml"/></xsd:restriction></xsd:simpleType></xsd:union></xsd:simpleType>
  <xsd:simpleType name="State"><xsd:union memberTypes="xlf:Custom"><xsd:simpleType><xsd:restriction base="xsd:string">
    <xsd:enumeration value="new"/><xsd:enumeration value="needs-translation"/><xsd:enumeration value="translated"/>
    <xsd:enumeration value="needs-review-translation"/><xsd:enumeration value="final"/><xsd:enumeration value="signed-off"/>
  </xsd:restriction></xsd:simpleType></xsd:union></xsd:simpleType>
  <xsd:simpleType name="Mtype"><xsd:union memberTypes="xlf:Custom"><xsd:simpleType><xsd:restriction base="xsd:string">
    <xsd:enumeration value="term"/><xsd:enumeration value="phrase"/><xsd:enumeration value="protected"/><xsd:enumeration value="seg"/>
  </xsd:restriction></xsd:simpleType></xsd:union></xsd:simpleType>
  <xsd:simpleType name="YesNo"><xsd:restriction base="xsd:NMTOKEN"><xsd:enumeration value="yes"/><xsd:enumeration value="no"/></xsd:restriction></xsd:simpleType>
  <xsd:element name="xliff"><xsd:complexType>
    <xsd:sequence><xsd:element ref="xlf:file" maxOccurs="unbounded"/></xsd:sequence>
    <xsd:attribute name="version" use="required"><xsd:simpleType><xsd:restriction base="xsd:string"><xsd:enumeration value="1.2"/></xsd:restriction></xsd:simpleType></xsd:attribute>
  </xsd:complexType></xsd:element>
  <xsd:element name="file">
    <xsd:complexType>
      <xsd:sequence><xsd:element ref="xlf:body"/></xsd:sequence>
      <xsd:attribute name="original" type="xsd:string" use="required"/>
      <xsd:attribute name="source-language" type="xsd:language" use="required"/>
      <xsd:attribute name="target-language" type="xsd:language"/>
      <xsd:attribute name="datatype" type="xlf:Datatype" use="required"/>
    </xsd:complexType>
    <xsd:unique name="GroupIds"><xsd:selector xpath=".//xlf:group"/><xsd:field xpath="@id"/></xsd:unique>
    <xsd:key name="UnitIds"><xsd:selector xpath=".//xlf:trans-unit"/><xsd:field xpath="@id"/></xsd:key>
  </xsd:element>
  <xsd:element name="body"><xsd:complexType><xsd:choice minOccurs="0" maxOccurs="unbounded">
    <xsd:element ref="xlf:group"/><xsd:element ref="xlf:trans-unit"/></xsd:choice></xsd:complexType></xsd:element>
  <xsd:element name="group"><xsd:complexType>
    <xsd:choice maxOccurs="unbounded"><xsd:element ref="xlf:group"/><xsd:element ref="xlf:trans-unit"/></xsd:choice>
    <xsd:attribute name="id" type="xsd:string"/>
    <xsd:attribute name="restype" type="xlf:Custom"/>
  </xsd:complexType></xsd:element>
  <xsd:element name="trans-unit"><xsd:complexType>
    <xsd:sequence>
      <xsd:element ref="xlf:source"/><xsd:element ref="xlf:target" minOccurs="0"/>
      <xsd:element name="note" minOccurs="0" maxOccurs="unbounded"><xsd:complexType><xsd:simpleContent>
        <xsd:extension base="xsd:string"><xsd:attribute name="from" type="xsd:string"/>
        <xsd:attribute name="priority" type="xsd:positiveInteger"/></xsd:extension></xsd:simpleContent></xsd:complexType></xsd:element>
    </xsd:sequence>
    <xsd:attribute name="id" type="xsd:string" use="required"/>
    <xsd:attribute name="approved" type="xlf:YesNo"/>
  </xsd:complexType></xsd:element>
  <xsd:element name="source"><xsd:complexType mixed="true"><xsd:sequence>
    <xsd:element ref="xlf:mrk" minOccurs="0" maxOccurs="unbounded"/></xsd:sequence></xsd:complexType></xsd:element>
  <xsd:element name="target"><xsd:complexType mixed="true"><xsd:sequence>
    <xsd:element ref="xlf:mrk" minOccurs="0" maxOccurs="unbounded"/></xsd:sequence>
    <xsd:attribute name="state" type="xlf:State"/></xsd:complexType></xsd:element>
  <xsd:element name="mrk"><xsd:complexType mixed="true"><xsd:sequence>
    <xsd:element ref="xlf:mrk" minOccurs="0" maxOccurs="unbounded"/></xsd:sequence>
    <xsd:attribute name="mtype" type="xlf:Mtype" use="required"/>
    <xsd:attribute name="mid" type="xsd:NMTOKEN"/>
    <xsd:attribute name="comment" type="xsd:string"/>
  </xsd:complexType></xsd:element>
</xsd:schema>
"""


def _xliff_12_schema():
    from lxml import etree

    return etree.XMLSchema(etree.fromstring(XLIFF_12_SUBSET_XSD.encode("utf-8")))


def test_xliff_12_is_valid_keeps_every_sentence_and_carries_quotes_as_mrk(translated_sample):
    from lxml import etree

    from toolkit.formats.xliff import article_xliff

    article, _ = translated_sample
    document = etree.fromstring(article_xliff(article, version="1.2").encode("utf-8"))
    schema = _xliff_12_schema()
    assert schema.validate(document), schema.error_log
    units = document.findall(".//x:trans-unit", NS12)
    assert [u.get("id") for u in units] == [s.id for s in article.sentences]
    assert len(document.findall(".//x:group", NS12)) == len(article.paragraphs)
    for unit, sentence in zip(units, article.sentences):
        assert "".join(unit.find("x:source", NS12).itertext()) == sentence.text
        assert "".join(unit.find("x:target", NS12).itertext()) == sentence.translation
    # Each quote: a <mrk mtype="x-quote"> whose comment carries what the 2.1 annotation carries.
    speakers = {sp.id: sp.name for sp in article.speakers}
    comments = {m.get("mid"): m.get("comment") for m in document.iterfind(".//x:source//x:mrk", NS12)}
    assert {m.get("mtype") for m in document.iterfind(".//x:mrk", NS12)} == {"x-quote"}
    for quote in article.quotes:
        assert comments[quote.id].startswith(f"{quote.type} quote {quote.id}")
        if quote.speaker:
            assert f"speaker: {speakers[quote.speaker]}" in comments[quote.id]
    # The English markers of a quote hold its translation (pieces in several units joined by a space).
    checked = 0
    for quote in article.quotes:
        if quote.translation is None or quote.target_start is None or len(quote.paragraphs) > 1:
            continue
        per_unit = ["".join("".join(m.itertext()) for m in unit.iterfind(".//x:target//x:mrk", NS12) if m.get("mid") == quote.id)
                    for unit in units]
        assert " ".join(p for p in per_unit if p) == quote.translation, quote.id
        checked += 1
    assert checked >= len(article.quotes) // 2


def test_reviewer_check_findings_are_notes_in_both_versions(translated_sample):
    from lxml import etree

    from toolkit.document import AlignmentBead, Finding, TargetSentence
    from toolkit.formats.xliff import article_xliff
    from toolkit.testing.articles import one_paragraph_article
    from dataclasses import replace

    article = one_paragraph_article(["Le taux a atteint 75 % en juin.", "Il pleut."])
    finding = Finding("number_mismatch", 18, 22, 17, 20, "75 %", "57%", "75 % in French, 57% in English")
    english = ("The rate reached 57% in June.", "It is raining.")
    article = replace(
        article,
        sentences=(replace(article.sentences[0], translation=english[0], checks=(finding,)),
                   replace(article.sentences[1], translation=english[1])),
        target_sentences=tuple(TargetSentence(f"t{i}", 0, e) for i, e in enumerate(english, 1)),
        alignment=(AlignmentBead(("s1",), ("t1",)), AlignmentBead(("s2",), ("t2",))),
    )
    root = ET.fromstring(article_xliff(article))
    [unit] = root.findall(".//x:unit", NS)
    assert [child.tag.split("}")[1] for child in unit] == ["notes", "segment", "segment"]  # notes first, as 2.1 orders them
    [note] = unit.findall("x:notes/x:note", NS)
    assert note.get("category") == "toolkit-check" and note.text == "s1: number_mismatch: 75 % in French, 57% in English"
    document = etree.fromstring(article_xliff(article, version="1.2").encode("utf-8"))
    assert _xliff_12_schema().validate(document), _xliff_12_schema().error_log
    first, second = document.findall(".//x:trans-unit", NS12)
    [note] = first.findall("x:note", NS12)
    assert note.get("from") == "toolkit-check" and note.text == "number_mismatch: 75 % in French, 57% in English"
    assert second.findall("x:note", NS12) == []
    # Through the pipeline: every finding of the sample (its FAKE translation echoes the
    # French, so the check sees French left in) is a note in each version.
    sample, path = translated_sample
    findings = [(s.id, f) for s in sample.sentences for f in s.checks]
    assert findings
    notes = [n.text for n in ET.parse(path).getroot().iterfind(".//x:note", NS)]
    assert notes == [f"{sid}: {f.kind}: {f.message}" for sid, f in findings]
    document = etree.fromstring(article_xliff(sample, version="1.2").encode("utf-8"))
    assert len(document.findall(".//x:note", NS12)) == len(findings)


def test_the_xliff_12_schema_check_rejects_what_1_2_forbids():
    from lxml import etree

    schema = _xliff_12_schema()
    good = ('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="a" source-language="fr" '
            'datatype="plaintext"><body><trans-unit id="s1"><source>A <mrk mtype="x-quote" mid="q1">b</mrk></source>'
            '</trans-unit></body></file></xliff>')
    assert schema.validate(etree.fromstring(good))
    for bad in (good.replace(' mtype="x-quote"', ""), good.replace('mtype="x-quote"', 'mtype="quote"'),
                good.replace(' datatype="plaintext"', ""), good.replace('version="1.2"', 'version="2.1"'),
                good.replace("</trans-unit>", '</trans-unit><trans-unit id="s1"><source>x</source></trans-unit>')):
        assert not schema.validate(etree.fromstring(bad)), bad


def test_translate_toolkit_opens_the_xliff_12_output(translated_sample, tmp_path):
    from translate.storage import factory

    from toolkit.formats.xliff import article_xliff

    article, _ = translated_sample
    path = tmp_path / "article.xlf"
    path.write_text(article_xliff(article, version="1.2"), encoding="utf-8")
    store = factory.getobject(str(path))
    units = [u for u in store.units if not u.isheader()]
    assert [u.getid().split("\x04")[-1] for u in units] == [s.id for s in article.sentences]
    assert [u.source for u in units] == [s.text for s in article.sentences]
    assert [u.target for u in units] == [s.translation for s in article.sentences]


def test_xliff_12_markers_nest_and_split_where_quotes_cross():
    from lxml import etree

    from toolkit.formats.xliff import inline_markup_12

    text = "a < « b “c” d » & e"
    markup = inline_markup_12(text, [_Annotation(5, 14, "q1", "x"), _Annotation(9, 10, "q2", "y"), _Annotation(12, 17, "q3", "z", closes_here=False)])
    root = etree.fromstring(f'<source xmlns="urn:oasis:names:tc:xliff:document:1.2">{markup}</source>')
    assert "".join(root.itertext()) == text
    outer = root.find("x:mrk", NS12)
    assert outer.get("mid") == "q1" and [m.get("mid") for m in outer.iter("{*}mrk")] == ["q1", "q2", "q3"]
    # q3 crossed the end of q1: cut there, the rest in a second marker with the same mid.
    pieces = [m for m in root.iter("{*}mrk") if m.get("mid") == "q3"]
    assert ["".join(m.itertext()) for m in pieces] == [text[12:14], text[14:17]]
    assert all(m.get("comment") == "z; continues in the next segment" for m in pieces)


def test_xliff_version_comes_from_the_config_and_bad_values_are_config_errors(tmp_path):
    from toolkit.errors import ConfigError

    default = (REPO / "configs" / "default.toml").read_text(encoding="utf-8")
    assert load_config().xliff == "2.1"
    one_two = tmp_path / "one_two.toml"
    one_two.write_text(default.replace('xliff = "2.1"', 'xliff = "1.2"'), encoding="utf-8")
    assert load_config(one_two).xliff == "1.2"
    bad = tmp_path / "bad.toml"
    bad.write_text(default.replace('xliff = "2.1"', "xliff = 1.2"), encoding="utf-8")
    with pytest.raises(ConfigError, match="xliff must be one of"):
        load_config(bad)


def _long_article(n_sentences: int):
    """n sentences in paragraphs of three, each with a direct quote (every tenth with a
    nested partial one), translated 1:1 with the English spans set."""
    from toolkit.document import (AlignmentBead, Article, ModelInfo, Paragraph, QuoteSpan, Sentence, SourceInfo, Speaker,
                                  TargetSentence)

    paragraphs, sentences, targets, beads, quotes, pos = [], [], [], [], [], 0
    for first in range(0, n_sentences, 3):
        ids, paragraph_start, p = [], pos, len(paragraphs)
        for k in range(first, min(n_sentences, first + 3)):
            fr, en = f"Le ministre {k} a déclaré : « Nous ferons {k} réformes ».", f"Minister {k} said: “We will make {k} reforms”."
            sid, tid = f"s{k + 1}", f"t{k + 1}"
            sentences.append(Sentence(sid, p, pos, pos + len(fr), fr, translation=en))
            targets.append(TargetSentence(tid, p, en))
            beads.append(AlignmentBead((sid,), (tid,)))
            start, end, en_start, en_end = fr.index("«") + 2, fr.index(" »"), en.index("“") + 1, en.index("”")
            quotes.append(QuoteSpan(f"q{k + 1}", "direct", fr[start:end], pos + start, pos + end, (p,), (sid,), speaker=f"sp{k % 12 + 1}",
                                    translation=en[en_start:en_end], target_sentences=(tid,), target_start=en_start, target_end=en_end))
            if k % 10 == 0:
                inner, en_inner = fr.index(f"{k} réformes"), en.index(f"{k} reforms")
                quotes.append(QuoteSpan(f"q{k + 1}n", "partial", f"{k} réformes", pos + inner, pos + inner + len(f"{k} réformes"), (p,), (sid,),
                                        parent=f"q{k + 1}", translation=f"{k} reforms", target_sentences=(tid,),
                                        target_start=en_inner, target_end=en_inner + len(f"{k} reforms")))
            ids.append(sid)
            pos += len(fr) + 1
        paragraphs.append(Paragraph(p, paragraph_start, pos - 1, paragraph_start, p + 1, sentence_ids=tuple(ids)))
        pos += 1
    text = "\n\n".join(" ".join(s.text for s in sentences if s.paragraph == p.index) for p in paragraphs)
    assert all(text[q.start:q.end] == q.text for q in quotes)
    return Article(id="long", source=SourceInfo("long.txt", "0" * 64, "utf-8"), raw_text=text, text=text, paragraphs=tuple(paragraphs),
                   sentences=tuple(sentences), target_sentences=tuple(targets), alignment=tuple(beads), quotes=tuple(quotes),
                   speakers=tuple(Speaker(f"sp{i}", f"Nom {i}") for i in range(1, 13)), model=ModelInfo("m", None, 1))


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_xliff_writer_time_grows_linearly_with_the_article(version):
    """3,000 sentences took ~119 s when every paragraph scanned every quote and segment.
    Four times the sentences must cost about four times the time (quadratic: sixteen)."""
    import gc
    import time

    from toolkit.formats.xliff import article_xliff

    def seconds(article) -> float:
        best = float("inf")
        for _ in range(3):
            gc.collect()
            started = time.perf_counter()
            article_xliff(article, version=version)
            best = min(best, time.perf_counter() - started)
        return best

    small, large = _long_article(750), _long_article(3000)
    ratio = seconds(large) / seconds(small)
    assert ratio < 8, f"3,000 sentences took {ratio:.1f}× the time of 750"


def test_translate_and_analyze_write_the_configured_xliff_version(tmp_path, nlp, capsys):
    from dataclasses import replace

    from toolkit.cli.main import main
    from toolkit.batch.job import run_analyze

    config = replace(load_config(), xliff="1.2")
    run_translate([REPO / "corpus"], tmp_path / "translated", config, OpusMtBehaviourStub("curly_quotes"), nlp=nlp)
    run_analyze([REPO / "corpus"], tmp_path / "analyzed", config, nlp=nlp)
    for folder in ("translated", "analyzed"):
        root = ET.parse(tmp_path / folder / "exemple_conseil_municipal.xlf").getroot()
        assert root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff", folder
    with pytest.raises(SystemExit):
        main(["analyze", str(REPO / "corpus"), "--out", str(tmp_path / "bad"), "--xliff", "3.0"])
    assert "invalid choice" in capsys.readouterr().err
